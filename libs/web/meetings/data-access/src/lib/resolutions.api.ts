import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { MeetingErrorCode, type CreateResolutionRequest, type ResolutionPage, type ResolutionResponse, type UpdateResolutionRequest } from '@ecabinet/shared/contracts';
import { API_BASE } from '@ecabinet/web/identity/data-access';
import { readApiError } from '@ecabinet/web/shared/i18n';
import { type Observable, catchError, map, of, throwError } from 'rxjs';

/** Session resolutions: issued ones for everyone, drafts for the secretariat and the chair. */
@Injectable({ providedIn: 'root' })
export class ResolutionsApi {
  private readonly http = inject(HttpClient);
  private readonly base = `${API_BASE}/resolutions`;

  list(offset = 0, limit = 50): Observable<ResolutionPage> {
    return this.http.get<ResolutionPage>(this.base, { params: { offset, limit } });
  }

  get(id: string): Observable<ResolutionResponse> {
    return this.http.get<ResolutionResponse>(this.url(id));
  }

  /** Composes the draft of a closed meeting's or a closed ballot's resolution (409 RESOLUTION_EXISTS names the one it has). */
  create(source: CreateResolutionRequest): Observable<ResolutionResponse> {
    return this.http.post<ResolutionResponse>(this.base, source);
  }

  /** The id of the source's resolution: the one it has, or the draft composed now. */
  openOrCompose(source: CreateResolutionRequest): Observable<string> {
    return this.create(source).pipe(
      map((resolution) => resolution.id),
      catchError((error: unknown) => {
        const problem = readApiError(error);
        const existing = (problem?.details as { id?: string } | undefined)?.id;
        return problem?.code === MeetingErrorCode.RESOLUTION_EXISTS && existing ? of(existing) : throwError(() => error);
      }),
    );
  }

  save(id: string, request: UpdateResolutionRequest): Observable<ResolutionResponse> {
    return this.http.put<ResolutionResponse>(this.url(id), request);
  }

  issue(id: string, version: number): Observable<ResolutionResponse> {
    return this.http.post<ResolutionResponse>(`${this.url(id)}/issue`, { version });
  }

  pdf(id: string): Observable<Blob> {
    return this.http.get(`${this.url(id)}/pdf`, { responseType: 'blob' });
  }

  private url(id: string): string {
    return `${this.base}/${encodeURIComponent(id)}`;
  }
}
