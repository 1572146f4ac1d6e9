import type { Role } from './roles';

export interface UserResponse {
  id: string;
  username: string;
  fullName: string;
  title: string | null;
  email: string | null;
  roles: Role[];
  disabled: boolean;
  totpEnabled: boolean;
  /** True when the admin requires a second factor for one of this user's roles and none is enrolled yet. */
  totpRequired: boolean;
  /** For a delegate (assistant): the ids of the members or chair they assist; empty otherwise. */
  assists: string[];
  createdAt: string;
}

/** Shortest password the server accepts when one is set (new account, reset, change). */
export const PASSWORD_MIN_LENGTH = 12;

export interface LoginRequest {
  username: string;
  password: string;
  /** Six-digit TOTP code, needed when the user has a second factor. */
  totpCode?: string;
}

export interface LoginResponse {
  accessToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
  user: UserResponse;
}

export type RefreshResponse = LoginResponse;

export interface CreateUserRequest {
  username: string;
  fullName: string;
  title?: string;
  email?: string;
  password: string;
  roles: Role[];
  /** Only with the `delegate` role: the members (or chair) this user assists. */
  assists?: string[];
}

export interface UpdateUserRequest {
  fullName?: string;
  title?: string | null;
  email?: string | null;
  roles?: Role[];
  disabled?: boolean;
  /** Replaces the members a delegate assists (`[]` clears them); only with the `delegate` role. */
  assists?: string[];
}

export interface ResetPasswordRequest {
  password: string;
}

export interface ChangePasswordRequest {
  currentPassword: string;
  newPassword: string;
}

export interface TotpEnrollResponse {
  /** otpauth:// URI to show as a QR code or type into an authenticator app. */
  otpauthUrl: string;
  secret: string;
}

export interface TotpConfirmRequest {
  code: string;
}

/** Which roles the admin requires a TOTP second factor for. */
export interface SecurityPolicyResponse {
  totpRequiredRoles: Role[];
}

export type UpdateSecurityPolicyRequest = SecurityPolicyResponse;

export interface PageResponse<T> {
  items: T[];
  total: number;
  offset: number;
  limit: number;
}
