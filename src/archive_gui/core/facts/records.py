"""Fact records (companies, people, deals, figures, events), each tied to its passages.

Records are plain dataclasses. Every record carries its evidence: passages (anchors) of the
articles, each saying which of the record's fields it supports. ``FactStore`` holds the records
of an archive in a stable order; ``factsfile`` reads and writes them as YAML.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import ClassVar

from archive_gui.core.facts.anchors import Anchor
from archive_gui.core.facts.fields import (
    KIND_FIELDS,
)
from archive_gui.core.text import fold, slug

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
# A date as precise as the text is: a year, a month or a day.
PARTIAL_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
UNDISCLOSED = "undisclosed"
CONFIRMED = "confirmed"
CANDIDATE = "candidate"
REVIEW_STATES = (CONFIRMED, CANDIDATE)


@dataclass(frozen=True)
class Evidence:
    """A passage supporting a record; ``fields`` names the fields it supports (none: all)."""

    anchor: Anchor
    fields: tuple[str, ...] = ()

    def supports(self, name: str) -> bool:
        return not self.fields or name in self.fields


@dataclass(frozen=True)
class ConflictValue:
    value: str
    article: str | None = None


@dataclass(frozen=True)
class Conflict:
    """Sources that disagree on one field's value, kept side by side."""

    field: str
    values: tuple[ConflictValue, ...]
    note: str = ""


@dataclass(kw_only=True)
class Record:
    """What every record has: a stable id, its evidence, a review state, notes and tags."""

    KIND: ClassVar[str] = ""
    # Fields holding the ids of other records, for links and reference checks.
    REFERENCE_FIELDS: ClassVar[tuple[str, ...]] = ()

    id: str
    evidence: list[Evidence] = field(default_factory=list)
    # CONFIRMED, or CANDIDATE for a record extraction proposed and nobody has reviewed yet.
    review: str = CONFIRMED
    notes: str | None = None
    tags: list[str] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.id

    def references(self) -> Iterator[tuple[str, str]]:
        """(field, record id) for each record this one refers to."""
        for name in self.REFERENCE_FIELDS:
            value = getattr(self, name)
            if isinstance(value, str):
                yield name, value
            elif isinstance(value, list):
                yield from ((name, v) for v in value if isinstance(v, str))

    def evidence_for(self, name: str) -> list[Evidence]:
        return [e for e in self.evidence if e.supports(name)]

    def copy(self) -> Record:
        return dataclasses.replace(
            self,
            evidence=list(self.evidence),
            tags=list(self.tags),
            conflicts=list(self.conflicts),
        )


@dataclass(kw_only=True)
class Company(Record):
    KIND: ClassVar[str] = "company"
    REFERENCE_FIELDS: ClassVar[tuple[str, ...]] = ("parent",)

    name: str
    aliases: list[str] = field(default_factory=list)
    kind: str = "other"
    country: str | None = None
    parent: str | None = None

    @property
    def label(self) -> str:
        return self.name

    def names(self) -> list[str]:
        return [self.name, *self.aliases]


@dataclass(frozen=True)
class Role:
    title: str
    organisation: str | None = None
    when: str | None = None


@dataclass(kw_only=True)
class Person(Record):
    KIND: ClassVar[str] = "person"

    name: str
    roles: list[Role] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.name

    def references(self) -> Iterator[tuple[str, str]]:
        for role in self.roles:
            if role.organisation:
                yield "roles", role.organisation

    def names(self) -> list[str]:
        return [self.name]


@dataclass(frozen=True)
class Seller:
    company: str
    stake: float | None = None


@dataclass(frozen=True)
class Amount:
    value: float
    currency: str


@dataclass(kw_only=True)
class Deal(Record):
    KIND: ClassVar[str] = "deal"
    REFERENCE_FIELDS: ClassVar[tuple[str, ...]] = ("acquirer", "target")

    kind: str
    acquirer: str | None = None
    target: str | None = None
    sellers: list[Seller] = field(default_factory=list)
    stake_after: float | None = None
    announced: str | None = None
    closed: str | None = None
    # An Amount, UNDISCLOSED when the text says it is not public, None when it is silent.
    amount: Amount | str | None = None
    status: str = "announced"
    terms: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.acquirer or '?'} → {self.target or '?'} ({self.kind})"

    def references(self) -> Iterator[tuple[str, str]]:
        yield from super().references()
        for seller in self.sellers:
            yield "sellers", seller.company


@dataclass(kw_only=True)
class Figure(Record):
    KIND: ClassVar[str] = "figure"
    REFERENCE_FIELDS: ClassVar[tuple[str, ...]] = ("entity",)

    entity: str | None = None
    metric: str
    value: float
    unit: str = ""
    period: str | None = None
    printed: str = ""

    @property
    def label(self) -> str:
        return f"{self.entity or '?'} {self.metric} {self.period or ''}: {self.printed}".strip()


