"""A timeline of the facts: deals (announced, closed), events and articles on a time axis.

A date is as precise as the text: a year or a month is a span, a day a point (one day
wide). A date no passage supports is *inferred*; one a conflict names is *conflicting*.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Literal

from archive_gui.core.archive.articles import Article
from archive_gui.core.facts.records import PARTIAL_DATE, Deal, Event, FactStore, Figure, Record
from archive_gui.core.titles import format_quantity, name_of, names_of, record_title

Precision = Literal["year", "month", "day"]
LaneChoice = Literal["company", "kind"]
ARTICLES_LANE = "Articles"
KIND_LANES = {"deal": "Deals", "event": "Events", "article": ARTICLES_LANE}


@dataclass(frozen=True)
class TimeSpan:
    """The days a date covers: ``start`` included, ``end`` excluded."""

    start: dt.date
    end: dt.date
    precision: Precision

    @property
    def text(self) -> str:
        if self.precision == "year":
            return f"{self.start.year}"
        if self.precision == "month":
            return f"{self.start:%Y-%m}"
        return self.start.isoformat()


def span_of(text: str | None) -> TimeSpan | None:
    """The span of a partial date ("2015", "2015-12", "2015-12-02"); None for no date."""
    if not text or not PARTIAL_DATE.match(text):
        return None
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 1:
        return TimeSpan(dt.date(parts[0], 1, 1), dt.date(parts[0] + 1, 1, 1), "year")
    if len(parts) == 2:
        year, month = parts
        after = dt.date(year + month // 12, month % 12 + 1, 1)
        return TimeSpan(dt.date(year, month, 1), after, "month")
    day = dt.date(*parts)
    return TimeSpan(day, day + dt.timedelta(days=1), "day")


@dataclass(frozen=True)
class TimelineItem:
    """One thing on the timeline: what it is, in which lane, when, and how sure."""

    record_id: str  # a record's id, or an article's for an article
    kind: Literal["announced", "closed", "event", "article", "figure"]
    lane: str
    span: TimeSpan
    label: str
    inferred: bool = False
    conflicting: bool = False
    status: str = ""  # a deal's
    detail: str = ""  # what a tooltip adds: an event's description


@dataclass(frozen=True)
class Timeline:
    """The lanes in order (earliest first), the items, and the pairs of items (indices) that
    are one deal's announcement and closing."""

    lanes: tuple[str, ...]
    items: tuple[TimelineItem, ...]
    joins: tuple[tuple[int, int], ...]

    @property
    def span(self) -> TimeSpan | None:
        """From the first item's start to the last one's end."""
        if not self.items:
            return None
        start = min(i.span.start for i in self.items)
        end = max(i.span.end for i in self.items)
        return TimeSpan(start, end, "day")


def build_timeline(
    store: FactStore,
    articles: Mapping[str, Article],
    lanes: LaneChoice = "company",
    article_ids: Collection[str] | None = None,
) -> Timeline:
    """The timeline of the deals, events and articles; with ``article_ids`` (a search's),
    only those articles and the records with a passage in them."""
    builder = _Builder(store, lanes)
    for record in store:
        if article_ids is not None and not any(
            e.anchor.article in article_ids for e in record.evidence
        ):
            continue
        if isinstance(record, Deal):
            builder.deal(record)
        elif isinstance(record, Event):
            builder.event(record)
    for article in articles.values():
        if article_ids is None or article.id in article_ids:
            builder.article(article)
    return builder.timeline()


