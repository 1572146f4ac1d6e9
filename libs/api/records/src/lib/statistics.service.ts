import { Inject, Injectable } from '@nestjs/common';
import { Between, DataSource, In } from 'typeorm';
import type { MemberResponseFigures, OrganisationTaskFigures, StatisticsResponse, TaskFigures } from '@ecabinet/shared/contracts';
import { APP_CONFIG, Clock, endOfGovernmentDay, type AppConfig } from '@ecabinet/api/platform';
import { readDate } from '@ecabinet/api/database';
import { BallotEntity } from '@ecabinet/api/ballots';
import { OrganisationEntity, UserEntity } from '@ecabinet/api/identity';
import { AgendaItemEntity, MeetingEntity, ParticipantEntity } from '@ecabinet/api/meetings';
import { TaskEntity } from './entities';
import { timeliness } from './tasks.service';

const ratio = (part: number, whole: number): number | null => (whole ? Math.round((part / whole) * 10_000) / 10_000 : null);

/** The figures of tasks, from their standing at `now` (see TaskFigures). */
export function taskFigures(tasks: readonly Pick<TaskEntity, 'status' | 'deadline' | 'completedAt'>[], assigned: number, now: Date): TaskFigures {
  const counts = { 'on-track': 0, overdue: 0, 'done-on-time': 0, 'done-late': 0 };
  for (const task of tasks) counts[timeliness(task, now)] += 1;
  const due = counts.overdue + counts['done-on-time'] + counts['done-late'];
  return {
    assigned,
    due,
    doneOnTime: counts['done-on-time'],
    doneLate: counts['done-late'],
    overdue: counts.overdue,
    notYetDue: counts['on-track'],
    overdueRate: ratio(counts.overdue, due),
    lateRate: ratio(counts.overdue + counts['done-late'], due),
  };
}

function median(values: number[]): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const value = sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  return Math.round(value * 10) / 10;
}

/**
 * How the Government works, over a period of its calendar: sessions held and items handled,
 * opinion ballots and how members answer them, the pages not printed, and tasks on time and
 * overdue, overall and per lead organisation.
 */
