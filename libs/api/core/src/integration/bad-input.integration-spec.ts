import { execFile, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { BallotResponse, PaperResponse } from '@ecabinet/shared/contracts';
import { samplePaper } from '@ecabinet/api/papers/testing';
import { DEMO_PASSWORD } from '../lib/demo-seed.service';
import { approveBallot, createMeeting, startTestApp, testDatabaseDriver, uploadPaper, type MeetingFixture, type TestApp, type TestResponse } from '../testing';

describe(`bad input gets a clear error, never a 500 (${testDatabaseDriver()})`, () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = (await t.loginAs('admin')).accessToken;
  });
  afterAll(() => t.close());

  const expectClientError = (response: TestResponse, status: number, code: string) => {
    expect(response.status).toBe(status);
    expect(response.body).toMatchObject({ statusCode: status, code, correlationId: expect.any(String) });
    expect(typeof response.body.message).toBe('string');
  };

  it('malformed JSON', async () => {
    expectClientError(await t.request('POST', '/api/auth/login', { rawBody: '{"username": ' }), 400, 'VALIDATION_FAILED');
  });

  it('a body that is not an object', async () => {
    expectClientError(await t.request('POST', '/api/auth/login', { rawBody: '"just a string"' }), 400, 'VALIDATION_FAILED');
    expectClientError(await t.request('POST', '/api/auth/login', { rawBody: '[1,2,3]' }), 400, 'VALIDATION_FAILED');
    expectClientError(await t.request('POST', '/api/auth/login', { rawBody: 'null' }), 400, 'VALIDATION_FAILED');
  });

  it('missing, wrongly typed and unknown fields are listed per field', async () => {
    const response = await t.request('POST', '/api/users', {
      token: admin,
      body: { username: 'Bad Name!', fullName: 42, password: 'short', roles: ['king'], isAdmin: true },
    });
    expectClientError(response, 400, 'VALIDATION_FAILED');
    const fields = (response.body.details as { field: string }[]).map((detail) => detail.field).sort();
    expect(fields).toEqual(['fullName', 'isAdmin', 'password', 'roles', 'username']);
  });

  it('a body over the size limit', async () => {
    const huge = JSON.stringify({ username: 'x'.repeat(2_000_000), password: 'y' });
    expectClientError(await t.request('POST', '/api/auth/login', { rawBody: huge }), 413, 'PAYLOAD_TOO_LARGE');
  });

  describe('Expect: 100-continue', () => {
    /** Sends the head alone, as a client that waits for "100 Continue" does; resolves with what comes back first. */
    const askToSend = (path: string, headers: Record<string, string>, body?: string) =>
      new Promise<{ statusLines: string[]; status: number; body: TestResponse['body'] }>((resolve, reject) => {
        const { port } = new URL(t.url);
        const socket = connect(Number(port), '127.0.0.1');
        const head = Object.entries({ host: `127.0.0.1:${port}`, expect: '100-continue', ...headers }).map(([name, value]) => `${name}: ${value}\r\n`);
        socket.write(`POST ${path} HTTP/1.1\r\n${head.join('')}\r\n`);
        let received = '';
        socket.setTimeout(10_000, () => socket.destroy(new Error(`no answer: ${JSON.stringify(received)}`)));
        socket.on('error', reject);
        socket.on('data', (chunk) => {
          received += chunk.toString('latin1');
          if (body !== undefined && /^HTTP\/1\.1 100 /.test(received) && received.endsWith('\r\n\r\n') && !received.slice(4).includes('HTTP/1.1')) {
            socket.write(body);
          }
          const final = /HTTP\/1\.1 ([2-5]\d\d) [^\r]*\r\n([\s\S]*?)\r\n\r\n([\s\S]*)$/.exec(received);
          const length = final && Number(/content-length: (\d+)/i.exec(final[2])?.[1]);
          if (final && length !== null && Buffer.byteLength(final[3], 'latin1') >= length) {
            socket.destroy();
            resolve({ statusLines: received.split('\r\n').filter((line) => line.startsWith('HTTP/1.1')), status: Number(final[1]), body: JSON.parse(final[3]) });
          }
        });
      });

    it('a JSON body declared over the limit is refused with 413 before it is sent, not "100 Continue"', async () => {
      const answer = await askToSend('/api/auth/login', { 'content-type': 'application/json', 'content-length': '2000000' });
      expect(answer.statusLines).toEqual([expect.stringMatching(/^HTTP\/1\.1 413 /)]);
      expect(answer.body).toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE', correlationId: expect.any(String) });
    });

    it('an upload declared over the paper limit is refused the same way', async () => {
      const declared = String(t.config.papers.maxBytes + 10 * 1024 * 1024);
      const answer = await askToSend('/api/meetings/00000000-0000-4000-8000-000000000000/agenda/00000000-0000-4000-8000-000000000000/papers', {
        authorization: `Bearer ${admin}`,
        'content-type': 'multipart/form-data; boundary=x',
        'content-length': declared,
      });
      expect(answer.statusLines).toEqual([expect.stringMatching(/^HTTP\/1\.1 413 /)]);
      expect(answer.body).toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE' });
    });

    it('an upload over the JSON limit but within the paper limit gets "100 Continue"', async () => {
      const body = `--x\r\nContent-Disposition: form-data; name="file"; filename="paper.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7\n${' '.repeat(1_500_000)}\r\n--x--\r\n`;
      const answer = await askToSend(
        '/api/meetings/00000000-0000-4000-8000-000000000000/agenda/00000000-0000-4000-8000-000000000000/papers',
        { authorization: `Bearer ${admin}`, 'content-type': 'multipart/form-data; boundary=x', 'content-length': String(Buffer.byteLength(body)) },
        body,
      );
      // The administrator is no secretary: refused, once the body was asked for.
      expect(answer.statusLines).toEqual([expect.stringMatching(/^HTTP\/1\.1 100 /), expect.stringMatching(/^HTTP\/1\.1 403 /)]);
    });

    it('a body within the limit gets "100 Continue", then its answer', async () => {
      const body = JSON.stringify({ username: 'nobody-here', password: 'wrong-password' });
      const answer = await askToSend('/api/auth/login', { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) }, body);
      expect(answer.statusLines).toEqual([expect.stringMatching(/^HTTP\/1\.1 100 /), expect.stringMatching(/^HTTP\/1\.1 401 /)]);
      expect(answer.body).toMatchObject({ statusCode: 401, code: 'INVALID_CREDENTIALS' });
    });
  });

  it('an unsupported content type', async () => {
    const response = await t.request('POST', '/api/auth/login', { rawBody: 'username=a', headers: { 'content-type': 'text/xml' } });
    expectClientError(response, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('an id that is not a UUID, and one that names nobody', async () => {
    expectClientError(await t.request('GET', '/api/users/not-a-uuid', { token: admin }), 400, 'VALIDATION_FAILED');
    expectClientError(await t.request('GET', "/api/users/1' OR '1'='1", { token: admin }), 400, 'VALIDATION_FAILED');
    expectClientError(await t.request('GET', '/api/users/00000000-0000-4000-8000-000000000000', { token: admin }), 404, 'USER_NOT_FOUND');
  });

  it('out-of-range query parameters', async () => {
    expectClientError(await t.request('GET', '/api/audit?limit=100000', { token: admin }), 400, 'VALIDATION_FAILED');
    expectClientError(await t.request('GET', '/api/audit?from=yesterday', { token: admin }), 400, 'VALIDATION_FAILED');
    expectClientError(await t.request('GET', '/api/audit?action=drop-table', { token: admin }), 400, 'VALIDATION_FAILED');
  });

  it('a forged or malformed token', async () => {
    expectClientError(await t.request('GET', '/api/auth/me', { token: 'not.a.jwt' }), 401, 'UNAUTHENTICATED');
    const [header, , signature] = (await t.loginAs('member1')).accessToken.split('.');
    const forged = Buffer.from(JSON.stringify({ sub: 'someone-else', se: 0, typ: 'access', exp: 9999999999 })).toString('base64url');
    expectClientError(await t.request('GET', '/api/auth/me', { token: `${header}.${forged}.${signature}` }), 401, 'UNAUTHENTICATED');
    expectClientError(await t.request('GET', '/api/auth/me', { headers: { authorization: 'Basic abc' } }), 401, 'UNAUTHENTICATED');
  });

  it('a garbage refresh cookie', async () => {
    expectClientError(await t.request('POST', '/api/auth/refresh', { headers: { cookie: 'ec_refresh=%%%garbage' } }), 401, 'REFRESH_INVALID');
    expectClientError(await t.request('POST', '/api/auth/refresh'), 401, 'REFRESH_INVALID');
  });

  it('an unknown API path is a 404 in the same shape', async () => {
    expectClientError(await t.request('GET', '/api/no-such-thing'), 404, 'NOT_FOUND');
  });

  it('echoes a well-formed correlation id and replaces a hostile one', async () => {
    const echoed = await t.request('GET', '/api/health', { headers: { 'x-correlation-id': 'trace-abc-12345' } });
    expect(echoed.headers.get('x-correlation-id')).toBe('trace-abc-12345');
    const replaced = await t.request('GET', '/api/health', { headers: { 'x-correlation-id': 'bad id with spaces' } });
    expect(replaced.headers.get('x-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  describe('null where a field may only be left out, and NUL characters, are refused and change nothing', () => {
    /** A write that must be refused, and the read that shows the resource as it was. */
    interface BadWrite {
      method: string;
      path: string;
      token: string;
      /** Built from the resource as read just before, so that each case carries the current version. */
      body(current: TestResponse['body']): unknown;
      field: string;
      reread: Target;
    }
    type Target = { path: string; token: string };

    let f: MeetingFixture;
    let paper: PaperResponse;
    let draftBallot: BallotResponse;
    let openBallot: BallotResponse;
    let annotationId: string;
    const NUL = 'a\u0000b';

    const ok = (response: TestResponse, what: string) => {
      if (response.status >= 300) throw new Error(`${what}: ${response.status} ${JSON.stringify(response.body)}`);
      return response.body;
    };

    beforeAll(async () => {
      f = await createMeeting(t, { participants: { chair: 'chair', member1: 'member', secretary: 'secretary' }, items: ['Nội dung 1'] });
      const secretary = f.tokens['secretary'];
      paper = ok(await uploadPaper(t, `/api/meetings/${f.meeting.id}/agenda/${f.items[0].id}/papers`, await samplePaper({ pages: 2 }), { token: secretary }), 'upload');
      const note = { kind: 'note', page: 1, text: 'Ghi chú' };
      annotationId = ok(await t.request('POST', `/api/meetings/${f.meeting.id}/papers/${paper.id}/annotations`, { token: f.tokens['member1'], body: note }), 'annotate').id;
      const ballot = { summary: 'Tóm tắt', questions: [{ text: 'Tán thành?' }], recipientIds: [f.ids['member1']], deadline: new Date(Date.now() + 86_400_000).toISOString() };
      draftBallot = ok(await t.request('POST', '/api/ballots', { token: secretary, body: { ...ballot, title: 'Phiếu nháp' } }), 'draft ballot');
      const issued = ok(await t.request('POST', '/api/ballots', { token: secretary, body: { ...ballot, title: 'Phiếu đã gửi' } }), 'ballot') as BallotResponse;
      ok(await t.request('POST', `/api/ballots/${issued.id}/submit`, { token: secretary }), 'submit');
      ok(await approveBallot(t, issued.id, f.tokens['chair']), 'approve');
      openBallot = ok(await t.request('POST', `/api/ballots/${issued.id}/issue`, { token: secretary }), 'issue');
      const answer = { questionId: openBallot.questions[0].id, choice: 'other', comment: 'Nháp' };
      ok(await t.request('PUT', `/api/ballots/${openBallot.id}/draft`, { token: f.tokens['member1'], body: { answers: [answer] } }), 'draft answer');
    });

    // One representative write per domain; each builds its request once the fixture exists.
    const user = () => ({ path: `/api/users/${f.ids['member1']}`, token: admin });
    const meeting = () => ({ path: `/api/meetings/${f.meeting.id}`, token: f.tokens['secretary'] });
    const agenda = () => ({ path: `/api/meetings/${f.meeting.id}/agenda`, token: f.tokens['secretary'] });
    const paperPath = () => ({ path: `/api/meetings/${f.meeting.id}/papers/${paper.id}`, token: f.tokens['secretary'] });
    const ballot = () => ({ path: `/api/ballots/${draftBallot.id}`, token: f.tokens['secretary'] });
    const draft = () => ({ path: `/api/ballots/${openBallot.id}/draft`, token: f.tokens['member1'] });
    const notes = () => ({ path: `/api/meetings/${f.meeting.id}/papers/${paper.id}/annotations`, token: f.tokens['member1'] });

    const write =
      (method: string, target: () => Target, body: (current: TestResponse['body']) => object, field: string, suffix = () => '') =>
      (): BadWrite => ({ method, path: `${target().path}${suffix()}`, token: target().token, body, field, reread: target() });
    type Item = { id: string; version: number };
    const firstItem = (items: Item[]) => items.find((item) => item.id === f.items[0].id) as Item;
    const patchUser = (body: object, field: string) => write('PATCH', user, () => body, field);
    const patchMeeting = (body: object, field: string) => write('PATCH', meeting, (current) => ({ ...body, version: current.version }), field);
    const patchItem = (body: object, field: string) => write('PATCH', agenda, (items) => ({ ...body, version: firstItem(items).version }), field, () => `/${f.items[0].id}`);
    const addItem = (body: object, field: string) => write('POST', meeting, (current) => ({ title: 'Mới', agendaVersion: current.agendaVersion, ...body }), field, () => '/agenda');
    const patchPaper = (body: object, field: string) => write('PATCH', paperPath, (current) => ({ ...body, revision: current.revision }), field);
    const patchBallot = (body: object, field: string) => write('PATCH', ballot, (current) => ({ ...body, version: current.version }), field);
    const saveDraft = (answer: object, field: string) => write('PUT', draft, () => ({ answers: [{ questionId: openBallot.questions[0].id, choice: 'other', ...answer }] }), field);
    const patchNote = (body: object, field: string) =>
      write('PATCH', notes, (annotations: { id: string; revision: number }[]) => ({ ...body, revision: annotations.find((a) => a.id === annotationId)?.revision }), field, () => `/${annotationId}`);

    const cases: [string, () => BadWrite][] = [
      ['users: a null full name', patchUser({ fullName: null }, 'fullName')],
      ['users: null roles', patchUser({ roles: null }, 'roles')],
      ['users: a null "disabled"', patchUser({ disabled: null }, 'disabled')],
      ['users: a NUL in the full name', patchUser({ fullName: NUL }, 'fullName')],
      ['meetings: a null title', patchMeeting({ title: null }, 'title')],
      ['meetings: a null place', patchMeeting({ place: null }, 'place')],
      ['meetings: a null kind', patchMeeting({ kind: null }, 'kind')],
      ['meetings: a null start', patchMeeting({ startsAt: null }, 'startsAt')],
      ['meetings: a null quorum', patchMeeting({ quorumNumerator: null }, 'quorumNumerator')],
      ['meetings: a null "delegates may vote"', patchMeeting({ delegatesMayVote: null }, 'delegatesMayVote')],
      ['meetings: a NUL in the place', patchMeeting({ place: NUL }, 'place')],
      ['agenda items: a null title', patchItem({ title: null }, 'title')],
      ['agenda items: a null summary on a new item', addItem({ summary: null }, 'summary')],
      ['agenda items: a NUL in the summary', patchItem({ summary: NUL }, 'summary')],
      ['agenda items: a NUL in a new title', addItem({ title: NUL }, 'title')],
      ['papers: a null title', patchPaper({ title: null }, 'title')],
      ['papers: a null classification', patchPaper({ classification: null }, 'classification')],
      ['papers: null readers', patchPaper({ readerIds: null }, 'readerIds')],
      ['papers: a NUL in the title', patchPaper({ title: NUL }, 'title')],
      ['ballots: a null title', patchBallot({ title: null }, 'title')],
      ['ballots: null questions', patchBallot({ questions: null }, 'questions')],
      ['ballots: null recipients', patchBallot({ recipientIds: null }, 'recipientIds')],
      ['ballots: a null deadline', patchBallot({ deadline: null }, 'deadline')],
      ['ballots: null reminders', patchBallot({ reminderMinutes: null }, 'reminderMinutes')],
      ['ballots: a NUL in a question', patchBallot({ questions: [{ text: NUL }] }, 'questions.0.text')],
      ['ballot drafts: a null comment', saveDraft({ comment: null }, 'answers.0.comment')],
      ['ballot drafts: a NUL in the comment', saveDraft({ comment: NUL }, 'answers.0.comment')],
      ['annotations: a null text', patchNote({ text: null }, 'text')],
      ['annotations: a null colour', patchNote({ color: null }, 'color')],
      ['annotations: a NUL in the text', patchNote({ text: NUL }, 'text')],
    ];

    it.each(cases)('%s', async (_what, build) => {
      const bad = build();
      const before = await t.request('GET', bad.reread.path, { token: bad.reread.token });
      expect(before.status).toBe(200);
      const response = await t.request(bad.method, bad.path, { token: bad.token, body: bad.body(before.body) });
      expectClientError(response, 400, 'VALIDATION_FAILED');
      expect((response.body.details as { field: string }[]).map((detail) => detail.field)).toEqual([bad.field]);
      expect(await t.request('GET', bad.reread.path, { token: bad.reread.token })).toMatchObject({ status: 200, body: before.body });
    });

    it('null is still accepted where the contract gives it a meaning (clearing a value)', async () => {
      const cleared = await t.request('PATCH', `/api/users/${f.ids['member1']}`, { token: admin, body: { title: null, email: null } });
      expect(cleared).toMatchObject({ status: 200, body: { title: null, email: null } });
      const agenda = (await t.request('GET', `/api/meetings/${f.meeting.id}/agenda`, { token: f.tokens['secretary'] })).body as Item[];
      const item = firstItem(agenda);
      const plain = await t.request('PATCH', `/api/meetings/${f.meeting.id}/agenda/${item.id}`, {
        token: f.tokens['secretary'],
        body: { summary: null, presenter: null, plannedMinutes: null, version: item.version },
      });
      expect(plain).toMatchObject({ status: 200, body: { summary: null, presenter: null, plannedMinutes: null } });
    });

    it('a NUL in a login, a query string, a route parameter or an upload field', async () => {
      expectClientError(await t.request('POST', '/api/auth/login', { body: { username: NUL, password: 'x' } }), 400, 'VALIDATION_FAILED');
      expectClientError(await t.request('POST', '/api/auth/login', { body: { username: 'member1', password: 'x', totpCode: null } }), 400, 'VALIDATION_FAILED');
      for (const [path, field] of [
        ['/api/users?search=a%00b', 'search'],
        ['/api/audit?actor=a%00b', 'actor'],
        ['/api/paper-traces/AB%00CD', 'code'],
      ]) {
        const response = await t.request('GET', path, { token: admin });
        expectClientError(response, 400, 'VALIDATION_FAILED');
        expect({ path, details: response.body.details }).toEqual({ path, details: [{ field, problems: [`${field} must not contain NUL characters`] }] });
      }
      const before = (await t.request('GET', `/api/meetings/${f.meeting.id}/papers`, { token: f.tokens['secretary'] })).body;
      const upload = await uploadPaper(t, `/api/meetings/${f.meeting.id}/agenda/${f.items[0].id}/papers`, await samplePaper({ pages: 1 }), {
        token: f.tokens['secretary'],
        fields: { title: NUL },
      });
      expectClientError(upload, 400, 'VALIDATION_FAILED');
      expect(upload.body.details).toEqual([{ field: 'title', problems: [expect.stringContaining('NUL')] }]);
      expect((await t.request('GET', `/api/meetings/${f.meeting.id}/papers`, { token: f.tokens['secretary'] })).body).toEqual(before);
    });

    it('a paper over 1 MiB sent as curl sends it (asking "Expect: 100-continue" first) is taken in', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'ecabinet-curl-'));
      try {
        const file = join(dir, 'large.pdf');
        // Whitespace after %%EOF: a valid PDF, just large.
        writeFileSync(file, Buffer.concat([await samplePaper({ pages: 1, title: 'Large paper' }), Buffer.alloc(1_500_000, 0x20)]));
        const { stdout } = await promisify(execFile)('curl', [
          '-sS', '-v', '-H', `authorization: Bearer ${f.tokens['secretary']}`, '-F', 'title=Tài liệu lớn', '-F', `file=@${file};type=application/pdf`,
          `${t.url}/api/meetings/${f.meeting.id}/agenda/${f.items[0].id}/papers`, '-w', '\n%{http_code}',
        ]);
        const [body, status] = [stdout.slice(0, stdout.lastIndexOf('\n')), stdout.slice(stdout.lastIndexOf('\n') + 1)];
        expect({ status, body: JSON.parse(body) }).toMatchObject({ status: '201', body: { title: 'Tài liệu lớn' } });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    describe('a malformed multipart upload is a 400 on each upload route, and nothing is stored', () => {
      const routes = () => [
        { route: 'papers', path: `/api/meetings/${f.meeting.id}/agenda/${f.items[0].id}/papers`, list: `/api/meetings/${f.meeting.id}/papers` },
        { route: 'versions', path: `/api/meetings/${f.meeting.id}/papers/${paper.id}/versions`, list: `/api/meetings/${f.meeting.id}/papers` },
        { route: 'ballot papers', path: `/api/ballots/${draftBallot.id}/papers`, list: `/api/ballots/${draftBallot.id}` },
      ];
      const filePart = (boundary: string) =>
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="paper.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7\n`;
      const bodies: [string, string, string][] = [
        ['no boundary', 'multipart/form-data', filePart('x')],
        ['an empty boundary', 'multipart/form-data; boundary=', filePart('')],
        ['a form cut off inside the file', 'multipart/form-data; boundary=cut', filePart('cut')],
        ['a boundary longer than the parser takes', `multipart/form-data; boundary=${'b'.repeat(300)}`, filePart('b'.repeat(300))],
      ];

      it.each(bodies)('%s', async (_what, contentType, body) => {
        for (const { route, path, list } of routes()) {
          const before = (await t.request('GET', list, { token: f.tokens['secretary'] })).body;
          const response = await t.request('POST', path, { token: f.tokens['secretary'], rawBody: body, headers: { 'content-type': contentType } });
          expect({ route, status: response.status, code: response.body?.code }).toEqual({ route, status: 400, code: 'VALIDATION_FAILED' });
          expectClientError(response, 400, 'VALIDATION_FAILED');
          expect((await t.request('GET', list, { token: f.tokens['secretary'] })).body).toEqual(before);
        }
      });
    });

    it('a deeply nested body (class-transformer would overflow the stack)', async () => {
      const before = await t.request('GET', `/api/meetings/${f.meeting.id}/papers/${paper.id}`, { token: f.tokens['secretary'] });
      const deep = `{"title":${'['.repeat(100_000)}${']'.repeat(100_000)},"revision":${paper.revision}}`;
      const response = await t.request('PATCH', `/api/meetings/${f.meeting.id}/papers/${paper.id}`, { token: f.tokens['secretary'], rawBody: deep });
      expectClientError(response, 400, 'VALIDATION_FAILED');
      expect(response.body.details).toEqual([{ field: expect.stringMatching(/^title(\.0)+$/), problems: ['title must not be nested more than 32 levels deep'] }]);
      expect((await t.request('GET', `/api/meetings/${f.meeting.id}/papers/${paper.id}`, { token: f.tokens['secretary'] })).body).toEqual(before.body);
    });
  });
});

describe(`public routes have a per-address rate limit (${testDatabaseDriver()})`, () => {
  const REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
  const apps: TestApp[] = [];
  afterEach(async () => {
    while (apps.length > 0) await apps.pop()?.close();
  });
  const start = async (options: Parameters<typeof startTestApp>[0]) => {
    const app = await startTestApp(options);
    apps.push(app);
    return app;
  };
  /** A client address (behind the trusted proxy) from the documentation range, fresh per run: Redis keeps counts for the window. */
  const from = (address = `2001:db8::${randomUUID().slice(0, 4)}`) => ({ headers: { 'x-forwarded-for': address } });

  const expectLimited = (response: TestResponse) => {
    expect(response.status).toBe(429);
    expect(response.body).toMatchObject({ statusCode: 429, code: 'RATE_LIMITED', correlationId: expect.any(String), details: { retryAfterSeconds: expect.any(Number) } });
    const retryAfter = Number(response.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(response.body.details.retryAfterSeconds).toBe(retryAfter);
  };

  it('counts every public route together, per address, and leaves signed-in routes alone (in memory, no Redis)', async () => {
    const t = await start({ env: { RATE_LIMIT_PUBLIC_MAX: '5', RATE_LIMIT_PUBLIC_WINDOW_SECONDS: '60', TRUST_PROXY: 'true' } });
    const me = from();
    const login = await t.request('POST', '/api/auth/login', { ...me, body: { username: 'member1', password: DEMO_PASSWORD } });
    expect(login.status).toBe(200);
    for (const path of ['/api/config', '/api/health/live', '/api/health/ready', '/api/config']) expect((await t.request('GET', path, me)).status).toBe(200);
    expectLimited(await t.request('GET', '/api/config', me));
    expectLimited(await t.request('GET', '/api/health/live', me));
    expectLimited(await t.request('POST', '/api/auth/login', { ...me, body: { username: 'member1', password: DEMO_PASSWORD } }));
    // Another address is not held back; a signed-in route is not counted.
    expect((await t.request('GET', '/api/config', from())).status).toBe(200);
    expect((await t.request('GET', '/api/auth/me', { ...me, token: login.body.accessToken })).status).toBe(200);
  });

  it('RATE_LIMIT_PUBLIC_MAX=0 turns it off', async () => {
    const t = await start({ env: { RATE_LIMIT_PUBLIC_MAX: '0' } });
    for (let i = 0; i < 30; i++) expect((await t.request('GET', '/api/config')).status).toBe(200);
  });

  it('is counted in Redis when REDIS_URL is set: two instances share the count', async () => {
    const env = { RATE_LIMIT_PUBLIC_MAX: '6', RATE_LIMIT_PUBLIC_WINDOW_SECONDS: '60', TRUST_PROXY: 'true', REDIS_URL };
    // Each has its own database here: what they share under test is Redis.
    const [first, second] = [await start({ env }), await start({ env })];
    const me = from();
    for (const t of [first, second, first, second, first, second]) expect((await t.request('GET', '/api/config', me)).status).toBe(200);
    expectLimited(await first.request('GET', '/api/config', me));
    expectLimited(await second.request('GET', '/api/config', me));
    expect((await second.request('GET', '/api/config', from())).status).toBe(200);
  });

  it('lets public requests through, at once, while its Redis is away (and readiness says so)', async () => {
    const port = await freePort();
    const redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    try {
      await waitFor(async () => (await pingRedis(port)) === true);
      const t = await start({ env: { RATE_LIMIT_PUBLIC_MAX: '100', TRUST_PROXY: 'true', REDIS_URL: `redis://127.0.0.1:${port}` } });
      const me = from();
      expect((await t.request('GET', '/api/config', me)).status).toBe(200);
      redis.kill('SIGKILL');
      await waitFor(async () => (await pingRedis(port)) === false);
      for (let i = 0; i < 5; i++) expect((await t.request('GET', '/api/config', me)).status).toBe(200);
      expect((await t.request('POST', '/api/auth/login', { ...me, body: { username: 'member1', password: DEMO_PASSWORD } })).status).toBe(200);
      const ready = await t.request('GET', '/api/health/ready', me);
      expect(ready.status).toBe(503);
      expect(ready.body.checks.redis).toEqual({ state: 'down' });
    } finally {
      redis.kill('SIGKILL');
    }
  });
});

async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** true: Redis answered PONG; false: nothing listens there. */
function pingRedis(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.setTimeout(1000, () => (socket.destroy(), resolve(false)));
    socket.on('error', () => resolve(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (data) => (socket.destroy(), resolve(data.toString().startsWith('+PONG'))));
  });
}

async function waitFor(check: () => Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('gave up waiting');
}

describe(`security headers (${testDatabaseDriver()})`, () => {
  let t: TestApp | undefined;
  afterEach(() => t?.close());

  it('every response carries the content security policy, COOP and CORP; HSTS only when PUBLIC_URL is https', async () => {
    t = await startTestApp({ env: { PUBLIC_URL: 'http://cabinet.example.gov.vn' } });
    for (const response of [await t.request('GET', '/api/config'), await t.request('GET', '/api/no-such-thing'), await t.request('POST', '/api/auth/login', { rawBody: '{' })]) {
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp.split(';').map((directive) => directive.trim())).toEqual(
        expect.arrayContaining(["default-src 'self'", "script-src 'self'", "worker-src 'self'", "connect-src 'self' ws://cabinet.example.gov.vn", "object-src 'none'", "frame-ancestors 'none'"]),
      );
      expect(csp).not.toMatch(/script-src[^;]*unsafe/);
      expect(Object.fromEntries(['cross-origin-opener-policy', 'cross-origin-resource-policy', 'x-content-type-options', 'x-frame-options', 'referrer-policy'].map((name) => [name, response.headers.get(name)]))).toEqual({
        'cross-origin-opener-policy': 'same-origin',
        'cross-origin-resource-policy': 'same-origin',
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'referrer-policy': 'same-origin',
      });
      expect(response.headers.get('strict-transport-security')).toBeNull();
    }
    await t.close();
    t = await startTestApp({ env: { PUBLIC_URL: 'https://cabinet.example.gov.vn' } });
    const secure = await t.request('GET', '/api/config');
    expect(secure.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
    expect(secure.headers.get('content-security-policy')).toContain('connect-src \'self\' wss://cabinet.example.gov.vn');
  });
});
