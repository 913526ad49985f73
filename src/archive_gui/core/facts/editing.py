"""Edits of the facts as data: each edit is a list of record changes that can be undone.

A ``RecordChange`` holds a record as it was and as it becomes (either may be None: added or
removed), with its place in the store. Applying the changes forward does the edit, backward
undoes it. The functions here build the changes of each kind of edit a user makes (new record
from a passage, attach a passage, edit a field, delete, merge, review); they never change the
store themselves. ``FactsSession`` applies them and saves each at once.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass

from archive_gui.core.archive.articles import Article
from archive_gui.core.facts.anchors import make_anchor
from archive_gui.core.facts.fields import COMMON_FIELDS, KIND_FIELDS, Field, FieldType, field_of
from archive_gui.core.facts.records import (
    CANDIDATE,
    CONFIRMED,
    PARTIAL_DATE,
    RECORD_TYPES,
    UNDISCLOSED,
    Amount,
    Company,
    Deal,
    Event,
    Evidence,
    FactStore,
    Figure,
    Person,
    Record,
    Rejection,
    Role,
    Seller,
    can_be_empty,
    empty_value,
    missing_fields,
    rejection_key,
)
from archive_gui.core.text import number_in, parse_number


class EditError(ValueError):
    """An edit that cannot be made as asked; the message says why, for the user."""


class MissingFieldsError(EditError):
    """A record lacks fields it needs (``REQUIRED_FIELDS``); ``fields`` names them."""

    def __init__(self, record: Record, fields: Sequence[str]) -> None:
        names = " and ".join(_FIELD_NAMES.get(f, f) for f in fields)
        super().__init__(f"a {record.KIND} needs {names}")
        self.fields = tuple(fields)


_FIELD_NAMES = {"acquirer": "an acquirer", "target": "a target", "entity": "an entity",
                "unit": "a unit", "entities": "at least one company", "name": "a name"}  # fmt: skip


@dataclass(frozen=True)
class RecordChange:
    """One record before and after an edit; ``position`` is where it stands in the store."""

    record_id: str
    old: Record | None
    new: Record | None
    position: int | None = None


Edit = tuple[RecordChange, ...]


def apply_edit(store: FactStore, edit: Sequence[RecordChange], forward: bool = True) -> None:
    """Does (``forward``) or undoes an edit on the store; its listeners are told once."""
    with store.batch():
        for change in edit if forward else reversed(edit):
            target = change.new if forward else change.old
            present = change.record_id in store
            if target is None:
                if present:
                    store.remove(change.record_id)
            elif present:
                store.replace(target)
            else:
                store.add(target, change.position)


def touched_articles(edit: Sequence[RecordChange]) -> set[str]:
    """The articles whose passages an edit adds, removes or changes: those to re-index."""
    found: set[str] = set()
    for change in edit:
        for record in (change.old, change.new):
            if record is not None:
                found |= {e.anchor.article for e in record.evidence}
    return found


def _changed(store: FactStore, record: Record) -> RecordChange:
    return RecordChange(record.id, store[record.id], record, store.position(record.id))


# -- new records and passages ---------------------------------------------------------------


def new_record(store: FactStore, kind: str, article: Article, start: int, end: int) -> RecordChange:
    """A record of ``kind`` made from a selected passage, which becomes its evidence.

    The passage prefills what it can: the name of a company or person; the acquirer and target
    of a deal; the metric, value, unit and company of a figure; the description and companies
    of an event. The user completes the rest in the record's editor.
    """
    if kind not in RECORD_TYPES:
        raise EditError(f"unknown kind of record '{kind}'")
    start, end = _trim(article.text, start, end)
    if start >= end:
        raise EditError("select some text of the article first")
    quote = " ".join(article.text[start:end].split())
    anchor = make_anchor(article.id, article.text, start, end)
    # Extraction's patterns are imported at the first record made, not at start-up.
    from archive_gui.core.facts.extraction import (
        companies_named,
        company_named,
        deal_parties,
        figure_in,
    )

    record: Record
    if kind == "company":
        record = Company(id=store.new_id(quote), name=quote)
        fields: tuple[str, ...] = ("name",)
    elif kind == "person":
        record = Person(id=store.new_id(quote), name=quote)
        fields = ("name",)
    elif kind == "deal":
        acquirer, target = deal_parties(quote, store)
        record = Deal(id=store.new_id(f"deal {quote[:40]}"), kind="acquisition",
                      acquirer=acquirer, target=target)  # fmt: skip
        fields = ()
    elif kind == "figure":
        found = figure_in(quote)
        if found is not None:
            metric, value, unit, printed = found
        else:
            metric, value, unit = "other", number_in(quote) or 0.0, ""
            printed = quote
        record = Figure(id=store.new_id(f"figure {quote[:40]}"), entity=company_named(quote, store),
                        metric=metric, value=value, unit=unit, printed=printed)  # fmt: skip
        fields = ("value", "printed")
    else:
        record = Event(id=store.new_id(f"event {quote[:40]}"), kind="other", description=quote,
                       entities=companies_named(quote, store))  # fmt: skip
        fields = ("description",)
    record.evidence = [Evidence(anchor, fields)]
    return RecordChange(record.id, None, record, None)


def require_fields(record: Record) -> None:
    """Raises ``MissingFieldsError`` if the record lacks a field it must have to be saved."""
    missing = missing_fields(record)
    if missing:
        raise MissingFieldsError(record, missing)


def named_new_record(store: FactStore, record: Record) -> Record:
    """A new record, completed in its editor, with an id made from what it now says
    ("sfr-acquisition-numergy" rather than the words first selected)."""
    if isinstance(record, Deal):
        base = f"{record.acquirer} {record.kind} {record.target}"
    elif isinstance(record, Figure):
        base = f"{record.entity} {record.metric} {record.period or ''}"
    elif isinstance(record, Event):
        base = f"{' '.join(record.entities[:1])} {record.kind} {record.date or ''}"
    else:
        return record
    return dataclasses.replace(record, id=store.new_id(base))


def same_name(store: FactStore, kind: str, article: Article, start: int, end: int) -> Record | None:
    """The existing company or person a selection names (by a name or an alias), when a new
    company or person made from it would repeat that one."""
    if kind not in ("company", "person"):
        return None
    start, end = _trim(article.text, start, end)
    return store.by_name(" ".join(article.text[start:end].split()))


def attach_passage(
    store: FactStore,
    record_id: str,
    article: Article,
    start: int,
    end: int,
    field: str | None = None,
) -> RecordChange:
    """The record with one more passage, supporting ``field`` (or the whole record)."""
    record = _get(store, record_id)
    start, end = _trim(article.text, start, end)
    if start >= end:
        raise EditError("select some text of the article first")
    if field is not None and field not in editable_fields(record):
        raise EditError(f"'{field}' is not a field of {record.KIND} '{record.id}'")
    anchor = make_anchor(article.id, article.text, start, end)
    if any(
        e.anchor == anchor and (e.fields == ((field,) if field else ())) for e in record.evidence
    ):
        raise EditError("this passage is already attached")
    updated = record.copy()
    updated.evidence.append(Evidence(anchor, (field,) if field else ()))
    return _changed(store, updated)


def remove_passage(store: FactStore, record_id: str, index: int) -> RecordChange:
    record = _get(store, record_id)
    if not 0 <= index < len(record.evidence):
        raise EditError(f"{record.KIND} '{record_id}' has no passage #{index + 1}")
    updated = record.copy()
    del updated.evidence[index]
    return _changed(store, updated)


def confirm_passage(store: FactStore, record_id: str, index: int) -> RecordChange:
    """Accepts the place a passage was re-anchored to after its article changed.

    Until then the file keeps the passage as it was curated; from then on, the new place.
    """
    record = _get(store, record_id)
    if not 0 <= index < len(record.evidence):
        raise EditError(f"{record.KIND} '{record_id}' has no passage #{index + 1}")
    evidence = record.evidence[index]
    if not evidence.anchor.awaiting_confirmation:
        raise EditError(f"passage #{index + 1} of '{record_id}' awaits no confirmation")
    updated = record.copy()
    updated.evidence[index] = dataclasses.replace(evidence, anchor=evidence.anchor.confirm())
    return _changed(store, updated)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    start, end = max(0, min(start, end)), min(len(text), max(start, end))
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _get(store: FactStore, record_id: str) -> Record:
    record = store.get(record_id)
    if record is None:
        raise EditError(f"no record '{record_id}'")
    return record


# -- editing fields --------------------------------------------------------------------------


# Each kind's fields by name, in the order forms show them (see ``fields.KIND_FIELDS``).
FIELDS: dict[str, tuple[str, ...]] = {
    kind: tuple(f.name for f in fields) for kind, fields in KIND_FIELDS.items()
}


def editable_fields(record: Record) -> tuple[str, ...]:
    return FIELDS[record.KIND]


def form_fields(record: Record) -> tuple[Field, ...]:
    """The fields an edit form shows for ``record``: its kind's, then notes and tags."""
    return (*KIND_FIELDS.get(record.KIND, ()), *COMMON_FIELDS)


