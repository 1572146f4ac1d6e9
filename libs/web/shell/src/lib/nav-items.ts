import type { Role } from '@ecabinet/shared/contracts';
import type { TranslationKey } from '@ecabinet/web/shared/i18n';
import type { IconName } from '@ecabinet/web/shared/ui';

export interface NavItem {
  readonly path: string;
  readonly label: TranslationKey;
  readonly icon: IconName;
  /** Shown only to holders of one of these roles; everyone when absent. */
  readonly roles?: readonly Role[];
  /** Not built yet: the page is a calm "coming soon". */
  readonly comingSoon?: boolean;
}

export interface NavSection {
  readonly label: TranslationKey;
  readonly items: readonly NavItem[];
}

export const NAV_SECTIONS: readonly NavSection[] = [
  {
    label: 'nav.work',
    items: [
      { path: '/', label: 'nav.home', icon: 'home' },
      { path: '/meetings', label: 'nav.meetings', icon: 'event' },
      { path: '/ballots', label: 'ballots.navMine', icon: 'ballot', roles: ['member', 'chair'] },
      { path: '/ballot-desk', label: 'ballots.navDesk', icon: 'description', roles: ['secretary', 'chair'] },
      { path: '/resolutions', label: 'nav.resolutions', icon: 'notes' },
      { path: '/approvals', label: 'nav.approvals', icon: 'check', roles: ['chair'] },
      { path: '/tasks', label: 'nav.tasks', icon: 'checkCircle', roles: ['secretary', 'chair', 'member', 'delegate'] },
      { path: '/statistics', label: 'nav.statistics', icon: 'tune', roles: ['secretary', 'chair'] },
      { path: '/search', label: 'nav.search', icon: 'search', roles: ['secretary', 'chair', 'member', 'delegate', 'observer'] },
      { path: '/offline', label: 'offline.pageTitle', icon: 'cloudDone', roles: ['secretary', 'chair', 'member', 'delegate', 'observer'] },
    ],
  },
  {
    label: 'nav.admin',
    items: [
      { path: '/admin/users', label: 'nav.users', icon: 'group', roles: ['admin'] },
      { path: '/admin/audit', label: 'nav.audit', icon: 'history', roles: ['admin'] },
      { path: '/admin/traces', label: 'nav.traces', icon: 'fingerprint', roles: ['admin'] },
      { path: '/officer', label: 'nav.officer', icon: 'shield', roles: ['officer'] },
    ],
  },
];

/** The sections and items a user with `roles` may see; empty sections are dropped. */
export function visibleNav(roles: readonly Role[]): NavSection[] {
  return NAV_SECTIONS.map((section) => ({
    ...section,
    items: section.items.filter((item) => !item.roles || item.roles.some((role) => roles.includes(role))),
  })).filter((section) => section.items.length > 0);
}

/** The role shown next to the user's name: the most significant one they hold. */
const ROLE_PRECEDENCE: readonly Role[] = ['admin', 'officer', 'chair', 'secretary', 'member', 'delegate', 'observer'];

export function primaryRole(roles: readonly Role[]): Role | null {
  return ROLE_PRECEDENCE.find((role) => roles.includes(role)) ?? null;
}
