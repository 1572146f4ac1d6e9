import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { ClientConfigResponse } from '@ecabinet/shared/contracts';
import { API_BASE } from '@ecabinet/web/identity/data-access';
import type { Observable } from 'rxjs';

/** `GET /api/config`: installation settings the web app needs before sign-in (the Government's time zone). */
@Injectable({ providedIn: 'root' })
export class ClientConfigApi {
  private readonly http = inject(HttpClient);

  read(): Observable<ClientConfigResponse> {
    return this.http.get<ClientConfigResponse>(`${API_BASE}/config`);
  }
}
