import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { filter, type Subscription } from 'rxjs';
import { DataSource } from 'typeorm';
import type { AuditCheckpoint, AuditCheckpointFile, AuditCheckpointReason, AuditCheckpointSummary, AuditInclusionProof } from '@ecabinet/shared/contracts';
import { AUDIT_CHECKPOINT_FORMAT, canonicalJson, fromHex, inclusionPath, merkleLeaf, merkleRoot, toBase64, toHex, utf8 } from '@ecabinet/shared/trust';
import { APP_CONFIG, Clock, DomainEvents, Mailer, requestContext, type AppConfig } from '@ecabinet/api/platform';
import { TrustService } from '@ecabinet/api/trust';
import { AuditCheckpointEntity } from './audit-checkpoint.entity';
import { AuditEntryEntity } from './audit-entry.entity';
import { GENESIS_HASH } from './audit-chain';
import { AuditService } from './audit.service';

export const sha256 = (data: Uint8Array): Uint8Array => new Uint8Array(createHash('sha256').update(data).digest());

/** Leaf hashes of the log's entries, in order (leaf data: each entry's 32-byte hash). */
export function auditLeaves(entryHashes: readonly string[]): Uint8Array[] {
  return entryHashes.map((hash) => merkleLeaf(sha256, fromHex(hash)));
}

/** The Merkle root (hex) of the first entries of a log, given their hashes in order. */
export function auditRoot(entryHashes: readonly string[]): string {
  return toHex(merkleRoot(sha256, auditLeaves(entryHashes)));
}

/**
 * Signed checkpoints of the audit log: its size and the Merkle root over its entries, sealed by
 * the organisation's seal, kept, and mailed to the inspectors (AUDIT_CHECKPOINT_MAILTO). Made
 * periodically when the log has grown, at every ballot close, and on an administrator's request.
 * Once a checkpoint has left the server, a log rewritten or cut before its size no longer gives
 * its root, which `audit-verify --checkpoint` shows.
 */
