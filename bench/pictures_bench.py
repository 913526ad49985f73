"""Measures the pictures: building and painting the timeline and the ownership graph.

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python bench/pictures_bench.py [--runs 20]``.

A synthetic archive of 2,000 companies and 5,000 deals (in groups of 2 to 40 companies, as
takeovers cluster in a market; a deal's acquirer comes before its target, so holdings never
go round in a circle; a third of the deals have one or two sellers) and 10,000 events makes
a timeline of 20,000 items. Each figure is the wall time of the step, painted into an image
the size of a large dock (1600 x 500), repeated ``--runs`` times: p50, p95 and max. The
bundled archive's views are timed the same way. The same 20,000 items are also put in a
QGraphicsScene (Qt's item views) and painted, for the choice of the drawing library.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QBrush, QColor, QImage, QPainter
from PySide6.QtWidgets import QApplication, QGraphicsScene

from archive_gui.core.facts.records import Company, Deal, Event, FactStore, Seller
from archive_gui.core.library import Library
from archive_gui.core.pictures.ownership import as_of, companies_of, layout, ownership_links
from archive_gui.core.pictures.timeline import build_timeline
from archive_gui.ui.pictures import GraphCanvas, PictureCanvas, TimelineCanvas

PROJECT = Path(__file__).resolve().parents[1]
SIZE = QSize(1600, 500)


def synthetic_store(companies: int = 2000, deals: int = 5000, events: int = 10000) -> FactStore:
    rng = random.Random(7)
    store = FactStore()
    for n in range(companies):
        store.add(Company(id=f"c{n}", name=f"Société {n}"))
    groups: list[list[int]] = []
    start = 0
    while start < companies:
        size = rng.randint(2, 40)
        groups.append(list(range(start, min(start + size, companies))))
        start += size
    day0 = dt.date(1990, 1, 1).toordinal()
    statuses = ["closed"] * 6 + ["announced", "rumoured", "failed", "negotiating"]
    for n in range(deals):
        group = rng.choice([g for g in groups if len(g) > 1])
        a, b = sorted(rng.sample(group, 2))
        day = dt.date.fromordinal(day0 + rng.randrange(30 * 365))
        closed = dt.date.fromordinal(day.toordinal() + rng.randrange(30, 300))
        sellers = [
            Seller(f"c{s}", float(rng.randrange(5, 50)))
            for s in rng.sample(group, min(len(group), rng.choice([0, 0, 1, 2])))
            if s not in (a, b)
        ]
        store.add(
            Deal(
                id=f"d{n}", kind="acquisition", acquirer=f"c{a}", target=f"c{b}",
                sellers=sellers, stake_after=float(rng.randrange(10, 101)),
                announced=day.isoformat(), closed=closed.isoformat()[:7],
                status=rng.choice(statuses),
            )
        )  # fmt: skip
    for n in range(events):
        day = dt.date.fromordinal(day0 + rng.randrange(30 * 365))
        date = [day.isoformat(), day.isoformat()[:7], str(day.year)][n % 3]
        store.add(Event(id=f"e{n}", kind="launch", entities=[f"c{rng.randrange(companies)}"],
                        date=date, description=f"évènement {n}"))  # fmt: skip
    return store


def timed(step: Callable[[], object], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        step()
        times.append((time.perf_counter() - started) * 1000)
    return times


def paint(canvas: PictureCanvas) -> None:
    image = QImage(SIZE, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    canvas.paint_picture(painter, SIZE)
    painter.end()


def pan(canvas: PictureCanvas) -> Callable[[], None]:
    """One frame of a drag: the view moved, then painted."""

    def frame() -> None:
        canvas.pan_by(-15, 0)
        paint(canvas)

    return frame


def zoom(canvas: PictureCanvas) -> Callable[[], None]:
    """One frame of a wheel zoom."""

    def frame() -> None:
        canvas.zoom_by(1.02)
        paint(canvas)

    return frame


def report(name: str, times: list[float], goal: float | None = None) -> None:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    target = f"  (goal {goal:g} ms)" if goal else ""
    print(
        f"{name:48} p50 {statistics.median(times):7.1f}  p95 {p95:7.1f}  "
        f"max {max(times):7.1f} ms{target}"
    )


def timeline_steps(store: FactStore, runs: int) -> None:
    canvas = TimelineCanvas()
    canvas.resize(SIZE)
    timeline = build_timeline(store, {})
    print(f"timeline: {len(timeline.items):,} items in {len(timeline.lanes):,} lanes")
    report("timeline: build items (core)", timed(lambda: build_timeline(store, {}), runs))

    def first_paint() -> None:
        canvas.set_timeline(timeline)
        paint(canvas)

    report("timeline: set and first paint (all in view)", timed(first_paint, runs), 200)
    canvas.zoom_by(8)
    report("timeline: pan one frame (zoomed in 8x)", timed(pan(canvas), runs), 16)
    report("timeline: zoom one frame", timed(zoom(canvas), runs), 16)


def graph_steps(store: FactStore, runs: int) -> None:
    canvas = GraphCanvas()
    canvas.resize(SIZE)
    links = ownership_links(store)
    names = companies_of(store, links)
    print(f"graph: {len(names):,} companies, {len(links):,} links")

    def first() -> None:
        places = layout(sorted(names), links)
        canvas.places = {}
        canvas.set_graph(names, links, places)
        paint(canvas)

    report("graph: links, layout and first paint", timed(first, max(3, runs // 4)), 500)
    places = layout(sorted(names), links)
    relaid = timed(lambda: layout(sorted(names), links, places), runs)
    report("graph: layout after an edit (places kept)", relaid)
    day = dt.date(2005, 1, 1)
    shown = as_of(links, day)
    report("graph: as of a date (links kept)", timed(lambda: as_of(links, day), runs))
    canvas.set_graph(names, shown, places)
    canvas.fit()
    report("graph: paint, all in view", timed(lambda: paint(canvas), runs), 16)
    canvas.zoom_by(6)
    report("graph: pan one frame (zoomed in 6x)", timed(pan(canvas), runs), 16)
    report("graph: zoom one frame", timed(zoom(canvas), runs), 16)


def scene_comparison(store: FactStore, runs: int) -> None:
    """The same timeline items as QGraphicsRectItems in a scene, painted whole."""
    timeline = build_timeline(store, {})
    lanes = {lane: n for n, lane in enumerate(timeline.lanes)}

    def build_and_paint() -> None:
        scene = QGraphicsScene()
        brush = QBrush(QColor(0, 150, 136, 200))
        for item in timeline.items:
            start = item.span.start.toordinal()
            width = max(item.span.end.toordinal() - start, 1)
            scene.addRect(QRectF(start, lanes[item.lane] * 26, width, 16), brush=brush)
        image = QImage(SIZE, QImage.Format.Format_ARGB32)
        painter = QPainter(image)
        scene.render(painter)
        painter.end()

    times = timed(build_and_paint, max(3, runs // 4))
    report("QGraphicsScene: 20,000 rects, build and paint", times)


def bundled_steps(runs: int) -> None:
    library = Library.open(PROJECT)  # the sample is only read
    store, articles = library.store, library.articles
    timeline = TimelineCanvas()
    timeline.resize(SIZE)
    graph = GraphCanvas()
    graph.resize(SIZE)

    def open_timeline() -> None:
        timeline.set_timeline(build_timeline(store, articles))
        paint(timeline)

    def open_graph() -> None:
        links = ownership_links(store)
        names = companies_of(store, links)
        graph.places = {}
        graph.set_graph(names, links, layout(sorted(names), links))
        paint(graph)

    layout(["a"], [])  # networkx is imported once, when the graph is first shown
    report("bundled archive: open the timeline", timed(open_timeline, runs), 100)
    report("bundled archive: open the graph", timed(open_graph, runs), 100)
    library.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    print(f"machine: {platform.platform()}, {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
    started = time.perf_counter()
    import networkx  # noqa: F401  (its import is timed once, apart)

    print(f"networkx import: {(time.perf_counter() - started) * 1000:.0f} ms")
    store = synthetic_store()
    bundled_steps(args.runs)
    timeline_steps(store, args.runs)
    graph_steps(store, args.runs)
    scene_comparison(store, args.runs)
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
