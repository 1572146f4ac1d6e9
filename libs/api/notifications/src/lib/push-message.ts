import type { NotificationKind, NotificationParams, PushMessage } from '@ecabinet/shared/contracts';
import { NOTIFICATION_WORDING } from './notification-wording';

/** What a push may say of one notification. */
export interface PushedNotification {
  id: string;
  kind: NotificationKind;
  title: string;
  link: string | null;
  params: NotificationParams;
  createdAt: Date;
}

const BODY_MAX = 200;

/**
 * The message pushed for a notification: the kind's wording and the notification's title, in the
 * `notification` shape Angular's service worker shows and opens on a click. A push leaves the
 * installation (through the browser vendor's push service, encrypted), so a restricted or
 * confidential paper is named by its meeting only, never by its title.
 */
export function pushMessage(notification: PushedNotification): PushMessage {
  const hidden = notification.params.restricted === true;
  const subject = hidden ? (notification.params.meetingTitle ?? '') : notification.title;
  const body = subject.replace(/\p{Cc}+/gu, ' ').trim();
  return {
    notification: {
      title: `e-Cabinet: ${NOTIFICATION_WORDING[notification.kind].vi}`,
      body: body.length > BODY_MAX ? `${body.slice(0, BODY_MAX - 1)}…` : body,
      icon: '/icons/icon-192.png',
      badge: '/icons/icon-192.png',
      tag: notification.id,
      lang: 'vi',
      timestamp: notification.createdAt.getTime(),
      data: {
        notificationId: notification.id,
        kind: notification.kind,
        onActionClick: { default: { operation: 'navigateLastFocusedOrOpen', url: notification.link ?? '/' } },
      },
    },
  };
}

/**
 * The endpoint's origin when it is one of the allowed push services (`https://*.push.apple.com`,
 * `http://127.0.0.1:*`), else null. The server posts only there: a client cannot make it call
 * anything else (an internal address, a cloud metadata service).
 */
export function allowedPushService(endpoint: string, services: readonly string[]): string | null {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return null;
  }
  if (url.username || url.password || (url.protocol !== 'https:' && url.protocol !== 'http:')) return null;
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  const allowed = services.some((service) => {
    const match = /^([a-z]+:)\/\/(\*\.)?([^:/]+)(?::(\d+|\*))?$/.exec(service.toLowerCase());
    if (!match) return false;
    const [, protocol, anySubdomain, host, servicePort] = match;
    if (protocol !== url.protocol) return false;
    const hostMatches = anySubdomain ? url.hostname.endsWith(`.${host}`) : url.hostname === host;
    const portMatches = servicePort === '*' || (servicePort ?? (protocol === 'https:' ? '443' : '80')) === port;
    return hostMatches && portMatches;
  });
  return allowed ? url.origin : null;
}
