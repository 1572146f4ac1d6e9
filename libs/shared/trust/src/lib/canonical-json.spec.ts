import { canonicalJson } from './canonical-json';

describe('canonicalJson', () => {
  it('sorts keys at every depth, inside arrays too, and keeps array order', () => {
    const value = {
      type: 'ecabinet.ballot-answer',
      answers: [
        { questionId: 'q2', comment: '', choice: 'disagree' },
        { questionId: 'q1', choice: 'agree', comment: 'x', nested: [{ b: 1, a: [3, { d: 0, c: null }] }] },
      ],
      ballotId: 'b',
    };
    expect(canonicalJson(value)).toBe(
      '{"answers":[{"choice":"disagree","comment":"","questionId":"q2"},' +
        '{"choice":"agree","comment":"x","nested":[{"a":[3,{"c":null,"d":0}],"b":1}],"questionId":"q1"}],' +
        '"ballotId":"b","type":"ecabinet.ballot-answer"}',
    );
  });

  it('writes no white space, even for white space inside strings it keeps verbatim', () => {
    expect(canonicalJson({ b: [1, 2], a: 'x y\n' })).toBe('{"a":"x y\\n","b":[1,2]}');
  });

  it('keeps Vietnamese and other non-ASCII text as characters, not escapes', () => {
    const text = canonicalJson({ comment: 'Đề nghị làm rõ điều 5 — “phụ lục” 😀' });
    expect(text).toBe('{"comment":"Đề nghị làm rõ điều 5 — “phụ lục” 😀"}');
    // The same bytes the server hashes: UTF-8 of the characters.
    expect(new TextEncoder().encode(text).length).toBeGreaterThan(text.length);
  });

  it('orders keys by code unit, so upper case sorts before lower case and "é" after "z"', () => {
    expect(canonicalJson({ z: 1, é: 2, B: 3, a: 4 })).toBe('{"B":3,"a":4,"z":1,"é":2}');
  });

  it('drops undefined members and keeps null ones', () => {
    expect(canonicalJson({ a: undefined, b: null })).toBe('{"b":null}');
  });

  it('gives the same text whatever order the keys were written in', () => {
    expect(canonicalJson({ x: { q: 1, p: 2 }, w: 0 })).toBe(canonicalJson({ w: 0, x: { p: 2, q: 1 } }));
  });
});