def parse_field(store: FactStore, record: Record, field: str, text: str) -> object:
    """The value a user typed for a field, checked; raises EditError saying what is wrong.

    Lists are typed one item per line (aliases, terms, entities) or as "name stake" lines
    (sellers: "Atos 20"), roles as "title; organisation; when". Related records are typed by
    id or by name.
    """
    try:
        declared = field_of(record.KIND, field)
    except KeyError:
        raise EditError(f"'{field}' is not a field of a {record.KIND}") from None
    text = text.strip()
    kind = declared.type
    if field == "tags":
        return sorted({t.strip() for t in re.split(r"[,\n]", text) if t.strip()})
    if kind is FieldType.PARAGRAPHS:
        return text or None
    if kind is FieldType.CHOICE:
        if text not in declared.choices:
            raise EditError(f"{field} must be one of: {', '.join(declared.choices)}")
        return text
    if kind is FieldType.COMPANIES:
        return [_company_id(store, line) for line in _lines(text)]
    if kind is FieldType.COMPANY:
        return _company_id(store, text) if text else None
    if kind is FieldType.DATE:
        if text and not PARTIAL_DATE.match(text):
            raise EditError(f"bad date '{text}': write YYYY, YYYY-MM or YYYY-MM-DD")
        return text or None
    if kind is FieldType.PERCENT:
        return _percentage(text) if text else None
    if kind is FieldType.NUMBER:
        return _parse_number(text) if text else _emptied(record, field)
    if kind is FieldType.AMOUNT:
        return _amount(text)
    if kind is FieldType.SELLERS:
        return [_seller(store, line) for line in _lines(text)]
    if kind is FieldType.ROLES:
        return [_role(store, line) for line in _lines(text)]
    if kind is FieldType.LINES:
        return _lines(text)
    return text or _emptied(record, field)


