import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { SearchResponse } from '@ecabinet/shared/contracts';
import { API_BASE } from '@ecabinet/web/identity/data-access';
import type { Observable } from 'rxjs';

/** `GET /api/search` (docs/api.md, "Search"): everything the signed-in user may read. */
@Injectable({ providedIn: 'root' })
export class SearchApi {
  private readonly http = inject(HttpClient);

  search(query: string): Observable<SearchResponse> {
    return this.http.get<SearchResponse>(`${API_BASE}/search`, { params: new HttpParams().set('q', query) });
  }
}
