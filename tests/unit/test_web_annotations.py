"""W3C Web Annotations: the passages out, and back into an archive, as another tool would."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from archive_gui.core.exchange.selection import select
from archive_gui.core.exchange.webannotation import (
    ARTICLE_URI,
    W3C_CONTEXT,
    AnnotationFormatError,
    annotation_collection,
    keep_aside,
    plan_import,
    read_annotation_file,
    read_annotations,
)
from archive_gui.core.facts.editing import apply_edit
from archive_gui.core.facts.records import CANDIDATE, FactStore
from archive_gui.core.library import Library

FACT_KINDS = ("company", "person", "deal", "figure", "event")


@pytest.fixture
def library(archive: Path) -> Library:
    return Library.open(archive)


def exported(library: Library) -> dict[str, Any]:
    return annotation_collection(select(library.store, library.articles, namespace="sample"))


def items(collection: dict[str, Any]) -> list[dict[str, Any]]:
    return list(collection["first"]["items"])


def passages(store: FactStore) -> set[tuple[str, str, int, int, str, tuple[str, ...]]]:
    return {
        (r.id, e.anchor.article, e.anchor.start, e.anchor.end, e.anchor.quote, e.fields)
        for r in store
        if r.KIND in FACT_KINDS
        for e in r.evidence
    }


def empty_copy(library: Library, tmp_path: Path) -> Library:
    """The same articles with no facts: another person's archive of the same pages."""
    root = tmp_path / "copy"
    shutil.copytree(library.paths.articles_dir, root / "articles")
    (root / "facts.yaml").write_text("schema: 1\n", encoding="utf-8")
    return Library.open(root)


def test_one_annotation_per_passage_with_the_w3c_shapes(library: Library) -> None:
    collection = exported(library)
    assert collection["@context"][0] == W3C_CONTEXT
    assert collection["type"] == "AnnotationCollection"
    annotations = items(collection)
    assert collection["total"] == len(annotations) == len(passages(library.store))
    assert len({a["id"] for a in annotations}) == len(annotations)
    for annotation in annotations:
        assert annotation["type"] == "Annotation"
        assert set(annotation) >= {"id", "type", "body", "target"}
        target = annotation["target"]
        article = library.article(target["source"].removeprefix(ARTICLE_URI))
        quote, position = target["selector"]
        assert quote["type"] == "TextQuoteSelector"
        assert set(quote) == {"type", "exact", "prefix", "suffix"}
        assert position["type"] == "TextPositionSelector"
        assert article.text[position["start"] : position["end"]] == quote["exact"]
        assert article.text[: position["start"]].endswith(quote["prefix"])
        assert article.text[position["end"] :].startswith(quote["suffix"])
        record = annotation["body"][0]
        assert record["purpose"] == "identifying"
        assert record["archive:kind"] in FACT_KINDS


def test_bodies_name_the_record_its_fields_notes_and_tags(library: Library) -> None:
    tagged_record = library.store["numergy"].copy()
    tagged_record.tags = ["cloud souverain", "état"]
    library.store.replace(tagged_record)
    annotations = items(exported(library))
    numergy = [a for a in annotations if a["body"][0]["id"].endswith(":sfr-takes-over-numergy")]
    record = library.store["sfr-takes-over-numergy"]
    assert len(numergy) == len(record.evidence)
    body = numergy[0]["body"]
    assert body[0]["archive:name"] == "SFR → Numergy (takeover)"
    assert body[0]["archive:fields"] == list(record.evidence[0].fields)
    assert body[0]["archive:record"]["acquirer"] == "sfr"
    comments = [b for b in body if b.get("purpose") == "commenting"]
    assert [c["value"] for c in comments] == [record.notes]
    tagged = next(a for a in annotations if any(b.get("purpose") == "tagging" for b in a["body"]))
    record_id = tagged["body"][0]["id"].rsplit(":", 1)[1]
    tags = [b["value"] for b in tagged["body"] if b.get("purpose") == "tagging"]
    assert (record_id, tags) == ("numergy", ["cloud souverain", "état"])


