import { HttpClient, HttpErrorResponse, HttpEventType, type HttpResponse } from '@angular/common/http';
import { DestroyRef, Injectable, computed, effect, inject, signal, untracked } from '@angular/core';
import type { AnnotationResponse, BallotResponse, ClientConfigResponse, MeetingSummaryResponse, PaperClassification, PaperResponse, SearchHit } from '@ecabinet/shared/contracts';
import { BallotsApi, SUBTLE_CRYPTO } from '@ecabinet/web/ballots/data-access';
import { API_BASE, AuthStore } from '@ecabinet/web/identity/data-access';
import { MeetingsApi, PendingChanges } from '@ecabinet/web/meetings/data-access';
import { firstValueFrom, lastValueFrom, tap } from 'rxjs';
import { type CopyPart, OFFLINE_CLOCK, OFFLINE_PAPER_DATABASE, type DeviceSecret, type SealedContent, type StoredPaper } from './offline-paper.database';
import { PapersApi } from './papers.api';
import { PdfLoader } from './pdf-loader';
import { markMatches, searchPages } from './text-search';
import { deviceSecret } from './password-sign-in';

/** Papers of meetings starting within this many days (or in session) are stored automatically. */
export const AUTO_STORE_DAYS = 10;
/** How often expiry is checked, and the automatic storing runs while online. */
const EXPIRY_CHECK_MS = 30_000;
const SYNC_EVERY_MS = 5 * 60_000;

/** Storing papers now: `done` of `total`, and how far the one arriving has come. */
export interface OfflineProgress {
  readonly done: number;
  readonly total: number;
  readonly title: string;
  readonly percent: number;
}

type Meeting = Pick<MeetingSummaryResponse, 'id' | 'title'>;
/** What a kept paper belongs to: a meeting, or an opinion ballot (whose papers are read before its deadline). */
interface Holder {
  readonly source: 'meeting' | 'ballot';
  readonly id: string;
  readonly title: string;
}
/** A paper the server gives him now, as far as keeping it goes. */
interface Candidate {
  readonly id: string;
  readonly title: string;
  readonly classification: PaperClassification;
  readonly version: number;
  readonly canDownload: boolean;
}
/** His notes on a kept paper, and when the server gave them (the later wins). */
interface KeptNotes {
  readonly seenAt: number;
  readonly notes: readonly AnnotationResponse[];
}
type Wanted = { readonly holder: Holder; readonly paper: Candidate; readonly pinned: boolean };

const entryKey = (userId: string, holder: Pick<Holder, 'source' | 'id'>, paperId: string) => `${userId}|${holder.source === 'ballot' ? 'ballot:' : ''}${holder.id}|${paperId}`;
const sourceOf = (entry: StoredPaper) => entry.source ?? 'meeting';
const meetingPaper = (paper: PaperResponse): Candidate => ({ id: paper.id, title: paper.title, classification: paper.classification, version: paper.current.version, canDownload: paper.canDownload });
const autoSettingKey = (userId: string) => `ecabinet.offline.auto.${userId}`;
/** Automatic storing as the user set it on this device; on until he turns it off. */
const autoSetting = (userId: string) => globalThis.localStorage?.getItem(autoSettingKey(userId)) !== 'off';

/**
 * Papers kept on this device to read without the network (#14): the member's own watermarked copy
 * (only papers he may download), encrypted with AES-GCM under a key that cannot leave the
 * browser's WebCrypto store. Stored automatically for meetings in the next days (a setting, on by
 * default) and pinned by hand; a copy the server no longer gives him (replaced, access withdrawn,
 * the meeting over) is replaced or deleted at the next sync. After OFFLINE_COPY_HOURS without
 * reaching the server, every copy and the key itself are deleted, signed in or not.
 */
@Injectable({ providedIn: 'root' })
export class OfflinePapers {
  private readonly http = inject(HttpClient);
  private readonly auth = inject(AuthStore);
  private readonly meetingsApi = inject(MeetingsApi);
  private readonly ballotsApi = inject(BallotsApi);
  private readonly papersApi = inject(PapersApi);
  private readonly db = inject(OFFLINE_PAPER_DATABASE);
  private readonly now = inject(OFFLINE_CLOCK);
  private readonly crypto = inject(SUBTLE_CRYPTO);
  private readonly loader = inject(PdfLoader);
  private readonly entriesState = signal<readonly StoredPaper[]>([]);
  private readonly progressState = signal<OfflineProgress | null>(null);
  private readonly failureState = signal<unknown>(null);
  private readonly expiresAtState = signal<number | null>(null);
  private readonly autoState = signal(true);
  private readonly destroyRef = inject(DestroyRef);
  private syncing: Promise<void> | null = null;
  private started = false;

