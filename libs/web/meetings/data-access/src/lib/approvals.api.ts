import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { ApprovalQueueResponse } from '@ecabinet/shared/contracts';
import { API_BASE } from '@ecabinet/web/identity/data-access';
import type { Observable } from 'rxjs';

/** What waits for the chair. */
@Injectable({ providedIn: 'root' })
export class ApprovalsApi {
  private readonly http = inject(HttpClient);

  queue(): Observable<ApprovalQueueResponse> {
    return this.http.get<ApprovalQueueResponse>(`${API_BASE}/approvals`);
  }
}
