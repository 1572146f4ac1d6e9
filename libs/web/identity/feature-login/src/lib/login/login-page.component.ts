import {
  ChangeDetectionStrategy,
  Component,
  type ElementRef,
  computed,
  effect,
  inject,
  linkedSignal,
  signal,
  viewChild,
} from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { ActivatedRoute, Router } from '@angular/router';
import { IdentityErrorCode, type LoginRequest, type SsoRefusal } from '@ecabinet/shared/contracts';
import { AuthStore, MAX_OFFLINE_FAILURES, SingleSignOn, safeReturnUrl } from '@ecabinet/web/identity/data-access';
import { type Language, TranslatePipe, type TranslationKey, TranslationService, isNetworkError, readApiError } from '@ecabinet/web/shared/i18n';
import { IconComponent, LanguageSwitchComponent, browserOnline, provideTouchedErrorStateMatcher } from '@ecabinet/web/shared/ui';
import { finalize } from 'rxjs';

/** `sso-totp`: the identity provider accepted the user, whose account's own code is still needed. */
type LoginStep = 'password' | 'totp' | 'sso-totp';

/** Where a user signed in on the device alone lands: the papers it keeps. */
export const DEVICE_ONLY_HOME = '/offline';

const SSO_REFUSALS: readonly SsoRefusal[] = ['unavailable', 'expired', 'cancelled', 'failed', 'unknown-user', 'disabled'];

/**
 * Sign-in: username and password, then a 6-digit code when the account has a second factor;
 * or, where the installation has one, through the organisation's identity provider (the server
 * sends the browser back here with `?sso=<reason>` when it refuses, `?sso=second-factor` when the
 * account's own code is needed). Every failure is told in words the user understands, in their language.
 */
@Component({
  selector: 'ec-login-page',
  imports: [
    ReactiveFormsModule,
    MatFormFieldModule,
    MatInputModule,
    MatButtonModule,
    MatProgressBarModule,
    IconComponent,
    LanguageSwitchComponent,
    TranslatePipe,
  ],
  providers: [provideTouchedErrorStateMatcher()],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './login-page.component.html',
  styleUrl: './login-page.component.scss',
})
export class LoginPageComponent {
  private readonly auth = inject(AuthStore);
  protected readonly sso = inject(SingleSignOn);
  private readonly router = inject(Router);
  private readonly queryParams = toSignal(inject(ActivatedRoute).queryParamMap);
  private readonly formBuilder = inject(NonNullableFormBuilder);
  protected readonly i18n = inject(TranslationService);

  protected readonly credentials = this.formBuilder.group({
    username: ['', Validators.required],
    password: ['', Validators.required],
  });
  protected readonly totpCode = this.formBuilder.control('', [Validators.required, Validators.pattern(/^\d{6}$/)]);

  protected readonly step = linkedSignal<LoginStep>(() => (this.queryParams()?.get('sso') === 'second-factor' ? 'sso-totp' : 'password'));
  protected readonly submitting = signal(false);
  /** Opened from the device with the network off (the installed app): say so rather than fail to sign in. */
  protected readonly online = browserOnline();
  protected readonly unreachable = this.auth.unreachable;
  protected readonly passwordVisible = signal(false);
  private readonly failure = signal<unknown>(null);
  /** Why the password did not open what this device keeps, the server being unreachable. */
  private readonly offlineRefusal = signal<TranslationKey | null>(null);
  protected readonly errorMessage = computed(() => {
    const refusal = this.offlineRefusal();
    if (refusal) return this.i18n.translate(refusal, { attempts: MAX_OFFLINE_FAILURES });
    return this.failure() ? this.i18n.describeError(this.failure()) : null;
  });
  /** This device deleted what it kept (revoked, or its user logged out everywhere). */
  protected readonly deviceWiped = computed(() => this.auth.wiped() || this.queryParams()?.get('wiped') === '1');
  protected readonly sessionExpired = computed(() => this.queryParams()?.get('expired') === '1' && !this.failure() && !this.deviceWiped());
  /** Set once the user tries again: the refusal that brought them back here is then old news. */
  private readonly attempted = signal(false);
  protected readonly ssoRefusal = computed<TranslationKey | null>(() => {
    const reason = this.queryParams()?.get('sso') as SsoRefusal | undefined;
    return reason && SSO_REFUSALS.includes(reason) && !this.attempted() ? `login.ssoRefused.${reason}` : null;
  });
  private readonly returnUrl = computed(() => safeReturnUrl(this.queryParams()?.get('returnUrl')));
  protected readonly ssoStartUrl = computed(() => this.sso.startUrl(this.returnUrl()));
  protected readonly redirecting = signal(false);

