import { DOCUMENT } from '@angular/common';
import { Injectable, inject } from '@angular/core';

/**
 * Unsaved text kept in the tab's session storage until the server has it: a reload, a closed
 * dialog or a failed request never loses it. Session storage, not local: a draft of the minutes
 * does not outlive the tab on a shared device.
 */
abstract class SessionTextStore {
  protected abstract readonly prefix: string;
  private readonly storage = (() => {
    try {
      return inject(DOCUMENT).defaultView?.sessionStorage ?? null;
    } catch {
      return null;
    }
  })();

  protected readText(...keys: string[]): string | null {
    try {
      return this.storage?.getItem([this.prefix, ...keys].join('.')) || null;
    } catch {
      return null;
    }
  }

  /** Keeps `text` (an empty text removes it). */
  protected writeText(text: string, ...keys: string[]): void {
    const key = [this.prefix, ...keys].join('.');
    try {
      if (text.trim()) {
        this.storage?.setItem(key, text);
      } else {
        this.storage?.removeItem(key);
      }
    } catch {
      // Storage may be full or refused (private mode, policy): the page still holds the text.
    }
  }
}

/** The chair's unsaved conclusion of an item, per meeting and item. */
@Injectable({ providedIn: 'root' })
export class ConclusionDraftStore extends SessionTextStore {
  protected readonly prefix = 'ecabinet.conclusion-draft';

  read(meetingId: string, itemId: string): string | null {
    return this.readText(meetingId, itemId);
  }

  write(meetingId: string, itemId: string, text: string): void {
    this.writeText(text, meetingId, itemId);
  }

  clear(meetingId: string, itemId: string): void {
    this.write(meetingId, itemId, '');
  }
}

/** The secretariat's unsaved prose of a meeting's minutes, with the version it was written on. */
@Injectable({ providedIn: 'root' })
export class MinutesDraftStore extends SessionTextStore {
  protected readonly prefix = 'ecabinet.minutes-draft';

  read<T>(meetingId: string): { version: number; prose: T } | null {
    const text = this.readText(meetingId);
    if (!text) return null;
    try {
      return JSON.parse(text) as { version: number; prose: T };
    } catch {
      return null;
    }
  }

  write<T>(meetingId: string, version: number, prose: T): void {
    this.writeText(JSON.stringify({ version, prose }), meetingId);
  }

  clear(meetingId: string): void {
    this.writeText('', meetingId);
  }
}
