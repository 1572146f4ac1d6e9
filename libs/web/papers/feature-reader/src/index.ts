export { PaperReaderPageComponent, type ReaderSource } from './lib/reader-page/paper-reader-page.component';
