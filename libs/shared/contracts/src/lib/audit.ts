/** Actions written to the audit trail. Later domains add theirs here. */
export const AUDIT_ACTIONS = [
  'auth.login.succeeded',
  'auth.login.failed',
  'auth.logout',
  'auth.logout-everywhere',
  'auth.password.changed',
  'auth.totp.enabled',
  'auth.totp.disabled',
  'user.created',
  'user.updated',
  'user.disabled',
  'user.enabled',
  'user.password.reset',
  'security.policy.updated',
  'system.seeded',
  'meeting.created',
  'meeting.updated',
  'meeting.status.changed',
  'meeting.participants.set',
  'meeting.attendance.set',
  'agenda.item.created',
  'agenda.item.updated',
  'agenda.item.moved',
  'agenda.item.status.changed',
  'agenda.item.completed',
  'agenda.current-item.set',
  'agenda.adopted-without-debate',
  'position.set',
  'speaker.requested',
  'speaker.withdrawn',
  'speaker.granted',
  'speaker.ended',
  'vote.opened',
  'vote.cast',
  'vote.closed',
  'ballot.created',
  'ballot.updated',
  'ballot.submitted',
  'ballot.approved',
  'ballot.returned',
  'ballot.issued',
  'ballot.answered',
  'ballot.reminded',
  'ballot.extended',
  'ballot.closed',
  'ballot.paper.added',
  'ballot.paper.removed',
  'ballot.paper.viewed',
  'ballot.paper.downloaded',
  'signing-key.registered',
  'signing-key.revoked',
  'paper.uploaded',
  'paper.version.uploaded',
  'paper.upload.refused',
  'paper.updated',
  'paper.viewed',
  'paper.downloaded',
  'paper.received.downloaded',
  'paper.trace.looked-up',
  'agenda.item.exclusions.set',
  'meeting.book.viewed',
  'meeting.book.downloaded',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntryResponse {
  seq: number;
  at: string;
  actorId: string | null;
  actorUsername: string | null;
  action: AuditAction;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  correlationId: string | null;
  details: Record<string, unknown> | null;
  hash: string;
  prevHash: string;
}

export interface AuditQuery {
  action?: AuditAction;
  actor?: string;
  from?: string;
  to?: string;
  offset?: number;
  limit?: number;
}

export interface AuditVerifyResponse {
  ok: boolean;
  checked: number;
  /** First entry whose hash or link does not match, when the chain is broken. */
  firstBrokenSeq: number | null;
  reason: string | null;
}
