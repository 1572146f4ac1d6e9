import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ApplicationRef } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { Router, provideRouter } from '@angular/router';
import type { BallotRecipientChoice, CreateBallotRequest } from '@ecabinet/shared/contracts';
import { BallotEditorPageComponent } from './ballot-editor-page.component';

const choices: BallotRecipientChoice[] = [
  { id: 'u-1', fullName: 'Lê Quang Huy', title: 'Bộ trưởng Bộ Tài chính' },
  { id: 'u-2', fullName: 'Nguyễn Văn Minh', title: 'Thủ tướng Chính phủ' },
  { id: 'u-3', fullName: 'Phạm Thị Lan', title: null },
];

describe('BallotEditorPageComponent: recipients', () => {
  let fixture: ComponentFixture<BallotEditorPageComponent>;
  let backend: HttpTestingController;
  const view = () => fixture.nativeElement as HTMLElement;
  const settle = async () => {
    await TestBed.inject(ApplicationRef).whenStable();
    await new Promise((resolve) => setTimeout(resolve));
    await TestBed.inject(ApplicationRef).whenStable();
  };
  const type = (selector: string, value: string) => {
    const field = view().querySelector(selector) as HTMLInputElement | HTMLTextAreaElement;
    field.value = value;
    field.dispatchEvent(new Event('input'));
  };
  const radio = (label: string) => [...view().querySelectorAll<HTMLElement>('mat-radio-button')].find((r) => r.textContent?.includes(label))?.querySelector('input') as HTMLInputElement;
  const checkbox = (name: string) => view().querySelector(`[data-recipient="${name}"] input`) as HTMLInputElement;
  const save = () => (view().querySelector('[data-testid="save-ballot"]') as HTMLButtonElement).click();

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [BallotEditorPageComponent],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting(), { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } }],
    });
    backend = TestBed.inject(HttpTestingController);
    jest.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    fixture = TestBed.createComponent(BallotEditorPageComponent);
    await settle();
    backend.expectOne('/api/ballots/recipient-choices').flush(choices);
    await settle();
    type('input[formcontrolname="title"]', 'Lấy ý kiến về dự thảo Nghị định');
    type('textarea[formcontrolname="summary"]', 'Tóm tắt');
    type('#question-0', 'Tán thành?');
    await settle();
  });
  afterEach(() => backend.verify());

  it('says beside the only question, in visible text, why it cannot be removed; the reason goes once there are two', async () => {
    const remove = () => view().querySelector<HTMLButtonElement>('[aria-label="Xóa câu hỏi 1"]') as HTMLButtonElement;
    expect(remove().disabled).toBe(true);
    const reason = view().querySelector<HTMLElement>(`#${remove().getAttribute('aria-describedby')?.split(/\s+/)[0]}`);
    expect(reason?.textContent?.trim()).toBe('Phiếu cần ít nhất một câu hỏi nên không xóa được câu hỏi duy nhất.');
    (view().querySelector('[data-testid="add-question"]') as HTMLButtonElement).click();
    await settle();
    expect(remove().disabled).toBe(false);
    expect(view().querySelector('ec-disabled-reason')).toBeNull();
  });

  it('sends to every member by default, naming them all', async () => {
    expect(radio('Tất cả thành viên Chính phủ (3 người)').checked).toBe(true);
    save();
    const request = backend.expectOne('/api/ballots');
    expect((request.request.body as CreateBallotRequest).recipientIds).toEqual(['u-1', 'u-2', 'u-3']);
    request.flush({ id: 'b-1' });
  });

  it('sends to the members ticked, and will not save with none ticked', async () => {
    radio('Chọn từng thành viên').click();
    await settle();
    expect(view().querySelector('[data-testid="recipients"]')?.textContent).toContain('Bộ trưởng Bộ Tài chính');
    save();
    await settle();
    expect(view().querySelector('[data-testid="recipients-count"]')?.textContent).toContain('Hãy chọn ít nhất một người nhận.');
    expect(view().querySelector('[data-testid="recipients-count"]')?.getAttribute('role')).toBe('alert');
    backend.expectNone('/api/ballots');

    checkbox('Phạm Thị Lan').click();
    checkbox('Lê Quang Huy').click();
    await settle();
    expect(view().querySelector('[data-testid="recipients-count"]')?.textContent).toContain('Đã chọn 2 người nhận.');
    save();
    const request = backend.expectOne('/api/ballots');
    expect([...((request.request.body as CreateBallotRequest).recipientIds ?? [])].sort()).toEqual(['u-1', 'u-3']);
    request.flush({ id: 'b-1' });
  });
});
