import type { Route } from '@angular/router';
import type { TranslationKey } from '@ecabinet/web/shared/i18n';

const title = (key: TranslationKey): string => key;

/** The secretariat's and the chair's ballot desk. Mounted by the shell under `/ballot-desk`. */
export const secretariatBallotRoutes: Route[] = [
  {
    path: '',
    title: title('ballots.deskTitle'),
    loadComponent: () => import('./ballot-desk-page/ballot-desk-page.component').then((m) => m.BallotDeskPageComponent),
  },
  {
    path: 'new',
    title: title('ballots.editorNew'),
    loadComponent: () => import('./ballot-editor-page/ballot-editor-page.component').then((m) => m.BallotEditorPageComponent),
  },
  {
    path: ':ballotId/edit',
    title: title('ballots.editorEdit'),
    loadComponent: () => import('./ballot-editor-page/ballot-editor-page.component').then((m) => m.BallotEditorPageComponent),
  },
  {
    path: ':ballotId',
    title: title('ballots.deskTitle'),
    loadComponent: () => import('./ballot-detail-page/ballot-detail-page.component').then((m) => m.BallotDetailPageComponent),
  },
];
