import { fileNameOf } from './papers.api';

describe('fileNameOf', () => {
  it('prefers the UTF-8 name and falls back to the plain one', () => {
    expect(fileNameOf(`attachment; filename="To trinh.pdf"; filename*=UTF-8''T%E1%BB%9D%20tr%C3%ACnh.pdf`)).toBe('Tờ trình.pdf');
    expect(fileNameOf('inline; filename="book.pdf"')).toBe('book.pdf');
    expect(fileNameOf(`attachment; filename="x.pdf"; filename*=UTF-8''%E0%A4%A.pdf`)).toBe('x.pdf');
    expect(fileNameOf(null)).toBeNull();
  });
});
