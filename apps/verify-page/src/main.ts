import { certificatesFromPem, crlsFromPem, verifyBallotBundle, verifyCheckpointFile } from '@ecabinet/shared/trust';

/**
 * The offline verification page: one HTML file, no request once loaded (its CSP says
 * `connect-src 'none'`). The reader picks a result bundle (or an audit checkpoint) and the root
 * certificates he trusts; the shared verifier (the one the CLI and the server run) checks them
 * in this browser with WebCrypto.
 */

type Language = 'vi' | 'en';

const TEXT = {
  vi: {
    title: 'Kiểm chứng kết quả lấy ý kiến',
    intro: 'Trang này kiểm tra gói kết quả phiếu lấy ý kiến (hoặc điểm neo nhật ký kiểm toán) ngay trong trình duyệt, không gửi dữ liệu đi đâu. Có thể lưu trang về máy và mở khi không có mạng.',
    fileLabel: 'Gói kết quả (.json) hoặc điểm neo nhật ký',
    rootsLabel: 'Chứng thư gốc tin cậy (.pem)',
    rootsHint: 'Chứng thư gốc của cơ quan chứng thực mà anh/chị tin cậy. Không lấy từ chính tệp cần kiểm tra.',
    crlLabel: 'Danh sách thu hồi (.pem, không bắt buộc)',
    verify: 'Kiểm tra',
    checking: 'Đang kiểm tra…',
    needFile: 'Hãy chọn tệp cần kiểm tra.',
    needRoots: 'Hãy chọn chứng thư gốc tin cậy: không có nó thì không thể kiểm chứng điều gì.',
    noRoots: 'Tệp chứng thư gốc không chứa chứng thư PEM nào.',
    unreadable: 'Không đọc được tệp.',
    bundleOk: (n: number) => `Hợp lệ: ${n} thành viên đã ký ý kiến, chữ ký và chuỗi chứng thư đúng, kết quả tính lại khớp.`,
    checkpointOk: (n: number, at: string) => `Điểm neo hợp lệ: ${n} mục đầu của nhật ký, ký lúc ${at}.`,
    notOk: (n: number) => `KHÔNG hợp lệ: phát hiện ${n} vấn đề.`,
    sealedBy: 'Đóng dấu bởi',
    sha256: 'SHA-256 nội dung',
    demo: 'DEMO: ký dưới chứng thư gốc trình diễn, không phải quyết định thật.',
    offline: 'Trang không có quyền kết nối mạng.',
    language: 'English',
  },
  en: {
    title: 'Verify a ballot result',
    intro: 'This page checks a ballot result bundle (or an audit log checkpoint) inside your browser and sends nothing anywhere. Save it and open it offline.',
    fileLabel: 'Result bundle (.json) or audit checkpoint',
    rootsLabel: 'Trusted root certificates (.pem)',
    rootsHint: 'The roots of the certification authority you trust. Never taken from the file being checked.',
    crlLabel: 'Revocation lists (.pem, optional)',
    verify: 'Verify',
    checking: 'Checking…',
    needFile: 'Choose the file to check.',
    needRoots: 'Choose the trusted root certificates: nothing can be verified without them.',
    noRoots: 'The roots file holds no PEM certificate.',
    unreadable: 'The file cannot be read.',
    bundleOk: (n: number) => `Valid: ${n} members' signed answers, signatures and certificate chains correct, tally recomputed and matching.`,
    checkpointOk: (n: number, at: string) => `Valid checkpoint: the first ${n} entries of the audit log, sealed at ${at}.`,
    notOk: (n: number) => `NOT valid: ${n} problem${n === 1 ? '' : 's'} found.`,
    sealedBy: 'Sealed by',
    sha256: 'Content SHA-256',
    demo: 'DEMO: signed under a demonstration root, not a real decision.',
    offline: 'This page has no network access.',
    language: 'Tiếng Việt',
  },
} as const;

/** Vietnamese unless asked otherwise (`verify#en`, or the button). */
let language: Language = location.hash === '#en' ? 'en' : 'vi';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

function render(): void {
  const t = TEXT[language];
  document.documentElement.lang = language;
  document.title = t.title;
  $('title').textContent = t.title;
  $('intro').textContent = t.intro;
  $('file-label').textContent = t.fileLabel;
  $('roots-label').textContent = t.rootsLabel;
  $('roots-hint').textContent = t.rootsHint;
  $('crl-label').textContent = t.crlLabel;
  $('verify').textContent = t.verify;
  $('offline').textContent = t.offline;
  $('language').textContent = t.language;
}

async function readText(input: HTMLInputElement): Promise<string | null> {
  const file = input.files?.[0];
  return file ? file.text() : null;
}

function show(kind: 'ok' | 'bad' | 'info', heading: string, lines: string[] = [], facts: [string, string][] = []): void {
  const result = $('result');
  result.className = `result result--${kind}`;
  result.replaceChildren();
  const h = document.createElement('p');
  h.className = 'result__heading';
  h.textContent = heading;
  result.append(h);
  if (facts.length) {
    const dl = document.createElement('dl');
    for (const [term, value] of facts) {
      const dt = document.createElement('dt');
      dt.textContent = term;
      const dd = document.createElement('dd');
      dd.textContent = value;
      dl.append(dt, dd);
    }
    result.append(dl);
  }
  if (lines.length) {
    const list = document.createElement('ul');
    for (const line of lines) {
      const item = document.createElement('li');
      item.textContent = line;
      list.append(item);
    }
    result.append(list);
  }
}

async function verify(): Promise<void> {
  const t = TEXT[language];
  const button = $<HTMLButtonElement>('verify');
  const [raw, roots, crlText] = await Promise.all([readText($('file')), readText($('roots')), readText($('crl'))]).catch(() => [null, null, null]);
  if (!raw) return show('bad', t.needFile);
  if (!roots) return show('bad', t.needRoots);
  let anchors;
  let crls;
  try {
    anchors = certificatesFromPem(roots);
    crls = crlText ? crlsFromPem(crlText) : [];
  } catch {
    return show('bad', t.unreadable);
  }
  if (!anchors.length) return show('bad', t.noRoots);
  button.disabled = true;
  button.textContent = t.checking;
  show('info', t.checking);
  try {
    const isCheckpoint = raw.includes('"format":"ecabinet.audit-checkpoint/');
    if (isCheckpoint) {
      const check = await verifyCheckpointFile(raw, { anchors });
      if (check.ok && check.checkpoint) {
        show('ok', t.checkpointOk(check.checkpoint.size, new Date(check.checkpoint.at).toLocaleString(language === 'vi' ? 'vi-VN' : 'en-GB')), check.demo ? [t.demo] : [], [
          [t.sealedBy, check.sealedBy ?? ''],
          ['Merkle', check.checkpoint.rootHash],
        ]);
      } else show('bad', t.notOk(check.problems.length), check.problems);
      return;
    }
    const check = await verifyBallotBundle(raw, { anchors, crls });
    if (check.ok) show('ok', t.bundleOk(check.answers), check.demo ? [t.demo] : [], [
      [t.sealedBy, check.sealedBy ?? ''],
      [t.sha256, check.sha256 ?? ''],
    ]);
    else show('bad', t.notOk(check.problems.length), check.problems);
  } catch {
    show('bad', t.unreadable);
  } finally {
    button.disabled = false;
    button.textContent = t.verify;
  }
}

$('verify').addEventListener('click', () => void verify());
$('language').addEventListener('click', () => {
  language = language === 'vi' ? 'en' : 'vi';
  render();
});
render();
