import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsString, MaxLength } from 'class-validator';
import { AUDIT_ACTIONS, type AuditAction, type AuditQuery } from '@ecabinet/shared/contracts';
import { Omittable, PageQueryDto } from '@ecabinet/api/platform';

export class AuditQueryDto extends PageQueryDto implements AuditQuery {
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
}
