import type { CheckInCodeResponse, MeetingResponse } from '@ecabinet/shared/contracts';
import { createMeeting, startTestApp, testDatabaseDriver, type TestApp } from '../testing';

const PARTICIPANTS = { chair: 'chair', member1: 'member', member2: 'member' } as const;

describe(`check-in by QR code (${testDatabaseDriver()})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const codeOf = async (meetingId: string, token: string) => (await t.request('GET', `/api/meetings/${meetingId}/check-in/code`, { token })).body as CheckInCodeResponse;
  const scan = (meetingId: string, token: string, code: unknown) => t.request('POST', `/api/meetings/${meetingId}/check-in`, { token, body: { code } });

  it('a participant\'s own code checks him in once, marking him in the room; a second scan says when', async () => {
    const { meeting, tokens, ids } = await createMeeting(t, { status: 'in_session', participants: PARTICIPANTS, attendance: { member1: 'absent' } });
    const mine = await codeOf(meeting.id, tokens['member1']);
    expect(mine.code).toMatch(new RegExp(`^EC1\\.${meeting.id}\\.${ids['member1']}\\.[A-Za-z0-9_-]{22}$`));
    expect(mine.svg).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);

    const first = await scan(meeting.id, tokens['secretary'], mine.code);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ userId: ids['member1'], fullName: 'Lê Quang Huy', checkedInAt: expect.any(String) });
    const after = (await t.request('GET', `/api/meetings/${meeting.id}`, { token: tokens['secretary'] })).body as MeetingResponse;
    expect(after.participants.find((p) => p.userId === ids['member1'])?.attendance).toBe('in_room');

    const twice = await scan(meeting.id, tokens['chair'], mine.code);
    expect(twice.status).toBe(409);
    expect(twice.body).toMatchObject({ code: 'ALREADY_CHECKED_IN', details: { fullName: 'Lê Quang Huy', checkedInAt: (first.body as { checkedInAt: string }).checkedInAt } });
    const audit = await t.request('GET', '/api/audit?action=meeting.checked-in', { token: (await t.loginAs('admin')).accessToken });
    expect(JSON.stringify(audit.body)).toContain(ids['member1']);
  });

  it('refuses a forged code, another meeting\'s, another person\'s name on a genuine MAC, and garbage', async () => {
    const { meeting, tokens, ids } = await createMeeting(t, { status: 'in_session', participants: PARTICIPANTS });
    const other = await createMeeting(t, { status: 'published', participants: PARTICIPANTS });
    const mine = await codeOf(meeting.id, tokens['member2']);
    const [prefix, , , mac] = mine.code.split('.');

    const forgedMac = `${prefix}.${meeting.id}.${ids['member2']}.${'A'.repeat(22)}`;
    const movedToChair = `${prefix}.${meeting.id}.${ids['chair']}.${mac}`;
    const moved = `${prefix}.${other.meeting.id}.${ids['member2']}.${mac}`;
    for (const code of [forgedMac, movedToChair, moved, 'hello', `${mine.code}.extra`, 'EC1....', mine.code.toUpperCase()]) {
      const response = await scan(meeting.id, tokens['secretary'], code);
      expect({ code, status: response.status, error: response.body.code }).toEqual({ code, status: 422, error: 'CHECK_IN_CODE_INVALID' });
    }
    // A genuine code of the other meeting, scanned here.
    const elsewhere = await codeOf(other.meeting.id, other.tokens['member2']);
    const wrong = await scan(meeting.id, tokens['secretary'], elsewhere.code);
    expect(wrong.status).toBe(422);
    expect(wrong.body).toMatchObject({ code: 'CHECK_IN_OTHER_MEETING' });
    for (const body of [{}, { code: '' }, { code: 42 }, { code: 'x'.repeat(301) }]) {
      expect((await t.request('POST', `/api/meetings/${meeting.id}/check-in`, { token: tokens['secretary'], body })).status).toBe(400);
    }
  });

  it('says plainly when the meeting is still in preparation, and when it has closed', async () => {
    const open = await createMeeting(t, { status: 'in_session', participants: PARTICIPANTS });
    const draft = await createMeeting(t, { status: 'draft', participants: PARTICIPANTS });
    const genuine = await codeOf(open.meeting.id, open.tokens['member1']);
    const early = await scan(draft.meeting.id, draft.tokens['secretary'], genuine.code);
    expect({ status: early.status, code: early.body.code }).toEqual({ status: 409, code: 'CHECK_IN_NOT_OPEN' });
    expect(await t.request('POST', `/api/meetings/${open.meeting.id}/status`, { token: open.tokens['secretary'], body: { status: 'closed' } })).toMatchObject({ status: 200 });
    const late = await scan(open.meeting.id, open.tokens['secretary'], genuine.code);
    expect(late.body.code).toBe('MEETING_CLOSED');
  });

  it('only the chair\'s side scans; only a participant has a code', async () => {
    const { meeting, tokens } = await createMeeting(t, { status: 'in_session', participants: PARTICIPANTS });
    const mine = await codeOf(meeting.id, tokens['member1']);
    expect((await scan(meeting.id, tokens['member2'], mine.code)).status).toBe(403);
    expect((await t.request('GET', `/api/meetings/${meeting.id}/check-in/code`, { token: (await t.loginAs('member5')).accessToken })).status).toBe(403);
    expect((await t.request('GET', `/api/meetings/${meeting.id}/check-in/code`, { token: tokens['secretary'] })).status).toBe(403);
  });
});
