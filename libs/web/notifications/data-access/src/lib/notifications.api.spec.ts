import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { NotificationsApi } from './notifications.api';

describe('NotificationsApi', () => {
  beforeEach(() => TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] }));
  afterEach(() => TestBed.inject(HttpTestingController).verify());

  it('asks for a page of the caller’s notifications with only the filters given', () => {
    const api = TestBed.inject(NotificationsApi);
    api.list({ offset: 20, limit: 10, unread: true }).subscribe();
    const request = TestBed.inject(HttpTestingController).expectOne((r) => r.url === '/api/notifications');
    expect(request.request.params.toString()).toBe('offset=20&limit=10&unread=true');
    request.flush({ items: [], total: 0, unread: 0 });

    api.list().subscribe();
    const bare = TestBed.inject(HttpTestingController).expectOne((r) => r.url === '/api/notifications');
    expect(bare.request.params.keys()).toEqual([]);
    bare.flush({ items: [], total: 0, unread: 0 });
  });

  it('escapes a notification id in the path it marks read', () => {
    TestBed.inject(NotificationsApi).markRead('a/b?c').subscribe();
    const request = TestBed.inject(HttpTestingController).expectOne('/api/notifications/a%2Fb%3Fc/read');
    expect(request.request.method).toBe('POST');
    request.flush({});
  });
});
