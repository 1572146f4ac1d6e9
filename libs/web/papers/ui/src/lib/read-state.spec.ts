import { readStateOf } from './read-state';

describe('readStateOf', () => {
  it('tells unread, read and changed since read apart', () => {
    expect(readStateOf({ myLastReadVersion: null, changedSinceRead: false })).toBe('unread');
    expect(readStateOf({ myLastReadVersion: 2, changedSinceRead: false })).toBe('read');
    expect(readStateOf({ myLastReadVersion: 1, changedSinceRead: true })).toBe('changed');
  });
});

