import { Body, Controller, Get, HttpCode, Inject, Post, Query, Redirect, Req, Res } from '@nestjs/common';
import { ApiFoundResponse, ApiOkResponse, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { LoginResponse, SsoRefusal } from '@ecabinet/shared/contracts';
import { ApiErrorResponse, APP_CONFIG, Public, type AppConfig } from '@ecabinet/api/platform';
import { clientInfo, writeSession } from '../auth.controller';
import { SsoStartQuery, TotpCodeDto } from '../dto/identity.dto';
import { LoginResponse as LoginSchema } from '../identity.responses';
import { PENDING_TTL_SECONDS, SECOND_FACTOR_TTL_SECONDS, SingleSignOnService } from './single-sign-on.service';

/** The sign-in started at the provider (state, nonce, PKCE verifier), signed; only the callback reads it. */
const PENDING_COOKIE = 'ec_oidc';
/** A provider sign-in waiting for the account's own code, signed; only the second-factor route reads it. */
const SECOND_FACTOR_COOKIE = 'ec_oidc_2fa';
const COOKIE_PATH = '/api/auth/oidc';

type CookieRequest = FastifyRequest & { cookies: Record<string, string | undefined> };
interface RedirectTo {
  url: string;
}

/**
 * Single sign-on routes. They are browser navigations, not API calls: each answers with a
 * redirect, to the provider or back to the web app (`/login?sso=<reason>` when refused).
 */
@ApiTags('auth')
@Controller('auth/oidc')
export class SingleSignOnController {
  constructor(
    private readonly sso: SingleSignOnService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Get('start')
  @Redirect('/login', 302)
  @ApiFoundResponse({ description: "To the identity provider's sign-in page (or to /login?sso=unavailable when single sign-on is off or the provider cannot be reached)" })
  async start(@Query() query: SsoStartQuery, @Res({ passthrough: true }) reply: FastifyReply): Promise<RedirectTo> {
    const started = await this.sso.start(query.returnUrl);
    if ('refused' in started) return refusedTo(started.refused);
    // Lax, not strict: the provider sends the browser back with a cross-site top-level navigation.
    reply.setCookie(PENDING_COOKIE, started.pending, this.cookieOptions('lax', PENDING_TTL_SECONDS));
    return { url: started.url };
  }

  @Public()
  @Get('callback')
  @Redirect('/', 302)
  @ApiFoundResponse({ description: 'Back to the web app: signed in (refresh cookie set), asked for the account code, or /login?sso=<reason>' })
  async callback(@Req() request: CookieRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<RedirectTo> {
    const rawQuery = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '';
    const pending = request.cookies[PENDING_COOKIE];
    // The pending sign-in is used once, whatever the outcome.
    reply.clearCookie(PENDING_COOKIE, { path: COOKIE_PATH });
    const outcome = await this.sso.finish(new URLSearchParams(rawQuery), pending, clientInfo(request));
    switch (outcome.kind) {
      case 'refused':
        return refusedTo(outcome.reason);
      case 'second-factor':
        reply.setCookie(SECOND_FACTOR_COOKIE, outcome.ticket, this.cookieOptions('lax', SECOND_FACTOR_TTL_SECONDS));
        return { url: `/login?${new URLSearchParams({ sso: 'second-factor', returnUrl: outcome.returnUrl })}` };
      case 'session':
        writeSession(reply, outcome.session, this.config);
        return { url: outcome.returnUrl };
    }
  }

  @Public()
  @Post('second-factor')
  @HttpCode(200)
  @ApiOkResponse({ description: 'Signed in: access token and user; sets the refresh cookie', type: LoginSchema })
  @ApiUnauthorizedResponse({ description: 'SSO_EXPIRED (no provider sign-in waiting, or after 5 minutes) or TOTP_INVALID', type: ApiErrorResponse })
  @ApiTooManyRequestsResponse({ description: 'TOO_MANY_ATTEMPTS, with Retry-After', type: ApiErrorResponse })
  async secondFactor(@Body() body: TotpCodeDto, @Req() request: CookieRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<LoginResponse> {
    const session = await this.sso.completeSecondFactor(request.cookies[SECOND_FACTOR_COOKIE], body.code, clientInfo(request));
    reply.clearCookie(SECOND_FACTOR_COOKIE, { path: COOKIE_PATH });
    return writeSession(reply, session, this.config);
  }

  private cookieOptions(sameSite: 'lax' | 'strict', maxAgeSeconds: number) {
    return { httpOnly: true, sameSite, secure: this.config.publicUrl.startsWith('https://'), path: COOKIE_PATH, maxAge: maxAgeSeconds };
  }
}

function refusedTo(reason: SsoRefusal): RedirectTo {
  return { url: `/login?sso=${reason}` };
}
