import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Subscription } from 'rxjs';
import { DataSource, In } from 'typeorm';
import type { MeetingEvent, MeetingEventData } from '@ecabinet/shared/contracts';
import { DomainEvents, type AuthenticatedUser } from '@ecabinet/api/platform';
import { UserEntity, enabledUserIdsWithRoles } from '@ecabinet/api/identity';
import { AgendaItemEntity, MeetingEntity, MeetingStore } from '@ecabinet/api/meetings';
import { PaperAccess } from '@ecabinet/api/papers';
import { BallotEntity } from '@ecabinet/api/ballots';
import { NotificationsService, type NotificationDraft } from './notifications.service';

/**
 * Turns the domain events services already publish into notifications, choosing who is told:
 * ballot recipients (and the delegates of the late), the secretary who drafted a returned
 * ballot, a published meeting's participants, the readers of a new paper (PaperAccess decides:
 * an excluded member is not told), the speaker given the floor. Services never call it.
 */
@Injectable()
export class NotificationEventsListener implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(NotificationEventsListener.name);
  private readonly subscriptions: Subscription[] = [];

  constructor(
    private readonly dataSource: DataSource,
    private readonly events: DomainEvents,
    private readonly notifications: NotificationsService,
    private readonly meetings: MeetingStore,
    private readonly paperAccess: PaperAccess,
  ) {}

  onModuleInit(): void {
    const ballotLink = (ballotId: string) => `/ballots/${ballotId}`;
    this.subscriptions.push(
      this.events.on('ballot.issued').subscribe(({ payload: p }) =>
        this.run('ballot.issued', () => this.toEach(p.userIds, { kind: 'ballot-issued', title: p.title, link: ballotLink(p.ballotId), params: { deadline: p.deadline } })),
      ),
      this.events.on('ballot.extended').subscribe(({ payload: p }) =>
        this.run('ballot.extended', () => this.toEach(p.userIds, { kind: 'ballot-extended', title: p.title, link: ballotLink(p.ballotId), params: { deadline: p.deadline } })),
      ),
      this.events.on('ballot.reminded').subscribe(({ payload: p }) =>
        this.run('ballot.reminded', () => this.toEach(p.userIds, { kind: 'ballot-reminder', title: p.title, link: ballotLink(p.ballotId), params: { deadline: p.deadline } })),
      ),
      // A delegate is not a recipient: the title, the deadline and who is late; no link into the ballot.
      this.events.on('ballot.delegates-reminded').subscribe(({ payload: p }) =>
        this.run('ballot.delegates-reminded', () =>
          this.notifications.notify(p.delegates.map((d) => ({ userId: d.userId, kind: 'ballot-reminder', title: p.title, link: null, params: { deadline: p.deadline, members: d.members } }))),
        ),
      ),
      // Back to draft only happens when the chair returns a ballot for rework.
      this.events.on('ballot.changed').subscribe(({ payload: p }) => {
        if (p.status === 'draft') this.run('ballot.returned', () => this.ballotReturned(p.ballotId));
      }),
      this.events.on('signing-key.registered').subscribe(({ payload: p }) =>
        this.run('signing-key.registered', () =>
          this.notifications.notify([{ userId: p.userId, kind: 'signing-key-registered', title: p.label, link: null, params: { fingerprint: p.fingerprint, certified: p.certified } }]),
        ),
      ),
      this.events.on('meeting.published').subscribe(({ payload: p }) =>
        this.run('meeting.published', () => this.toEach(p.userIds, { kind: 'meeting-published', title: p.title, link: `/meetings/${p.meetingId}`, params: { startsAt: p.startsAt } })),
      ),
      this.events.on('meeting.rescheduled').subscribe(({ payload: p }) =>
        this.run('meeting.rescheduled', async () => {
          const participants = await this.meetings.participants(p.meetingId);
          await this.toEach(
            participants.map((x) => x.userId),
            { kind: 'meeting-rescheduled', title: p.title, link: `/meetings/${p.meetingId}`, params: { startsAt: p.startsAt } },
          );
        }),
      ),
      this.events.on('minutes.approved').subscribe(({ payload: p }) =>
        this.run('minutes.approved', async () => {
          const participants = await this.meetings.participants(p.meetingId);
          await this.toEach(
            participants.map((x) => x.userId),
            { kind: 'minutes-approved', title: p.title, link: `/meetings/${p.meetingId}/minutes`, params: { number: p.number } },
          );
        }),
      ),
      this.events.on('resolution.issued').subscribe(({ payload: p }) =>
        this.run('resolution.issued', async () => {
          await this.toEach(
            await enabledUserIdsWithRoles(this.dataSource.manager, ['member', 'chair', 'secretary']),
            { kind: 'resolution-issued', title: p.title, link: `/resolutions/${p.resolutionId}`, params: { number: p.number }, dedupeKey: `resolution:${p.resolutionId}` },
          );
        }),
      ),
      this.events.on('task.assigned').subscribe(({ payload: p }) =>
        this.run('task.assigned', async () => {
          await this.toEach(p.userIds, { kind: 'task-assigned', title: p.title, link: `/tasks/${p.taskId}`, params: { dueDate: p.dueDate } });
          // The resolution reaches the organisations it assigns to, once per person (members had it at issue).
          const r = p.resolution;
          if (r) await this.toEach(r.userIds, { kind: 'resolution-issued', title: r.title, link: `/resolutions/${r.resolutionId}`, params: { number: r.number }, dedupeKey: `resolution:${r.resolutionId}` });
        }),
      ),
      this.events.on('task.decided').subscribe(({ payload: p }) =>
        this.run('task.decided', () =>
          this.toEach([p.authorId], {
            kind: 'task-decided',
            title: p.title,
            link: `/tasks/${p.taskId}`,
            params: { decision: p.accepted ? 'accepted' : 'refused', requestKind: p.requestKind },
          }),
        ),
      ),
      this.events.on('meeting.event').subscribe(({ payload: { event } }) => {
        if (event.kind === 'papers' && (event.data.change === 'added' || event.data.change === 'replaced')) this.run('papers', () => this.paperChanged(event.meetingId, event.data));
        if (event.kind === 'speakers' && event.data.speakers.some((s) => s.state === 'speaking')) this.run('speakers', () => this.floorGranted(event));
        if (event.kind === 'status' && event.data.status === 'in_session') this.run('status', () => this.meetingStarted(event.meetingId, event.data.version));
      }),
    );
  }

  onModuleDestroy(): void {
    for (const subscription of this.subscriptions) subscription.unsubscribe();
  }

  private run(what: string, work: () => Promise<unknown>): void {
    work().catch((error: unknown) => this.logger.error({ err: error }, `notifications for ${what} failed`));
  }

  private async toEach(userIds: readonly string[], draft: Omit<NotificationDraft, 'userId'>): Promise<void> {
    await this.notifications.notify([...new Set(userIds)].map((userId) => ({ ...draft, userId })));
  }

  private async ballotReturned(ballotId: string): Promise<void> {
    const ballot = await this.dataSource.getRepository(BallotEntity).findOne({ where: { id: ballotId } });
    if (!ballot) return;
    // The secretary who drafted it; failing that (an imported ballot), the whole secretariat.
    const secretaries = await enabledUserIdsWithRoles(this.dataSource.manager, ['secretary']);
    const drafter = secretaries.find((id) => id === ballot.createdBy);
    await this.toEach(drafter ? [drafter] : secretaries, { kind: 'ballot-returned', title: ballot.title, link: `/ballot-desk/${ballotId}` });
  }

  /** Each participant who may read the paper now (PaperAccess: drafts hidden, exclusions, named readers) is told; the secretariat uploads, it is not. */
  private async paperChanged(meetingId: string, data: MeetingEventData['papers']): Promise<void> {
    const meeting = await this.dataSource.getRepository(MeetingEntity).findOne({ where: { id: meetingId } });
    if (!meeting || meeting.status === 'draft' || meeting.status === 'closed') return;
    const participants = (await this.meetings.participants(meetingId)).filter((p) => p.role !== 'secretary');
    const users = await this.meetings.users(participants.map((p) => p.userId));
    const drafts: NotificationDraft[] = [];
    for (const participant of participants) {
      const user = users.get(participant.userId);
      if (!user || user.disabled) continue;
      const caller: AuthenticatedUser = { id: user.id, username: user.username, fullName: user.fullName, roles: user.roles };
      if (caller.roles.includes('secretary')) continue;
      const paper = await this.paperAccess.readable(meetingId, data.paperId, caller).then(
        (readable) => readable.paper,
        () => null,
      );
      if (!paper) continue;
      drafts.push({
        userId: user.id,
        kind: data.change === 'added' ? 'paper-added' : 'paper-replaced',
        // A confidential paper's title stays in the app: the notification names the meeting only.
        title: paper.classification === 'confidential' ? meeting.title : paper.title,
        link: `/meetings/${meetingId}/papers/${data.paperId}`,
        params: { meetingTitle: meeting.title, ...(data.change === 'replaced' ? { version: data.version } : {}), ...(paper.classification !== 'normal' ? { restricted: true } : {}) },
      });
    }
    await this.notifications.notify(drafts);
  }

  /** The session opened (or resumed after an adjournment): its participants, the secretariat aside, are told once per change. */
  private async meetingStarted(meetingId: string, version: number): Promise<void> {
    const meeting = await this.dataSource.getRepository(MeetingEntity).findOne({ where: { id: meetingId } });
    if (!meeting) return;
    const participants = (await this.meetings.participants(meetingId)).filter((p) => p.role !== 'secretary');
    const users = await this.meetings.users(participants.map((p) => p.userId));
    const told = participants.map((p) => users.get(p.userId)).filter((u): u is UserEntity => u !== undefined && !u.disabled && !u.roles.includes('secretary'));
    await this.notifications.notify(
      told.map((user) => ({ userId: user.id, kind: 'meeting-started' as const, title: meeting.title, link: `/meetings/${meetingId}`, params: { startsAt: meeting.startsAt.toISOString() }, dedupeKey: `meeting-started:${meetingId}:${version}` })),
    );
  }

  /** Once per request to speak (its id is the key), however many later lists still show it speaking. */
  private async floorGranted(event: Extract<MeetingEvent, { kind: 'speakers' }>): Promise<void> {
    const speaking = event.data.speakers.filter((s) => s.state === 'speaking');
    const [meeting, item] = await Promise.all([
      this.dataSource.getRepository(MeetingEntity).findOne({ where: { id: event.meetingId } }),
      this.dataSource.getRepository(AgendaItemEntity).findOne({ where: { id: event.data.itemId, meetingId: event.meetingId } }),
    ]);
    if (!meeting) return;
    const enabled = new Set((await this.dataSource.getRepository(UserEntity).find({ where: { id: In(speaking.map((s) => s.userId)), disabled: false } })).map((u) => u.id));
    await this.notifications.notify(
      speaking
        .filter((s) => enabled.has(s.userId))
        .map((s) => ({
          userId: s.userId,
          kind: 'floor-granted' as const,
          title: item?.title ?? meeting.title,
          link: `/meetings/${event.meetingId}`,
          params: { meetingTitle: meeting.title },
          dedupeKey: `floor:${s.id}`,
        })),
    );
  }
}