def _emptied(record: Record, field: str) -> object:
    """What a field the user emptied holds: its record class's default ("" or None); a field
    a record cannot exist without (a name, a figure's value) cannot be emptied."""
    if not can_be_empty(record.KIND, field):
        raise EditError(f"a {record.KIND}'s {field} cannot be empty")
    return empty_value(record.KIND, field)


def edit_field(store: FactStore, record_id: str, field: str, text: str) -> RecordChange:
    """The record with one field set from what the user typed."""
    record = _get(store, record_id)
    value = parse_field(store, record, field, text)
    updated = record.copy()
    setattr(updated, field, value)
    return _changed(store, updated)


def edit_fields(store: FactStore, record_id: str, values: dict[str, str]) -> RecordChange:
    """The record with several fields set at once (an edit dialog's OK), checked together."""
    record = _get(store, record_id)
    updated = record.copy()
    for field, text in values.items():
        setattr(updated, field, parse_field(store, record, field, text))
    require_fields(updated)
    return _changed(store, updated)


def field_text(store: FactStore, record: Record, field: str) -> str:
    """A field's value as the user types it: the inverse of ``parse_field``."""
    value = getattr(record, field)
    if value is None:
        return ""
    kind = field_of(record.KIND, field).type
    if field == "tags":
        return ", ".join(value)
    if kind is FieldType.LINES:
        return "\n".join(value)
    if kind is FieldType.COMPANIES:
        return "\n".join(_company_name(store, e) for e in value)
    if kind is FieldType.SELLERS:
        return "\n".join(
            f"{_company_name(store, s.company)} {_number_text(s.stake)}".strip() for s in value
        )
    if kind is FieldType.ROLES:
        return "\n".join(
            "; ".join(
                x or ""
                for x in (r.title, r.organisation and _company_name(store, r.organisation), r.when)
            )
            for r in value
        )
    if kind is FieldType.AMOUNT:
        return (
            f"{_number_text(value.value)} {value.currency}"
            if isinstance(value, Amount)
            else str(value)
        )
    if isinstance(value, float):
        return _number_text(value)
    return str(value)


