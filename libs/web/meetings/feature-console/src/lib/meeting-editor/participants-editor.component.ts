import { ChangeDetectionStrategy, Component, computed, input, model } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatSelectModule } from '@angular/material/select';
import { MEETING_ROLES, type MeetingParticipantChoice, type MeetingRole, type ParticipantRequest } from '@ecabinet/shared/contracts';
import { TranslatePipe } from '@ecabinet/web/shared/i18n';
import { IconComponent } from '@ecabinet/web/shared/ui';

/** One row of the editor: who, in which role, and for a delegate, whom they stand in for. */
export interface ParticipantRow {
  readonly userId: string;
  readonly role: MeetingRole;
  readonly delegateForUserId: string | null;
}

export interface ParticipantProblems {
  readonly twoChairs: boolean;
  /** Delegates who do not name a member or the chair of this meeting. */
  readonly delegatesWithoutPrincipal: ReadonlySet<string>;
}

const canBeRepresented = (row: ParticipantRow | undefined) => row?.role === 'member' || row?.role === 'chair';

/** What the server would refuse in these rows, said before it is sent. */
export function participantProblems(rows: readonly ParticipantRow[]): ParticipantProblems {
  const byId = new Map(rows.map((row) => [row.userId, row]));
  return {
    twoChairs: rows.filter((row) => row.role === 'chair').length > 1,
    delegatesWithoutPrincipal: new Set(
      rows.filter((row) => row.role === 'delegate' && (!row.delegateForUserId || row.delegateForUserId === row.userId || !canBeRepresented(byId.get(row.delegateForUserId)))).map((row) => row.userId),
    ),
  };
}

export function hasParticipantProblems(problems: ParticipantProblems): boolean {
  return problems.twoChairs || problems.delegatesWithoutPrincipal.size > 0;
}

/** The rows as the API takes them (`PUT /meetings/:id/participants`). */
export function toParticipantRequests(rows: readonly ParticipantRow[]): ParticipantRequest[] {
  return rows.map((row) => (row.role === 'delegate' && row.delegateForUserId ? { userId: row.userId, role: row.role, delegateForUserId: row.delegateForUserId } : { userId: row.userId, role: row.role }));
}

/** The meeting role a person's system roles suggest: the chair chairs (if nobody does yet), a member is a member… */
export function suggestedRole(choice: MeetingParticipantChoice, rows: readonly ParticipantRow[]): MeetingRole {
  if (choice.roles.includes('chair') && !rows.some((row) => row.role === 'chair')) return 'chair';
  if (choice.roles.includes('member') || choice.roles.includes('chair')) return 'member';
  if (choice.roles.includes('delegate')) return 'delegate';
  if (choice.roles.includes('secretary')) return 'secretary';
  return 'observer';
}

/**
 * The secretariat chooses a meeting's participants: each with a meeting role (chair, member,
 * delegate, observer, secretary); a delegate names the member or chair they stand in for. All
 * members of the Government can be added at once. Presentational: the rows are a two-way `model`.
 */