  /** The signed-in user's stored papers, newest first. */
  readonly entries = this.entriesState.asReadonly();
  readonly progress = this.progressState.asReadonly();
  /** Why the last storing stopped (the device is full, the server refused…), until the next one. */
  readonly failure = this.failureState.asReadonly();
  /** When the copies are deleted unless the server is reached before (ms since the epoch). */
  readonly expiresAt = this.expiresAtState.asReadonly();
  readonly auto = this.autoState.asReadonly();
  readonly usedBytes = computed(() => this.entriesState().reduce((sum, entry) => sum + entry.sizeBytes, 0));

  /** The notes kept beside the copies are written in turn (see `keepNotesOf`). */
  private notesTurn: Promise<void> = Promise.resolve();

  constructor() {
    // Notes written offline are sent through this library's client, whoever queued them.
    inject(PendingChanges).registerNoteSender({
      create: (note) => this.papersApi.createAnnotation(note.meetingId, note.paperId, note.request),
      update: (edit) => this.papersApi.updateAnnotation(edit.meetingId, edit.paperId, edit.annotationId, { text: edit.text, revision: edit.revision }),
      remove: (removal) => this.papersApi.deleteAnnotation(removal.meetingId, removal.paperId, removal.annotationId, removal.revision),
    });
    // Another user signing in on this device sees his own copies, never the last one's.
    effect(() => {
      const user = this.auth.user();
      untracked(() => {
        this.entriesState.set([]);
        this.expiresAtState.set(null);
        if (user) {
          this.autoState.set(autoSetting(user.id));
          void this.reload(user.id).catch(() => undefined);
        }
      });
    });
  }

  /** Started once by the shell: expiry is enforced from the first moment, before anyone signs in. */
  start(): void {
    if (this.started) return;
    this.started = true;
    void this.purgeExpired().then(() => this.sync());
    const expiry = setInterval(() => void this.purgeExpired(), EXPIRY_CHECK_MS);
    const sync = setInterval(() => void this.sync(), SYNC_EVERY_MS);
    this.destroyRef.onDestroy(() => {
      clearInterval(expiry);
      clearInterval(sync);
    });
  }

  /** Turns automatic storing on or off for the signed-in user on this device; off lets go of what it stored. */
  async setAuto(on: boolean): Promise<void> {
    const user = this.auth.user();
    if (!user) return;
    globalThis.localStorage?.setItem(autoSettingKey(user.id), on ? 'on' : 'off');
    this.autoState.set(on);
    await this.sync();
  }

  /**
   * Stores, refreshes and lets go: the signed-in user's papers of meetings in the next
   * {@link AUTO_STORE_DAYS} days (when automatic storing is on) and the pinned ones, each at its
   * current version. A successful round restarts the offline clock.
   */
  sync(): Promise<void> {
    this.syncing ??= this.runSync().finally(() => (this.syncing = null));
    return this.syncing;
  }

  /** Keeps a paper on the device by the member's choice (fetching it if needed). */
  async pin(meeting: Meeting, paper: PaperResponse): Promise<void> {
    const user = this.auth.user();
    if (!user) return;
    const kept = await this.entryFor({ source: 'meeting', id: meeting.id }, paper.id);
    if (kept && kept.version === paper.current.version) {
      await this.db.put({ ...kept, pinned: true }, null);
    } else {
      this.failureState.set(null);
      await this.storeAll(user.id, [{ holder: { source: 'meeting', ...meeting }, paper: meetingPaper(paper), pinned: true }]);
      // The server just gave him the copy: his offline time starts now.
      const secret = await this.db.secret(user.id);
      if (secret) await this.contact(user.id, secret.ttlMs);
    }
    await this.reload(user.id);
  }

