import type { AgendaItemResponse, AttendanceState, MeetingResponse, MeetingRole, UserResponse } from '@ecabinet/shared/contracts';
import type { TestApp } from './test-app';

export interface MeetingFixture {
  meeting: MeetingResponse;
  items: AgendaItemResponse[];
  tokens: Record<string, string>;
  ids: Record<string, string>;
}

export interface MeetingFixtureOptions {
  /** username -> meeting role; default: the demo government (chair, member1..8, observer, secretary). */
  participants?: Record<string, MeetingRole>;
  items?: string[];
  status?: 'draft' | 'published' | 'in_session';
  /** Everyone present in the room unless listed here. */
  attendance?: Record<string, AttendanceState>;
  delegatesMayVote?: boolean;
  delegateFor?: Record<string, string>;
}

export const DEMO_PARTICIPANTS: Record<string, MeetingRole> = {
  chair: 'chair',
  member1: 'member',
  member2: 'member',
  member3: 'member',
  member4: 'member',
  member5: 'member',
  member6: 'member',
  member7: 'member',
  member8: 'member',
  observer: 'observer',
  secretary: 'secretary',
};

/** Every user's id by username (as the admin sees them). */
export async function userIds(t: TestApp): Promise<Record<string, string>> {
  const admin = await t.loginAs('admin');
  const users: UserResponse[] = [];
  for (let offset = 0; ; offset += 200) {
    const page = await t.request('GET', `/api/users?limit=200&offset=${offset}`, { token: admin.accessToken });
    users.push(...(page.body.items as UserResponse[]));
    if ((page.body.items as UserResponse[]).length < 200 || users.length >= page.body.total) break;
  }
  return Object.fromEntries(users.map((user) => [user.username, user.id]));
}

/** A meeting built through the API as the secretariat would, with tokens for everyone in it. */
export async function createMeeting(t: TestApp, options: MeetingFixtureOptions = {}): Promise<MeetingFixture> {
  const participants = options.participants ?? DEMO_PARTICIPANTS;
  const ids = await userIds(t);
  const tokens: Record<string, string> = {};
  for (const username of new Set([...Object.keys(participants), 'secretary'])) tokens[username] = (await t.loginAs(username)).accessToken;
  const secretary = tokens['secretary'];
  const ok = <T>(response: { status: number; body: T }, what: string): T => {
    if (response.status >= 300) throw new Error(`${what}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };

  let meeting = ok(
    await t.request('POST', '/api/meetings', {
      token: secretary,
      body: { title: 'Phiên họp thử nghiệm', kind: 'regular', startsAt: '2026-12-01T01:00:00.000Z', delegatesMayVote: options.delegatesMayVote ?? false },
    }),
    'create meeting',
  ) as MeetingResponse;
  ok(
    await t.request('PUT', `/api/meetings/${meeting.id}/participants`, {
      token: secretary,
      body: {
        participants: Object.entries(participants).map(([username, role]) => ({
          userId: ids[username],
          role,
          ...(options.delegateFor?.[username] ? { delegateForUserId: ids[options.delegateFor[username]] } : {}),
        })),
      },
    }),
    'set participants',
  );
  let agendaVersion = (ok(await t.request('GET', `/api/meetings/${meeting.id}`, { token: secretary }), 'get') as MeetingResponse).agendaVersion;
  for (const title of options.items ?? ['Nội dung 1', 'Nội dung 2', 'Nội dung 3']) {
    ok(await t.request('POST', `/api/meetings/${meeting.id}/agenda`, { token: secretary, body: { title, plannedMinutes: 10, agendaVersion } }), 'add item');
    agendaVersion += 1;
  }
  const status = options.status ?? 'published';
  if (status !== 'draft') ok(await t.request('POST', `/api/meetings/${meeting.id}/status`, { token: secretary, body: { status: 'published' } }), 'publish');
  if (status === 'in_session') {
    for (const [username, role] of Object.entries(participants)) {
      if (role === 'secretary') continue;
      const attendance = options.attendance?.[username] ?? 'in_room';
      ok(await t.request('PUT', `/api/meetings/${meeting.id}/attendance/${ids[username]}`, { token: secretary, body: { attendance } }), 'attendance');
    }
    ok(await t.request('POST', `/api/meetings/${meeting.id}/status`, { token: secretary, body: { status: 'in_session' } }), 'start');
  }
  meeting = ok(await t.request('GET', `/api/meetings/${meeting.id}`, { token: secretary }), 'get') as MeetingResponse;
  const items = ok(await t.request('GET', `/api/meetings/${meeting.id}/agenda`, { token: secretary }), 'agenda') as AgendaItemResponse[];
  return { meeting, items, tokens, ids };
}
