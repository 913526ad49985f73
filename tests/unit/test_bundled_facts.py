"""The curated facts of the bundled archive: complete, consistent and searchable."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from archive_gui.core.archive.articles import load_articles
from archive_gui.core.facts.file import dump_facts, load_facts
from archive_gui.core.facts.records import Company, Deal, FactStore, Figure, Person
from archive_gui.core.library import Library
from archive_gui.core.search.fact_documents import fact_fields
from tests.conftest import BUNDLED_ARTICLES, PROJECT

FACTS = PROJECT / "facts.yaml"


@pytest.fixture(scope="module")
def store() -> FactStore:
    loaded = load_facts(FACTS, load_articles(BUNDLED_ARTICLES).articles)
    assert loaded.problems == []
    return loaded.store


def test_the_file_is_in_canonical_form(store: FactStore) -> None:
    """Loading and saving the curated file gives it back to the byte: diffs stay small."""
    assert dump_facts(store) == FACTS.read_text("utf-8")


def test_every_passage_quotes_its_article_exactly(store: FactStore) -> None:
    articles = load_articles(BUNDLED_ARTICLES).articles
    for record in store:
        assert record.evidence, record.id
        for evidence in record.evidence:
            anchor = evidence.anchor
            assert articles[anchor.article].text[anchor.start : anchor.end] == anchor.quote


def test_the_four_deals_of_the_brief_are_there(store: FactStore) -> None:
    deals = {(d.acquirer, d.target) for d in store.of_kind("deal") if isinstance(d, Deal)}
    assert {
        ("bt-ignite", "fluxus"),
        ("orange", "cloudwatt"),
        ("sfr", "numergy"),
        ("atos", "bull"),
        ("altice", "sfr"),
    } <= deals


def test_numergy_deal_has_sellers_with_stakes_from_two_articles(store: FactStore) -> None:
    [deal] = [d for d in store.of_kind("deal") if isinstance(d, Deal) and d.target == "numergy"]
    assert {(s.company, s.stake) for s in deal.sellers} == {("caisse-des-depots", 33), ("atos", 20)}
    assert {e.anchor.article for e in deal.evidence_for("sellers")} == {
        "numergy-repris-par-sfr",
        "sfr-rachete-numergy",
    }


def test_disagreeing_sources_are_kept_as_conflicts(store: FactStore) -> None:
    revenue = [
        r
        for r in store.of_kind("figure")
        if isinstance(r, Figure)
        and r.entity == "fluxus"
        and r.metric == "revenue"
        and r.period == "2000"
    ]
    assert len(revenue) == 2
    assert all(r.conflicts for r in revenue)
    lovera = store.by_name("Sergio Lovera")
    assert isinstance(lovera, Person)
    assert lovera.conflicts
    assert lovera.conflicts[0].field == "roles"


@pytest.mark.parametrize(
    ("name", "record_id"),
    [
        ("FranceNet", "fluxus"),
        ("BT", "british-telecom"),
        ("la Caisse des dépôts et consignations", "caisse-des-depots"),
        ("Caisse des Dépôts", "caisse-des-depots"),
        ("CloudWatt", "cloudwatt"),
        ("Thalès", "thales"),
        ("l’Etat", "french-state"),
    ],
)
def test_aliases_resolve_to_records(store: FactStore, name: str, record_id: str) -> None:
    record = store.by_name(name)
    assert record is not None
    assert record.id == record_id


def test_every_company_named_in_passing_has_a_record(store: FactStore) -> None:
    names = {r.name for r in store.of_kind("company") if isinstance(r, Company)}
    assert {"Concert", "AT&T", "Altice", "Bull", "Atos", "Dassault Systèmes"} <= names


def test_fact_fields_name_each_record_and_its_articles(store: FactStore) -> None:
    entries = fact_fields(store)
    deal = entries["sfr-takes-over-numergy"]
    assert deal.articles == ("numergy-repris-par-sfr", "sfr-rachete-numergy")
    assert deal.fields["acquirer"] == "SFR"
    assert deal.fields["target"] == "Numergy"
    assert "Atos" in deal.fields["seller"]
    assert entries["patrick-drahi"].fields["person"] == "Patrick Drahi"


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    import shutil

    root = tmp_path_factory.mktemp("facts-archive")
    shutil.copytree(BUNDLED_ARTICLES, root / "articles")
    shutil.copy(FACTS, root / "facts.yaml")
    opened = Library.open(root)
    yield opened
    opened.close()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "company:Orange",
            {"orange-reprendrait-cloudwatt", "numergy-repris-par-sfr", "sfr-rachete-numergy"},
        ),
        ("acquirer:SFR", {"numergy-repris-par-sfr", "sfr-rachete-numergy"}),
        ("target:Numergy", {"numergy-repris-par-sfr", "sfr-rachete-numergy"}),
        ("person:Lovera", {"fluxus-passe-sous-drapeau-anglais", "plan-social-chez-fluxus"}),
        (
            "kind:acquisition date:[2001 TO 2002]",
            {"fluxus-passe-sous-drapeau-anglais", "plan-social-chez-fluxus"},
        ),
        ("acquirer:Orange cloud date:2015-01", {"orange-reprendrait-cloudwatt"}),
        ("seller:atos", {"numergy-repris-par-sfr", "sfr-rachete-numergy"}),
        ("company:francenet", {"fluxus-passe-sous-drapeau-anglais", "plan-social-chez-fluxus"}),
        (
            "person:lovera OR acquirer:orange",
            {
                "fluxus-passe-sous-drapeau-anglais",
                "plan-social-chez-fluxus",
                "orange-reprendrait-cloudwatt",
                "numergy-repris-par-sfr",
                "sfr-rachete-numergy",
            },
        ),
        ("cloud NOT seller:atos", {"orange-reprendrait-cloudwatt"}),
        ("NOT numergy", {"fluxus-passe-sous-drapeau-anglais", "plan-social-chez-fluxus"}),
        (
            "company:Oran*",
            {"orange-reprendrait-cloudwatt", "numergy-repris-par-sfr", "sfr-rachete-numergy"},
        ),
        ("acquirer:nobody", set()),
    ],
)
def test_fact_fields_are_searchable(library: Library, query: str, expected: set[str]) -> None:
    assert {h.id for h in library.search(query).hits} == expected


def test_a_hit_lists_the_records_whose_passages_it_falls_in(library: Library) -> None:
    [hit] = [
        h
        for h in library.search('"procédure de sauvegarde"').hits
        if h.id == "numergy-repris-par-sfr"
    ]
    [span] = hit.hits
    assert "numergy-safeguard-procedure" in span.records


def test_changing_a_record_reindexes_only_its_articles(archive: Path) -> None:
    """On a copy of its own: it renames a record, which the other tests here must not see."""
    library = Library.open(archive)
    library.ensure_index()
    drahi = library.store.by_name("Patrick Drahi")
    assert isinstance(drahi, Person)
    drahi.name = "Patrick Drahi-Altice"
    report = library.ensure_index()
    assert report.facts == ["patrick-drahi"]
    assert report.updated == []  # no article's text is re-indexed, only the record's facts
    assert {h.id for h in library.search('person:"Drahi-Altice"').hits} == {
        "numergy-repris-par-sfr"
    }
    library.close()
