import { BreakpointObserver } from '@angular/cdk/layout';
import { ChangeDetectionStrategy, Component, type ElementRef, computed, inject, signal, viewChild } from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatListModule } from '@angular/material/list';
import { MatSidenavModule } from '@angular/material/sidenav';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTooltipModule } from '@angular/material/tooltip';
import { Router, RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { AuthStore } from '@ecabinet/web/identity/data-access';
import { LiveSocket } from '@ecabinet/web/live/data-access';
import { PushRegistration } from '@ecabinet/web/notifications/data-access';
import { OfflinePapers } from '@ecabinet/web/papers/data-access';
import { type Language, RoleLabelPipe, TranslatePipe, TranslationService } from '@ecabinet/web/shared/i18n';
import { IconComponent, LanguageSwitchComponent, StatusChipComponent } from '@ecabinet/web/shared/ui';
import { filter, map } from 'rxjs';
import { AppUpdates } from '../app-updates';
import { primaryRole, visibleNav } from '../nav-items';
import { LiveStatusComponent } from './live-status.component';
import { NotificationBellComponent } from './notification-bell.component';

/** Wide enough for the navigation to stay beside the content (tablet landscape and up). */
const WIDE_LAYOUT = '(min-width: 1024px)';

/**
 * The signed-in frame: top bar, role-aware navigation, and the routed page. It also tells a
 * delegate, wherever they are in the app, that members they assist are late on a ballot.
 */
@Component({
  selector: 'ec-shell-layout',
  imports: [
    RouterOutlet,
    RouterLink,
    RouterLinkActive,
    MatSidenavModule,
    MatListModule,
    MatButtonModule,
    MatTooltipModule,
    IconComponent,
    StatusChipComponent,
    LanguageSwitchComponent,
    LiveStatusComponent,
    NotificationBellComponent,
    TranslatePipe,
    RoleLabelPipe,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './shell-layout.component.html',
  styleUrl: './shell-layout.component.scss',
})
export class ShellLayoutComponent {
  private readonly auth = inject(AuthStore);
  private readonly breakpoints = inject(BreakpointObserver);
  protected readonly i18n = inject(TranslationService);
  private readonly main = viewChild.required<ElementRef<HTMLElement>>('main');

  protected readonly user = this.auth.user;
  protected readonly primaryRole = computed(() => primaryRole(this.auth.roles()));
  protected readonly sections = computed(() => visibleNav(this.auth.roles()));
  /** Those with papers to read search them (an administrator alone has none). */
  protected readonly canSearch = computed(() => this.sections().some((section) => section.items.some((item) => item.path === '/search')));
  protected readonly needsTotp = this.auth.needsTotpEnrollment;
  private readonly appUpdates = inject(AppUpdates);
  /** A new version of the installed app is ready. */
  protected readonly updateReady = this.appUpdates.ready;

  protected readonly wide = toSignal(this.breakpoints.observe(WIDE_LAYOUT).pipe(map((state) => state.matches)), {
    initialValue: this.breakpoints.isMatched(WIDE_LAYOUT),
  });
  protected readonly navOpen = signal(false);
  private readonly router = inject(Router);
  protected readonly sidenavOpened = computed(() => this.wide() || this.navOpen());

  constructor() {
    // This browser's push subscription follows the session (a new one after a restart or an expiry).
    void inject(PushRegistration).resume();
    // Papers kept on this device: expired ones deleted, those of coming meetings stored.
    inject(OfflinePapers).start();
    const snackBar = inject(MatSnackBar);
    // A delegate cannot open the ballot: the notice itself is the message (title and deadline only).
    inject(LiveSocket)
      .on('ballot:notice')
      .pipe(
        filter((notice) => notice.kind === 'delegate-reminder'),
        takeUntilDestroyed(),
      )
      .subscribe((notice) => {
        const message = this.i18n.translate('ballots.delegateReminder', {
          members: (notice.members ?? []).join(', '),
          title: notice.title ?? '',
          deadline: this.i18n.formatDateTime(notice.deadline),
        });
        snackBar.open(message, this.i18n.translate('common.close'), { politeness: 'assertive' });
      });
  }

  protected reloadApp(): void {
    this.appUpdates.reload();
  }

  /** The top bar's search box opens the search page with the words typed (blank: the page itself). */
  protected search(event: Event, query: string): void {
    event.preventDefault();
    const words = query.trim();
    void this.router.navigate(['/search'], words ? { queryParams: { q: words } } : {});
  }

  protected toggleNav(): void {
    this.navOpen.update((open) => !open);
  }

  protected closeNavOnNarrow(): void {
    if (!this.wide()) {
      this.navOpen.set(false);
    }
  }

  /** A fragment link would reload the app under `<base href>`; move focus instead. */
  protected skipToContent(event: Event): void {
    event.preventDefault();
    this.main().nativeElement.focus();
  }

  protected switchLanguage(lang: Language): void {
    void this.i18n.setLang(lang);
  }

  protected signOut(): void {
    this.auth.logout().subscribe();
  }
}
