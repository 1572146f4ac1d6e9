import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  NotificationPage,
  NotificationPreferencesResponse,
  NotificationQuery,
  NotificationResponse,
  NotificationUnreadResponse,
  PushSubscriptionRequest,
  PushSubscriptionResponse,
  UpdateNotificationPreferencesRequest,
} from '@ecabinet/shared/contracts';
import { API_BASE } from '@ecabinet/web/identity/data-access';
import type { Observable } from 'rxjs';

const BASE = `${API_BASE}/notifications`;

/** The caller's own notifications, e-mail and push choices, and this device's push subscription. */
@Injectable({ providedIn: 'root' })
export class NotificationsApi {
  private readonly http = inject(HttpClient);

  list(query: NotificationQuery = {}): Observable<NotificationPage> {
    let params = new HttpParams();
    if (query.offset !== undefined) params = params.set('offset', query.offset);
    if (query.limit !== undefined) params = params.set('limit', query.limit);
    if (query.unread !== undefined) params = params.set('unread', query.unread);
    return this.http.get<NotificationPage>(BASE, { params });
  }

  markRead(notificationId: string): Observable<NotificationResponse> {
    return this.http.post<NotificationResponse>(`${BASE}/${encodeURIComponent(notificationId)}/read`, {});
  }

  markAllRead(): Observable<NotificationUnreadResponse> {
    return this.http.post<NotificationUnreadResponse>(`${BASE}/read-all`, {});
  }

  preferences(): Observable<NotificationPreferencesResponse> {
    return this.http.get<NotificationPreferencesResponse>(`${BASE}/preferences`);
  }

  updatePreferences(request: UpdateNotificationPreferencesRequest): Observable<NotificationPreferencesResponse> {
    return this.http.put<NotificationPreferencesResponse>(`${BASE}/preferences`, request);
  }

  /** Ties this browser's push subscription to the current session (replacing the one it had). */
  subscribePush(request: PushSubscriptionRequest): Observable<PushSubscriptionResponse> {
    return this.http.put<PushSubscriptionResponse>(`${BASE}/push-subscription`, request);
  }

  unsubscribePush(): Observable<void> {
    return this.http.delete<void>(`${BASE}/push-subscription`);
  }
}
