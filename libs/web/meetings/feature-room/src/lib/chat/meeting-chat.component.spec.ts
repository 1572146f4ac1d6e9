import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { ChatMessageResponse, ChatStateResponse, ParticipantResponse } from '@ecabinet/shared/contracts';
import { LiveSocket } from '@ecabinet/web/live/data-access';
import { Subject, filter, map } from 'rxjs';
import { MeetingChatComponent } from './meeting-chat.component';

const person = (userId: string, fullName: string): ParticipantResponse => ({ userId, fullName, title: null, role: 'member', delegateForUserId: null, attendance: 'in_room' });
const PARTICIPANTS = [person('u-chair', 'Nguyễn Văn Minh'), person('u-huy', 'Lê Quang Huy'), person('u-lan', 'Phạm Thị Lan')];

let next = 0;
const message = (overrides: Partial<ChatMessageResponse> = {}): ChatMessageResponse => ({
  id: `c${(next += 1)}`,
  meetingId: 'm1',
  senderId: 'u-lan',
  senderName: 'Phạm Thị Lan',
  recipientId: null,
  recipientName: null,
  kind: 'message',
  body: 'Xin chào',
  createdAt: '2026-12-07T02:00:00.000Z',
  ...overrides,
});

class FakeLive {
  readonly events = new Subject<{ name: string; payload: unknown }>();
  readonly connected = new Subject<void>();
  on(name: string) {
    return this.events.pipe(
      filter((event) => event.name === name),
      map((event) => event.payload),
    );
  }
}

