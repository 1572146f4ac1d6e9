import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { authInterceptor } from './auth.interceptor';
import { AuthStore } from './auth.store';
import { DEVICE_DATABASES, DeviceData, PUSH_OWNER_KEY } from './device-data';

/** A stand-in for the browser's IndexedDB factory: lists databases, records deletions. */
function fakeIndexedDb(present: string[]) {
  const deleted: string[] = [];
  const factory = {
    databases: async () => present.map((name) => ({ name, version: 1 })),
    deleteDatabase: (name: string) => {
      const request: { onsuccess: (() => void) | null; onerror: (() => void) | null } = { onsuccess: null, onerror: null };
      setTimeout(() => {
        deleted.push(name);
        request.onsuccess?.();
      });
      return request;
    },
  };
  return { factory, deleted };
}

describe('DeviceData (remote wipe)', () => {
  const original = Object.getOwnPropertyDescriptor(globalThis, 'indexedDB');
  const originalCaches = Object.getOwnPropertyDescriptor(globalThis, 'caches');
  afterEach(() => {
    if (original) Object.defineProperty(globalThis, 'indexedDB', original);
    else delete (globalThis as { indexedDB?: unknown }).indexedDB;
    if (originalCaches) Object.defineProperty(globalThis, 'caches', originalCaches);
    else delete (globalThis as { caches?: unknown }).caches;
  });

  it('deletes every database of the app and any other of the origin, drafts and data caches; keeps the language and the app shell', async () => {
    const idb = fakeIndexedDb(['ecabinet-device-keys', 'stored-papers-v1']);
    Object.defineProperty(globalThis, 'indexedDB', { value: idb.factory, configurable: true });
    const cacheNames = ['ngsw:/:1:assets:shell:cache', 'papers-offline'];
    Object.defineProperty(globalThis, 'caches', { value: { keys: async () => [...cacheNames], delete: async (name: string) => cacheNames.splice(cacheNames.indexOf(name), 1).length > 0 }, configurable: true });
    localStorage.setItem('ecabinet.lang', 'en');
    localStorage.setItem('ecabinet.reader.draft', 'ghi chú dở');
    sessionStorage.setItem('ecabinet.task-report.t-1', '{"text":"báo cáo"}');

    await new DeviceData().wipe();

    expect(idb.deleted.sort()).toEqual([...new Set([...DEVICE_DATABASES, 'stored-papers-v1'])].sort());
    expect(cacheNames).toEqual(['ngsw:/:1:assets:shell:cache']);
    expect(localStorage.getItem('ecabinet.lang')).toBe('en');
    expect(localStorage.getItem('ecabinet.reader.draft')).toBeNull();
    expect(sessionStorage.length).toBe(0);
  });

  it('a refresh answered DEVICE_WIPED wipes the device before the session is given up, and the login page is told', async () => {
    TestBed.configureTestingModule({ providers: [provideRouter([]), provideHttpClient(withInterceptors([authInterceptor])), provideHttpClientTesting()] });
    jest.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    const wipe = jest.spyOn(TestBed.inject(DeviceData), 'wipe').mockResolvedValue(undefined);
    const store = TestBed.inject(AuthStore);
    const restored = store.restoreSession();
    TestBed.inject(HttpTestingController).expectOne('/api/auth/refresh').flush({ code: 'DEVICE_WIPED', message: 'wipe' }, { status: 401, statusText: 'Unauthorized' });
    expect(await restored).toBe(false);
    expect(wipe).toHaveBeenCalledTimes(1);
    expect(store.wiped()).toBe(true);
  });

  it('an ordinary refused refresh wipes nothing', async () => {
    TestBed.configureTestingModule({ providers: [provideRouter([]), provideHttpClient(withInterceptors([authInterceptor])), provideHttpClientTesting()] });
    const wipe = jest.spyOn(TestBed.inject(DeviceData), 'wipe').mockResolvedValue(undefined);
    const store = TestBed.inject(AuthStore);
    const restored = store.restoreSession();
    TestBed.inject(HttpTestingController).expectOne('/api/auth/refresh').flush({ code: 'REFRESH_INVALID', message: 'ended' }, { status: 401, statusText: 'Unauthorized' });
    expect(await restored).toBe(false);
    expect(wipe).not.toHaveBeenCalled();
    expect(store.wiped()).toBe(false);
  });
});

describe('DeviceData and push', () => {
  const original = Object.getOwnPropertyDescriptor(globalThis.navigator, 'serviceWorker');
  afterEach(() => {
    if (original) Object.defineProperty(globalThis.navigator, 'serviceWorker', original);
    else delete (globalThis.navigator as { serviceWorker?: unknown }).serviceWorker;
  });

  it('a wipe unsubscribes the browser from push and forgets who turned it on', async () => {
    let unsubscribed = false;
    const registration = { pushManager: { getSubscription: async () => ({ unsubscribe: async () => (unsubscribed = true) }) } };
    Object.defineProperty(globalThis.navigator, 'serviceWorker', { value: { getRegistration: async () => registration }, configurable: true });
    localStorage.setItem(PUSH_OWNER_KEY, 'u-1');
    await new DeviceData().wipe();
    expect(unsubscribed).toBe(true);
    expect(localStorage.getItem(PUSH_OWNER_KEY)).toBeNull();
  });
});