def test_export_then_import_into_a_copy_gives_the_same_passages(
    library: Library, tmp_path: Path
) -> None:
    copy = empty_copy(library, tmp_path)
    plan = plan_import(copy.store, copy.articles, read_annotations(json.dumps(exported(library))))
    assert plan.kept_aside == []
    copy.commit(plan.edit)
    assert passages(copy.store) == passages(library.store)
    made = [r for r in copy.store if r.KIND in FACT_KINDS]
    assert {r.review for r in made} == {CANDIDATE}  # another's records, to be reviewed
    deal = copy.store["sfr-takes-over-numergy"]
    assert deal.label == library.store["sfr-takes-over-numergy"].label
    reopened = Library.open(copy.paths.root)  # saved, and read back without a problem
    assert passages(reopened.store) == passages(library.store)
    assert reopened.problems == []


def test_importing_twice_attaches_nothing_twice(library: Library) -> None:
    plan = plan_import(library.store, library.articles, items(exported(library)))
    assert (plan.attached, plan.created, plan.edit) == (0, [], [])
    assert plan.already_there == len(passages(library.store))


def test_a_passage_comes_back_to_its_existing_record(library: Library) -> None:
    annotations = items(exported(library))
    record = library.store["sfr-takes-over-numergy"].copy()
    lost = record.evidence.pop()
    library.store.replace(record)
    plan = plan_import(library.store, library.articles, annotations)
    assert (plan.attached, plan.created) == (1, [])
    apply_edit(library.store, plan.edit)
    back = library.store["sfr-takes-over-numergy"].evidence
    assert back[-1].anchor == lost.anchor
    assert back[-1].fields == lost.fields
    assert plan.summary().startswith("1 passages attached")


def test_the_whole_import_is_one_edit_that_undoes(library: Library, tmp_path: Path) -> None:
    copy = empty_copy(library, tmp_path)
    plan = plan_import(copy.store, copy.articles, items(exported(library)))
    copy.commit(plan.edit)
    copy.commit(plan.edit, forward=False)
    assert passages(copy.store) == set()
    assert Library.open(copy.paths.root).store.of_kind("deal") == []


def one(library: Library, record_id: str) -> dict[str, Any]:
    return next(a for a in items(exported(library)) if a["body"][0]["id"].endswith(f":{record_id}"))


def test_an_unknown_article_and_a_lost_quote_are_kept_aside_with_why(
    library: Library, tmp_path: Path
) -> None:
    elsewhere = one(library, "numergy")
    elsewhere["target"]["source"] = f"{ARTICLE_URI}not-here"
    changed = json.loads(json.dumps(one(library, "sfr")))
    changed["target"]["selector"][0]["exact"] = "Bouygues Telecom"
    changed["target"]["selector"][1]["end"] = changed["target"]["selector"][1]["start"] + 16
    alone = next(r for r in library.store.of_kind("company") if not list(r.references()))
    good = one(library, alone.id)
    copy = empty_copy(library, tmp_path)
    plan = plan_import(copy.store, copy.articles, [elsewhere, changed, good])
    reasons = {k.name: k.reason for k in plan.kept_aside}
    article = changed["target"]["source"].removeprefix(ARTICLE_URI)
    assert reasons == {
        elsewhere["id"]: "its article 'not-here' is not in this archive",
        changed["id"]: f"«Bouygues Telecom» is not in '{article}' word for word",
    }
    assert plan.attached == 1
    assert plan.created == [alone.id]
    written = keep_aside(copy.paths.kept_aside_dir, Path("theirs.jsonld"), plan.kept_aside)
    again = read_annotation_file(written)  # a person can fix them and import them again
    assert [a["id"] for a in again] == [elsewhere["id"], changed["id"]]
    assert again[0]["archive:keptAside"] == reasons[elsewhere["id"]]
    assert keep_aside(copy.paths.kept_aside_dir, Path("theirs.jsonld"), plan.kept_aside) != written


