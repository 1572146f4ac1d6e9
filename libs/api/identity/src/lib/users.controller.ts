import { Body, Controller, Get, HttpCode, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { DeviceResponse, PageResponse, SecurityPolicyResponse, UserResponse } from '@ecabinet/shared/contracts';
import { ApiErrorResponse, CurrentUser, Roles, UuidParam, type AuthenticatedUser } from '@ecabinet/api/platform';
import { CreateUserDto, ResetPasswordDto, SecurityPolicyDto, UpdateUserDto, UserSearchDto } from './dto/identity.dto';
import { DevicesService } from './devices.service';
import { SecurityPolicyService } from './security-policy.service';
import { DeviceResponse as DeviceSchema, SecurityPolicyResponse as SecurityPolicySchema, UserPageResponse, UserResponse as UserSchema } from './identity.responses';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@Roles('admin')
@Controller('users')
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly devices: DevicesService,
  ) {}

  @Get()
  @ApiOkResponse({ type: UserPageResponse })
  list(@Query() query: UserSearchDto): Promise<PageResponse<UserResponse>> {
    return this.users.list(query);
  }

  @Post()
  @ApiCreatedResponse({ type: UserSchema })
  @ApiConflictResponse({ description: 'USERNAME_TAKEN', type: ApiErrorResponse })
  async create(@Body() body: CreateUserDto): Promise<UserResponse> {
    return this.users.toResponse(await this.users.create(body));
  }

  @Get(':id')
  @ApiOkResponse({ type: UserSchema })
  async get(@UuidParam('id') id: string): Promise<UserResponse> {
    return this.users.toResponse(await this.users.get(id));
  }

  @Patch(':id')
  @ApiOkResponse({ type: UserSchema })
  async update(@UuidParam('id') id: string, @Body() body: UpdateUserDto, @CurrentUser() actor: AuthenticatedUser): Promise<UserResponse> {
    return this.users.toResponse(await this.users.update(id, body, actor.id));
  }

  @Post(':id/password')
  @HttpCode(204)
  @ApiNoContentResponse()
  async resetPassword(@UuidParam('id') id: string, @Body() body: ResetPasswordDto, @CurrentUser() actor: AuthenticatedUser): Promise<void> {
    await this.users.resetPassword(id, body.password, actor);
  }

  @Get(':id/devices')
  @ApiOkResponse({ type: [DeviceSchema], description: 'The devices signed in as the user, and those told to wipe in the last 90 days' })
  async listDevices(@UuidParam('id') id: string, @CurrentUser() actor: AuthenticatedUser): Promise<DeviceResponse[]> {
    await this.users.get(id);
    return this.devices.list(id, actor.id === id ? actor.sessionId : undefined);
  }

  @Post(':id/devices/:deviceId/wipe')
  @HttpCode(200)
  @ApiOkResponse({ type: DeviceSchema, description: 'The device is signed out and deletes its stored papers, drafts and keys when it next reaches the server' })
  @ApiNotFoundResponse({ description: 'USER_NOT_FOUND, DEVICE_NOT_FOUND', type: ApiErrorResponse })
  async wipeDevice(@UuidParam('id') id: string, @UuidParam('deviceId') deviceId: string, @CurrentUser() actor: AuthenticatedUser): Promise<DeviceResponse> {
    await this.users.get(id);
    return this.devices.wipe(id, deviceId, actor);
  }
}

@ApiTags('users')
@ApiBearerAuth()
@Roles('admin')
@Controller('security-policy')
export class SecurityPolicyController {
  constructor(
    private readonly policy: SecurityPolicyService,
    private readonly users: UsersService,
  ) {}

  @Get()
  @ApiOkResponse({ type: SecurityPolicySchema })
  get(): Promise<SecurityPolicyResponse> {
    return this.policy.get();
  }

  @Put()
  @ApiOkResponse({ type: SecurityPolicySchema })
  async update(@Body() body: SecurityPolicyDto, @CurrentUser() actor: AuthenticatedUser): Promise<SecurityPolicyResponse> {
    const me = await this.users.get(actor.id);
    return this.policy.update(body.totpRequiredRoles, { roles: me.roles, totpEnabled: me.totpEnabled });
  }
}
