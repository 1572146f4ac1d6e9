import { TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import type { AgendaNode } from '@ecabinet/web/meetings/data-access';
import { agendaItem } from '@ecabinet/web/meetings/data-access/testing';
import { AgendaEditorComponent } from './agenda-editor.component';

describe('AgendaEditorComponent: nesting', () => {
  async function render(tree: readonly AgendaNode[]): Promise<HTMLElement> {
    TestBed.configureTestingModule({ providers: [{ provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } }] });
    const fixture = TestBed.createComponent(AgendaEditorComponent);
    fixture.componentRef.setInput('tree', tree);
    fixture.componentRef.setInput('canEdit', true);
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  const indentOf = (view: HTMLElement, id: string) => view.querySelector(`[data-agenda-row="${id}"] [data-move="indent"]`) as HTMLButtonElement;

  it('says in visible text why an item with sub-items cannot be nested under the one above', async () => {
    const view = await render([
      { item: agendaItem({ id: 'a', number: '1' }), children: [] },
      { item: agendaItem({ id: 'b', number: '2' }), children: [agendaItem({ id: 'b1', number: '2.1', parentId: 'b' })] },
    ]);
    const indent = indentOf(view, 'b');
    expect(indent.disabled).toBe(true);
    const describedBy = indent.getAttribute('aria-describedby')?.split(' ') ?? [];
    expect(describedBy).toContain('agenda-indent-why');
    const reason = view.querySelector<HTMLElement>('#agenda-indent-why');
    expect(reason?.textContent?.trim()).toBe('Chương trình chỉ có hai cấp: nội dung đã có nội dung con thì không đưa vào nội dung khác được.');
  });

  it('gives no such reason when every item can still be nested', async () => {
    const view = await render([
      { item: agendaItem({ id: 'a', number: '1' }), children: [] },
      { item: agendaItem({ id: 'b', number: '2' }), children: [] },
    ]);
    expect(indentOf(view, 'b').disabled).toBe(false);
    expect(view.querySelector('ec-disabled-reason')).toBeNull();
  });
});
