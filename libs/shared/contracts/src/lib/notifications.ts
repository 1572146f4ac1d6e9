/**
 * In-app notifications: the bell in the top bar. A notification carries titles and a link only,
 * never the content of what it is about (a paper's text, a ballot's questions).
 */
export const NOTIFICATION_KINDS = [
  'ballot-issued',
  'ballot-returned',
  'ballot-reminder',
  'ballot-extended',
  'paper-added',
  'paper-replaced',
  'meeting-published',
  'meeting-rescheduled',
  'meeting-started',
  'floor-granted',
  'signing-key-registered',
  'minutes-approved',
  'resolution-issued',
  'task-assigned',
  'task-decided',
  'task-reminder',
  'task-overdue',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** What the notification is about besides its title; every field optional, none confidential. */
export interface NotificationParams {
  /** A ballot's deadline (issued, extended, reminder). */
  deadline?: string;
  /** A meeting's start (published, rescheduled). */
  startsAt?: string;
  /** The meeting a paper or the floor belongs to. */
  meetingTitle?: string;
  /** To a delegate: full names of the members they assist who have not answered a ballot. */
  members?: string[];
  /** A paper's version (replaced). */
  version?: number;
  /** A signing key registered in the user's name: its SHA-256 fingerprint, hex. */
  fingerprint?: string;
  /** Whether that key was certified at once (the demo) or waits for the certificate officer. */
  certified?: boolean;
  /** A document's number ("05/BB-CP"). */
  number?: string;
  /** A task's due date (YYYY-MM-DD, the Government's calendar). */
  dueDate?: string;
  /** What the secretariat decided on a task's request, and which request. */
  decision?: 'accepted' | 'refused';
  requestKind?: 'completion' | 'extension';
  /** An overdue task: whole days since its due date. */
  daysLate?: number;
  /** The paper is restricted or confidential: its title is never pushed to a device (the meeting's is). */
  restricted?: boolean;
}

export interface NotificationResponse {
  id: string;
  kind: NotificationKind;
  /** The title of the ballot, paper or meeting. */
  title: string;
  /** A route of the web app (`/ballots/<id>`), or null when there is nothing the user may open. */
  link: string | null;
  params: NotificationParams;
  createdAt: string;
  readAt: string | null;
}

export interface NotificationQuery {
  offset?: number;
  limit?: number;
  /** Only unread ones. */
  unread?: boolean;
}

export interface NotificationPage {
  items: NotificationResponse[];
  total: number;
  offset: number;
  limit: number;
  /** Unread notifications of the caller, whatever the page. */
  unread: number;
}

export interface NotificationUnreadResponse {
  unread: number;
}

/** Per kind, whether it also goes by e-mail (in the app it always shows). */
export type NotificationEmailChoices = Record<NotificationKind, boolean>;

/** Per kind, whether it is pushed to the user's devices that allowed it (Web Push). */
export type NotificationPushChoices = Record<NotificationKind, boolean>;

export interface NotificationPreferencesResponse {
  email: NotificationEmailChoices;
  push: NotificationPushChoices;
  /** The server's VAPID public key (base64url) to subscribe a device with; null: this installation does not push. */
  pushKey: string | null;
  /** Whether this installation sends e-mail at all (SMTP configured). */
  emailAvailable: boolean;
  /** Whether the user has an e-mail address to send to. */
  hasEmail: boolean;
}

export interface UpdateNotificationPreferencesRequest {
  email?: Partial<NotificationEmailChoices>;
  push?: Partial<NotificationPushChoices>;
}

/** A device's Web Push subscription (`PushSubscription.toJSON()`), tied to the session that sends it. */
export interface PushSubscriptionRequest {
  /** The push service's URL for this device; only the push services the installation allows are accepted. */
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

export interface PushSubscriptionResponse {
  /** The push service's origin, for display ("https://fcm.googleapis.com"). */
  service: string;
  createdAt: string;
}

/** What a push carries to the service worker (Angular's `notification` format): never a restricted paper's title. */
export interface PushMessage {
  notification: {
    title: string;
    body: string;
    icon: string;
    badge: string;
    tag: string;
    lang: 'vi';
    timestamp: number;
    data: { notificationId: string; kind: NotificationKind; onActionClick: { default: { operation: 'navigateLastFocusedOrOpen'; url: string } } };
  };
}

/** What went by e-mail before the choice existed: the ballot alerts. */
export const DEFAULT_NOTIFICATION_EMAIL: NotificationEmailChoices = {
  'ballot-issued': true,
  'ballot-returned': false,
  'ballot-reminder': true,
  'ballot-extended': true,
  'paper-added': false,
  'paper-replaced': false,
  'meeting-published': false,
  'meeting-rescheduled': false,
  'meeting-started': false,
  'floor-granted': false,
  // Someone holding the account may have registered a key: the member must hear of it.
  'signing-key-registered': true,
  'minutes-approved': false,
  // A decision of the Government reaches its members by e-mail too, unless they opt out.
  'resolution-issued': true,
  // A task assigned to one's organisation is work to do: by e-mail too, unless one opts out.
  'task-assigned': true,
  'task-decided': false,
  'task-reminder': true,
  'task-overdue': true,
};

/** What is pushed unless the user chooses otherwise: what asks for action soon. */
export const DEFAULT_NOTIFICATION_PUSH: NotificationPushChoices = {
  'ballot-issued': true,
  'ballot-returned': true,
  'ballot-reminder': true,
  'ballot-extended': true,
  'paper-added': false,
  'paper-replaced': true,
  'meeting-published': true,
  'meeting-rescheduled': true,
  'meeting-started': true,
  'floor-granted': true,
  'signing-key-registered': true,
  'minutes-approved': false,
  'resolution-issued': false,
  'task-assigned': true,
  'task-decided': false,
  'task-reminder': true,
  'task-overdue': true,
};

export const NOTIFICATION_PAGE_MAX = 100;
