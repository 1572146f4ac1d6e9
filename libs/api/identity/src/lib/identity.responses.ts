import { ApiProperty } from '@nestjs/swagger';
import {
  ROLES,
  type LoginResponse as LoginContract,
  type PageResponse,
  type Role,
  type SecurityPolicyResponse as SecurityPolicyContract,
  type TotpEnrollResponse as TotpEnrollContract,
  type UserResponse as UserContract,
} from '@ecabinet/shared/contracts';

/** OpenAPI shapes of the auth, user and security-policy routes; each `implements` its contract so a change there fails to compile here. */
export class UserResponse implements UserContract {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() username!: string;
  @ApiProperty() fullName!: string;
  @ApiProperty({ type: String, nullable: true }) title!: string | null;
  @ApiProperty({ type: String, format: 'email', nullable: true }) email!: string | null;
  @ApiProperty({ enum: ROLES, enumName: 'Role', isArray: true }) roles!: Role[];
  @ApiProperty() disabled!: boolean;
  @ApiProperty() totpEnabled!: boolean;
  @ApiProperty({ description: 'One of the roles must use a second factor' }) totpRequired!: boolean;
  @ApiProperty({ type: [String], format: 'uuid', description: 'Members a delegate assists' }) assists!: string[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class UserPageResponse implements PageResponse<UserContract> {
  @ApiProperty({ type: [UserResponse] }) items!: UserResponse[];
  @ApiProperty() total!: number;
  @ApiProperty() offset!: number;
  @ApiProperty() limit!: number;
}

export class LoginResponse implements LoginContract {
  @ApiProperty() accessToken!: string;
  @ApiProperty({ description: 'Seconds' }) expiresIn!: number;
  @ApiProperty({ type: UserResponse }) user!: UserResponse;
}

export class TotpEnrollResponse implements TotpEnrollContract {
  @ApiProperty() otpauthUrl!: string;
  @ApiProperty() secret!: string;
}

export class SecurityPolicyResponse implements SecurityPolicyContract {
  @ApiProperty({ enum: ROLES, enumName: 'Role', isArray: true }) totpRequiredRoles!: Role[];
}
