export { PaperReaderPageComponent, type ReaderSource } from './lib/reader-page/paper-reader-page.component';
export { SearchPageComponent, excerptParts } from './lib/search-page/search-page.component';
export { OfflinePapersPanelComponent } from './lib/offline-papers-panel/offline-papers-panel.component';
export { OfflinePapersPageComponent } from './lib/offline-papers-page/offline-papers-page.component';