def test_another_tools_annotation_with_short_context_and_no_position_anchors(
    library: Library,
) -> None:
    """Hypothesis-like: a quote with a few characters of context, no offsets."""
    annotation = one(library, "sfr-takes-over-numergy")
    quote = annotation["target"]["selector"][0]
    quote["prefix"], quote["suffix"] = quote["prefix"][-8:], quote["suffix"][:5]
    annotation["target"]["selector"] = quote
    annotation["@context"] = W3C_CONTEXT
    record = library.store["sfr-takes-over-numergy"].copy()
    lost = record.evidence.pop(0)
    library.store.replace(record)
    plan = plan_import(library.store, library.articles, read_annotations(json.dumps(annotation)))
    assert plan.kept_aside == []
    assert plan.attached == 1
    placed = plan.edit[0].new
    assert placed is not None
    anchor = placed.evidence[-1].anchor
    assert (anchor.article, anchor.start, anchor.end) == (
        lost.anchor.article,
        lost.anchor.start,
        lost.anchor.end,
    )


def test_a_made_record_that_refers_to_a_missing_company_is_kept_aside(
    library: Library, tmp_path: Path
) -> None:
    deal = one(library, "sfr-takes-over-numergy")
    copy = empty_copy(library, tmp_path)
    plan = plan_import(copy.store, copy.articles, [deal])
    assert plan.edit == []
    assert plan.attached == 0
    [kept] = plan.kept_aside
    assert "refers to 'sfr', which neither the archive nor the file has" in kept.reason


def test_a_record_of_another_kind_or_unknown_field_is_kept_aside(library: Library) -> None:
    wrong_kind = one(library, "sfr")
    wrong_kind["body"][0]["archive:kind"] = "person"
    wrong_field = one(library, "numergy")
    wrong_field["body"][0]["archive:fields"] = ["acquirer"]
    plan = plan_import(library.store, library.articles, [wrong_kind, wrong_field])
    reasons = [k.reason for k in plan.kept_aside]
    assert reasons == [
        "it names 'sfr', a person in the file but a company here",
        "it supports 'acquirer', which is not a field of a company",
    ]


def test_json_lines_pages_lists_and_single_annotations_are_read(library: Library) -> None:
    annotations = items(exported(library))[:3]
    lines = "\n".join(json.dumps({"@context": W3C_CONTEXT, **a}) for a in annotations)
    page = {"@context": W3C_CONTEXT, "type": "AnnotationPage", "items": annotations}
    for text in (lines, json.dumps(page), json.dumps(annotations), json.dumps(annotations[0])):
        found = read_annotations(text)
        assert [a["id"] for a in found] == [a["id"] for a in annotations[: len(found)]]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"type": "Annotation",', "malformed JSON, line 1 column 23"),
        ("", "the file is empty"),
        ("Title,Date\nx,y\n", "not W3C Web Annotations: they are JSON, and this is not"),
        (
            '{"@context": "https://schema.org", "type": "Annotation", "target": "x"}',
            'its @context is "https://schema.org"',
        ),
        ('{"id": "x", "schema": "Company", "properties": {}}', "an object without a 'type'"),
        (
            '{"type": "Annotation", "id": "a1", "target": {"source": "urn:x"}}',
            "annotation 1 (a1) has no TextQuoteSelector or TextPositionSelector",
        ),
        ('{"type": "Annotation", "body": []}', "annotation 1 has no target"),
        (
            '{"type": "Annotation", "target": {"source": "s", "selector": '
            '{"type": "TextPositionSelector", "start": 9, "end": 3}}}',
            "needs whole numbers 0 <= start < end",
        ),
    ],
)
def test_a_file_that_is_not_w3c_annotations_is_refused_with_one_message(
    text: str, message: str
) -> None:
    with pytest.raises(AnnotationFormatError) as caught:
        read_annotations(text)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_an_unreadable_file_is_one_message(tmp_path: Path) -> None:
    latin = tmp_path / "latin1.json"
    latin.write_bytes('{"a": "Société"}'.encode("latin-1"))
    with pytest.raises(AnnotationFormatError, match="not UTF-8 text"):
        read_annotation_file(latin)
    with pytest.raises(AnnotationFormatError, match="cannot read it"):
        read_annotation_file(tmp_path / "missing.json")
