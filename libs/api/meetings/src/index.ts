export * from './lib/meetings.module';
export * from './lib/meetings.service';
export * from './lib/agenda.service';
export * from './lib/session.service';
export { RoomScreensService, type RoomScreenCaller } from './lib/room-screens.service';
export { exclusionSubjects, isExcluded, projectMeetingEvent, toAgendaResponses, withholdMeetingEvent, type Viewer } from './lib/meeting.mappers';
export { MeetingStore, type ChangeContext, type ChangeOutcome, type MeetingAccess } from './lib/meeting-store';
export { AgendaItemEntity, ItemConclusionEntity, MeetingEntity, ParticipantEntity } from './lib/entities';
export { ItemExclusionsResponse as ItemExclusionsResponseSchema } from './lib/meetings.responses';
