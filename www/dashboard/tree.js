// The organisation's groups as a tree, indexed once per organisation body:
// tree order with depths, names and paths by id, and a name search. A
// dashboard of 5,000 groups asks these for every row and keystroke, so none
// of them walks the whole list.

/**
 * @typedef {{id: string, parent: string | null, name: string}} Group
 * @typedef {{group: Group, depth: number}} Placed
 */

/** @param {Group[]} groups the organisation body's groups */
export function groupTree(groups) {
  /** @type {Map<string, Group>} */
  const byId = new Map(groups.map((g) => [g.id, g]));
  /** @type {Map<string | null, Group[]>} */
  const children = new Map();
  for (const g of groups) {
    // A parent outside the viewer's scope makes the group a root.
    const parent = g.parent && byId.has(g.parent) ? g.parent : null;
    const list = children.get(parent);
    if (list) list.push(g);
    else children.set(parent, [g]);
  }
  // Depth first, siblings in the body's order; a stack, not recursion, so a
  // deep chain of groups cannot overflow it.
  /** @type {Placed[]} */
  const order = [];
  /** @type {[Group, number][]} */
  const stack = [...(children.get(null) ?? [])].reverse().map((g) => [g, 0]);
  while (stack.length) {
    const [group, depth] = /** @type {[Group, number]} */ (stack.pop());
    order.push({ group, depth });
    const kids = children.get(group.id) ?? [];
    for (let i = kids.length - 1; i >= 0; i -= 1) stack.push([kids[i], depth + 1]);
  }
  const folded = order.map(({ group }) => group.name.toLocaleLowerCase());

  return {
    order,
    /** @param {string} id */
    name: (id) => byId.get(id)?.name ?? id,
    /** The names from the root down to the group's parent. @param {string} id */
    ancestry(id) {
      const names = [];
      let g = byId.get(id);
      for (let guard = 0; g?.parent && byId.has(g.parent) && guard < groups.length; guard += 1) {
        g = /** @type {Group} */ (byId.get(g.parent));
        names.unshift(g.name);
      }
      return names;
    },
    /**
     * Groups whose name holds `text` (any case), in tree order, at most
     * `limit`, and how many match in all.
     * @param {string} text @param {number} limit
     */
    search(text, limit) {
      const needle = text.trim().toLocaleLowerCase();
      /** @type {Group[]} */
      const found = [];
      let total = 0;
      if (!needle) return { found, total };
      for (let i = 0; i < folded.length; i += 1) {
        if (!folded[i].includes(needle)) continue;
        total += 1;
        if (found.length < limit) found.push(order[i].group);
      }
      return { found, total };
    },
  };
}

/** @typedef {ReturnType<typeof groupTree>} GroupTree */
