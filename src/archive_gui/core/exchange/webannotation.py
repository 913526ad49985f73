"""W3C Web Annotations of the passages, out and back in.

Out: one annotation per passage, as Hypothesis, Recogito and other annotation tools exchange
them. Its target is the article (``urn:x-archive-gui:article:ID``) with a TextQuoteSelector
(the words and 32 characters of context each side) and a TextPositionSelector (character
offsets, as the app counts them); its bodies are the record it supports (``purpose:
identifying``, with the record's kind, name, the fields the passage supports and the record
itself, so that another archive can make it), the record's notes (commenting) and tags
(tagging). The file is an AnnotationCollection in JSON-LD with the W3C context.

In: ``read_annotations`` accepts that file, an AnnotationPage, a list of annotations, one
annotation or JSON Lines, and refuses the whole file, with one message, when it is not W3C
annotations (malformed JSON, another context, an annotation without a target or selector).
``plan_import`` then places each annotation on its article with the app's own anchoring and
attaches it to the record its body names, made as a candidate when the archive has none. An
annotation whose article is not in the archive, or whose words are not found there word for
word, is kept aside with the reason, never dropped; what is attached is one edit.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from archive_gui.core.archive.articles import Article
from archive_gui.core.archive.fileio import atomic_write_text
from archive_gui.core.exchange.selection import Selection
from archive_gui.core.facts.anchors import (
    MOVED,
    PROPOSED,
    UNCHANGED,
    Anchor,
    make_anchor,
    relocate,
)
from archive_gui.core.facts.editing import RecordChange
from archive_gui.core.facts.fields import KIND_FIELDS
from archive_gui.core.facts.file import record_dict, record_from_dict
from archive_gui.core.facts.records import (
    CANDIDATE,
    Evidence,
    FactStore,
    Record,
)
from archive_gui.core.kinds import FACT_KINDS
from archive_gui.core.titles import record_title

W3C_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
URN = "urn:x-archive-gui"
ARTICLE_URI = f"{URN}:article:"
RECORD_URI = f"{URN}:record:"
# The app's own terms in an annotation's record body, mapped by the second context.
VOCAB = {"archive": f"{URN}:vocab#"}
CONTEXT: list[Any] = [W3C_CONTEXT, VOCAB]
GENERATOR = {"id": URN, "type": "Software", "name": "Archive Browser"}


class AnnotationFormatError(ValueError):
    """A file that is not W3C annotations this app reads; the message says why, in one line."""


# -- out --------------------------------------------------------------------------------------


def annotation_collection(selection: Selection) -> dict[str, Any]:
    """The selection's passages as one AnnotationCollection (JSON-LD), in memory."""
    text = "".join(collection_text(collection_head(selection), passage_annotations(selection)))
    return json.loads(text)  # type: ignore[no-any-return]


def collection_head(selection: Selection) -> dict[str, Any]:
    """What an AnnotationCollection of the selection says of itself, before its items."""
    return {
        "@context": CONTEXT,
        "id": f"{URN}:collection:{selection.namespace}",
        "type": "AnnotationCollection",
        "label": f"Passages of the archive '{selection.namespace}'",
        "generator": GENERATOR,
    }


def collection_text(head: dict[str, Any], items: Iterable[dict[str, Any]]) -> Iterator[str]:
    """A collection's JSON made piece by piece, its items one a line, its total after them:
    a large archive's is never whole in memory."""
    page = '"first": {"type": "AnnotationPage", "startIndex": 0, "items": ['
    yield json.dumps(head, ensure_ascii=False)[:-1] + f", {page}\n"
    total = 0
    for item in items:
        yield ("" if total == 0 else ",\n") + json.dumps(item, ensure_ascii=False)
        total += 1
    yield f'\n]}}, "total": {total}}}\n'


def passage_annotations(selection: Selection) -> Iterator[dict[str, Any]]:
    """One annotation per passage kept, its id stable: the record's id and the passage's rank."""
    for record in selection.records:
        evidence = selection.evidence(record)
        if not evidence:
            continue
        data = {k: v for k, v in record_dict(record).items() if k != "evidence"}
        name = record_title(record, selection.store)
        for n, passage in enumerate(evidence, 1):
            identifying = {
                "id": f"{RECORD_URI}{record.id}",
                "purpose": "identifying",
                "archive:kind": record.KIND,
                "archive:name": name,
                "archive:fields": list(passage.fields),
                "archive:record": data,
            }
            yield {
                "id": f"{URN}:annotation:{selection.namespace}:{record.id}:{n}",
                "type": "Annotation",
                "motivation": "identifying",
                "body": [identifying, *_textual_bodies(record)],
                "target": _target(passage.anchor.stored),
            }