describe('MeetingChatComponent', () => {
  let backend: HttpTestingController;
  let live: FakeLive;

  beforeEach(() => {
    live = new FakeLive();
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), { provide: LiveSocket, useValue: live }] });
    backend = TestBed.inject(HttpTestingController);
  });
  afterEach(() => backend.verify());

  async function render(state: Partial<ChatStateResponse> = {}, me = 'u-huy') {
    const fixture = TestBed.createComponent(MeetingChatComponent);
    fixture.componentRef.setInput('meetingId', 'm1');
    fixture.componentRef.setInput('participants', PARTICIPANTS);
    fixture.componentRef.setInput('myUserId', me);
    fixture.detectChanges();
    backend.expectOne('/api/meetings/m1/chat').flush({ messages: [], unread: { channel: 0, private: {} }, mutedUserIds: [], moderator: false, writable: true, ...state });
    await fixture.whenStable();
    const root = fixture.nativeElement as HTMLElement;
    const stable = async () => {
      fixture.detectChanges();
      await fixture.whenStable();
    };
    return { fixture, root, stable, component: fixture.componentInstance as unknown as { open(conversation: string): void; draft: string } };
  }
  const bodies = (root: HTMLElement) => [...root.querySelectorAll('[data-testid="chat-message"] .ec-chat__body')].map((body) => body.textContent);
  const typeAndSend = async (root: HTMLElement, stable: () => Promise<void>, text: string) => {
    const input = root.querySelector('[data-testid="chat-input"]') as HTMLTextAreaElement;
    input.value = text;
    input.dispatchEvent(new Event('input'));
    await stable();
    (root.querySelector('[data-testid="chat-send"]') as HTMLButtonElement).click();
  };

  it('shows the channel, text as text, and marks it read when opened with unread messages', async () => {
    const script = message({ body: '<img src=x onerror="alert(1)"> & <b>đậm</b>' });
    const { root } = await render({ messages: [script, message({ senderId: 'u-huy', recipientId: 'u-lan', body: 'riêng' })], unread: { channel: 1, private: {} } });
    backend.expectOne({ method: 'POST', url: '/api/meetings/m1/chat/read' }).flush(null);
    expect(bodies(root)).toEqual([script.body]);
    expect(root.querySelector('.ec-chat__body img, .ec-chat__body b')).toBeNull();
    expect(root.querySelector('[data-testid="chat-unread"]')).toBeNull();
  });

  it('counts a message of another conversation unread, and shows a private conversation to its two people', async () => {
    const { root, stable, component } = await render({ messages: [message({ body: 'Kênh chung' })] });
    live.events.next({ name: 'chat:message', payload: message({ senderId: 'u-lan', recipientId: 'u-huy', recipientName: 'Lê Quang Huy', body: 'Anh xem trang 12' }) });
    live.events.next({ name: 'chat:message', payload: message({ meetingId: 'other', body: 'Phiên khác' }) });
    await stable();
    expect(root.querySelector('[data-testid="chat-unread"]')?.textContent?.trim()).toBe('1');
    expect(bodies(root)).toEqual(['Kênh chung']);

    component.open('u-lan');
    backend.expectOne((request) => request.url === '/api/meetings/m1/chat/read' && (request.body as { with?: string }).with === 'u-lan').flush(null);
    await stable();
    expect(bodies(root)).toEqual(['Anh xem trang 12']);
    expect(root.querySelector('[data-testid="chat-unread"]')).toBeNull();

    // A reply in the open conversation goes to her, and shows once (live echo ignored).
    await typeAndSend(root, stable, '  Tôi đã xem.  ');
    const sent = backend.expectOne({ method: 'POST', url: '/api/meetings/m1/chat' });
    expect(sent.request.body).toEqual({ body: 'Tôi đã xem.', to: 'u-lan' });
    const reply = message({ senderId: 'u-huy', senderName: 'Lê Quang Huy', recipientId: 'u-lan', body: 'Tôi đã xem.' });
    sent.flush(reply);
    live.events.next({ name: 'chat:message', payload: reply });
    await stable();
    expect(bodies(root)).toEqual(['Anh xem trang 12', 'Tôi đã xem.']);
    expect((root.querySelector('[data-testid="chat-input"]') as HTMLTextAreaElement).value).toBe('');
  });

  it('keeps the draft and says why when sending fails; a muted member is told, and may still write privately', async () => {
    const { root, stable, component } = await render({ mutedUserIds: [] });
    await typeAndSend(root, stable, 'Tôi xin phát biểu');
    backend
      .expectOne({ method: 'POST', url: '/api/meetings/m1/chat' })
      .flush({ statusCode: 403, code: 'CHAT_MUTED', message: 'x', correlationId: 'c' }, { status: 403, statusText: 'Forbidden' });
    await stable();
    expect(root.querySelector('[role="alert"]')?.textContent).toContain('Chủ tọa đã tạm khóa quyền gửi tin');
    expect(component.draft).toBe('Tôi xin phát biểu');

    live.events.next({ name: 'chat:muted', payload: { meetingId: 'm1', userId: 'u-huy', muted: true } });
    await stable();
    expect(root.querySelector('[data-testid="chat-muted"]')).not.toBeNull();
    expect(root.querySelector('[data-testid="chat-input"]')).toBeNull();
    component.open('u-chair');
    await stable();
    expect(root.querySelector('[data-testid="chat-input"]')).not.toBeNull();
  });

  it('lets the chair\'s side mute a sender in the channel and send a notice', async () => {
    const { root, stable } = await render({ messages: [message()], moderator: true }, 'u-chair');
    const mute = [...root.querySelectorAll('button')].find((button) => button.textContent?.trim() === 'Tạm khóa') as HTMLButtonElement;
    mute.click();
    backend.expectOne({ method: 'PUT', url: '/api/meetings/m1/chat/mutes/u-lan' }).flush({ mutedUserIds: ['u-lan'] });
    await stable();
    expect([...root.querySelectorAll('button')].some((button) => button.textContent?.trim() === 'Mở khóa')).toBe(true);

    (root.querySelector('mat-checkbox input') as HTMLInputElement).click();
    await typeAndSend(root, stable, 'Giải lao 15 phút');
    expect(backend.expectOne({ method: 'POST', url: '/api/meetings/m1/chat' }).request.body).toEqual({ body: 'Giải lao 15 phút', notice: true });
  });

  it('reads the conversations again after a dropped connection', async () => {
    await render();
    live.connected.next();
    backend.expectOne('/api/meetings/m1/chat').flush({ messages: [message({ body: 'Trong lúc mất kết nối' })], unread: { channel: 1, private: {} }, mutedUserIds: [], moderator: false, writable: true });
    backend.expectOne('/api/meetings/m1/chat/read').flush(null);
  });
});
