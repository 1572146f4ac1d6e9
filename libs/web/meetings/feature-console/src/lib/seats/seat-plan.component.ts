import { ChangeDetectionStrategy, Component, type OnInit, computed, inject, input, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import type { MeetingRoomResponse, ParticipantResponse, SpeakerResponse } from '@ecabinet/shared/contracts';
import { MeetingsApi } from '@ecabinet/web/meetings/data-access';
import { TranslatePipe, TranslationService, type TranslationKey } from '@ecabinet/web/shared/i18n';
import { IconComponent } from '@ecabinet/web/shared/ui';

/** "A", "B", … "Z", "AA": a row's default name. */
const rowLetter = (index: number): string => (index < 26 ? String.fromCharCode(65 + index) : rowLetter(Math.floor(index / 26) - 1) + String.fromCharCode(65 + (index % 26)));

type SeatState = 'in_room' | 'remote' | 'absent' | 'represented' | 'unknown' | 'empty';

/**
 * The meeting's seat map (#15): the secretariat draws a room (rows and seats, labelled), picks it
 * for the meeting and seats each participant by choosing him and then his seat. The map shows,
 * live, who is present, remote or absent, who asked for the floor and who holds it.
 */
@Component({
  selector: 'ec-seat-plan',
  imports: [FormsModule, MatButtonModule, MatFormFieldModule, MatInputModule, MatSelectModule, IconComponent, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="ec-seats" data-testid="seat-plan">
      <div class="ec-seats__toolbar">
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>{{ 'meetings.seats.room' | t }}</mat-label>
          <mat-select [ngModel]="roomId()" (ngModelChange)="chooseRoom($event)" [disabled]="!writable()" data-testid="seat-room">
            <mat-option [value]="null">{{ 'meetings.seats.noRoom' | t }}</mat-option>
            @for (room of rooms(); track room.id) {
              <mat-option [value]="room.id">{{ room.name }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        @if (canDraw()) {
          <button mat-stroked-button type="button" (click)="drawing.set(!drawing()); renaming.set(false)" data-testid="seat-draw"><ec-icon name="add" />{{ 'meetings.seats.draw' | t }}</button>
          @if (room()) {
            <button mat-stroked-button type="button" (click)="startRenaming()" data-testid="seat-rename-start"><ec-icon name="edit" />{{ 'meetings.seats.rename' | t }}</button>
          }
        }
      </div>

      @if (drawing()) {
        <form class="ec-seats__draw" (ngSubmit)="saveRoom()" data-testid="seat-draw-form">
          <mat-form-field appearance="outline" subscriptSizing="dynamic">
            <mat-label>{{ 'meetings.seats.roomName' | t }}</mat-label>
            <input matInput name="name" [(ngModel)]="draft.name" maxlength="200" required />
          </mat-form-field>
          <mat-form-field appearance="outline" subscriptSizing="dynamic">
            <mat-label>{{ 'meetings.seats.rows' | t }}</mat-label>
            <input matInput type="number" name="rows" min="1" max="30" [(ngModel)]="draft.rows" required />
          </mat-form-field>
          <mat-form-field appearance="outline" subscriptSizing="dynamic">
            <mat-label>{{ 'meetings.seats.seatsPerRow' | t }}</mat-label>
            <input matInput type="number" name="seats" min="1" max="40" [(ngModel)]="draft.seats" required />
          </mat-form-field>
          <p class="ec-seats__hint">{{ 'meetings.seats.drawHint' | t }}</p>
          <button mat-flat-button type="submit" [disabled]="busy()">{{ 'meetings.seats.saveRoom' | t }}</button>
          @if (room(); as current) {
            <!-- Redraws the chosen room (its seats are renumbered, so this meeting's seating starts again). -->
            <button mat-stroked-button type="button" [disabled]="busy()" (click)="saveRoom(current.id)" data-testid="seat-redraw">{{ 'meetings.seats.redraw' | t: { name: current.name } }}</button>
          }
        </form>
      }

      @if (renaming()) {
        <!-- The same rows and seats, named anew: the seats keep their places, so this meeting's seating stays. -->
        <form class="ec-seats__rename" (ngSubmit)="saveLabels()" data-testid="seat-rename-form">
          <mat-form-field appearance="outline" subscriptSizing="dynamic">
            <mat-label>{{ 'meetings.seats.roomName' | t }}</mat-label>
            <input matInput name="renameRoom" [(ngModel)]="labels.name" maxlength="200" required />
          </mat-form-field>
          <p class="ec-seats__hint">{{ 'meetings.seats.renameHint' | t }}</p>
          @for (row of labels.rows; track $index; let r = $index) {
            <div class="ec-seats__rename-row" role="group" [attr.aria-label]="'meetings.seats.rowNumber' | t: { row: r + 1 }">
              <input class="ec-seats__rename-input ec-seats__rename-input--row" [name]="'row-' + r" [(ngModel)]="row.label" maxlength="40" [attr.aria-label]="'meetings.seats.rowName' | t: { row: r + 1 }" />
              @for (seat of row.seats; track $index; let s = $index) {
                <input class="ec-seats__rename-input" [name]="'seat-' + r + '-' + s" [(ngModel)]="seat.label" maxlength="20" [attr.aria-label]="'meetings.seats.seatName' | t: { row: r + 1, seat: s + 1 }" data-testid="seat-rename" />
              }
            </div>
          }
          <div class="ec-seats__toolbar">
            <button mat-flat-button type="submit" [disabled]="busy()" data-testid="seat-rename-save">{{ 'meetings.seats.saveLabels' | t }}</button>
            <button mat-stroked-button type="button" [disabled]="busy()" (click)="renaming.set(false)">{{ 'common.cancel' | t }}</button>
          </div>
        </form>
      }

      @if (room(); as room) {
        @if (writable()) {
          <div class="ec-seats__toolbar">
            <mat-form-field appearance="outline" subscriptSizing="dynamic">
              <mat-label>{{ 'meetings.seats.person' | t }}</mat-label>
              <mat-select [(ngModel)]="placing" name="placing" data-testid="seat-person">
                @for (person of participants(); track person.userId) {
                  <mat-option [value]="person.userId">{{ person.fullName }}{{ seatLabelOf(person.userId) ? ' · ' + seatLabelOf(person.userId) : '' }}</mat-option>
                }
              </mat-select>
            </mat-form-field>
            <button mat-flat-button type="button" [disabled]="busy() || !dirty()" (click)="savePlan()" data-testid="seat-save"><ec-icon name="save" />{{ 'meetings.seats.savePlan' | t }}</button>
          </div>
          <p class="ec-seats__hint">{{ 'meetings.seats.placeHint' | t }}</p>
        }
        <div class="ec-seats__map" role="group" [attr.aria-label]="room.name">
          <p class="ec-seats__front">{{ 'meetings.seats.front' | t }}</p>
          @for (row of room.rows; track $index) {
            <div class="ec-seats__row">
              <span class="ec-seats__row-label">{{ row.label }}</span>
              @for (seat of row.seats; track seat.key) {
                <button
                  type="button"
                  class="ec-seat"
                  [attr.data-state]="stateOf(seat.key)"
                  [attr.data-floor]="floorOf(seat.key)"
                  [disabled]="!writable()"
                  [attr.aria-label]="seatLabel(seat.key, seat.label)"
                  (click)="place(seat.key)"
                  data-testid="seat"
                >
                  <span class="ec-seat__label">{{ seat.label }}</span>
                  <span class="ec-seat__name">{{ shortName(seat.key) }}</span>
                  @if (floorOf(seat.key) === 'speaking') {
                    <ec-icon name="mic" class="ec-seat__mic" />
                  }
                </button>
              }
            </div>
          }
        </div>
        <ul class="ec-seats__legend">
          @for (state of legend; track state.key) {
            <li><span class="ec-seat ec-seat--swatch" [attr.data-state]="state.key"></span>{{ state.label | t }}</li>
          }
          <li><span class="ec-seat ec-seat--swatch" data-floor="waiting"></span>{{ 'meetings.seats.waiting' | t }}</li>
          <li><span class="ec-seat ec-seat--swatch" data-floor="speaking"></span>{{ 'meetings.seats.speaking' | t }}</li>
        </ul>
      } @else if (!drawing()) {
        <p class="ec-seats__hint">{{ 'meetings.seats.none' | t }}</p>
      }
      <p class="ec-seats__outcome" role="status" [class.ec-seats__outcome--error]="outcome()?.tone === 'error'" data-testid="seat-outcome">{{ outcome()?.text }}</p>
    </section>
  `,
  styles: `
    .ec-seats {
      padding: 12px 16px;
    }
    .ec-seats__toolbar,
    .ec-seats__draw {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px;
      margin-bottom: 8px;
    }
    .ec-seats__hint,
    .ec-seats__outcome {
      width: 100%;
      margin: 4px 0;
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
    .ec-seats__outcome:empty {
      display: none;
    }
    .ec-seats__outcome--error {
      color: var(--mat-sys-error);
    }
    .ec-seats__map {
      overflow-x: auto;
      padding: 8px 0;
    }
    .ec-seats__front {
      margin: 0 0 8px 48px;
      padding: 4px;
      text-align: center;
      border-radius: 4px;
      background: var(--mat-sys-surface-container-high);
      font: var(--mat-sys-label-medium);
    }
    .ec-seats__row {
      display: flex;
      align-items: center;
      gap: 6px;
      margin-bottom: 6px;
    }
    .ec-seats__rename {
      display: grid;
      gap: 8px;
      margin-block: 8px 12px;
    }
    .ec-seats__rename-row {
      display: flex;
      flex-wrap: wrap;
      gap: 4px;
      align-items: center;
    }
    .ec-seats__rename-input {
      width: 4.5em;
      min-height: 36px;
      padding: 4px 6px;
      border: 1px solid var(--mat-sys-outline);
      border-radius: 6px;
      font: var(--mat-sys-body-medium);
      background: var(--mat-sys-surface);
      color: var(--mat-sys-on-surface);
    }
    .ec-seats__rename-input--row {
      width: 7em;
      font-weight: 600;
    }
    .ec-seats__rename-input:focus-visible {
      outline: 2px solid var(--mat-sys-primary);
      outline-offset: 1px;
    }
    .ec-seats__row-label {
      width: 42px;
      flex-shrink: 0;
      font: var(--mat-sys-label-medium);
      color: var(--mat-sys-on-surface-variant);
    }
    .ec-seat {
      position: relative;
      width: 76px;
      min-height: 48px;
      flex-shrink: 0;
      display: flex;
      flex-direction: column;
      align-items: center;
      justify-content: center;
      padding: 4px;
      border-radius: 6px;
      border: 2px solid transparent;
      background: var(--mat-sys-surface-container);
      color: var(--mat-sys-on-surface);
      font: var(--mat-sys-label-small);
      cursor: pointer;
    }
    .ec-seat:disabled {
      cursor: default;
    }
    .ec-seat[data-state='in_room'] {
      background: #c8e6c9;
    }
    .ec-seat[data-state='remote'] {
      background: #bbdefb;
    }
    .ec-seat[data-state='represented'] {
      background: #b2dfdb;
    }
    .ec-seat[data-state='absent'] {
      background: #ffcdd2;
    }
    .ec-seat[data-state='unknown'] {
      background: #eeeeee;
    }
    .ec-seat[data-state='empty'] {
      background: transparent;
      border: 1px dashed var(--mat-sys-outline);
    }
    .ec-seat[data-floor='waiting'] {
      border-color: #f9a825;
    }
    .ec-seat[data-floor='speaking'] {
      border-color: #c62828;
    }
    .ec-seat__label {
      font-weight: 700;
    }
    .ec-seat__name {
      max-width: 100%;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .ec-seat__mic {
      position: absolute;
      top: 2px;
      right: 2px;
      width: 14px;
      height: 14px;
      color: #c62828;
    }
    .ec-seats__legend {
      display: flex;
      flex-wrap: wrap;
      gap: 4px 12px;
      margin: 8px 0 0;
      padding: 0;
      list-style: none;
      font: var(--mat-sys-body-small);
    }
    .ec-seats__legend li {
      display: flex;
      align-items: center;
      gap: 4px;
    }
    .ec-seat--swatch {
      width: 16px;
      min-height: 16px;
      height: 16px;
      padding: 0;
    }
  `,
})
export class SeatPlanComponent implements OnInit {
  readonly meetingId = input.required<string>();
  readonly participants = input<readonly ParticipantResponse[]>([]);
  /** The current item's speakers: who holds the floor and who waits. */
  readonly speakers = input<readonly SpeakerResponse[]>([]);
  readonly writable = input(true);
  /** Drawing rooms is the secretariat's. */
  readonly canDraw = input(false);

  private readonly api = inject(MeetingsApi);
  private readonly i18n = inject(TranslationService);

  protected readonly rooms = signal<MeetingRoomResponse[]>([]);
  protected readonly roomId = signal<string | null>(null);
  protected readonly seats = signal<ReadonlyMap<string, string>>(new Map());
  protected readonly dirty = signal(false);
  protected readonly busy = signal(false);
  protected readonly drawing = signal(false);
  protected readonly outcome = signal<{ tone: 'ok' | 'error'; text: string } | null>(null);
  protected placing: string | null = null;
  protected draft = { name: '', rows: 3, seats: 6 };

  protected readonly room = computed(() => this.rooms().find((room) => room.id === this.roomId()) ?? null);
  private readonly byUser = computed(() => new Map(this.participants().map((p) => [p.userId, p])));
  private readonly floor = computed(() => {
    const floor = new Map<string, 'speaking' | 'waiting'>();
    for (const speaker of this.speakers()) {
      if (speaker.state === 'speaking') floor.set(speaker.userId, 'speaking');
      else if (speaker.state === 'waiting' && !floor.has(speaker.userId)) floor.set(speaker.userId, 'waiting');
    }
    return floor;
  });

  protected readonly legend: { key: SeatState; label: TranslationKey }[] = [
    { key: 'in_room', label: 'meetings.seats.state.in_room' },
    { key: 'remote', label: 'meetings.seats.state.remote' },
    { key: 'absent', label: 'meetings.seats.state.absent' },
    { key: 'unknown', label: 'meetings.seats.state.unknown' },
  ];

  ngOnInit(): void {
    this.api.rooms().subscribe({ next: (rooms) => this.rooms.set(rooms), error: () => this.rooms.set([]) });
    this.api.seatPlan(this.meetingId()).subscribe({
      next: (plan) => {
        if (plan.room) this.rooms.update((rooms) => (rooms.some((r) => r.id === plan.room?.id) ? rooms : [...rooms, plan.room as MeetingRoomResponse]));
        this.roomId.set(plan.room?.id ?? null);
        this.seats.set(new Map(plan.seats.map((s) => [s.seatKey, s.userId])));
      },
      error: (error: unknown) => this.outcome.set({ tone: 'error', text: this.i18n.describeError(error) }),
    });
  }

  protected chooseRoom(roomId: string | null): void {
    this.roomId.set(roomId);
    this.seats.set(new Map());
    this.dirty.set(true);
  }

  /** Seats the chosen person here (moving him from another seat); an occupied seat clicked with nobody chosen is emptied. */
  protected place(seatKey: string): void {
    const next = new Map(this.seats());
    const person = this.placing;
    if (person) {
      for (const [key, userId] of next) if (userId === person) next.delete(key);
      next.set(seatKey, person);
      this.placing = null;
    } else {
      next.delete(seatKey);
    }
    this.seats.set(next);
    this.dirty.set(true);
  }

  /** Names of the chosen room, its rows and its seats, as being edited. */
  protected labels: { name: string; rows: { label: string; seats: { label: string }[] }[] } = { name: '', rows: [] };
  protected readonly renaming = signal(false);

  protected startRenaming(): void {
    const room = this.room();
    if (!room) return;
    this.labels = { name: room.name, rows: room.rows.map((row) => ({ label: row.label, seats: row.seats.map((seat) => ({ label: seat.label })) })) };
    this.drawing.set(false);
    this.renaming.set(true);
  }

  /** The chosen room with its new names: the same rows and seats, so the meeting's seating is kept. */
  protected saveLabels(): void {
    const room = this.room();
    if (!room) return;
    const name = this.labels.name.trim();
    const rows = this.labels.rows.map((row) => ({ label: row.label.trim(), seats: row.seats.map((seat) => ({ label: seat.label.trim() })) }));
    if (!name) {
      this.outcome.set({ tone: 'error', text: this.i18n.translate('meetings.seats.nameRequired') });
      return;
    }
    if (rows.some((row) => !row.label || row.seats.some((seat) => !seat.label))) {
      this.outcome.set({ tone: 'error', text: this.i18n.translate('meetings.seats.labelRequired') });
      return;
    }
    this.busy.set(true);
    this.api.updateRoom(room.id, { name, rows }).subscribe({
      next: (saved) => {
        this.busy.set(false);
        this.renaming.set(false);
        this.rooms.update((rooms) => rooms.map((r) => (r.id === saved.id ? saved : r)));
        this.outcome.set({ tone: 'ok', text: this.i18n.translate('meetings.seats.labelsSaved', { name: saved.name }) });
      },
      error: (error: unknown) => {
        this.busy.set(false);
        this.outcome.set({ tone: 'error', text: this.i18n.describeError(error) });
      },
    });
  }

  /** A new room, or the chosen one redrawn (`roomId`). */
  protected saveRoom(roomId?: string): void {
    const rows = Math.min(30, Math.max(1, Math.round(Number(this.draft.rows) || 1)));
    const perRow = Math.min(40, Math.max(1, Math.round(Number(this.draft.seats) || 1)));
    const name = this.draft.name.trim();
    if (!name) {
      this.outcome.set({ tone: 'error', text: this.i18n.translate('meetings.seats.nameRequired') });
      return;
    }
    const request = {
      name,
      rows: Array.from({ length: rows }, (_, r) => ({
        label: this.i18n.translate('meetings.seats.rowLabel', { row: rowLetter(r) }),
        seats: Array.from({ length: perRow }, (_, s) => ({ label: `${rowLetter(r)}${s + 1}` })),
      })),
    };
    this.busy.set(true);
    (roomId ? this.api.updateRoom(roomId, request) : this.api.createRoom(request)).subscribe({
      next: (room) => {
        this.busy.set(false);
        this.drawing.set(false);
        this.rooms.update((rooms) => [...rooms.filter((r) => r.id !== room.id), room]);
        this.chooseRoom(room.id);
        this.outcome.set({ tone: 'ok', text: this.i18n.translate('meetings.seats.roomSaved', { name: room.name }) });
      },
      error: (error: unknown) => {
        this.busy.set(false);
        this.outcome.set({ tone: 'error', text: this.i18n.describeError(error) });
      },
    });
  }

  protected savePlan(): void {
    this.busy.set(true);
    this.api.setSeatPlan(this.meetingId(), { roomId: this.roomId(), seats: [...this.seats()].map(([seatKey, userId]) => ({ seatKey, userId })) }).subscribe({
      next: (plan) => {
        this.busy.set(false);
        this.dirty.set(false);
        this.seats.set(new Map(plan.seats.map((s) => [s.seatKey, s.userId])));
        this.outcome.set({ tone: 'ok', text: this.i18n.translate('meetings.seats.planSaved') });
      },
      error: (error: unknown) => {
        this.busy.set(false);
        this.outcome.set({ tone: 'error', text: this.i18n.describeError(error) });
      },
    });
  }

  protected stateOf(seatKey: string): SeatState {
    const userId = this.seats().get(seatKey);
    if (!userId) return 'empty';
    return this.byUser().get(userId)?.attendance ?? 'unknown';
  }

  protected floorOf(seatKey: string): 'speaking' | 'waiting' | null {
    const userId = this.seats().get(seatKey);
    return userId ? (this.floor().get(userId) ?? null) : null;
  }

  protected shortName(seatKey: string): string {
    const userId = this.seats().get(seatKey);
    const name = userId ? this.byUser().get(userId)?.fullName : undefined;
    // Vietnamese names are called by their last word.
    const words = name ? name.trim().split(/\s+/) : [];
    return words.length ? words[words.length - 1] : '';
  }

  protected seatLabelOf(userId: string): string | null {
    for (const [key, seated] of this.seats()) {
      if (seated !== userId) continue;
      for (const row of this.room()?.rows ?? []) for (const seat of row.seats) if (seat.key === key) return seat.label;
    }
    return null;
  }

  protected seatLabel(seatKey: string, label: string): string {
    const userId = this.seats().get(seatKey);
    const person = userId ? this.byUser().get(userId)?.fullName : null;
    const state = this.i18n.translate(`meetings.seats.state.${this.stateOf(seatKey)}`);
    const floor = this.floorOf(seatKey);
    const floorText = floor ? `, ${this.i18n.translate(floor === 'speaking' ? 'meetings.seats.speaking' : 'meetings.seats.waiting')}` : '';
    return person ? this.i18n.translate('meetings.seats.seatTaken', { seat: label, name: person, state }) + floorText : this.i18n.translate('meetings.seats.seatEmpty', { seat: label });
  }
}