def _textual_bodies(record: Record) -> list[dict[str, Any]]:
    """The record's notes (commenting) and tags (tagging)."""
    bodies: list[dict[str, Any]] = []
    if record.notes:
        bodies.append(
            {"type": "TextualBody", "purpose": "commenting", "value": record.notes,
             "format": "text/plain"}
        )  # fmt: skip
    bodies += [{"type": "TextualBody", "purpose": "tagging", "value": tag} for tag in record.tags]
    return bodies


def _target(anchor: Anchor) -> dict[str, Any]:
    quote = {
        "type": "TextQuoteSelector",
        "exact": anchor.quote,
        "prefix": anchor.prefix,
        "suffix": anchor.suffix,
    }
    selectors: list[dict[str, Any]] = [quote]
    if not anchor.orphaned:  # an orphan's offsets no longer hold its words
        selectors.append({"type": "TextPositionSelector", "start": anchor.start, "end": anchor.end})
    return {"source": f"{ARTICLE_URI}{anchor.article}", "selector": selectors}


# -- reading ----------------------------------------------------------------------------------


def read_annotation_file(path: Path) -> list[dict[str, Any]]:
    """The annotations of a file; AnnotationFormatError if it cannot be read or is not W3C
    annotations."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise AnnotationFormatError(f"cannot read it ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise AnnotationFormatError("not UTF-8 text: not W3C Web Annotations") from None
    return read_annotations(text)


def read_annotations(text: str) -> list[dict[str, Any]]:
    """The annotations of a file's text; AnnotationFormatError if it is not W3C annotations."""
    stripped = text.strip()
    if not stripped:
        raise AnnotationFormatError("the file is empty")
    if stripped[0] not in "[{":
        raise AnnotationFormatError("not W3C Web Annotations: they are JSON, and this is not")
    try:
        data: Any = json.loads(stripped)
    except json.JSONDecodeError as exc:
        data = _json_lines(stripped, exc)
    found = _unwrap(data)
    for n, annotation in enumerate(found, 1):
        _check(annotation, n)
    return found


def _json_lines(text: str, first_error: json.JSONDecodeError) -> list[Any]:
    """JSON Lines (one annotation a line), or the JSON error of the whole file."""
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) < 2 or not lines[0].lstrip().startswith("{"):
        raise AnnotationFormatError(
            f"malformed JSON, line {first_error.lineno} column {first_error.colno}: "
            f"{first_error.msg}"
        ) from None
    items = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            items.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise AnnotationFormatError(
                f"malformed JSON, line {number} column {exc.colno}: {exc.msg}"
            ) from None
    return items


def _unwrap(data: Any) -> list[dict[str, Any]]:
    """The annotations of a collection, a page, a list or one annotation; the context checked
    where it is given (an item of a collection inherits its collection's)."""
    if isinstance(data, list):
        return [a for item in data for a in _unwrap(item)]
    if not isinstance(data, dict):
        raise AnnotationFormatError("not W3C Web Annotations: the file holds no JSON object")
    if "@context" in data and not _w3c_context(data["@context"]):
        raise AnnotationFormatError(
            f"not W3C Web Annotations: its @context is {json.dumps(data['@context'])[:80]}, "
            f"not {W3C_CONTEXT}"
        )
    kind = data.get("type")
    if kind == "AnnotationCollection":
        first = data.get("first")
        return _unwrap(first) if first is not None else []
    if kind == "AnnotationPage":
        items = data.get("items")
        if not isinstance(items, list):
            raise AnnotationFormatError("an AnnotationPage without a list of 'items'")
        return [a for item in items for a in _unwrap(item)]
    if kind != "Annotation" and "Annotation" not in (kind if isinstance(kind, list) else []):
        what = f"a {kind!r}" if kind else "an object without a 'type'"
        raise AnnotationFormatError(f"not W3C Web Annotations: the file holds {what}")
    return [data]


def _w3c_context(context: Any) -> bool:
    if isinstance(context, list):
        return any(_w3c_context(c) for c in context)
    return isinstance(context, str) and context.rstrip("/") in (
        W3C_CONTEXT,
        "https://www.w3.org/ns/anno.jsonld",
    )


def _check(annotation: dict[str, Any], n: int) -> None:
    name = f"annotation {n}" + (f" ({annotation['id']})" if "id" in annotation else "")
    targets = _targets(annotation)
    if not targets:
        raise AnnotationFormatError(f"{name} has no target")
    for target in targets:
        if not isinstance(target.get("source"), str):
            raise AnnotationFormatError(f"{name}: its target has no source")
        if not _selectors(target):
            raise AnnotationFormatError(
                f"{name} has no TextQuoteSelector or TextPositionSelector: it names no passage"
            )
        for selector in _selectors(target):
            _check_selector(selector, name)