@dataclass(kw_only=True)
class Event(Record):
    KIND: ClassVar[str] = "event"
    REFERENCE_FIELDS: ClassVar[tuple[str, ...]] = ("entities",)

    kind: str
    entities: list[str] = field(default_factory=list)
    date: str | None = None
    description: str = ""

    @property
    def label(self) -> str:
        return self.description or f"{self.kind} {self.date or ''}".strip()


@dataclass(kw_only=True)
class ArticleNote(Record):
    """A reader's notes and tags on an article as a whole (its ``notes`` and ``tags``)."""

    KIND: ClassVar[str] = "article_note"

    article: str

    @property
    def label(self) -> str:
        return f"notes on {self.article}"


@dataclass(kw_only=True)
class Rejection(Record):
    """A candidate a reviewer rejected, remembered so that extraction does not propose it again.

    ``kind`` is the kind of the record rejected, ``article`` the article it was proposed for,
    ``key`` what identifies it (``rejection_key``): a name, "acquirer > target", a figure's
    value and unit as printed.
    """

    KIND: ClassVar[str] = "rejection"

    kind: str
    article: str | None = None
    key: str

    @property
    def label(self) -> str:
        return f"rejected {self.kind}: {self.key}"


RECORD_TYPES: dict[str, type[Record]] = {
    cls.KIND: cls for cls in (Company, Person, Deal, Figure, Event, ArticleNote, Rejection)
}
# The fields a record of each kind must have to be saved from an editor; ``check`` warns
# about records of the file that lack one.
REQUIRED_FIELDS: dict[str, tuple[str, ...]] = {
    kind: tuple(f.name for f in fields if f.required) for kind, fields in KIND_FIELDS.items()
}


@functools.cache
def _defaults(kind: str) -> dict[str, dataclasses.Field[object]]:
    return {f.name: f for f in dataclasses.fields(RECORD_TYPES[kind])}


def can_be_empty(kind: str, name: str) -> bool:
    """Whether a record of ``kind`` exists without ``name`` (its class gives a default): the
    facts file may leave such a field out and an editor may empty it; a name may not."""
    declared = _defaults(kind)[name]
    return (
        declared.default is not dataclasses.MISSING
        or declared.default_factory is not dataclasses.MISSING
    )


def empty_value(kind: str, name: str) -> object:
    """What a field left out or emptied holds: its record class's default ("", None, [])."""
    declared = _defaults(kind)[name]
    if declared.default_factory is not dataclasses.MISSING:
        return declared.default_factory()
    return declared.default


def missing_fields(record: Record) -> list[str]:
    """The required fields of ``record`` that are empty, in the order they are declared."""
    return [
        name
        for name in REQUIRED_FIELDS.get(record.KIND, ())
        if getattr(record, name) in (None, "", [])
    ]


def rejection_key(record: Record) -> str:
    """What identifies a candidate for its rejection to be remembered: the same candidate,
    proposed again, gives the same key."""
    if isinstance(record, Company | Person):
        return name_key(record.name)
    if isinstance(record, Deal):
        return f"{record.acquirer or '?'} > {record.target or '?'}"
    if isinstance(record, Figure):
        return f"{record.value:g} {record.unit} «{' '.join(record.printed.split())}»"
    if isinstance(record, Event):
        return f"{record.kind} «{' '.join(record.description.split())}»"
    return record.id


def rejected(store: FactStore, record: Record) -> bool:
    """Whether a reviewer rejected this candidate before: a name anywhere, anything else in
    the article it was proposed for."""
    key = rejection_key(record)
    articles = {e.anchor.article for e in record.evidence}
    for rejection in store.of_kind(Rejection.KIND):
        assert isinstance(rejection, Rejection)
        if rejection.kind != record.KIND or rejection.key != key:
            continue
        if isinstance(record, Company | Person) or rejection.article in articles:
            return True
    return False


def article_note_id(article_id: str) -> str:
    return f"notes-{article_id}"


@dataclass(frozen=True)
class StoreChange:
    """What changed in a store: the ids of the records inserted, changed and removed, or the
    whole store (``reset``: a reload). Views follow these instead of re-reading everything."""

    inserted: frozenset[str] = frozenset()
    changed: frozenset[str] = frozenset()
    removed: frozenset[str] = frozenset()
    reset: bool = False

    def __or__(self, other: StoreChange) -> StoreChange:
        return StoreChange(
            self.inserted | other.inserted,
            self.changed | other.changed,
            self.removed | other.removed,
            self.reset or other.reset,
        )


StoreListener = Callable[[StoreChange], None]


