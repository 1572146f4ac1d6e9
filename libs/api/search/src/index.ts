export * from './lib/search.module';
export { matchText } from './lib/text-match';