class _Builder:
    def __init__(self, store: FactStore, lanes: LaneChoice) -> None:
        self.store = store
        self.by_company = lanes == "company"
        self.items: list[TimelineItem] = []
        self.joins: list[tuple[int, int]] = []

    def lane(self, kind: str, company: str | None) -> str:
        if not self.by_company or kind == "article":
            return KIND_LANES[kind]
        return name_of(self.store, company) or "(no company)"

    def add(self, item: TimelineItem) -> int:
        self.items.append(item)
        return len(self.items) - 1

    def deal(self, deal: Deal) -> None:
        """Its announcement and closing, in the target's lane (what happened to it), joined."""
        label = record_title(deal, self.store)
        placed: list[int] = []
        for kind, date in (("announced", deal.announced), ("closed", deal.closed)):
            span = span_of(date)
            if span is None:
                continue
            placed.append(
                self.add(
                    TimelineItem(
                        deal.id, kind, self.lane("deal", deal.target), span, label,  # type: ignore[arg-type]
                        inferred=_inferred(deal, kind), conflicting=_conflicting(deal, kind),
                        status=deal.status,
                    )
                )
            )  # fmt: skip
        if len(placed) == 2:
            self.joins.append((placed[0], placed[1]))

    def event(self, event: Event) -> None:
        """In the lane of each company it involves (one lane when by kind)."""
        span = span_of(event.date)
        if span is None:
            return
        companies = event.entities if self.by_company and event.entities else [None]
        for company in companies:
            self.add(
                TimelineItem(
                    event.id, "event", self.lane("event", company), span,
                    _event_label(event, self.store, company), inferred=_inferred(event, "date"),
                    conflicting=_conflicting(event, "date"), detail=event.description,
                )
            )  # fmt: skip

    def article(self, article: Article) -> None:
        if article.published is None:
            return
        day = article.published
        span = TimeSpan(day, day + dt.timedelta(days=1), "day")
        self.add(
            TimelineItem(
                article.id, "article", ARTICLES_LANE, span, article.title,
                inferred=article.is_inferred("published"),
            )
        )  # fmt: skip

    def timeline(self) -> Timeline:
        first: dict[str, dt.date] = {}
        for item in self.items:
            if item.lane not in first or item.span.start < first[item.lane]:
                first[item.lane] = item.span.start
        lanes = sorted(first, key=lambda lane: (lane != ARTICLES_LANE, first[lane], lane))
        return Timeline(tuple(lanes), tuple(self.items), tuple(self.joins))


def figures_timeline(store: FactStore, articles: Mapping[str, Article], company: str) -> Timeline:
    """A company's figures over time, a lane per metric: each figure over its period (an
    undated one at its article's date, as inferred), labelled with its value and its
    sources; two that give different values for one period are both marked conflicting,
    and the timeline draws them side by side."""
    items: list[TimelineItem] = []
    for figure in store.of_kind("figure"):
        assert isinstance(figure, Figure)
        if figure.entity != company:
            continue
        sources = sorted({e.anchor.article for e in figure.evidence})
        span = span_of(figure.period)
        inferred = span is None or _inferred(figure, "period")
        if span is None:
            dates = [articles[a].published for a in sources if a in articles]
            day = min((d for d in dates if d is not None), default=None)
            if day is None:
                continue
            span = TimeSpan(day, day + dt.timedelta(days=1), "day")
        value = figure.printed or format_quantity(figure.value, figure.unit)
        where = ", ".join(_source(articles, a) for a in sources)
        items.append(
            TimelineItem(
                figure.id, "figure", figure.metric.replace("-", " "), span,
                f"{value} ({where})" if where else value, inferred=inferred,
                conflicting=_conflicting(figure, "value"),
            )
        )  # fmt: skip
    items = _mark_disagreements(store, items)
    lanes = sorted(
        {i.lane for i in items}, key=lambda lane: min(i.span.start for i in items if i.lane == lane)
    )
    return Timeline(tuple(lanes), tuple(items), ())


def _source(articles: Mapping[str, Article], article_id: str) -> str:
    article = articles.get(article_id)
    if article is None:
        return article_id
    return article.publication or article.title


def _mark_disagreements(store: FactStore, items: list[TimelineItem]) -> list[TimelineItem]:
    """Items of one metric over the same period, in the same unit, whose values differ:
    conflicting (one sum in francs and in euros is no disagreement)."""
    values: dict[tuple[str, TimeSpan, str], set[float]] = {}
    keys = []
    for item in items:
        figure = store[item.record_id]
        assert isinstance(figure, Figure)
        key = (item.lane, item.span, figure.unit)
        values.setdefault(key, set()).add(figure.value)
        keys.append(key)
    return [
        dataclasses.replace(item, conflicting=True) if len(values[key]) > 1 else item
        for item, key in zip(items, keys, strict=True)
    ]


def _event_label(event: Event, store: FactStore, lane_company: str | None) -> str:
    """What kind of thing happened (its description is the item's detail), and to whom when
    the lane does not say it."""
    what = event.kind.replace("-", " ")
    if lane_company is not None:
        return what
    return f"{names_of(store, event.entities)}: {what}" if event.entities else what


def _inferred(record: Record, field: str) -> bool:
    """A date no passage supports: the text does not print it (an article's date, say)."""
    return not record.evidence_for(field)


def _conflicting(record: Record, field: str) -> bool:
    return any(c.field == field for c in record.conflicts)
