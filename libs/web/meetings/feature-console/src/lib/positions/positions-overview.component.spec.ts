import { TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import type { AgendaItemResponse, PositionTally } from '@ecabinet/shared/contracts';
import { agendaItem } from '@ecabinet/web/meetings/data-access/testing';
import { PositionsOverviewComponent } from './positions-overview.component';

describe('PositionsOverviewComponent: adopt items without objection', () => {
  async function render(options: { inSession: boolean; agenda: readonly AgendaItemResponse[]; tallies?: ReadonlyMap<string, PositionTally> }): Promise<HTMLElement> {
    TestBed.configureTestingModule({ providers: [{ provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } }] });
    const fixture = TestBed.createComponent(PositionsOverviewComponent);
    fixture.componentRef.setInput('agenda', options.agenda);
    fixture.componentRef.setInput('tallies', options.tallies ?? new Map());
    fixture.componentRef.setInput('inSession', options.inSession);
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  const adoptButton = (view: HTMLElement) => view.querySelector('[data-testid="adopt-without-objection"]') as HTMLButtonElement;
  const reasonFor = (view: HTMLElement) => {
    const id = adoptButton(view).getAttribute('aria-describedby');
    return id ? view.querySelector<HTMLElement>(`#${id}`) : null;
  };

  it('says beside the disabled button that it waits for the meeting to open', async () => {
    const view = await render({ inSession: false, agenda: [agendaItem({ id: 'a', status: 'pending' })] });
    expect(adoptButton(view).disabled).toBe(true);
    expect(reasonFor(view)?.tagName.toLowerCase()).toBe('ec-disabled-reason');
    expect(reasonFor(view)?.textContent?.trim()).toBe('Thực hiện sau khi khai mạc phiên họp.');
  });

  it('says why when every item is objected to or already discussed', async () => {
    const tallies = new Map<string, PositionTally>([['a', { itemId: 'a', noObjection: 3, objection: 1, wishToSpeak: 0 }]]);
    const view = await render({ inSession: true, agenda: [agendaItem({ id: 'a', status: 'pending' }), agendaItem({ id: 'b', status: 'done' })], tallies });
    expect(adoptButton(view).disabled).toBe(true);
    expect(reasonFor(view)?.textContent?.trim()).toBe('Không có nội dung nào đủ điều kiện thông qua không cần thảo luận.');
  });

  it('gives no reason when items can be adopted', async () => {
    const view = await render({ inSession: true, agenda: [agendaItem({ id: 'a', status: 'pending' })] });
    expect(adoptButton(view).disabled).toBe(false);
    expect(adoptButton(view).getAttribute('aria-describedby')).toBeNull();
    expect(view.querySelector('ec-disabled-reason')).toBeNull();
  });
});
