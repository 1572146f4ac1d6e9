import { ChangeDetectionStrategy, Component, DestroyRef, type ElementRef, type OnInit, computed, effect, inject, input, signal, untracked, viewChild } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { CHAT_MAX_LENGTH, type ChatMessageResponse, type ChatStateResponse, type ParticipantResponse } from '@ecabinet/shared/contracts';
import { LiveSocket } from '@ecabinet/web/live/data-access';
import { MeetingsApi } from '@ecabinet/web/meetings/data-access';
import { isNetworkError, TranslatePipe, TranslationService } from '@ecabinet/web/shared/i18n';
import { IconComponent, saveBlob } from '@ecabinet/web/shared/ui';

/** The channel's key among conversations; a private one is the other person's user id. */
const CHANNEL = '';

/**
 * The meeting's chat (#15): the channel of all participants, private conversations, the
 * secretariat's notices. Live over the meeting's socket; what was missed while away is read again
 * on reconnecting. Text is shown as text. The chair's side mutes a participant in the channel
 * and exports it for the record.
 */
@Component({
  selector: 'ec-meeting-chat',
  imports: [FormsModule, MatButtonModule, MatCheckboxModule, MatFormFieldModule, MatInputModule, MatSelectModule, IconComponent, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="ec-card ec-chat" aria-labelledby="ec-chat-heading" data-testid="meeting-chat">
      <div class="ec-chat__head">
        <h2 id="ec-chat-heading" class="ec-card__title">{{ 'meetings.chat.title' | t }}</h2>
        @if (totalUnread() > 0) {
          <span class="ec-chat__badge" data-testid="chat-unread" [attr.aria-label]="'meetings.chat.unreadLabel' | t: { n: totalUnread() }">{{ totalUnread() }}</span>
        }
        @if (state()?.moderator) {
          <button mat-button type="button" class="ec-chat__export" (click)="exportCsv()"><ec-icon name="download" />{{ 'meetings.chat.export' | t }}</button>
        }
      </div>
      <mat-form-field appearance="outline" subscriptSizing="dynamic" class="ec-chat__conversation">
        <mat-label>{{ 'meetings.chat.conversation' | t }}</mat-label>
        <mat-select [ngModel]="conversation()" (ngModelChange)="open($event)" data-testid="chat-conversation">
          <mat-option [value]="channel">{{ 'meetings.chat.channel' | t }}{{ unreadSuffix(channel) }}</mat-option>
          @for (person of others(); track person.userId) {
            <mat-option [value]="person.userId">{{ 'meetings.chat.privateWith' | t: { name: person.fullName } }}{{ unreadSuffix(person.userId) }}</mat-option>
          }
        </mat-select>
      </mat-form-field>

      <ol class="ec-chat__messages" #list aria-live="polite" [attr.aria-label]="'meetings.chat.messages' | t" data-testid="chat-messages">
        @for (message of shown(); track message.id) {
          <li [class.ec-chat__mine]="message.senderId === myUserId()" [class.ec-chat__notice]="message.kind === 'notice'" data-testid="chat-message">
            <div class="ec-chat__meta">
              @if (message.kind === 'notice') {
                <ec-icon name="info" /><strong>{{ 'meetings.chat.notice' | t }}</strong>
              }
              <span class="ec-chat__sender">{{ message.senderName }}</span>
              <time [attr.datetime]="message.createdAt">{{ time(message.createdAt) }}</time>
              @if (state()?.moderator && conversation() === channel && message.senderId !== myUserId() && isParticipant(message.senderId)) {
                <button mat-button type="button" class="ec-chat__mute" (click)="toggleMute(message.senderId)">
                  {{ (isMuted(message.senderId) ? 'meetings.chat.unmute' : 'meetings.chat.mute') | t: { name: message.senderName } }}
                </button>
              }
            </div>
            <p class="ec-chat__body">{{ message.body }}</p>
          </li>
        } @empty {
          <li class="ec-chat__empty">{{ 'meetings.chat.empty' | t }}</li>
        }
      </ol>

      @if (state()?.writable) {
        @if (conversation() === channel && mutedHere()) {
          <p class="ec-notice ec-notice--warning" role="status" data-testid="chat-muted"><ec-icon name="block" /><span>{{ 'meetings.chat.youAreMuted' | t }}</span></p>
        } @else {
          <form class="ec-chat__compose" (ngSubmit)="send()">
            <mat-form-field appearance="outline" subscriptSizing="dynamic">
              <mat-label>{{ 'meetings.chat.write' | t }}</mat-label>
              <textarea matInput rows="2" name="body" [maxlength]="maxLength" [(ngModel)]="draft" (keydown.control.enter)="send()" data-testid="chat-input"></textarea>
              <mat-hint align="end">{{ draft.length }}/{{ maxLength }}</mat-hint>
            </mat-form-field>
            <div class="ec-chat__actions">
              @if (state()?.moderator && conversation() === channel) {
                <mat-checkbox name="notice" [(ngModel)]="asNotice">{{ 'meetings.chat.asNotice' | t }}</mat-checkbox>
              }
              <button mat-flat-button type="submit" [disabled]="sending()" data-testid="chat-send"><ec-icon name="check" />{{ 'meetings.chat.send' | t }}</button>
            </div>
          </form>
        }
      }
      <p class="ec-chat__error" role="alert">{{ error() }}</p>
    </section>
  `,
  styles: `
    .ec-chat__head {
      display: flex;
      align-items: center;
      gap: 8px;
    }
    .ec-chat__head .ec-card__title {
      margin: 0;
    }
    .ec-chat__badge {
      min-width: 20px;
      padding: 0 6px;
      border-radius: 10px;
      background: var(--mat-sys-error);
      color: var(--mat-sys-on-error);
      font: var(--mat-sys-label-medium);
      text-align: center;
    }
    .ec-chat__export {
      margin-left: auto;
    }
    .ec-chat__conversation {
      width: 100%;
      margin: 8px 0;
    }
    .ec-chat__messages {
      list-style: none;
      margin: 0;
      padding: 0;
      max-height: 300px;
      overflow-y: auto;
      display: flex;
      flex-direction: column;
      gap: 6px;
    }
    .ec-chat__messages li {
      padding: 6px 8px;
      border-radius: 8px;
      background: var(--mat-sys-surface-container);
    }
    .ec-chat__messages li.ec-chat__mine {
      background: var(--mat-sys-primary-container);
    }
    .ec-chat__messages li.ec-chat__notice {
      background: var(--mat-sys-tertiary-container);
    }
    .ec-chat__messages li.ec-chat__empty {
      background: none;
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-small);
    }
    .ec-chat__meta {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 4px 8px;
      font: var(--mat-sys-label-medium);
      color: var(--mat-sys-on-surface-variant);
    }
    .ec-chat__sender {
      color: var(--mat-sys-on-surface);
      font-weight: 600;
    }
    .ec-chat__mute {
      margin-left: auto;
      min-height: 28px;
      height: 28px;
    }
    .ec-chat__body {
      margin: 2px 0 0;
      white-space: pre-wrap;
      overflow-wrap: anywhere;
      font: var(--mat-sys-body-medium);
    }
    .ec-chat__compose {
      margin-top: 8px;
      display: grid;
      gap: 4px;
    }
    .ec-chat__actions {
      display: flex;
      align-items: center;
      justify-content: space-between;
      gap: 8px;
      flex-wrap: wrap;
    }
    .ec-chat__actions button {
      margin-left: auto;
    }
    .ec-chat__error {
      margin: 4px 0 0;
      color: var(--mat-sys-error);
      font: var(--mat-sys-body-small);
    }
    .ec-chat__error:empty {
      display: none;
    }
  `,
})
export class MeetingChatComponent implements OnInit {
  readonly meetingId = input.required<string>();
  readonly participants = input<readonly ParticipantResponse[]>([]);
  readonly myUserId = input<string | null>(null);

  private readonly api = inject(MeetingsApi);
  private readonly live = inject(LiveSocket);
  private readonly i18n = inject(TranslationService);
  private readonly destroyRef = inject(DestroyRef);
  private readonly list = viewChild<ElementRef<HTMLElement>>('list');

  protected readonly channel = CHANNEL;
  protected readonly maxLength = CHAT_MAX_LENGTH;
  protected readonly state = signal<ChatStateResponse | null>(null);
  protected readonly conversation = signal(CHANNEL);
  protected readonly sending = signal(false);
  protected readonly error = signal('');
  protected draft = '';
  protected asNotice = false;

  protected readonly others = computed(() => this.participants().filter((p) => p.userId !== this.myUserId()));
  protected readonly shown = computed(() => {
    const conversation = this.conversation();
    const me = this.myUserId();
    return (this.state()?.messages ?? []).filter((m) => (conversation === CHANNEL ? m.recipientId === null : m.recipientId !== null && [m.senderId, m.recipientId].includes(conversation) && [m.senderId, m.recipientId].includes(me ?? '')));
  });
  protected readonly totalUnread = computed(() => {
    const unread = this.state()?.unread;
    return unread ? unread.channel + Object.values(unread.private).reduce((sum, n) => sum + n, 0) : 0;
  });
  protected readonly mutedHere = computed(() => (this.state()?.mutedUserIds ?? []).includes(this.myUserId() ?? ''));

  constructor() {
    // The newest message in view whenever the list changes.
    effect(() => {
      this.shown();
      const element = untracked(() => this.list()?.nativeElement);
      if (element) queueMicrotask(() => (element.scrollTop = element.scrollHeight));
    });
  }

  ngOnInit(): void {
    this.load();
    this.live
      .on('chat:message')
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe((message) => {
        if (message.meetingId === this.meetingId()) this.receive(message);
      });
    this.live
      .on('chat:muted')
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe(({ meetingId, userId, muted }) => {
        if (meetingId !== this.meetingId()) return;
        this.state.update((state) => state && { ...state, mutedUserIds: muted ? [...new Set([...state.mutedUserIds, userId])] : state.mutedUserIds.filter((id) => id !== userId) });
      });
    // Back after a dropped connection: what was said meanwhile.
    this.live.connected.pipe(takeUntilDestroyed(this.destroyRef)).subscribe(() => this.load());
  }

  private load(): void {
    this.api.chat(this.meetingId()).subscribe({
      next: (state) => {
        this.state.set(state);
        this.error.set('');
        this.markRead(this.conversation());
      },
      // Offline: the connection chip already says so, and the chat is read again on reconnecting.
      error: (error: unknown) => this.error.set(isNetworkError(error) ? '' : this.i18n.describeError(error)),
    });
  }

  /** A message arrives (live, or as the answer to one's own): shown once; counted unread unless its conversation is open. */
  private receive(message: ChatMessageResponse): void {
    const state = this.state();
    if (!state || state.messages.some((m) => m.id === message.id)) return;
    const peer = message.recipientId === null ? CHANNEL : message.senderId === this.myUserId() ? message.recipientId : message.senderId;
    const open = peer === this.conversation();
    const mine = message.senderId === this.myUserId();
    const unread = { channel: state.unread.channel, private: { ...state.unread.private } };
    if (!open && !mine) {
      if (peer === CHANNEL) unread.channel += 1;
      else unread.private[peer] = (unread.private[peer] ?? 0) + 1;
    }
    this.state.set({ ...state, messages: [...state.messages, message], unread });
    if (open && !mine) this.markRead(peer);
  }

  protected open(conversation: string): void {
    this.conversation.set(conversation);
    this.asNotice = false;
    this.markRead(conversation);
  }

  private markRead(conversation: string): void {
    const state = this.state();
    const count = conversation === CHANNEL ? state?.unread.channel : state?.unread.private[conversation];
    if (!state || !count) return;
    const unread = { channel: conversation === CHANNEL ? 0 : state.unread.channel, private: { ...state.unread.private } };
    delete unread.private[conversation];
    this.state.set({ ...state, unread });
    this.api.readChat(this.meetingId(), conversation || undefined).subscribe({ error: () => undefined });
  }

  protected send(): void {
    const body = this.draft.trim();
    if (!body || this.sending()) {
      if (!body) this.error.set(this.i18n.translate('meetings.chat.emptyMessage'));
      return;
    }
    const to = this.conversation();
    this.sending.set(true);
    this.error.set('');
    this.api.sendChat(this.meetingId(), { body, ...(to ? { to } : {}), ...(this.asNotice && !to ? { notice: true } : {}) }).subscribe({
      next: (message) => {
        this.sending.set(false);
        this.draft = '';
        this.asNotice = false;
        this.receive(message);
      },
      // The draft stays: nothing typed is lost.
      error: (error: unknown) => {
        this.sending.set(false);
        this.error.set(this.i18n.describeError(error));
      },
    });
  }

  protected toggleMute(userId: string): void {
    this.api.muteInChat(this.meetingId(), userId, !this.isMuted(userId)).subscribe({
      next: ({ mutedUserIds }) => this.state.update((state) => state && { ...state, mutedUserIds }),
      error: (error: unknown) => this.error.set(this.i18n.describeError(error)),
    });
  }

  protected exportCsv(): void {
    this.api.exportChat(this.meetingId()).subscribe({
      next: (blob) => saveBlob(blob, `tin-nhan-phien-hop-${this.i18n.governmentDate()}.csv`),
      error: (error: unknown) => this.error.set(this.i18n.describeError(error)),
    });
  }

  protected isMuted(userId: string): boolean {
    return (this.state()?.mutedUserIds ?? []).includes(userId);
  }

  protected isParticipant(userId: string): boolean {
    return this.participants().some((p) => p.userId === userId);
  }

  protected unreadSuffix(conversation: string): string {
    const unread = this.state()?.unread;
    const n = conversation === CHANNEL ? unread?.channel : unread?.private[conversation];
    return n ? ` · ${this.i18n.translate('meetings.chat.unreadCount', { n })}` : '';
  }

  protected time(iso: string): string {
    return this.i18n.dateTimeFormat({ hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
  }
}