  /** Stops keeping a paper by choice: it goes now, unless automatic storing keeps it for a coming meeting (the next sync decides). */
  async unpin(entry: StoredPaper): Promise<void> {
    await this.db.put({ ...entry, pinned: false }, null);
    if (!this.autoState()) await this.db.remove([entry.key]);
    await this.reload(entry.userId);
    if (this.autoState()) await this.sync();
  }

  async remove(entries: readonly StoredPaper[]): Promise<void> {
    const user = this.auth.user();
    if (!user) return;
    await this.db.remove(entries.filter((entry) => entry.userId === user.id).map((entry) => entry.key));
    await this.reload(user.id);
  }

  /** The stored copy's bytes, decrypted; null when none is kept (or it has just expired). `ownerId` is the meeting's, or with `source: 'ballot'` the ballot's. */
  async read(ownerId: string, paperId: string, source: Holder['source'] = 'meeting'): Promise<{ entry: StoredPaper; bytes: ArrayBuffer } | null> {
    const user = this.auth.user();
    if (!user) return null;
    await this.purgeExpired();
    const secret = await this.db.secret(user.id);
    const entry = await this.entryFor({ source, id: ownerId }, paperId);
    const sealed = entry && (await this.db.content(entry.key));
    if (!secret || !entry || !sealed) return null;
    const bytes = await this.subtle().decrypt({ name: 'AES-GCM', iv: sealed.iv, additionalData: associated(entry) }, secret.key, sealed.data);
    return { entry, bytes };
  }

  /**
   * The member's notes on a meeting's paper as last seen from the server, kept beside its copy
   * (sealed) so that the copy opens offline with them; nothing when the paper is not kept here.
   */
  async keepNotes(meetingId: string, paperId: string, notes: readonly AnnotationResponse[]): Promise<void> {
    // Seen now, whenever the write's turn comes: the reader's quick changes are kept in the order made.
    const seenAt = this.now();
    const entry = await this.entryFor({ source: 'meeting', id: meetingId }, paperId);
    if (entry) await this.keepNotesOf(entry, notes, seenAt);
  }

  /** The notes kept beside a meeting paper's copy (see {@link keepNotes}). */
  async keptNotes(meetingId: string, paperId: string): Promise<AnnotationResponse[]> {
    const entry = await this.entryFor({ source: 'meeting', id: meetingId }, paperId);
    return [...((entry && (await this.openPart<KeptNotes>(entry, 'notes').catch(() => null))?.notes) ?? [])];
  }

  /** Kept unless what is kept was seen later (the reader's change after a sync asked the server). */
  private keepNotesOf(entry: StoredPaper, notes: readonly AnnotationResponse[], seenAt: number): Promise<void> {
    // One at a time: two writes read and written together would let the earlier list win.
    const write = this.notesTurn.then(async () => {
      const kept = await this.openPart<KeptNotes>(entry, 'notes').catch(() => null);
      if (kept && kept.seenAt > seenAt) return;
      await this.keepPart(entry, 'notes', { seenAt, notes } satisfies KeptNotes);
    });
    this.notesTurn = write.catch(() => undefined);
    return write;
  }

  /** The signed-in user's kept copy of a paper of this meeting or ballot, if any. */
  private async entryFor(holder: Pick<Holder, 'source' | 'id'>, paperId: string): Promise<StoredPaper | null> {
    const user = this.auth.user();
    if (!user) return null;
    const key = entryKey(user.id, holder, paperId);
    return (await this.db.entries(user.id)).find((entry) => entry.key === key) ?? null;
  }

  /**
   * Search without the network: the words in the kept copies' pages, with or without Vietnamese
   * marks as the server matches them, most matches first. Each copy's text is read once (when it
   * is stored) and kept sealed beside it.
   */
  async search(query: string): Promise<SearchHit[]> {
    const user = this.auth.user();
    if (!user) return [];
    await this.purgeExpired();
    const hits: SearchHit[] = [];
    for (const entry of await this.db.entries(user.id)) {
      const texts = await this.pageTexts(entry).catch(() => []);
      for (const match of searchPages(texts, query)) {
        const ballot = sourceOf(entry) === 'ballot';
        hits.push({
          kind: ballot ? 'ballot-paper' : 'paper',
          title: entry.title,
          context: entry.meetingTitle,
          excerpt: match.excerpt,
          marks: markMatches(match.excerpt, query),
          page: match.page,
          meetingId: ballot ? null : entry.meetingId,
          itemId: null,
          paperId: entry.paperId,
          ballotId: ballot ? entry.meetingId : null,
          score: match.count,
        });
      }
    }
    return hits.sort((a, b) => b.score - a.score || a.title.localeCompare(b.title, 'vi') || (a.page ?? 0) - (b.page ?? 0));
  }

