import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import {
  MeetingErrorCode,
  type MeetingRoomResponse,
  type RoomRow,
  type SaveMeetingRoomRequest,
  type ScreenSeat,
  type SeatPlanResponse,
  type SetSeatPlanRequest,
} from '@ecabinet/shared/contracts';
import { DomainError, DomainEvents, type AuthenticatedUser } from '@ecabinet/api/platform';
import { AuditService } from '@ecabinet/api/audit';
import { MeetingEntity, MeetingRoomEntity, MeetingSeatEntity, ParticipantEntity, SpeakerEntity } from './entities';
import { meetingErrors } from './meeting.errors';
import { MeetingStore } from './meeting-store';

const seatErrors = {
  roomNotFound: () => new DomainError(MeetingErrorCode.ROOM_NOT_FOUND, 'No such meeting room.'),
  invalid: (reason: string) => new DomainError(MeetingErrorCode.SEAT_PLAN_INVALID, reason),
};

function toRoomResponse(room: MeetingRoomEntity): MeetingRoomResponse {
  return { id: room.id, name: room.name, rows: JSON.parse(room.layout) as RoomRow[], updatedAt: room.updatedAt.toISOString() };
}

/** Seat keys follow the positions: row i, seat j (from 1). */
function layoutOf(request: SaveMeetingRoomRequest): RoomRow[] {
  return request.rows.map((row, r) => ({ label: row.label.trim(), seats: row.seats.map((seat, s) => ({ key: `r${r + 1}s${s + 1}`, label: seat.label.trim() })) }));
}

/**
 * Rooms and seats (#15): the secretariat draws a room's seat map once and seats each meeting's
 * participants in it; the console and the room screen show it with each person's presence and
 * his place on the floor.
 */
@Injectable()
export class SeatsService {
  constructor(
    private readonly store: MeetingStore,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
  ) {}

  async rooms(): Promise<MeetingRoomResponse[]> {
    const rooms = await this.store.manager.getRepository(MeetingRoomEntity).find({ order: { name: 'ASC' } });
    return rooms.map(toRoomResponse);
  }

  async saveRoom(roomId: string | null, request: SaveMeetingRoomRequest, user: AuthenticatedUser): Promise<MeetingRoomResponse> {
    const repository = this.store.manager.getRepository(MeetingRoomEntity);
    if (roomId && !(await repository.exists({ where: { id: roomId } }))) throw seatErrors.roomNotFound();
    const room: MeetingRoomEntity = { id: roomId ?? randomUUID(), name: request.name.trim(), layout: JSON.stringify(layoutOf(request)), updatedAt: this.store.now() };
    await repository.save(room);
    await this.audit.record({ action: 'room.saved', targetType: 'room', targetId: room.id, details: { name: room.name, rows: request.rows.length, by: user.id } });
    return toRoomResponse(room);
  }

  async plan(meetingId: string, user: AuthenticatedUser): Promise<SeatPlanResponse> {
    const { meeting } = await this.store.access(meetingId, user);
    return this.planOf(meeting, this.store.manager);
  }