@Component({
  selector: 'ec-participants-editor',
  imports: [MatButtonModule, MatFormFieldModule, MatSelectModule, IconComponent, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <fieldset class="ec-participants" data-testid="participants-editor" [disabled]="disabled()">
      <legend class="ec-participants__legend">{{ 'meetings.participants.legend' | t }}</legend>
      <p class="ec-participants__hint">{{ 'meetings.participants.intro' | t }}</p>

      <div class="ec-participants__add">
        <mat-form-field appearance="outline" class="ec-participants__add-field" subscriptSizing="dynamic">
          <mat-label>{{ 'meetings.participants.add' | t }}</mat-label>
          <mat-select data-testid="participant-add" [value]="null" [disabled]="disabled() || available().length === 0" (selectionChange)="add($event.value); $event.source.writeValue(null)">
            @for (choice of available(); track choice.id) {
              <mat-option [value]="choice.id">{{ choice.fullName }}@if (choice.title) {<span class="ec-participants__title"> · {{ choice.title }}</span>}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        <button mat-stroked-button type="button" data-testid="participants-add-members" [disabled]="disabled() || membersToAdd().length === 0" (click)="addAllMembers()">
          <ec-icon name="group" />{{ 'meetings.participants.addAllMembers' | t: { n: membersToAdd().length } }}
        </button>
      </div>
      @if (choices().length > 0 && available().length === 0) {
        <p class="ec-participants__hint">{{ 'meetings.participants.allAdded' | t }}</p>
      }

      @if (participants().length > 0) {
        <ul class="ec-participants__list" [attr.aria-label]="'meetings.participants.legend' | t">
          @for (row of participants(); track row.userId) {
            <li class="ec-participants__row" [attr.data-participant]="nameOf(row.userId)">
              <span class="ec-participants__who">
                <span class="ec-participants__name">{{ nameOf(row.userId) }}</span>
                @if (titleOf(row.userId); as title) {
                  <span class="ec-participants__title">{{ title }}</span>
                }
              </span>
              <mat-form-field appearance="outline" class="ec-participants__role" subscriptSizing="dynamic">
                <mat-label>{{ 'meetings.participants.role' | t }}</mat-label>
                <mat-select [value]="row.role" [attr.data-testid]="'participant-role'" [disabled]="disabled()" (selectionChange)="setRole(row.userId, $event.value)">
                  @for (role of roles; track role) {
                    <mat-option [value]="role">{{ roleKey(role) | t }}</mat-option>
                  }
                </mat-select>
              </mat-form-field>
              @if (row.role === 'delegate') {
                <mat-form-field appearance="outline" class="ec-participants__for" subscriptSizing="dynamic">
                  <mat-label>{{ 'meetings.participants.delegateFor' | t }}</mat-label>
                  <mat-select [value]="row.delegateForUserId" data-testid="participant-delegate-for" [disabled]="disabled()" [attr.aria-describedby]="problems().delegatesWithoutPrincipal.has(row.userId) ? 'delegate-missing-' + row.userId : null" (selectionChange)="setPrincipal(row.userId, $event.value)">
                    @for (principal of principals(); track principal.userId) {
                      @if (principal.userId !== row.userId) {
                        <mat-option [value]="principal.userId">{{ nameOf(principal.userId) }}</mat-option>
                      }
                    }
                  </mat-select>
                </mat-form-field>
              } @else {
                <span class="ec-participants__for"></span>
              }
              <button mat-icon-button type="button" [disabled]="disabled()" [attr.aria-label]="'meetings.participants.remove' | t: { name: nameOf(row.userId) }" (click)="remove(row.userId)">
                <ec-icon name="close" />
              </button>
              @if (problems().delegatesWithoutPrincipal.has(row.userId)) {
                <p class="ec-participants__error" role="alert" [id]="'delegate-missing-' + row.userId">{{ 'meetings.participants.delegateForMissing' | t }}</p>
              }
            </li>
          }
        </ul>
      } @else {
        <p class="ec-participants__hint" data-testid="participants-empty">{{ 'meetings.participants.empty' | t }}</p>
      }
      <p class="ec-participants__hint" aria-live="polite" data-testid="participants-count">{{ 'meetings.participants.count' | t: { n: participants().length } }}</p>
      @if (problems().twoChairs) {
        <p class="ec-participants__error" role="alert" data-testid="participants-two-chairs">{{ 'meetings.participants.twoChairs' | t }}</p>
      }
    </fieldset>
  `,
  styles: `
    .ec-participants {
      margin: 0;
      padding: 0;
      border: 0;
      min-width: 0;
    }
    .ec-participants__legend {
      margin-bottom: 4px;
      padding: 0;
      font: var(--mat-sys-title-medium);
    }
    .ec-participants__hint {
      margin: 4px 0 8px;
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
    .ec-participants__error {
      grid-column: 1 / -1;
      margin: 0;
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-error);
    }
    .ec-participants__add {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px 16px;
    }
    .ec-participants__add-field {
      flex: 1 1 320px;
    }
    .ec-participants__list {
      margin: 12px 0 0;
      padding: 0;
      list-style: none;
      border-top: 1px solid var(--mat-sys-outline-variant);
    }
    .ec-participants__row {
      display: grid;
      grid-template-columns: minmax(200px, 1fr) minmax(200px, 240px) minmax(200px, 260px) 48px;
      align-items: center;
      gap: 4px 12px;
      padding: 6px 0;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
    }
    .ec-participants__who {
      display: flex;
      flex-direction: column;
      min-width: 0;
    }
    .ec-participants__name {
      font: var(--mat-sys-body-large);
    }
    .ec-participants__title {
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
    @media (max-width: 760px) {
      .ec-participants__row {
        grid-template-columns: 1fr 48px;
      }
      .ec-participants__who {
        grid-column: 1 / 2;
      }
      .ec-participants__role,
      .ec-participants__for {
        grid-column: 1 / 2;
      }
    }
  `,
})
export class ParticipantsEditorComponent {
  /** Everyone who may be named, with their system roles. */
  readonly choices = input.required<readonly MeetingParticipantChoice[]>();
  readonly participants = model.required<readonly ParticipantRow[]>();
  readonly disabled = input(false);

  protected readonly roles = MEETING_ROLES;
  private readonly byId = computed(() => new Map(this.choices().map((choice) => [choice.id, choice])));
  protected readonly available = computed(() => {
    const chosen = new Set(this.participants().map((row) => row.userId));
    return this.choices().filter((choice) => !chosen.has(choice.id));
  });
  protected readonly membersToAdd = computed(() => this.available().filter((choice) => choice.roles.includes('member') || choice.roles.includes('chair')));
  protected readonly principals = computed(() => this.participants().filter(canBeRepresented));
  protected readonly problems = computed(() => participantProblems(this.participants()));

  protected nameOf(userId: string): string {
    return this.byId().get(userId)?.fullName ?? userId;
  }

  protected titleOf(userId: string): string | null {
    return this.byId().get(userId)?.title ?? null;
  }

  protected roleKey(role: MeetingRole) {
    return `meetings.role.${role}` as const;
  }

  protected add(userId: string | null): void {
    const choice = userId ? this.byId().get(userId) : undefined;
    if (!choice || this.participants().some((row) => row.userId === choice.id)) return;
    this.participants.update((rows) => [...rows, { userId: choice.id, role: suggestedRole(choice, rows), delegateForUserId: null }]);
  }

  protected addAllMembers(): void {
    this.participants.update((rows) => {
      let next = [...rows];
      for (const choice of this.membersToAdd()) next = [...next, { userId: choice.id, role: suggestedRole(choice, next), delegateForUserId: null }];
      return next;
    });
  }

  protected setRole(userId: string, role: MeetingRole): void {
    this.participants.update((rows) =>
      rows.map((row) => {
        if (row.userId === userId) return { ...row, role, delegateForUserId: role === 'delegate' ? row.delegateForUserId : null };
        // Whoever stood in for someone who is no longer a member or the chair now names no one.
        if (row.delegateForUserId === userId && role !== 'member' && role !== 'chair') return { ...row, delegateForUserId: null };
        return row;
      }),
    );
  }

  protected setPrincipal(userId: string, principalId: string): void {
    this.participants.update((rows) => rows.map((row) => (row.userId === userId ? { ...row, delegateForUserId: principalId } : row)));
  }

  protected remove(userId: string): void {
    this.participants.update((rows) => rows.filter((row) => row.userId !== userId).map((row) => (row.delegateForUserId === userId ? { ...row, delegateForUserId: null } : row)));
  }
}
