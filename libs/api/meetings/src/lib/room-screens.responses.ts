import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { RoomScreenPairingResponse as PairingContract, RoomScreenResponse as ScreenContract } from '@ecabinet/shared/contracts';

export class RoomScreenPairingResponse implements PairingContract {
  @ApiProperty({ format: 'uuid' }) pairingId!: string;
  @ApiProperty({ example: 'K7M2QX' }) code!: string;
  @ApiProperty({ description: 'Kept by the screen: it proves the claim comes from the screen that asked.' }) secret!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
}

/** The two shapes of a claim's answer in one schema: `status` says which fields are there. */
export class RoomScreenClaimResponse {
  @ApiProperty({ enum: ['waiting', 'paired'] }) status!: 'waiting' | 'paired';
  @ApiPropertyOptional({ format: 'date-time', description: 'waiting: until when the code may be entered' }) expiresAt?: string;
  @ApiPropertyOptional({ description: 'paired: the credential, handed over once; present it as `auth.screenToken` on the /room-screen namespace' }) screenToken?: string;
  @ApiPropertyOptional({ format: 'uuid' }) screenId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) meetingId?: string;
  @ApiPropertyOptional() label?: string;
}

export class RoomScreenResponse implements ScreenContract {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) meetingId!: string;
  @ApiProperty() label!: string;
  @ApiProperty({ format: 'date-time' }) pairedAt!: string;
  @ApiProperty() pairedByName!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) claimedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) revokedAt!: string | null;
}
