export * from './lib/app.module';
export * from './lib/create-app';
export * from './lib/cli';
export * from './lib/api-exception.filter';
export { DEMO_USERS, DEMO_PASSWORD } from './lib/demo-seed.service';
export * from './lib/ca-command';
