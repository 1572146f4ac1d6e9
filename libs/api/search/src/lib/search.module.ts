import { Module } from '@nestjs/common';
import { MeetingsModule } from '@ecabinet/api/meetings';
import { PapersModule } from '@ecabinet/api/papers';
import { SearchController } from './search.controller';
import { SearchService } from './search.service';

@Module({
  imports: [MeetingsModule, PapersModule],
  controllers: [SearchController],
  providers: [SearchService],
})
export class SearchModule {}
