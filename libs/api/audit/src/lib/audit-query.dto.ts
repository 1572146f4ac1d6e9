import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsString, Max, MaxLength, Min } from 'class-validator';
import { AUDIT_ACTIONS, type AuditAction, type AuditQuery } from '@ecabinet/shared/contracts';
import { Omittable } from '@ecabinet/api/platform';

export class AuditQueryDto implements AuditQuery {
  @ApiPropertyOptional({ enum: AUDIT_ACTIONS })
  @Omittable()
  @IsIn(AUDIT_ACTIONS)
  action?: AuditAction;

  @ApiPropertyOptional({ description: 'Username or user id of the actor' })
  @Omittable()
  @IsString()
  @MaxLength(64)
  actor?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @Omittable()
  @IsISO8601()
  from?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @Omittable()
  @IsISO8601()
  to?: string;

  @ApiPropertyOptional({ minimum: 0, default: 0 })
  @Omittable()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @Omittable()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}
