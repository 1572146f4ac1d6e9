import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import {
  PASSWORD_MIN_LENGTH,
  ROLES,
  type ChangePasswordRequest,
  type CreateOrganisationRequest,
  type UpdateOrganisationRequest,
  type CreateUserRequest,
  type LoginRequest,
  type ResetPasswordRequest,
  type Role,
  type TotpConfirmRequest,
  type UpdateSecurityPolicyRequest,
  type UpdateUserRequest,
} from '@ecabinet/shared/contracts';
import { Omittable, OmittableOrNull, PageQueryDto } from '@ecabinet/api/platform';

const PASSWORD_MIN = PASSWORD_MIN_LENGTH;
const PASSWORD_MAX = 200;
const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const upperTrim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLocaleUpperCase('vi') : value);

/** Role lists: at least one, each a known role, no repeats. */
function RoleList(required = true): PropertyDecorator {
  return (target, key) => {
    ApiProperty({ enum: ROLES, isArray: true, required })(target, key);
    IsArray()(target, key);
    ArrayMinSize(1)(target, key);
    ArrayMaxSize(ROLES.length)(target, key);
    ArrayUnique()(target, key);
    IsIn(ROLES, { each: true })(target, key);
  };
}

/** Most members one delegate may assist: far above a government's, well below a payload problem. */
export const MAX_ASSISTED_MEMBERS = 200;

/** A delegate's members: user ids, no repeats. Left out: unchanged; `null` or a non-list: 400. */
function AssistedMembers(description: string): PropertyDecorator {
  return (target, key) => {
    ApiPropertyOptional({ type: [String], format: 'uuid', maxItems: MAX_ASSISTED_MEMBERS, description })(target, key);
    Omittable()(target, key);
    IsArray()(target, key);
    ArrayMaxSize(MAX_ASSISTED_MEMBERS)(target, key);
    ArrayUnique()(target, key);
    IsUUID('4', { each: true })(target, key);
  };
}

function Password(): PropertyDecorator {
  return (target, key) => {
    ApiProperty({ minLength: PASSWORD_MIN, maxLength: PASSWORD_MAX })(target, key);
    IsString()(target, key);
    MinLength(PASSWORD_MIN)(target, key);
    MaxLength(PASSWORD_MAX)(target, key);
  };
}

export class LoginDto implements LoginRequest {
  @ApiProperty({ example: 'member1' })
  @IsString()
  @MinLength(1)
  @MaxLength(150)
  username!: string;

  @ApiProperty({ example: 'ecabinet-demo' })
  @IsString()
  @MinLength(1)
  @MaxLength(PASSWORD_MAX)
  password!: string;

  @ApiPropertyOptional({ example: '123456' })
  @Omittable()
  @IsString()
  @Matches(/^\d{6}$/, { message: 'totpCode must be six digits' })
  totpCode?: string;
}

export class CreateUserDto implements CreateUserRequest {
  @ApiProperty({ example: 'member9', description: 'Lower-case letters, digits, dot, dash, underscore' })
  @Transform(trim)
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9._-]{1,63}$/, { message: 'username must be 2-64 lower-case letters, digits, ".", "-" or "_"' })
  username!: string;

  @ApiProperty({ example: 'Nguyễn Văn An' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  fullName!: string;

  @ApiPropertyOptional({ example: 'Bộ trưởng Bộ Tư pháp' })
  @Omittable()
  @IsString()
  @MaxLength(200)
  title?: string;

  @ApiPropertyOptional()
  @Omittable()
  @IsEmail()
  @MaxLength(254)
  email?: string;

  @Password()
  password!: string;

  @RoleList()
  roles!: Role[];

  @AssistedMembers('Only with the delegate role: ids of the members or chair this user assists.')
  assists?: string[];

  @ApiPropertyOptional({ format: 'uuid', description: 'An active organisation' })
  @Omittable()
  @IsUUID()
  organisationId?: string;
}

export class UpdateUserDto implements UpdateUserRequest {
  @ApiPropertyOptional()
  @Omittable()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  fullName?: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  @OmittableOrNull()
  @IsString()
  @MaxLength(200)
  title?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @OmittableOrNull()
  @IsEmail()
  @MaxLength(254)
  email?: string | null;

  @Omittable()
  @RoleList(false)
  roles?: Role[];

  @ApiPropertyOptional()
  @Omittable()
  @IsBoolean()
  disabled?: boolean;

  @AssistedMembers('Replaces the members or chair this delegate assists; [] clears them. Only with the delegate role.')
  assists?: string[];

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'An active organisation; null for none' })
  @OmittableOrNull()
  @IsUUID()
  organisationId?: string | null;
}

/** Organisation symbols: upper-case letters (Vietnamese ones too), digits and dashes, as in "BTC" or "UBND-HN". */
const SYMBOL = /^[\p{Lu}0-9][\p{Lu}0-9-]{0,19}$/u;

export class CreateOrganisationDto implements CreateOrganisationRequest {
  @ApiProperty({ example: 'Bộ Tài chính' })
  @Transform(trim)
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  name!: string;

  @ApiProperty({ example: 'Tài chính' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  shortName!: string;

  @ApiProperty({ example: 'BTC', description: 'Upper-case letters, digits and dashes (up to 20); unique' })
  @Transform(upperTrim)
  @IsString()
  @Matches(SYMBOL, { message: 'symbol must be 1-20 upper-case letters, digits or dashes, such as BTC' })
  symbol!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The member who leads it' })
  @Omittable()
  @IsUUID()
  headUserId?: string;
}

export class UpdateOrganisationDto implements UpdateOrganisationRequest {
  @ApiPropertyOptional()
  @Omittable()
  @Transform(trim)
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional()
  @Omittable()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  shortName?: string;

  @ApiPropertyOptional()
  @Omittable()
  @Transform(upperTrim)
  @IsString()
  @Matches(SYMBOL, { message: 'symbol must be 1-20 upper-case letters, digits or dashes, such as BTC' })
  symbol?: string;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @OmittableOrNull()
  @IsUUID()
  headUserId?: string | null;

  @ApiPropertyOptional()
  @Omittable()
  @IsBoolean()
  active?: boolean;
}

export class ResetPasswordDto implements ResetPasswordRequest {
  @Password()
  password!: string;
}

export class ChangePasswordDto implements ChangePasswordRequest {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(PASSWORD_MAX)
  currentPassword!: string;

  @Password()
  newPassword!: string;
}

export class TotpCodeDto implements TotpConfirmRequest {
  @ApiProperty({ example: '123456' })
  @IsString()
  @Matches(/^\d{6}$/, { message: 'code must be six digits' })
  code!: string;
}

export class SsoStartQuery {
  @ApiPropertyOptional({ description: 'Path of the web app to return to once signed in', example: '/meetings' })
  @Omittable()
  @IsString()
  @MaxLength(500)
  returnUrl?: string;
}

export class SecurityPolicyDto implements UpdateSecurityPolicyRequest {
  @ApiProperty({ enum: ROLES, isArray: true })
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(ROLES.length)
  @IsIn(ROLES, { each: true })
  totpRequiredRoles!: Role[];
}

export class UserSearchDto extends PageQueryDto {
  @ApiPropertyOptional()
  @Omittable()
  @IsString()
  @MaxLength(100)
  search?: string;

  @ApiPropertyOptional({ enum: ROLES, isArray: true, description: 'Only users holding one of these roles, e.g. `member,chair`' })
  @Omittable()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.split(',').map((role) => role.trim()) : value))
  @IsArray()
  @ArrayMaxSize(ROLES.length)
  @IsIn(ROLES, { each: true })
  roles?: Role[];
}
