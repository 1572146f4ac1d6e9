import { TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { meetingResponse, participant } from '@ecabinet/web/meetings/data-access/testing';
import { AttendanceTableComponent } from './attendance-table.component';

describe('AttendanceTableComponent', () => {
  async function render(canEdit: boolean): Promise<HTMLElement> {
    TestBed.configureTestingModule({ providers: [{ provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } }] });
    const fixture = TestBed.createComponent(AttendanceTableComponent);
    fixture.componentRef.setInput('meeting', meetingResponse({ status: canEdit ? 'in_session' : 'closed', participants: [participant({ userId: 'u-1', fullName: 'Nguyễn Văn A' })] }));
    fixture.componentRef.setInput('canEdit', canEdit);
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  it('says in visible text why attendance no longer changes once the meeting is closed', async () => {
    const view = await render(false);
    const select = view.querySelector('mat-select') as HTMLElement;
    expect(select.getAttribute('aria-disabled')).toBe('true');
    expect(select.getAttribute('aria-describedby')?.split(' ')).toContain('attendance-why');
    expect(view.querySelector('#attendance-why')?.textContent?.trim()).toBe('Phiên họp đã bế mạc nên không thể sửa điểm danh.');
  });

  it('gives no reason while attendance can be taken', async () => {
    const view = await render(true);
    expect(view.querySelector('ec-disabled-reason')).toBeNull();
  });
});
