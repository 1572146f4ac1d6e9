import { primaryRole, visibleNav } from './nav-items';

describe('navigation', () => {
  it('hides a section whose items the user may not see', () => {
    expect(visibleNav(['observer']).map((section) => section.label)).toEqual(['nav.work']);
    expect(visibleNav(['member', 'admin']).map((section) => section.label)).toEqual(['nav.work', 'nav.admin']);
  });

  it('names the most significant role first', () => {
    expect(primaryRole(['member', 'admin'])).toBe('admin');
    expect(primaryRole(['delegate', 'chair'])).toBe('chair');
    expect(primaryRole([])).toBeNull();
  });
});