@Injectable()
export class AuditCheckpoints implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(AuditCheckpoints.name);
  private timer: NodeJS.Timeout | null = null;
  private subscription: Subscription | null = null;
  /** Leaf hashes read so far, in seq order: each checkpoint reads only the entries added since. */
  private readonly leaves: Uint8Array[] = [];
  private lastEntryHash = GENESIS_HASH;
  private making: Promise<AuditCheckpointSummary> | null = null;
  private reading: Promise<void> = Promise.resolve();

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly trust: TrustService,
    private readonly mailer: Mailer,
    private readonly clock: Clock,
    private readonly events: DomainEvents,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    const minutes = this.config.auditCheckpoints.intervalMinutes;
    if (minutes > 0) {
      this.timer = setInterval(() => void this.background('periodic'), minutes * 60_000);
      this.timer.unref();
    }
    this.subscription = this.events
      .on('ballot.changed')
      .pipe(filter((event) => event.payload.status === 'closed'))
      .subscribe(() => void this.background('ballot-closed'));
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
    this.subscription?.unsubscribe();
  }

  private async background(reason: AuditCheckpointReason): Promise<void> {
    try {
      await requestContext.runJob('audit-checkpoint', async () => {
        if (reason === 'periodic' && !(await this.grownSinceLast())) return;
        await this.make(reason);
      });
    } catch (error) {
      this.logger.warn({ err: error, reason }, 'audit checkpoint not made');
    }
  }

  private async grownSinceLast(): Promise<boolean> {
    await this.audit.chainPending();
    const [last] = await this.dataSource.getRepository(AuditCheckpointEntity).find({ order: { size: 'DESC' }, take: 1 });
    const [row] = (await this.dataSource.query('SELECT MAX(seq) AS size FROM audit_log')) as { size: number | string | null }[];
    return Number(row?.size ?? 0) > (last?.size ?? 0);
  }

  /** Seals a checkpoint of the whole log as it stands (the one already made for this size, if any). One at a time. */
  make(reason: AuditCheckpointReason): Promise<AuditCheckpointSummary> {
    const previous = this.making ?? Promise.resolve(null);
    const next = previous.catch(() => null).then(() => this.makeNow(reason));
    this.making = next;
    return next.finally(() => {
      if (this.making === next) this.making = null;
    });
  }

  private async makeNow(reason: AuditCheckpointReason): Promise<AuditCheckpointSummary> {
    await this.audit.chainPending();
    await this.readNewEntries();
    const size = this.leaves.length;
    const repository = this.dataSource.getRepository(AuditCheckpointEntity);
    const existing = await repository.findOne({ where: { size } });
    if (existing) return toSummary(existing);
    const now = this.clock.now();
    const checkpoint: AuditCheckpoint = {
      type: 'ecabinet.audit-checkpoint',
      size,
      rootHash: toHex(merkleRoot(sha256, this.leaves)),
      lastEntryHash: this.lastEntryHash,
      at: now.toISOString(),
      reason,
    };
    const cms = await this.trust.sealDetached(utf8(canonicalJson(checkpoint)), now);
    const file: AuditCheckpointFile = { format: AUDIT_CHECKPOINT_FORMAT, checkpoint, seal: { cms: toBase64(cms) } };
    const row: AuditCheckpointEntity = { size, rootHash: checkpoint.rootHash, at: checkpoint.at, reason, file: canonicalJson(file), mailedTo: 0 };
    // Two instances may checkpoint the same size: the first row stays, and only its maker mails it.
    await repository.createQueryBuilder().insert().values(row).orIgnore().execute();
    const stored = await repository.findOneOrFail({ where: { size } });
    if (stored.file === row.file) {
      stored.mailedTo = await this.mail(stored);
      if (stored.mailedTo) await repository.update({ size }, { mailedTo: stored.mailedTo });
    }
    return toSummary(stored);
  }

  /**
   * Reads the entries chained since the last read. One reader at a time, and each call's read
   * starts after the call: a caller never settles for a read begun before the entries it needs
   * were chained.
   */
  private readNewEntries(): Promise<void> {
    const next = this.reading.catch(() => undefined).then(() => this.readOnce());
    this.reading = next;
    return next;
  }

  private async readOnce(): Promise<void> {
    for (;;) {
      const rows = await this.dataSource
        .getRepository(AuditEntryEntity)
        .createQueryBuilder('entry')
        .select(['entry.seq', 'entry.hash'])
        .where('entry.seq > :after', { after: this.leaves.length })
        .orderBy('entry.seq', 'ASC')
        .take(5000)
        .getMany();
      if (!rows.length) return;
      for (const row of rows) {
        if (row.seq !== this.leaves.length + 1) throw new Error(`the audit log has a gap before entry ${row.seq}`);
        this.leaves.push(merkleLeaf(sha256, fromHex(row.hash)));
        this.lastEntryHash = row.hash;
      }
    }
  }

  private async mail(row: AuditCheckpointEntity): Promise<number> {
    const to = this.config.auditCheckpoints.mailTo;
    if (!to.length) return 0;
    const at = row.at;
    return this.mailer.sendAll(
      to.map((address) => ({
        to: address,
        subject: `[e-Cabinet] Điểm neo nhật ký kiểm toán #${row.size} / Audit checkpoint #${row.size}`,
        text: [
          `Nhật ký kiểm toán có ${row.size} mục lúc ${at}; gốc Merkle ${row.rootHash}.`,
          'Tệp đính kèm được con dấu của cơ quan ký số. Hãy lưu giữ tệp ngoài hệ thống: lệnh',
          '  npm run audit:verify -- --checkpoint <tệp> --trust <chứng thư gốc>',
          'chứng minh nhật ký hiện tại vẫn tiếp nối điểm neo này (không bị sửa hay cắt bớt).',
          '',
          `The audit log held ${row.size} entries at ${at}; Merkle root ${row.rootHash}.`,
          "The attached file is signed by the organisation's seal. Keep it outside the system:",
          '  npm run audit:verify -- --checkpoint <file> --trust <roots.pem>',
          'proves that the log still extends this checkpoint (nothing rewritten or cut).',
        ].join('\n'),
        headers: { 'X-Ecabinet-Notice': 'audit-checkpoint', 'X-Ecabinet-Checkpoint-Size': String(row.size) },
        attachments: [{ filename: `audit-checkpoint-${row.size}.json`, content: row.file, contentType: 'application/json' }],
      })),
    );
  }

  async list(): Promise<AuditCheckpointSummary[]> {
    const rows = await this.dataSource.getRepository(AuditCheckpointEntity).find({ order: { size: 'DESC' }, take: 200 });
    return rows.map(toSummary);
  }

  async file(size: number): Promise<string | null> {
    return (await this.dataSource.getRepository(AuditCheckpointEntity).findOne({ where: { size } }))?.file ?? null;
  }

  /**
   * That entry `seq` is in the log: its audit path to the root of the latest checkpoint that covers
   * it (one is made now when none does). Null when there is no such entry.
   */
  async proof(seq: number): Promise<AuditInclusionProof | null> {
    await this.audit.chainPending();
    await this.readNewEntries();
    if (seq < 1 || seq > this.leaves.length) return null;
    const covering = await this.dataSource
      .getRepository(AuditCheckpointEntity)
      .createQueryBuilder('c')
      .where('c.size >= :seq', { seq })
      .orderBy('c.size', 'DESC')
      .getOne();
    const checkpoint = covering ?? (await this.dataSource.getRepository(AuditCheckpointEntity).findOneOrFail({ where: { size: (await this.make('manual')).size } }));
    const file = JSON.parse(checkpoint.file) as AuditCheckpointFile;
    const leaves = this.leaves.slice(0, checkpoint.size);
    const entry = await this.dataSource.getRepository(AuditEntryEntity).findOneByOrFail({ seq });
    return {
      format: 'ecabinet.audit-inclusion/1',
      seq,
      entryHash: entry.hash,
      treeSize: checkpoint.size,
      path: inclusionPath(sha256, leaves, seq - 1).map(toHex),
      rootHash: checkpoint.rootHash,
      checkpoint: file,
    };
  }
}

function toSummary(row: AuditCheckpointEntity): AuditCheckpointSummary {
  const file = JSON.parse(row.file) as AuditCheckpointFile;
  return { ...file.checkpoint, mailedTo: row.mailedTo };
}
