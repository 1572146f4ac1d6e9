/**
 * Check-in by QR code (#15): each participant's code for one meeting, signed by the server so it
 * cannot be forged nor used for another meeting; the secretariat's tablet scans it at the door.
 */

/** `GET /api/meetings/{meetingId}/check-in/code`: the caller's own code, and the QR image of it. */
export interface CheckInCodeResponse {
  meetingId: string;
  /** What the QR code holds. */
  code: string;
  /** The QR code as an SVG document (black on white). */
  svg: string;
}

export interface CheckInRequest {
  code: string;
}

/** The participant checked in: marked in the room. */
export interface CheckInResponse {
  userId: string;
  fullName: string;
  checkedInAt: string;
}
