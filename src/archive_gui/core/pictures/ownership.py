"""The ownership graph: companies, and who holds (or sought) what, as of a date.

Each deal is a link from its acquirer to its target, with the stake it leaves and its date;
each seller's stake a link from the seller to the target that holds until the deal's date;
each company's parent a link from the parent. ``as_of`` keeps what held at a date: a deal
from its date on, a seller's stake until then. Rumoured and failed deals stay links of their
own kind, for the view to draw apart.

``layout`` places the companies with networkx, one connected group at a time, packed in
rows; given the places of a layout before, it keeps them and places only the newcomers, so an
edit moves only what it changed.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from archive_gui.core.facts.records import Company, Deal, FactStore
from archive_gui.core.pictures.timeline import TimeSpan, span_of
from archive_gui.core.titles import format_number, record_title

LinkKind = Literal["deal", "seller", "parent"]
Point = tuple[float, float]
# Deals whose link is drawn as uncertain.
UNSURE_STATUSES = frozenset({"rumoured", "negotiating", "failed"})


@dataclass(frozen=True)
class Link:
    """One tie between two companies, and the record it comes from."""

    record_id: str  # the deal's, or the company's for its parent
    source: str  # the holder (acquirer, seller, parent)
    target: str  # what is held
    kind: LinkKind
    stake: float | None = None
    date: TimeSpan | None = None
    status: str = ""
    label: str = ""

    @property
    def unsure(self) -> bool:
        return self.kind == "deal" and self.status in UNSURE_STATUSES


def ownership_links(store: FactStore) -> list[Link]:
    """Every link the facts give: parents, then deals in the store's order; a parent that a
    deal already ties to its subsidiary is that deal (with its date), not a second link."""
    links: list[Link] = []
    deals = [r for r in store.of_kind("deal") if isinstance(r, Deal)]
    bought = {(d.acquirer, d.target) for d in deals}
    for record in store.of_kind("company"):
        assert isinstance(record, Company)
        parent = record.parent
        if parent and parent in store and (parent, record.id) not in bought:
            links.append(Link(record.id, parent, record.id, "parent", label="parent"))
    for record in deals:
        if not record.acquirer or not record.target:
            continue
        date = span_of(record.closed or record.announced)
        when = f", {date.text}" if date else ""
        stake = _percent(record.stake_after)
        links.append(
            Link(record.id, record.acquirer, record.target, "deal", record.stake_after, date,
                 record.status, f"{stake}{record.kind}{when}")
        )  # fmt: skip
        for seller in record.sellers:
            links.append(
                Link(record.id, seller.company, record.target, "seller", seller.stake, date,
                     record.status, f"{_percent(seller.stake)}sold")
            )  # fmt: skip
    return links


def _percent(value: float | None) -> str:
    return f"{format_number(value)} % " if value is not None else ""


def as_of(links: Iterable[Link], day: dt.date | None) -> list[Link]:
    """The links that held on ``day`` (all of them for None): a deal from its date's start,
    a seller's stake before it; an undated link always."""
    if day is None:
        return list(links)
    kept = []
    for link in links:
        if link.date is None or link.kind == "parent":
            kept.append(link)
        elif link.kind == "seller":
            if day < link.date.start:
                kept.append(link)
        elif link.date.start <= day:
            kept.append(link)
    return kept


def companies_of(store: FactStore, links: Iterable[Link]) -> dict[str, str]:
    """Company id → the name the picture shows, for every company a link names."""
    return companies_named(store, {end for link in links for end in (link.source, link.target)})


def companies_named(store: FactStore, ids: Collection[str | None]) -> dict[str, str]:
    """Company id → its name, for the companies among ``ids``, in the store's order."""
    return {
        record.id: record_title(record, store)
        for record in store.of_kind("company")
        if record.id in ids
    }


