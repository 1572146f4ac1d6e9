/**
 * Rooms and seats (#15): a room's seat map (rows of labelled seats) drawn once by the secretariat,
 * seats assigned per meeting; the console and the room screen show who sits where, present,
 * remote or absent, and who asked for or holds the floor.
 */

export const ROOM_MAX_ROWS = 30;
export const ROOM_MAX_SEATS_PER_ROW = 40;

export interface RoomSeat {
  /** Stable within the room's layout: `r<row>s<seat>`, both from 1. */
  key: string;
  label: string;
}

export interface RoomRow {
  label: string;
  seats: RoomSeat[];
}

export interface MeetingRoomResponse {
  id: string;
  name: string;
  rows: RoomRow[];
  updatedAt: string;
}

/** `POST /api/rooms`, `PUT /api/rooms/{roomId}`: seat keys follow from the positions. */
export interface SaveMeetingRoomRequest {
  name: string;
  rows: { label: string; seats: { label: string }[] }[];
}

export interface SeatAssignment {
  seatKey: string;
  userId: string;
}

/** `GET /api/meetings/{meetingId}/seats`: the meeting's room and who sits where. */
export interface SeatPlanResponse {
  room: MeetingRoomResponse | null;
  seats: SeatAssignment[];
}

/** `PUT /api/meetings/{meetingId}/seats` */
export interface SetSeatPlanRequest {
  roomId: string | null;
  seats: SeatAssignment[];
}

/** A seat as the room screen shows it. */
export interface ScreenSeat {
  label: string;
  name: string | null;
  status: 'in_room' | 'remote' | 'absent' | 'represented' | 'unknown' | 'empty';
  /** Holds the floor, or waits for it, on the current item. */
  floor: 'speaking' | 'waiting' | null;
}
