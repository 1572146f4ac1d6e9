export * from './lib/bytes';
export * from './lib/canonical-json';
export * from './lib/certificates';
export * from './lib/cms';
