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
  /** The organisation the user belongs to; null when none is set. */
  organisationId: string | null;
  createdAt: string;
}

/** An organisation of the Government (bộ, ngành, cơ quan). */
export interface OrganisationResponse {
  id: string;
  /** "Bộ Tài chính" */
  name: string;
  /** "Tài chính" */
  shortName: string;
  /** "BTC": the symbol in document numbers. */
  symbol: string;
  /** The member who leads it. */
  headUserId: string | null;
  headName: string | null;
  active: boolean;
  /** Enabled users who belong to it. */
  memberCount: number;
  createdAt: string;
  updatedAt: string;
}

export interface CreateOrganisationRequest {
  name: string;
  shortName: string;
  symbol: string;
  headUserId?: string;
}

export interface UpdateOrganisationRequest {
  name?: string;
  shortName?: string;
  symbol?: string;
  headUserId?: string | null;
  /** False keeps it (and what was assigned to it) but offers it no more for new users or tasks. */
  active?: boolean;
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
  /** An active organisation. */
  organisationId?: string;
}

export interface UpdateUserRequest {
  fullName?: string;
  title?: string | null;
  email?: string | null;
  roles?: Role[];
  disabled?: boolean;
  /** Replaces the members a delegate assists (`[]` clears them); only with the `delegate` role. */
  assists?: string[];
  /** An active organisation, or null for none. */
  organisationId?: string | null;
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

/**
 * Why a device was told to delete what it keeps: revoked by an administrator or by its owner
 * (`revoked`), every device of a user who logged out everywhere, or of a disabled user.
 */
export const DEVICE_WIPE_REASONS = ['revoked', 'logout-everywhere', 'user-disabled'] as const;
export type DeviceWipeReason = (typeof DEVICE_WIPE_REASONS)[number];

/**
 * A device signed in as the user: one browser or installed app holding a session (a refresh
 * token family). `wipe-pending`: told to delete its papers, drafts and keys, not back yet;
 * `wiped`: it came back and did.
 */
export interface DeviceResponse {
  id: string;
  userAgent: string | null;
  ip: string | null;
  signedInAt: string;
  lastSeenAt: string;
  /** The device this request comes from. */
  current: boolean;
  state: 'active' | 'wipe-pending' | 'wiped';
  wipeReason: DeviceWipeReason | null;
  wipeRequestedAt: string | null;
  wipedAt: string | null;
}