  /** Deletes the copies and key of every user whose time offline has run out. */
  async purgeExpired(): Promise<void> {
    try {
      const now = this.now();
      for (const userId of await this.db.users()) {
        const secret = await this.db.secret(userId);
        if (secret && now >= secret.lastContact + secret.ttlMs) await this.db.forget(userId);
      }
      const user = this.auth.user();
      if (user) await this.reload(user.id);
    } catch {
      // No IndexedDB here (a private window): nothing is stored either.
    }
  }

  private async runSync(): Promise<void> {
    const user = this.auth.user();
    if (!user || globalThis.navigator?.onLine === false) return;
    try {
      const [config, meetings, ballots] = await Promise.all([
        firstValueFrom(this.http.get<ClientConfigResponse>(`${API_BASE}/config`)),
        firstValueFrom(this.meetingsApi.list('upcoming')),
        this.openBallotsOfMine(),
      ]);
      await this.contact(user.id, config.offlineCopyHours * 3_600_000);
      const kept = await this.db.entries(user.id);
      const gone: StoredPaper[] = [];
      const wanted: Wanted[] = [];
      for (const { holder, papers, soon } of await this.holders(kept, meetings, ballots)) {
        const storedHere = kept.filter((entry) => sourceOf(entry) === holder.source && entry.meetingId === holder.id);
        for (const entry of storedHere) {
          const paper = papers.find((candidate) => candidate.id === entry.paperId);
          // No longer given to him, or kept by neither choice nor a coming meeting or deadline: it goes.
          if (!paper || !paper.canDownload || (!entry.pinned && !soon)) gone.push(entry);
        }
        for (const paper of papers) {
          const entry = storedHere.find((candidate) => candidate.paperId === paper.id);
          const pinned = entry?.pinned ?? false;
          if (!paper.canDownload || (!pinned && !soon)) continue;
          if (!entry || entry.version !== paper.version) wanted.push({ holder, paper, pinned });
        }
      }
      await this.db.remove(gone.map((entry) => entry.key));
      await this.reload(user.id);
      this.failureState.set(null);
      await this.storeAll(user.id, wanted);
      await this.refreshNotes(user.id);
    } catch (error) {
      // Offline, or the session ended meanwhile: the next round tries again; anything else is said.
      if (!(error instanceof HttpErrorResponse && (error.status === 0 || error.status === 401))) this.failureState.set(error);
    } finally {
      await this.reload(user.id).catch(() => undefined);
    }
  }

  /**
   * What the device keeps or should keep, with the papers the server gives him now: the meetings he
   * sits in (not those the secretariat prepares), published and starting within
   * {@link AUTO_STORE_DAYS} days or under way; the open ballots he is asked to answer (until their
   * deadline, answered or not); and
   * whatever is kept already (a meeting past or a ballot closed then lets go of what it kept).
   */
  private async holders(kept: readonly StoredPaper[], meetings: readonly MeetingSummaryResponse[], ballots: readonly BallotResponse[]): Promise<{ holder: Holder; papers: Candidate[]; soon: boolean }[]> {
    const auto = this.autoState();
    const horizon = this.now() + AUTO_STORE_DAYS * 86_400_000;
    const soonMeetings = auto
      ? meetings.filter((meeting) => meeting.myRole !== null && meeting.myRole !== 'secretary' && meeting.status !== 'draft' && Date.parse(meeting.startsAt) <= horizon)
      : [];
    const soonIds = new Set(soonMeetings.map((meeting) => meeting.id));
    const meetingsById = new Map<string, Meeting>([
      ...kept.filter((entry) => sourceOf(entry) === 'meeting').map((entry) => [entry.meetingId, { id: entry.meetingId, title: entry.meetingTitle }] as const),
      ...soonMeetings.map((meeting) => [meeting.id, meeting] as const),
    ]);
    const groups: { holder: Holder; papers: Candidate[]; soon: boolean }[] = [];
    for (const meeting of meetingsById.values()) {
      groups.push({ holder: { source: 'meeting', id: meeting.id, title: meeting.title }, papers: (await this.readablePapers(meeting.id)).map(meetingPaper), soon: soonIds.has(meeting.id) });
    }
    const open = ballots.filter((ballot) => ballot.status === 'open' && ballot.mine !== null && Date.parse(ballot.deadline) > this.now());
    for (const ballot of open) {
      const papers = ballot.papers.map((paper) => ({ id: paper.id, title: paper.title, classification: paper.classification, version: 1, canDownload: paper.canDownload }));
      groups.push({ holder: { source: 'ballot', id: ballot.id, title: ballot.title }, papers, soon: auto });
    }
    // A ballot kept but no longer open to him: one group without papers, so its copies go.
    for (const entry of kept) {
      if (sourceOf(entry) === 'ballot' && !groups.some((group) => group.holder.source === 'ballot' && group.holder.id === entry.meetingId)) {
        groups.push({ holder: { source: 'ballot', id: entry.meetingId, title: entry.meetingTitle }, papers: [], soon: false });
      }
    }
    return groups;
  }

