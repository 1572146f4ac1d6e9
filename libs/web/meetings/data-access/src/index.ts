export { MeetingsApi, type MeetingListScope, type MeetingSnapshotWithSeq } from './lib/meetings.api';
export { MeetingLiveStore, type MeetingSyncStatus } from './lib/meeting-live.store';
export { type MeetingLiveState, applyMeetingEvent, currentItemOf, isExcludedFrom, stateFromSnapshot } from './lib/meeting-live-state';
export { type AgendaNode, buildAgendaTree, flattenAgendaTree, moveAgendaItem } from './lib/agenda-tree';
export { injectTicker } from './lib/ticker';
export { MeetingAnnouncer } from './lib/meeting-announcer';
