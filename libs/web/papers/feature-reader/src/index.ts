export { PaperReaderPageComponent, type ReaderSource } from './lib/reader-page/paper-reader-page.component';
export { SearchPageComponent, excerptParts } from './lib/search-page/search-page.component';
