import type { Route } from '@angular/router';
import type { TranslationKey } from '@ecabinet/web/shared/i18n';

const title = (key: TranslationKey): string => key;

/** "Phiếu của tôi": the list, then one ballot. Mounted by the shell under `/ballots`. */
export const memberBallotRoutes: Route[] = [
  {
    path: '',
    title: title('ballots.mineTitle'),
    loadComponent: () => import('./my-ballots-page/my-ballots-page.component').then((m) => m.MyBallotsPageComponent),
  },
  {
    path: ':ballotId',
    title: title('ballots.mineTitle'),
    loadComponent: () => import('./ballot-page/ballot-page.component').then((m) => m.BallotPageComponent),
  },
];
