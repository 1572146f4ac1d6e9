export * from './lib/demo-pki';
export * from './lib/pkcs12';
export * from './lib/trust.module';
export * from './lib/trust.service';
