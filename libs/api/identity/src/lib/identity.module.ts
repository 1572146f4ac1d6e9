import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import type { AppConfig } from '@ecabinet/api/platform';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { LoginThrottleEntity } from './entities/login-throttle.entity';
import { RefreshTokenEntity } from './entities/refresh-token.entity';
import { SettingEntity } from './entities/setting.entity';
import { UserEntity } from './entities/user.entity';
import { LoginThrottleService } from './login-throttle.service';
import { PasswordHasher } from './password-hasher';
import { SecurityPolicyService } from './security-policy.service';
import { TokenService } from './token.service';
import { TotpService } from './totp.service';
import { SecurityPolicyController, UsersController } from './users.controller';
import { UsersService } from './users.service';

export const IDENTITY_ENTITIES = [UserEntity, RefreshTokenEntity, LoginThrottleEntity, SettingEntity];

@Module({})
export class IdentityModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: IdentityModule,
      global: true,
      imports: [JwtModule.register({ secret: config.jwtSecret })],
      controllers: [AuthController, UsersController, SecurityPolicyController],
      providers: [
        AuthService,
        UsersService,
        TokenService,
        TotpService,
        PasswordHasher,
        LoginThrottleService,
        SecurityPolicyService,
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
      exports: [UsersService, TokenService, TotpService, AuthService],
    };
  }
}
