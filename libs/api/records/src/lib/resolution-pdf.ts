import type { ResolutionSection } from '@ecabinet/shared/contracts';
import { AdministrativeDocument } from '@ecabinet/api/pdf';
import type { DocumentStyle } from './minutes-pdf';
import { vietnameseTime } from './minutes-record';

export interface ResolutionDocument {
  title: string;
  sections: readonly ResolutionSection[];
  /** "12/NQ-CP", or null for a draft. */
  number: string | null;
  date: Date;
  timeZone: string;
  style: DocumentStyle;
  meeting: { title: string; startsAt: string };
  chair: string;
}

/** A session resolution in the Decree 30 layout: preamble, "QUYẾT NGHỊ:", one numbered section per decided matter, the chair's signature. */
export async function renderResolutionPdf({ title, sections, number, date, timeZone, style, meeting, chair }: ResolutionDocument): Promise<Uint8Array> {
  const writer = await AdministrativeDocument.create(
    {
      issuingBody: style.issuingBody,
      number: number ? `Số: ${number}` : `Số: …/${style.resolutionSymbol} (dự thảo)`,
      place: style.place,
      date,
      timeZone,
      title: number ? 'NGHỊ QUYẾT' : 'DỰ THẢO NGHỊ QUYẾT',
      subtitle: title,
    },
    `Nghị quyết: ${title}`,
  );
  writer.centredHeading(style.issuingBody);
  writer.paragraph('Căn cứ Luật Tổ chức Chính phủ và Quy chế làm việc của Chính phủ;', { italic: true });
  writer.paragraph(`Trên cơ sở thảo luận của các thành viên Chính phủ và kết luận của chủ tọa tại ${meeting.title}, tổ chức lúc ${vietnameseTime(meeting.startsAt, timeZone)},`, { italic: true });
  writer.centredHeading('QUYẾT NGHỊ:');
  sections.forEach((section, index) => {
    writer.paragraph(`${index + 1}. ${section.heading}`, { bold: true });
    if (section.text.trim()) writer.paragraph(section.text.trim());
  });
  const capacity = style.issuingBody === 'CHÍNH PHỦ' ? 'THỦ TƯỚNG' : 'CHỦ TỌA';
  writer.signatures([{ capacity: `TM. ${style.issuingBody}\n${capacity}`, name: chair }], ['- Các thành viên Chính phủ;', '- Các bộ, cơ quan ngang bộ,', '  cơ quan thuộc Chính phủ;', '- Lưu: VT.']);
  return writer.finish(`e-Cabinet · ${number ?? 'dự thảo'}`);
}