@Injectable()
export class StatisticsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async figures(from: string, to: string): Promise<StatisticsResponse> {
    const start = new Date(endOfGovernmentDay(from, this.config.timeZone).getTime() + 1 - 86_400_000);
    const end = endOfGovernmentDay(to, this.config.timeZone);
    const [sessions, papers] = await this.sessionsAndPapers(start, end);
    return {
      period: { from, to },
      sessions,
      ballots: await this.ballots(start, end),
      papers,
      tasks: await this.tasks(from, to, start, end),
    };
  }

  private async sessionsAndPapers(start: Date, end: Date): Promise<[StatisticsResponse['sessions'], StatisticsResponse['papers']]> {
    const meetings = await this.dataSource.getRepository(MeetingEntity).find({ where: { startsAt: Between(start, end) }, select: { id: true, status: true } });
    const held = meetings.filter((meeting) => meeting.status === 'closed').map((meeting) => meeting.id);
    const items = held.length
      ? await this.dataSource.getRepository(AgendaItemEntity).find({ where: { meetingId: In(held), status: 'done' }, select: { id: true, adoptedWithoutDebate: true, plannedMinutes: true, spentSeconds: true } })
      : [];
    const adopted = items.filter((item) => item.adoptedWithoutDebate);
    // Only items the session timed on the floor: one concluded without being taken up has no time to compare.
    const planned = items.filter((item) => !item.adoptedWithoutDebate && item.plannedMinutes !== null && item.spentSeconds > 0);
    const sessions = {
      held: held.length,
      itemsHandled: items.length,
      adoptedWithoutDebate: adopted.length,
      plannedMinutes: planned.reduce((sum, item) => sum + (item.plannedMinutes ?? 0), 0),
      spentMinutes: Math.round(planned.reduce((sum, item) => sum + item.spentSeconds, 0) / 6) / 10,
      savedMinutes: adopted.reduce((sum, item) => sum + (item.plannedMinutes ?? 0), 0),
    };

    // Distributed: meetings past their draft, each paper's current version to every participant but observers' own copies aside.
    const distributed = meetings.filter((meeting) => meeting.status !== 'draft').map((meeting) => meeting.id);
    let documents = 0;
    let pages = 0;
    let pagesDistributed = 0;
    if (distributed.length) {
      const rows = (await this.dataSource
        .createQueryBuilder()
        .select('p.meeting_id', 'meetingId')
        .addSelect('v.page_count', 'pageCount')
        .from('papers', 'p')
        .innerJoin('paper_versions', 'v', 'v.paper_id = p.id AND v.version = p.current_version')
        .where('p.meeting_id IN (:...ids)', { ids: distributed })
        .getRawMany()) as { meetingId: string; pageCount: number | string }[];
      const participants = await this.dataSource.getRepository(ParticipantEntity).find({ where: { meetingId: In(distributed) }, select: { meetingId: true, userId: true } });
      const readers = new Map<string, number>();
      for (const participant of participants) readers.set(participant.meetingId, (readers.get(participant.meetingId) ?? 0) + 1);
      for (const row of rows) {
        documents += 1;
        pages += Number(row.pageCount);
        pagesDistributed += Number(row.pageCount) * (readers.get(row.meetingId) ?? 0);
      }
    }
    const costPerPage = this.config.printCostPerPage;
    return [sessions, { documents, pages, pagesDistributed, costPerPage, savedVnd: pagesDistributed * costPerPage }];
  }

  private async ballots(start: Date, end: Date): Promise<StatisticsResponse['ballots']> {
    const ballots = await this.dataSource.getRepository(BallotEntity).find({ where: { issuedAt: Between(start, end) }, select: { id: true, status: true, issuedAt: true } });
    const empty = { issued: 0, closed: 0, asked: 0, answered: 0, responseRate: null, members: [] };
    if (!ballots.length) return empty;
    const ids = ballots.map((ballot) => ballot.id);
    const issuedAt = new Map(ballots.map((ballot) => [ballot.id, (ballot.issuedAt as Date).getTime()]));
    const recipients = (await this.dataSource.createQueryBuilder().select('r.ballot_id', 'ballotId').addSelect('r.user_id', 'userId').from('ballot_recipients', 'r').where('r.ballot_id IN (:...ids)', { ids }).getRawMany()) as {
      ballotId: string;
      userId: string;
    }[];
    const firstAnswers = (await this.dataSource
      .createQueryBuilder()
      .select('a.ballot_id', 'ballotId')
      .addSelect('a.recipient_id', 'userId')
      .addSelect('MIN(a.received_at)', 'firstAt')
      .from('ballot_answers', 'a')
      .where('a.ballot_id IN (:...ids)', { ids })
      .groupBy('a.ballot_id')
      .addGroupBy('a.recipient_id')
      .getRawMany()) as { ballotId: string; userId: string; firstAt: string | Date }[];
    const answeredAt = new Map(firstAnswers.map((answer) => [`${answer.ballotId}:${answer.userId}`, readDate(answer.firstAt).getTime()]));
    const perUser = new Map<string, { asked: number; hours: number[] }>();
    for (const recipient of recipients) {
      const figures = perUser.get(recipient.userId) ?? { asked: 0, hours: [] };
      figures.asked += 1;
      const at = answeredAt.get(`${recipient.ballotId}:${recipient.userId}`);
      if (at !== undefined) figures.hours.push((at - (issuedAt.get(recipient.ballotId) ?? at)) / 3_600_000);
      perUser.set(recipient.userId, figures);
    }
    const users = perUser.size ? await this.dataSource.getRepository(UserEntity).find({ where: { id: In([...perUser.keys()]) }, select: { id: true, fullName: true } }) : [];
    const names = new Map(users.map((user) => [user.id, user.fullName]));
    const members: MemberResponseFigures[] = [...perUser.entries()]
      .map(([userId, figures]) => ({
        user: { id: userId, fullName: names.get(userId) ?? '' },
        asked: figures.asked,
        answered: figures.hours.length,
        responseRate: ratio(figures.hours.length, figures.asked),
        medianHours: median(figures.hours),
      }))
      .sort((a, b) => (a.responseRate ?? 0) - (b.responseRate ?? 0) || a.user.fullName.localeCompare(b.user.fullName, 'vi'));
    const answered = members.reduce((sum, member) => sum + member.answered, 0);
    return {
      issued: ballots.length,
      closed: ballots.filter((ballot) => ballot.status === 'closed').length,
      asked: recipients.length,
      answered,
      responseRate: ratio(answered, recipients.length),
      members,
    };
  }

  private async tasks(from: string, to: string, start: Date, end: Date): Promise<StatisticsResponse['tasks']> {
    const repository = this.dataSource.getRepository(TaskEntity);
    const inScope = await repository.find({ where: { dueDate: Between(from, to) }, select: { id: true, status: true, deadline: true, completedAt: true, leadOrganisationId: true } });
    const assigned = await repository.find({ where: { createdAt: Between(start, end) }, select: { id: true, leadOrganisationId: true } });
    const now = this.clock.now();
    const organisationIds = [...new Set([...inScope, ...assigned].map((task) => task.leadOrganisationId))];
    const organisations = organisationIds.length ? await this.dataSource.getRepository(OrganisationEntity).find({ where: { id: In(organisationIds) } }) : [];
    const byOrganisation: OrganisationTaskFigures[] = organisations
      .map((organisation) => ({
        organisation: { id: organisation.id, name: organisation.name, symbol: organisation.symbol },
        ...taskFigures(
          inScope.filter((task) => task.leadOrganisationId === organisation.id),
          assigned.filter((task) => task.leadOrganisationId === organisation.id).length,
          now,
        ),
      }))
      .sort((a, b) => (b.overdueRate ?? -1) - (a.overdueRate ?? -1) || a.organisation.name.localeCompare(b.organisation.name, 'vi'));
    return { ...taskFigures(inScope, assigned.length, now), byOrganisation };
  }
}
