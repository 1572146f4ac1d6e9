import ExcelJS from 'exceljs';
import type { TaskResponse } from '@ecabinet/shared/contracts';
import { csvBytes, inertCell } from '@ecabinet/api/platform';

export type ExportLanguage = 'vi' | 'en';

const HEADINGS: Record<ExportLanguage, string[]> = {
  vi: ['STT', 'Nhiệm vụ', 'Cơ quan chủ trì', 'Người chịu trách nhiệm', 'Cơ quan phối hợp', 'Thời hạn', 'Thời hạn ban đầu', 'Tình trạng', 'Đề nghị chờ xem xét', 'Nguồn giao', 'Ngày giao', 'Ngày hoàn thành', 'Báo cáo gần nhất'],
  en: ['No.', 'Task', 'Lead organisation', 'Responsible person', 'Coordinating organisations', 'Due date', 'Original due date', 'Status', 'Request awaiting decision', 'Source', 'Assigned', 'Completed', 'Latest report'],
};

const WORDS: Record<ExportLanguage, Record<string, string>> = {
  vi: {
    'on-track': 'Trong hạn',
    overdue: 'Quá hạn',
    'done-on-time': 'Hoàn thành đúng hạn',
    'done-late': 'Hoàn thành quá hạn',
    completion: 'Đề nghị hoàn thành',
    extension: 'Xin gia hạn',
    resolution: 'Nghị quyết',
    conclusion: 'Kết luận',
    ballot: 'Phiếu lấy ý kiến',
    direct: 'Giao trực tiếp',
  },
  en: {
    'on-track': 'On track',
    overdue: 'Overdue',
    'done-on-time': 'Done on time',
    'done-late': 'Done late',
    completion: 'Completion proposed',
    extension: 'Extension requested',
    resolution: 'Resolution',
    conclusion: 'Conclusion',
    ballot: 'Opinion ballot',
    direct: 'Assigned directly',
  },
};

/** "31/12/2026" from YYYY-MM-DD: dates of the Government's calendar, as its papers write them. */
const dayFirst = (date: string) => date.split('-').reverse().join('/');
/** An instant as its date on the Government's calendar. */
const onCalendar = (iso: string | null, timeZone: string) => (iso ? dayFirst(new Intl.DateTimeFormat('en-CA', { timeZone }).format(new Date(iso))) : '');

/** The rows of an export, in the order of the list, as text. */
export function taskRows(tasks: readonly TaskResponse[], language: ExportLanguage, timeZone: string): string[][] {
  const words = WORDS[language];
  return tasks.map((task, index) => [
    String(index + 1),
    task.title,
    `${task.leadOrganisation.name} (${task.leadOrganisation.symbol})`,
    task.responsible?.fullName ?? '',
    task.coordinating.map((o) => o.name).join('; '),
    dayFirst(task.dueDate),
    dayFirst(task.originalDueDate),
    words[task.timeliness] ?? task.timeliness,
    task.pending ? (words[task.pending] ?? task.pending) : '',
    [words[task.source.type], task.source.label].filter(Boolean).join(': '),
    onCalendar(task.createdAt, timeZone),
    onCalendar(task.completedAt, timeZone),
    task.lastReport ?? '',
  ]);
}

/** RFC 4180 CSV with a BOM (Excel then reads UTF-8 Vietnamese), CRLF line ends, every field quoted and inert. */
export function tasksCsv(tasks: readonly TaskResponse[], language: ExportLanguage, timeZone: string): Buffer {
  return csvBytes([HEADINGS[language], ...taskRows(tasks, language, timeZone)]);
}

/** The same rows as an XLSX workbook: a bold, frozen heading row, filters, and readable column widths. */
export async function tasksXlsx(tasks: readonly TaskResponse[], language: ExportLanguage, timeZone: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'e-Cabinet';
  const sheet = workbook.addWorksheet(language === 'vi' ? 'Nhiệm vụ' : 'Tasks', { views: [{ state: 'frozen', ySplit: 1 }] });
  const headings = HEADINGS[language];
  sheet.addRow(headings).font = { bold: true };
  for (const row of taskRows(tasks, language, timeZone)) sheet.addRow(row.map((cell, index) => (index === 0 ? Number(cell) : inertCell(cell))));
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: headings.length } };
  const widths = [6, 60, 28, 24, 30, 12, 14, 20, 20, 40, 12, 14, 60];
  widths.forEach((width, index) => (sheet.getColumn(index + 1).width = width));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
