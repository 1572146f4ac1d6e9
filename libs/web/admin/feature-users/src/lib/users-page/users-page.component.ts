import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatPaginatorModule, type PageEvent } from '@angular/material/paginator';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTableModule } from '@angular/material/table';
import { MatTabsModule } from '@angular/material/tabs';
import { MatTooltipModule } from '@angular/material/tooltip';
import type { UserResponse } from '@ecabinet/shared/contracts';
import { AuthStore } from '@ecabinet/web/identity/data-access';
import { RoleLabelPipe, TranslatePipe, TranslationService } from '@ecabinet/web/shared/i18n';
import {
  DisabledReasonComponent,
  EmptyStateComponent,
  IconComponent,
  PageHeaderComponent,
  StatusChipComponent,
  confirmAction,
  provideTranslatedPaginator,
} from '@ecabinet/web/shared/ui';
import { debounceTime, distinctUntilChanged, filter, map, switchMap } from 'rxjs';
import { ResetPasswordDialogComponent, type ResetPasswordDialogData } from '../reset-password-dialog/reset-password-dialog.component';
import { OrganisationsComponent } from '../organisations/organisations.component';
import { SecurityPolicyComponent } from '../security-policy/security-policy.component';
import { DevicesDialogComponent, type DevicesDialogData } from '../devices-dialog/devices-dialog.component';
import { SigningKeysDialogComponent, type SigningKeysDialogData } from '../signing-keys-dialog/signing-keys-dialog.component';
import { UserFormDialogComponent, type UserFormDialogData } from '../user-form-dialog/user-form-dialog.component';
import { UsersStore } from '../users.store';

const DIALOG_WIDTH = { width: '600px', maxWidth: 'calc(100vw - 32px)' } as const;

/** Administration of users: search, create, edit roles, disable/enable, reset password, signing keys, policy. */
@Component({
  selector: 'ec-users-page',
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatPaginatorModule,
    MatProgressBarModule,
    MatTableModule,
    MatTabsModule,
    MatTooltipModule,
    DisabledReasonComponent,
    EmptyStateComponent,
    IconComponent,
    PageHeaderComponent,
    StatusChipComponent,
    SecurityPolicyComponent,
    OrganisationsComponent,
    TranslatePipe,
    RoleLabelPipe,
  ],
  providers: [UsersStore, provideTranslatedPaginator()],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './users-page.component.html',
  styleUrl: './users-page.component.scss',
})
export class UsersPageComponent {
  protected readonly store = inject(UsersStore);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  private readonly i18n = inject(TranslationService);
  private readonly auth = inject(AuthStore);
  private readonly currentUserId = computed(() => this.auth.user()?.id ?? null);

  protected readonly columns = ['name', 'title', 'roles', 'status', 'totp', 'actions'] as const;
  protected readonly searchControl = new FormControl('', { nonNullable: true });
  protected readonly loadErrorMessage = computed(() =>
    this.store.loadError() ? this.i18n.describeError(this.store.loadError()) : null,
  );

  constructor() {
    this.searchControl.valueChanges
      .pipe(
        map((search) => search.trim()),
        debounceTime(300),
        distinctUntilChanged(),
        takeUntilDestroyed(),
      )
      .subscribe((search) => this.store.searchFor(search));
  }

  protected isCurrentUser(user: UserResponse): boolean {
    return user.id === this.currentUserId();
  }

  /** Whom a delegate assists, by name (an id not among the members and the chair is counted, not named). */
  protected assistedNames(user: UserResponse): string {
    const names = user.assists.map((id) => this.store.memberName(id));
    const known = names.filter((name): name is string => name !== null);
    const others = names.length - known.length;
    return others ? [...known, this.i18n.translate('users.assistsOthers', { n: others })].join(', ') : known.join(', ');
  }

  protected showPage(event: PageEvent): void {
    this.store.showPage(event.pageIndex, event.pageSize);
  }

  protected clearSearch(): void {
    this.searchControl.setValue('');
  }

  protected openCreateDialog(): void {
    this.dialog
      .open<UserFormDialogComponent, UserFormDialogData, UserResponse>(UserFormDialogComponent, {
        ...DIALOG_WIDTH,
        data: { user: null, assistable: this.store.assistable },
      })
      .afterClosed()
      .pipe(filter((user): user is UserResponse => !!user))
      .subscribe((user) => {
        this.store.reload();
        this.announce(this.i18n.translate('users.created', { name: user.fullName }));
      });
  }

  protected openEditDialog(user: UserResponse): void {
    this.dialog
      .open<UserFormDialogComponent, UserFormDialogData, UserResponse>(UserFormDialogComponent, {
        ...DIALOG_WIDTH,
        data: { user, assistable: this.store.assistable },
      })
      .afterClosed()
      .pipe(filter((saved): saved is UserResponse => !!saved))
      .subscribe((saved) => {
        this.store.replace(saved);
        this.announce(this.i18n.translate('users.updated', { name: saved.fullName }));
      });
  }

  protected openResetPasswordDialog(user: UserResponse): void {
    this.dialog
      .open<ResetPasswordDialogComponent, ResetPasswordDialogData, boolean>(ResetPasswordDialogComponent, {
        ...DIALOG_WIDTH,
        data: { user },
      })
      .afterClosed()
      .pipe(filter((done) => done === true))
      .subscribe(() => this.announce(this.i18n.translate('users.resetDone', { name: user.fullName })));
  }

  /** The user's device signing keys, where the admin may revoke one. */
  protected openSigningKeysDialog(user: UserResponse): void {
    this.dialog.open<SigningKeysDialogComponent, SigningKeysDialogData>(SigningKeysDialogComponent, {
      width: '720px',
      maxWidth: 'calc(100vw - 32px)',
      data: { user },
    });
  }

  /** The devices signed in as the user, where the admin wipes a lost one. */
  protected openDevicesDialog(user: UserResponse): void {
    this.dialog.open<DevicesDialogComponent, DevicesDialogData>(DevicesDialogComponent, {
      width: '720px',
      maxWidth: 'calc(100vw - 32px)',
      data: { user },
    });
  }

  /** Disables or re-enables an account after the admin confirms the consequence. */
  protected confirmAccessChange(user: UserResponse): void {
    const disable = !user.disabled;
    confirmAction(this.dialog, {
      title: this.i18n.translate(disable ? 'users.disableTitle' : 'users.enableTitle'),
      message: this.i18n.translate(disable ? 'users.disableMessage' : 'users.enableMessage', { name: user.fullName }),
      confirmLabel: this.i18n.translate(disable ? 'users.disable' : 'users.enable'),
      destructive: disable,
    })
      .pipe(
        filter(Boolean),
        switchMap(() => this.store.setDisabled(user, disable)),
      )
      .subscribe({
        next: (saved) =>
          this.announce(this.i18n.translate(disable ? 'users.disabledDone' : 'users.enabledDone', { name: saved.fullName })),
        error: (error: unknown) => this.announce(this.i18n.describeError(error)),
      });
  }

  private announce(message: string): void {
    this.snackBar.open(message, this.i18n.translate('common.close'), { duration: 5000 });
  }
}