def _check_selector(selector: dict[str, Any], name: str) -> None:
    if selector["type"] == "TextQuoteSelector":
        if not isinstance(selector.get("exact"), str) or not selector["exact"]:
            raise AnnotationFormatError(f"{name}: its TextQuoteSelector has no 'exact' text")
        for side in ("prefix", "suffix"):
            if not isinstance(selector.get(side, ""), str):
                raise AnnotationFormatError(f"{name}: its TextQuoteSelector's {side} is not text")
        return
    start, end = selector.get("start"), selector.get("end")
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end):
        raise AnnotationFormatError(
            f"{name}: its TextPositionSelector needs whole numbers 0 <= start < end"
        )


def _targets(annotation: dict[str, Any]) -> list[dict[str, Any]]:
    target = annotation.get("target")
    items = target if isinstance(target, list) else [target]
    return [{"source": t} if isinstance(t, str) else t for t in items if isinstance(t, str | dict)]


def _selectors(target: dict[str, Any]) -> list[dict[str, Any]]:
    selector = target.get("selector")
    items = selector if isinstance(selector, list) else [selector]
    return [
        s
        for s in items
        if isinstance(s, dict) and s.get("type") in ("TextQuoteSelector", "TextPositionSelector")
    ]


# -- in ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class KeptAside:
    """An annotation the import could not attach, and why."""

    annotation: dict[str, Any]
    reason: str

    @property
    def name(self) -> str:
        return str(self.annotation.get("id", "an annotation without id"))


@dataclass
class AnnotationImport:
    """What importing a file would do: one edit, and the annotations kept aside."""

    edit: list[RecordChange] = field(default_factory=list)
    attached: int = 0
    already_there: int = 0
    created: list[str] = field(default_factory=list)
    kept_aside: list[KeptAside] = field(default_factory=list)

    def summary(self) -> str:
        parts = [f"{self.attached} passages attached"]
        if self.created:
            parts.append(f"{len(self.created)} records made as candidates")
        if self.already_there:
            parts.append(f"{self.already_there} already there")
        if self.kept_aside:
            parts.append(f"{len(self.kept_aside)} kept aside")
        return ", ".join(parts)


def plan_import(
    store: FactStore, articles: Mapping[str, Article], annotations: Sequence[dict[str, Any]]
) -> AnnotationImport:
    """The edit that attaches ``annotations`` (from ``read_annotations``) to the records of
    ``store``; nothing is changed until the caller commits it."""
    return _Importer(store, articles).run(annotations)


class _Importer:
    def __init__(self, store: FactStore, articles: Mapping[str, Article]) -> None:
        self.store = store
        self.articles = articles
        self.result = AnnotationImport()
        # Record id -> the record as the edit leaves it (changed or made).
        self.changed: dict[str, Record] = {}
        self.made: dict[str, list[dict[str, Any]]] = {}

    def run(self, annotations: Sequence[dict[str, Any]]) -> AnnotationImport:
        for annotation in annotations:
            reason = self.attach(annotation)
            if reason:
                self.result.kept_aside.append(KeptAside(annotation, reason))
        self.drop_dangling()
        for record_id, record in self.changed.items():
            old = self.store.get(record_id)
            position = self.store.position(record_id) if old is not None else None
            self.result.edit.append(RecordChange(record_id, old, record, position))
        self.result.created = [r for r in self.changed if r not in self.store]
        return self.result

    def attach(self, annotation: dict[str, Any]) -> str:
        """Attaches one annotation; returns why it could not be ("" when it was)."""
        body = _record_body(annotation)
        if body is None:
            return "its body names no record of Archive Browser"
        target = _targets(annotation)[0]
        source = str(target["source"])
        article_id = source.removeprefix(ARTICLE_URI)
        article = self.articles.get(article_id)
        if article is None:
            return f"its article '{article_id}' is not in this archive"
        placed = place(article, _selectors(target))
        if isinstance(placed, str):
            return placed
        record = self.record_for(body, annotation)
        if isinstance(record, str):
            return record
        fields = tuple(str(f) for f in body.get("archive:fields") or ())
        unknown = [f for f in fields if f not in {f.name for f in KIND_FIELDS[record.KIND]}]
        if unknown:
            return f"it supports '{unknown[0]}', which is not a field of a {record.KIND}"
        evidence = Evidence(placed, fields)
        if any(_same_passage(e, evidence) for e in record.evidence):
            self.result.already_there += 1
            return ""
        record.evidence.append(evidence)
        self.changed[record.id] = record
        self.result.attached += 1
        return ""

    def record_for(self, body: dict[str, Any], annotation: dict[str, Any]) -> Record | str:
        """The record (a copy the edit may change) the body names, made from the body's copy
        of it when the archive has none; or why there is none."""
        record_id = str(body["id"]).removeprefix(RECORD_URI)
        kind = body.get("archive:kind")
        if kind not in FACT_KINDS:
            return f"its record '{record_id}' has no known kind ({kind!r})"
        if record_id in self.changed:
            record = self.changed[record_id]
        elif record_id in self.store:
            record = self.store[record_id].copy()
        else:
            made = self.make(record_id, str(kind), body)
            if isinstance(made, str):
                return made
            record = made
        if kind != record.KIND:
            return f"it names '{record_id}', a {kind} in the file but a {record.KIND} here"
        if record_id not in self.store:
            self.made.setdefault(record_id, []).append(annotation)
        return record

    def make(self, record_id: str, kind: str, body: dict[str, Any]) -> Record | str:
        data = body.get("archive:record")
        if not isinstance(data, dict):
            return f"its record '{record_id}' is not in this archive and the file does not give it"
        data = {**data, "id": record_id, "evidence": [], "review": CANDIDATE}
        try:
            return record_from_dict(kind, data)
        except ValueError as exc:
            return f"its record '{record_id}' cannot be made: {exc}"

    def drop_dangling(self) -> None:
        """Records made here that refer to a record neither the archive nor the file has are
        not made; their annotations are kept aside."""
        while True:
            dangling: dict[str, str] = {}
            for record_id, record in self.changed.items():
                if record_id in self.store:
                    continue
                for _, ref in record.references():
                    if ref not in self.store and ref not in self.changed:
                        dangling.setdefault(record_id, ref)
            if not dangling:
                return
            for record_id, ref in dangling.items():
                record = self.changed.pop(record_id)
                self.result.attached -= len(record.evidence)
                for annotation in self.made.pop(record_id, []):
                    reason = (
                        f"its record '{record_id}' refers to '{ref}', which neither the archive "
                        "nor the file has"
                    )
                    self.result.kept_aside.append(KeptAside(annotation, reason))


