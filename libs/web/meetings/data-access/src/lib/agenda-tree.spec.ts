import { agendaItem } from '../testing';
import { buildAgendaTree, moveAgendaItem } from './agenda-tree';

const one = agendaItem({ id: 'one', number: '1', position: 0 });
const oneA = agendaItem({ id: 'one-a', parentId: 'one', number: '1.1', position: 0 });
const oneB = agendaItem({ id: 'one-b', parentId: 'one', number: '1.2', position: 1 });
const two = agendaItem({ id: 'two', number: '2', position: 1 });
const three = agendaItem({ id: 'three', number: '3', position: 2 });
const agenda = [one, oneA, oneB, two, three];

const numbered = (items: ReturnType<typeof moveAgendaItem>) => items.map((item) => `${item.number} ${item.id}`);

describe('agenda tree', () => {
  it('groups sub-items under their item', () => {
    expect(buildAgendaTree(agenda).map((node) => [node.item.id, node.children.map((child) => child.id)])).toEqual([
      ['one', ['one-a', 'one-b']],
      ['two', []],
      ['three', []],
    ]);
  });

  it('moves an item with its sub-items and renumbers', () => {
    expect(numbered(moveAgendaItem(agenda, 'one', null, 2))).toEqual(['1 two', '2 three', '3 one', '3.1 one-a', '3.2 one-b']);
  });

  it('nests an item as a sub-item and lifts one out to the top level', () => {
    expect(numbered(moveAgendaItem(agenda, 'three', 'one', 0))).toEqual(['1 one', '1.1 three', '1.2 one-a', '1.3 one-b', '2 two']);
    expect(numbered(moveAgendaItem(agenda, 'one-b', null, 1))).toEqual(['1 one', '1.1 one-a', '2 one-b', '3 two', '4 three']);
  });
});
