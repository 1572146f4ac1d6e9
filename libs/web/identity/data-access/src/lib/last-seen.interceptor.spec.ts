import { HttpClient, HttpContext, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';
import { AuthStore } from './auth.store';
import { LAST_SEEN_HEADER, SERVER_ONLY, lastSeenInterceptor } from './last-seen.interceptor';

function setUp() {
  const user = signal<{ id: string } | null>({ id: 'u1' });
  TestBed.configureTestingModule({
    providers: [provideHttpClient(withInterceptors([lastSeenInterceptor])), provideHttpClientTesting(), { provide: AuthStore, useValue: { user } }],
  });
  return { http: TestBed.inject(HttpClient), backend: TestBed.inject(HttpTestingController), user };
}

describe('lastSeenInterceptor', () => {
  it('gives the last answer seen when the network is gone, marked; only for the user who saw it; never a refusal, a write or a session call', async () => {
    const { http, backend, user } = setUp();
    const read = () => firstValueFrom(http.get('/api/meetings?scope=upcoming', { observe: 'response' }));

    const first = read();
    backend.expectOne('/api/meetings?scope=upcoming').flush([{ id: 'm1' }]);
    expect((await first).headers.has(LAST_SEEN_HEADER)).toBe(false);

    const offline = read();
    backend.expectOne('/api/meetings?scope=upcoming').error(new ProgressEvent('error'), { status: 0 });
    const recalled = await offline;
    expect(recalled.body).toEqual([{ id: 'm1' }]);
    expect(recalled.headers.get(LAST_SEEN_HEADER)).toBe('true');

    // A large answer is not kept: offline, the page gets the network's error.
    const large = firstValueFrom(http.get('/api/papers-export', { observe: 'response' }));
    backend.expectOne('/api/papers-export').flush({ rows: [] }, { headers: { 'content-length': '2000000' } });
    await large;
    const largeOffline = firstValueFrom(http.get('/api/papers-export'));
    backend.expectOne('/api/papers-export').error(new ProgressEvent('error'), { status: 0 });
    await expect(largeOffline).rejects.toMatchObject({ status: 0 });

        // A refusal is the server's answer: passed on, not covered, and what was seen is not given again.
    const refused = read();
    backend.expectOne('/api/meetings?scope=upcoming').flush({ code: 'FORBIDDEN' }, { status: 403, statusText: 'Forbidden' });
    await expect(refused).rejects.toMatchObject({ status: 403 });
    const afterRefusal = read();
    backend.expectOne('/api/meetings?scope=upcoming').error(new ProgressEvent('error'), { status: 0 });
    await expect(afterRefusal).rejects.toMatchObject({ status: 0 });

    // Writes and the session's own calls are never answered from memory.
    const write = firstValueFrom(http.post('/api/meetings', {}));
    backend.expectOne('/api/meetings').error(new ProgressEvent('error'), { status: 0 });
    await expect(write).rejects.toMatchObject({ status: 0 });
    const me = firstValueFrom(http.get('/api/auth/me'));
    backend.expectOne('/api/auth/me').flush({ id: 'u1' });
    await me;
    const meOffline = firstValueFrom(http.get('/api/auth/me'));
    backend.expectOne('/api/auth/me').error(new ProgressEvent('error'), { status: 0 });
    await expect(meOffline).rejects.toMatchObject({ status: 0 });

    // A caller that keeps what it reads (the notes kept beside a copy) gets the server's answer or the network's error, never an old list.
    const notesUrl = '/api/meetings/m1/papers/p1/annotations';
    const notes = () => firstValueFrom(http.get(notesUrl, { context: new HttpContext().set(SERVER_ONLY, true) }));
    const online = notes();
    backend.expectOne(notesUrl).flush([{ id: 'n1' }]);
    await online;
    const notesOffline = notes();
    backend.expectOne(notesUrl).error(new ProgressEvent('error'), { status: 0 });
    await expect(notesOffline).rejects.toMatchObject({ status: 0 });

    // Another user signs in on this tab: nothing of the first one's is given to him.
    user.set({ id: 'u2' });
    TestBed.tick();
    const other = read();
    backend.expectOne('/api/meetings?scope=upcoming').error(new ProgressEvent('error'), { status: 0 });
    await expect(other).rejects.toMatchObject({ status: 0 });
  });
});
