import { basename } from 'node:path';

/** Drops control characters: file names end up in headers and in the audit trail. */
function withoutControls(text: string): string {
  return [...text].filter((char) => char.charCodeAt(0) >= 0x20 && char.charCodeAt(0) !== 0x7f).join('');
}

/** The name an upload came with, as it is recorded (no path, no control characters, NFC). */
export function uploadedFileName(name: string | undefined): string {
  const cleaned = withoutControls(basename((name ?? '').normalize('NFC'))).trim();
  return (cleaned || 'paper.pdf').slice(0, 255);
}

/** A name to save a copy under (Vietnamese kept; characters file systems refuse replaced). */
export function copyFileName(name: string): string {
  return withoutControls(name).replace(/[\\/:*?"<>|]/g, ' ').trim() || 'paper.pdf';
}

/** RFC 6266: an ASCII fallback name and the UTF-8 one (Vietnamese titles). */
export function contentDisposition(kind: 'inline' | 'attachment', fileName: string): string {
  const ascii = fileName
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^\x20-\x7e]/g, '_')
    .replace(/["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** "Tờ_trình_số_12.pdf" -> "Tờ trình số 12": the title a paper gets when none is given. */
export function titleFromFileName(fileName: string): string {
  return fileName.replace(/\.pdf$/i, '').replace(/[_]+/g, ' ').trim().slice(0, 300) || 'Tài liệu';
}
