import { ChangeDetectionStrategy, Component, computed, effect, input, output, signal } from '@angular/core';
import { FormControl, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { type MatButtonToggleChange, MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import {
  type AgendaItemResponse,
  POSITIONS,
  type PaperResponse,
  type ParticipantResponse,
  type PositionChoice,
  type PositionResponse,
  type PositionTally,
  type VoteResponse,
} from '@ecabinet/shared/contracts';
import { AgendaItemStatusChipComponent, VoteRecordListComponent, VoteResultComponent } from '@ecabinet/web/meetings/ui';
import { PaperListComponent } from '@ecabinet/web/papers/ui';
import { TranslatePipe } from '@ecabinet/web/shared/i18n';
import { DisabledReasonComponent, IconComponent } from '@ecabinet/web/shared/ui';

export interface PositionChange {
  readonly itemId: string;
  readonly position: PositionChoice;
  readonly note: string;
}

const POSITION_LABELS = {
  no_objection: 'meetings.position.no_objection',
  objection: 'meetings.position.objection',
  wish_to_speak: 'meetings.position.wish_to_speak',
} as const;

/**
 * One agenda item as a member reads it: number, title, status, presenter, planned minutes,
 * summary, its papers (with read state), conclusion, vote result, and the member's own position
 * with an optional note.
 */
@Component({
  selector: 'ec-room-agenda-item',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatButtonToggleModule,
    MatFormFieldModule,
    MatInputModule,
    AgendaItemStatusChipComponent,
    VoteResultComponent,
    VoteRecordListComponent,
    PaperListComponent,
    IconComponent,
    DisabledReasonComponent,
    TranslatePipe,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './room-agenda-item.component.html',
  styleUrl: './room-agenda-item.component.scss',
  host: {
    '[class.ec-room-item--current]': "item().status === 'current'",
    '[class.ec-room-item--closed]': "item().status === 'withdrawn' || item().status === 'deferred'",
    '[class.ec-room-item--sub]': 'item().parentId !== null',
    '[attr.data-item-id]': 'item().id',
    '[attr.data-status]': 'item().status',
  },
})
export class RoomAgendaItemComponent {
  readonly item = input.required<AgendaItemResponse>();
  readonly meetingId = input.required<string>();
  /** The item's papers the caller may read. */
  readonly papers = input<readonly PaperResponse[]>([]);
  readonly downloadingPaper = input<string | null>(null);
  /** Every vote held on the item, oldest first. */
  readonly votes = input<readonly VoteResponse[]>([]);
  /** To name who voted how in a named vote. */
  readonly participants = input<readonly ParticipantResponse[]>([]);
  readonly downloadPaper = output<PaperResponse>();
  readonly myPosition = input<PositionResponse | null>(null);
  readonly tally = input<PositionTally | null>(null);
  /** The caller is a member, the chair or a delegate, and the meeting is not closed. */
  readonly canTakePosition = input(false);
  /** The caller is excluded from the item (conflict of interest): a calm notice instead of the position. */
  readonly excluded = input(false);
  readonly saving = input(false);
  readonly positionChange = output<PositionChange>();

  protected readonly positions = POSITIONS;
  protected readonly labels = POSITION_LABELS;
  protected readonly noteOpen = signal(false);
  protected readonly note = new FormControl('', { nonNullable: true, validators: [Validators.maxLength(2000)] });
  protected readonly positionOpen = computed(() => this.canTakePosition() && this.item().status !== 'done' && this.item().status !== 'withdrawn');
  protected readonly headingId = computed(() => `ec-agenda-item-${this.item().id}`);
  protected readonly talliesShown = computed(() => {
    const tally = this.tally();
    return tally !== null && tally.objection + tally.wishToSpeak > 0;
  });

  constructor() {
    // The saved note is the starting point of the field (and follows a save from another device).
    effect(() => {
      const saved = this.myPosition()?.note ?? '';
      if (!this.note.dirty) {
        this.note.setValue(saved);
      }
    });
  }

  protected choose(change: MatButtonToggleChange): void {
    const position = change.value as PositionChoice | null;
    if (position) {
      this.positionChange.emit({ itemId: this.item().id, position, note: this.note.value });
    }
  }

  protected toggleNote(): void {
    this.noteOpen.update((open) => !open);
  }

  protected saveNote(): void {
    const position = this.myPosition()?.position;
    if (!position || this.note.invalid) {
      return;
    }
    this.positionChange.emit({ itemId: this.item().id, position, note: this.note.value });
    this.note.markAsPristine();
    this.noteOpen.set(false);
  }
}
