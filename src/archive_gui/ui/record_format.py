"""Text and HTML for fact records: what the fact tables and the record detail show.

Plain functions with no Qt, so the table model and the detail view stay thin and tests can call
them directly. Every piece of text that comes from the data (names, quotes, notes) goes through
``html.escape`` before it reaches HTML: an article is never interpreted as markup.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import cast

from archive_gui.core.archive.articles import Article
from archive_gui.core.facts.anchors import Anchor
from archive_gui.core.facts.fields import TABLE_COLUMNS, Field, FieldType, field_of, shown_fields
from archive_gui.core.facts.records import (
    CANDIDATE,
    Amount,
    Conflict,
    Evidence,
    FactStore,
    Record,
    Role,
    Seller,
)
from archive_gui.core.kinds import kind_title
from archive_gui.core.text import fold
from archive_gui.core.titles import (
    format_amount,
    format_quantity,
    name_of,
    names_of,
    record_title,
)

ISSUE_MARKER = "⚠"
ORPHANED_NOTE = "(orphaned: the passage is no longer in the article)"
UNCONFIRMED_NOTE = (
    "(re-anchored here after the article changed: Annotate > Confirm Re-anchored Passage "
    "accepts it; until then the file keeps «{quote}»)"
)
RECORD_SCHEME = "record"
PASSAGE_SCHEME = "passage"


SortValue = float | str | None


# --- Values -------------------------------------------------------------------------------


def format_sellers(sellers: Iterable[Seller], store: FactStore) -> str:
    """The sellers with their stakes: "Caisse des Dépôts 33 %, Atos 20 %"."""
    return ", ".join(
        name_of(store, seller.company)
        + ("" if seller.stake is None else " " + format_quantity(seller.stake, "%"))
        for seller in sellers
    )


def format_roles(roles: Iterable[Role], store: FactStore) -> str:
    """A person's roles: "journaliste, JDNet (2001-04); …"."""
    parts = []
    for role in roles:
        text = role.title
        if role.organisation:
            text += ", " + name_of(store, role.organisation)
        if role.when:
            text += f" ({role.when})"
        parts.append(text)
    return "; ".join(parts)


# --- What a reader must not miss ------------------------------------------------------------


def orphaned_passages(record: Record) -> list[Evidence]:
    return [e for e in record.evidence if e.anchor.orphaned]


def unconfirmed_passages(record: Record) -> list[Evidence]:
    return [e for e in record.evidence if e.anchor.awaiting_confirmation]


def record_issues(record: Record) -> list[str]:
    """Why a record needs a second look: disagreeing sources, passages no longer found and
    passages re-anchored to words nobody has confirmed yet."""
    issues = [f"Sources disagree on {conflict.field}" for conflict in record.conflicts]
    orphans = len(orphaned_passages(record))
    if orphans == 1:
        issues.append("1 passage is orphaned: it is no longer in its article")
    elif orphans:
        issues.append(f"{orphans} passages are orphaned: they are no longer in their articles")
    unconfirmed = len(unconfirmed_passages(record))
    if unconfirmed == 1:
        issues.append("1 passage was re-anchored after its article changed: confirm it")
    elif unconfirmed:
        issues.append(
            f"{unconfirmed} passages were re-anchored after their articles changed: confirm them"
        )
    return issues


def record_notes(record: Record) -> list[str]:
    """The issues, then the review state when the record is only a candidate."""
    notes = record_issues(record)
    if record.review == CANDIDATE:
        notes.append("Candidate: proposed by extraction, not reviewed yet")
    return notes


# --- Table columns --------------------------------------------------------------------------


def shown_text(record: Record, declared: Field, store: FactStore) -> str:
    """A field's value as a table shows it: names for ids, numbers the French way."""
    value = getattr(record, declared.name)
    kind = declared.type
    if kind is FieldType.COMPANY:
        return name_of(store, value)
    if kind is FieldType.COMPANIES:
        return names_of(store, value)
    if kind is FieldType.SELLERS:
        return format_sellers(value, store)
    if kind is FieldType.ROLES:
        return format_roles(value, store)
    if kind is FieldType.AMOUNT:
        return format_amount(value)
    if value is None:
        return ""
    if kind is FieldType.PERCENT:
        return format_quantity(value, "%")
    if kind is FieldType.NUMBER:
        return format_quantity(value, getattr(record, declared.unit_from, ""))
    if kind is FieldType.LINES:
        return ", ".join(value)
    return str(value)


@dataclass(frozen=True)
class Column:
    """One column of a kind's table: a field of the field table, its text and its sort value."""

    field: Field

    @property
    def title(self) -> str:
        return self.field.label

    def text(self, record: Record, store: FactStore) -> str:
        return shown_text(record, self.field, store)

    def sort_value(self, record: Record, store: FactStore) -> SortValue:
        """Dates and numbers by their value; text folded, so that "Étoile" sorts with "E"."""
        value = getattr(record, self.field.name)
        if self.field.type in (FieldType.DATE, FieldType.NUMBER, FieldType.PERCENT):
            return cast(SortValue, value)
        if self.field.type is FieldType.AMOUNT:
            return value.value if isinstance(value, Amount) else None
        return fold(self.text(record, store)) or None


