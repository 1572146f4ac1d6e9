import { DOCUMENT } from '@angular/common';
import { Injectable, inject } from '@angular/core';

const PREFIX = 'ecabinet.conclusion-draft';

/**
 * The chair's unsaved conclusion of an item, kept in the tab's session storage (per meeting and
 * item) until the server has recorded it: a reload, a closed dialog or a failed request never
 * loses the text. Session storage, not local: a draft of the minutes does not outlive the tab on
 * a shared device.
 */
@Injectable({ providedIn: 'root' })
export class ConclusionDraftStore {
  private readonly storage = (() => {
    try {
      return inject(DOCUMENT).defaultView?.sessionStorage ?? null;
    } catch {
      return null;
    }
  })();

  read(meetingId: string, itemId: string): string | null {
    try {
      return this.storage?.getItem(key(meetingId, itemId)) || null;
    } catch {
      return null;
    }
  }

  /** Keeps `text` (an empty text removes the draft). */
  write(meetingId: string, itemId: string, text: string): void {
    try {
      if (text.trim()) {
        this.storage?.setItem(key(meetingId, itemId), text);
      } else {
        this.storage?.removeItem(key(meetingId, itemId));
      }
    } catch {
      // Storage may be full or refused (private mode, policy): the dialog still holds the text.
    }
  }

  clear(meetingId: string, itemId: string): void {
    this.write(meetingId, itemId, '');
  }
}

function key(meetingId: string, itemId: string): string {
  return `${PREFIX}.${meetingId}.${itemId}`;
}
