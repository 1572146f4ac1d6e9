/** What the web app needs to know about this installation before anyone signs in (`GET /api/config`). */
export interface ClientConfigResponse {
  /** IANA zone in which the Government's times are shown (the server's TIMEZONE), e.g. Asia/Ho_Chi_Minh. */
  timeZone: string;
}
