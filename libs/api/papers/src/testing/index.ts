export * from './pdf-fixtures';
export * from './pdf-corpus';
