import { ChangeDetectionStrategy, Component, type Signal, computed, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { type AbstractControl, NonNullableFormBuilder, ReactiveFormsModule, type ValidationErrors, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MAT_DIALOG_DATA, MatDialogModule } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import {
  IdentityErrorCode,
  type OrganisationResponse,
  PASSWORD_MIN_LENGTH,
  ROLES,
  type Role,
  type UserResponse,
} from '@ecabinet/shared/contracts';
import { OrganisationsApi, UsersApi } from '@ecabinet/web/identity/data-access';
import { RoleLabelPipe, TranslatePipe, readApiError } from '@ecabinet/web/shared/i18n';
import { IconComponent, dialogSave } from '@ecabinet/web/shared/ui';
import { type Observable, catchError, map, of } from 'rxjs';

export interface UserFormDialogData {
  /** The user to edit; `null` to create one. */
  readonly user: UserResponse | null;
  /** Who a delegate may assist (members and the chair); may still be loading. */
  readonly assistable: Signal<readonly UserResponse[]>;
}

/** Lower-case ASCII letters, digits, dot, hyphen, underscore; 3–32 characters. */
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{2,31}$/;

function atLeastOneRole(control: AbstractControl<readonly Role[]>): ValidationErrors | null {
  return control.value.length > 0 ? null : { rolesRequired: true };
}

/**
 * Create a user, or edit one's name, title, e-mail and roles; for a delegate, the members they
 * assist. Closes with the saved user.
 */
@Component({
  selector: 'ec-user-form-dialog',
  imports: [
    ReactiveFormsModule,
    MatDialogModule,
    MatButtonModule,
    MatCheckboxModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    IconComponent,
    TranslatePipe,
    RoleLabelPipe,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './user-form-dialog.component.html',
  styleUrl: './user-form-dialog.component.scss',
})
export class UserFormDialogComponent {
  private readonly api = inject(UsersApi);
  private readonly formBuilder = inject(NonNullableFormBuilder);
  private readonly data = inject<UserFormDialogData>(MAT_DIALOG_DATA);
  protected readonly editedUser = this.data.user;
  /** Members and the chair, never the edited user: nobody assists themself. */
  protected readonly assistable = computed(() => this.data.assistable().filter((member) => member.id !== this.editedUser?.id));

  /** Active organisations to choose from (and the user's own, even if no longer active). */
  protected readonly organisations = toSignal(
    inject(OrganisationsApi)
      .list()
      .pipe(
        map((list) => list.filter((organisation) => organisation.active || organisation.id === this.editedUser?.organisationId)),
        catchError(() => of([] as OrganisationResponse[])),
      ),
    { initialValue: [] as OrganisationResponse[] },
  );

  protected readonly roles = ROLES;
  protected readonly passwordMinLength = PASSWORD_MIN_LENGTH;
  private readonly saveStep = dialogSave<UserResponse>();
  protected readonly saving = this.saveStep.saving;
  protected readonly errorMessage = this.saveStep.errorMessage;

  protected readonly form = this.formBuilder.group({
    username: [this.editedUser?.username ?? '', [Validators.required, Validators.pattern(USERNAME_PATTERN)]],
    fullName: [this.editedUser?.fullName ?? '', [Validators.required, Validators.maxLength(200)]],
    title: [this.editedUser?.title ?? '', Validators.maxLength(200)],
    email: [this.editedUser?.email ?? '', [Validators.email, Validators.maxLength(200)]],
    password: ['', this.editedUser ? [] : [Validators.required, Validators.minLength(PASSWORD_MIN_LENGTH)]],
    roles: this.formBuilder.control<readonly Role[]>(this.editedUser?.roles ?? [], atLeastOneRole),
    assists: this.formBuilder.control<readonly string[]>(this.editedUser?.assists ?? []),
    organisationId: [this.editedUser?.organisationId ?? ''],
  });

  constructor() {
    if (this.editedUser) {
      this.form.controls.username.disable();
      this.form.controls.password.disable();
    }
  }

  protected hasRole(role: Role): boolean {
    return this.form.controls.roles.value.includes(role);
  }

  protected toggleRole(role: Role, checked: boolean): void {
    const roles = this.form.controls.roles;
    const next = checked ? [...roles.value, role] : roles.value.filter((held) => held !== role);
    roles.setValue(ROLES.filter((known) => next.includes(known)));
    roles.markAsTouched();
  }

  protected save(): void {
    if (this.form.invalid || this.saving()) {
      this.form.markAllAsTouched();
      return;
    }
    this.saveStep.submit(this.request(), (error) => this.markTakenUsername(error));
  }

  private request(): Observable<UserResponse> {
    const { username, fullName, title, email, password, roles, assists, organisationId } = this.form.getRawValue();
    const trimmedTitle = title.trim();
    const trimmedEmail = email.trim();
    // Only a delegate assists members; without the role the server lets go of the links.
    const delegate = roles.includes('delegate');
    if (this.editedUser) {
      return this.api.update(this.editedUser.id, {
        fullName: fullName.trim(),
        title: trimmedTitle || null,
        email: trimmedEmail || null,
        roles: [...roles],
        ...(delegate ? { assists: [...assists] } : {}),
        ...(organisationId !== (this.editedUser.organisationId ?? '') ? { organisationId: organisationId || null } : {}),
      });
    }
    return this.api.create({
      username,
      fullName: fullName.trim(),
      ...(trimmedTitle ? { title: trimmedTitle } : {}),
      ...(trimmedEmail ? { email: trimmedEmail } : {}),
      password,
      roles: [...roles],
      ...(delegate && assists.length ? { assists: [...assists] } : {}),
      ...(organisationId ? { organisationId } : {}),
    });
  }

  private markTakenUsername(error: unknown): void {
    if (readApiError(error)?.code === IdentityErrorCode.USERNAME_TAKEN) {
      this.form.controls.username.setErrors({ taken: true });
      this.form.controls.username.markAsTouched();
    }
  }
}
