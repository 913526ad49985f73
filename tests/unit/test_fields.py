"""The field table and the record classes name the same fields: adding a field to one and
not the other fails here, not in a user's editor."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
import yaml

from archive_gui.core.archive.articles import load_articles
from archive_gui.core.facts.editing import EditError, parse_field
from archive_gui.core.facts.fields import COMMON_FIELDS, KIND_FIELDS, FieldType, shown_fields
from archive_gui.core.facts.file import dump_facts, load_facts, parse_facts
from archive_gui.core.facts.records import (
    RECORD_TYPES,
    REQUIRED_FIELDS,
    Amount,
    Company,
    FactStore,
    Record,
    Role,
    Seller,
    missing_fields,
)
from archive_gui.core.kinds import SECTIONS
from archive_gui.core.titles import format_quantity
from archive_gui.ui.record_format import record_detail_html
from tests.conftest import BUNDLED_ARTICLES, PROJECT

CURATED = load_facts(PROJECT / "facts.yaml", load_articles(BUNDLED_ARTICLES).articles).store
BASE_FIELDS = {f.name for f in dataclasses.fields(Record)} - {f.name for f in COMMON_FIELDS}


@pytest.mark.parametrize("kind", sorted(KIND_FIELDS))
def test_every_field_of_a_record_class_is_in_the_table(kind: str) -> None:
    own = {f.name for f in dataclasses.fields(RECORD_TYPES[kind])} - BASE_FIELDS
    own -= {f.name for f in COMMON_FIELDS}
    declared = {f.name for f in KIND_FIELDS[kind]}
    if kind in ("article_note", "rejection"):  # written by the app, never in a form
        assert declared == set()
    else:
        assert declared == own


def test_the_required_fields_are_the_ones_the_table_marks() -> None:
    assert REQUIRED_FIELDS["deal"] == ("acquirer", "target")
    assert REQUIRED_FIELDS["figure"] == ("entity", "unit")
    assert missing_fields(Company(id="x", name="")) == ["name"]


@pytest.mark.parametrize(
    ("kind", "name"),
    [(k, f.name) for k, fs in KIND_FIELDS.items() for f in fs if f.type is FieldType.CHOICE],
)
def test_a_choice_field_takes_its_choices_only(kind: str, name: str) -> None:
    record = next(r for r in CURATED if kind == r.KIND)
    field = next(f for f in KIND_FIELDS[kind] if f.name == name)
    assert parse_field(FactStore(), record, name, field.choices[0]) == field.choices[0]
    with pytest.raises(EditError, match="must be one of"):
        parse_field(FactStore(), record, name, "not-a-choice")


# One value of each type, as a user could have typed it.
SAMPLE_VALUES: dict[FieldType, Any] = {
    FieldType.TEXT: "some text",
    FieldType.LINES: ["one line", "another"],
    FieldType.PARAGRAPHS: "a note\nover two lines",
    FieldType.COMPANY: "acme",
    FieldType.COMPANIES: ["acme"],
    FieldType.DATE: "2015-03",
    FieldType.PERCENT: 33.5,
    FieldType.NUMBER: 12.5,
    FieldType.AMOUNT: Amount(14_000_000, "EUR"),
    FieldType.SELLERS: [Seller("acme", 20)],
    FieldType.ROLES: [Role("CEO", "acme", "2015")],
}
ACME = Company(id="acme", name="Acme")
FACT_KINDS_WITH_FIELDS = [kind for kind, fields in KIND_FIELDS.items() if fields]


def filled(kind: str) -> Record:
    """A record of ``kind`` with every field of the table holding a value."""
    values: dict[str, Any] = {
        f.name: f.choices[-1] if f.type is FieldType.CHOICE else SAMPLE_VALUES[f.type]
        for f in (*KIND_FIELDS[kind], *COMMON_FIELDS)
    }
    values["tags"] = ["a tag"]
    return RECORD_TYPES[kind](id=f"filled-{kind}", **values)


@pytest.mark.parametrize("kind", FACT_KINDS_WITH_FIELDS)
def test_every_field_is_written_and_read_back(kind: str, tmp_path: Path) -> None:
    record = filled(kind)
    loaded = parse_facts(dump_facts(FactStore([ACME, record])), tmp_path / "facts.yaml")
    assert loaded.problems == []
    assert loaded.store.get(record.id) == record


# What a record cannot exist without: a file that leaves one out is refused, with its line.
ESSENTIAL = {
    "company": {"name"},
    "person": {"name"},
    "deal": {"kind"},
    "figure": {"metric", "value"},
    "event": {"kind"},
}
# What a field the file leaves out holds, when it is not None or an empty list.
LEFT_OUT = {
    "kind": "other",  # a company's; a deal's and an event's are essential
    "status": "announced",
    "unit": "",
    "printed": "",
    "description": "",
}


@pytest.mark.parametrize(
    ("kind", "name"), [(k, f.name) for k in FACT_KINDS_WITH_FIELDS for f in KIND_FIELDS[k]]
)
def test_a_file_may_leave_out_any_field_but_the_essential_ones(
    kind: str, name: str, tmp_path: Path
) -> None:
    record = filled(kind)
    data = yaml.safe_load(dump_facts(FactStore([ACME, record])))
    [entry] = [e for e in data[SECTIONS[kind]] if e["id"] == record.id]
    del entry[name]
    loaded = parse_facts(yaml.safe_dump(data, sort_keys=False), tmp_path / "facts.yaml")
    if name in ESSENTIAL[kind]:
        [problem] = loaded.errors
        assert f"missing field '{name}'" in problem.message
        assert problem.line is not None
        assert record.id not in loaded.store
    else:
        assert loaded.errors == []
        left_out = getattr(loaded.store.get(record.id), name)
        assert left_out == LEFT_OUT.get(
            name, [] if isinstance(getattr(record, name), list) else None
        )


@pytest.mark.parametrize("kind", FACT_KINDS_WITH_FIELDS)
def test_the_detail_shows_every_field_with_its_label_and_value(kind: str) -> None:
    record = filled(kind)
    html = record_detail_html(record, FactStore([ACME, record]), {})
    for declared in shown_fields(kind):
        assert f"<h3>{declared.label}</h3>" in html
    assert "Acme" in html  # references by name, linked
    assert "record:acme" in html


def test_a_figure_shows_its_value_with_its_unit_the_french_way() -> None:
    record = filled("figure")
    html = record_detail_html(record, FactStore([ACME, record]), {})
    assert f"<p>{format_quantity(12.5, 'some text')}</p>" in html
    assert "<h3>Unit</h3>" not in html
