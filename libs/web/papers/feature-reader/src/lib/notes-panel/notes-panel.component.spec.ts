import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import type { AnnotationResponse } from '@ecabinet/shared/contracts';
import { NotesPanelComponent } from './notes-panel.component';

function annotation(overrides: Partial<AnnotationResponse> & { id: string }): AnnotationResponse {
  return {
    paperId: 'p1',
    kind: 'note',
    page: 1,
    text: '',
    rects: [],
    color: 'yellow',
    version: 1,
    carriedOver: false,
    pageMissing: false,
    revision: 1,
    createdAt: '2026-11-22T01:00:00.000Z',
    updatedAt: '2026-11-22T01:00:00.000Z',
    ...overrides,
  };
}

describe('NotesPanelComponent', () => {
  let fixture: ComponentFixture<NotesPanelComponent>;
  const view = () => fixture.nativeElement as HTMLElement;
  /** Each entry's flag (if any) and text. */
  const entries = () =>
    [...view().querySelectorAll('[data-testid="note-entry"]')].map((entry) =>
      [...entry.querySelectorAll('ec-status-chip, [data-testid="note-text"]')].map((part) => part.textContent?.trim()).join(' | '),
    );

  beforeEach(async () => {
    TestBed.configureTestingModule({ providers: [{ provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } }] });
    fixture = TestBed.createComponent(NotesPanelComponent);
    fixture.componentRef.setInput('page', 2);
    fixture.componentRef.setInput('annotations', [
      annotation({ id: 'a', page: 2, text: 'Hỏi Bộ Tài chính' }),
      annotation({ id: 'b', page: 2, kind: 'highlight', carriedOver: true, rects: [{ x: 0.1, y: 0.1, width: 0.2, height: 0.05 }] }),
      annotation({ id: 'c', page: 5, text: 'Xem lại số liệu' }),
      annotation({ id: 'd', page: 9, text: 'Trang đã bỏ', pageMissing: true, version: 1 }),
    ]);
    await fixture.whenStable();
  });

  it("shows the page's notes, flags carried-over and vanished ones, and links to notes on other pages", () => {
    expect(entries()).toEqual(['Hỏi Bộ Tài chính', 'Từ phiên bản 1 | Vùng đánh dấu', 'Trang 9 không còn | Trang đã bỏ']);
    const jump = [...view().querySelectorAll<HTMLButtonElement>('button')].find((button) => button.getAttribute('aria-label') === 'Đến trang 5');
    expect(jump?.textContent).toContain('Xem lại số liệu');
    const pages: number[] = [];
    fixture.componentInstance.goTo.subscribe((page) => pages.push(page));
    jump?.click();
    expect(pages).toEqual([5]);
  });

  it('sends a note trimmed, keeps it typed until the page confirms, and never sends an empty one', async () => {
    const sent: string[] = [];
    fixture.componentInstance.addNote.subscribe((text) => sent.push(text));
    const input = view().querySelector<HTMLTextAreaElement>('[data-testid="note-input"]');
    const save = view().querySelector<HTMLButtonElement>('[data-testid="save-note"]');
    if (!input || !save) throw new Error('no note form');
    expect(save.disabled).toBe(true);

    input.value = '  Đề nghị bổ sung đánh giá tác động  ';
    input.dispatchEvent(new Event('input'));
    await fixture.whenStable();
    save.click();
    expect(sent).toEqual(['Đề nghị bổ sung đánh giá tác động']);
    expect(input.value).toContain('Đề nghị');

    fixture.componentInstance.clearDraft();
    await fixture.whenStable();
    expect(input.value).toBe('');
    expect(save.disabled).toBe(true);
  });
});
