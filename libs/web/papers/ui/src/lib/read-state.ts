import type { PaperResponse } from '@ecabinet/shared/contracts';

/** What the meeting page shows beside each paper: never opened, read, or replaced since read. */
export type PaperReadState = 'unread' | 'read' | 'changed';

export function readStateOf(paper: Pick<PaperResponse, 'myLastReadVersion' | 'changedSinceRead'>): PaperReadState {
  if (paper.myLastReadVersion === null) return 'unread';
  return paper.changedSinceRead ? 'changed' : 'read';
}
