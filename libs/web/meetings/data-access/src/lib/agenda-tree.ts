import type { AgendaItemResponse } from '@ecabinet/shared/contracts';

/** A top-level agenda item with its sub-items (the agenda nests one level). */
export interface AgendaNode {
  readonly item: AgendaItemResponse;
  readonly children: readonly AgendaItemResponse[];
}

/** Groups the server's tree-ordered list into top-level items and their sub-items. */
export function buildAgendaTree(items: readonly AgendaItemResponse[]): AgendaNode[] {
  const children = new Map<string, AgendaItemResponse[]>();
  for (const item of items) {
    if (item.parentId) {
      children.set(item.parentId, [...(children.get(item.parentId) ?? []), item]);
    }
  }
  const bySiblingOrder = (a: AgendaItemResponse, b: AgendaItemResponse) => a.position - b.position;
  return items
    .filter((item) => !item.parentId)
    .sort(bySiblingOrder)
    .map((item) => ({ item, children: (children.get(item.id) ?? []).sort(bySiblingOrder) }));
}

/** Back to the server's flat list: parents in order, each followed by its sub-items, renumbered. */
export function flattenAgendaTree(nodes: readonly AgendaNode[]): AgendaItemResponse[] {
  return nodes.flatMap((node, index) => {
    const number = String(index + 1);
    return [
      { ...node.item, parentId: null, position: index, number },
      ...node.children.map((child, childIndex) => ({
        ...child,
        parentId: node.item.id,
        position: childIndex,
        number: `${number}.${childIndex + 1}`,
      })),
    ];
  });
}

/**
 * The agenda as it will be once the server has moved `itemId` under `parentId` (null: top level)
 * at `index` among its new siblings. Used to show a drop at once; the live event that follows
 * replaces it with the server's own numbering.
 */
export function moveAgendaItem(
  items: readonly AgendaItemResponse[],
  itemId: string,
  parentId: string | null,
  index: number,
): AgendaItemResponse[] {
  const moving = items.find((item) => item.id === itemId);
  if (!moving) {
    return [...items];
  }
  const tree = buildAgendaTree(items);
  const movingNode = tree.find((node) => node.item.id === itemId);
  // Take the item out of where it is.
  let nodes: AgendaNode[] = tree
    .filter((node) => node.item.id !== itemId)
    .map((node) => ({ item: node.item, children: node.children.filter((child) => child.id !== itemId) }));
  const clamp = (value: number, max: number) => Math.max(0, Math.min(value, max));
  if (parentId === null) {
    const node = { item: moving, children: movingNode?.children ?? [] };
    nodes = [...nodes.slice(0, clamp(index, nodes.length)), node, ...nodes.slice(clamp(index, nodes.length))];
  } else {
    nodes = nodes.map((node) => {
      if (node.item.id !== parentId) {
        return node;
      }
      const at = clamp(index, node.children.length);
      return { item: node.item, children: [...node.children.slice(0, at), moving, ...node.children.slice(at)] };
    });
  }
  return flattenAgendaTree(nodes);
}
