import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { createSecretKey } from 'node:crypto';
import type { AppConfig } from '@ecabinet/api/platform';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { DeviceWipeEntity } from './entities/device-wipe.entity';
import { LoginThrottleEntity } from './entities/login-throttle.entity';
import { RefreshTokenEntity } from './entities/refresh-token.entity';
import { SettingEntity } from './entities/setting.entity';
import { UserDelegateEntity } from './entities/user-delegate.entity';
import { UserEntity } from './entities/user.entity';
import { OrganisationEntity } from './entities/organisation.entity';
import { OrganisationsController } from './organisations.controller';
import { OrganisationsService } from './organisations.service';
import { DevicesService } from './devices.service';
import { LoginThrottleService } from './login-throttle.service';
import { SingleSignOnController } from './oidc/single-sign-on.controller';
import { SingleSignOnService } from './oidc/single-sign-on.service';
import { PasswordHasher } from './password-hasher';
import { SecurityPolicyService } from './security-policy.service';
import { TokenService } from './token.service';
import { TotpService } from './totp.service';
import { SecurityPolicyController, UsersController } from './users.controller';
import { UsersService } from './users.service';

export const IDENTITY_ENTITIES = [UserEntity, UserDelegateEntity, RefreshTokenEntity, LoginThrottleEntity, SettingEntity, OrganisationEntity, DeviceWipeEntity];

@Module({})
export class IdentityModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: IdentityModule,
      global: true,
      // A key object, not the string: jsonwebtoken would otherwise parse the string on every request.
      imports: [JwtModule.register({ secret: createSecretKey(Buffer.from(config.jwtSecret, 'utf8')) })],
      controllers: [AuthController, SingleSignOnController, UsersController, SecurityPolicyController, OrganisationsController],
      providers: [
        AuthService,
        UsersService,
        DevicesService,
        OrganisationsService,
        TokenService,
        TotpService,
        PasswordHasher,
        LoginThrottleService,
        SecurityPolicyService,
        SingleSignOnService,
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
      exports: [UsersService, OrganisationsService, TokenService, TotpService, AuthService],
    };
  }
}
