import { Module } from '@nestjs/common';
import { MeetingsModule } from '@ecabinet/api/meetings';
import { LiveGateway } from './live.gateway';
import { RoomScreenGateway } from './room-screen.gateway';

@Module({ imports: [MeetingsModule], providers: [LiveGateway, RoomScreenGateway] })
export class RealtimeModule {}
