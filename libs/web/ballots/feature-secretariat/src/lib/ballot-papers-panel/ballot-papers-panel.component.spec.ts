import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ApplicationRef } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { MatDialog } from '@angular/material/dialog';
import { provideRouter } from '@angular/router';
import type { BallotPaperResponse, BallotResponse } from '@ecabinet/shared/contracts';
import { BallotPapersPanelComponent } from './ballot-papers-panel.component';

const paper: BallotPaperResponse = {
  id: 'p-1',
  title: 'Tờ trình',
  classification: 'normal',
  pageCount: 4,
  sizeBytes: 20_480,
  fileName: 'to-trinh.pdf',
  sha256: 'ab'.repeat(32),
  uploadedAt: '2026-11-20T08:00:00.000Z',
  canDownload: true,
};

const draft = { id: 'b-1', status: 'draft', papers: [paper] } as unknown as BallotResponse;

describe('BallotPapersPanelComponent', () => {
  let fixture: ComponentFixture<BallotPapersPanelComponent>;
  let backend: HttpTestingController;
  let changed: jest.Mock;
  const view = () => fixture.nativeElement as HTMLElement;
  const settle = async () => {
    await TestBed.inject(ApplicationRef).whenStable();
    await new Promise((resolve) => setTimeout(resolve));
    await TestBed.inject(ApplicationRef).whenStable();
  };
  const confirmDialog = () => [...document.querySelectorAll<HTMLElement>('.cdk-overlay-container [role="alertdialog"]')].pop() ?? null;
  const buttonIn = (root: HTMLElement | null, text: string) => {
    const button = [...(root?.querySelectorAll('button') ?? [])].find((candidate) => candidate.textContent?.trim() === text);
    if (!button) throw new Error(`no button "${text}"`);
    return button;
  };

  async function render(ballot: BallotResponse, canManage: boolean): Promise<void> {
    fixture = TestBed.createComponent(BallotPapersPanelComponent);
    fixture.componentRef.setInput('ballot', ballot);
    fixture.componentRef.setInput('canManage', canManage);
    changed = jest.fn();
    fixture.componentInstance.changed.subscribe(changed);
    await fixture.whenStable();
  }

  function chooseFile(name: string, type = 'application/pdf'): void {
    const input = view().querySelector('[data-testid="paper-file"]') as HTMLInputElement;
    const file = new File([new Uint8Array([37, 80, 68, 70])], name, { type });
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    input.dispatchEvent(new Event('change'));
  }

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting(), { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } }],
    });
    backend = TestBed.inject(HttpTestingController);
  });
  afterEach(() => {
    TestBed.inject(MatDialog).closeAll();
    backend.verify();
    document.querySelectorAll('.cdk-overlay-container').forEach((overlay) => (overlay.innerHTML = ''));
  });

  it('attaches a PDF with its title and classification, then tells the page the ballot changed', async () => {
    await render(draft, true);
    chooseFile('du-thao.pdf');
    const title = view().querySelector('[data-testid="paper-title"]') as HTMLInputElement;
    title.value = 'Dự thảo Nghị quyết';
    title.dispatchEvent(new Event('input'));
    await fixture.whenStable();
    (view().querySelector('[data-testid="paper-attach"]') as HTMLButtonElement).click();

    const request = backend.expectOne('/api/ballots/b-1/papers');
    expect(request.request.method).toBe('POST');
    const form = request.request.body as FormData;
    expect(form.get('title')).toBe('Dự thảo Nghị quyết');
    expect(form.get('classification')).toBe('normal');
    expect((form.get('file') as File).name).toBe('du-thao.pdf');
    request.flush({ ...paper, id: 'p-2', title: 'Dự thảo Nghị quyết' });
    await fixture.whenStable();
    expect(changed).toHaveBeenCalledTimes(1);
  });

  it('shows the server refusal in words and keeps the ballot as it was', async () => {
    await render(draft, true);
    chooseFile('hong.pdf');
    await fixture.whenStable();
    (view().querySelector('[data-testid="paper-attach"]') as HTMLButtonElement).click();
    backend
      .expectOne('/api/ballots/b-1/papers')
      .flush({ statusCode: 422, code: 'PDF_DAMAGED', message: 'damaged', correlationId: 'c' }, { status: 422, statusText: 'Unprocessable Entity' });
    await fixture.whenStable();
    expect(view().querySelector('[data-testid="paper-error"]')?.textContent).toContain('Tệp PDF bị hỏng');
    expect(changed).not.toHaveBeenCalled();
  });

  it('says beside the disabled Đính kèm, in words, that a PDF must be chosen first (a tablet has no hover)', async () => {
    await render(draft, true);
    const attach = view().querySelector('[data-testid="paper-attach"]') as HTMLButtonElement;
    expect(attach.disabled).toBe(true);
    const why = view().querySelector('#paper-attach-why');
    expect(why?.textContent).toContain('Chọn một tệp PDF trước khi đính kèm.');
    expect(attach.getAttribute('aria-describedby')).toBe('paper-attach-why');
    chooseFile('du-thao.pdf');
    await fixture.whenStable();
    expect(view().querySelector('#paper-attach-why')).toBeNull();
    expect(attach.disabled).toBe(false);
  });

  it('refuses a file that is plainly not a PDF before sending it', async () => {
    await render(draft, true);
    chooseFile('bien-ban.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    await fixture.whenStable();
    expect(view().querySelector('[data-testid="paper-error"]')).not.toBeNull();
    expect((view().querySelector('[data-testid="paper-attach"]') as HTMLButtonElement).disabled).toBe(true);
  });

  it('removes a paper only after the secretary confirms', async () => {
    await render(draft, true);
    const remove = view().querySelector('button[aria-label="Gỡ tài liệu “Tờ trình”"]') as HTMLButtonElement;
    remove.click();
    await settle();
    const first = confirmDialog();
    expect(first?.textContent).toContain('Tài liệu “Tờ trình” sẽ không còn kèm theo phiếu này.');
    buttonIn(first, 'Hủy').click();
    await settle();
    backend.expectNone((request) => request.method === 'DELETE');

    remove.click();
    await settle();
    buttonIn(confirmDialog(), 'Gỡ tài liệu').click();
    await settle();
    const request = backend.expectOne('/api/ballots/b-1/papers/p-1');
    expect(request.request.method).toBe('DELETE');
    request.flush(null, { status: 204, statusText: 'No Content' });
    await settle();
    expect(changed).toHaveBeenCalledTimes(1);
  });

  it('offers no changes once the ballot has left the draft, nor to the chair', async () => {
    await render({ ...draft, status: 'open' } as BallotResponse, true);
    expect(view().querySelector('[data-testid="attach-paper"]')).toBeNull();
    expect(view().querySelector('button[aria-label^="Gỡ tài liệu"]')).toBeNull();
    expect(view().textContent).toContain('không thay đổi được nữa');
    expect(view().querySelector('a')?.getAttribute('href')).toBe('/ballots/b-1/papers/p-1');

    await render(draft, false);
    expect(view().querySelector('[data-testid="attach-paper"]')).toBeNull();
  });
});