  /** The chair's side seats the meeting's participants: each seat and each person once, in seats the room has. */
  async setPlan(meetingId: string, request: SetSeatPlanRequest, user: AuthenticatedUser): Promise<SeatPlanResponse> {
    const plan = await this.store.change<SeatPlanResponse, never>(meetingId, async ({ manager, meeting }) => {
      const access = await this.store.accessTo(meeting, user, manager);
      if (access.viewer !== 'manager') throw meetingErrors.notManager();
      if (meeting.status === 'closed') throw meetingErrors.closed();
      const room = request.roomId ? await manager.getRepository(MeetingRoomEntity).findOne({ where: { id: request.roomId } }) : null;
      if (request.roomId && !room) throw seatErrors.roomNotFound();
      const keys = new Set(room ? (JSON.parse(room.layout) as RoomRow[]).flatMap((row) => row.seats.map((seat) => seat.key)) : []);
      const participants = new Set((await this.store.participants(meetingId, manager)).map((p) => p.userId));
      const seats = room ? request.seats : [];
      if (new Set(seats.map((s) => s.seatKey)).size !== seats.length) throw seatErrors.invalid('A seat is given twice.');
      if (new Set(seats.map((s) => s.userId)).size !== seats.length) throw seatErrors.invalid('A person is seated twice.');
      if (seats.some((s) => !keys.has(s.seatKey))) throw seatErrors.invalid('A seat the room does not have.');
      if (seats.some((s) => !participants.has(s.userId))) throw seatErrors.invalid('Only the meeting\'s participants are seated.');
      await manager.getRepository(MeetingEntity).update({ id: meetingId }, { roomId: room?.id ?? null });
      await manager.getRepository(MeetingSeatEntity).delete({ meetingId });
      if (seats.length) await manager.getRepository(MeetingSeatEntity).insert(seats.map((s) => ({ meetingId, seatKey: s.seatKey, userId: s.userId })));
      meeting.roomId = room?.id ?? null;
      return { result: await this.planOf(meeting, manager), audit: { action: 'meeting.seats.set', details: { roomId: room?.id ?? null, seats: seats.length } } };
    });
    this.events.publish('room-screen.refresh', { meetingId });
    return plan;
  }

  /** For the room screen: the seat map with each seat's person, presence and place on the current item's floor. */
  async screenSeats(meeting: MeetingEntity, manager: EntityManager): Promise<{ label: string; seats: ScreenSeat[] }[] | null> {
    if (!meeting.roomId) return null;
    const room = await manager.getRepository(MeetingRoomEntity).findOne({ where: { id: meeting.roomId } });
    if (!room) return null;
    const [assignments, participants, speakers] = await Promise.all([
      manager.getRepository(MeetingSeatEntity).find({ where: { meetingId: meeting.id } }),
      manager.getRepository(ParticipantEntity).find({ where: { meetingId: meeting.id } }),
      meeting.currentItemId ? manager.getRepository(SpeakerEntity).find({ where: { meetingId: meeting.id, itemId: meeting.currentItemId } }) : Promise.resolve([]),
    ]);
    const users = await this.store.users(assignments.map((a) => a.userId), manager);
    const bySeat = new Map(assignments.map((a) => [a.seatKey, a.userId]));
    const attendance = new Map(participants.map((p) => [p.userId, p.attendance]));
    const floor = new Map<string, ScreenSeat['floor']>();
    for (const speaker of speakers) {
      if (speaker.state === 'speaking') floor.set(speaker.userId, 'speaking');
      else if (speaker.state === 'waiting' && !floor.has(speaker.userId)) floor.set(speaker.userId, 'waiting');
    }
    return (JSON.parse(room.layout) as RoomRow[]).map((row) => ({
      label: row.label,
      seats: row.seats.map((seat) => {
        const userId = bySeat.get(seat.key);
        if (!userId) return { label: seat.label, name: null, status: 'empty' as const, floor: null };
        return { label: seat.label, name: users.get(userId)?.fullName ?? null, status: attendance.get(userId) ?? 'unknown', floor: floor.get(userId) ?? null };
      }),
    }));
  }

  private async planOf(meeting: MeetingEntity, manager: EntityManager): Promise<SeatPlanResponse> {
    const room = meeting.roomId ? await manager.getRepository(MeetingRoomEntity).findOne({ where: { id: meeting.roomId } }) : null;
    const seats = await manager.getRepository(MeetingSeatEntity).find({ where: { meetingId: meeting.id } });
    return { room: room ? toRoomResponse(room) : null, seats: seats.map((s) => ({ seatKey: s.seatKey, userId: s.userId })).sort((a, b) => a.seatKey.localeCompare(b.seatKey)) };
  }
}