def layout(
    nodes: Sequence[str],
    links: Iterable[Link],
    before: Mapping[str, Point] | None = None,
    aspect: float = 4.0,
) -> dict[str, Point]:
    """A place for each node, in units about a node apart: each group of linked companies in
    layers, holders above what they hold (force-directed when holdings go round in a circle),
    the groups packed in rows about ``aspect`` times wider than tall (the
    pictures' dock is wide), biggest first. Nodes
    placed ``before`` keep their place; a newcomer to a placed group finds room among its
    neighbours, a new group goes below."""
    import networkx as nx

    before = before or {}
    links = list(links)
    graph: nx.DiGraph[str] = nx.DiGraph()
    graph.add_nodes_from(nodes)
    graph.add_edges_from((link.source, link.target) for link in links)
    # The layers come from holdings (deals, parents); a seller's past stake does not make it
    # a holder of the company above the buyer.
    holdings: nx.DiGraph[str] = nx.DiGraph()
    holdings.add_nodes_from(nodes)
    holdings.add_edges_from((k.source, k.target) for k in links if k.kind != "seller")
    places = {n: before[n] for n in nodes if n in before}
    groups = [sorted(g) for g in nx.weakly_connected_components(graph)]
    fresh: list[dict[str, Point]] = []
    for group in groups:
        known = [n for n in group if n in places]
        if len(known) == len(group):
            continue
        if known:  # a group that grew: its known nodes stay, the new ones find room
            sub = graph.subgraph(group).to_undirected()
            start = {n: places[n] for n in known}
            placed = nx.spring_layout(sub, pos=start, fixed=known, seed=1, k=1.5)
            places.update({n: (float(p[0]), float(p[1])) for n, p in placed.items()})
            continue
        held = holdings.subgraph(group)
        if nx.is_directed_acyclic_graph(held):
            fresh.append(_layered(held))
        else:
            fresh.append(_spring(graph.subgraph(group)))
    fresh.sort(key=lambda g: (-len(g), min(g)))
    top = max((y for _, y in places.values()), default=-GAP) + GAP
    places.update(_packed(fresh, aspect, top))
    return places


GAP = 1.5  # between groups
ACROSS = 2.0  # between neighbours in a layer
DOWN = 1.5  # between layers


def _packed(groups: Sequence[dict[str, Point]], aspect: float, top: float) -> dict[str, Point]:
    """The groups in rows from ``top`` down, the rows' width chosen (among twenty tried) to
    make the whole about ``aspect`` times wider than tall."""
    if not groups:
        return {}
    extents = [_extent(g) for g in groups]
    narrowest = max(w for w, _ in extents)
    widest = sum(w + GAP for w, _ in extents)
    best: tuple[float, dict[str, Point]] | None = None
    for step in range(20):
        row_width = narrowest * (widest / narrowest) ** (step / 19)
        places, width, height = _rows(groups, extents, row_width, top)
        miss = abs(math.log((width / max(height, 1e-9)) / aspect))
        if best is None or miss < best[0]:
            best = (miss, places)
    assert best is not None
    return best[1]


def _rows(
    groups: Sequence[dict[str, Point]],
    extents: Sequence[tuple[float, float]],
    row_width: float,
    top: float,
) -> tuple[dict[str, Point], float, float]:
    """The groups in rows no wider than ``row_width``; the places, the width and the height."""
    places: dict[str, Point] = {}
    x = row_height = widest = 0.0
    y = top
    for group, (width, height) in zip(groups, extents, strict=True):
        if x > 0 and x + width > row_width:
            x, y, row_height = 0.0, y + row_height + GAP, 0.0
        left = min(px for px, _ in group.values())
        upper = min(py for _, py in group.values())
        for node, (px, py) in group.items():
            places[node] = (x + px - left, y + py - upper)
        x += width + GAP
        widest = max(widest, x - GAP)
        row_height = max(row_height, height)
    return places, widest, y + row_height - top


def _layered(graph: object) -> dict[str, Point]:
    """Holders above what they hold: a node's layer is one below its deepest holder; in a
    layer, nodes are ordered by where their holders stand."""
    import networkx as nx

    assert isinstance(graph, nx.DiGraph)
    depth: dict[str, int] = {}
    for node in nx.topological_sort(graph):
        depth[node] = max((depth[p] + 1 for p in graph.predecessors(node)), default=0)
    x: dict[str, float] = {}
    places: dict[str, Point] = {}
    for level in range(max(depth.values(), default=-1) + 1):
        layer = [n for n in depth if depth[n] == level]

        def under(node: str) -> tuple[float, str]:
            holders = [x[p] for p in graph.predecessors(node) if p in x]
            return (sum(holders) / len(holders) if holders else 0.0, node)

        layer.sort(key=under)
        for i, node in enumerate(layer):
            x[node] = (i - (len(layer) - 1) / 2) * ACROSS
            places[node] = (x[node], level * DOWN)
    return places


def _spring(graph: object) -> dict[str, Point]:
    import networkx as nx

    assert isinstance(graph, nx.DiGraph)
    size = math.sqrt(graph.number_of_nodes()) * ACROSS
    placed = nx.spring_layout(graph.to_undirected(), seed=1, scale=size / 2, center=(0, 0))
    return {n: (float(p[0]), float(p[1])) for n, p in placed.items()}


def _extent(group: Mapping[str, Point]) -> tuple[float, float]:
    """A group's width and height, a node's width at least."""
    xs = [x for x, _ in group.values()]
    ys = [y for _, y in group.values()]
    return max(xs) - min(xs) + ACROSS, max(ys) - min(ys) + DOWN
