import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ClientConfigResponse as ClientConfigResponseSchema } from './core.responses';
import type { ClientConfigResponse } from '@ecabinet/shared/contracts';
import { APP_CONFIG, Public, type AppConfig } from '@ecabinet/api/platform';

/** Installation settings the web app reads at start-up, before sign-in; nothing secret. */
@ApiTags('config')
@Controller('config')
export class ClientConfigController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Public()
  @Get()
  @ApiOkResponse({ type: ClientConfigResponseSchema, description: 'The time zone in which the web app shows every date and time' })
  read(): ClientConfigResponse {
    return { timeZone: this.config.timeZone, singleSignOn: this.config.oidc !== null, offlineCopyHours: this.config.offlineCopyMs / 3_600_000, video: this.config.video?.provider ?? null };
  }
}
