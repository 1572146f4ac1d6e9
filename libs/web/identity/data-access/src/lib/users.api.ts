import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  CreateUserRequest,
  DeviceResponse,
  PageResponse,
  ResetPasswordRequest,
  Role,
  SecurityPolicyResponse,
  UpdateSecurityPolicyRequest,
  UpdateUserRequest,
  UserResponse,
} from '@ecabinet/shared/contracts';
import type { Observable } from 'rxjs';
import { API_BASE } from './api-base';

export interface UserListQuery {
  search?: string;
  /** Only users holding one of these roles. */
  roles?: readonly Role[];
  offset?: number;
  limit?: number;
}

/** Administration of accounts and the security policy (admin only on the server). */
@Injectable({ providedIn: 'root' })
export class UsersApi {
  private readonly http = inject(HttpClient);

  list(query: UserListQuery): Observable<PageResponse<UserResponse>> {
    let params = new HttpParams();
    if (query.search?.trim()) {
      params = params.set('search', query.search.trim());
    }
    if (query.roles?.length) {
      params = params.set('roles', query.roles.join(','));
    }
    if (query.offset !== undefined) {
      params = params.set('offset', query.offset);
    }
    if (query.limit !== undefined) {
      params = params.set('limit', query.limit);
    }
    return this.http.get<PageResponse<UserResponse>>(`${API_BASE}/users`, { params });
  }

  create(request: CreateUserRequest): Observable<UserResponse> {
    return this.http.post<UserResponse>(`${API_BASE}/users`, request);
  }

  update(id: string, request: UpdateUserRequest): Observable<UserResponse> {
    return this.http.patch<UserResponse>(`${API_BASE}/users/${encodeURIComponent(id)}`, request);
  }

  resetPassword(id: string, request: ResetPasswordRequest): Observable<void> {
    return this.http.post<void>(`${API_BASE}/users/${encodeURIComponent(id)}/password`, request);
  }

  devices(userId: string): Observable<DeviceResponse[]> {
    return this.http.get<DeviceResponse[]>(`${API_BASE}/users/${encodeURIComponent(userId)}/devices`);
  }

  wipeDevice(userId: string, deviceId: string): Observable<DeviceResponse> {
    return this.http.post<DeviceResponse>(`${API_BASE}/users/${encodeURIComponent(userId)}/devices/${encodeURIComponent(deviceId)}/wipe`, null);
  }

  getSecurityPolicy(): Observable<SecurityPolicyResponse> {
    return this.http.get<SecurityPolicyResponse>(`${API_BASE}/security-policy`);
  }

  updateSecurityPolicy(request: UpdateSecurityPolicyRequest): Observable<SecurityPolicyResponse> {
    return this.http.put<SecurityPolicyResponse>(`${API_BASE}/security-policy`, request);
  }
}
