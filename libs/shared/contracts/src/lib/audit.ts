/** Actions written to the audit trail. Later domains add theirs here. */
export const AUDIT_ACTIONS = [
  'auth.login.succeeded',
  'auth.login.failed',
  'auth.logout',
  'auth.logout-everywhere',
  'auth.device.wipe-requested',
  'auth.device.wiped',
  'auth.password.changed',
  'auth.totp.enabled',
  'auth.totp.disabled',
  'user.created',
  'organisation.created',
  'organisation.updated',
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
  'agenda.conclusion.drafted',
  'agenda.conclusion.approved',
  'minutes.updated',
  'minutes.approved',
  'resolution.created',
  'resolution.updated',
  'resolution.issued',
  'task.created',
  'task.attachment.added',
  'task.reported',
  'task.request.accepted',
  'task.request.refused',
  'task.reminded',
  'task.escalated',
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
  'ballot.paper.stored-offline',
  'signing-key.registered',
  'signing-key.revoked',
  'signing-key.certified',
  'officer.authority.registered',
  'officer.crl.published',
  'paper.uploaded',
  'paper.version.uploaded',
  'paper.upload.refused',
  'paper.updated',
  'paper.viewed',
  'paper.downloaded',
  'paper.stored-offline',
  'paper.received.downloaded',
  'paper.trace.looked-up',
  'agenda.item.exclusions.set',
  'meeting.book.viewed',
  'meeting.book.downloaded',
  'meeting.room-screen.paired',
  'meeting.room-screen.revoked',
  'meeting.chat.muted',
  'meeting.chat.unmuted',
  'meeting.checked-in',
  'room.saved',
  'meeting.seats.set',
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

export const AUDIT_CHECKPOINT_REASONS = ['periodic', 'ballot-closed', 'manual'] as const;
export type AuditCheckpointReason = (typeof AUDIT_CHECKPOINT_REASONS)[number];

/**
 * What the seal signs at a checkpoint: the audit log's size and the root of the Merkle tree
 * (RFC 6962) over its entries' hashes. A log that no longer yields this root for its first
 * `size` entries was rewritten or cut.
 */
export interface AuditCheckpoint {
  type: 'ecabinet.audit-checkpoint';
  size: number;
  /** Merkle root over the first `size` entries (leaf data: each entry's hash, 32 bytes), hex. */
  rootHash: string;
  /** The hash of entry number `size`, hex (zeros for an empty log). */
  lastEntryHash: string;
  at: string;
  reason: AuditCheckpointReason;
}

/** A checkpoint as downloaded and mailed: the checkpoint and the seal's CMS over its canonical JSON. */
export interface AuditCheckpointFile {
  format: 'ecabinet.audit-checkpoint/1';
  checkpoint: AuditCheckpoint;
  seal: { cms: string };
}

export interface AuditCheckpointSummary extends AuditCheckpoint {
  /** How many inspectors it was mailed to (0 when AUDIT_CHECKPOINT_MAILTO is unset). */
  mailedTo: number;
}

/** That one entry is in the log a checkpoint signed: the audit path from its leaf to the root. */
export interface AuditInclusionProof {
  format: 'ecabinet.audit-inclusion/1';
  seq: number;
  /** The entry's hash, hex (its leaf is SHA-256(0x00 || these 32 bytes)). */
  entryHash: string;
  /** The number of entries of the tree: the checkpoint's size. */
  treeSize: number;
  /** Sibling hashes from the leaf up, hex. */
  path: string[];
  rootHash: string;
  /** The checkpoint whose root this is. */
  checkpoint: AuditCheckpointFile;
}
