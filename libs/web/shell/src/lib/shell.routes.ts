import type { Route } from '@angular/router';
import { authGuard, guestGuard, roleGuard, totpEnrollmentGuard } from '@ecabinet/web/identity/data-access';
import { pageTitle } from './translated-title.strategy';

/**
 * Every route of the web app. Pages load lazily; the admin areas are not even fetched by users
 * without the admin role (`canMatch`).
 */
export const shellRoutes: Route[] = [
  {
    path: 'login',
    title: pageTitle('login.title'),
    canActivate: [guestGuard],
    loadComponent: () => import('@ecabinet/web/identity/feature-login').then((m) => m.LoginPageComponent),
  },
  {
    // The room's TV or projector (#15): no account, paired by a code; outside the app's frame.
    path: 'screen',
    title: pageTitle('roomScreen.pageTitle'),
    loadComponent: () => import('@ecabinet/web/meetings/feature-room').then((m) => m.RoomScreenPageComponent),
  },
  {
    path: '',
    canActivate: [authGuard],
    canActivateChild: [totpEnrollmentGuard],
    loadComponent: () => import('./layout/shell-layout.component').then((m) => m.ShellLayoutComponent),
    children: [
      {
        path: '',
        pathMatch: 'full',
        title: pageTitle('nav.home'),
        loadComponent: () => import('./home/home-page.component').then((m) => m.HomePageComponent),
      },
      {
        path: 'account',
        title: pageTitle('account.title'),
        loadComponent: () => import('@ecabinet/web/identity/feature-login').then((m) => m.AccountPageComponent),
      },
      {
        // The papers kept on this device; where a user signed in without the server lands (#14).
        path: 'offline',
        title: pageTitle('offline.pageTitle'),
        loadComponent: () => import('@ecabinet/web/papers/feature-reader').then((m) => m.OfflinePapersPageComponent),
      },
      {
        path: 'meetings',
        title: pageTitle('nav.meetings'),
        loadComponent: () => import('@ecabinet/web/meetings/feature-list').then((m) => m.MeetingListPageComponent),
      },
      {
        // The secretariat creates a meeting (a draft) and then builds its agenda in the console.
        path: 'meetings/new',
        title: pageTitle('meetings.editor.newTitle'),
        canMatch: [roleGuard(['secretary'])],
        loadComponent: () => import('@ecabinet/web/meetings/feature-console').then((m) => m.MeetingEditorPageComponent),
      },
      {
        path: 'meetings/:meetingId/edit',
        title: pageTitle('meetings.editor.editTitle'),
        canMatch: [roleGuard(['secretary'])],
        loadComponent: () => import('@ecabinet/web/meetings/feature-console').then((m) => m.MeetingEditorPageComponent),
      },
      {
        path: 'meetings/:meetingId',
        title: pageTitle('nav.meetings'),
        loadComponent: () => import('@ecabinet/web/meetings/feature-room').then((m) => m.MeetingRoomPageComponent),
      },
      {
        // Approved minutes for every participant; the draft for the chair and the secretariat (checked by the API).
        path: 'meetings/:meetingId/minutes',
        title: pageTitle('minutes.title'),
        loadComponent: () => import('@ecabinet/web/meetings/feature-console').then((m) => m.MinutesPageComponent),
      },
      {
        path: 'resolutions',
        title: pageTitle('resolutions.title'),
        loadComponent: () => import('@ecabinet/web/meetings/feature-console').then((m) => m.ResolutionsPageComponent),
      },
      {
        // Issued: everyone signed in; a draft: the secretariat and the chair (checked by the API).
        path: 'resolutions/:resolutionId',
        title: pageTitle('resolutions.title'),
        loadComponent: () => import('@ecabinet/web/meetings/feature-console').then((m) => m.ResolutionPageComponent),
      },
      {
        // The task board for the secretariat and the chair; "my tasks" for everyone else (filtered by the API).
        path: 'tasks',
        title: pageTitle('tasks.title'),
        loadComponent: () => import('@ecabinet/web/meetings/feature-console').then((m) => m.TasksPageComponent),
      },
      {
        // What waits for the chair: conclusions, minutes, resolutions, opinion ballots.
        path: 'approvals',
        title: pageTitle('approvals.title'),
        canMatch: [roleGuard(['chair'])],
        loadComponent: () => import('@ecabinet/web/meetings/feature-console').then((m) => m.ApprovalsPageComponent),
      },
      {
        // The figures over a period: sessions, ballots, pages not printed, tasks on time and overdue.
        path: 'statistics',
        title: pageTitle('statistics.title'),
        canMatch: [roleGuard(['secretary', 'chair'])],
        loadComponent: () => import('@ecabinet/web/meetings/feature-console').then((m) => m.StatisticsPageComponent),
      },
      {
        path: 'tasks/:taskId',
        title: pageTitle('tasks.eyebrow'),
        loadComponent: () => import('@ecabinet/web/meetings/feature-console').then((m) => m.TaskPageComponent),
      },
      {
        // Everything the user may read; each hit is checked by the API against who may read it.
        path: 'search',
        title: pageTitle('search.title'),
        loadComponent: () => import('@ecabinet/web/papers/feature-reader').then((m) => m.SearchPageComponent),
      },
      {
        path: 'meetings/:meetingId/papers/:paperId',
        title: pageTitle('reader.title'),
        loadComponent: () => import('@ecabinet/web/papers/feature-reader').then((m) => m.PaperReaderPageComponent),
      },
      {
        path: 'meetings/:meetingId/book',
        title: pageTitle('papers.book.title'),
        data: { source: 'book' },
        loadComponent: () => import('@ecabinet/web/papers/feature-reader').then((m) => m.PaperReaderPageComponent),
      },
      {
        // The chair and the secretariat; the page itself checks the caller's role in this meeting.
        path: 'meetings/:meetingId/console',
        title: pageTitle('meetings.console.title'),
        canMatch: [roleGuard(['secretary', 'chair'])],
        loadComponent: () => import('@ecabinet/web/meetings/feature-console').then((m) => m.MeetingConsolePageComponent),
      },
      {
        // A ballot's paper, for its recipients and for the secretariat and the chair.
        path: 'ballots/:ballotId/papers/:paperId',
        title: pageTitle('reader.title'),
        data: { source: 'ballot' },
        loadComponent: () => import('@ecabinet/web/papers/feature-reader').then((m) => m.PaperReaderPageComponent),
      },
      {
        path: 'ballots',
        title: pageTitle('ballots.mineTitle'),
        loadChildren: () => import('@ecabinet/web/ballots/feature-member').then((m) => m.memberBallotRoutes),
      },
      {
        // The secretariat drafts, issues and follows written opinion ballots; the chair approves them.
        path: 'ballot-desk',
        title: pageTitle('ballots.deskTitle'),
        canMatch: [roleGuard(['secretary', 'chair'])],
        loadChildren: () => import('@ecabinet/web/ballots/feature-secretariat').then((m) => m.secretariatBallotRoutes),
      },
      {
        path: 'admin/users',
        title: pageTitle('nav.users'),
        canMatch: [roleGuard(['admin'])],
        loadComponent: () => import('@ecabinet/web/admin/feature-users').then((m) => m.UsersPageComponent),
      },
      {
        path: 'admin/traces',
        title: pageTitle('traces.title'),
        canMatch: [roleGuard(['admin'])],
        loadComponent: () => import('@ecabinet/web/admin/feature-audit').then((m) => m.PaperTracePageComponent),
      },
      {
        // The certificate officer certifies members' device keys with the CA key on his own device.
        path: 'officer',
        title: pageTitle('officer.title'),
        canMatch: [roleGuard(['officer'])],
        loadComponent: () => import('@ecabinet/web/officer/feature').then((m) => m.OfficerPageComponent),
      },
      {
        path: 'admin/audit',
        title: pageTitle('nav.audit'),
        canMatch: [roleGuard(['admin'])],
        loadComponent: () => import('@ecabinet/web/admin/feature-audit').then((m) => m.AuditLogPageComponent),
      },
    ],
  },
  { path: '**', redirectTo: '' },
];
