import { foldForSearch, searchTerms } from '@ecabinet/shared/contracts';
import { matchText } from './text-match';

describe('matchText', () => {
  const text = 'Báo cáo tình hình GIẢI NGÂN vốn đầu tư công tại Đà Nẵng; giải ngân chậm ở một số dự án.';

  it('folds marks, case and đ, keeping positions in the text', () => {
    expect(foldForSearch('Giải Ngân Đà Nẵng')).toBe('giai ngan da nang');
    expect(foldForSearch('ﬁ Đ')).toHaveLength('ﬁ Đ'.length);
    expect(searchTerms('  "giải"  OR ngân*! ')).toEqual(['giai', 'or', 'ngan']);
  });

  it('needs every word, whole except the last, which may start a word', () => {
    expect(matchText(text, ['giai', 'ngan'])).not.toBeNull();
    expect(matchText(text, ['giai', 'ng'])).not.toBeNull();
    expect(matchText(text, ['gia', 'ngan'])).toBeNull();
    expect(matchText(text, ['giai', 'ha', 'noi'])).toBeNull();
    expect(matchText(text, [])).toBeNull();
  });

  it('marks each word found in the excerpt, in the original text', () => {
    const match = matchText(text, ['giai', 'ngan']);
    const marked = match?.marks.map(([from, to]) => match.excerpt.slice(from, to));
    expect(marked).toEqual(['GIẢI', 'NGÂN', 'giải', 'ngân']);
  });

  it('ranks the words side by side and more often above a passing mention', () => {
    const together = matchText('giải ngân', ['giai', 'ngan'])?.score ?? 0;
    const apart = matchText('giải quyết vốn ngân sách', ['giai', 'ngan'])?.score ?? 0;
    expect(together).toBeGreaterThan(apart);
    expect(matchText(text, ['giai', 'ngan'])?.score).toBeGreaterThan(together);
  });

  it('cuts a long text around the first match, at word ends', () => {
    const long = `${'mở đầu '.repeat(40)}kết luận về giải ngân ${'phần sau '.repeat(40)}`;
    const match = matchText(long, ['giai', 'ngan']);
    expect(match?.excerpt.startsWith('…')).toBe(true);
    expect(match?.excerpt.endsWith('…')).toBe(true);
    expect(match?.excerpt).toContain('kết luận về giải ngân');
    expect(match?.excerpt.length).toBeLessThan(230);
  });
});
