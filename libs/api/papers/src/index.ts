export * from './lib/papers.module';
export { PapersService } from './lib/papers.service';
export { PaperAccess, type ReaderContext } from './lib/paper-access';
export { FileStore, storeKeys } from './lib/storage/file-store';
export { PaperIntake, type ReceivedFile } from './lib/paper-intake';
export { LocalFileStore } from './lib/storage/local-file-store';
export { S3FileStore, S3StoreError } from './lib/storage/s3-file-store';
