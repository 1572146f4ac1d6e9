export * from './oidc-test-provider';
