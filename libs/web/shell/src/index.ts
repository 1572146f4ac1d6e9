export { shellRoutes } from './lib/shell.routes';
export { provideShell } from './lib/provide-shell';
export { ClientConfigApi } from './lib/client-config.api';