class FactStore:
    """The records of an archive, by id, in a stable order; the one place records change.

    Listeners are told of each change after it is made; inside ``batch()``, once, at its end,
    of everything it changed (an edit of many records, an import's candidates).
    """

    def __init__(self, records: Iterable[Record] = ()) -> None:
        self._records: dict[str, Record] = {}
        self._listeners: list[StoreListener] = []
        self._pending: StoreChange | None = None
        for record in records:
            self.add(record)

    def subscribe(self, listener: StoreListener) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: StoreListener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Tells the listeners of the changes made inside it once, when it ends."""
        if self._pending is not None:  # nested: the outer batch tells
            yield
            return
        self._pending = StoreChange()
        try:
            yield
        finally:
            change, self._pending = self._pending, None
            if change != StoreChange():
                self._tell(change)

    def _tell(self, change: StoreChange) -> None:
        if self._pending is not None:
            self._pending = self._pending | change
            return
        for listener in list(self._listeners):
            listener(change)

    def __len__(self) -> int:
        return len(self._records)

    def __contains__(self, record_id: object) -> bool:
        return record_id in self._records

    def __iter__(self) -> Iterator[Record]:
        return iter(self._records.values())

    def get(self, record_id: str) -> Record | None:
        return self._records.get(record_id)

    def __getitem__(self, record_id: str) -> Record:
        return self._records[record_id]

    def reset(self, records: Iterable[Record]) -> None:
        """Replaces every record (a reload from disk), keeping this store's identity."""
        self._records = {}
        with self.batch():
            for record in records:
                self.add(record)
            self._tell(StoreChange(reset=True))

    def of_kind(self, kind: str) -> list[Record]:
        return [r for r in self._records.values() if kind == r.KIND]

    def add(self, record: Record, position: int | None = None) -> None:
        """Adds a record (at ``position`` in the store's order, else at the end)."""
        if record.id in self._records:
            raise ValueError(f"a record with id '{record.id}' exists already")
        if position is None:
            self._records[record.id] = record
        else:
            items = list(self._records.items())
            items.insert(position, (record.id, record))
            self._records = dict(items)
        self._tell(StoreChange(inserted=frozenset([record.id])))

    def position(self, record_id: str) -> int:
        return list(self._records).index(record_id)

    def remove(self, record_id: str) -> Record:
        removed = self._records.pop(record_id)
        self._tell(StoreChange(removed=frozenset([record_id])))
        return removed

    def replace(self, record: Record) -> Record:
        """Puts ``record`` in place of the record with its id; returns the old one."""
        old = self._records[record.id]
        self._records[record.id] = record
        self._tell(StoreChange(changed=frozenset([record.id])))
        return old

    def new_id(self, base: str) -> str:
        """A fresh id made from ``base`` (a name), unique in the store."""
        base = slug(base) or "record"
        candidate, n = base, 2
        while candidate in self._records:
            candidate, n = f"{base}-{n}", n + 1
        return candidate

    def referrers(self, record_id: str) -> list[Record]:
        """The records that refer to ``record_id``."""
        return [r for r in self if any(ref == record_id for _, ref in r.references())]

    def passages_in(self, article_id: str) -> list[tuple[Record, Evidence]]:
        """Every passage of ``article_id`` with its record, in text order."""
        found = [
            (record, evidence)
            for record in self
            for evidence in record.evidence
            if evidence.anchor.article == article_id
        ]
        return sorted(found, key=lambda pair: (pair[1].anchor.start, pair[1].anchor.end))

    def records_at(self, article_id: str, start: int, end: int | None = None) -> list[Record]:
        """The records with a passage of ``article_id`` over ``start`` (or ``start``..``end``)."""
        return records_over(self.passages_in(article_id), start, end)

    def by_name(self, name: str) -> Record | None:
        """The company or person called ``name`` or one of its aliases (case and accents folded)."""
        wanted = name_key(name)
        for record in self:
            if isinstance(record, Company | Person) and any(
                name_key(n) == wanted for n in record.names()
            ):
                return record
        return None


def records_over(
    passages: Iterable[tuple[Record, Evidence]], start: int, end: int | None = None
) -> list[Record]:
    """The records of ``passages`` (one article's) over ``start`` (or ``start``..``end``):
    for many spans of one article, its passages are gathered once, not once per span."""
    stop = start + 1 if end is None else end
    seen: dict[str, Record] = {}
    for record, evidence in passages:
        if evidence.anchor.overlaps(start, stop):
            seen.setdefault(record.id, record)
    return list(seen.values())


_NAME_NOISE = re.compile(r"^(?:(?:la|le|les)\s+|l['’]\s*)|[\s.’'-]+")


def name_key(name: str) -> str:
    """A name folded for matching: "la Caisse des dépôts" and "Caisse des Dépôts" agree."""
    return _NAME_NOISE.sub("", fold(name).strip())
