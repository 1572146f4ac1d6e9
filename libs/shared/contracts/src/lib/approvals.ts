/** What waits for the chair: conclusions, minutes, resolutions and opinion ballots of his. */
export interface ApprovalQueueResponse {
  conclusions: PendingConclusion[];
  minutes: PendingMinutes[];
  resolutions: PendingResolution[];
  ballots: PendingBallot[];
  total: number;
}

export interface PendingConclusion {
  meetingId: string;
  meetingTitle: string;
  itemId: string;
  itemTitle: string;
  /** The newest draft, the one he approves. */
  version: number;
  text: string;
  draftedBy: { id: string; fullName: string } | null;
  draftedAt: string;
}

export interface PendingMinutes {
  meetingId: string;
  meetingTitle: string;
  /** 0: the secretariat has not saved a draft yet. */
  version: number;
  updatedAt: string | null;
}

export interface PendingResolution {
  id: string;
  /** Null for a ballot's resolution. */
  meetingId: string | null;
  ballotId: string | null;
  title: string;
  version: number;
  updatedAt: string;
}

export interface PendingBallot {
  id: string;
  title: string;
  deadline: string;
}