COLUMNS: dict[str, tuple[Column, ...]] = {
    kind: tuple(Column(field_of(kind, name)) for name in names)
    for kind, names in TABLE_COLUMNS.items()
}


# --- Links ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RecordLink:
    record_id: str


@dataclass(frozen=True)
class PassageLink:
    article: str
    start: int
    end: int


def record_href(record_id: str) -> str:
    return f"{RECORD_SCHEME}:{record_id}"


def passage_href(anchor: Anchor) -> str:
    return f"{PASSAGE_SCHEME}:{anchor.article}:{anchor.start}:{anchor.end}"


def parse_link(link: str) -> RecordLink | PassageLink | None:
    """What a ``record:<id>`` or ``passage:<article>:<start>:<end>`` link points at."""
    scheme, _, rest = link.partition(":")
    if scheme == RECORD_SCHEME and rest:
        return RecordLink(rest)
    if scheme == PASSAGE_SCHEME:
        article, _, offsets = rest.partition(":")
        start, _, end = offsets.partition(":")
        if article and start.isdigit() and end.isdigit():
            return PassageLink(article, int(start), int(end))
    return None


def _esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def record_link_html(store: FactStore, record_id: str) -> str:
    """A link to a record by its name; an unknown id is shown as such, not linked."""
    if record_id not in store:
        return f"{_esc(record_id)} <i>(unknown record)</i>"
    return f'<a href="{_esc(record_href(record_id))}">{_esc(name_of(store, record_id))}</a>'


def records_links_html(store: FactStore, records: Iterable[Record], separator: str = ", ") -> str:
    return separator.join(record_link_html(store, record.id) for record in records)


# --- The record detail ----------------------------------------------------------------------

# Headings for the records that refer to the one shown, by their kind.
REFERRER_HEADINGS = {
    "company": "Subsidiaries",
    "deal": "Deals",
    "person": "People",
    "figure": "Figures",
    "event": "Events",
}

_CONFLICT_BOX = (
    '<table width="100%" cellpadding="6" cellspacing="0" border="1" '
    'style="border-color:#c89b00; background-color:#fff4cc; margin:4px 0">'
    "<tr><td>{}</td></tr></table>"
)


