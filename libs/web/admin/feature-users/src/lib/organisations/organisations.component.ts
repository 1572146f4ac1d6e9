import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSnackBar } from '@angular/material/snack-bar';
import type { OrganisationResponse, UserResponse } from '@ecabinet/shared/contracts';
import { OrganisationsApi, UsersApi } from '@ecabinet/web/identity/data-access';
import { TranslatePipe, TranslationService } from '@ecabinet/web/shared/i18n';
import { IconComponent, StatusChipComponent, confirmAction } from '@ecabinet/web/shared/ui';
import { filter, firstValueFrom, switchMap } from 'rxjs';
import { OrganisationFormDialogComponent, type OrganisationFormDialogData } from '../organisation-form-dialog/organisation-form-dialog.component';

const DIALOG_WIDTH = { width: '600px', maxWidth: 'calc(100vw - 32px)' } as const;
/** The most users one page of the API returns: a government has a few dozen members. */
const HEADS_LIMIT = 200;

/**
 * The organisations of the Government (bộ, ngành, cơ quan): names, symbol, head and how many
 * people belong to each. The administrator adds and changes them, and makes one inactive rather
 * than deleting it (what was assigned to it keeps its name).
 */
@Component({
  selector: 'ec-organisations',
  imports: [MatButtonModule, MatProgressBarModule, IconComponent, StatusChipComponent, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="ec-card ec-card--flush" aria-labelledby="organisations-heading" data-testid="organisations">
      <div class="ec-organisations__head">
        <div>
          <h2 class="ec-card__title" id="organisations-heading">{{ 'organisations.heading' | t }}</h2>
          <p class="ec-organisations__hint">{{ 'organisations.hint' | t }}</p>
        </div>
        <button mat-flat-button type="button" (click)="openDialog(null)" data-testid="add-organisation"><ec-icon name="add" />{{ 'organisations.add' | t }}</button>
      </div>
      @if (loading()) {
        <mat-progress-bar mode="indeterminate" [attr.aria-label]="'common.loading' | t" />
      }
      @if (errorMessage(); as message) {
        <p class="ec-notice ec-notice--error ec-organisations__error" role="alert">
          <ec-icon name="error" /><span>{{ message }}</span>
          <button mat-button type="button" (click)="reload()">{{ 'common.retry' | t }}</button>
        </p>
      }
      @if (organisations().length) {
        <div class="ec-table-scroll">
          <table class="ec-organisations__table" [attr.aria-label]="'organisations.heading' | t">
            <thead>
              <tr>
                <th scope="col">{{ 'organisations.colName' | t }}</th>
                <th scope="col">{{ 'organisations.symbol' | t }}</th>
                <th scope="col" class="ec-col-optional">{{ 'organisations.head' | t }}</th>
                <th scope="col" class="ec-organisations__num">{{ 'organisations.colPeople' | t }}</th>
                <th scope="col">{{ 'organisations.colState' | t }}</th>
                <th scope="col"><span class="ec-visually-hidden">{{ 'organisations.colActions' | t }}</span></th>
              </tr>
            </thead>
            <tbody>
              @for (organisation of organisations(); track organisation.id) {
                <tr [class.ec-organisations__inactive]="!organisation.active" [attr.data-symbol]="organisation.symbol">
                  <th scope="row">
                    <span class="ec-organisations__name">{{ organisation.name }}</span>
                    <span class="ec-organisations__sub">{{ organisation.shortName }}</span>
                  </th>
                  <td><span class="ec-organisations__symbol">{{ organisation.symbol }}</span></td>
                  <td class="ec-col-optional">{{ organisation.headName ?? ('organisations.noHead' | t) }}</td>
                  <td class="ec-organisations__num">{{ organisation.memberCount }}</td>
                  <td>
                    @if (organisation.active) {
                      <ec-status-chip tone="success" icon="checkCircle">{{ 'organisations.active' | t }}</ec-status-chip>
                    } @else {
                      <ec-status-chip tone="neutral" icon="block">{{ 'organisations.inactive' | t }}</ec-status-chip>
                    }
                  </td>
                  <td class="ec-organisations__actions">
                    <button mat-button type="button" (click)="openDialog(organisation)" [attr.aria-label]="'organisations.editNamed' | t: { name: organisation.name }">
                      <ec-icon name="edit" />{{ 'organisations.edit' | t }}
                    </button>
                    <button mat-button type="button" [disabled]="busy() === organisation.id" (click)="toggleActive(organisation)"
                      [attr.aria-label]="(organisation.active ? 'organisations.deactivateNamed' : 'organisations.reactivateNamed') | t: { name: organisation.name }">
                      {{ (organisation.active ? 'organisations.deactivate' : 'organisations.reactivate') | t }}
                    </button>
                  </td>
                </tr>
              }
            </tbody>
          </table>
        </div>
      } @else if (!loading() && !errorMessage()) {
        <p class="ec-organisations__empty">{{ 'organisations.empty' | t }}</p>
      }
    </section>
  `,
  styles: `
    .ec-organisations__head {
      display: flex;
      justify-content: space-between;
      align-items: flex-start;
      gap: 12px;
      flex-wrap: wrap;
      padding: 16px;
    }
    .ec-organisations__hint {
      margin: 4px 0 0;
      color: var(--ec-text-muted, #5f6368);
      max-width: 75ch;
    }
    .ec-organisations__error,
    .ec-organisations__empty {
      margin: 0 16px 16px;
    }
    .ec-organisations__table {
      width: 100%;
      border-collapse: collapse;
    }
    .ec-organisations__table th,
    .ec-organisations__table td {
      text-align: left;
      padding: 10px 16px;
      border-top: 1px solid var(--ec-border, #e0e3e8);
      vertical-align: middle;
    }
    .ec-organisations__table thead th {
      font-weight: 600;
      color: var(--ec-text-muted, #5f6368);
      font-size: 13px;
    }
    .ec-organisations__name {
      display: block;
      font-weight: 600;
    }
    .ec-organisations__sub {
      display: block;
      color: var(--ec-text-muted, #5f6368);
      font-size: 13px;
      font-weight: 400;
    }
    .ec-organisations__symbol {
      font-family: var(--ec-font-mono, ui-monospace, monospace);
      font-weight: 600;
    }
    .ec-organisations__num {
      text-align: right !important;
      font-variant-numeric: tabular-nums;
    }
    .ec-organisations__actions {
      white-space: nowrap;
      text-align: right !important;
    }
    .ec-organisations__inactive th,
    .ec-organisations__inactive td:not(:last-child) {
      color: var(--ec-text-muted, #5f6368);
    }
  `,
})
export class OrganisationsComponent {
  private readonly api = inject(OrganisationsApi);
  private readonly users = inject(UsersApi);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  private readonly i18n = inject(TranslationService);

  protected readonly organisations = signal<OrganisationResponse[]>([]);
  private readonly heads = signal<UserResponse[]>([]);
  protected readonly loading = signal(true);
  protected readonly busy = signal<string | null>(null);
  private readonly failure = signal<unknown>(null);
  protected readonly errorMessage = computed(() => (this.failure() ? this.i18n.describeError(this.failure()) : null));

  constructor() {
    void this.reload();
  }

  protected async reload(): Promise<void> {
    this.loading.set(true);
    this.failure.set(null);
    try {
      const [organisations, heads] = await Promise.all([firstValueFrom(this.api.list()), firstValueFrom(this.users.list({ roles: ['member', 'chair'], limit: HEADS_LIMIT }))]);
      this.organisations.set(organisations);
      this.heads.set(heads.items.filter((user) => !user.disabled));
    } catch (error) {
      this.failure.set(error);
    } finally {
      this.loading.set(false);
    }
  }

  protected openDialog(organisation: OrganisationResponse | null): void {
    this.dialog
      .open<OrganisationFormDialogComponent, OrganisationFormDialogData, OrganisationResponse>(OrganisationFormDialogComponent, {
        ...DIALOG_WIDTH,
        data: { organisation, heads: this.heads() },
        autoFocus: 'first-tabbable',
      })
      .afterClosed()
      .pipe(filter((saved): saved is OrganisationResponse => !!saved))
      .subscribe((saved) => {
        void this.reload();
        this.snackBar.open(this.i18n.translate(organisation ? 'organisations.saved' : 'organisations.created', { name: saved.name }), this.i18n.translate('common.close'), { duration: 5000 });
      });
  }

  /** Making one inactive keeps it and its people; it asks first. Making it active again does not. */
  protected toggleActive(organisation: OrganisationResponse): void {
    const change = () => {
      this.busy.set(organisation.id);
      this.failure.set(null);
      return this.api.update(organisation.id, { active: !organisation.active });
    };
    const confirmed = organisation.active
      ? confirmAction(this.dialog, {
          title: this.i18n.translate('organisations.deactivateTitle', { name: organisation.name }),
          message: this.i18n.translate('organisations.deactivateMessage', { n: organisation.memberCount }),
          confirmLabel: this.i18n.translate('organisations.deactivate'),
          destructive: true,
        }).pipe(filter(Boolean))
      : null;
    (confirmed ? confirmed.pipe(switchMap(change)) : change()).subscribe({
      next: (updated) => {
        this.busy.set(null);
        this.organisations.update((list) => list.map((item) => (item.id === updated.id ? updated : item)));
      },
      error: (error: unknown) => {
        this.busy.set(null);
        this.failure.set(error);
      },
    });
  }
}
