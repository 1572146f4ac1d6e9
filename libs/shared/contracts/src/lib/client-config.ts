/** What the web app needs to know about this installation before anyone signs in (`GET /api/config`). */
export interface ClientConfigResponse {
  /** IANA zone in which the Government's times are shown (the server's TIMEZONE), e.g. Asia/Ho_Chi_Minh. */
  timeZone: string;
  /** Single sign-on through the organisation's identity provider is configured (OIDC_ISSUER). */
  singleSignOn: boolean;
  /** Hours a paper kept on a device stays readable without reaching the server (OFFLINE_COPY_HOURS); then the device deletes it. */
  offlineCopyHours: number;
  /** The video engine of hybrid sessions (VIDEO_PROVIDER); null: no call is offered. */
  video: 'jitsi' | 'livekit' | null;
}

/**
 * Why a single sign-on did not sign the user in; the callback sends the browser to
 * `/login?sso=<reason>` (and `/login?sso=second-factor` when the account's own code is needed).
 */
export type SsoRefusal = 'unavailable' | 'expired' | 'cancelled' | 'failed' | 'unknown-user' | 'disabled';

/** Body of `POST /api/auth/oidc/second-factor`. */
export interface SsoSecondFactorRequest {
  code: string;
}
