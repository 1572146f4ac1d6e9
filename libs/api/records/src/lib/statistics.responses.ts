import { ApiProperty } from '@nestjs/swagger';
import type {
  MemberResponseFigures as MemberResponseContract,
  OrganisationTaskFigures as OrganisationTaskContract,
  StatisticsResponse as StatisticsContract,
  TaskFigures as TaskFiguresContract,
} from '@ecabinet/shared/contracts';
import { MinutesPersonRef } from './records.responses';
import { TaskOrganisationRef } from './tasks.responses';

/** OpenAPI shapes of `GET /api/statistics`; each `implements` its contract. */
export class TaskFiguresSchema implements TaskFiguresContract {
  @ApiProperty() assigned!: number;
  @ApiProperty({ description: 'Due in the period and passed, or done: the denominator of the rates' }) due!: number;
  @ApiProperty() doneOnTime!: number;
  @ApiProperty() doneLate!: number;
  @ApiProperty() overdue!: number;
  @ApiProperty() notYetDue!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'overdue / due' }) overdueRate!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: '(overdue + doneLate) / due' }) lateRate!: number | null;
}

export class OrganisationTaskFiguresSchema extends TaskFiguresSchema implements OrganisationTaskContract {
  @ApiProperty({ type: TaskOrganisationRef }) organisation!: TaskOrganisationRef;
}

export class TaskStatisticsSchema extends TaskFiguresSchema {
  @ApiProperty({ type: [OrganisationTaskFiguresSchema] }) byOrganisation!: OrganisationTaskFiguresSchema[];
}

export class MemberResponseFiguresSchema implements MemberResponseContract {
  @ApiProperty({ type: MinutesPersonRef }) user!: MinutesPersonRef;
  @ApiProperty() asked!: number;
  @ApiProperty() answered!: number;
  @ApiProperty({ type: Number, nullable: true }) responseRate!: number | null;
  @ApiProperty({ type: Number, nullable: true }) medianHours!: number | null;
}

class PeriodSchema {
  @ApiProperty({ example: '2026-01-01' }) from!: string;
  @ApiProperty({ example: '2026-12-31' }) to!: string;
}

class SessionFiguresSchema {
  @ApiProperty() held!: number;
  @ApiProperty() itemsHandled!: number;
  @ApiProperty() adoptedWithoutDebate!: number;
  @ApiProperty({ description: 'Planned minutes of the items handled on the floor that had a plan.' }) plannedMinutes!: number;
  @ApiProperty({ description: 'Minutes those items took on the floor, to a tenth.' }) spentMinutes!: number;
  @ApiProperty({ description: 'Planned minutes of the items adopted without debate: the time positions before the session saved.' }) savedMinutes!: number;
}

class BallotFiguresSchema {
  @ApiProperty() issued!: number;
  @ApiProperty() closed!: number;
  @ApiProperty() asked!: number;
  @ApiProperty() answered!: number;
  @ApiProperty({ type: Number, nullable: true }) responseRate!: number | null;
  @ApiProperty({ type: [MemberResponseFiguresSchema] }) members!: MemberResponseFiguresSchema[];
}

class PaperFiguresSchema {
  @ApiProperty() documents!: number;
  @ApiProperty() pages!: number;
  @ApiProperty() pagesDistributed!: number;
  @ApiProperty() costPerPage!: number;
  @ApiProperty() savedVnd!: number;
}

export class StatisticsResponseSchema implements StatisticsContract {
  @ApiProperty({ type: PeriodSchema }) period!: PeriodSchema;
  @ApiProperty({ type: SessionFiguresSchema }) sessions!: SessionFiguresSchema;
  @ApiProperty({ type: BallotFiguresSchema }) ballots!: BallotFiguresSchema;
  @ApiProperty({ type: PaperFiguresSchema }) papers!: PaperFiguresSchema;
  @ApiProperty({ type: TaskStatisticsSchema }) tasks!: TaskStatisticsSchema;
}
