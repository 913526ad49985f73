"""The facts file: records round-trip, every kind of fault is named with its line."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from archive_gui.core.archive.articles import load_articles
from archive_gui.core.facts.file import (
    ERROR,
    WARNING,
    dump_facts,
    load_facts,
    parse_facts,
    save_facts,
)
from archive_gui.core.facts.records import Company, Deal, FactStore
from tests.conftest import ArticleWriter

TEXT = (
    "Orange rachète Cloudwatt à Thales, qui en détenait 22%. "
    "Le montant n'est pas public pour l'instant, selon Les Echos.\n"
)

GOOD = """\
schema: 1
companies:
- id: orange
  name: Orange
  kind: operator
  evidence:
  - article: a
    start: 0
    end: 6
    quote: Orange
    prefix: ''
    suffix: ' rachète Cloudwatt à Thales, qui'
- id: cloudwatt
  name: Cloudwatt
  aliases:
  - CloudWatt
  kind: cloud-provider
  evidence:
  - article: a
    start: 15
    end: 24
    quote: Cloudwatt
    prefix: 'Orange rachète '
    suffix: ' à Thales, qui en détenait 22%. '
- id: thales
  name: Thales
  aliases:
  - Thalès
  kind: manufacturer
  evidence:
  - article: a
    start: 27
    end: 33
    quote: Thales
    prefix: 'Orange rachète Cloudwatt à '
    suffix: ', qui en détenait 22%. Le montan'
people: []
deals:
- id: orange-cloudwatt
  kind: acquisition
  acquirer: orange
  target: cloudwatt
  sellers:
  - company: thales
    stake: 22
  amount: undisclosed
  status: negotiating
  evidence:
  - article: a
    start: 0
    end: 55
    quote: Orange rachète Cloudwatt à Thales, qui en détenait 22%.
    prefix: ''
    suffix: ' Le montant n''est pas public pou'
    fields:
    - acquirer
    - target
    - sellers