class _DetailWriter:
    """Builds the detail HTML of one record; holds what every part of it needs."""

    def __init__(self, record: Record, store: FactStore, articles: Mapping[str, Article]) -> None:
        self.record = record
        self.store = store
        self.articles = articles

    def html(self) -> str:
        record = self.record
        fields = shown_fields(record.KIND)
        shown = {name for f in fields for name in (f.name, f.unit_from)}
        parts = [self.heading()]
        parts += [self.conflict(c) for c in record.conflicts if c.field not in shown]
        parts += [self.field(f) for f in fields]
        parts += [self.notes(), self.referrers(), self.all_passages()]
        return "".join(part for part in parts if part)

    def heading(self) -> str:
        record = self.record
        marker = f"{ISSUE_MARKER} " if record_issues(record) else ""
        title = f"<h2>{_esc(marker + record_title(record, self.store))}</h2>"
        kind = kind_title(record.KIND)
        subtitle = f"<p><i>{_esc(kind)}</i> · <code>{_esc(record.id)}</code></p>"
        notes = record_notes(record)
        warnings = "".join(f"<li>{_esc(note)}</li>" for note in notes)
        return title + subtitle + (f'<ul style="color:#8a5a00">{warnings}</ul>' if notes else "")

    def field(self, declared: Field) -> str:
        """A field's value, the sources that disagree on it and the passages that support it
        (a number's with its unit's)."""
        names = (declared.name, declared.unit_from) if declared.unit_from else (declared.name,)
        value = self.value_html(declared)
        conflicts = [c for c in self.record.conflicts if c.field in names]
        if not value and not conflicts:
            return ""
        passages = self.passages(self.evidence_for(names))
        return (
            f"<h3>{_esc(declared.label)}</h3><p>{value or '—'}</p>"
            + "".join(self.conflict(c) for c in conflicts)
            + passages
        )

    def evidence_for(self, names: tuple[str, ...]) -> list[Evidence]:
        return [e for e in self.record.evidence if any(e.supports(name) for name in names)]

    def value_html(self, declared: Field) -> str:
        """A field's value as HTML: escaped text, with other records as links."""
        record, store = self.record, self.store
        value = getattr(record, declared.name)
        kind = declared.type
        if kind is FieldType.COMPANY:
            return "" if value is None else record_link_html(store, value)
        if kind is FieldType.COMPANIES:
            return ", ".join(record_link_html(store, record_id) for record_id in value)
        if kind is FieldType.SELLERS:
            return ", ".join(
                record_link_html(store, seller.company)
                + ("" if seller.stake is None else _esc(" " + format_quantity(seller.stake, "%")))
                for seller in value
            )
        if kind is FieldType.ROLES:
            return "<br>".join(
                self.role_html(role.title, role.organisation, role.when) for role in value
            )
        if kind is FieldType.LINES:  # typed one per line, shown so
            return "".join(f"<br>• {_esc(item)}" for item in value).removeprefix("<br>")
        return _esc(shown_text(record, declared, store))

    def role_html(self, title: str, organisation: str | None, when: str | None) -> str:
        text = _esc(title)
        if organisation:
            text += ", " + record_link_html(self.store, organisation)
        if when:
            text += f" ({_esc(when)})"
        return text

    def conflict(self, conflict: Conflict) -> str:
        """A highlighted box: each source's value with its article, then the note."""
        items = "".join(
            f"<li>{_esc(value.value)} — {self.source_html(value.article, conflict.field)}</li>"
            for value in conflict.values
        )
        note = f"<p><i>{_esc(conflict.note)}</i></p>" if conflict.note else ""
        body = f"<b>{_esc(ISSUE_MARKER)} Sources disagree on {_esc(conflict.field)}</b>"
        return _CONFLICT_BOX.format(f"{body}<ul>{items}</ul>{note}")

    def source_html(self, article_id: str | None, field_name: str) -> str:
        """An article named as a source: linked to its passage for the field, when there is one."""
        if article_id is None:
            return "<i>no source given</i>"
        title = self.article_title(article_id)
        for evidence in self.record.evidence_for(field_name):
            if evidence.anchor.article == article_id:
                return f'<a href="{_esc(passage_href(evidence.anchor))}">{title}</a>'
        return title

    def article_title(self, article_id: str) -> str:
        """The article's title and date as escaped HTML; its id when the archive lacks it."""
        article = self.articles.get(article_id)
        if article is None:
            return f"{_esc(article_id)} <i>(unknown article)</i>"
        return f"{_esc(article.title)}, {article.date_text or 'undated'}"

    def passage(self, evidence: Evidence, with_fields: bool = False) -> str:
        anchor = evidence.anchor
        link = f'<a href="{_esc(passage_href(anchor))}">{self.article_title(anchor.article)}</a>'
        text = f"«{_esc(anchor.quote)}» — {link}"
        if with_fields:
            supports = ", ".join(evidence.fields) if evidence.fields else "all fields"
            text += f' <span style="color:#666">(supports: {_esc(supports)})</span>'
        if anchor.orphaned:
            text += f' <b style="color:#a00000">{_esc(ORPHANED_NOTE)}</b>'
        if anchor.original is not None:
            note = UNCONFIRMED_NOTE.format(quote=" ".join(anchor.original.quote.split()))
            text += f' <b style="color:#a06000">{_esc(note)}</b>'
        return f"<li>{text}</li>"

    def passages(self, evidence: list[Evidence], with_fields: bool = False) -> str:
        if not evidence:
            return '<p style="color:#666"><i>No passage supports this field.</i></p>'
        return "<ul>" + "".join(self.passage(e, with_fields) for e in evidence) + "</ul>"

    def notes(self) -> str:
        record = self.record
        parts = []
        if record.notes:
            parts.append(f"<h3>Notes</h3><p>{_esc(record.notes)}</p>")
        if record.tags:
            parts.append(f"<h3>Tags</h3><p>{_esc(', '.join(record.tags))}</p>")
        return "".join(parts)

    def referrers(self) -> str:
        """The records that refer to this one (a company's deals, people, figures, events)."""
        referrers = self.store.referrers(self.record.id)
        parts = []
        for kind, heading in REFERRER_HEADINGS.items():
            of_kind = [r for r in referrers if kind == r.KIND]
            if of_kind:
                links = records_links_html(self.store, of_kind, "<br>")
                parts.append(f"<h3>{_esc(heading)} ({len(of_kind)})</h3><p>{links}</p>")
        return "".join(parts)

    def all_passages(self) -> str:
        """Every passage of the record, oldest article first."""
        evidence = sorted(self.record.evidence, key=self.passage_order)
        return f"<h3>All passages ({len(evidence)})</h3>" + self.passages(evidence, True)

    def passage_order(self, evidence: Evidence) -> tuple[str, str, int]:
        anchor = evidence.anchor
        article = self.articles.get(anchor.article)
        published = (article.date_text if article is not None else "") or "9999"
        return published, anchor.article, anchor.start


def record_detail_html(record: Record, store: FactStore, articles: Mapping[str, Article]) -> str:
    """The detail of a record: each field with its passages, conflicts, related records, and
    every passage, with ``record:`` and ``passage:`` links."""
    return _DetailWriter(record, store, articles).html()
