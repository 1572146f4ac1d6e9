import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { provideRouter } from '@angular/router';
import type { PaperResponse } from '@ecabinet/shared/contracts';
import { agendaItem } from '@ecabinet/web/meetings/data-access/testing';
import { PapersManagerComponent, titleFromFileName } from './papers-manager.component';

describe('PapersManagerComponent: a paper is titled before it is sent', () => {
  let fixture: ComponentFixture<PapersManagerComponent>;
  let backend: HttpTestingController;
  const item = agendaItem({ id: 'budget', number: '1', title: 'Dự án Luật Ngân sách nhà nước' });

  beforeEach(async () => {
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting(), { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } }],
    });
    backend = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(PapersManagerComponent);
    fixture.componentRef.setInput('meetingId', 'm-1');
    fixture.componentRef.setInput('agenda', [item]);
    fixture.componentRef.setInput('canUpload', true);
    await fixture.whenStable();
    backend.expectOne('/api/meetings/m-1/papers').flush([]);
    await fixture.whenStable();
  });

  afterEach(() => backend.verify());

  const view = () => fixture.nativeElement as HTMLElement;

  async function choose(name: string): Promise<void> {
    const input = view().querySelector<HTMLInputElement>('[data-testid="upload-1"]');
    if (!input) throw new Error('no file input');
    Object.defineProperty(input, 'files', { value: [new File(['%PDF-1.7'], name, { type: 'application/pdf' })], configurable: true });
    input.dispatchEvent(new Event('change'));
    await fixture.whenStable();
  }

  const title = () => view().querySelector<HTMLInputElement>('[data-testid="paper-title-1"]');

  it('proposes the file name without its extension, sends the title as edited, and nothing before it is confirmed', async () => {
    await choose('To_trinh_Du_an_Luat_NSNN.pdf');
    expect(title()?.value).toBe('To trinh Du an Luat NSNN');
    expect(view().textContent).toContain('Tệp đã chọn: To_trinh_Du_an_Luat_NSNN.pdf');
    backend.expectNone({ method: 'POST' });

    const field = title();
    if (!field) throw new Error('no title field');
    field.value = '  Tờ trình Dự án Luật Ngân sách nhà nước (sửa đổi)  ';
    field.dispatchEvent(new Event('input'));
    view().querySelector<HTMLButtonElement>('[data-testid="paper-send-1"]')?.click();
    await fixture.whenStable();

    const upload = backend.expectOne({ method: 'POST', url: '/api/meetings/m-1/agenda/budget/papers' });
    const form = upload.request.body as FormData;
    expect(form.get('title')).toBe('Tờ trình Dự án Luật Ngân sách nhà nước (sửa đổi)');
    expect((form.get('file') as File).name).toBe('To_trinh_Du_an_Luat_NSNN.pdf');
    expect(title()).toBeNull();
    upload.flush(null, { status: 500, statusText: 'error' });
  });

  it('refuses an empty title and sends nothing; cancelling forgets the file', async () => {
    await choose('bao-cao.pdf');
    const field = title();
    if (!field) throw new Error('no title field');
    field.value = '   ';
    field.dispatchEvent(new Event('input'));
    view().querySelector<HTMLButtonElement>('[data-testid="paper-send-1"]')?.click();
    await fixture.whenStable();
    expect(view().textContent).toContain('Nhập tên tài liệu.');
    backend.expectNone({ method: 'POST' });

    [...view().querySelectorAll<HTMLButtonElement>('.ec-papers-desk__staged button')].find((button) => button.textContent?.trim() === 'Hủy')?.click();
    await fixture.whenStable();
    expect(title()).toBeNull();
  });

  it('titles from the file name: the last extension only, underscores as spaces', () => {
    expect(titleFromFileName('Báo cáo v2.1 của Bộ Tài chính.pdf')).toBe('Báo cáo v2.1 của Bộ Tài chính');
    expect(titleFromFileName('Nghi_dinh__30.PDF')).toBe('Nghi dinh 30');
    expect(titleFromFileName('no-extension')).toBe('no-extension');
  });
});

