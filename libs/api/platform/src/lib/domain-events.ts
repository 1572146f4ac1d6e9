import { Injectable } from '@nestjs/common';
import { Subject, filter, type Observable } from 'rxjs';
import type { BallotStatus, BookProgress, ChatMessageResponse, MeetingEvent, NotificationResponse } from '@ecabinet/shared/contracts';

/**
 * Domain events that services publish. The realtime relay (and later the mailer) subscribe;
 * services never touch sockets. Later domains add their events to this map.
 */
export interface DomainEventMap {
  /** The user's sessions were ended everywhere (logout-everywhere, disabled account). */
  /** All the user's sessions, or only `sessionId`, or all but `exceptSessionId`. */
  'identity.sessions-revoked': { userId: string; reason: 'logout' | 'disabled' | 'password-changed' | 'device-wiped'; sessionId?: string; exceptSessionId?: string };
  /**
   * A committed change of a meeting, with its full payload; the relay projects it per viewer.
   * `withheldFrom`: participants who may not see it (excluded from the item of a `papers` event);
   * they get a `withheld` event at the same `seq` instead.
   */
  'meeting.event': { event: MeetingEvent; withheldFrom?: string[] };
  /** A chat message was stored: `userIds` null for the channel (everyone following the meeting), else the two people. */
  'chat.message': { message: ChatMessageResponse; userIds: string[] | null };
  'chat.muted': { meetingId: string; userId: string; muted: boolean };
  /** Something a room screen shows changed outside the meeting's events (its seat plan): its screens get a new view. */
  'room-screen.refresh': { meetingId: string };
  /** A room screen's credential was revoked (#15): its sockets close on every instance. */
  'room-screen.revoked': { screenId: string; meetingId: string };
  /** A meeting was published: its participants are told in the app. */
  'meeting.published': { meetingId: string; title: string; startsAt: string; userIds: string[] };
  /** A resolution was issued: it is told to every member of the Government and the chair. */
  'resolution.issued': { resolutionId: string; title: string; number: string };
  /** The chair approved a meeting's minutes: its participants are told, in the app and by e-mail if they chose. */
  'minutes.approved': { meetingId: string; title: string; number: string };
  /** A task was assigned: its responsible person and the heads of the organisations it names are told. */
  'task.assigned': {
    taskId: string;
    title: string;
    dueDate: string;
    userIds: string[];
    /** A task assigned from an issued resolution: the resolution is sent to the staff of the organisations it now assigns to. */
    resolution?: { resolutionId: string; title: string; number: string; userIds: string[] };
  };
  /** The secretariat accepted or refused a task's request: its author is told. */
  'task.decided': { taskId: string; title: string; authorId: string; requestKind: 'completion' | 'extension'; accepted: boolean };
  /** A published meeting's start or end moved: its participants are notified. */
  'meeting.rescheduled': { meetingId: string; title: string; startsAt: string };
  /** A notification was stored for a user; the relay sends it to the user's own room. */
  'notification.created': { userId: string; notification: NotificationResponse; unread: number };
  /** A user read notifications: every device of theirs updates its count. */
  'notification.unread': { userId: string; unread: number };
  /** A ballot was issued to its recipients, or its deadline extended. */
  'ballot.issued': { ballotId: string; title: string; deadline: string; userIds: string[] };
  'ballot.extended': { ballotId: string; title: string; deadline: string; userIds: string[] };
  /** A device key was registered in a user's name (by whoever holds a session of the account): he is told. */
  'signing-key.registered': { userId: string; keyId: string; label: string; fingerprint: string; certified: boolean };
  /** A ballot changed status; recipients (userIds) and the secretariat are told. */
  'ballot.changed': { ballotId: string; status: BallotStatus; userIds: string[] };
  /** Someone answered: the secretariat's tracking board refreshes. */
  'ballot.progress': { ballotId: string };
  /** Late recipients were reminded. */
  'ballot.reminded': { ballotId: string; title: string; deadline: string; userIds: string[] };
  /** The delegates of late recipients were told which of their members have not answered (full names). */
  'ballot.delegates-reminded': { ballotId: string; title: string; deadline: string; delegates: { userId: string; members: string[] }[] };
  /** A meeting book is being compiled in the background for these readers, or is ready. */
  'papers.book-progress': { userIds: string[]; progress: BookProgress };
}

export type DomainEventName = keyof DomainEventMap;

export interface DomainEvent<K extends DomainEventName = DomainEventName> {
  name: K;
  payload: DomainEventMap[K];
}

@Injectable()
export class DomainEvents {
  private readonly subject = new Subject<DomainEvent>();

  publish<K extends DomainEventName>(name: K, payload: DomainEventMap[K]): void {
    this.subject.next({ name, payload } as DomainEvent);
  }

  on<K extends DomainEventName>(name: K): Observable<DomainEvent<K>> {
    return this.subject.pipe(filter((event): event is DomainEvent<K> => event.name === name));
  }
}
