export * from './lib/records.module';
export { MinutesService } from './lib/minutes.service';
export { ResolutionsService } from './lib/resolutions.service';
export { DocumentNumbers } from './lib/document-numbers';
export { minutesRecord, defaultProse } from './lib/minutes-record';
export { renderMinutesPdf } from './lib/minutes-pdf';
export { TasksService, timeliness } from './lib/tasks.service';
export { TaskScheduler, dueNotices, sendingMoment } from './lib/task-scheduler';
export { StatisticsService, taskFigures } from './lib/statistics.service';
