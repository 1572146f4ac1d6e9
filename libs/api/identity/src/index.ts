export * from './lib/identity.module';
export * from './lib/users.service';
export * from './lib/auth.service';
export * from './lib/token.service';
export * from './lib/totp.service';
export * from './lib/entities/user.entity';
export { REFRESH_COOKIE } from './lib/auth.controller';
export * from './lib/organisations.service';
export * from './lib/entities/organisation.entity';
