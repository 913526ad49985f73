"""The pictures' core on the bundled facts: the timeline's items, the ownership graph's links
as of a date, its layout, and a company's figures over time."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from archive_gui.core.facts.records import Company, Deal
from archive_gui.core.library import Library
from archive_gui.core.pictures.ownership import as_of, companies_of, layout, ownership_links
from archive_gui.core.pictures.timeline import (
    ARTICLES_LANE,
    TimeSpan,
    build_timeline,
    figures_timeline,
    span_of,
)


@pytest.fixture
def library(archive: Path) -> Library:
    return Library.open(archive)


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("2015", TimeSpan(dt.date(2015, 1, 1), dt.date(2016, 1, 1), "year")),
        ("2015-12", TimeSpan(dt.date(2015, 12, 1), dt.date(2016, 1, 1), "month")),
        ("2015-02", TimeSpan(dt.date(2015, 2, 1), dt.date(2015, 3, 1), "month")),
        ("2015-12-02", TimeSpan(dt.date(2015, 12, 2), dt.date(2015, 12, 3), "day")),
        ("", None),
        (None, None),
        ("décembre", None),
    ],
)
def test_an_imprecise_date_is_a_span(text: str | None, span: TimeSpan | None) -> None:
    assert span_of(text) == span


def test_a_deal_is_its_announcement_and_closing_joined_in_its_targets_lane(
    library: Library,
) -> None:
    timeline = build_timeline(library.store, library.articles)
    deal = [i for i in timeline.items if i.record_id == "orange-takes-over-cloudwatt"]
    assert [(i.kind, i.span.text, i.lane) for i in deal] == [
        ("announced", "2015-01-12", "Cloudwatt"),
        ("closed", "2015-03", "Cloudwatt"),
    ]
    assert deal[1].span.precision == "month"
    first, second = (timeline.items.index(i) for i in deal)
    assert (first, second) in timeline.joins
    assert deal[0].label == "Orange → Cloudwatt (takeover)"
    assert timeline.lanes[0] == ARTICLES_LANE
    articles = [i for i in timeline.items if i.kind == "article"]
    assert len(articles) == len(library.articles)


def test_lanes_by_kind_and_a_search_that_limits_them(library: Library) -> None:
    by_kind = build_timeline(library.store, library.articles, "kind")
    assert set(by_kind.lanes) == {"Articles", "Deals", "Events"}
    found = build_timeline(library.store, library.articles, article_ids=["plan-social-chez-fluxus"])
    assert {i.record_id for i in found.items if i.kind == "article"} == {"plan-social-chez-fluxus"}
    assert "orange-takes-over-cloudwatt" not in {i.record_id for i in found.items}
    assert "fluxus-restructuring-2002" in {i.record_id for i in found.items}


def test_inferred_and_conflicting_dates_are_marked(library: Library) -> None:
    timeline = build_timeline(library.store, library.articles)
    items = {(i.record_id, i.lane): i for i in timeline.items}
    # No passage of the restructuring supports its date; sources disagree on the project's.
    assert items["fluxus-restructuring-2002", "Fluxus"].inferred
    assert items["cloudwatt-project-initiated", "Cloudwatt"].conflicting
    assert not items["orange-takes-over-cloudwatt", "Cloudwatt"].inferred
    # An event is in the lane of each company it involves; its description is its detail.
    restructuring = [i for i in timeline.items if i.record_id == "fluxus-restructuring-2002"]
    assert {i.lane for i in restructuring} == {"Fluxus", "British Telecom"}
    assert restructuring[0].label == "restructuring"
    assert restructuring[0].detail.startswith("After a disastrous 2001")


def test_deals_sellers_and_parents_are_links(library: Library) -> None:
    links = ownership_links(library.store)
    numergy = [k for k in links if k.record_id == "sfr-takes-over-numergy"]
    assert [(k.kind, k.source, k.stake) for k in numergy] == [
        ("deal", "sfr", 100),
        ("seller", "caisse-des-depots", 33),
        ("seller", "atos", 20),
    ]
    assert numergy[0].label == "100 % takeover, 2015-12-02"
    assert numergy[1].label == "33 % sold"
    # SFR is Numergy's parent through the deal: no second link for it.
    assert not [k for k in links if k.kind == "parent" and k.target == "numergy"]
    assert [k.source for k in links if k.kind == "parent" and k.target == "fluxus"] == []
    assert [k.source for k in links if k.kind == "parent" and k.target == "bt-ignite"] == [
        "british-telecom"
    ]


def test_as_of_a_date_shows_who_held_what_then(library: Library) -> None:
    links = ownership_links(library.store)

    def held(day: dt.date | None) -> set[tuple[str, str, str]]:
        return {(k.kind, k.source, k.target) for k in as_of(links, day)}

    before, after = held(dt.date(2015, 12, 1)), held(dt.date(2015, 12, 2))
    assert ("deal", "sfr", "numergy") not in before
    assert ("seller", "atos", "numergy") in before
    assert ("deal", "sfr", "numergy") in after
    assert ("seller", "atos", "numergy") not in after
    # An undated deal (Altice buying SFR) holds whatever the date; everything with none.
    assert ("deal", "altice", "sfr") in held(dt.date(1990, 1, 1))
    assert held(None) == {(k.kind, k.source, k.target) for k in links}


def test_a_rumoured_deal_is_unsure(library: Library) -> None:
    deal = library.store["sfr-takes-over-numergy"]
    assert isinstance(deal, Deal)
    library.store.replace(dataclasses.replace(deal, status="rumoured"))
    [link] = [
        k for k in ownership_links(library.store) if k.kind == "deal" and k.target == "numergy"
    ]
    assert link.unsure


def test_the_layout_puts_holders_above_and_keeps_places_on_an_edit(library: Library) -> None:
    links = ownership_links(library.store)
    names = companies_of(library.store, links)
    places = layout(sorted(names), links)
    assert set(places) == set(names)
    assert len(set(places.values())) == len(places)  # no two companies on one spot
    for link in links:  # a holder above what it holds; a seller at least level with it
        if link.kind == "seller":
            assert places[link.source][1] <= places[link.target][1], link
        else:
            assert places[link.source][1] < places[link.target][1], link
    assert layout(sorted(names), links) == places  # the same facts, the same picture
    # A new company buys Numergy: the others stay where they were.
    library.store.add(Company(id="newco", name="Newco"))
    library.store.add(
        Deal(id="newco-numergy", kind="acquisition", acquirer="newco", target="numergy")
    )
    grown = ownership_links(library.store)
    after = layout(sorted(companies_of(library.store, grown)), grown, places)
    assert {n: after[n] for n in places} == places
    assert "newco" in after
    # A new pair of companies goes below, away from the rest.
    library.store.add(Company(id="a", name="A"))
    library.store.add(Company(id="b", name="B"))
    library.store.add(Deal(id="a-b", kind="acquisition", acquirer="a", target="b"))
    again = ownership_links(library.store)
    apart = layout(sorted(companies_of(library.store, again)), again, after)
    assert min(apart["a"][1], apart["b"][1]) > max(y for _, y in after.values())


def test_a_companys_figures_over_time_with_disagreements_side_by_side(library: Library) -> None:
    figures = figures_timeline(library.store, library.articles, "fluxus")
    assert figures.lanes[0] == "revenue"
    surfaces = [i for i in figures.items if i.lane == "surface"]
    assert sorted(" ".join(i.label.split()) for i in surfaces) == [
        "2 000 m2 (Journal du Net)",
        "250 m2 (Journal du Net)",
    ]
    assert all(i.conflicting for i in surfaces)  # one period, two values, one unit
    revenue_1999 = next(i for i in figures.items if i.lane == "revenue" and i.span.text == "1999")
    assert not revenue_1999.conflicting
    ids = {i.record_id for i in figures.items}
    assert ids == {
        f.id for f in library.store.of_kind("figure") if getattr(f, "entity", None) == "fluxus"
    }
