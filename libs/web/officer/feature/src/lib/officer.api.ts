import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { OfficerAuthorityResponse, PendingKeyResponse, RevokedKeyResponse, SigningKeyResponse } from '@ecabinet/shared/contracts';
import { API_BASE } from '@ecabinet/web/identity/data-access';
import type { Observable } from 'rxjs';

/** `/api/officer` (role `officer`): the CA certificates registered from this officer's device, the keys waiting, certifying one, revocation lists. */
@Injectable({ providedIn: 'root' })
export class OfficerApi {
  private readonly http = inject(HttpClient);

  authorities(): Observable<OfficerAuthorityResponse[]> {
    return this.http.get<OfficerAuthorityResponse[]>(`${API_BASE}/officer/authorities`);
  }

  registerAuthority(certificate: string): Observable<OfficerAuthorityResponse> {
    return this.http.post<OfficerAuthorityResponse>(`${API_BASE}/officer/authorities`, { certificate });
  }

  pendingKeys(): Observable<PendingKeyResponse[]> {
    return this.http.get<PendingKeyResponse[]>(`${API_BASE}/officer/pending-keys`);
  }

  certify(keyId: string, certificate: string): Observable<SigningKeyResponse> {
    return this.http.post<SigningKeyResponse>(`${API_BASE}/officer/keys/${keyId}/certificate`, { certificate });
  }

  revokedKeys(authorityId: string): Observable<RevokedKeyResponse[]> {
    return this.http.get<RevokedKeyResponse[]>(`${API_BASE}/officer/authorities/${authorityId}/revoked-keys`);
  }

  publishCrl(authorityId: string, crl: string): Observable<OfficerAuthorityResponse> {
    return this.http.put<OfficerAuthorityResponse>(`${API_BASE}/officer/authorities/${authorityId}/crl`, { crl });
  }
}
