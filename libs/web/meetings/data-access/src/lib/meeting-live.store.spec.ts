import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { type LoginResponse, MeetingErrorCode, RealtimeErrorCode } from '@ecabinet/shared/contracts';
import { AuthStore, authInterceptor } from '@ecabinet/web/identity/data-access';
import { LIVE_SOCKET_FACTORY, LiveSocket } from '@ecabinet/web/live/data-access';
import {
  FakeLiveSocketClient,
  MEETING_ID,
  agendaItem,
  fakeLiveSocketFactory,
  meetingEvent,
  meetingResponse,
  meetingSnapshot,
  speaker,
  voteResponse,
} from '../testing';
import { firstValueFrom } from 'rxjs';
import { MeetingLiveStore, SCREEN_ACK_SPREAD_MS } from './meeting-live.store';

const a = agendaItem({ id: 'a', number: '1', position: 0, title: 'Báo cáo kinh tế - xã hội' });
const b = agendaItem({ id: 'b', number: '2', position: 1, title: 'Dự án Luật Ngân sách nhà nước' });
const c = agendaItem({ id: 'c', number: '3', position: 2, title: 'Giá bán lẻ điện' });
const byId: Record<string, typeof a> = { a, b, c };

function session(): LoginResponse {
  return {
    accessToken: 'token',
    expiresIn: 900,
    user: {
      id: 'u-member1',
      username: 'member1',
      fullName: 'Lê Quang Huy',
      title: null,
      email: null,
      roles: ['member'],
      disabled: false,
      totpEnabled: false,
      totpRequired: false,
      assists: [],
      createdAt: '2025-01-01T00:00:00.000Z',
    },
  };
}

/** The agenda in display order, as numbers and ids: what a member would read. */
const order = (store: MeetingLiveStore) => store.agenda().map((item) => `${item.number}:${item.id}`);

