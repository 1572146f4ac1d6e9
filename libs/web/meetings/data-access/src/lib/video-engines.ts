import { DOCUMENT } from '@angular/common';
import { Injectable, inject } from '@angular/core';
import type { VideoTokenResponse } from '@ecabinet/shared/contracts';

/** A call in progress, whatever the engine: it says when it connected and when it ended, and can be left. */
export interface VideoCall {
  leave(): void;
}

export interface VideoCallEvents {
  joined(): void;
  /** Left, hung up or dropped by the engine. */
  ended(): void;
}

/** The subset of Jitsi's IFrame API (external_api.js) used here. */
interface JitsiMeetExternalApi {
  addListener(event: string, listener: () => void): void;
  dispose(): void;
}
type JitsiMeetExternalApiClass = new (domain: string, options: Record<string, unknown>) => JitsiMeetExternalApi;

/**
 * Opens the meeting's call in `parent` on the engine the server names: Jitsi Meet through its
 * IFrame API (the deployment's own `external_api.js`), LiveKit through its web client (loaded on
 * demand, so the app's first load does not carry it). An injectable so tests replace it.
 */
@Injectable({ providedIn: 'root' })
export class VideoEngines {
  private readonly document = inject(DOCUMENT);
  private jitsiScript: Promise<JitsiMeetExternalApiClass> | null = null;

  async open(pass: VideoTokenResponse, parent: HTMLElement, events: VideoCallEvents): Promise<VideoCall> {
    return pass.provider === 'jitsi' ? this.openJitsi(pass, parent, events) : this.openLiveKit(pass, parent, events);
  }

  private async openJitsi(pass: VideoTokenResponse, parent: HTMLElement, events: VideoCallEvents): Promise<VideoCall> {
    const JitsiMeetExternalAPI = await this.loadJitsi(pass.url);
    const api = new JitsiMeetExternalAPI(new URL(pass.url).host, {
      roomName: pass.room,
      jwt: pass.token,
      parentNode: parent,
      width: '100%',
      height: '100%',
      userInfo: { displayName: pass.displayName },
      configOverwrite: { prejoinPageEnabled: false, disableDeepLinking: true },
      lang: this.document.documentElement.lang || 'vi',
    });
    api.addListener('videoConferenceJoined', () => events.joined());
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      api.dispose();
      events.ended();
    };
    api.addListener('readyToClose', end);
    api.addListener('videoConferenceLeft', end);
    return { leave: end };
  }

  private loadJitsi(url: string): Promise<JitsiMeetExternalApiClass> {
    const loaded = (globalThis as { JitsiMeetExternalAPI?: JitsiMeetExternalApiClass }).JitsiMeetExternalAPI;
    if (loaded) return Promise.resolve(loaded);
    this.jitsiScript ??= new Promise<JitsiMeetExternalApiClass>((resolve, reject) => {
      const script = this.document.createElement('script');
      script.src = `${url}/external_api.js`;
      script.async = true;
      script.onload = () => {
        const api = (globalThis as { JitsiMeetExternalAPI?: JitsiMeetExternalApiClass }).JitsiMeetExternalAPI;
        if (api) resolve(api);
        else reject(new Error('external_api.js did not define JitsiMeetExternalAPI'));
      };
      script.onerror = () => reject(new Error(`${url}/external_api.js could not be loaded`));
      this.document.head.appendChild(script);
    }).catch((error: unknown) => {
      // A later attempt loads it again (the network may be back).
      this.jitsiScript = null;
      throw error;
    });
    return this.jitsiScript;
  }

  private async openLiveKit(pass: VideoTokenResponse, parent: HTMLElement, events: VideoCallEvents): Promise<VideoCall> {
    const { Room, RoomEvent, Track } = await import('livekit-client');
    const room = new Room({ adaptiveStream: true, dynacast: true });
    const grid = this.document.createElement('div');
    grid.className = 'ec-call__grid';
    parent.appendChild(grid);
    room.on(RoomEvent.TrackSubscribed, (track, _publication, participant) => {
      if (track.kind !== Track.Kind.Video && track.kind !== Track.Kind.Audio) return;
      const element = track.attach();
      element.dataset['participant'] = participant.identity;
      element.title = participant.name ?? '';
      grid.appendChild(element);
    });
    room.on(RoomEvent.TrackUnsubscribed, (track) => track.detach().forEach((element) => element.remove()));
    let ended = false;
    room.on(RoomEvent.Disconnected, () => {
      if (ended) return;
      ended = true;
      grid.remove();
      events.ended();
    });
    await room.connect(pass.url, pass.token);
    events.joined();
    await room.localParticipant.enableCameraAndMicrophone().catch(() => undefined);
    return { leave: () => void room.disconnect() };
  }
}
