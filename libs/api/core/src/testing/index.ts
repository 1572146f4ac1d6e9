export * from './test-app';
export * from './meeting-factory';
export * from './live-client';
export * from './ballot-signing';
export * from './paper-upload';
export * from './mail-capture';