describe('MeetingLiveStore', () => {
  let socket: FakeLiveSocketClient;
  let store: MeetingLiveStore;
  let backend: HttpTestingController;

  beforeEach(async () => {
    socket = new FakeLiveSocketClient();
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        { provide: LIVE_SOCKET_FACTORY, useValue: fakeLiveSocketFactory(socket) },
        // Screens answer at once here (the app spreads them over a quarter of a second).
        { provide: SCREEN_ACK_SPREAD_MS, useValue: 0 },
        MeetingLiveStore,
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    TestBed.inject(LiveSocket);
    const signedIn = firstValueFrom(TestBed.inject(AuthStore).login({ username: 'member1', password: 'x' }));
    backend.expectOne('/api/auth/login').flush(session());
    await signedIn;
    TestBed.tick();
    store = TestBed.inject(MeetingLiveStore);
  });

  afterEach(() => backend.verify());

  /** Opens the meeting with the socket online and answers the join with a snapshot at `seq`. */
  async function joinedAt(seq: number, snapshot = meetingSnapshot({ agenda: [a, b, c] })): Promise<void> {
    socket.acceptHandshake();
    store.open(MEETING_ID);
    const [join] = socket.requestsFor('meeting:join');
    expect(join.payload).toEqual({ meetingId: MEETING_ID });
    join.answer({ seq, snapshot });
    await Promise.resolve();
  }

  const reorderedTo = (seq: number, ...ids: string[]) =>
    meetingEvent('agenda', seq, {
      agendaVersion: seq,
      items: ids.map((id, position) => ({ ...byId[id], position, number: String(position + 1) })),
    });

  it('joins the meeting and holds the snapshot', async () => {
    await joinedAt(10);
    expect(store.seq()).toBe(10);
    expect(store.syncStatus()).toBe('live');
    expect(store.meeting()?.title).toBe('Phiên họp Chính phủ thường kỳ tháng 11 năm 2026');
    expect(order(store)).toEqual(['1:a', '2:b', '3:c']);
    expect(store.currentItem()).toBeNull();
    expect(store.takesPart()).toBe(true);
    expect(store.isManager()).toBe(false);
  });

  it('applies the next event and drops any it has already seen', async () => {
    await joinedAt(10);
    socket.pushMeetingEvent(reorderedTo(10, 'c', 'b', 'a'));
    expect(order(store)).toEqual(['1:a', '2:b', '3:c']);

    socket.pushMeetingEvent(reorderedTo(11, 'b', 'a', 'c'));
    expect(order(store)).toEqual(['1:b', '2:a', '3:c']);
    expect(store.seq()).toBe(11);
    expect(store.agendaVersion()).toBe(11);

    socket.pushMeetingEvent(reorderedTo(11, 'c', 'b', 'a'));
    expect(order(store)).toEqual(['1:b', '2:a', '3:c']);
    expect(socket.requestsFor('meeting:join')).toHaveLength(1);
  });

  it('on a gap, re-joins with sinceSeq and applies the missed events before the held one', async () => {
    await joinedAt(10);
    socket.pushMeetingEvent(reorderedTo(13, 'c', 'a', 'b'));

    expect(order(store)).toEqual(['1:a', '2:b', '3:c']);
    const resync = socket.requestsFor('meeting:join')[1];
    expect(resync.payload).toEqual({ meetingId: MEETING_ID, sinceSeq: 10 });
    expect(store.syncStatus()).toBe('syncing');

    // Arrives while the catch-up is under way: held, not applied out of order.
    socket.pushMeetingEvent(reorderedTo(14, 'a', 'c', 'b'));
    expect(store.seq()).toBe(10);

    resync.answer({
      seq: 13,
      events: [
        reorderedTo(12, 'b', 'c', 'a'),
        meetingEvent('status', 11, { status: 'in_session', version: 3 }),
        reorderedTo(13, 'c', 'a', 'b'),
      ],
    });
    await Promise.resolve();

    expect(store.seq()).toBe(14);
    expect(store.status()).toBe('in_session');
    expect(order(store)).toEqual(['1:a', '2:c', '3:b']);
    expect(store.syncStatus()).toBe('live');
  });

  it('after a reconnection catches up from the last seq; a snapshot replaces everything', async () => {
    await joinedAt(10);
    socket.dropConnection();
    expect(store.syncStatus()).toBe('offline');
    expect(order(store)).toEqual(['1:a', '2:b', '3:c']);

    socket.acceptHandshake();
    const rejoin = socket.requestsFor('meeting:join')[1];
    expect(rejoin.payload).toEqual({ meetingId: MEETING_ID, sinceSeq: 10 });
    rejoin.answer({
      seq: 2000,
      snapshot: meetingSnapshot({
        meeting: meetingResponse({ status: 'in_session', currentItemId: 'c' }),
        agenda: [{ ...c, number: '1', position: 0, status: 'current' }],
        speakers: [speaker({ id: 's1', itemId: 'c', state: 'speaking' })],
      }),
    });
    await Promise.resolve();

    expect(store.seq()).toBe(2000);
    expect(order(store)).toEqual(['1:c']);
    expect(store.currentItem()?.id).toBe('c');
    expect(store.currentSpeakers().map((s) => s.id)).toEqual(['s1']);
    expect(store.syncStatus()).toBe('live');
  });

  it('asks for a snapshot when the missed events do not add up', async () => {
    await joinedAt(10);
    socket.pushMeetingEvent(reorderedTo(12, 'c', 'a', 'b'));
    socket.requestsFor('meeting:join')[1].answer({ seq: 12, events: [reorderedTo(12, 'c', 'a', 'b')] });
    await Promise.resolve();

    const fresh = socket.requestsFor('meeting:join')[2];
    expect(fresh.payload).toEqual({ meetingId: MEETING_ID });
    expect(store.seq()).toBe(10);
  });

  it("keeps the member's own vote choice, which broadcast vote events never carry", async () => {
    await joinedAt(10, meetingSnapshot({ agenda: [a], openVote: voteResponse({ id: 'v1', itemId: 'a', myChoice: 'agree' }) }));
    socket.pushMeetingEvent(meetingEvent('vote', 11, { vote: voteResponse({ id: 'v1', itemId: 'a', votedCount: 2 }) }));
    expect(store.openVote()?.votedCount).toBe(2);
    expect(store.openVote()?.myChoice).toBe('agree');

    const result = { agree: 2, disagree: 0, abstain: 0, eligible: 3, needed: 2, passed: true };
    socket.pushMeetingEvent(meetingEvent('vote', 12, { vote: voteResponse({ id: 'v1', itemId: 'a', status: 'closed', votedCount: 2, result }) }));
    expect(store.openVote()).toBeNull();
    expect(store.vote()?.result?.passed).toBe(true);
    expect(store.agenda()[0].voteResult).toEqual(result);
  });

  it('replaces only the speakers of the item an event is about', async () => {
    await joinedAt(10, meetingSnapshot({ agenda: [a, b], speakers: [speaker({ id: 's1', itemId: 'a' }), speaker({ id: 's2', itemId: 'b' })] }));
    socket.pushMeetingEvent(meetingEvent('speakers', 11, { itemId: 'a', speakers: [] }));
    expect(store.speakers().map((s) => s.id)).toEqual(['s2']);
  });

  it('shows a drop at once and puts the server agenda back after a stale write', async () => {
    await joinedAt(10);
    const move = firstValueFrom(store.moveItem('c', null, 0));
    expect(order(store)).toEqual(['1:c', '2:a', '3:b']);

    const request = backend.expectOne({ method: 'POST', url: `/api/meetings/${MEETING_ID}/agenda/c/move` });
    expect(request.request.body).toEqual({ parentId: null, index: 0, agendaVersion: 1 });
    request.flush(
      {
        statusCode: 409,
        code: MeetingErrorCode.STALE_VERSION,
        message: 'stale',
        details: { agendaVersion: 4, items: [{ ...b, number: '1', position: 0 }, { ...a, number: '2', position: 1 }] },
        correlationId: 'c-1',
      },
      { status: 409, statusText: 'Conflict' },
    );
    await expect(move).rejects.toMatchObject({ status: 409 });
    expect(order(store)).toEqual(['1:b', '2:a']);
    expect(store.agendaVersion()).toBe(4);
  });

  it('loads over HTTP while the socket is down, then follows from that seq once connected', async () => {
    store.open(MEETING_ID);
    expect(store.syncStatus()).toBe('loading');
    backend.expectOne(`/api/meetings/${MEETING_ID}/snapshot`).flush({ seq: 7, ...meetingSnapshot({ agenda: [a, b] }) });
    expect(order(store)).toEqual(['1:a', '2:b']);
    expect(store.syncStatus()).toBe('offline');

    socket.acceptHandshake();
    expect(socket.requestsFor('meeting:join')[0].payload).toEqual({ meetingId: MEETING_ID, sinceSeq: 7 });
  });

  it('reports a refused join instead of showing an empty meeting', async () => {
    socket.acceptHandshake();
    store.open(MEETING_ID);
    socket.requestsFor('meeting:join')[0].answer({ error: { code: RealtimeErrorCode.NOT_A_PARTICIPANT, message: 'no' } });
    await Promise.resolve();
    expect(store.syncStatus()).toBe('error');
    expect(store.failure()).toEqual({ code: RealtimeErrorCode.NOT_A_PARTICIPANT, message: 'no' });
  });

  it('says which version it displays once joined, after each change, and again after a re-join; holds the screens count the chair receives', async () => {
    const shown = () => socket.requestsFor('meeting:ack').map((request) => request.payload);
    const settle = async () => {
      TestBed.tick();
      await new Promise((resolve) => setTimeout(resolve));
    };
    await joinedAt(10);
    await settle();
    expect(shown()).toEqual([{ meetingId: MEETING_ID, seq: 10 }]);

    socket.pushMeetingEvent(reorderedTo(11, 'b', 'a', 'c'));
    await settle();
    expect(shown()).toEqual([
      { meetingId: MEETING_ID, seq: 10 },
      { meetingId: MEETING_ID, seq: 11 },
    ]);

    // Two versions before it speaks: only the newer is said.
    socket.pushMeetingEvent(reorderedTo(12, 'a', 'b', 'c'));
    socket.pushMeetingEvent(reorderedTo(13, 'b', 'a', 'c'));
    await settle();
    expect(shown().slice(2)).toEqual([{ meetingId: MEETING_ID, seq: 13 }]);

    // The connection drops and returns: nothing was missed, and the version is said again for the new connection.
    socket.dropConnection();
    socket.acceptHandshake();
    const [, resync] = socket.requestsFor('meeting:join');
    expect(resync.payload).toEqual({ meetingId: MEETING_ID, sinceSeq: 13 });
    resync.answer({ seq: 13, events: [] });
    await Promise.resolve();
    await settle();
    expect(shown()).toHaveLength(4);
    expect(shown()[3]).toEqual({ meetingId: MEETING_ID, seq: 13 });

    const screens = { meetingId: MEETING_ID, seq: 13, screens: 2, current: 1, participants: [], at: '2026-12-07T02:00:00.000Z' };
    socket.serverEmits('meeting:screens', { ...screens, meetingId: 'another-meeting' });
    expect(store.screens()).toBeNull();
    socket.serverEmits('meeting:screens', screens);
    expect(store.screens()).toEqual(screens);
  });

  it('says nothing while it only read the meeting over HTTP', async () => {
    store.open(MEETING_ID);
    backend.expectOne(`/api/meetings/${MEETING_ID}/snapshot`).flush({ seq: 7, ...meetingSnapshot({ agenda: [a, b] }) });
    TestBed.tick();
    await new Promise((resolve) => setTimeout(resolve));
    expect(socket.requestsFor('meeting:ack')).toEqual([]);
  });

  it('opened again with the network gone, shows the meeting as last followed in this tab; a refusal is never covered by it', async () => {
    await joinedAt(10);
    socket.pushMeetingEvent(reorderedTo(11, 'c', 'b', 'a'));
    TestBed.tick();
    socket.dropConnection();

    // Another page, then the meeting again: the snapshot cannot be fetched.
    const OTHER = '7c2d3e4f-0a1b-4c5d-8e9f-a0b1c2d3e4f5';
    store.open(OTHER);
    backend.expectOne(`/api/meetings/${OTHER}/snapshot`).error(new ProgressEvent('error'), { status: 0 });
    expect(store.syncStatus()).toBe('error');
    store.open(MEETING_ID);
    backend.expectOne(`/api/meetings/${MEETING_ID}/snapshot`).error(new ProgressEvent('error'), { status: 0 });
    expect(order(store)).toEqual(['1:c', '2:b', '3:a']);
    expect(store.seq()).toBe(11);
    expect(store.syncStatus()).toBe('offline');

    // The server answers, and refuses: what was seen is not shown.
    store.open(OTHER);
    backend.expectOne(`/api/meetings/${OTHER}/snapshot`).error(new ProgressEvent('error'), { status: 0 });
    store.open(MEETING_ID);
    backend
      .expectOne(`/api/meetings/${MEETING_ID}/snapshot`)
      .flush({ statusCode: 403, code: MeetingErrorCode.NOT_A_PARTICIPANT, message: 'no', correlationId: 'c' }, { status: 403, statusText: 'Forbidden' });
    expect(store.loaded()).toBe(false);
    expect(store.syncStatus()).toBe('error');
  });
});
