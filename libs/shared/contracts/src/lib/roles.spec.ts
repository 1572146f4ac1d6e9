import { isRole, ROLES } from './roles';

describe('isRole', () => {
  it('accepts exactly the seven product roles', () => {
    expect(ROLES).toEqual(['admin', 'secretary', 'chair', 'member', 'delegate', 'observer', 'officer']);
    for (const role of ROLES) expect(isRole(role)).toBe(true);
  });

  it('refuses anything else, including near misses and non-strings', () => {
    for (const value of ['Admin', 'members', '', ' admin', null, undefined, 1, {}, ['admin']]) expect(isRole(value)).toBe(false);
  });
});
