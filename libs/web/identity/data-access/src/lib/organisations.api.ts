import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { CreateOrganisationRequest, OrganisationResponse, UpdateOrganisationRequest } from '@ecabinet/shared/contracts';
import type { Observable } from 'rxjs';
import { API_BASE } from './api-base';

/** `/api/organisations`: read by everyone signed in, changed by the administrator. */
@Injectable({ providedIn: 'root' })
export class OrganisationsApi {
  private readonly http = inject(HttpClient);

  list(): Observable<OrganisationResponse[]> {
    return this.http.get<OrganisationResponse[]>(`${API_BASE}/organisations`);
  }

  create(request: CreateOrganisationRequest): Observable<OrganisationResponse> {
    return this.http.post<OrganisationResponse>(`${API_BASE}/organisations`, request);
  }

  update(id: string, request: UpdateOrganisationRequest): Observable<OrganisationResponse> {
    return this.http.patch<OrganisationResponse>(`${API_BASE}/organisations/${encodeURIComponent(id)}`, request);
  }
}
