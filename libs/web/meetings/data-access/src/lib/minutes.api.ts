import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { MinutesResponse, UpdateMinutesRequest } from '@ecabinet/shared/contracts';
import { API_BASE } from '@ecabinet/web/identity/data-access';
import type { Observable } from 'rxjs';

/** The minutes routes: read (approved for everyone, the draft for the chair and the secretariat), save, approve, the PDF. */
@Injectable({ providedIn: 'root' })
export class MinutesApi {
  private readonly http = inject(HttpClient);

  get(meetingId: string): Observable<MinutesResponse> {
    return this.http.get<MinutesResponse>(this.url(meetingId));
  }

  save(meetingId: string, request: UpdateMinutesRequest): Observable<MinutesResponse> {
    return this.http.put<MinutesResponse>(this.url(meetingId), request);
  }

  approve(meetingId: string, version: number): Observable<MinutesResponse> {
    return this.http.post<MinutesResponse>(`${this.url(meetingId)}/approve`, { version });
  }

  /** The signed PDF once approved; a draft preview before. */
  pdf(meetingId: string): Observable<Blob> {
    return this.http.get(`${this.url(meetingId)}/pdf`, { responseType: 'blob' });
  }

  private url(meetingId: string): string {
    return `${API_BASE}/meetings/${encodeURIComponent(meetingId)}/minutes`;
  }
}
