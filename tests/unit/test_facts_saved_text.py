"""A save after an edit writes again only the records it changed, and the file is still, to
the byte, the file a whole dump of the store writes: whatever the records hold, and however
they were changed (by an edit, or in place)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive_gui.core.archive.articles import load_articles
from archive_gui.core.archive.yamlio import YamlItemCache, dump_yaml, dump_yaml_reusing
from archive_gui.core.facts.anchors import Anchor
from archive_gui.core.facts.editing import edit_field
from archive_gui.core.facts.fields import KIND_FIELDS, FieldType
from archive_gui.core.facts.file import dump_facts, load_facts, parse_facts
from archive_gui.core.facts.records import (
    RECORD_TYPES,
    Amount,
    ArticleNote,
    Company,
    Conflict,
    ConflictValue,
    Deal,
    Evidence,
    FactStore,
    Record,
    Rejection,
    Role,
    Seller,
)
from archive_gui.core.facts.session import FactsSession
from tests.conftest import PROJECT

# Every facts file the project ships: the archive's and the package's copy of the sample.
FACTS_FILES = sorted(
    {
        PROJECT / "facts.yaml",
        *PROJECT.glob("src/**/facts.yaml"),
        *PROJECT.glob("tests/**/facts.yaml"),
    }
)

# Text YAML must quote, escape or fold: indicators, words it reads as other types, spaces at
# either end, line breaks of every kind, no-break spaces, characters it escapes.
ODD_TEXTS = [
    "", " ", "  leading", "trailing  ", "a: b", "a:b", "key:", "# not a comment", "a #b",
    "'single'", '"double"', "it's", "- dash", "-", "--", "---", "--- x", "...", "?", "? x",
    ": x", "|", ">", "|-", "[a, b]", "{a: b}", ", comma", "&anchor", "*alias", "!tag", "!!str",
    "%TAG", "@at", "`tick", "null", "Null", "~", "yes", "No", "on", "OFF", "true", "y", "1",
    "-1", "1.5", "1e3", "0x1F", "0o17", "0b101", "1_000", ".inf", "-.inf", ".nan", "12:30:45",
    "2015", "2015-01", "2015-01-02", "2015-13-45", "2015-01-02 10:00:00", "2001-12-14t21:59:43",
    "=", "<<", "a\nb", "a\n\nb", "\n", "line\n", "\nline", "a\n b", "a \nb", "tab\there",
    "\t", "a\r\nb", "a\rb", "\x85", "a\u2028b", "a\u2029b", "\u00a0", "a\u00a0b", "\u00a0x",
    "\ufeffbom", "\x07bell", "\x00nul", "\x1b[0m", "é", "Thalès l’Etat « cité »", "日本語",
    "emoji 😀", "\U0001f600" * 3, "\\back\\slash", "a\\nb", "\u200b", "\ufffd", "\x7f",
]  # fmt: skip
WORDS = ["le", "rachat", "de", "Numergy", "par", "SFR", "l’hébergeur", "a:", "#", "'", "\u00a0"]
# Lines over the width of 100 that YAML folds, made of a few draws (drawing 300 characters
# one by one would make the test slow for nothing).
long_line = st.builds(
    lambda words, times: " ".join(words * times),
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=5),
    st.integers(20, 80),
)
text = st.one_of(
    st.sampled_from(ODD_TEXTS),
    st.text(st.characters(exclude_categories=["Cs"]), max_size=30),
    st.text(st.sampled_from(" :#'\"-\n\u00a0a\té"), max_size=30),
    long_line,
    st.text(min_size=1, max_size=12).map(lambda t: t * (320 // len(t))),
    st.lists(st.sampled_from(ODD_TEXTS), min_size=2, max_size=5).map("\n".join),
)
number = st.one_of(
    st.none(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0.0, -0.0, 1.0, 22.5, 33.0, 1e16, 1e-7]),
)
date = st.one_of(st.none(), text, st.dates().map(str))


def _value(kind: FieldType) -> st.SearchStrategy[Any]:
    """Values of a field of this type, as records may hold them, oddities included."""
    if kind in (FieldType.LINES, FieldType.COMPANIES):
        return st.lists(text, max_size=4)
    if kind in (FieldType.NUMBER, FieldType.PERCENT):
        return number
    if kind is FieldType.DATE:
        return date
    if kind is FieldType.AMOUNT:
        amounts = st.builds(Amount, st.floats(0, 1e12), text)
        return st.one_of(st.none(), st.just("undisclosed"), text, amounts)
    if kind is FieldType.SELLERS:
        return st.lists(st.builds(Seller, text, number), max_size=3)
    if kind is FieldType.ROLES:
        roles = st.builds(Role, text, st.none() | text, st.none() | date)
        return st.lists(roles, max_size=3)
    return st.none() | text


anchors = st.builds(
    Anchor,
    article=text,
    start=st.integers(0, 10**6),
    end=st.integers(0, 10**6),
    quote=text,
    prefix=text,
    suffix=text,
    orphaned=st.booleans(),
)
# A passage placed anew and not yet confirmed saves its original.
proposed = st.builds(lambda a, b: dataclasses.replace(a, original=b), anchors, anchors)
passage = st.builds(Evidence, anchors | proposed, st.lists(text, max_size=3).map(tuple))
evidence = st.lists(passage, max_size=3)
conflicts = st.lists(
    st.builds(
        Conflict,
        text,
        st.lists(st.builds(ConflictValue, text, st.none() | text), max_size=3).map(tuple),
        text,
    ),
    max_size=2,
)


@st.composite
def records(draw: st.DrawFn, kind: str, record_id: str) -> Record:
    """A record of ``kind`` with every field drawn, common fields included."""
    common: dict[str, Any] = {
        "id": record_id,
        "evidence": draw(evidence),
        "review": draw(st.sampled_from(["confirmed", "candidate"]) | text),
        "notes": draw(st.none() | text),
        "tags": draw(st.lists(text, max_size=3)),
        "conflicts": draw(conflicts),
    }
    if kind == "article_note":
        return ArticleNote(**common, article=draw(text))
    if kind == "rejection":
        return Rejection(**common, kind=draw(text), article=draw(st.none() | text), key=draw(text))
    own = {f.name: draw(_value(f.type)) for f in KIND_FIELDS[kind]}
    return RECORD_TYPES[kind](**common, **own)


@st.composite
def stores(draw: st.DrawFn) -> FactStore:
    """A store of records of every kind (any kind may have none), in any order."""
    kinds = draw(st.lists(st.sampled_from(sorted(RECORD_TYPES)), max_size=10))
    return FactStore(draw(records(kind, f"r{i}-{kind}")) for i, kind in enumerate(kinds))


# What an edit does to a record: a field set (as an editor does it, or in place), a list
# changed in place, a passage added, the record removed, a new one added; and what no editor
# does but a saved file must survive all the same: a date object in a date field, one tags
# list shared by two records (the file then holds an anchor and its alias).
EDITS = ["set", "notes", "tags", "passage", "remove", "add", "date", "share"]
edits = st.lists(
    st.tuples(st.sampled_from(EDITS), st.data()),
    min_size=1,
    max_size=6,
)


def _edit(store: FactStore, what: str, data: st.DataObject, serial: int) -> None:
    """Changes ``store`` as ``what`` says, mostly in place (which changes no record's id)."""
    if what == "add" or not len(store):
        kind = data.draw(st.sampled_from(sorted(RECORD_TYPES)))
        store.add(data.draw(records(kind, f"new{serial}-{kind}")))
        return
    record = data.draw(st.sampled_from(list(store)))
    if what == "remove":
        store.remove(record.id)
    elif what == "notes":
        record.notes = data.draw(st.none() | text)
    elif what == "tags":
        record.tags.append(data.draw(text))
    elif what == "passage":
        record.evidence.append(data.draw(passage))
    elif what == "share":
        record.tags = data.draw(st.sampled_from(list(store))).tags
    elif what == "date":
        dates = [f.name for f in KIND_FIELDS.get(record.KIND, ()) if f.type is FieldType.DATE]
        if dates:
            setattr(record, data.draw(st.sampled_from(dates)), data.draw(st.dates()))
    elif KIND_FIELDS.get(record.KIND):
        declared = data.draw(st.sampled_from(KIND_FIELDS[record.KIND]))
        setattr(record, declared.name, data.draw(_value(declared.type)))


@settings(max_examples=150, deadline=None)
@given(stores(), edits)
def test_each_save_is_the_whole_dump_to_the_byte(store: FactStore, changes: list[Any]) -> None:
    """One cache through a store's life, as a session keeps it from one save to the next."""
    cache = YamlItemCache()
    assert dump_facts(store, cache) == dump_facts(store)
    for serial, (what, data) in enumerate(changes):
        _edit(store, what, data, serial)
        assert dump_facts(store, cache) == dump_facts(store)
        assert len(cache) <= len(store)  # what the last dump did not use is let go


@pytest.mark.parametrize("path", FACTS_FILES, ids=lambda p: str(p.relative_to(PROJECT)))
def test_shipped_facts_are_saved_as_they_are(path: Path) -> None:
    store = load_facts(path).store
    cache = YamlItemCache()
    text = path.read_text("utf-8")
    assert dump_facts(store, cache) == text
    assert dump_facts(store, cache) == text  # every record from the cache this time


def test_a_record_changed_in_place_is_saved_with_its_change() -> None:
    """The text kept for a record is its content's: a record changed in place, the same
    object, is written anew, never with its text from before."""
    store = load_facts(PROJECT / "facts.yaml").store
    cache = YamlItemCache()
    before = dump_facts(store, cache)
    numergy = store["numergy"]
    numergy.notes = "Vérifié: le 23 novembre.\nDeux lignes."
    numergy.tags.append("à revoir")
    after = dump_facts(store, cache)
    assert after == dump_facts(store) != before
    assert load_facts_text(after)["numergy"].notes == numergy.notes
    assert load_facts_text(after)["numergy"].tags == numergy.tags


def test_values_that_print_alike_are_saved_as_themselves() -> None:
    """A date and its text, 1 and 1.0, True and "True" give other text each."""
    a = Deal(id="a", kind="merger")
    store = FactStore([a, Deal(id="b", kind="merger")])
    cache = YamlItemCache()
    for closed, stake in [
        ("2015-01-02", 1), (dt.date(2015, 1, 2), 1.5), ("2015-01-02", 1.5), (None, True),
        ("true", 1), (True, 1),
    ]:  # fmt: skip
        a.closed, a.stake_after = closed, stake  # type: ignore[assignment]  # on purpose
        assert dump_facts(store, cache) == dump_facts(store)


def test_lists_two_records_share_are_saved_as_a_whole_dump_writes_them() -> None:
    """Two records holding one list object: PyYAML writes an anchor and an alias, numbered
    across the file, which no record's text alone has; the file is still the whole dump's."""
    a, b = Company(id="a", name="A"), Company(id="b", name="B")
    b.tags = a.tags = ["shared"]
    store = FactStore([a, b])
    cache = YamlItemCache()
    assert dump_facts(store, cache) == dump_facts(store)
    assert "&id001" in dump_facts(store, cache)
    b.tags = ["shared"]
    assert dump_facts(store, cache) == dump_facts(store)
    assert "&id001" not in dump_facts(store, cache)


plain = st.recursive(
    st.none() | st.booleans() | number | text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(text, inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(
        # Mostly keys written as themselves, some that YAML must quote.
        st.sampled_from(["schema", "a", "b", "items", "x y", "é"] * 4 + ["-", "null", "a: b", "1"]),
        st.lists(plain, min_size=1, max_size=5) | plain,
        max_size=5,
    )
)
def test_any_mapping_of_lists_is_dumped_as_dump_yaml_does(data: dict[str, Any]) -> None:
    """Beyond facts: any keys, scalars and nesting at the top and in the items."""
    cache = YamlItemCache()
    assert dump_yaml_reusing(data, cache) == dump_yaml(data)
    assert dump_yaml_reusing(data, cache) == dump_yaml(data)


def test_every_edit_a_session_saves_is_the_whole_dump(archive: Path) -> None:
    """The saves the window makes: edits, an undo, a change made in place then saved."""
    path = archive / "facts.yaml"
    session = FactsSession.open(path, load_articles(archive / "articles").articles)
    changes = [
        edit_field(session.store, "numergy", "notes", "Vérifié le 23 novembre."),
        edit_field(session.store, "fluxus", "aliases", "FranceNet\nFluxus SA: l’hébergeur"),
        edit_field(session.store, "numergy", "notes", "'quoted' # not a comment\n- two lines"),
    ]
    for change in changes:
        session.commit([change])
        assert path.read_text("utf-8") == dump_facts(session.store)
    session.commit([changes[-1]], forward=False)
    assert path.read_text("utf-8") == dump_facts(session.store)
    session.store["sfr"].notes = "changed in place"
    session.commit([])
    assert path.read_text("utf-8") == dump_facts(session.store)
    assert load_facts_text(path.read_text("utf-8"))["sfr"].notes == "changed in place"


def load_facts_text(text: str) -> FactStore:
    """The records of a facts file's text, which must load without an error."""
    loaded = parse_facts(text, Path("facts.yaml"))
    assert loaded.errors == []
    return loaded.store
