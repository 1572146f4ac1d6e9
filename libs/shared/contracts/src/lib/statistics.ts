import type { TaskOrganisation } from './tasks';

/** How tasks whose due date falls in the period stand (the Government Office's measure). */
export interface TaskFigures {
  /** Assigned in the period (created). */
  assigned: number;
  /** Whose due date falls in the period and has passed, or that are done: the denominator of the rates. */
  due: number;
  doneOnTime: number;
  doneLate: number;
  /** Open past their due date. */
  overdue: number;
  /** Open, their due date in the period but not passed yet. */
  notYetDue: number;
  /** overdue / due: "số nhiệm vụ quá hạn" as the Office reports it; null when nothing is due. */
  overdueRate: number | null;
  /** (overdue + doneLate) / due; null when nothing is due. */
  lateRate: number | null;
}

export interface OrganisationTaskFigures extends TaskFigures {
  organisation: TaskOrganisation;
}

export interface MemberResponseFigures {
  user: { id: string; fullName: string };
  /** Ballots issued to him in the period. */
  asked: number;
  answered: number;
  responseRate: number | null;
  /** Median hours from a ballot's issue to his first signed answer. */
  medianHours: number | null;
}

export interface StatisticsResponse {
  /** Dates (YYYY-MM-DD) on the Government's calendar, both included. */
  period: { from: string; to: string };
  sessions: {
    /** Meetings closed, that started in the period. */
    held: number;
    /** Items concluded in them. */
    itemsHandled: number;
    /** Of those, adopted without debate (every member agreed before the session). */
    adoptedWithoutDebate: number;
    /** Time against plan: the planned minutes of the items handled on the floor (not adopted without debate) that had a plan and were timed there… */
    plannedMinutes: number;
    /** …and the minutes those items took on the floor (every time they were taken up), to a tenth. */
    spentMinutes: number;
    /** The planned minutes of the items adopted without debate: the floor time that positions before the session saved (Estonia's measure). */
    savedMinutes: number;
  };
  ballots: {
    issued: number;
    closed: number;
    /** Answers asked for (recipients of the ballots issued) and given. */
    asked: number;
    answered: number;
    responseRate: number | null;
    members: MemberResponseFigures[];
  };
  papers: {
    /** Papers of the meetings that started in the period (their current versions). */
    documents: number;
    pages: number;
    /** Pages times the participants each was distributed to: what a paper meeting would have printed. */
    pagesDistributed: number;
    /** PRINT_COST_PER_PAGE_VND. */
    costPerPage: number;
    /** pagesDistributed × costPerPage, in đồng. */
    savedVnd: number;
  };
  tasks: TaskFigures & { byOrganisation: OrganisationTaskFigures[] };
}

export interface StatisticsQuery {
  from: string;
  to: string;
}
