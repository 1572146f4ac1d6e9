export * from './lib/bytes';
export * from './lib/canonical-json';
export * from './lib/certificates';
export * from './lib/cms';
export * from './lib/ballot-documents';
export * from './lib/ballot-bundle';
export * from './lib/demo';
