import { Module } from '@nestjs/common';
import { MeetingsModule } from '@ecabinet/api/meetings';
import { LiveGateway } from './live.gateway';

@Module({ imports: [MeetingsModule], providers: [LiveGateway] })
export class RealtimeModule {}
