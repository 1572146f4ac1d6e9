import { Body, Controller, Get, HttpCode, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { PageResponse, SecurityPolicyResponse, UserResponse } from '@ecabinet/shared/contracts';
import { ApiErrorResponse, CurrentUser, Roles, UuidParam, type AuthenticatedUser } from '@ecabinet/api/platform';
import { CreateUserDto, ResetPasswordDto, SecurityPolicyDto, UpdateUserDto, UserSearchDto } from './dto/identity.dto';
import { SecurityPolicyService } from './security-policy.service';
import { SecurityPolicyResponse as SecurityPolicySchema, UserPageResponse, UserResponse as UserSchema } from './identity.responses';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@Roles('admin')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

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
