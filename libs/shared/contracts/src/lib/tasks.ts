/** Where a task (nhiệm vụ) comes from: an issued resolution, an approved conclusion, a closed ballot, or the secretariat directly. */
export const TASK_SOURCE_TYPES = ['resolution', 'conclusion', 'ballot', 'direct'] as const;
export type TaskSourceType = (typeof TASK_SOURCE_TYPES)[number];

export const TASK_STATUSES = ['open', 'done'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** How a task stands against its deadline (the current one, after any accepted extension). */
export const TASK_TIMELINESS = ['on-track', 'overdue', 'done-on-time', 'done-late'] as const;
export type TaskTimeliness = (typeof TASK_TIMELINESS)[number];

/** What the lead organisation reports: progress, a proposal that the task is done, or a request for more time. */
export const TASK_UPDATE_KINDS = ['progress', 'completion', 'extension'] as const;
export type TaskUpdateKind = (typeof TASK_UPDATE_KINDS)[number];

/** A completion proposal or an extension request waits for the secretariat, who accepts or refuses it. */
export const TASK_REQUEST_STATES = ['pending', 'accepted', 'refused'] as const;
export type TaskRequestState = (typeof TASK_REQUEST_STATES)[number];

/** The filters of the task list. `overdue` and `pending` are views over open tasks. */
export const TASK_FILTERS = ['open', 'overdue', 'pending', 'done'] as const;
export type TaskFilter = (typeof TASK_FILTERS)[number];

export interface TaskOrganisation {
  id: string;
  name: string;
  symbol: string;
}

export interface TaskSource {
  type: TaskSourceType;
  /** The resolution, agenda item or ballot; null for a task created directly. */
  id: string | null;
  /** The meeting of a conclusion or of a resolution; null otherwise. */
  meetingId: string | null;
  /** What the source was called when the task was assigned ("Nghị quyết 12/NQ-CP", the item's title, the ballot's title). */
  label: string;
}

export interface TaskResponse {
  id: string;
  title: string;
  description: string;
  leadOrganisation: TaskOrganisation;
  responsible: { id: string; fullName: string } | null;
  coordinating: TaskOrganisation[];
  /** The due date (YYYY-MM-DD, the Government's calendar); due by the end of that day. */
  dueDate: string;
  /** The due date first assigned, before any extension. */
  originalDueDate: string;
  status: TaskStatus;
  timeliness: TaskTimeliness;
  /** The request waiting for the secretariat, if any. */
  pending: 'completion' | 'extension' | null;
  source: TaskSource;
  createdBy: { id: string; fullName: string } | null;
  createdAt: string;
  completedAt: string | null;
  /** The last progress reported, for the lists. */
  lastReport: string | null;
  updatedAt: string;
}

export interface TaskAttachmentResponse {
  id: string;
  fileName: string;
  sizeBytes: number;
  sha256: string;
}

export interface TaskUpdateResponse {
  id: string;
  kind: TaskUpdateKind;
  text: string;
  attachments: TaskAttachmentResponse[];
  /** An extension's proposed due date (YYYY-MM-DD). */
  requestedDueDate: string | null;
  /** Null for progress; a request's state otherwise. */
  state: TaskRequestState | null;
  author: { id: string; fullName: string };
  createdAt: string;
  decidedBy: { id: string; fullName: string } | null;
  decidedAt: string | null;
  decisionNote: string | null;
}

export interface TaskDetailResponse extends TaskResponse {
  /** Oldest first; nothing is ever removed. */
  updates: TaskUpdateResponse[];
  /** The caller may report on it (the responsible person or his organisation's staff, while it is open). */
  canReport: boolean;
  /** The caller may accept or refuse its requests (the secretariat). */
  canDecide: boolean;
}

export interface TaskListResponse {
  items: TaskResponse[];
  total: number;
}

/** The filters of the task list (`GET /api/tasks`), also those of its export. */
export interface TaskListQuery {
  filter?: TaskFilter;
  /** Tasks this organisation leads or coordinates. */
  organisationId?: string;
  /** Due dates (YYYY-MM-DD), both included. */
  dueFrom?: string;
  dueTo?: string;
  sourceType?: TaskSourceType;
  sourceId?: string;
  /** Only the caller's own organisation's tasks and those he is responsible for, even for the secretariat. */
  mine?: boolean;
  offset?: number;
  limit?: number;
}

export interface CreateTaskRequest {
  title: string;
  description?: string;
  leadOrganisationId: string;
  responsibleUserId?: string | null;
  coordinatingOrganisationIds?: string[];
  /** YYYY-MM-DD, today or later in the Government's calendar. */
  dueDate: string;
  sourceType: TaskSourceType;
  /** The resolution, agenda item or ballot (absent for `direct`). */
  sourceId?: string;
}

export interface ReportTaskRequest {
  kind: TaskUpdateKind;
  text: string;
  /** Files uploaded to the task beforehand (POST /api/tasks/:id/attachments). */
  attachmentIds?: string[];
  /** For an extension: the due date asked for (YYYY-MM-DD), later than the current one. */
  requestedDueDate?: string;
}

export interface DecideTaskRequest {
  accept: boolean;
  note?: string;
}

/** Why a task asked to be reminded of was not (`POST /api/tasks/reminders`). */
export const TASK_REMIND_SKIPS = ['not-found', 'done', 'already-reminded', 'no-recipient'] as const;
export type TaskRemindSkip = (typeof TASK_REMIND_SKIPS)[number];

/** The secretariat reminds the people responsible for the chosen tasks now (at most once a day per task). */
export interface RemindTasksRequest {
  taskIds: string[];
}

export interface RemindTasksResponse {
  /** The tasks whose responsible person (or organisation's head) was reminded now. */
  reminded: string[];
  skipped: { taskId: string; reason: TaskRemindSkip }[];
}
