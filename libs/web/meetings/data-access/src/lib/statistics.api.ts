import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { StatisticsQuery, StatisticsResponse } from '@ecabinet/shared/contracts';
import { API_BASE } from '@ecabinet/web/identity/data-access';
import type { Observable } from 'rxjs';

/** The Government's figures over a period (the secretariat and the chair). */
@Injectable({ providedIn: 'root' })
export class StatisticsApi {
  private readonly http = inject(HttpClient);

  figures(query: StatisticsQuery): Observable<StatisticsResponse> {
    return this.http.get<StatisticsResponse>(`${API_BASE}/statistics`, { params: new HttpParams().set('from', query.from).set('to', query.to) });
  }
}
