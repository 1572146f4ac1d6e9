export * from './lib/app-config';
export * from './lib/request-context';
export * from './lib/domain-error';
export * from './lib/access.decorators';
export * from './lib/domain-events';
export * from './lib/clock';
export * from './lib/canonical-json';
export * from './lib/platform.module';
