import type { BallotBundle, OpinionChoice, QuestionTally, SignedAnswerDocument } from '@ecabinet/shared/contracts';
import { ReportWriter } from '@ecabinet/api/pdf';
import { formatGovernmentTime } from '@ecabinet/api/platform';

const CHOICE_VI: Record<OpinionChoice, string> = { agree: 'Tán thành', disagree: 'Không tán thành', other: 'Ý kiến khác' };
const groups = (hex: string) => hex.match(/.{1,4}/g)?.join(' ') ?? hex;

/**
 * The synthesis report (báo cáo tổng hợp ý kiến): per question the tally and outcome, every
 * member's answer and comment, who did not answer and how they were counted, each signature's
 * key fingerprint and time, and the SHA-256 of the sealed result bundle file, which is attached
 * inside the PDF. Times are printed on the clock of `timeZone` (the TIMEZONE setting). Under
 * the demo PKI the first page says DEMO. The caller signs the PDF (PAdES) with the seal.
 */
export async function renderBallotReport(
  bundle: BallotBundle,
  file: { name: string; text: string; sha256: string },
  generatedAt: Date,
  timeZone: string,
  options: { demo: boolean },
): Promise<Uint8Array> {
  const vnTime = (iso: string | null) => (iso ? formatGovernmentTime(iso, timeZone) : '—');
  const { ballot } = bundle;
  const writer = await ReportWriter.create(`Báo cáo tổng hợp ý kiến — ${ballot.title}`);
  const names = new Map(bundle.recipients.map((r) => [r.userId, r.fullName]));
  const documents = new Map(bundle.answers.map((a) => [a.recipientId, JSON.parse(a.document) as SignedAnswerDocument]));

  if (options.demo) {
    writer.text('BẢN DEMO — ký bằng chứng thư thử nghiệm, không phải quyết định thật / DEMO — signed under a demonstration root, not a real decision', {
      bold: true,
      size: 9,
      align: 'center',
      color: [0.7, 0.1, 0.1],
    });
    writer.gap(4);
  }
  writer.text('VĂN PHÒNG CHÍNH PHỦ', { bold: true, size: 11, align: 'center' });
  writer.text('BÁO CÁO TỔNG HỢP Ý KIẾN THÀNH VIÊN CHÍNH PHỦ', { bold: true, size: 14, align: 'center' });
  writer.text('Synthesis of the written opinions of the members of the Government', { size: 9, align: 'center', color: [0.35, 0.35, 0.4] });
  writer.gap(10);
  writer.text(ballot.title, { bold: true, size: 12 });
  writer.text(ballot.summary, { size: 10 });
  writer.gap(6);
  writer.text(`Phát hành: ${vnTime(ballot.issuedAt)}   ·   Hạn trả lời: ${vnTime(ballot.deadline)}   ·   Kết thúc: ${vnTime(ballot.closedAt)}`, { size: 9 });
  writer.text(
    `Số thành viên được xin ý kiến: ${bundle.recipients.length}. Đã trả lời: ${bundle.answers.length}. ` +
      `Quy tắc thông qua: quá nửa tổng số thành viên tán thành; nếu số phiếu ngang nhau, theo ý kiến của Chủ tọa. ` +
      `Không trả lời: ${ballot.silenceRule === 'agree' ? 'được tính là tán thành' : 'không được tính'}.`,
    { size: 9 },
  );

  for (const question of ballot.questions) {
    const tally = bundle.outcome.find((t) => t.questionId === question.id) as QuestionTally;
    writer.rule();
    writer.keep(120);
    writer.text(`Câu ${question.number}. ${question.text}`, { bold: true, size: 11 });
    writer.text(
      `Tán thành: ${tally.agree}${tally.silentCountedAsAgree ? ` (+${tally.silentCountedAsAgree} không trả lời, tính là tán thành)` : ''}   ·   ` +
        `Không tán thành: ${tally.disagree}   ·   Ý kiến khác: ${tally.other}   ·   Không trả lời: ${tally.silent}`,
      { size: 9.5 },
    );
    writer.text(
      `Cần ${tally.needed}/${tally.recipients} phiếu tán thành. Kết quả: ${tally.passed ? 'THÔNG QUA' : 'KHÔNG THÔNG QUA'}` +
        (tally.tie ? ` (ngang nhau; Chủ tọa: ${tally.chairChoice ? CHOICE_VI[tally.chairChoice] : 'không trả lời'})` : ''),
      { bold: true, size: 10, color: tally.passed ? [0.05, 0.4, 0.2] : [0.6, 0.1, 0.1] },
    );
    writer.gap(4);
    for (const recipient of [...bundle.recipients].sort((a, b) => a.fullName.localeCompare(b.fullName, 'vi'))) {
      const answer = documents.get(recipient.userId)?.answers.find((a) => a.questionId === question.id);
      if (!answer) {
        writer.text(`• ${recipient.fullName}: không trả lời${ballot.silenceRule === 'agree' ? ' (tính là tán thành)' : ' (không tính)'}`, { size: 9, indent: 8, color: [0.4, 0.4, 0.45] });
        continue;
      }
      writer.text(`• ${recipient.fullName}: ${CHOICE_VI[answer.choice]}`, { size: 9, indent: 8 });
      if (answer.comment) writer.text(`“${answer.comment}”`, { size: 8.5, indent: 20, color: [0.25, 0.25, 0.3] });
    }
  }

  writer.rule();
  writer.keep(80);
  writer.text('Chữ ký số của các câu trả lời / Signatures', { bold: true, size: 11 });
  for (const answer of bundle.answers) {
    const document = documents.get(answer.recipientId) as SignedAnswerDocument;
    writer.text(`${names.get(answer.recipientId) ?? answer.recipientId} — lần ${document.revision}, ký lúc ${vnTime(document.signedAt)}`, { size: 9 });
    writer.text(`Khóa (SHA-256): ${groups(answer.keyFingerprint)}`, { size: 7.5, indent: 12, color: [0.3, 0.3, 0.35] });
  }
  writer.gap(8);
  writer.text(`Tệp gói kết quả đính kèm (attached result bundle): ${file.name}`, { size: 8.5 });
  writer.text(`SHA-256 của tệp: ${file.sha256}`, { bold: true, size: 8.5 });
  writer.text(`Báo cáo được ký số bằng con dấu của cơ quan (PAdES). Kiểm tra độc lập: npm run verify:ballot -- ${file.name} --trust <roots.pem>. Lập lúc ${vnTime(generatedAt.toISOString())}.`, { size: 8 });
  await writer.document.attach(new TextEncoder().encode(file.text), file.name, {
    mimeType: 'application/json',
    description: 'Gói kết quả đã đóng dấu / sealed result bundle',
    creationDate: generatedAt,
    modificationDate: generatedAt,
  });
  return writer.finish(`e-Cabinet · ${ballot.id} · SHA-256 ${file.sha256.slice(0, 16)}…`);
}
