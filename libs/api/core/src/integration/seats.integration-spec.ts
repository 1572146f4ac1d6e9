import type { MeetingRoomResponse, SeatPlanResponse } from '@ecabinet/shared/contracts';
import { createMeeting, startTestApp, testDatabaseDriver, type TestApp } from '../testing';

const PARTICIPANTS = { chair: 'chair', member1: 'member', member2: 'member' } as const;
const LAYOUT = {
  name: 'Phòng họp A',
  rows: [
    { label: 'Hàng A', seats: [{ label: 'A1' }, { label: 'A2' }, { label: 'A3' }] },
    { label: 'Hàng B', seats: [{ label: 'B1' }, { label: 'B2' }] },
  ],
};

describe(`rooms and seats (${testDatabaseDriver()})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('the secretariat draws a room (keys follow positions); others may not; bad layouts are refused', async () => {
    const { tokens } = await createMeeting(t, { status: 'published', participants: PARTICIPANTS });
    const created = await t.request('POST', '/api/rooms', { token: tokens['secretary'], body: LAYOUT });
    expect(created.status).toBe(201);
    const room = created.body as MeetingRoomResponse;
    expect(room.rows.map((row) => row.seats.map((seat) => `${seat.key}:${seat.label}`))).toEqual([
      ['r1s1:A1', 'r1s2:A2', 'r1s3:A3'],
      ['r2s1:B1', 'r2s2:B2'],
    ]);
    expect((await t.request('POST', '/api/rooms', { token: tokens['chair'], body: LAYOUT })).status).toBe(403);
    expect((await t.request('GET', '/api/rooms', { token: tokens['member1'] })).status).toBe(403);
    expect((await t.request('GET', '/api/rooms', { token: tokens['chair'] })).body).toEqual(expect.arrayContaining([expect.objectContaining({ id: room.id })]));
    for (const body of [{ name: ' ', rows: LAYOUT.rows }, { name: 'x', rows: [] }, { name: 'x', rows: Array.from({ length: 31 }, () => LAYOUT.rows[0]) }, { name: 'x', rows: [{ label: 'A', seats: [] }] }]) {
      expect((await t.request('POST', '/api/rooms', { token: tokens['secretary'], body })).status).toBe(400);
    }
    const renamed = await t.request('PUT', `/api/rooms/${room.id}`, { token: tokens['secretary'], body: { ...LAYOUT, name: 'Phòng họp A (mới)' } });
    expect(renamed.body).toMatchObject({ id: room.id, name: 'Phòng họp A (mới)' });
    expect((await t.request('PUT', '/api/rooms/00000000-0000-4000-8000-000000000000', { token: tokens['secretary'], body: LAYOUT })).status).toBe(404);
  });

  it('seats participants once each in seats the room has; the plan is read by participants and set by the chair\'s side', async () => {
    const { meeting, tokens, ids } = await createMeeting(t, { status: 'in_session', participants: PARTICIPANTS });
    const room = (await t.request('POST', '/api/rooms', { token: tokens['secretary'], body: LAYOUT })).body as MeetingRoomResponse;
    const set = (token: string, seats: { seatKey: string; userId: string }[], roomId: string | null = room.id) => t.request('PUT', `/api/meetings/${meeting.id}/seats`, { token, body: { roomId, seats } });
    for (const seats of [
      [{ seatKey: 'r9s9', userId: ids['member1'] }],
      [{ seatKey: 'r1s1', userId: ids['member1'] }, { seatKey: 'r1s1', userId: ids['member2'] }],
      [{ seatKey: 'r1s1', userId: ids['member1'] }, { seatKey: 'r1s2', userId: ids['member1'] }],
      [{ seatKey: 'r1s1', userId: ids['member5'] }],
    ]) {
      const refused = await set(tokens['secretary'], seats);
      expect({ seats, status: refused.status, code: refused.body.code }).toEqual({ seats, status: 422, code: 'SEAT_PLAN_INVALID' });
    }
    expect((await set(tokens['member1'], [])).status).toBe(403);
    expect((await set(tokens['secretary'], [], '00000000-0000-4000-8000-000000000000')).status).toBe(404);
    const saved = await set(tokens['chair'], [
      { seatKey: 'r1s2', userId: ids['chair'] },
      { seatKey: 'r2s1', userId: ids['member1'] },
    ]);
    expect(saved.status).toBe(200);
    const plan = (await t.request('GET', `/api/meetings/${meeting.id}/seats`, { token: tokens['member2'] })).body as SeatPlanResponse;
    expect(plan).toMatchObject({ room: { id: room.id }, seats: [{ seatKey: 'r1s2', userId: ids['chair'] }, { seatKey: 'r2s1', userId: ids['member1'] }] });
    expect((await t.request('GET', `/api/meetings/${meeting.id}/seats`, { token: (await t.loginAs('member5')).accessToken })).status).toBe(403);
    // No room: no seats.
    expect(((await set(tokens['secretary'], [{ seatKey: 'r1s1', userId: ids['member1'] }], null)).body as SeatPlanResponse)).toEqual({ room: null, seats: [] });
  });
});
