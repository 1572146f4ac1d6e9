import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';
import type { ClaimRoomScreenRequest, PairRoomScreenRequest } from '@ecabinet/shared/contracts';

export class PairRoomScreenDto implements PairRoomScreenRequest {
  @ApiProperty({ example: 'K7M2QX', description: 'The code the screen shows; spaces, dashes and case do not matter.' })
  @IsString()
  @MaxLength(20)
  @Matches(/^[\sA-Za-z0-9-]+$/, { message: 'The code has only letters and digits.' })
  code!: string;

  @ApiProperty({ example: 'Màn hình chính' })
  @IsString()
  @MaxLength(100)
  @Matches(/\S/, { message: 'Name the screen (where it is).' })
  label!: string;
}

export class ClaimRoomScreenDto implements ClaimRoomScreenRequest {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  secret!: string;
}
