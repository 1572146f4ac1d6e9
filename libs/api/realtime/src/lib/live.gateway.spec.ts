import { LiveGateway, userRoom } from './live.gateway';

describe('LiveGateway', () => {
  const gateway = new LiveGateway({} as never, {} as never, {} as never, {} as never);

  it('answers a well-formed ping with the time it was sent', () => {
    expect(gateway.ping({ sentAt: 42 })).toEqual({ sentAt: 42, serverTime: expect.any(String) });
  });

  it.each([undefined, null, 'x', 42, { sentAt: '42' }, { sentAt: Number.NaN }, { sentAt: Infinity }])('refuses %p with BAD_MESSAGE', (payload) => {
    expect(gateway.ping(payload)).toEqual({ error: { code: 'BAD_MESSAGE', message: expect.any(String) } });
  });

  it('names one room per user', () => {
    expect(userRoom('abc')).toBe('user:abc');
  });
});
