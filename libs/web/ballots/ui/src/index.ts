export { BallotStatusChipComponent } from './lib/ballot-status-chip.component';
export { DeadlineChipComponent } from './lib/deadline-chip.component';
export { TallyTableComponent } from './lib/tally-table.component';
export { deadlineState, deadlineTone, DEADLINE_SOON_MS, type DeadlineState } from './lib/deadline';
export { ballotStatusKey, opinionChoiceKey, silenceRuleKey } from './lib/ballot-labels';
export { BallotPaperListComponent, formatFileSize } from './lib/ballot-paper-list.component';