def _record_body(annotation: dict[str, Any]) -> dict[str, Any] | None:
    body = annotation.get("body")
    for item in body if isinstance(body, list) else [body]:
        if isinstance(item, dict) and str(item.get("id", "")).startswith(RECORD_URI):
            return item
    return None


def _same_passage(a: Evidence, b: Evidence) -> bool:
    x, y = a.anchor.stored, b.anchor
    return (x.article, x.start, x.end) == (y.article, y.start, y.end) and a.fields == b.fields


def place(article: Article, selectors: Sequence[dict[str, Any]]) -> Anchor | str:
    """Where the selectors' passage stands in the article, by the app's anchoring (the quote
    with its context, then its position); or why it does not stand anywhere word for word."""
    text = article.text
    quote = next((s for s in selectors if s["type"] == "TextQuoteSelector"), None)
    position = next((s for s in selectors if s["type"] == "TextPositionSelector"), None)
    if quote is None:
        assert position is not None  # read_annotations refuses an annotation without either
        if position["end"] > len(text):
            return f"its position {position['start']}-{position['end']} is beyond the article's end"
        return make_anchor(article.id, text, position["start"], position["end"])
    exact = quote["exact"]
    start = position["start"] if position else 0
    probe = Anchor(
        article.id,
        start,
        start + len(exact),
        exact,
        quote.get("prefix", ""),
        quote.get("suffix", ""),
    )
    placement = relocate(probe, text)
    found = placement.anchor
    if placement.outcome in (UNCHANGED, MOVED):  # with this app's context, not the file's
        return make_anchor(article.id, text, found.start, found.end)
    if placement.outcome == PROPOSED and text[found.start : found.end] == exact:
        return make_anchor(article.id, text, found.start, found.end)  # another tool's context
    if text.count(exact) == 1:
        begin = text.index(exact)
        return make_anchor(article.id, text, begin, begin + len(exact))
    if exact in text:
        times = text.count(exact)
        return (
            f"«{_short(exact)}» is {times} times in '{article.id}'; its context does not say which"
        )
    return f"«{_short(exact)}» is not in '{article.id}' word for word"


def _short(text: str) -> str:
    words = " ".join(text.split())
    return words if len(words) <= 60 else words[:57] + "…"


def keep_aside(folder: Path, source: Path, kept: Sequence[KeptAside]) -> Path:
    """Writes the annotations kept aside to ``folder`` (the archive's ``kept-aside/``) as a
    collection an import reads again, each with its reason in ``archive:keptAside``; returns
    the file, named after the one imported and the time, never over an earlier one."""
    head = {
        "@context": CONTEXT,
        "type": "AnnotationCollection",
        "label": f"Annotations of {source.name} kept aside by an import",
    }
    items = ({**k.annotation, "archive:keptAside": k.reason} for k in kept)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    path, n = folder / f"{source.stem}-{stamp}.jsonld", 2
    while path.exists():
        path, n = folder / f"{source.stem}-{stamp}-{n}.jsonld", n + 1
    atomic_write_text(path, "".join(collection_text(head, items)))
    return path
