import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { DeviceResponse, LoginResponse, TotpEnrollResponse, UserResponse } from '@ecabinet/shared/contracts';
import { AllowPendingSecondFactor, ApiErrorResponse, APP_CONFIG, CurrentUser, Public, UuidParam, type AppConfig, type AuthenticatedUser } from '@ecabinet/api/platform';
import { AuthService, type ClientInfo, type IssuedSession } from './auth.service';
import { ChangePasswordDto, LoginDto, TotpCodeDto } from './dto/identity.dto';
import { DeviceResponse as DeviceSchema, LoginResponse as LoginSchema, TotpEnrollResponse as TotpEnrollSchema, UserResponse as UserSchema } from './identity.responses';
import { DevicesService } from './devices.service';
import { UsersService } from './users.service';

export const REFRESH_COOKIE = 'ec_refresh';
const REFRESH_COOKIE_PATH = '/api/auth';

type CookieRequest = FastifyRequest & { cookies: Record<string, string | undefined> };

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly devicesService: DevicesService,
  ) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOkResponse({ description: 'Access token and user; sets the rotating refresh cookie', type: LoginSchema })
  @ApiUnauthorizedResponse({ description: 'INVALID_CREDENTIALS, TOTP_REQUIRED or TOTP_INVALID', type: ApiErrorResponse })
  @ApiTooManyRequestsResponse({ description: 'TOO_MANY_ATTEMPTS, with Retry-After', type: ApiErrorResponse })
  async login(@Body() body: LoginDto, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<LoginResponse> {
    const session = await this.auth.login(body.username, body.password, body.totpCode, clientInfo(request));
    return this.respondWithSession(reply, session);
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiOkResponse({ description: 'A new access token; the refresh cookie is rotated', type: LoginSchema })
  async refresh(@Req() request: CookieRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<LoginResponse> {
    try {
      const session = await this.auth.refresh(request.cookies[REFRESH_COOKIE], clientInfo(request));
      return this.respondWithSession(reply, session);
    } catch (error) {
      this.clearCookie(reply);
      throw error;
    }
  }

  @Public()
  @Post('logout')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Ends this session (its refresh token family)' })
  async logout(@Req() request: CookieRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    await this.auth.logout(request.cookies[REFRESH_COOKIE]);
    this.clearCookie(reply);
  }

  @ApiBearerAuth()
  @AllowPendingSecondFactor()
  @Post('logout-everywhere')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Ends every session of the caller on every device' })
  async logoutEverywhere(@CurrentUser() user: AuthenticatedUser, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    await this.auth.logoutEverywhere(user.id);
    this.clearCookie(reply);
  }

  @ApiBearerAuth()
  @Get('devices')
  @ApiOkResponse({ type: [DeviceSchema], description: "The caller's devices: signed in, and told to wipe in the last 90 days" })
  devices(@CurrentUser() user: AuthenticatedUser): Promise<DeviceResponse[]> {
    return this.devicesService.list(user.id, user.sessionId);
  }

  @ApiBearerAuth()
  @Post('devices/:deviceId/wipe')
  @HttpCode(200)
  @ApiOkResponse({ type: DeviceSchema, description: 'A lost device of the caller is signed out and deletes its stored papers, drafts and keys when it next reaches the server' })
  @ApiNotFoundResponse({ description: 'DEVICE_NOT_FOUND', type: ApiErrorResponse })
  wipeDevice(@UuidParam('deviceId') deviceId: string, @CurrentUser() user: AuthenticatedUser): Promise<DeviceResponse> {
    return this.devicesService.wipe(user.id, deviceId, user);
  }

  @ApiBearerAuth()
  @AllowPendingSecondFactor()
  @Get('me')
  @ApiOkResponse({ type: UserSchema })
  async me(@CurrentUser() user: AuthenticatedUser): Promise<UserResponse> {
    return this.users.toResponse(await this.users.get(user.id), user.providerSecondFactor);
  }

  @ApiBearerAuth()
  @Post('password')
  @HttpCode(204)
  async changePassword(@CurrentUser() user: AuthenticatedUser, @Body() body: ChangePasswordDto): Promise<void> {
    await this.auth.changePassword(user.id, user.sessionId, body.currentPassword, body.newPassword);
  }

  @ApiBearerAuth()
  @AllowPendingSecondFactor()
  @Post('totp/enroll')
  @ApiOkResponse({ type: TotpEnrollSchema })
  @HttpCode(200)
  enrollTotp(@CurrentUser() user: AuthenticatedUser): Promise<TotpEnrollResponse> {
    return this.auth.enrollTotp(user.id);
  }

  @ApiBearerAuth()
  @AllowPendingSecondFactor()
  @Post('totp/confirm')
  @HttpCode(204)
  async confirmTotp(@CurrentUser() user: AuthenticatedUser, @Body() body: TotpCodeDto): Promise<void> {
    await this.auth.confirmTotp(user.id, body.code);
  }

  @ApiBearerAuth()
  @Post('totp/disable')
  @HttpCode(204)
  async disableTotp(@CurrentUser() user: AuthenticatedUser, @Body() body: TotpCodeDto): Promise<void> {
    await this.auth.disableTotp(user.id, body.code);
  }

  private respondWithSession(reply: FastifyReply, session: IssuedSession): LoginResponse {
    return writeSession(reply, session, this.config);
  }

  private clearCookie(reply: FastifyReply): void {
    reply.clearCookie(REFRESH_COOKIE, { path: REFRESH_COOKIE_PATH });
  }
}

/** Sets the session's refresh cookie (httpOnly, never readable by scripts) and returns the body for the client. */
export function writeSession(reply: FastifyReply, session: IssuedSession, config: AppConfig): LoginResponse {
  reply.setCookie(REFRESH_COOKIE, session.refreshToken, {
    httpOnly: true,
    sameSite: 'strict',
    secure: config.publicUrl.startsWith('https://'),
    path: REFRESH_COOKIE_PATH,
    expires: session.refreshExpiresAt,
  });
  return session.response;
}

export function clientInfo(request: FastifyRequest): ClientInfo {
  return { ip: request.ip ?? null, userAgent: request.headers['user-agent'] ?? null };
}
