import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { searchTerms, type SearchHit, type SearchResponse } from '@ecabinet/shared/contracts';
import type { AuthenticatedUser } from '@ecabinet/api/platform';
import { AgendaItemEntity, MeetingEntity, MeetingStore, ParticipantEntity } from '@ecabinet/api/meetings';
import { PaperAccess, PaperAnnotationEntity, PaperEntity, PaperTexts, PaperVersionEntity, type ReaderContext } from '@ecabinet/api/papers';
import { BallotEntity, BallotPaperEntity, BallotRecipientEntity, canSeeBallot, isBallotStaff } from '@ecabinet/api/ballots';
import { matchText, type TextMatch } from './text-match';

/** Hits returned at most; pages of one paper at most. */
const MAX_HITS = 50;
const MAX_PAGES_PER_PAPER = 3;
/** Pages asked of the text index before each is checked against the caller's rights. */
const PAGE_CANDIDATES = 400;

type Hit = Omit<SearchHit, 'score' | 'excerpt' | 'marks'>;

/**
 * One search over everything the caller may read (#14). The text index finds the pages; every
 * hit is then checked by the same rule that guards reading it (PaperAccess for a meeting's
 * papers, the ballot's visibility for its papers), so a restricted paper, a paper of an item one
 * is excluded from, a draft meeting or a ballot not sent to one is never found. Agenda items,
 * conclusions, ballots and the caller's own notes are few and are matched here, from what the
 * caller may already list.
 */
