import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  BallotErrorCode,
  CommonErrorCode,
  IdentityErrorCode,
  MeetingErrorCode,
  NotificationErrorCode,
  PaperErrorCode,
  RealtimeErrorCode,
  type ApiErrorResponse as ApiErrorContract,
  type ErrorCode,
} from '@ecabinet/shared/contracts';

const ERROR_CODES: ErrorCode[] = [
  ...Object.values(CommonErrorCode),
  ...Object.values(IdentityErrorCode),
  ...Object.values(MeetingErrorCode),
  ...Object.values(BallotErrorCode),
  ...Object.values(PaperErrorCode),
  ...Object.values(NotificationErrorCode),
  ...Object.values(RealtimeErrorCode),
];

/** The one error shape every route answers with (OpenAPI schema `ApiErrorResponse`). */
export class ApiErrorResponse implements ApiErrorContract {
  @ApiProperty({ example: 404 }) statusCode!: number;
  @ApiProperty({ enum: ERROR_CODES, enumName: 'ErrorCode', description: 'Stable, machine-readable; the web client translates it' })
  code!: ErrorCode;
  @ApiProperty({ description: 'English fallback' }) message!: string;
  @ApiPropertyOptional({ description: 'What the code needs to be acted on (failed fields, the current version on STALE_VERSION…)', type: 'object', additionalProperties: true })
  details?: unknown;
  @ApiProperty({ description: 'Also in the x-correlation-id header and the server log' }) correlationId!: string;
}

/** The error responses a route may answer with; documented once for every route. */
export const COMMON_ERROR_RESPONSES = [
  { status: 400, description: 'VALIDATION_FAILED: the request does not match its schema' },
  { status: 401, description: 'UNAUTHENTICATED: no valid access token (public routes aside)' },
  { status: 403, description: 'FORBIDDEN: the caller may not do this' },
  { status: 404, description: 'NOT_FOUND or a domain code: the resource does not exist or is not visible to the caller' },
  { status: 409, description: 'A conflict with the current state (e.g. STALE_VERSION with the current resource in details)' },
  { status: 413, description: 'PAYLOAD_TOO_LARGE: the body is over its route limit' },
  { status: 422, description: 'A domain rule refuses the request' },
  { status: 429, description: 'RATE_LIMITED: too many requests; see Retry-After' },
  { status: 503, description: 'STORAGE_UNAVAILABLE: the file store did not answer; nothing was saved, try again' },
].map((response) => ({ ...response, type: ApiErrorResponse }));
