import { TestBed } from '@angular/core/testing';
import { SwUpdate, type VersionEvent } from '@angular/service-worker';
import { Subject } from 'rxjs';
import { AppUpdates } from './app-updates';

describe('AppUpdates', () => {
  it('says a new version is ready once the service worker has it, not while it downloads', () => {
    const versionUpdates = new Subject<VersionEvent>();
    TestBed.configureTestingModule({ providers: [{ provide: SwUpdate, useValue: { isEnabled: true, versionUpdates, unrecoverable: new Subject() } }] });
    const updates = TestBed.inject(AppUpdates);
    versionUpdates.next({ type: 'VERSION_DETECTED', version: { hash: 'b' } });
    expect(updates.ready()).toBe(false);
    versionUpdates.next({ type: 'VERSION_READY', currentVersion: { hash: 'a' }, latestVersion: { hash: 'b' } });
    expect(updates.ready()).toBe(true);
  });

  it('stays quiet where there is no service worker', () => {
    TestBed.configureTestingModule({});
    expect(TestBed.inject(AppUpdates).ready()).toBe(false);
  });
});