figures: []
events: []
article_notes: []
"""


@pytest.fixture
def archive(write_article: ArticleWriter, empty_archive: Path) -> Path:
    write_article("a", TEXT)
    (empty_archive / "facts.yaml").write_text(GOOD, "utf-8")
    return empty_archive


def load(archive: Path, text: str | None = None):  # type: ignore[no-untyped-def]
    path = archive / "facts.yaml"
    if text is not None:
        path.write_text(text, "utf-8")
    return load_facts(path, load_articles(archive / "articles").articles)


def test_a_good_file_loads_every_record(archive: Path) -> None:
    loaded = load(archive)
    assert loaded.problems == []
    assert [r.id for r in loaded.store] == ["orange", "cloudwatt", "thales", "orange-cloudwatt"]
    deal = loaded.store["orange-cloudwatt"]
    assert isinstance(deal, Deal)
    assert deal.sellers[0].stake == 22
    assert deal.amount == "undisclosed"
    assert [e.anchor.quote for e in deal.evidence_for("acquirer")] == [
        "Orange rachète Cloudwatt à Thales, qui en détenait 22%."
    ]
    assert deal.evidence_for("amount") == []


def test_round_trip_gives_the_same_records_and_the_same_file(archive: Path) -> None:
    first = load(archive)
    text = dump_facts(first.store)
    assert text == GOOD
    again = parse_facts(text, archive / "facts.yaml")
    assert [vars(r) for r in again.store] == [vars(r) for r in first.store]


# (text replaced, its replacement, the line the problem must name, what it must say); the
# line is the first line of the changed file holding the third element.
BAD = [
    ("  kind: operator\n", "  kind: bank\n", "  kind: bank", "unknown kind 'bank'"),
    ("  kind: acquisition\n", "", "- id: orange-cloudwatt", "missing field 'kind'"),
    ("  status: negotiating\n", "  status: negotiating\n  announced: 2015-13\n",
     "  announced", "bad date '2015-13'"),
    ("  status: negotiating\n", "  status: negotiating\n  announced: 2015-02-30\n",
     "  announced", "bad date '2015-02-30'"),
    ("    stake: 22\n", "    stake: 122\n", "    stake: 122", "bad percentage 122"),
    ("  acquirer: orange\n", "  acquirer: free\n", "  acquirer: free", "unknown record 'free'"),
    ("  acquirer: orange\n", "  acquirer: orange\n  price: 3\n", "  price",
     "unknown field 'price'"),
    ("- id: thales\n", "- id: orange\n", "- id: orange\n  name: Thales", "duplicate id 'orange'"),
    ("schema: 1\n", "schema: 2\n", "schema: 2", "unsupported schema 2"),
    ("  name: Cloudwatt\n", "  name: [Cloudwatt\n", "  name: [Cloudwatt", "malformed YAML"),
    ("    - sellers\n", "    - sellers\n    - colour\n", "    fields:", "'colour' is not a field"),
]  # fmt: skip


def line_of(text: str, marker: str) -> int:
    return text[: text.index(marker)].count("\n") + 1


@pytest.mark.parametrize(("old", "new", "marker", "message"), BAD)
def test_each_fault_is_named_with_file_line_and_problem(
    archive: Path, old: str, new: str, marker: str, message: str
) -> None:
    assert old in GOOD
    bad = GOOD.replace(old, new, 1)
    loaded = load(archive, bad)
    errors = [p for p in loaded.problems if p.severity == ERROR]
    assert errors, loaded.problems
    assert errors[0].path == archive / "facts.yaml"
    assert message in errors[0].message
    assert errors[0].line == line_of(bad, marker), errors[0]


# Malformed YAML, one mistake each: (text replaced, its replacement with the mistake, the
# line of the mistake); the problem must name that line, not where the parser noticed it.
MALFORMED = [
    ("  name: Orange\n", "  name Orange\n", "  name Orange"),  # a key without its colon
    ("  name: Orange\n", "  name: 'Orange\n", "  name: 'Orange"),  # a quote left open
    ("  name: Cloudwatt\n", "  name: \"Cloudwatt\n", "  name: \"Cloudwatt"),
    ("  name: Cloudwatt\n", "  name: [Cloudwatt\n", "  name: [Cloudwatt"),  # a list left open
    ("  - company: thales\n    stake: 22\n", "  - {company: thales, stake: 22\n", "  - {"),
    ("  kind: operator\n", "\tkind: operator\n", "\tkind"),  # a tab
    ("  kind: operator\n", "  kind: operator: big\n", "  kind: operator: big"),
    ("  kind: operator\n", " kind: operator\n", " kind: operator"),  # indentation
    ("  kind: operator\n", "  kind: *operator\n", "  kind: *operator"),  # an unknown alias
    ("  kind: operator\n", "  kind: !!python/object:os.system x\n", "  kind: !!"),  # unsafe
    ("  kind: operator\n", "  ? [kind]\n  : operator\n", "  ? [kind]"),  # not a key
    ("article_notes: []\n", "article_notes: []\n- stray\n", "- stray"),  # at the very end
    ("article_notes: []\n", "article_notes: [\n", "article_notes: ["),
]  # fmt: skip


@pytest.mark.parametrize(("old", "new", "marker"), MALFORMED)
def test_a_yaml_error_names_the_line_of_the_mistake(
    archive: Path, old: str, new: str, marker: str
) -> None:
    assert old in GOOD
    bad = GOOD.replace(old, new, 1)
    [problem] = load(archive, bad).problems
    assert problem.message.startswith("malformed YAML"), problem
    assert problem.line == line_of(bad, marker), problem


def test_a_passage_naming_an_unknown_article_is_kept_and_flagged(archive: Path) -> None:
    old = "  - article: a\n    start: 0\n    end: 6\n"
    bad = GOOD.replace(old, old.replace("article: a", "article: z"), 1)
    loaded = load(archive, bad)
    [problem] = loaded.problems
    assert (problem.severity, problem.line) == (WARNING, line_of(bad, "  - article: z"))
    assert "a passage of 'orange' names article 'z', which is not in the archive" in str(problem)
    assert [e.anchor.article for e in loaded.store["orange"].evidence] == ["z"]
    assert "  - article: z\n    start: 0\n    end: 6\n    quote: Orange\n" in dump_facts(
        loaded.store
    )


def test_a_passage_found_again_with_its_context_moves_without_a_warning(archive: Path) -> None:
    (archive / "articles" / "a.md").write_text(
        "---\nid: a\ntitle: T\npublished: 2015-01-01\nlanguage: fr\n---\nDepuis mars, " + TEXT,
        "utf-8",
    )
    loaded = load(archive)
    assert loaded.problems == []
    orange = loaded.store["orange"]
    assert (orange.evidence[0].anchor.start, orange.evidence[0].anchor.end) == (13, 19)
    assert loaded.reanchored == ["cloudwatt", "orange", "orange-cloudwatt", "thales"]
    assert loaded.moved == {"a": 4}
    save_facts(archive / "facts.yaml", loaded.store)
    again = load(archive)
    assert (again.problems, again.moved) == ([], {})


def test_a_quote_with_a_typo_is_a_warning_and_never_rewritten_by_a_save(archive: Path) -> None:
    typo = GOOD.replace("quote: Cloudwatt", "quote: Cloudvatt", 1)
    loaded = load(archive, typo)
    [problem] = loaded.problems
    assert problem.severity == WARNING
    assert "awaits a person's confirmation" in problem.message
    anchor = loaded.store["cloudwatt"].evidence[0].anchor
    assert (anchor.quote, anchor.awaiting_confirmation) == ("Cloudwatt", True)
    save_facts(archive / "facts.yaml", loaded.store)
    saved = (archive / "facts.yaml").read_text("utf-8")
    assert "quote: Cloudvatt" in saved
    assert "quote: Cloudwatt" not in saved
    assert [p.message for p in load(archive).problems] == [problem.message]


def test_a_passage_outside_its_article_is_orphaned_not_dropped(archive: Path) -> None:
    (archive / "articles" / "a.md").write_text(
        "---\nid: a\ntitle: T\npublished: 2015-01-01\nlanguage: fr\n---\nCourt.\n", "utf-8"
    )
    loaded = load(archive)
    deal = loaded.store["orange-cloudwatt"]
    assert deal.evidence[0].anchor.orphaned
    assert any("outside article 'a'" in p.message for p in loaded.problems)
    assert "orphaned: true" in dump_facts(loaded.store)


def test_names_and_aliases_resolve_to_records(archive: Path) -> None:
    store = load(archive).store
    assert store.by_name("CLOUDWATT") is store["cloudwatt"]
    assert store.by_name("thalès") is store["thales"]
    assert store.by_name("Thal") is None


def test_saving_keeps_a_backup_of_the_previous_version(archive: Path) -> None:
    loaded = load(archive)
    store = loaded.store
    store.add(Company(id="sfr", name="SFR", kind="operator"))
    save_facts(archive / "facts.yaml", store)
    assert (archive / "facts.yaml.bak").read_text("utf-8") == GOOD
    assert [r.id for r in load(archive).store][-2:] == ["sfr", "orange-cloudwatt"]


def test_a_crash_during_save_leaves_the_last_good_file(
    archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = FactStore()

    def crash(*_: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="disk full"):
        save_facts(archive / "facts.yaml", store)
    assert (archive / "facts.yaml").read_text("utf-8") == GOOD
    assert [p.name for p in archive.iterdir() if p.name.endswith(".tmp")] == []


def test_a_missing_file_is_an_empty_store(empty_archive: Path) -> None:
    loaded = load_facts(empty_archive / "facts.yaml")
    assert len(loaded.store) == 0
    assert loaded.problems == []


def test_a_seller_whose_stake_is_not_printed_is_written_without_it(tmp_path: Path) -> None:
    from archive_gui.core.facts.file import dump_facts, record_dict
    from archive_gui.core.facts.records import Company, Deal, FactStore, Seller

    store = FactStore([Company(id="sfr", name="SFR"), Company(id="atos", name="Atos")])
    deal = Deal(id="d", kind="takeover", acquirer="sfr", target="atos",
                sellers=[Seller(company="atos"), Seller(company="sfr", stake=20.0)])  # fmt: skip
    store.add(deal)
    assert record_dict(deal)["sellers"] == [{"company": "atos"}, {"company": "sfr", "stake": 20}]
    assert "null" not in dump_facts(store)
