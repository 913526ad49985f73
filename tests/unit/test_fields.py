"""The field table and the record classes name the same fields: adding a field to one and
not the other fails here, not in a user's editor."""

from __future__ import annotations

import dataclasses

import pytest

from archive_gui.core.archive.articles import load_articles
from archive_gui.core.facts.editing import EditError, parse_field
from archive_gui.core.facts.fields import COMMON_FIELDS, KIND_FIELDS, FieldType
from archive_gui.core.facts.file import load_facts
from archive_gui.core.facts.records import (
    RECORD_TYPES,
    REQUIRED_FIELDS,
    Company,
    FactStore,
    Record,
    missing_fields,
)
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