  /**
   * The open ballots he is asked to answer, answered or not (he may revise his answer until the
   * deadline, and reads the papers again to do so); none for a user who answers none (the secretariat).
   */
  private async openBallotsOfMine(): Promise<BallotResponse[]> {
    try {
      const [toAnswer, answered] = await Promise.all([firstValueFrom(this.ballotsApi.list('to-answer')), firstValueFrom(this.ballotsApi.list('answered'))]);
      return [...toAnswer, ...answered];
    } catch (error) {
      if (error instanceof HttpErrorResponse && (error.status === 403 || error.status === 404)) return [];
      throw error;
    }
  }

  /**
   * His notes on each kept meeting paper, as the server has them now, kept beside the copy: one
   * request per meeting. A paper the answer does not list (he may no longer read it) keeps what it
   * had until the copy itself goes.
   */
  private async refreshNotes(userId: string): Promise<void> {
    const kept = (await this.db.entries(userId)).filter((entry) => sourceOf(entry) === 'meeting');
    for (const meetingId of new Set(kept.map((entry) => entry.meetingId))) {
      const askedAt = this.now();
      const answer = await firstValueFrom(this.papersApi.meetingAnnotations(meetingId)).catch(() => null);
      if (!answer) continue;
      const byPaper = new Map(answer.map((entry) => [entry.paperId, entry.annotations]));
      for (const entry of kept.filter((candidate) => candidate.meetingId === meetingId)) {
        const notes = byPaper.get(entry.paperId);
        if (notes) await this.keepNotesOf(entry, notes, askedAt);
      }
    }
  }

  /** A meeting's papers as the server gives them to him now; none if he may no longer open the meeting. */
  private async readablePapers(meetingId: string): Promise<PaperResponse[]> {
    try {
      return await firstValueFrom(this.papersApi.list(meetingId));
    } catch (error) {
      if (error instanceof HttpErrorResponse && (error.status === 403 || error.status === 404)) return [];
      throw error;
    }
  }

  private async storeAll(userId: string, wanted: readonly Wanted[]): Promise<void> {
    try {
      for (const [index, { holder, paper, pinned }] of wanted.entries()) {
        this.progressState.set({ done: index, total: wanted.length, title: paper.title, percent: 0 });
        const fetched = holder.source === 'ballot' ? this.papersApi.keepBallotPaperOffline(holder.id, paper.id) : this.papersApi.keepOffline(holder.id, paper.id);
        const response = await lastValueFrom(
          fetched.pipe(
              tap((event) => {
                if (event.type === HttpEventType.DownloadProgress && event.total) {
                  this.progressState.set({ done: index, total: wanted.length, title: paper.title, percent: Math.round((event.loaded / event.total) * 100) });
                }
              }),
            ),
        );
        const body = (response as HttpResponse<ArrayBuffer>).body ?? new ArrayBuffer(0);
        const version = Number((response as HttpResponse<ArrayBuffer>).headers.get('x-paper-version')) || paper.version;
        const entry: StoredPaper = {
          key: entryKey(userId, holder, paper.id),
          userId,
          ...(holder.source === 'ballot' ? { source: 'ballot' as const } : {}),
          meetingId: holder.id,
          paperId: paper.id,
          meetingTitle: holder.title,
          title: paper.title,
          classification: paper.classification,
          version,
          sizeBytes: body.byteLength,
          storedAt: new Date(this.now()).toISOString(),
          pinned,
        };
        await this.db.put(entry, await this.seal(userId, entry, body));
        await this.reload(userId);
        // Its words, for search without the network; should pdf.js fail, the first search tries again.
        await this.pageTexts(entry, body).catch(() => undefined);
      }
    } catch (error) {
      this.failureState.set(error);
      throw error;
    } finally {
      this.progressState.set(null);
    }
  }

