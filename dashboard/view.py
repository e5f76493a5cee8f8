"""What is on screen, and the moves that change it: open, expand, collapse, hide, pin, render.

The view lives in the browser (a dcc.Store per user), so the server keeps no per-user state. It records
how the picture was built (start entities, expansions, pins, hidden entities) and what is shown now
(node and edge ids). Moves that add return only the new elements, which the callbacks append with
dash.Patch; moves that remove re-render the whole (small) view. Every read is a store call.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from dashboard.elements import MAX_NAME, short, to_elements
from dashboard.filters import to_json
from graph.records import Edge, EdgeSummary, Filters, Node
from graph.store import GraphStore

DEFAULT_EXPAND_LIMIT = 25  # new neighbours per expansion
MAX_EDGES = 800  # relations drawn at most: Cytoscape's canvas grows sluggish past one to three thousand elements


@dataclass
class View:
    start: list[str] = field(default_factory=list)  # entities the view was opened on
    expanded: dict[str, int] = field(default_factory=dict)  # entity -> expansions (1 + "more" pages)
    offsets: dict[str, int] = field(default_factory=dict)  # entity -> neighbour edges consumed so far
    totals: dict[str, int] = field(default_factory=dict)  # entity -> neighbour edges matching the filters
    reached: dict[str, list[str]] = field(default_factory=dict)  # entity -> neighbours its expansions reached
    folded: list[str] = field(default_factory=list)  # states expanded with their officials' relations
    pinned: list[str] = field(default_factory=list)  # brought in by a path or the console
    hidden: list[str] = field(default_factory=list)
    nodes: list[str] = field(default_factory=list)  # every entity wanted on screen, before filters
    shown_nodes: list[str] = field(default_factory=list)
    shown_edges: list[str] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)  # shown entity -> name
    dropped: int = 0  # relations between shown entities left undrawn by MAX_EDGES, now
    filters: dict[str, Any] | None = None  # the filters (as JSON) it was last rendered under

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> View:
        if not data:
            return cls()
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)

    def more(self, entity_id: str) -> int:
        """Neighbour edges of an expanded entity not fetched yet: the "+N more"."""
        return max(self.totals.get(entity_id, 0) - self.offsets.get(entity_id, 0), 0)

    def _keep(self) -> set[str]:
        return {*self.start, *self.pinned}


def _other_end(edge: EdgeSummary, entity_id: str) -> str:
    return edge["target"] if edge["source"] == entity_id else edge["source"]


def _add(items: list[str], new: list[str]) -> None:
    present = set(items)
    items += [x for x in dict.fromkeys(new) if x not in present]


def _within_budget(view: View, edges: list[EdgeSummary], anchor: str | None = None,
                   fresh: frozenset[str] = frozenset()) -> list[EdgeSummary]:
    """The best evidenced of these undrawn edges, as many as MAX_EDGES leaves room for; but each entity in
    `fresh` (just brought in, or all of them on a render) keeps its best edge (to the anchor when it has one),
    so nothing is shown unconnected.

    `edges` is every undrawn edge among the entities on screen, so what is left out is counted exactly,
    not summed again on every move.
    """
    ranked = sorted(edges, key=lambda e: (-e["independent_origins"], -e["confidence"], e["id"]))
    best: dict[str, EdgeSummary] = {}
    for edge in ranked:
        for end in (edge["source"], edge["target"]):
            if end in fresh and (end not in best or (anchor in (edge["source"], edge["target"])
                                                     and anchor not in (best[end]["source"], best[end]["target"]))):
                best[end] = edge
    must = {e["id"] for e in best.values()}
    room = max(MAX_EDGES - len(view.shown_edges) - len(must), 0)
    kept = [e for e in ranked if e["id"] in must] + [e for e in ranked if e["id"] not in must][:room]
    view.dropped = len(edges) - len(kept)
    return sorted(kept, key=lambda e: e["id"])


def _show(view: View, nodes: list[Node], edges: list[EdgeSummary]) -> list[dict[str, Any]]:
    """Record newly shown nodes and edges in the view; return their elements."""
    _add(view.shown_nodes, [n["id"] for n in nodes])
    _add(view.shown_edges, [e["id"] for e in edges])
    view.names.update({n["id"]: short(n["name"], MAX_NAME) for n in nodes})  # for menus and the status line
    return to_elements(nodes, edges, set(view.start), view.names)


def _linking(store: GraphStore, view: View, ids: list[str], filters: Filters) -> list[EdgeSummary]:
    """The edges among these entities, with the relations of folded states' officials drawn to the state."""
    if not ids:
        return []
    edges = store.edges_between(ids, filters)
    for state in view.folded:
        if state in ids:
            edges += store.folded_edges(state, ids, filters)
    return edges


