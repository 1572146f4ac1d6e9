import type { BallotQuestion, QuestionTally, ResolutionSection } from '@ecabinet/shared/contracts';
import { AdministrativeDocument } from '@ecabinet/api/pdf';
import type { DocumentStyle } from './minutes-pdf';

export interface ResolutionDocument {
  title: string;
  sections: readonly ResolutionSection[];
  /** "12/NQ-CP", or null for a draft. */
  number: string | null;
  date: Date;
  timeZone: string;
  style: DocumentStyle;
  /** The preamble's ground, a sentence ending with a comma: the session's discussion, or the ballot's result. */
  basis: string;
  chair: string;
}

/**
 * A closed ballot's sections: one per question, its result under the ballot's rules (silent
 * members counted as the silence rule says, a tie decided by the chair's answer), for the
 * secretariat to edit into the resolution's words.
 */
export function ballotSections(questions: readonly BallotQuestion[], result: readonly QuestionTally[]): ResolutionSection[] {
  return [...questions]
    .sort((a, b) => a.number - b.number)
    .map((question) => {
      const tally = result.find((t) => t.questionId === question.id);
      if (!tally) return { itemId: null, heading: question.text, text: '' };
      const silent = tally.silentCountedAsAgree ? ` (trong đó ${tally.silentCountedAsAgree} thành viên không trả lời được tính là đồng ý)` : '';
      const tie = tally.tie ? ' Số phiếu ngang nhau; quyết định theo ý kiến của chủ tọa.' : '';
      const text = tally.passed
        ? `Thông qua: ${tally.agreeTotal}/${tally.recipients} thành viên Chính phủ đồng ý${silent}.${tie}`
        : `Không thông qua: ${tally.agreeTotal}/${tally.recipients} thành viên Chính phủ đồng ý${silent}, cần ${tally.needed}.${tie}`;
      return { itemId: null, heading: question.text, text };
    });
}

/** A resolution (of a session or a ballot) in the Decree 30 layout: preamble, "QUYẾT NGHỊ:", one numbered section per decided matter, the chair's signature. */
export async function renderResolutionPdf({ title, sections, number, date, timeZone, style, basis, chair }: ResolutionDocument): Promise<Uint8Array> {
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
  writer.paragraph(basis, { italic: true });
  writer.centredHeading('QUYẾT NGHỊ:');
  sections.forEach((section, index) => {
    writer.paragraph(`${index + 1}. ${section.heading}`, { bold: true });
    if (section.text.trim()) writer.paragraph(section.text.trim());
  });
  const capacity = style.issuingBody === 'CHÍNH PHỦ' ? 'THỦ TƯỚNG' : 'CHỦ TỌA';
  writer.signatures([{ capacity: `TM. ${style.issuingBody}\n${capacity}`, name: chair }], ['- Các thành viên Chính phủ;', '- Các bộ, cơ quan ngang bộ,', '  cơ quan thuộc Chính phủ;', '- Lưu: VT.']);
  return writer.finish(`e-Cabinet · ${number ?? 'dự thảo'}`);
}
