export { AuditLogPageComponent } from './lib/audit-log-page/audit-log-page.component';