def render(store: GraphStore, view: View, filters: Filters) -> list[dict[str, Any]]:
    """Every element of the view under the filters; updates what the view records as shown."""
    hidden = set(view.hidden)
    wanted = [n for n in view.nodes if n not in hidden]
    nodes = store.entities(wanted) if wanted else []
    if filters.kinds is not None:
        nodes = [n for n in nodes if n["kind"] in filters.kinds]
    edges = _linking(store, view, [n["id"] for n in nodes], filters)
    linked = {e["source"] for e in edges} | {e["target"] for e in edges}
    keep = view._keep()
    nodes = [n for n in nodes if n["id"] in linked or n["id"] in keep]
    view.shown_nodes, view.shown_edges, view.names, view.dropped = [], [], {}, 0
    view.filters = to_json(filters)
    return _show(view, nodes, _within_budget(view, edges, fresh=frozenset(n["id"] for n in nodes)))


def expand(store: GraphStore, view: View, entity_id: str, filters: Filters,
           limit: int = DEFAULT_EXPAND_LIMIT, with_officials: bool = False) -> list[dict[str, Any]]:
    """Fetch the entity's next neighbours (best evidence first) until `limit` new ones; return new elements.

    `with_officials` (a State) brings the relations of those holding office there too, drawn to the state.
    """
    if with_officials:
        _add(view.folded, [entity_id])
    fold = entity_id in view.folded
    shown, hidden = set(view.shown_nodes), set(view.hidden)
    offset = view.offsets.get(entity_id, 0)
    new: dict[str, Node] = {}
    reached: list[str] = []
    total = view.totals.get(entity_id, 0)
    full = False
    while not full:
        page = store.neighbours(entity_id, filters, limit=limit, offset=offset, fold_officials=fold)
        total = page.total
        records = {n["id"]: n for n in page.nodes}
        for edge in page.edges:
            other = _other_end(edge, entity_id)
            fresh = other not in shown and other not in hidden and other not in new and other != entity_id
            if fresh and len(new) == limit:
                full = True
                break
            if fresh:
                new[other] = records[other]
            if other not in hidden:
                reached.append(other)
            offset += 1
        if not page.edges or offset >= total:
            break
    view.offsets[entity_id] = offset
    view.totals[entity_id] = total
    view.expanded[entity_id] = view.expanded.get(entity_id, 0) + 1
    _add(view.reached.setdefault(entity_id, []), reached)
    _add(view.nodes, [entity_id, *new])
    me = [] if entity_id in shown else store.entities([entity_id])
    ids = [*view.shown_nodes, *(n["id"] for n in me), *new]
    known = set(view.shown_edges)
    edges = [e for e in _linking(store, view, ids, filters) if e["id"] not in known]
    fresh = frozenset([*(n["id"] for n in me), *new])
    return _show(view, [*me, *new.values()], _within_budget(view, edges, anchor=entity_id, fresh=fresh))


def pin(store: GraphStore, view: View, entity_ids: list[str], filters: Filters,
        extra_edges: list[Edge] | None = None) -> list[dict[str, Any]]:
    """Bring entities into view (from a path or the console) with the edges that join them to it."""
    shown = set(view.shown_nodes)
    fresh = [i for i in dict.fromkeys(entity_ids) if i not in shown]
    view.hidden = [h for h in view.hidden if h not in entity_ids]
    _add(view.pinned, list(dict.fromkeys(entity_ids)))
    _add(view.nodes, list(dict.fromkeys(entity_ids)))
    nodes = store.entities(fresh) if fresh else []
    ids = [*view.shown_nodes, *(n["id"] for n in nodes)]
    known = set(view.shown_edges)
    edges = {e["id"]: e for e in _linking(store, view, ids, filters) if e["id"] not in known}
    kept = {e["id"]: e for e in _within_budget(view, list(edges.values()), fresh=frozenset(fresh))}
    for e in extra_edges or []:  # a path's own edges are shown even when filters would not fetch them
        if e["id"] not in known:
            kept[e["id"]] = e
    return _show(view, nodes, sorted(kept.values(), key=lambda e: e["id"]))


