import type { UserEntity } from './entities/user.entity';
import { toUserResponse } from './user.mapper';

const user = (overrides: Partial<UserEntity> = {}): UserEntity => ({
  id: '7a1e0f5e-1111-4222-8333-944455556666',
  username: 'member1',
  fullName: 'Lê Quang Huy',
  title: 'Bộ trưởng Bộ Tài chính',
  email: null,
  passwordHash: '$argon2id$v=19$secret-hash',
  roles: ['member'],
  disabled: false,
  totpSecret: 'JBSWY3DPEHPK3PXP',
  totpEnabled: false,
  sessionEpoch: 3,
  createdAt: new Date('2026-11-01T08:00:00Z'),
  updatedAt: new Date('2026-11-02T08:00:00Z'),
  ...overrides,
});

describe('toUserResponse', () => {
  it('never lets secrets or internal counters leave the server', () => {
    const response = toUserResponse(user(), [], []);
    expect(Object.keys(response).sort()).toEqual(
      ['assists', 'createdAt', 'disabled', 'email', 'fullName', 'id', 'organisationId', 'roles', 'title', 'totpEnabled', 'totpRequired', 'username'].sort(),
    );
    expect(JSON.stringify(response)).not.toMatch(/argon2|JBSWY3DPEHPK3PXP/);
  });

  it('flags a pending second factor only when a role requires it and none is enrolled', () => {
    expect(toUserResponse(user(), ['member'], []).totpRequired).toBe(true);
    expect(toUserResponse(user({ totpEnabled: true }), ['member'], []).totpRequired).toBe(false);
    expect(toUserResponse(user(), ['secretary'], []).totpRequired).toBe(false);
  });

  it('lists the members a delegate assists in a stable order', () => {
    const delegate = user({ roles: ['delegate'] });
    expect(toUserResponse(delegate, [], ['b-member', 'a-member']).assists).toEqual(['a-member', 'b-member']);
  });
});
