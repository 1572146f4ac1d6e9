import { Module } from '@nestjs/common';
import { join } from 'node:path';
import { APP_CONFIG, type AppConfig } from '@ecabinet/api/platform';
import { MeetingsModule } from '@ecabinet/api/meetings';
import { MeetingBooks } from './meeting-books.service';
import { MeetingAnnotationsController, PaperAnnotationsController } from './paper-annotations.controller';
import { PaperAnnotations } from './paper-annotations.service';
import { PaperAccess } from './paper-access';
import { PaperCopies } from './paper-copies.service';
import { PaperIntake } from './paper-intake';
import { PapersController, PaperTracesController } from './papers.controller';
import { PapersService } from './papers.service';
import { PaperTexts } from './paper-texts.service';
import { PdfWorkers } from './pdf-workers';
import { FileStore } from './storage/file-store';
import { LocalFileStore } from './storage/local-file-store';
import { S3FileStore } from './storage/s3-file-store';

export { PAPER_ENTITIES } from './entities';

@Module({
  imports: [MeetingsModule],
  controllers: [PapersController, PaperTracesController, PaperAnnotationsController, MeetingAnnotationsController],
  providers: [
    {
      provide: FileStore,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) =>
        config.s3 ? new S3FileStore(config.s3, join(config.dataDir, 'tmp')) : new LocalFileStore(join(config.dataDir, 'files')),
    },
    PdfWorkers,
    PaperAccess,
    PaperIntake,
    PapersService,
    PaperCopies,
    MeetingBooks,
    PaperAnnotations,
    PaperTexts,
  ],
  exports: [PaperAccess, PapersService, PaperIntake, PaperCopies, PaperTexts, FileStore],
})
export class PapersModule {}
