"""Each record kind's fields, declared once: their order, their type (which says how they are
typed, checked and shown), their choices, whether a record needs them, and the editor's hint.

Editing, the record editor and the required-field checks read this table; the record classes
(``records.py``) hold the values, and a test checks that the two name the same fields.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

COMPANY_KINDS = (
    "operator", "host", "cloud-provider", "integrator", "investor", "public-body",
    "joint-venture", "manufacturer", "software", "media", "project", "other",
)  # fmt: skip
DEAL_KINDS = (
    "acquisition", "stake-purchase", "merger", "exit", "takeover", "joint-venture", "funding",
)  # fmt: skip
DEAL_STATUSES = ("rumoured", "negotiating", "announced", "closed", "failed")
FIGURE_METRICS = (
    "revenue", "net-result", "losses", "headcount", "job-cuts", "surface", "network-length",
    "budget", "stake", "forecast-revenue", "growth", "count", "other",
)  # fmt: skip
EVENT_KINDS = (
    "failed-ipo", "restructuring", "safeguard-procedure", "datacentre-opening",
    "datacentre-closure", "layoffs", "launch", "project-creation", "withdrawal", "other",
)  # fmt: skip


class FieldType(enum.Enum):
    """How a field's value is typed and read."""

    TEXT = "text"
    LINES = "lines"  # one item per line
    PARAGRAPHS = "paragraphs"  # free text over several lines
    CHOICE = "choice"  # one of ``Field.choices``
    COMPANY = "company"  # the id of a company, typed by name or id
    COMPANIES = "companies"  # ids of companies, one per line
    DATE = "date"  # YYYY, YYYY-MM or YYYY-MM-DD
    PERCENT = "percent"  # 0 to 100
    NUMBER = "number"
    AMOUNT = "amount"  # a number and a currency, or "undisclosed"
    SELLERS = "sellers"  # "company stake" lines
    ROLES = "roles"  # "title; organisation; when" lines


# Types whose values are typed one item per line.
MULTILINE_TYPES = frozenset(
    [FieldType.LINES, FieldType.PARAGRAPHS, FieldType.COMPANIES, FieldType.SELLERS, FieldType.ROLES]
)
DATE_PLACEHOLDER = "YYYY, YYYY-MM or YYYY-MM-DD"


@dataclass(frozen=True)
class Field:
    """One field of a record kind."""

    name: str
    type: FieldType = FieldType.TEXT
    choices: tuple[str, ...] = ()
    required: bool = False
    placeholder: str = ""
    # The field holding this number's unit, shown with it ("16,3 M EUR"), not on its own.
    unit_from: str = ""

    @property
    def label(self) -> str:
        """The field's name as a form shows it: "stake_after" gives "Stake after"."""
        return self.name.replace("_", " ").capitalize()

    @property
    def multiline(self) -> bool:
        return self.type in MULTILINE_TYPES

    @property
    def hint(self) -> str:
        """What the editor shows in the empty field."""
        return DATE_PLACEHOLDER if self.type is FieldType.DATE else self.placeholder


T = FieldType
# Notes and tags, which every record has.
COMMON_FIELDS = (
    Field("notes", T.PARAGRAPHS, placeholder="free text"),
    Field("tags", placeholder="comma-separated, e.g. cloud, sovereign cloud"),
)
KIND_FIELDS: dict[str, tuple[Field, ...]] = {
    "company": (
        Field("name", required=True),
        Field("aliases", T.LINES, placeholder="one name per line"),
        Field("kind", T.CHOICE, COMPANY_KINDS),
        Field("country", placeholder="e.g. France"),
        Field("parent", T.COMPANY),
    ),
    "person": (
        Field("name", required=True),
        Field(
            "roles",
            T.ROLES,
            placeholder="one per line: title; organisation; when, e.g. CEO; Numergy; 2015",
        ),
    ),
    "deal": (
        Field("kind", T.CHOICE, DEAL_KINDS),
        Field("acquirer", T.COMPANY, required=True),
        Field("target", T.COMPANY, required=True),
        Field("sellers", T.SELLERS, placeholder="one per line: company stake, e.g. Atos 20"),
        Field("stake_after", T.PERCENT, placeholder="a percentage from 0 to 100"),
        Field("announced", T.DATE),
        Field("closed", T.DATE),
        Field("amount", T.AMOUNT, placeholder="e.g. 12000000 EUR, or undisclosed"),
        Field("status", T.CHOICE, DEAL_STATUSES),
        Field("terms", T.LINES, placeholder="one term per line"),
    ),
    "figure": (
        Field("entity", T.COMPANY, required=True),
        Field("metric", T.CHOICE, FIGURE_METRICS),
        Field("value", T.NUMBER, placeholder="a number, e.g. 16.3", unit_from="unit"),
        Field("unit", required=True, placeholder="e.g. EUR, %, m²"),
        Field("period", T.DATE),
        Field("printed", placeholder="the value as the article prints it"),
    ),
    "event": (
        Field("kind", T.CHOICE, EVENT_KINDS),
        Field("entities", T.COMPANIES, required=True,
              placeholder="one company per line: its name or id"),
        Field("date", T.DATE),
        Field("description"),
    ),
    "article_note": (),
    "rejection": (),
}  # fmt: skip


# The fields each fact table shows, in its columns' order (the record detail shows them all,
# in the order above).
TABLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "company": ("name", "kind", "country", "aliases"),
    "person": ("name", "roles"),
    "deal": ("acquirer", "target", "kind", "sellers", "announced", "amount", "status"),
    "figure": ("entity", "metric", "value", "period", "printed"),
    "event": ("date", "kind", "entities", "description"),
}


def shown_fields(kind: str) -> tuple[Field, ...]:
    """The fields a record's detail shows, each once: a unit goes with its number."""
    fields = KIND_FIELDS.get(kind, ())
    units = {f.unit_from for f in fields}
    return tuple(f for f in fields if f.name not in units)


def field_of(kind: str, name: str) -> Field:
    """The field ``name`` of a record kind (or a common field); KeyError if it has none."""
    for field in (*KIND_FIELDS[kind], *COMMON_FIELDS):
        if field.name == name:
            return field
    raise KeyError(name)