@Injectable()
export class SearchService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly meetings: MeetingStore,
    private readonly paperAccess: PaperAccess,
    private readonly texts: PaperTexts,
  ) {}

  async search(user: AuthenticatedUser, query: string): Promise<SearchResponse> {
    const terms = searchTerms(query).slice(0, 12);
    const scope = await this.scope(user);
    const hits: SearchHit[] = [];
    const add = (hit: Hit, match: TextMatch | null, bonus = 0) => {
      if (match) hits.push({ ...hit, excerpt: match.excerpt, marks: match.marks, score: match.score + bonus });
    };
    const contexts = new Map<string, Promise<ReaderContext | null>>();
    const readerOf = (meetingId: string) => {
      let context = contexts.get(meetingId);
      if (!context) contexts.set(meetingId, (context = this.paperAccess.context(meetingId, user).catch(() => null)));
      return context;
    };

    await this.papers(terms, scope, readerOf, add);
    this.agenda(terms, scope.meetings, scope.items, add);
    this.ballots(terms, scope.ballots, add);
    await this.notes(user, terms, scope.meetings, readerOf, add);

    hits.sort((a, b) => b.score - a.score || a.title.localeCompare(b.title, 'vi') || (a.page ?? 0) - (b.page ?? 0));
    return { query: query.trim(), hits: hits.slice(0, MAX_HITS), pendingPapers: await this.texts.pending() };
  }

  /** What the caller may list: meetings (drafts for the secretariat only), their items, and the ballots he may see. */
  private async scope(user: AuthenticatedUser) {
    const manager = this.dataSource.manager;
    const secretariat = user.roles.includes('secretary');
    const mine = await manager.getRepository(ParticipantEntity).find({ where: { userId: user.id } });
    const meetingRows = secretariat
      ? await manager.getRepository(MeetingEntity).find()
      : mine.length
        ? await manager.getRepository(MeetingEntity).find({ where: { id: In(mine.map((p) => p.meetingId)) } })
        : [];
    const meetings = new Map(meetingRows.filter((m) => secretariat || m.status !== 'draft').map((m) => [m.id, m]));
    const items = meetings.size ? await manager.getRepository(AgendaItemEntity).find({ where: { meetingId: In([...meetings.keys()]) } }) : [];
    const recipientOf = new Set((await manager.getRepository(BallotRecipientEntity).find({ where: { userId: user.id } })).map((r) => r.ballotId));
    const staff = isBallotStaff(user);
    const ballotRows = staff ? await manager.getRepository(BallotEntity).find() : recipientOf.size ? await manager.getRepository(BallotEntity).find({ where: { id: In([...recipientOf]) } }) : [];
    const ballots = new Map(ballotRows.filter((b) => canSeeBallot(b, user, recipientOf.has(b.id))).map((b) => [b.id, b]));
    return { meetings, items, ballots, secretariat, staff };
  }

  private async papers(
    terms: readonly string[],
    scope: Awaited<ReturnType<SearchService['scope']>>,
    readerOf: (meetingId: string) => Promise<ReaderContext | null>,
    add: (hit: Hit, match: TextMatch | null, bonus?: number) => void,
  ): Promise<void> {
    const pages = await this.texts.find(terms, { meetingIds: scope.secretariat ? null : [...scope.meetings.keys()], ballotIds: scope.staff ? null : [...scope.ballots.keys()] }, PAGE_CANDIDATES);
    if (pages.length === 0) return;
    const manager = this.dataSource.manager;
    const hashes = [...new Set(pages.map((page) => page.sha256))];
    const versions = await manager.getRepository(PaperVersionEntity).find({ where: { sha256: In(hashes) } });
    const papers = versions.length ? await manager.getRepository(PaperEntity).find({ where: { id: In([...new Set(versions.map((v) => v.paperId))]) } }) : [];
    const current = papers.filter((paper) => versions.some((v) => v.paperId === paper.id && v.version === paper.currentVersion));
    const ballotPapers = await manager.getRepository(BallotPaperEntity).find({ where: { sha256: In(hashes) } });
    const readable = new Map<string, PaperEntity[]>();
    for (const paper of current) {
      const context = scope.meetings.has(paper.meetingId) ? await readerOf(paper.meetingId) : null;
      if (!context || !this.paperAccess.canRead(context, paper)) continue;
      const sha256 = versions.find((v) => v.paperId === paper.id && v.version === paper.currentVersion)?.sha256 as string;
      readable.set(sha256, [...(readable.get(sha256) ?? []), paper]);
    }
    const shown = new Map<string, number>();
    const room = (key: string) => {
      const count = shown.get(key) ?? 0;
      shown.set(key, count + 1);
      return count < MAX_PAGES_PER_PAPER;
    };
    for (const page of pages) {
      const match = matchText(page.body, terms);
      for (const paper of readable.get(page.sha256) ?? []) {
        if (!room(paper.id)) continue;
        const meeting = scope.meetings.get(paper.meetingId);
        add({ kind: 'paper', title: paper.title, context: meeting?.title ?? '', page: page.page, meetingId: paper.meetingId, itemId: paper.itemId, paperId: paper.id, ballotId: null }, match, titleBonus(paper.title, terms));
      }
      for (const paper of ballotPapers.filter((p) => p.sha256 === page.sha256)) {
        const ballot = scope.ballots.get(paper.ballotId);
        if (!ballot || !room(paper.id)) continue;
        add({ kind: 'ballot-paper', title: paper.title, context: ballot.title, page: page.page, meetingId: null, itemId: null, paperId: paper.id, ballotId: ballot.id }, match, titleBonus(paper.title, terms));
      }
    }
  }

  private agenda(terms: readonly string[], meetings: ReadonlyMap<string, MeetingEntity>, items: readonly AgendaItemEntity[], add: (hit: Hit, match: TextMatch | null, bonus?: number) => void): void {
    for (const item of items) {
      const meeting = meetings.get(item.meetingId);
      if (!meeting) continue;
      const where = { meetingId: item.meetingId, itemId: item.id, paperId: null, ballotId: null, page: null, context: meeting.title, title: item.title };
      add({ ...where, kind: 'agenda-item' }, matchText([item.title, item.summary, item.presenter].filter(Boolean).join('\n'), terms), titleBonus(item.title, terms));
      if (item.conclusion) add({ ...where, kind: 'conclusion' }, matchText(item.conclusion, terms));
    }
  }

  private ballots(terms: readonly string[], ballots: ReadonlyMap<string, BallotEntity>, add: (hit: Hit, match: TextMatch | null, bonus?: number) => void): void {
    for (const ballot of ballots.values()) {
      const text = [ballot.title, ballot.summary, ...ballot.questions.map((q) => `${q.number}. ${q.text}`)].join('\n');
      add({ kind: 'ballot', title: ballot.title, context: '', page: null, meetingId: null, itemId: null, paperId: null, ballotId: ballot.id }, matchText(text, terms), titleBonus(ballot.title, terms));
    }
  }

  /** The caller's own notes (never another's), on papers he may still read. */
  private async notes(
    user: AuthenticatedUser,
    terms: readonly string[],
    meetings: ReadonlyMap<string, MeetingEntity>,
    readerOf: (meetingId: string) => Promise<ReaderContext | null>,
    add: (hit: Hit, match: TextMatch | null, bonus?: number) => void,
  ): Promise<void> {
    const manager = this.dataSource.manager;
    const notes = (await manager.getRepository(PaperAnnotationEntity).find({ where: { userId: user.id, kind: 'note' } })).filter((note) => note.text);
    if (notes.length === 0) return;
    const papers = new Map((await manager.getRepository(PaperEntity).find({ where: { id: In([...new Set(notes.map((n) => n.paperId))]) } })).map((p) => [p.id, p]));
    for (const note of notes) {
      const paper = papers.get(note.paperId);
      const match = matchText(note.text, terms);
      if (!paper || !match || !meetings.has(paper.meetingId)) continue;
      const context = await readerOf(paper.meetingId);
      if (!context || !this.paperAccess.canRead(context, paper)) continue;
      add({ kind: 'note', title: paper.title, context: meetings.get(paper.meetingId)?.title ?? '', page: note.page, meetingId: paper.meetingId, itemId: paper.itemId, paperId: paper.id, ballotId: null }, match, 2);
    }
  }
}

/** A title holding every word of the query ranks above a passing mention. */
function titleBonus(title: string, terms: readonly string[]): number {
  return matchText(title, terms) ? 10 : 0;
}
