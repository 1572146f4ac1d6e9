import { ApiProperty } from '@nestjs/swagger';
import type { ClientConfigResponse as ClientConfigContract, HealthResponse as HealthContract, HealthState, LivenessResponse as LivenessContract } from '@ecabinet/shared/contracts';

/** OpenAPI shapes of the health and config routes; each `implements` its contract so a change there fails to compile here. */
const HEALTH_STATES: HealthState[] = ['up', 'down', 'not-configured'];

export class HealthCheckResponse {
  @ApiProperty({ enum: HEALTH_STATES, enumName: 'HealthState' }) state!: HealthState;
}

export class DatabaseHealthCheckResponse extends HealthCheckResponse implements Readonly<HealthContract['checks']['database']> {
  @ApiProperty({ enum: ['sqlite', 'postgres'] }) driver!: 'sqlite' | 'postgres';
}

export class HealthChecksResponse implements Readonly<HealthContract['checks']> {
  @ApiProperty({ type: DatabaseHealthCheckResponse }) database!: DatabaseHealthCheckResponse;
  @ApiProperty({ type: HealthCheckResponse }) fileStore!: HealthCheckResponse;
  @ApiProperty({ type: HealthCheckResponse }) redis!: HealthCheckResponse;
}

export class HealthResponse implements HealthContract {
  @ApiProperty({ enum: ['ok', 'degraded'] }) status!: 'ok' | 'degraded';
  @ApiProperty() version!: string;
  @ApiProperty({ type: HealthChecksResponse }) checks!: HealthChecksResponse;
}

export class LivenessResponse implements LivenessContract {
  @ApiProperty({ enum: ['ok'] }) status!: 'ok';
  @ApiProperty() version!: string;
}

export class ClientConfigResponse implements ClientConfigContract {
  @ApiProperty({ description: 'IANA zone in which times are shown', example: 'Asia/Ho_Chi_Minh' }) timeZone!: string;
  @ApiProperty({ description: 'Single sign-on through the organisation identity provider is offered on the login page' }) singleSignOn!: boolean;
  @ApiProperty({ description: 'Hours a paper kept on a device stays readable without reaching the server; then the device deletes it', example: 72 }) offlineCopyHours!: number;
  @ApiProperty({ enum: ['jitsi', 'livekit'], nullable: true, description: 'The video engine of hybrid sessions; null: no call is offered' }) video!: 'jitsi' | 'livekit' | null;
}
