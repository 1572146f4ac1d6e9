import { toNotificationResponse } from './notification.mapper';
import { NotificationEntity } from './notification.entity';

function entity(overrides: Partial<NotificationEntity> = {}): NotificationEntity {
  return Object.assign(new NotificationEntity(), {
    id: 'n-1',
    userId: 'u-owner',
    kind: 'meeting-published',
    title: 'Phiên họp Chính phủ thường kỳ tháng 1 năm 2027',
    link: '/meetings/m-1',
    params: { startsAt: '2027-01-14T01:00:00.000Z' },
    dedupeKey: 'meeting-published:m-1',
    createdAt: new Date('2026-12-04T10:00:00.000Z'),
    readAt: null,
    ...overrides,
  });
}

describe('toNotificationResponse', () => {
  it('sends only the whitelisted fields: never the owner or the dedupe key', () => {
    const response = toNotificationResponse(entity());
    expect(Object.keys(response).sort()).toEqual(['createdAt', 'id', 'kind', 'link', 'params', 'readAt', 'title']);
    expect(JSON.stringify(response)).not.toContain('u-owner');
    expect(JSON.stringify(response)).not.toContain('meeting-published:m-1');
  });

  it('writes times as ISO strings and an absent params object as empty', () => {
    const read = toNotificationResponse(entity({ readAt: new Date('2026-12-04T11:00:00.000Z'), params: null as never }));
    expect(read.createdAt).toBe('2026-12-04T10:00:00.000Z');
    expect(read.readAt).toBe('2026-12-04T11:00:00.000Z');
    expect(read.params).toEqual({});
  });
});
