import type { AttendanceState, MinutesProse, MinutesRecord } from '@ecabinet/shared/contracts';
import { AdministrativeDocument } from '@ecabinet/api/pdf';

/** How documents are headed and numbered (AppConfig.documents). */
export interface DocumentStyle {
  issuingBody: string;
  place: string;
  minutesSymbol: string;
  resolutionSymbol: string;
}

const ATTENDANCE_GROUPS: [AttendanceState, string][] = [
  ['in_room', 'Có mặt tại phòng họp'],
  ['remote', 'Họp trực tuyến'],
  ['represented', 'Ủy quyền người dự thay'],
  ['absent', 'Vắng mặt'],
  ['unknown', 'Chưa điểm danh'],
];

export interface MinutesDocument {
  record: MinutesRecord;
  prose: MinutesProse;
  /** "05/BB-CP", or null for a draft. */
  number: string | null;
  date: Date;
  timeZone: string;
  style: DocumentStyle;
}

/** The minutes in the Decree 30 layout; a draft says so in its number line and title. */
export async function renderMinutesPdf({ record, prose, number, date, timeZone, style }: MinutesDocument): Promise<Uint8Array> {
  const writer = await AdministrativeDocument.create(
    {
      issuingBody: style.issuingBody,
      number: number ? `Số: ${number}` : `Số: …/${style.minutesSymbol} (dự thảo)`,
      place: style.place,
      date,
      timeZone,
      title: number ? 'BIÊN BẢN' : 'DỰ THẢO BIÊN BẢN',
      subtitle: record.meeting.title,
    },
    `Biên bản: ${record.meeting.title}`,
  );
  if (prose.opening.trim()) writer.paragraph(prose.opening.trim());

  writer.heading('I. THÀNH PHẦN THAM DỰ');
  const voters = record.attendance.filter((p) => p.role !== 'secretary' && p.role !== 'observer');
  for (const [state, label] of ATTENDANCE_GROUPS) {
    const people = voters.filter((p) => p.attendance === state);
    if (!people.length) continue;
    const list = people.map((p) => `${p.fullName}${p.title ? ` (${p.title})` : ''}${p.delegateFor ? `, dự thay ${p.delegateFor}` : ''}`).join('; ');
    writer.paragraph(`${label} (${people.length}): ${list}.`);
  }
  const others = record.attendance.filter((p) => p.role === 'secretary' || p.role === 'observer');
  if (others.length) writer.paragraph(`Thư ký và khách mời: ${others.map((p) => p.fullName).join('; ')}.`);
  const { quorum } = record;
  writer.paragraph(`Túc số: ${quorum.present}/${quorum.members} thành viên có mặt, cần ${quorum.required}; ${quorum.reached ? 'đủ' : 'không đủ'} túc số.`);

  writer.heading('II. NỘI DUNG PHIÊN HỌP');
  for (const item of record.items) {
    if (item.status === 'withdrawn') {
      writer.paragraph(`${item.number}. ${item.title} (rút khỏi chương trình).`, { bold: true });
      continue;
    }
    writer.paragraph(`${item.number}. ${item.title}`, { bold: true });
    if (item.presenter) writer.paragraph(`Trình bày: ${item.presenter}.`);
    const { noObjection, objection, wishToSpeak } = item.positions;
    if (noObjection + objection + wishToSpeak > 0) writer.paragraph(`Ý kiến trước phiên họp: ${noObjection} không phản đối, ${objection} phản đối, ${wishToSpeak} đề nghị phát biểu.`);
    if (item.excluded.length) writer.paragraph(`Không tham gia nội dung này (xung đột lợi ích): ${item.excluded.join('; ')}.`);
    if (item.speakers.length) writer.paragraph(`Phát biểu, theo thứ tự: ${item.speakers.join('; ')}.`);
    const account = prose.items[item.itemId]?.trim();
    if (account) writer.paragraph(account);
    for (const vote of item.votes) {
      const outcome = vote.passed ? 'được thông qua' : 'không được thông qua';
      writer.paragraph(
        `Biểu quyết${vote.secret ? ' kín' : ''} "${vote.question}": ${vote.agree} tán thành, ${vote.disagree} không tán thành, ${vote.abstain} không biểu quyết, trên ${vote.eligible} thành viên được biểu quyết; ${outcome}.`,
      );
      if (vote.names) {
        const named = (label: string, people: string[]) => (people.length ? `${label}: ${people.join('; ')}` : '');
        const parts = [named('Tán thành', vote.names.agree), named('Không tán thành', vote.names.disagree), named('Không biểu quyết', vote.names.abstain)].filter(Boolean);
        if (parts.length) writer.paragraph(`${parts.join('. ')}.`, { italic: true });
      }
    }
    if (item.adoptedWithoutDebate) writer.paragraph('Thông qua không cần thảo luận (không thành viên nào phản đối trước phiên họp).');
    if (item.conclusion) writer.paragraph(`Kết luận của Chủ tọa: ${item.conclusion}`);
    else if (item.status === 'deferred') writer.paragraph('Nội dung được lùi sang phiên họp khác.');
  }

  if (prose.closing.trim()) {
    writer.heading('III. KẾT THÚC PHIÊN HỌP');
    writer.paragraph(prose.closing.trim());
  }
  writer.signatures([
    { capacity: 'THƯ KÝ', name: record.secretary ?? '' },
    { capacity: 'CHỦ TỌA', name: record.chair ?? '' },
  ]);
  return writer.finish(`e-Cabinet · ${record.meeting.id}${number ? ` · ${number}` : ' · dự thảo'}`);
}
