import { CdkDrag, type CdkDragDrop, type CdkDragMove, CdkDragHandle, CdkDragPlaceholder, CdkDropList } from '@angular/cdk/drag-drop';
import { DOCUMENT, NgTemplateOutlet } from '@angular/common';
import { ChangeDetectionStrategy, Component, Injector, afterNextRender, computed, inject, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatMenuModule } from '@angular/material/menu';
import { MatTooltipModule } from '@angular/material/tooltip';
import type { AgendaItemResponse } from '@ecabinet/shared/contracts';
import type { AgendaNode } from '@ecabinet/web/meetings/data-access';
import { AgendaItemStatusChipComponent } from '@ecabinet/web/meetings/ui';
import { TranslatePipe } from '@ecabinet/web/shared/i18n';
import { DisabledReasonComponent, IconComponent, StatusChipComponent } from '@ecabinet/web/shared/ui';

/** A request to put `itemId` under `parentId` (null: top level) at `index` among its new siblings. */
export interface AgendaMove {
  readonly item: AgendaItemResponse;
  readonly parentId: string | null;
  readonly index: number;
  /** Which control asked, to give it focus back after the list re-renders. */
  readonly via: 'drag' | 'up' | 'down' | 'indent' | 'outdent';
}

const TOP_LIST = 'ec-agenda-top';
const childListId = (parentId: string) => `ec-agenda-children-${parentId}`;

/**
 * The secretariat's agenda editor: items and sub-items that can be reordered and nested by drag
 * and drop (Angular CDK) or, with the keyboard, by the move buttons of each row. Presentational:
 * it asks for moves and edits; the page performs them.
 */
@Component({
  selector: 'ec-agenda-editor',
  imports: [
    CdkDropList,
    CdkDrag,
    CdkDragHandle,
    CdkDragPlaceholder,
    NgTemplateOutlet,
    MatButtonModule,
    MatMenuModule,
    MatTooltipModule,
    AgendaItemStatusChipComponent,
    DisabledReasonComponent,
    IconComponent,
    StatusChipComponent,
    TranslatePipe,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './agenda-editor.component.html',
  styleUrl: './agenda-editor.component.scss',
})
export class AgendaEditorComponent {
  private readonly document = inject(DOCUMENT);
  private readonly injector = inject(Injector);

  readonly tree = input.required<readonly AgendaNode[]>();
  /** The secretariat edits the agenda; the chair sees it and runs the session from it. */
  readonly canEdit = input(false);
  readonly inSession = input(false);
  readonly busy = input(false);
  /** Item id → names of those excluded from it (conflict of interest), shown on the item. */
  readonly excludedNames = input<ReadonlyMap<string, readonly string[]>>(new Map());

  readonly move = output<AgendaMove>();
  readonly edit = output<AgendaItemResponse>();
  readonly defer = output<AgendaItemResponse>();
  readonly withdraw = output<AgendaItemResponse>();
  readonly restore = output<AgendaItemResponse>();
  readonly setCurrent = output<AgendaItemResponse>();
  readonly complete = output<AgendaItemResponse>();
  readonly editExclusions = output<AgendaItemResponse>();

  protected readonly topList = TOP_LIST;
  protected readonly childListId = childListId;
  /** Each list of sub-items is connected to the others and to the top level (inner lists first). */
  /** Some main item with sub-items has its "nest under" greyed (two levels only): say why once, above the list. */
  protected readonly indentBlocked = computed(() => this.canEdit() && this.tree().some((node, index) => index > 0 && node.children.length > 0));
  protected readonly childListIds = computed(() => this.tree().filter((node) => node.children.length > 0).map((node) => childListId(node.item.id)));
  private lastPointer: { x: number; y: number } | null = null;

  protected connectionsOf(parentId: string): string[] {
    return [...this.childListIds().filter((id) => id !== childListId(parentId)), TOP_LIST];
  }

  /** Only an item without sub-items can become a sub-item (the agenda nests one level). */
  protected readonly acceptsSubItem = (drag: CdkDrag<AgendaNode | AgendaItemResponse>): boolean => {
    const item = 'item' in drag.data ? drag.data.item : drag.data;
    return !this.tree().some((node) => node.item.id === item.id && node.children.length > 0);
  };

  /**
   * The top-level list encloses the lists of sub-items: it takes an item only when the pointer is
   * not over one of those, or a sub-item could never be reordered in place.
   */
  protected readonly acceptsTopLevel = (): boolean => {
    const pointer = this.lastPointer;
    if (!pointer) {
      return true;
    }
    return !Array.from(this.document.querySelectorAll<HTMLElement>('.ec-agenda__children')).some((list) => {
      const rect = list.getBoundingClientRect();
      return pointer.x >= rect.left && pointer.x <= rect.right && pointer.y >= rect.top && pointer.y <= rect.bottom;
    });
  };

  protected trackPointer(event: CdkDragMove): void {
    this.lastPointer = event.pointerPosition;
  }

  protected droppedOnTopLevel(event: CdkDragDrop<null, unknown, AgendaNode | AgendaItemResponse>): void {
    this.dropped(event.item.data, null, event.currentIndex, event.container === event.previousContainer && event.currentIndex === event.previousIndex);
  }

  protected droppedOnSubItems(event: CdkDragDrop<string, unknown, AgendaNode | AgendaItemResponse>): void {
    this.dropped(event.item.data, event.container.data, event.currentIndex, event.container === event.previousContainer && event.currentIndex === event.previousIndex);
  }

  private dropped(data: AgendaNode | AgendaItemResponse, parentId: string | null, index: number, unchanged: boolean): void {
    this.lastPointer = null;
    if (!unchanged) {
      this.move.emit({ item: 'item' in data ? data.item : data, parentId, index, via: 'drag' });
    }
  }

  protected moveWithinSiblings(item: AgendaItemResponse, siblings: readonly AgendaItemResponse[], delta: -1 | 1): void {
    const index = siblings.findIndex((sibling) => sibling.id === item.id) + delta;
    if (index >= 0 && index < siblings.length) {
      this.move.emit({ item, parentId: item.parentId, index, via: delta < 0 ? 'up' : 'down' });
    }
  }

  protected indent(node: AgendaNode, index: number): void {
    const above = this.tree()[index - 1];
    if (above && node.children.length === 0) {
      this.move.emit({ item: node.item, parentId: above.item.id, index: above.children.length, via: 'indent' });
    }
  }

  protected outdent(child: AgendaItemResponse): void {
    const parentIndex = this.tree().findIndex((node) => node.item.id === child.parentId);
    this.move.emit({ item: child, parentId: null, index: parentIndex + 1, via: 'outdent' });
  }

  protected topItems(): AgendaItemResponse[] {
    return this.tree().map((node) => node.item);
  }

  /** After a keyboard move the row is re-rendered elsewhere: give the focus back to it. */
  refocus(itemId: string, via: AgendaMove['via']): void {
    afterNextRender(
      () => {
        const row = Array.from(this.document.querySelectorAll<HTMLElement>('[data-agenda-row]')).find(
          (candidate) => candidate.getAttribute('data-agenda-row') === itemId,
        );
        const preferred = row?.querySelector<HTMLButtonElement>(`[data-move="${via}"]:not([disabled])`);
        (preferred ?? row?.querySelector<HTMLElement>('[data-move]:not([disabled])') ?? row)?.focus();
      },
      { injector: this.injector },
    );
  }

  protected isOpen(item: AgendaItemResponse): boolean {
    return item.status === 'pending' || item.status === 'current';
  }
}