  private async seal(userId: string, entry: StoredPaper, bytes: ArrayBuffer | Uint8Array<ArrayBuffer>, part?: CopyPart): Promise<SealedContent> {
    const secret = await this.secretFor(userId);
    const iv = globalThis.crypto.getRandomValues(new Uint8Array(12));
    return { iv, data: await this.subtle().encrypt({ name: 'AES-GCM', iv, additionalData: associated(entry, part) }, secret.key, bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)) };
  }

  /** What is kept beside a copy (its text, his notes), decrypted; null when nothing is. */
  private async openPart<T>(entry: StoredPaper, part: CopyPart): Promise<T | null> {
    const [secret, sealed] = await Promise.all([this.db.secret(entry.userId), this.db.part(entry.key, part)]);
    if (!secret || !sealed) return null;
    const plain = await this.subtle().decrypt({ name: 'AES-GCM', iv: sealed.iv, additionalData: associated(entry, part) }, secret.key, sealed.data);
    return JSON.parse(new TextDecoder().decode(plain)) as T;
  }

  private async keepPart(entry: StoredPaper, part: CopyPart, value: unknown): Promise<void> {
    await this.db.savePart(entry.key, part, await this.seal(entry.userId, entry, new Uint8Array(new TextEncoder().encode(JSON.stringify(value))), part));
  }

  /** A kept copy's pages' text: read from the device, or extracted from the copy (`bytes`, or decrypted) and kept sealed. */
  private async pageTexts(entry: StoredPaper, bytes?: ArrayBuffer): Promise<string[]> {
    const kept = await this.openPart<string[]>(entry, 'text');
    if (kept) return kept;
    const copy = bytes ?? (await this.read(entry.meetingId, entry.paperId, sourceOf(entry)))?.bytes;
    if (!copy) return [];
    // pdf.js takes the buffer over: it is given a copy, so the caller's bytes stay usable.
    const document = await this.loader.open(copy.slice(0));
    try {
      const texts = await this.loader.pageTexts(document);
      await this.keepPart(entry, 'text', texts);
      return texts;
    } finally {
      void document.destroy();
    }
  }

  private secretFor(userId: string): Promise<DeviceSecret> {
    return deviceSecret(this.db, this.subtle(), userId, this.now());
  }

  /** The server answered this user: his copies stay readable `ttlMs` from now. */
  private async contact(userId: string, ttlMs: number): Promise<void> {
    await this.db.saveSecret(userId, { ...(await this.secretFor(userId)), lastContact: this.now(), ttlMs });
  }

  private subtle(): SubtleCrypto {
    if (!this.crypto) throw new Error('WebCrypto is unavailable: papers can be stored only over https or on localhost.');
    return this.crypto;
  }

  private async reload(userId: string): Promise<void> {
    if (this.auth.user()?.id !== userId) return;
    const [entries, secret] = await Promise.all([this.db.entries(userId), this.db.secret(userId)]);
    this.entriesState.set([...entries].sort((a, b) => b.storedAt.localeCompare(a.storedAt)));
    this.expiresAtState.set(secret && entries.length ? secret.lastContact + secret.ttlMs : null);
  }
}

/** The copy's identity is bound to its ciphertext: bytes moved under another paper's entry (or its text under its bytes) do not decrypt. */
function associated(entry: StoredPaper, part?: CopyPart): Uint8Array<ArrayBuffer> {
  return new Uint8Array(new TextEncoder().encode(`${entry.key}|${entry.version}${part ? `#${part}` : ''}`));
}

