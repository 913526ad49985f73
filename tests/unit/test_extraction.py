"""Extraction on the five articles, with spaCy's real French pipeline."""

from __future__ import annotations

import pytest

from archive_gui.core.archive.articles import Article, load_articles
from archive_gui.core.facts.editing import apply_edit, reject_candidate
from archive_gui.core.facts.extraction import Extractor
from archive_gui.core.facts.file import load_facts, record_problems
from archive_gui.core.facts.records import (
    CANDIDATE,
    Company,
    Deal,
    FactStore,
    Figure,
    Person,
    rejection_key,
)
from tests.conftest import BUNDLED_ARTICLES, PROJECT

ARTICLES = load_articles(BUNDLED_ARTICLES).articles


def curated() -> FactStore:
    return load_facts(PROJECT / "facts.yaml", ARTICLES).store


def extract(article_id: str, store: FactStore | None = None) -> list:  # type: ignore[type-arg]
    return Extractor(store if store is not None else FactStore()).extract(ARTICLES[article_id])


def test_candidates_carry_their_passages_and_the_candidate_state() -> None:
    for article in ARTICLES.values():
        for record in extract(article.id):
            assert record.review == CANDIDATE
            assert record.evidence
            for evidence in record.evidence:
                anchor = evidence.anchor
                assert article.text[anchor.start : anchor.end] == anchor.quote


def test_organisations_and_people_are_found() -> None:
    records = extract("numergy-repris-par-sfr")
    companies = {r.name for r in records if isinstance(r, Company)}
    people = {r.name for r in records if isinstance(r, Person)}
    assert {"SFR", "Numergy", "Atos", "Bull", "Altice"} <= companies
    assert people == {"Patrick Drahi"}


def test_figures_with_currency_period_and_sign() -> None:
    figures = [r for r in extract("orange-reprendrait-cloudwatt") if isinstance(r, Figure)]
    by_value = {f.value: f for f in figures}
    assert by_value[-29_242_500].metric == "net-result"
    assert by_value[-29_242_500].unit == "EUR"
    assert by_value[97_485].metric == "revenue"
    assert by_value[97_485].period == "2013"
    stakes = {f.value for f in figures if f.metric == "stake"}
    assert stakes == {22, 33}


def test_amounts_in_francs_and_millions() -> None:
    figures = [r for r in extract("fluxus-passe-sous-drapeau-anglais") if isinstance(r, Figure)]
    revenue = [f for f in figures if f.value == 105_000_000]
    assert revenue
    assert revenue[0].unit == "FRF"
    assert revenue[0].entity == "fluxus"


def test_headcount_and_job_cuts() -> None:
    figures = [r for r in extract("plan-social-chez-fluxus") if isinstance(r, Figure)]
    assert {(f.metric, f.value) for f in figures} >= {("job-cuts", 34), ("headcount", 207)}


def test_deals_from_deal_language() -> None:
    records = extract("sfr-rachete-numergy")
    names = {r.id: r.name for r in records if isinstance(r, Company)}
    deals = {(names[str(d.acquirer)], names[str(d.target)]) for d in records if isinstance(d, Deal)}
    assert ("Orange", "CloudWatt") in deals
    assert ("SFR", "Numergy") in deals


@pytest.mark.parametrize("article", list(ARTICLES.values()), ids=lambda a: a.id)
def test_confirmed_records_are_never_repeated(article: Article) -> None:
    store = curated()
    before = {r.id for r in store}
    for record in extract(article.id, store):
        assert record.id not in before
        if isinstance(record, Company | Person):
            assert store.by_name(record.name) is None, record.name
        if isinstance(record, Deal):
            assert not any(
                isinstance(d, Deal) and (d.acquirer, d.target) == (record.acquirer, record.target)
                for d in store
            )
    assert {r.id for r in store} == before


@pytest.mark.parametrize(
    ("article_id", "printed"),
    [
        ("fluxus-passe-sous-drapeau-anglais", "FranceNet"),
        ("sfr-rachete-numergy", "Caisse des dépôts et consignations"),
        ("fluxus-passe-sous-drapeau-anglais", "BT Ignite"),
    ],
)
def test_names_resolve_through_aliases(article_id: str, printed: str) -> None:
    """A name the curated records know, under any alias, gives no new candidate."""
    assert printed in ARTICLES[article_id].text
    names = {r.name for r in extract(article_id, curated()) if isinstance(r, Company | Person)}
    assert printed not in names


def test_repeated_extraction_adds_nothing_new() -> None:
    store = FactStore()
    article = ARTICLES["numergy-repris-par-sfr"]
    for record in Extractor(store).extract(article):
        store.add(record)
    assert Extractor(store).extract(article) == []


@pytest.mark.parametrize("article", list(ARTICLES.values()), ids=lambda a: a.id)
def test_curated_figures_are_not_proposed_again_under_another_entity_or_sign(
    article: Article,
) -> None:
    """The Thales stake read as the Caisse's, the net result curated as a loss, "150 membres"
    curated in members: a figure a person curated over the same words is not proposed."""
    store = curated()
    curated_spans = [
        (e.anchor.start, e.anchor.end)
        for r in store.of_kind("figure")
        for e in r.evidence
        if e.anchor.article == article.id
    ]
    for record in extract(article.id, store):
        if isinstance(record, Figure):
            anchor = record.evidence[0].anchor
            overlapping = [s for s in curated_spans if s[0] < anchor.end and anchor.start < s[1]]
            assert not overlapping, (record.printed, record.entity, record.value)


def test_the_bundled_archive_proposes_no_figure_it_has_curated() -> None:
    store = curated()
    found = [r for a in ARTICLES.values() for r in extract(a.id, store)]
    assert [r.id for r in found if isinstance(r, Figure)] == []


def test_rejected_candidates_are_not_proposed_again() -> None:
    article = ARTICLES["numergy-repris-par-sfr"]
    store = FactStore()
    first = Extractor(store).extract(article)
    for record in first:
        store.add(record)
    company = next(r for r in first if isinstance(r, Company) and r.name == "Bull")
    figure = next(r for r in first if isinstance(r, Figure))
    deal = next(r for r in first if isinstance(r, Deal))
    for record in (company, figure, deal):
        apply_edit(store, reject_candidate(store, record.id))
    # Only the rejections are left: everything else is proposed again, the rejected not.
    for record in [r for r in store if r.review == CANDIDATE]:
        store.remove(record.id)
    assert len(store.of_kind("rejection")) == 3
    again = Extractor(store).extract(article)
    keys = {(r.KIND, rejection_key(r)) for r in again}
    assert keys == {(r.KIND, rejection_key(r)) for r in first if r not in (company, figure, deal)}


def test_candidates_from_unseen_text_always_load_again() -> None:
    """Percentages no stake can be (a growth of 321 %, a typo of 150 % of the capital) were
    proposed as stakes, and the save of a whole import's candidates failed on them."""
    text = (
        "Nuagique a connu une croissance de 321 % en un an. Horizon Capital, qui détient "
        "150 % du capital selon le communiqué, en détenait 18 % l'an dernier. Les ventes ont "
        "bondi de 2500 % depuis la création de Nuagique."
    )
    article = Article(id="nuagique", title="Nuagique", published=None, text=text)
    store = FactStore()
    found = Extractor(store).extract_all([article])
    figures = {(r.metric, r.value) for r in found if isinstance(r, Figure)}
    assert ("stake", 18.0) in figures
    assert ("stake", 150.0) not in figures
    assert all(value <= 1000 for _, value in figures)
    assert record_problems(found, store, PROJECT / "facts.yaml") == []
