import { TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { provideRouter } from '@angular/router';
import type { AgendaItemResponse, AgendaItemStatus } from '@ecabinet/shared/contracts';
import { agendaItem } from '@ecabinet/web/meetings/data-access/testing';
import { RoomAgendaItemComponent } from './room-agenda-item.component';

describe('RoomAgendaItemComponent: position', () => {
  async function render(status: AgendaItemStatus, conclusion: Partial<AgendaItemResponse> = {}): Promise<HTMLElement> {
    TestBed.configureTestingModule({ providers: [provideRouter([]), { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } }] });
    const fixture = TestBed.createComponent(RoomAgendaItemComponent);
    fixture.componentRef.setInput('item', agendaItem({ id: 'budget', number: '1', title: 'Dự án Luật Ngân sách nhà nước', status, ...conclusion }));
    fixture.componentRef.setInput('meetingId', 'm-1');
    fixture.componentRef.setInput('canTakePosition', true);
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  it('says in visible text why the position can no longer change once the item is finished', async () => {
    const view = await render('done');
    const group = view.querySelector('mat-button-toggle-group') as HTMLElement;
    const reason = view.querySelector<HTMLElement>(`#${group.getAttribute('aria-describedby')}`);
    expect(reason?.textContent?.trim()).toBe('Mục này đã kết thúc nên không thể đổi ý kiến.');
  });

  it('gives no such reason while the position can still be taken', async () => {
    const view = await render('pending');
    expect(view.querySelector('ec-disabled-reason')).toBeNull();
    expect(view.querySelector('mat-button-toggle-group')?.getAttribute('aria-describedby')).toBeNull();
  });

  it('shows a member only the approved conclusion, and says when one waits for the chair', async () => {
    const waiting = await render('done', { conclusion: null, conclusionPending: true });
    expect(waiting.querySelector('[data-testid="conclusion-pending"]')?.textContent).toContain('Kết luận đang chờ Chủ tọa duyệt.');
    expect(waiting.querySelector('.ec-room-item__conclusion')).toBeNull();
    TestBed.resetTestingModule();
    const revised = await render('done', { conclusion: 'Thống nhất thông qua.', conclusionPending: true });
    expect(revised.querySelector('.ec-room-item__conclusion')?.textContent).toContain('Thống nhất thông qua.');
    expect(revised.querySelector('[data-testid="conclusion-pending"]')?.textContent).toContain('Một bản sửa kết luận đang chờ Chủ tọa duyệt.');
  });
});
