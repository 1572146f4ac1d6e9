import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDefined,
  IsInt,
  IsObject,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  Validate,
  ValidateIf,
  ValidateNested,
  ValidatorConstraint,
  type ValidationArguments,
  type ValidatorConstraintInterface,
} from 'class-validator';
import type {
  ApproveMinutesRequest,
  CreateResolutionRequest,
  IssueResolutionRequest,
  MinutesProse,
  ResolutionSection,
  UpdateMinutesRequest,
  UpdateResolutionRequest,
} from '@ecabinet/shared/contracts';
import { IsRecordOfTexts } from './record-of-texts.validator';

export class MinutesProseDto implements MinutesProse {
  @ApiProperty({ description: 'Before the facts: when and where the session opened, who chaired.' })
  @IsString()
  @MaxLength(20000)
  opening!: string;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, description: 'Per agenda item id: the account of its discussion.' })
  @IsObject()
  @IsRecordOfTexts(20000, 300)
  items!: Record<string, string>;

  @ApiProperty()
  @IsString()
  @MaxLength(20000)
  closing!: string;
}

export class UpdateMinutesDto implements UpdateMinutesRequest {
  @ApiProperty({ description: 'The version the writer read (0: never saved).' })
  @IsInt()
  @Min(0)
  version!: number;

  @ApiProperty({ type: MinutesProseDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => MinutesProseDto)
  prose!: MinutesProseDto;
}

export class ApproveMinutesDto implements ApproveMinutesRequest {
  @ApiProperty({ description: 'The version the chair read and approves.' })
  @IsInt()
  @Min(0)
  version!: number;
}

export class ResolutionSectionDto implements ResolutionSection {
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The agenda item it comes from; null for a section the secretariat added.' })
  @ValidateIf((_, value) => value !== null)
  @IsUUID()
  itemId!: string | null;

  @ApiProperty()
  @IsString()
  @Matches(/\S/, { message: 'heading must not be blank' })
  @MaxLength(500)
  heading!: string;

  @ApiProperty()
  @IsString()
  @MaxLength(20000)
  text!: string;
}

/** This property, or the one named, not both. */
@ValidatorConstraint({ name: 'notBoth' })
class NotBoth implements ValidatorConstraintInterface {
  validate(_value: unknown, args: ValidationArguments): boolean {
    return (args.object as Record<string, unknown>)[args.constraints[0] as string] === undefined;
  }

  defaultMessage(args: ValidationArguments): string {
    return `give ${args.constraints[0] as string} or ${args.property}, not both`;
  }
}

export class CreateResolutionDto implements CreateResolutionRequest {
  @ApiPropertyOptional({ format: 'uuid', description: 'The closed meeting whose approved conclusions it is composed from (or `ballotId`, not both).' })
  @ValidateIf((dto: CreateResolutionDto) => dto.ballotId === undefined || dto.meetingId !== undefined)
  @IsUUID()
  meetingId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The closed written opinion ballot whose outcome it is composed from (or `meetingId`, not both).' })
  @ValidateIf((dto: CreateResolutionDto) => dto.ballotId !== undefined)
  @IsUUID()
  @Validate(NotBoth, ['meetingId'])
  ballotId?: string;
}

export class UpdateResolutionDto implements UpdateResolutionRequest {
  @ApiProperty({ description: 'The version the writer read.' })
  @IsInt()
  @Min(1)
  version!: number;

  @ApiProperty()
  @IsString()
  @Matches(/\S/, { message: 'title must not be blank' })
  @MaxLength(500)
  title!: string;

  @ApiProperty({ type: [ResolutionSectionDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => ResolutionSectionDto)
  sections!: ResolutionSectionDto[];
}

export class IssueResolutionDto implements IssueResolutionRequest {
  @ApiProperty({ description: 'The version the chair read and issues.' })
  @IsInt()
  @Min(1)
  version!: number;
}