def open_entities(store: GraphStore, entity_ids: list[str], filters: Filters,
                  limit: int = DEFAULT_EXPAND_LIMIT) -> tuple[View, list[dict[str, Any]]]:
    """A fresh view on these entities and their best-evidenced neighbours."""
    view = View(start=list(entity_ids), nodes=list(entity_ids))
    render(store, view, filters)
    for entity_id in entity_ids:
        expand(store, view, entity_id, filters, limit)
    return view, render(store, view, filters)


def add_start(store: GraphStore, view: View, entity_id: str, filters: Filters,
              limit: int = DEFAULT_EXPAND_LIMIT) -> list[dict[str, Any]]:
    """Add an entity and its neighbourhood to the current view."""
    _add(view.start, [entity_id])
    view.hidden = [h for h in view.hidden if h != entity_id]
    if entity_id in view.shown_nodes:
        return []
    return expand(store, view, entity_id, filters, limit)


def collapse(view: View, entity_id: str) -> None:
    """Undo an entity's expansions: drop the neighbours nothing else on screen brought in, recursively."""
    keep = view._keep()
    removed: set[str] = set()
    queue = [entity_id]
    while queue:
        current = queue.pop()
        reached = view.reached.pop(current, [])
        for key in (view.expanded, view.offsets, view.totals):
            key.pop(current, None)
        view.folded = [f for f in view.folded if f != current]
        for other in reached:
            if other in keep or other == entity_id or other in removed:
                continue
            if any(other in r for r in view.reached.values()):
                continue
            removed.add(other)
            if other in view.reached:
                queue.append(other)
    view.nodes = [n for n in view.nodes if n not in removed]


def hide(view: View, entity_ids: list[str]) -> None:
    _add(view.hidden, entity_ids)


def unhide(view: View) -> None:
    view.hidden = []


def replay(store: GraphStore, spec: dict[str, Any], filters: Filters,
           limit: int = DEFAULT_EXPAND_LIMIT) -> tuple[View, list[dict[str, Any]]]:
    """Rebuild a shared view from its recipe: start, expansions (in order), pins, hidden."""
    view = View(start=list(spec.get("start", [])), nodes=list(spec.get("start", [])))
    render(store, view, filters)
    folded = set(spec.get("folded", []))
    for entity_id, times in spec.get("expanded", {}).items():
        for _ in range(max(int(times), 1)):
            expand(store, view, entity_id, filters, limit, with_officials=entity_id in folded)
    if spec.get("pinned"):
        pin(store, view, list(spec["pinned"]), filters)
    hide(view, list(spec.get("hidden", [])))
    return view, render(store, view, filters)


def default_start(store: GraphStore) -> list[str]:
    """The entity with the most asserted relations: the densest place to start reading."""
    return [n["id"] for n in store.best_connected(1)]


def summary(view: View) -> str:
    n, e = len(view.shown_nodes), len(view.shown_edges)
    text = f"{n} entit{'y' if n == 1 else 'ies'} · {e} relation{'' if e == 1 else 's'}"
    if view.hidden:
        text += f" · {len(view.hidden)} hidden"
    if view.dropped:
        text += (f" · {view.dropped} weaker relations not drawn (past {MAX_EDGES}, only each new entity's "
                 "best link is)")
    return text



def add_path(store: GraphStore, view: View, from_id: str, to_id: str,
             filters: Filters) -> tuple[list[dict[str, Any]], dict[str, list[str]] | None]:
    """One shortest path (ignoring direction) through relations that pass the filters, brought into view;
    and its ids, for highlighting."""
    path = store.shortest_path(from_id, to_id, filters)
    if not path.edges:
        return [], None
    ids = [n["id"] for n in path.nodes]
    elements = pin(store, view, ids, filters, extra_edges=path.edges)
    return elements, {"nodes": ids, "edges": [e["id"] for e in path.edges]}


def empty_hint(view: View) -> str:
    """What to do when nothing is on screen."""
    if view.shown_nodes:
        return ""
    if view.nodes:
        return "The filters hide everything in this view: relax them, or press Reset filters."
    return "Search for an entity above to start: a name or an alias, in any language."


def status_line(view: View, focus: dict[str, Any] | None) -> str:
    text = summary(view)
    if focus and focus.get("group") == "node" and focus.get("id") in view.names:
        entity = focus["id"]
        text += f" · selected: {view.names[entity]}"
        if entity in view.totals:
            more = view.more(entity)
            text += f" ({view.offsets[entity]} of {view.totals[entity]} relations fetched"
            text += f", +{more} more: press More)" if more else ", all shown)"
        else:
            text += " (double-click or press Expand to see its neighbours)"
    return text
