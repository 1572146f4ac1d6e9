import { Injectable } from '@nestjs/common';
import type { KeyObject } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import type { BallotQuestion, BallotStatus, OpinionChoice } from '@ecabinet/shared/contracts';
import { BatchQueue, TransactionRunner, readDate } from '@ecabinet/api/database';
import { AuditService, type AuditOutboxEntity, type AuditRecord } from '@ecabinet/api/audit';
import { parseP256PublicKey } from './answer-signature';
import { ballotErrors } from './ballot.errors';
import { BallotAnswerEntity, BallotOpinionEntity, BallotRecipientEntity } from './entities';

/**
 * What answering needs to know before any lock is taken. `fresh` says it was read just now; a
 * context from the cache (an issued ballot's fixed parts and a known device key) does not know
 * the ballot's status, deadline or the key's revocation of this moment, which the storing
 * statement checks on the locked rows.
 */
export interface AnswerContext {
  fresh: boolean;
  status: BallotStatus;
  version: number;
  /** Null when not read just now. */
  deadline: Date | null;
  questions: BallotQuestion[];
  returnReason: string | null;
  isRecipient: boolean;
  /** Null when not known: the storing statement then clears a draft only if there is one. */
  hasDraft: boolean | null;
  key: DeviceKey | null;
  /** The chair's approvals known so far, by document hash, with the deadline each sets. */
  approvals: ReadonlyMap<string, Date>;
}

export interface DeviceKey {
  userId: string;
  fingerprint: string;
  revoked: boolean;
  /** A certificate chaining to the anchors vouches for the key: only then may it sign. */
  certified: boolean;
  publicKey: KeyObject | null;
}

export interface StoredAnswer {
  row: BallotAnswerEntity;
  /** The hash of the revision this one follows, as signed (null for revision 1). */
  previous: string | null;
  opinions: { questionId: string; choice: OpinionChoice; comment: string }[];
  clearDraft: boolean | null;
  audit: AuditRecord;
}

/**
 * An answer on its way to the database, with its audit entry's row made in the request's own
 * context (who, from where, which correlation id): a batch runs in no particular request's.
 */
interface PendingAnswer extends StoredAnswer {
  outbox: AuditOutboxRow;
}

/** What never changes once a ballot is issued: its version, questions and recipients. */
interface IssuedBallot {
  version: number;
  questions: BallotQuestion[];
  recipients: ReadonlySet<string>;
  /** Approvals grow when the chair extends the deadline: an unknown hash is looked up again. */
  approvals: Map<string, Date>;
}

/** Device keys (their text and owner never change, only their revocation) and issued ballots kept in memory. */
const KEY_CACHE_LIMIT = 20_000;
const BALLOT_CACHE_LIMIT = 64;

/**
 * The signed-answer hot path, kept to as few round trips as the database allows. Before any
 * lock: an open ballot's fixed parts are read once (however many answers arrive before it is
 * known) and kept; a device key not yet known costs one joined read of the ballot, the recipient
 * row and the key; once both are in memory, nothing is read (only what cannot change is kept).
 * Then, on PostgreSQL, first answers arriving together are stored by one statement that locks
 * the ballot row FOR SHARE, checks it is open before its deadline and each key not revoked, and
 * stores the answers, their opinions, the drafts' removal and the audit entries; a revision runs
 * in a short transaction. Integrity does not rest on the reads: the partial unique indexes keep
 * one current answer per recipient and one row per revision.
 */
