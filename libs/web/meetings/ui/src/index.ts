export { MeetingStatusChipComponent, AgendaItemStatusChipComponent } from './lib/meeting-status-chip.component';
export { QuorumChipComponent } from './lib/quorum-chip.component';
export { MeetingLiveIndicatorComponent, type MeetingLiveIndicatorState } from './lib/live-indicator.component';
export { VoteResultComponent } from './lib/vote-result.component';
export { CountdownChipComponent } from './lib/countdown-chip.component';
export { MeetingWhenPipe } from './lib/meeting-when.pipe';
export { MeetingHeaderComponent } from './lib/meeting-header.component';
export { formatClock } from './lib/clock-format';
export { VoteRecordListComponent } from './lib/vote-record-list.component';