  private readonly totpInput = viewChild<ElementRef<HTMLInputElement>>('totpInput');
  private readonly passwordInput = viewChild<ElementRef<HTMLInputElement>>('passwordInput');

  constructor() {
    // Move focus to the code field as soon as the second step appears.
    effect(() => this.totpInput()?.nativeElement.focus());
  }

  protected signIn(): void {
    if (this.submitting()) {
      return;
    }
    this.attempted.set(true);
    if (this.step() === 'sso-totp') {
      this.finishSingleSignOn();
      return;
    }
    const onTotpStep = this.step() === 'totp';
    if (this.credentials.invalid || (onTotpStep && this.totpCode.invalid)) {
      this.credentials.markAllAsTouched();
      this.totpCode.markAsTouched();
      return;
    }
    const request: LoginRequest = onTotpStep
      ? { ...this.credentials.getRawValue(), totpCode: this.totpCode.value }
      : this.credentials.getRawValue();

    this.submitting.set(true);
    this.failure.set(null);
    this.offlineRefusal.set(null);
    this.auth.login(request).subscribe({
      next: () => {
        this.submitting.set(false);
        void this.router.navigateByUrl(this.returnUrl());
      },
      error: (error: unknown) => {
        if (isNetworkError(error) && this.auth.offlineSignInAvailable) {
          void this.signInOnDevice(error);
          return;
        }
        this.submitting.set(false);
        this.showFailure(error);
      },
    });
  }

  /**
   * The server cannot be reached: the password last accepted here opens what this device keeps
   * (to read and annotate; the server is asked again as soon as it answers).
   */
  private async signInOnDevice(networkError: unknown): Promise<void> {
    const { username, password } = this.credentials.getRawValue();
    try {
      const result = await this.auth.unlockOffline(username, password);
      if ('user' in result) {
        await this.router.navigateByUrl(DEVICE_ONLY_HOME);
        return;
      }
      if (result.refused === 'unknown') {
        this.failure.set(networkError);
        this.offlineRefusal.set('login.deviceOnly.unknown');
      } else {
        this.offlineRefusal.set(result.refused === 'locked' ? 'login.deviceOnly.locked' : 'login.deviceOnly.wrongPassword');
        this.backToPasswordAfterRejection();
      }
    } catch {
      this.failure.set(networkError);
    } finally {
      this.submitting.set(false);
    }
  }

  /** The browser leaves for the identity provider: say so while the page is still shown. */
  protected startSingleSignOn(): void {
    this.attempted.set(true);
    this.redirecting.set(true);
  }

  private finishSingleSignOn(): void {
    if (this.totpCode.invalid) {
      this.totpCode.markAsTouched();
      return;
    }
    this.submitting.set(true);
    this.failure.set(null);
    this.auth
      .completeSingleSignOn(this.totpCode.value)
      .pipe(finalize(() => this.submitting.set(false)))
      .subscribe({
        next: () => void this.router.navigateByUrl(this.returnUrl()),
        error: (error: unknown) => {
          this.failure.set(error);
          this.totpCode.reset();
          if (readApiError(error)?.code === IdentityErrorCode.SSO_EXPIRED) {
            // Nothing waits at the server any more: start again from the first step.
            this.step.set('password');
          } else {
            this.totpInput()?.nativeElement.focus();
          }
        },
      });
  }

  protected backToPassword(): void {
    this.step.set('password');
    this.totpCode.reset();
    this.failure.set(null);
    this.offlineRefusal.set(null);
  }

  protected togglePasswordVisibility(): void {
    this.passwordVisible.update((visible) => !visible);
  }

  protected switchLanguage(lang: Language): void {
    void this.i18n.setLang(lang);
  }

  private showFailure(error: unknown): void {
    const code = readApiError(error)?.code;
    if (code === IdentityErrorCode.TOTP_REQUIRED && this.step() === 'password') {
      // Not a failure: the account has a second factor. Ask for it.
      this.step.set('totp');
      return;
    }
    this.failure.set(error);
    if (code === IdentityErrorCode.TOTP_INVALID) {
      this.totpCode.reset();
      this.totpInput()?.nativeElement.focus();
    } else if (code === IdentityErrorCode.INVALID_CREDENTIALS) {
      this.backToPasswordAfterRejection();
    }
  }

  private backToPasswordAfterRejection(): void {
    this.step.set('password');
    this.totpCode.reset();
    this.credentials.controls.password.reset();
    this.passwordInput()?.nativeElement.focus();
  }
}