@Injectable()
export class AnswerStore {
  private readonly publicKeys = new Map<string, KeyObject | null>();
  private readonly deviceKeys = new Map<string, Omit<DeviceKey, 'revoked'>>();
  private readonly issued = new Map<string, IssuedBallot>();
  private readonly loading = new Map<string, Promise<void>>();
  /** First answers on PostgreSQL, stored together when they arrive together. */
  private readonly firstAnswers = new BatchQueue<PendingAnswer, boolean | Error>((answers) => this.storeFirstAnswers(answers), { maxBatch: 200, concurrency: 2 });

  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
  ) {}

  private get postgres(): boolean {
    return this.transactions.driver === 'postgres';
  }

  private sql(text: string, params: unknown[]): [string, unknown[]] {
    return this.transactions.dialect.statement(text, params);
  }

  async context(ballotId: string, userId: string, keyId: string): Promise<AnswerContext | null> {
    if (!this.issued.has(ballotId)) await this.loadIssued(ballotId);
    const ballot = this.issued.get(ballotId);
    const key = this.deviceKeys.get(keyId);
    if (ballot && key) {
      return {
        fresh: false,
        status: 'open',
        version: ballot.version,
        deadline: null,
        questions: ballot.questions,
        returnReason: null,
        isRecipient: ballot.recipients.has(userId),
        hasDraft: null,
        key: { ...key, revoked: false },
        approvals: ballot.approvals,
      };
    }
    return this.freshContext(ballotId, userId, keyId);
  }

  /** The context as the database has it now (also what explains a refused answer). */
  async freshContext(ballotId: string, userId: string, keyId: string): Promise<AnswerContext | null> {
    const [row] = (await this.dataSource.query(
      ...this.sql(
        `SELECT b.status, b.version, b.deadline, b.questions, b.return_reason,
                r.user_id AS recipient, r.draft_saved_at,
                k.user_id AS key_user, k.public_key, k.fingerprint, k.revoked_at, k.certified_at
           FROM ballots b
           LEFT JOIN ballot_recipients r ON r.ballot_id = b.id AND r.user_id = $2
           LEFT JOIN signing_keys k ON k.id = $3
          WHERE b.id = $1`,
        [ballotId, userId, keyId],
      ),
    )) as ContextRow[];
    if (!row) return null;
    const questions = JSON.parse(row.questions) as BallotQuestion[];
    const version = Number(row.version);
    let key: DeviceKey | null = null;
    if (row.key_user !== null) {
      key = { userId: row.key_user, fingerprint: row.fingerprint as string, revoked: row.revoked_at !== null, certified: row.certified_at !== null, publicKey: this.publicKey(row.public_key as string) };
      if (!key.revoked && key.certified) this.knowKey(keyId, key);
    }
    return {
      fresh: true,
      status: row.status,
      version,
      deadline: readDate(row.deadline),
      questions,
      returnReason: row.return_reason,
      isRecipient: row.recipient !== null,
      hasDraft: row.draft_saved_at !== null,
      key,
      // Those known already; an answer naming another is looked up by `approvalDeadline`.
      approvals: this.issued.get(ballotId)?.approvals ?? new Map(),
    };
  }

  /** The deadline set by the chair's approval with this document hash; null when there is none. */
  async approvalDeadline(ballotId: string, hash: string, known: ReadonlyMap<string, Date>): Promise<Date | null> {
    const deadline = known.get(hash);
    if (deadline) return deadline;
    const approvals = await this.approvalsOf(ballotId);
    const issued = this.issued.get(ballotId);
    if (issued) for (const [key, value] of approvals) issued.approvals.set(key, value);
    return approvals.get(hash) ?? null;
  }

  private async approvalsOf(ballotId: string): Promise<Map<string, Date>> {
    const rows = (await this.dataSource.query(...this.sql('SELECT document_hash, deadline FROM ballot_approvals WHERE ballot_id = $1', [ballotId]))) as { document_hash: string; deadline: Date | string }[];
    return new Map(rows.map((row) => [row.document_hash, readDate(row.deadline)]));
  }

  /**
   * An open ballot's fixed parts (its recipients change only while it is a draft), read once
   * however many answers arrive together before it is known. A ballot that is not open is not kept.
   */
  private loadIssued(ballotId: string): Promise<void> {
    let loading = this.loading.get(ballotId);
    if (!loading) {
      loading = (async () => {
        const [ballot] = (await this.dataSource.query(...this.sql('SELECT status, version, questions FROM ballots WHERE id = $1', [ballotId]))) as Pick<ContextRow, 'status' | 'version' | 'questions'>[];
        if (ballot?.status !== 'open') return;
        const rows = (await this.dataSource.query(...this.sql('SELECT user_id FROM ballot_recipients WHERE ballot_id = $1', [ballotId]))) as { user_id: string }[];
        if (this.issued.size >= BALLOT_CACHE_LIMIT) this.issued.delete(this.issued.keys().next().value as string);
        const approvals = await this.approvalsOf(ballotId);
        this.issued.set(ballotId, { version: Number(ballot.version), questions: JSON.parse(ballot.questions) as BallotQuestion[], recipients: new Set(rows.map((r) => r.user_id)), approvals });
      })().finally(() => this.loading.delete(ballotId));
      this.loading.set(ballotId, loading);
    }
    return loading;
  }

  /** A certified device key (its revocation is checked when an answer is stored). */
  knowKey(keyId: string, key: Omit<DeviceKey, 'revoked' | 'certified'>): void {
    if (this.deviceKeys.size >= KEY_CACHE_LIMIT) this.deviceKeys.clear();
    this.deviceKeys.set(keyId, { userId: key.userId, fingerprint: key.fingerprint, certified: true, publicKey: key.publicKey });
  }

  private publicKey(spki: string): KeyObject | null {
    let key = this.publicKeys.get(spki);
    if (key === undefined) {
      if (this.publicKeys.size >= KEY_CACHE_LIMIT) this.publicKeys.clear();
      key = parseP256PublicKey(spki);
      this.publicKeys.set(spki, key);
    }
    return key;
  }

  /**
   * Stores one revision, only while the ballot is open before its deadline and only as the next
   * revision after the current one; otherwise nothing is written. The ballot row is held FOR
   * SHARE while the answer is stored (closing takes it FOR UPDATE, so it waits for answers in
   * flight and later answers see it closed). On PostgreSQL first answers arriving together are
   * stored by one statement (group commit); a revision runs in a short transaction of its own.
   */
  async store(stored: StoredAnswer): Promise<void> {
    const answer: PendingAnswer = { ...stored, outbox: this.audit.outboxRow(stored.audit) };
    const { row } = answer;
    try {
      if (this.postgres && row.revision === 1) {
        const outcome = await this.firstAnswers.submit(answer);
        if (outcome instanceof Error) throw outcome;
        if (!outcome) throw await this.refusal(answer);
      } else {
        await this.transactions.run((manager) => this.storeRevision(manager, answer));
      }
    } catch (error) {
      if (isUniqueViolation(error)) throw ballotErrors.replayed((await this.currentRevision(row.ballotId, row.recipientId)) + 1);
      throw error;
    }
    this.audit.recorded();
  }

  private async storeRevision(manager: EntityManager, answer: PendingAnswer): Promise<void> {
    const { row } = answer;
    const [state] = (await manager.query(
      ...this.sql(
        `SELECT b.status, b.deadline, a.id AS current_id, a.revision AS current_revision, a.document_hash AS current_hash,
                (SELECT k.revoked_at FROM signing_keys k WHERE k.id = $3) AS key_revoked_at
           FROM ballots b
           LEFT JOIN ballot_answers a ON a.ballot_id = b.id AND a.recipient_id = $2 AND a.is_current = TRUE
          WHERE b.id = $1${this.postgres ? ' FOR SHARE OF b' : ''}`,
        [row.ballotId, row.recipientId, row.keyId],
      ),
    )) as StateRow[];
    if (!state || state.status !== 'open' || readDate(state.deadline) <= row.receivedAt) throw ballotErrors.closed();
    if (state.key_revoked_at !== null) throw ballotErrors.keyRevoked();
    const expected = (state.current_revision === null ? 0 : Number(state.current_revision)) + 1;
    if (row.revision !== expected) throw ballotErrors.replayed(expected);
    if (answer.previous !== (state.current_hash ?? null)) throw ballotErrors.signatureInvalid('it does not follow your latest answer; reload the ballot and sign again.');
    if (!this.postgres) return this.writeSqlite(manager, answer, state.current_id);
    if (state.current_id) {
      // Retire the current revision first: the new one may only be inserted once no other is current.
      await manager.query(
        `WITH answers AS (UPDATE ballot_answers SET is_current = FALSE WHERE id = $1)
         UPDATE ballot_opinions SET is_current = FALSE WHERE answer_id = $1`,
        [state.current_id],
      );
    }
    const inserted = await this.insertPostgres(manager, answer, '');
    if (inserted !== 1) throw await this.refusal(answer);
  }

  /**
   * First answers (revision 1) arriving together, stored by one statement: true for each one
   * stored, false for one refused (the ballot closed, the key revoked, an answer already there),
   * an error for one the database failed. Should the batch fail as a whole, each is retried on its
   * own, so one answer's fault is never another's.
   */
  private async storeFirstAnswers(answers: PendingAnswer[]): Promise<(boolean | Error)[]> {
    if (answers.length === 1) return [await this.storeFirstAnswer(answers[0])];
    try {
      const stored = await this.insertFirstAnswersPostgres(answers);
      return answers.map((answer) => stored.has(answer.row.id));
    } catch {
      const outcomes: (boolean | Error)[] = [];
      for (const answer of answers) outcomes.push(await this.storeFirstAnswer(answer));
      return outcomes;
    }
  }

  private storeFirstAnswer(answer: PendingAnswer): Promise<boolean | Error> {
    return this.insertPostgres(this.dataSource.manager, answer, 'FOR SHARE').then((inserted) => inserted === 1, asError);
  }

  /** Why an answer was not stored: the ballot closed (or its deadline passed), the key was revoked, or a revision is there already. */
  private async refusal(answer: PendingAnswer): Promise<Error> {
    const { row } = answer;
    const context = await this.freshContext(row.ballotId, row.recipientId, row.keyId);
    if (!context || context.status !== 'open' || (context.deadline !== null && context.deadline <= row.receivedAt)) return ballotErrors.closed();
    if (context.key?.revoked) return ballotErrors.keyRevoked();
    return ballotErrors.replayed((await this.currentRevision(row.ballotId, row.recipientId)) + 1);
  }

  /**
   * Many first answers in one statement, each column passed as one array, so the text (and the
   * plan) is the same for any batch. Locks the ballot rows FOR SHARE; an answer is inserted only
   * while its ballot is open before its deadline (as of its arrival) and its key not revoked, and
   * `ON CONFLICT DO NOTHING` skips one whose recipient has an answer already (a replay, or the same
   * answer twice in the batch). Opinions, the draft's removal and the audit entry follow only the
   * answers inserted. Returns their ids.
   */
  private async insertFirstAnswersPostgres(answers: PendingAnswer[]): Promise<Set<string>> {
    const rows = answers.map(({ row, clearDraft }) => ({ ...row, clearDraft: clearDraft !== false }));
    const opinions = answers.flatMap(({ row, opinions: list }) => list.map((opinion) => ({ answerId: row.id, ...opinion })));
    const outbox = answers.map((answer) => ({ answerId: answer.row.id, ...answer.outbox }));
    const pluck = <T, K extends keyof T>(items: T[], key: K): T[K][] => items.map((item) => item[key]);
    const inserted = (await this.dataSource.query(
      `WITH v AS (
         SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::int[], $5::text[], $6::varchar[], $7::text[], $8::varchar[], $9::timestamptz[], $10::timestamptz[], $11::boolean[])
             AS v (id, ballot_id, recipient_id, revision, document, document_hash, signature, key_id, signed_at, received_at, clear_draft)
       ), ballot AS (
         SELECT id, deadline FROM ballots WHERE id IN (SELECT ballot_id FROM v) AND status = 'open' FOR SHARE
       ), accepted AS (
         SELECT v.* FROM v JOIN ballot ON ballot.id = v.ballot_id AND ballot.deadline > v.received_at
          WHERE EXISTS (SELECT 1 FROM signing_keys k WHERE k.id = v.key_id AND k.revoked_at IS NULL)
       ), answer AS (
         INSERT INTO ballot_answers (id, ballot_id, recipient_id, revision, document, document_hash, signature, key_id, signed_at, received_at, is_current)
         SELECT id, ballot_id, recipient_id, revision, document, document_hash, signature, key_id, signed_at, received_at, TRUE FROM accepted
         ON CONFLICT DO NOTHING
         RETURNING id, ballot_id, recipient_id, revision
       ), opinions AS (
         INSERT INTO ballot_opinions (answer_id, question_id, ballot_id, recipient_id, revision, choice, comment, is_current)
         SELECT answer.id, o.question_id, answer.ballot_id, answer.recipient_id, answer.revision, o.choice, o.comment, TRUE
           FROM unnest($12::varchar[], $13::varchar[], $14::varchar[], $15::text[]) AS o (answer_id, question_id, choice, comment)
           JOIN answer ON answer.id = o.answer_id
       ), audit AS (
         INSERT INTO audit_outbox (at, actor_id, actor_username, action, target_type, target_id, ip, correlation_id, details)
         SELECT x.at, x.actor_id, x.actor_username, x.action, x.target_type, x.target_id, x.ip, x.correlation_id, x.details
           FROM unnest($16::varchar[], $17::varchar[], $18::varchar[], $19::varchar[], $20::varchar[], $21::varchar[], $22::varchar[], $23::varchar[], $24::varchar[], $25::text[])
                WITH ORDINALITY AS x (answer_id, at, actor_id, actor_username, action, target_type, target_id, ip, correlation_id, details, n)
           JOIN answer ON answer.id = x.answer_id
          ORDER BY x.n
       ), draft AS (
         UPDATE ballot_recipients r SET draft = NULL, draft_saved_at = NULL
           FROM answer JOIN v ON v.id = answer.id
          WHERE v.clear_draft AND r.ballot_id = answer.ballot_id AND r.user_id = answer.recipient_id AND r.draft_saved_at IS NOT NULL
       )
       SELECT id FROM answer`,
      [
        pluck(rows, 'id'),
        pluck(rows, 'ballotId'),
        pluck(rows, 'recipientId'),
        pluck(rows, 'revision'),
        pluck(rows, 'document'),
        pluck(rows, 'documentHash'),
        pluck(rows, 'signature'),
        pluck(rows, 'keyId'),
        pluck(rows, 'signedAt'),
        pluck(rows, 'receivedAt'),
        pluck(rows, 'clearDraft'),
        pluck(opinions, 'answerId'),
        pluck(opinions, 'questionId'),
        pluck(opinions, 'choice'),
        pluck(opinions, 'comment'),
        pluck(outbox, 'answerId'),
        pluck(outbox, 'at'),
        pluck(outbox, 'actorId'),
        pluck(outbox, 'actorUsername'),
        pluck(outbox, 'action'),
        pluck(outbox, 'targetType'),
        pluck(outbox, 'targetId'),
        pluck(outbox, 'ip'),
        pluck(outbox, 'correlationId'),
        pluck(outbox, 'details'),
      ],
    )) as { id: string }[];
    return new Set(inserted.map((row) => row.id));
  }

  /**
   * Inserts the answer, its opinions, the draft's removal and the audit entry, all conditional on
   * the ballot being open before its deadline (checked on the row as locked) and the device key
   * not revoked. Returns 1 when stored.
   */
  private async insertPostgres(manager: EntityManager, answer: PendingAnswer, lock: '' | 'FOR SHARE'): Promise<number> {
    const { row, opinions, outbox } = answer;
    const params: unknown[] = [
      row.id, row.ballotId, row.recipientId, row.revision, row.document, row.documentHash, row.signature, row.keyId, row.signedAt, row.receivedAt,
      outbox.at, outbox.actorId, outbox.actorUsername, outbox.action, outbox.targetType, outbox.targetId, outbox.ip, outbox.correlationId, outbox.details,
    ];
    const values = opinions.map((opinion) => {
      params.push(opinion.questionId, opinion.choice, opinion.comment);
      const n = params.length;
      return `($${n - 2}::varchar, $${n - 1}::varchar, $${n}::text)`;
    });
    const draft =
      answer.clearDraft === false
        ? ''
        : `, draft AS (UPDATE ballot_recipients SET draft = NULL, draft_saved_at = NULL WHERE ballot_id = $2 AND user_id = $3 AND draft_saved_at IS NOT NULL AND EXISTS (SELECT 1 FROM answer))`;
    const [result] = (await manager.query(
      `WITH ballot AS (
         SELECT id FROM ballots
          WHERE id = $2 AND status = 'open' AND deadline > $10::timestamptz
            AND EXISTS (SELECT 1 FROM signing_keys WHERE id = $8 AND revoked_at IS NULL)
          ${lock}
       ), answer AS (
         INSERT INTO ballot_answers (id, ballot_id, recipient_id, revision, document, document_hash, signature, key_id, signed_at, received_at, is_current)
         SELECT $1, $2, $3, $4::int, $5, $6, $7, $8, $9::timestamptz, $10::timestamptz, TRUE FROM ballot RETURNING id
       ), opinions AS (
         INSERT INTO ballot_opinions (answer_id, question_id, ballot_id, recipient_id, revision, choice, comment, is_current)
         SELECT answer.id, v.question_id, $2, $3, $4::int, v.choice, v.comment, TRUE
           FROM answer CROSS JOIN (VALUES ${values.join(', ')}) AS v (question_id, choice, comment)
       ), audit AS (
         INSERT INTO audit_outbox (at, actor_id, actor_username, action, target_type, target_id, ip, correlation_id, details)
         SELECT $11, $12, $13, $14, $15, $16, $17, $18, $19 FROM answer
       )${draft}
       SELECT COUNT(*)::int AS inserted FROM answer`,
      params,
    )) as { inserted: number }[];
    return Number(result?.inserted ?? 0);
  }

  private async currentRevision(ballotId: string, recipientId: string): Promise<number> {
    const [row] = (await this.dataSource.query(
      ...this.sql('SELECT revision FROM ballot_answers WHERE ballot_id = $1 AND recipient_id = $2 AND is_current = TRUE', [ballotId, recipientId]),
    )) as { revision: number | string }[];
    return row ? Number(row.revision) : 0;
  }

  private async writeSqlite(manager: EntityManager, answer: PendingAnswer, currentId: string | null): Promise<void> {
    const { row, opinions } = answer;
    if (currentId) {
      await manager.getRepository(BallotAnswerEntity).update({ id: currentId }, { isCurrent: false });
      await manager.getRepository(BallotOpinionEntity).update({ answerId: currentId }, { isCurrent: false });
    }
    await manager.getRepository(BallotAnswerEntity).insert(row);
    await manager
      .getRepository(BallotOpinionEntity)
      .insert(opinions.map((o) => ({ answerId: row.id, questionId: o.questionId, ballotId: row.ballotId, recipientId: row.recipientId, revision: row.revision, choice: o.choice, comment: o.comment, isCurrent: true })));
    if (answer.clearDraft !== false) await manager.getRepository(BallotRecipientEntity).update({ ballotId: row.ballotId, userId: row.recipientId }, { draft: null, draftSavedAt: null });
    await this.audit.appendRow(manager, answer.outbox);
  }
}

type AuditOutboxRow = Omit<AuditOutboxEntity, 'id'>;

interface ContextRow {
  status: BallotStatus;
  version: number | string;
  deadline: Date | string;
  questions: string;
  return_reason: string | null;
  recipient: string | null;
  draft_saved_at: unknown;
  key_user: string | null;
  public_key: string | null;
  fingerprint: string | null;
  revoked_at: unknown;
  certified_at: unknown;
}

interface StateRow {
  status: BallotStatus;
  deadline: Date | string;
  current_id: string | null;
  current_revision: number | string | null;
  current_hash: string | null;
  key_revoked_at: unknown;
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

export function isUniqueViolation(error: unknown): boolean {
  const text = String((error as { code?: string; message?: string })?.code ?? '') + String((error as { message?: string })?.message ?? '');
  return /23505|SQLITE_CONSTRAINT|UNIQUE/i.test(text);
}
