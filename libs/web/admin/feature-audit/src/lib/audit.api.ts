import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { AuditCheckpointSummary, AuditEntryResponse, AuditInclusionProof, AuditQuery, AuditVerifyResponse, PageResponse } from '@ecabinet/shared/contracts';
import { API_BASE } from '@ecabinet/web/identity/data-access';
import type { Observable } from 'rxjs';

/**
 * `/api/audit` (admin only). Lives with its only consumer; move it to a data-access lib when a
 * second feature needs it.
 */
@Injectable({ providedIn: 'root' })
export class AuditApi {
  private readonly http = inject(HttpClient);

  list(query: AuditQuery): Observable<PageResponse<AuditEntryResponse>> {
    let params = new HttpParams();
    for (const [key, value] of Object.entries(query) as [keyof AuditQuery, string | number | undefined][]) {
      if (value !== undefined && value !== '') {
        params = params.set(key, value);
      }
    }
    return this.http.get<PageResponse<AuditEntryResponse>>(`${API_BASE}/audit`, { params });
  }

  verify(): Observable<AuditVerifyResponse> {
    return this.http.get<AuditVerifyResponse>(`${API_BASE}/audit/verify`);
  }

  checkpoints(): Observable<AuditCheckpointSummary[]> {
    return this.http.get<AuditCheckpointSummary[]>(`${API_BASE}/audit/checkpoints`);
  }

  makeCheckpoint(): Observable<AuditCheckpointSummary> {
    return this.http.post<AuditCheckpointSummary>(`${API_BASE}/audit/checkpoints`, {});
  }

  /** The sealed checkpoint file, byte for byte (what `audit:verify --checkpoint` reads). */
  checkpointFile(size: number): Observable<Blob> {
    return this.http.get(`${API_BASE}/audit/checkpoints/${size}`, { responseType: 'blob' });
  }

  inclusionProof(seq: number): Observable<AuditInclusionProof> {
    return this.http.get<AuditInclusionProof>(`${API_BASE}/audit/entries/${seq}/proof`);
  }
}
