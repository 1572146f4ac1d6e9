export { AuditLogPageComponent } from './lib/audit-log-page/audit-log-page.component';
export { AuditApi } from './lib/audit.api';
export { PaperTracePageComponent } from './lib/trace-page/paper-trace-page.component';
