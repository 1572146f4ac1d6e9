export * from './pdf-fixtures';
