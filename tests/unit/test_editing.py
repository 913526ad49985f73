"""Edits as data: each kind of edit does what it says and undoes exactly."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from archive_gui.core.archive.articles import load_articles
from archive_gui.core.facts.editing import (
    EditError,
    MissingFieldsError,
    apply_edit,
    attach_passage,
    delete_record,
    edit_field,
    edit_fields,
    field_text,
    merge_records,
    new_record,
    reject_candidate,
    remove_passage,
    same_name,
    set_review,
    touched_articles,
)
from archive_gui.core.facts.file import dump_facts, load_facts
from archive_gui.core.facts.records import (
    CANDIDATE,
    Amount,
    Company,
    Deal,
    Event,
    FactStore,
    Figure,
    Person,
    Rejection,
    missing_fields,
    rejected,
)
from tests.conftest import BUNDLED_ARTICLES, PROJECT

ARTICLES = load_articles(BUNDLED_ARTICLES).articles
CLUBIC = ARTICLES["numergy-repris-par-sfr"]


@pytest.fixture
def store() -> FactStore:
    return load_facts(PROJECT / "facts.yaml", ARTICLES).store


def roundtrip(store: FactStore, edit: tuple) -> None:  # type: ignore[type-arg]
    """Applies an edit, undoes it, and checks the store is back to the byte."""
    before = dump_facts(store)
    apply_edit(store, edit)
    assert dump_facts(store) != before
    apply_edit(store, edit, forward=False)
    assert dump_facts(store) == before


def test_new_company_from_a_selection(store: FactStore) -> None:
    start = CLUBIC.text.index("Patrick Drahi")
    change = new_record(store, "company", CLUBIC, start - 1, start + len("Patrick Drahi") + 1)
    record = change.new
    assert isinstance(record, Company)
    assert record.name == "Patrick Drahi"  # the selection's spaces are trimmed
    [evidence] = record.evidence
    assert evidence.anchor.quote == "Patrick Drahi"
    assert evidence.fields == ("name",)
    assert record.id not in store
    roundtrip(store, (change,))


def test_new_figure_prefills_its_value(store: FactStore) -> None:
    start = CLUBIC.text.index("400 millions")
    change = new_record(store, "figure", CLUBIC, start, start + len("400 millions"))
    assert isinstance(change.new, Figure)
    assert change.new.value == 400_000_000  # the scale word counts, as in extraction
    assert change.new.printed == "400 millions"


def test_an_empty_selection_is_refused(store: FactStore) -> None:
    with pytest.raises(EditError, match="select some text"):
        new_record(store, "person", CLUBIC, 10, 10)


def test_attach_a_passage_as_evidence_of_one_field(store: FactStore) -> None:
    start = (
        CLUBIC.text.index("Publié") if "Publié" in CLUBIC.text else CLUBIC.text.index("2 décembre")
    )
    change = attach_passage(store, "sfr-takes-over-numergy", CLUBIC, start, start + 10, "announced")
    assert change.new is not None
    assert change.new.evidence[-1].fields == ("announced",)
    assert len(change.new.evidence) == len(store["sfr-takes-over-numergy"].evidence) + 1
    roundtrip(store, (change,))
    with pytest.raises(EditError, match="not a field"):
        attach_passage(store, "sfr-takes-over-numergy", CLUBIC, start, start + 10, "colour")


def test_remove_a_passage(store: FactStore) -> None:
    change = remove_passage(store, "numergy", 0)
    assert change.new is not None
    assert len(change.new.evidence) == len(store["numergy"].evidence) - 1
    roundtrip(store, (change,))


@pytest.mark.parametrize(
    ("record_id", "field", "text", "message"),
    [
        ("sfr-takes-over-numergy", "stake_after", "101", "from 0 to 100"),
        ("sfr-takes-over-numergy", "announced", "2015-13-01", "bad date"),
        ("sfr-takes-over-numergy", "amount", "beaucoup", "write an amount"),
        ("sfr-takes-over-numergy", "amount", "-5 EUR", "cannot be negative"),
        ("sfr-takes-over-numergy", "acquirer", "Free", "no company 'Free'"),
        ("sfr-takes-over-numergy", "kind", "heist", "kind must be one of"),
        ("sfr-takes-over-numergy", "sellers", "Atos 120", "from 0 to 100"),
        ("numergy", "name", "", "cannot be empty"),
        ("sergio-lovera", "roles", "DG; fluxus; demain", "bad date"),
    ],
)
def test_each_field_is_validated(
    store: FactStore, record_id: str, field: str, text: str, message: str
) -> None:
    with pytest.raises(EditError, match=message):
        edit_field(store, record_id, field, text)


def test_fields_are_typed_as_text_and_parsed(store: FactStore) -> None:
    change = edit_fields(
        store,
        "sfr-takes-over-numergy",
        {
            "amount": "150 000 000 €",
            "sellers": "Caisse des Dépôts 33\nAtos 20 %",
            "acquirer": "SFR",
        },
    )
    deal = change.new
    assert isinstance(deal, Deal)
    assert deal.amount == Amount(150_000_000, "EUR")
    assert [(s.company, s.stake) for s in deal.sellers] == [("caisse-des-depots", 33), ("atos", 20)]
    assert field_text(store, deal, "sellers") == "Caisse des Dépôts 33\nAtos 20"
    assert change.old is store["sfr-takes-over-numergy"]
    roundtrip(store, (change,))


def test_field_text_and_parse_agree_for_every_field_of_every_record(store: FactStore) -> None:
    """What the editor shows, saved unchanged, gives the record back unchanged."""
    from archive_gui.core.facts.editing import form_fields, parse_field

    for record in store:
        if record.KIND == "article_note":
            continue
        for field in (f.name for f in form_fields(record)):
            text = field_text(store, record, field)
            value = parse_field(store, record, field, text)
            assert value == getattr(record, field) or (
                value in (None, [], "") and not getattr(record, field)
            ), (
                record.id,
                field,
            )


def test_delete_a_record_and_the_references_to_it(store: FactStore) -> None:
    referrers = {r.id for r in store.referrers("atos")}
    assert "sfr-takes-over-numergy" in referrers
    edit = delete_record(store, "atos")
    apply_edit(store, edit)
    assert "atos" not in store
    deal = store["sfr-takes-over-numergy"]
    assert isinstance(deal, Deal)
    assert [s.company for s in deal.sellers] == ["caisse-des-depots"]
    assert not store.referrers("atos")
    apply_edit(store, edit, forward=False)
    assert "atos" in store
    assert [r.id for r in store][:3] == [
        r.id for r in load_facts(PROJECT / "facts.yaml", ARTICLES).store
    ][:3]


def test_merge_two_records_of_one_entity(store: FactStore) -> None:
    duplicate = Company(id="numergy-sas", name="Numergy SAS", review=CANDIDATE)
    duplicate.evidence = list(store["numergy"].evidence[:1])
    store.add(duplicate)
    figure = store["numergy-revenue-2014"]
    assert isinstance(figure, Figure)
    pointed = figure.copy()
    assert isinstance(pointed, Figure)
    pointed.entity = "numergy-sas"
    store.replace(pointed)
    edit = merge_records(store, "numergy", "numergy-sas")
    roundtrip(store, edit)
    apply_edit(store, edit)
    numergy = store["numergy"]
    assert isinstance(numergy, Company)
    assert "Numergy SAS" in numergy.aliases
    assert "numergy-sas" not in store
    assert store["numergy-revenue-2014"].entity == "numergy"  # type: ignore[attr-defined]
    with pytest.raises(EditError, match="cannot be merged"):
        merge_records(store, "numergy", "patrick-drahi")


def test_accept_a_candidate(store: FactStore) -> None:
    store.add(Person(id="jean-dupont", name="Jean Dupont", review=CANDIDATE))
    change = set_review(store, "jean-dupont", "confirmed")
    assert change.new is not None
    assert change.new.review == "confirmed"
    roundtrip(store, (change,))


def test_an_edit_knows_the_articles_it_touches(store: FactStore) -> None:
    edit = delete_record(store, "atos")
    assert {"numergy-repris-par-sfr", "sfr-rachete-numergy"} <= touched_articles(edit)


def test_a_new_deal_is_prefilled_with_the_parties_its_passage_names(store: FactStore) -> None:
    article = dataclasses.replace(CLUBIC, text="Hier, SFR rachète Numergy. Numergy est repris.")
    change = new_record(store, "deal", article, 6, 25)
    assert isinstance(change.new, Deal)
    assert (change.new.acquirer, change.new.target) == ("sfr", "numergy")
    # A single word says nothing of its part in a deal: left for the user to fill.
    start = CLUBIC.text.index("Numergy")
    alone = new_record(store, "deal", CLUBIC, start, start + len("Numergy")).new
    assert isinstance(alone, Deal)
    assert (alone.acquirer, alone.target) == (None, None)
    assert missing_fields(alone) == ["acquirer", "target"]


def test_a_new_figure_is_prefilled_as_extraction_reads_it(store: FactStore) -> None:
    text = CLUBIC.text
    start = text.index("résultat net de 20 millions d'euros")
    change = new_record(
        store, "figure", CLUBIC, start, start + len("résultat net de 20 millions d'euros")
    )
    figure = change.new
    assert isinstance(figure, Figure)
    assert (figure.metric, figure.value, figure.unit) == ("net-result", 20_000_000, "EUR")
    assert figure.printed == "20 millions d'euros"


def test_an_edit_cannot_leave_a_deal_without_its_parties(store: FactStore) -> None:
    with pytest.raises(MissingFieldsError, match="a deal needs a target") as raised:
        edit_fields(store, "sfr-takes-over-numergy", {"target": ""})
    assert raised.value.fields == ("target",)


def test_same_name_finds_the_record_an_alias_names(store: FactStore) -> None:
    article = dataclasses.replace(CLUBIC, text="La conférence HPE Discover.")
    hp = same_name(store, "company", article, 14, 17)
    assert hp is not None
    assert hp.id == "hp"
    assert same_name(store, "company", article, 14, 26) is None  # "HPE Discover"
    assert same_name(store, "deal", article, 14, 17) is None


def test_rejecting_a_candidate_remembers_it_and_undoes_exactly(store: FactStore) -> None:
    start = CLUBIC.text.index("Patrick Drahi")
    made = new_record(store, "company", CLUBIC, start, start + len("Patrick Drahi")).new
    assert made is not None
    made.review = CANDIDATE
    store.add(made)
    edit = reject_candidate(store, made.id)
    roundtrip(store, edit)
    apply_edit(store, edit)
    [rejection] = store.of_kind("rejection")
    assert isinstance(rejection, Rejection)
    assert (rejection.kind, rejection.key, rejection.article) == (
        "company",
        "patrickdrahi",
        CLUBIC.id,
    )
    assert rejected(store, made)
    with pytest.raises(EditError, match="not a candidate"):
        reject_candidate(store, "numergy")


def test_a_new_event_is_prefilled_with_the_companies_its_passage_names(store: FactStore) -> None:
    article = dataclasses.replace(CLUBIC, text="SFR et Numergy ouvrent un centre.")
    event = new_record(store, "event", article, 0, len(article.text)).new
    assert isinstance(event, Event)
    assert event.entities == ["sfr", "numergy"]
    assert missing_fields(event) == []


def test_rejections_are_saved_in_their_own_section_and_load_back(
    store: FactStore, tmp_path: Path
) -> None:
    assert "rejections" not in dump_facts(store)  # no empty section in a file without any
    store.add(Rejection(id="rejected-bull", kind="company", article=CLUBIC.id, key="bull"))
    text = dump_facts(store)
    assert "rejections:\n- id: rejected-bull\n  kind: company\n" in text
    (tmp_path / "facts.yaml").write_text(text, "utf-8")
    loaded = load_facts(tmp_path / "facts.yaml", ARTICLES)
    assert loaded.problems == []
    assert dump_facts(loaded.store) == text
