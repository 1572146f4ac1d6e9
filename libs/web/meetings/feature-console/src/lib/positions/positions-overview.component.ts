import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import type { AgendaItemResponse, PositionResponse, PositionTally } from '@ecabinet/shared/contracts';
import { DateTimePipe, TranslatePipe, type TranslationKey } from '@ecabinet/web/shared/i18n';
import { DisabledReasonComponent, IconComponent, StatusChipComponent } from '@ecabinet/web/shared/ui';

interface ItemPositions {
  readonly item: AgendaItemResponse;
  readonly tally: PositionTally | null;
  readonly objecting: readonly PositionResponse[];
  readonly speaking: readonly PositionResponse[];
  readonly notes: readonly PositionResponse[];
  /** Not yet discussed and nobody objects: can be adopted without debate. */
  readonly eligible: boolean;
}

/**
 * Per item, who objects and who wants the floor, with the members' notes (chair and secretariat
 * only), and the "adopt items without objection" action.
 */
@Component({
  selector: 'ec-positions-overview',
  imports: [MatButtonModule, DisabledReasonComponent, IconComponent, StatusChipComponent, TranslatePipe, DateTimePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './positions-overview.component.html',
  styleUrl: './positions-overview.component.scss',
})
export class PositionsOverviewComponent {
  readonly agenda = input.required<readonly AgendaItemResponse[]>();
  readonly tallies = input.required<ReadonlyMap<string, PositionTally>>();
  readonly positions = input<readonly PositionResponse[] | null>(null);
  readonly inSession = input(false);
  readonly adoptedAt = input<string | null>(null);
  readonly busy = input(false);
  readonly adopt = output<readonly AgendaItemResponse[]>();

  protected readonly rows = computed<ItemPositions[]>(() => {
    const positions = this.positions() ?? [];
    return this.agenda().map((item) => {
      const mine = positions.filter((position) => position.itemId === item.id);
      const tally = this.tallies().get(item.id) ?? null;
      return {
        item,
        tally,
        objecting: mine.filter((position) => position.position === 'objection'),
        speaking: mine.filter((position) => position.position === 'wish_to_speak'),
        notes: mine.filter((position) => !!position.note),
        eligible: item.status === 'pending' && (tally?.objection ?? 0) === 0,
      };
    });
  });
  protected readonly eligible = computed(() => this.rows().filter((row) => row.eligible).map((row) => row.item));
  /** Why "adopt items without objection" cannot be used now, said beside it (a tablet has no hover). */
  protected readonly adoptBlocked = computed<TranslationKey | null>(() => {
    if (!this.inSession()) return 'meetings.console.positions.adoptInSession';
    if (this.eligible().length === 0) return 'meetings.console.positions.adoptNone';
    return null;
  });

  protected names(positions: readonly PositionResponse[]): string {
    return positions.map((position) => position.fullName).join(', ');
  }
}
