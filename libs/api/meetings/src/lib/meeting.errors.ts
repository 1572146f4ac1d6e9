import { MeetingErrorCode } from '@ecabinet/shared/contracts';
import { DomainError } from '@ecabinet/api/platform';

export const meetingErrors = {
  notFound: () => new DomainError(MeetingErrorCode.MEETING_NOT_FOUND, 'No such meeting.'),
  notParticipant: () => new DomainError(MeetingErrorCode.NOT_A_PARTICIPANT, 'You are not a participant of this meeting.'),
  notManager: () => new DomainError(MeetingErrorCode.NOT_A_PARTICIPANT, 'Only the chair and the secretariat may do this.'),
  staleVersion: (what: string, details: unknown) =>
    new DomainError(MeetingErrorCode.STALE_VERSION, `Someone else changed ${what} in the meantime. Review the current version and try again.`, details),
  invalidTransition: (from: string, to: string) =>
    new DomainError(MeetingErrorCode.INVALID_TRANSITION, `A meeting that is ${from} cannot become ${to}.`, { from, to }),
  itemNotFound: () => new DomainError(MeetingErrorCode.AGENDA_ITEM_NOT_FOUND, 'No such agenda item in this meeting.'),
  invalidParent: (reason: string) => new DomainError(MeetingErrorCode.INVALID_PARENT, reason),
  closed: () => new DomainError(MeetingErrorCode.MEETING_CLOSED, 'This meeting is closed; nothing can change any more.'),
  notInSession: () => new DomainError(MeetingErrorCode.NOT_IN_SESSION, 'This can only be done while the meeting is in session.'),
  itemNotOpen: (status: string) => new DomainError(MeetingErrorCode.ITEM_NOT_OPEN, `This agenda item is ${status}.`, { status }),
  notVoter: () => new DomainError(MeetingErrorCode.NOT_A_VOTER, 'You may not vote in this meeting.'),
  notPresent: () => new DomainError(MeetingErrorCode.NOT_PRESENT, 'Only members marked present (in the room or remote) may vote.'),
  voteAlreadyOpen: () => new DomainError(MeetingErrorCode.VOTE_ALREADY_OPEN, 'A vote is already open in this meeting; close it first.'),
  voteNotFound: () => new DomainError(MeetingErrorCode.VOTE_NOT_FOUND, 'No such vote in this meeting.'),
  voteClosed: () => new DomainError(MeetingErrorCode.VOTE_CLOSED, 'This vote is closed; no vote is accepted any more.'),
  secretVoteCast: () =>
    new DomainError(MeetingErrorCode.SECRET_VOTE_CAST, 'You have already voted in this secret vote: a secret ballot is stored apart from your name and cannot be changed.'),
  secretVoteExclusion: () =>
    new DomainError(
      MeetingErrorCode.SECRET_VOTE_EXCLUSION,
      'Someone to be excluded has already cast a ballot in the secret vote open on this item; a secret ballot cannot be found to discard. Close or let the vote finish first.',
    ),
  speakerNotFound: () => new DomainError(MeetingErrorCode.SPEAKER_NOT_FOUND, 'No such request to speak.'),
  alreadyRequested: () => new DomainError(MeetingErrorCode.ALREADY_REQUESTED, 'You are already on the list of speakers for this item.'),
  itemsHaveObjections: (itemIds: string[]) =>
    new DomainError(MeetingErrorCode.ITEMS_HAVE_OBJECTIONS, 'Some items have objections or are not pending; they need debate.', { itemIds }),
  invalidParticipants: (reason: string) => new DomainError(MeetingErrorCode.INVALID_PARTICIPANTS, reason),
  notTheChair: () => new DomainError(MeetingErrorCode.NOT_THE_CHAIR, "Only the meeting's chair approves its conclusions."),
  conclusionNotApprovable: (latest: number) =>
    new DomainError(MeetingErrorCode.CONCLUSION_NOT_APPROVABLE, 'Only the latest draft of a conclusion can be approved; reload to see it.', { latestVersion: latest }),
  minutesFrozen: () => new DomainError(MeetingErrorCode.MINUTES_FROZEN, 'The chair approved the minutes of this meeting: they, and the conclusions they record, never change.'),
  excludedFromItem: () =>
    new DomainError(MeetingErrorCode.EXCLUDED_FROM_ITEM, 'You are excluded from this agenda item (conflict of interest): no position, floor or vote on it.'),
};