describe('PapersManagerComponent: renaming a paper', () => {
  const paper: PaperResponse = {
    id: 'p-1',
    meetingId: 'm-1',
    itemId: 'budget',
    title: 'bao_cao',
    classification: 'normal',
    position: 0,
    revision: 2,
    current: { version: 1, fileName: 'bao_cao.pdf', sizeBytes: 1000, pageCount: 4, sha256: 'x', uploadedAt: '2026-12-01T01:00:00.000Z', uploadedBy: null, repaired: false, decrypted: false },
    versions: null,
    readerIds: null,
    myLastReadVersion: null,
    changedSinceRead: false,
    canDownload: true,
    updatedAt: '2026-12-01T01:00:00.000Z',
  };

  it('sends the new title with the revision it showed, and shows the saved title; a refusal is said beside the paper', async () => {
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting(), { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } }],
    });
    const backend = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(PapersManagerComponent);
    fixture.componentRef.setInput('meetingId', 'm-1');
    fixture.componentRef.setInput('agenda', [agendaItem({ id: 'budget', number: '1', title: 'Dự án Luật Ngân sách nhà nước' })]);
    fixture.componentRef.setInput('canUpload', true);
    await fixture.whenStable();
    backend.expectOne('/api/meetings/m-1/papers').flush([paper]);
    await fixture.whenStable();
    const view = fixture.nativeElement as HTMLElement;

    const rename = async (title: string) => {
      view.querySelector<HTMLButtonElement>('[aria-label="Đổi tên tài liệu \\"bao_cao\\""]')?.click();
      await fixture.whenStable();
      const field = view.querySelector<HTMLInputElement>('[data-testid="rename-p-1"]');
      if (!field) throw new Error('no rename field');
      field.value = title;
      field.dispatchEvent(new Event('input'));
      field.form?.dispatchEvent(new Event('submit'));
      await fixture.whenStable();
    };

    await rename('Báo cáo thẩm tra');
    const refused = backend.expectOne({ method: 'PATCH', url: '/api/meetings/m-1/papers/p-1' });
    expect(refused.request.body).toEqual({ title: 'Báo cáo thẩm tra', revision: 2 });
    refused.flush({ statusCode: 403, code: 'FORBIDDEN', message: 'no', correlationId: 'c' }, { status: 403, statusText: 'Forbidden' });
    await fixture.whenStable();
    expect(view.querySelector('[data-paper-id="p-1"] [role="alert"]')?.textContent).toContain('Bạn không có quyền thực hiện thao tác này.');

    const field = view.querySelector<HTMLInputElement>('[data-testid="rename-p-1"]');
    field?.form?.dispatchEvent(new Event('submit'));
    await fixture.whenStable();
    backend.expectOne({ method: 'PATCH', url: '/api/meetings/m-1/papers/p-1' }).flush({ ...paper, title: 'Báo cáo thẩm tra', revision: 3 });
    await fixture.whenStable();
    expect(view.querySelector('[data-testid="rename-p-1"]')).toBeNull();
    expect(view.querySelector('[data-paper-id="p-1"] .ec-papers-desk__paper-title')?.textContent?.trim()).toBe('Báo cáo thẩm tra');
    backend.verify();
  });
});

describe('PapersManagerComponent: a paper repaired or decrypted on upload', () => {
  const paper = (id: string, repaired: boolean, decrypted: boolean): PaperResponse => ({
    id,
    meetingId: 'm-1',
    itemId: 'budget',
    title: `Tài liệu ${id}`,
    classification: 'normal',
    position: 0,
    revision: 1,
    current: { version: 1, fileName: `${id}.pdf`, sizeBytes: 1000, pageCount: 2, sha256: 'x', uploadedAt: '2026-12-01T01:00:00.000Z', uploadedBy: null, repaired, decrypted },
    versions: null,
    readerIds: null,
    myLastReadVersion: null,
    changedSinceRead: false,
    canDownload: true,
    updatedAt: '2026-12-01T01:00:00.000Z',
  });

  /** The papers desk of one agenda item, as the secretariat sees it, before the papers arrive. */
  const render = async () => {
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting(), { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } }],
    });
    const backend = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(PapersManagerComponent);
    fixture.componentRef.setInput('meetingId', 'm-1');
    fixture.componentRef.setInput('agenda', [agendaItem({ id: 'budget', number: '1', title: 'Dự án Luật Ngân sách nhà nước' })]);
    fixture.componentRef.setInput('canUpload', true);
    await fixture.whenStable();
    return { backend, fixture };
  };

  it('says so beside the paper, and says nothing of a paper taken in as it was', async () => {
    const { backend, fixture } = await render();
    backend.expectOne('/api/meetings/m-1/papers').flush([paper('a', true, false), paper('b', false, true), paper('c', false, false)]);
    await fixture.whenStable();
    const note = (id: string) => (fixture.nativeElement as HTMLElement).querySelector(`[data-paper-id="${id}"] [data-testid="intake-note"]`)?.textContent?.trim() ?? null;
    expect(note('a')).toBe('Đã sửa lỗi cấu trúc tệp');
    expect(note('b')).toBe('Đã gỡ mật khẩu chủ sở hữu');
    expect(note('c')).toBeNull();
    backend.verify();
  });

  it('offers the secretariat the file as received beside a repaired paper, and fetches that version', async () => {
    const { backend, fixture } = await render();
    backend.expectOne('/api/meetings/m-1/papers').flush([paper('a', true, false), paper('c', false, false)]);
    await fixture.whenStable();
    const root = fixture.nativeElement as HTMLElement;
    expect(root.querySelector('[data-paper-id="c"] [data-testid="download-received"]')).toBeNull();
    const button = root.querySelector<HTMLButtonElement>('[data-paper-id="a"] [data-testid="download-received"]');
    expect(button?.getAttribute('aria-label')).toContain('Tài liệu a');
    const createObjectURL = jest.fn(() => 'blob:received');
    Object.assign(URL, { createObjectURL, revokeObjectURL: jest.fn() });
    button?.click();
    const request = backend.expectOne((candidate) => candidate.url === '/api/meetings/m-1/papers/a/received');
    expect(request.request.params.get('version')).toBe('1');
    request.flush(new Blob(['%PDF-1.7']));
    expect(createObjectURL).toHaveBeenCalled();
    backend.verify();
  });
});
