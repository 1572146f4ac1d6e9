import { ApiProperty } from '@nestjs/swagger';
import {
  DEVICE_WIPE_REASONS,
  ROLES,
  type DeviceResponse as DeviceContract,
  type DeviceWipeReason,
  type LoginResponse as LoginContract,
  type PageResponse,
  type Role,
  type SecurityPolicyResponse as SecurityPolicyContract,
  type TotpEnrollResponse as TotpEnrollContract,
  type UserResponse as UserContract,
  type OrganisationResponse as OrganisationContract,
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
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The organisation the user belongs to' }) organisationId!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class OrganisationResponse implements OrganisationContract {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'Bộ Tài chính' }) name!: string;
  @ApiProperty({ example: 'Tài chính' }) shortName!: string;
  @ApiProperty({ example: 'BTC', description: 'The symbol in document numbers, unique' }) symbol!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The member who leads it' }) headUserId!: string | null;
  @ApiProperty({ type: String, nullable: true }) headName!: string | null;
  @ApiProperty({ description: 'Inactive: kept, with what was assigned to it, but offered no more' }) active!: boolean;
  @ApiProperty({ description: 'Enabled users who belong to it' }) memberCount!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
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

export class DeviceResponse implements DeviceContract {
  @ApiProperty({ description: "The device's session (refresh-token family)" }) id!: string;
  @ApiProperty({ type: String, nullable: true }) userAgent!: string | null;
  @ApiProperty({ type: String, nullable: true }) ip!: string | null;
  @ApiProperty({ description: 'When the device signed in' }) signedInAt!: string;
  @ApiProperty({ description: 'Its last refresh' }) lastSeenAt!: string;
  @ApiProperty({ description: 'The device this request comes from' }) current!: boolean;
  @ApiProperty({ enum: ['active', 'wipe-pending', 'wiped'] }) state!: 'active' | 'wipe-pending' | 'wiped';
  @ApiProperty({ enum: DEVICE_WIPE_REASONS, nullable: true }) wipeReason!: DeviceWipeReason | null;
  @ApiProperty({ type: String, nullable: true }) wipeRequestedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'When the device came back and was told to delete what it keeps' }) wipedAt!: string | null;
}
