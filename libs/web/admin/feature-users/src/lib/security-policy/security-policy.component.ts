import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { ROLES, type Role } from '@ecabinet/shared/contracts';
import { AuthStore, UsersApi } from '@ecabinet/web/identity/data-access';
import { RoleLabelPipe, TranslatePipe, TranslationService } from '@ecabinet/web/shared/i18n';
import { DisabledReasonComponent, IconComponent } from '@ecabinet/web/shared/ui';
import { finalize } from 'rxjs';

/** Which roles must use two-step verification. */
@Component({
  selector: 'ec-security-policy',
  imports: [MatButtonModule, MatCheckboxModule, DisabledReasonComponent, IconComponent, TranslatePipe, RoleLabelPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="ec-card" aria-labelledby="ec-policy-title">
      <h2 id="ec-policy-title" class="ec-card__title">{{ 'policy.title' | t }}</h2>
      <p class="ec-card__text">{{ 'policy.intro' | t }}</p>
      <fieldset class="ec-policy__roles" [disabled]="!loaded()" [attr.aria-describedby]="loaded() ? null : 'policy-why'">
        <legend class="ec-visually-hidden">{{ 'policy.title' | t }}</legend>
        @for (role of roles; track role) {
          <mat-checkbox [checked]="required().includes(role)" (change)="toggleRole(role, $event.checked)">
            {{ role | roleLabel }}
          </mat-checkbox>
        }
      </fieldset>
      @if (affectsCurrentUser()) {
        <p class="ec-notice ec-notice--warning" role="note"><ec-icon name="warning" /><span>{{ 'policy.selfWarning' | t }}</span></p>
      }
      @if (errorMessage(); as message) {
        <p class="ec-notice ec-notice--error" role="alert"><ec-icon name="error" /><span>{{ message }}</span></p>
      }
      @if (saved()) {
        <p class="ec-notice ec-notice--success" role="status"><ec-icon name="checkCircle" /><span>{{ 'policy.saved' | t }}</span></p>
      }
      <div class="ec-form__actions ec-policy__actions">
        @if (!loaded()) {
          <ec-disabled-reason id="policy-why">{{ (loadFailed() ? 'policy.notLoadedWhy' : 'policy.loadingWhy') | t }}</ec-disabled-reason>
        }
        <button mat-flat-button type="button" [disabled]="!loaded() || saving()" [attr.aria-describedby]="loaded() ? null : 'policy-why'" (click)="savePolicy()">
          {{ (saving() ? 'common.saving' : 'common.save') | t }}
        </button>
      </div>
    </section>
  `,
  styles: `
    .ec-policy__actions {
      align-items: center;
    }
    .ec-policy__roles {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(260px, 1fr));
      gap: 0 16px;
      margin: 0 0 8px;
      padding: 0;
      border: 0;
    }
  `,
})
export class SecurityPolicyComponent {
  private readonly api = inject(UsersApi);
  private readonly auth = inject(AuthStore);
  private readonly i18n = inject(TranslationService);
  protected readonly roles = ROLES;
  protected readonly required = signal<readonly Role[]>([]);
  protected readonly loaded = signal(false);
  protected readonly loadFailed = signal(false);
  protected readonly saving = signal(false);
  protected readonly saved = signal(false);
  private readonly failure = signal<unknown>(null);
  /** Saving would lock the admin out of everything but enrolment until they set up a second factor. */
  protected readonly affectsCurrentUser = computed(() => {
    const user = this.auth.user();
    return !!user && !user.totpEnabled && this.required().some((role) => user.roles.includes(role));
  });
  protected readonly errorMessage = computed(() => (this.failure() ? this.i18n.describeError(this.failure()) : null));

  constructor() {
    this.api.getSecurityPolicy().subscribe({
      next: (policy) => {
        this.required.set(policy.totpRequiredRoles);
        this.loaded.set(true);
      },
      error: (error: unknown) => {
        this.failure.set(error);
        this.loadFailed.set(true);
      },
    });
  }

  protected toggleRole(role: Role, checked: boolean): void {
    this.saved.set(false);
    this.required.update((roles) => ROLES.filter((known) => (known === role ? checked : roles.includes(known))));
  }

  protected savePolicy(): void {
    this.saving.set(true);
    this.saved.set(false);
    this.failure.set(null);
    this.api
      .updateSecurityPolicy({ totpRequiredRoles: [...this.required()] })
      .pipe(finalize(() => this.saving.set(false)))
      .subscribe({
        next: (policy) => {
          this.required.set(policy.totpRequiredRoles);
          this.saved.set(true);
          if (this.affectsCurrentUser()) {
            this.auth.requireTotpEnrollment();
          }
        },
        error: (error: unknown) => this.failure.set(error),
      });
  }
}
