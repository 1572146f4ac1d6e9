import { hasMarks, normaliseForSearch, searchPages } from './text-search';

describe('searchPages', () => {
  const pages = ['Tờ trình về dự thảo Nghị định', 'Không có gì ở đây', 'QUYẾT ĐỊNH số 12. Quyết định này có hiệu lực; quyết định cũ bãi bỏ.'];

  it('finds a query typed without diacritics in Vietnamese text, counting every match per page', () => {
    expect(searchPages(pages, 'quyet dinh')).toEqual([expect.objectContaining({ page: 3, count: 3 })]);
  });

  it('respects diacritics the user typed on purpose', () => {
    expect(searchPages(['Quyết định', 'Quyết đính'], 'quyết định').map((match) => match.page)).toEqual([1]);
  });

  it('is case-insensitive and matches decomposed (NFD) text from a PDF', () => {
    expect(searchPages(['Nghi\u0323 đi\u0323nh'.normalize('NFD')], 'NGHỊ ĐỊNH')).toHaveLength(1);
  });

  it('returns nothing for a blank query and an excerpt around the first match', () => {
    expect(searchPages(pages, '   ')).toEqual([]);
    expect(searchPages(pages, 'dự thảo')[0].excerpt).toBe('Tờ trình về dự thảo Nghị định');
  });

  it('folds đ to d only when folding marks', () => {
    expect(normaliseForSearch('Đà Nẵng', true)).toBe('da nang');
    expect(normaliseForSearch('Đà Nẵng', false)).toBe('đà nẵng');
    expect(hasMarks('da nang')).toBe(false);
    expect(hasMarks('đà')).toBe(true);
  });
});
