export * from './lib/papers.module';
export { PapersService } from './lib/papers.service';
export { PaperAccess, type ReaderContext } from './lib/paper-access';
export { FileStore, storeKeys } from './lib/storage/file-store';
export { PaperIntake, type ReceivedFile } from './lib/paper-intake';