def _company_name(store: FactStore, record_id: str) -> str:
    """A company's name when it names it alone (typed back, it finds the same record)."""
    record = store.get(record_id)
    if isinstance(record, Company) and store.by_name(record.name) is record:
        return record.name
    return record_id


def _number_text(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else str(value)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _parse_number(text: str) -> float:
    try:
        return parse_number(text)
    except ValueError:
        raise EditError(f"'{text}' is not a number") from None


def _percentage(text: str) -> float:
    value = _parse_number(text.rstrip("% ").strip())
    if not 0 <= value <= 100:
        raise EditError(f"a percentage is from 0 to 100, not {text}")
    return value


def _amount(text: str) -> Amount | str | None:
    if not text:
        return None
    if text.lower() in (UNDISCLOSED, "non communiqué"):
        return UNDISCLOSED
    match = re.fullmatch(r"(-?[\d \u00a0\u202f.,]+?)\s*([A-Za-z€$]{1,4})", text)
    if match is None:
        raise EditError(f"write an amount as '12000000 EUR' or '{UNDISCLOSED}', not '{text}'")
    value = _parse_number(match.group(1))
    if value < 0:
        raise EditError("an amount cannot be negative")
    currency = {"€": "EUR", "$": "USD"}.get(match.group(2), match.group(2).upper())
    return Amount(value, currency)


def _company_id(store: FactStore, text: str) -> str:
    record = store.get(text) or store.by_name(text)
    if not isinstance(record, Company):
        raise EditError(f"no company '{text}'")
    return record.id


def _seller(store: FactStore, line: str) -> Seller:
    match = re.fullmatch(r"(.*?)\s+(\d+(?:[,.]\d+)?)\s*%?", line)
    if match:
        return Seller(_company_id(store, match.group(1)), _percentage(match.group(2)))
    return Seller(_company_id(store, line), None)


def _role(store: FactStore, line: str) -> Role:
    parts = [p.strip() for p in line.split(";")]
    title = parts[0]
    organisation = _company_id(store, parts[1]) if len(parts) > 1 and parts[1] else None
    when = parts[2] if len(parts) > 2 and parts[2] else None
    if when is not None and not PARTIAL_DATE.match(when):
        raise EditError(f"bad date '{when}' in role '{title}'")
    if not title:
        raise EditError("a role needs a title")
    return Role(title, organisation, when)


# -- deleting, merging, reviewing ------------------------------------------------------------


def _without_references(record: Record, removed: str, replacement: str | None) -> Record | None:
    """``record`` with its references to ``removed`` dropped or replaced; None if it has none."""
    if not any(ref == removed for _, ref in record.references()):
        return None
    updated = record.copy()

    def swap(value: str | None) -> str | None:
        return replacement if value == removed else value

    if isinstance(updated, Company):
        updated.parent = swap(updated.parent)
    elif isinstance(updated, Person):
        updated.roles = [
            dataclasses.replace(r, organisation=swap(r.organisation)) for r in updated.roles
        ]
    elif isinstance(updated, Deal):
        updated.acquirer, updated.target = swap(updated.acquirer), swap(updated.target)
        updated.sellers = [
            dataclasses.replace(s, company=company)
            for s in updated.sellers
            if (company := swap(s.company)) is not None
        ]
    elif isinstance(updated, Figure):
        updated.entity = swap(updated.entity)
    elif isinstance(updated, Event):
        updated.entities = [e for e in (swap(x) for x in updated.entities) if e is not None]
    return updated


def delete_record(store: FactStore, record_id: str) -> Edit:
    """Removes a record and the references other records make to it."""
    record = _get(store, record_id)
    changes = [
        _changed(store, updated)
        for other in store.referrers(record_id)
        if (updated := _without_references(other, record_id, None)) is not None
    ]
    changes.append(RecordChange(record_id, record, None, store.position(record_id)))
    return tuple(changes)


def merge_records(store: FactStore, keep_id: str, other_id: str) -> Edit:
    """Merges ``other`` into ``keep`` (the same entity): names, passages, notes and tags combine,
    and every reference to ``other`` now points to ``keep``."""
    keep, other = _get(store, keep_id), _get(store, other_id)
    if keep_id == other_id:
        raise EditError("a record cannot be merged with itself")
    if keep.KIND != other.KIND:
        raise EditError(f"a {other.KIND} cannot be merged into a {keep.KIND}")
    merged = keep.copy()
    if isinstance(merged, Company) and isinstance(other, Company):
        known = {n.casefold() for n in merged.names()}
        merged.aliases = [*merged.aliases, *(n for n in other.names() if n.casefold() not in known)]
    if isinstance(merged, Person) and isinstance(other, Person):
        merged.roles = [*merged.roles, *(r for r in other.roles if r not in merged.roles)]
    merged.evidence = [*merged.evidence, *(e for e in other.evidence if e not in merged.evidence)]
    merged.tags = sorted(set(merged.tags) | set(other.tags))
    merged.notes = "\n\n".join(n for n in (keep.notes, other.notes) if n) or None
    merged.conflicts = [*merged.conflicts, *other.conflicts]
    if other.review == CONFIRMED:
        merged.review = CONFIRMED
    merged = _without_references(merged, other_id, keep_id) or merged
    if isinstance(merged, Company) and merged.parent == keep_id:
        merged.parent = None  # it pointed at the record merged into it
    changes = [_changed(store, merged)]
    for referrer in store.referrers(other_id):
        if referrer.id in (keep_id, other_id):
            continue
        updated = _without_references(referrer, other_id, keep_id)
        if updated is not None:
            changes.append(_changed(store, updated))
    changes.append(RecordChange(other_id, other, None, store.position(other_id)))
    return tuple(changes)


def reject_candidate(store: FactStore, record_id: str) -> Edit:
    """Deletes a candidate and remembers that it was rejected, so that extraction does not
    propose it again (undone, both come back as they were)."""
    record = _get(store, record_id)
    if record.review != CANDIDATE:
        raise EditError(f"{record.KIND} '{record_id}' is not a candidate")
    articles = [e.anchor.article for e in record.evidence]
    rejection = Rejection(
        id=store.new_id(f"rejected {record.id}"),
        kind=record.KIND,
        article=articles[0] if articles else None,
        key=rejection_key(record),
    )
    return (*delete_record(store, record_id), RecordChange(rejection.id, None, rejection, None))


def set_review(store: FactStore, record_id: str, review: str) -> RecordChange:
    """Accepts a candidate (``confirmed``) or sends a record back to review (``candidate``)."""
    if review not in (CONFIRMED, CANDIDATE):
        raise EditError(f"unknown review state '{review}'")
    updated = _get(store, record_id).copy()
    updated.review = review
    return _changed(store, updated)


def candidates(store: FactStore) -> list[Record]:
    """The records extraction proposed that nobody has reviewed yet, in store order."""
    return [r for r in store if r.review == CANDIDATE]
