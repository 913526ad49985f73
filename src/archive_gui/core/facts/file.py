"""The facts file: one human-readable YAML file of records, validated on load, saved atomically.

The file is diff-friendly: a schema version, then one section per kind of record, records in a
stable order, keys in a fixed order, and only the keys that hold something. Loading names the
file, the line and the problem for each fault; saving writes a temporary file, syncs it and
renames it over the old one, keeping the previous version as a backup.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from archive_gui.core.archive.articles import Article
from archive_gui.core.archive.fileio import atomic_write_text, keep_backup
from archive_gui.core.archive.problems import Problem
from archive_gui.core.archive.yamlio import (
    YamlItemCache,
    YamlProblem,
    compose_yaml,
    dump_yaml,
    dump_yaml_reusing,
    load_yaml,
)
from archive_gui.core.facts.anchors import MOVED, ORPHANED, UNCHANGED, Anchor, relocate
from archive_gui.core.facts.cache import load_yaml_cached
from archive_gui.core.facts.fields import KIND_FIELDS, Field, FieldType
from archive_gui.core.facts.records import (
    CONFIRMED,
    ID_PATTERN,
    PARTIAL_DATE,
    RECORD_TYPES,
    REVIEW_STATES,
    UNDISCLOSED,
    Amount,
    ArticleNote,
    Company,
    Conflict,
    ConflictValue,
    Evidence,
    FactStore,
    Record,
    Rejection,
    Role,
    Seller,
    can_be_empty,
    missing_fields,
)
from archive_gui.core.kinds import FACT_KINDS, SECTIONS

SCHEMA_VERSION = 1
# Sections written only when they hold something (a file that never had one stays as it was).
QUIET_SECTIONS = frozenset({"rejections"})
BACKUP_SUFFIX = ".bak"
ERROR = "error"
WARNING = "warning"

Path_ = tuple[str | int, ...]


@dataclass
class LoadedFacts:
    """The records that loaded and every problem found; errors make the file read-only."""

    store: FactStore
    problems: list[Problem] = field(default_factory=list)
    # Records whose passages moved or were orphaned because their article changed.
    reanchored: list[str] = field(default_factory=list)
    # Article id -> passages found again word for word with their context at new offsets:
    # sure enough to save without asking anyone, so they are not warned about; a save
    # (``check --fix``) writes them.
    moved: dict[str, int] = field(default_factory=dict)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]


class _Invalid(Exception):
    """A record's field is wrong; the record is skipped and the problem reported."""

    def __init__(self, path: Path_, message: str) -> None:
        super().__init__(message)
        self.path = path
        self.message = message


def _line_index(text: str) -> dict[Path_, int]:
    """The 1-based line of every key and item of the YAML, by its path from the root."""
    lines: dict[Path_, int] = {}

    def walk(node: yaml.Node, path: Path_) -> None:
        lines.setdefault(path, int(node.start_mark.line) + 1)
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                child = (*path, str(key.value))
                lines[child] = int(key.start_mark.line) + 1
                walk(value, child)
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                walk(item, (*path, i))

    root = compose_yaml(text)
    if root is not None:
        walk(root, ())
    return lines


def _is_partial_date(text: str) -> bool:
    """True for a year, a month or a day that exists (``2015-02-30`` matches the pattern but
    is no day; the YAML reader keeps such a date as text, for this check to report it)."""
    if not PARTIAL_DATE.match(text):
        return False
    try:
        return len(text) < 10 or dt.date.fromisoformat(text) is not None
    except ValueError:
        return False


class _Parser:
    """Turns the YAML data of one file into records, collecting problems with their lines."""

    def __init__(self, path: Path, text: str, articles: Mapping[str, Article] | None) -> None:
        self.path = path
        self.source = text
        self._lines: dict[Path_, int] | None = None
        self.articles = articles
        self.problems: list[Problem] = []
        self.reanchored: list[str] = []
        self.moved: dict[str, int] = {}
        # Ids of records that could not be read: their own problem is reported, references
        # to them are not (they would only repeat it).
        self.unreadable: set[str] = set()
        # Article id -> the passages (where, record id) that name it, when it is not loaded.
        self.missing_articles: dict[str, list[tuple[Path_, str]]] = {}

    @property
    def lines(self) -> dict[Path_, int]:
        """Where each value stands; worked out only once a problem needs a line number."""
        if self._lines is None:
            self._lines = _line_index(self.source)
        return self._lines

    def problem(self, where: Path_, message: str, severity: str = ERROR) -> None:
        line = None
        for depth in range(len(where), -1, -1):
            line = self.lines.get(where[:depth])
            if line is not None:
                break
        self.problems.append(Problem(self.path, line, message, severity))

    # -- field readers: each raises _Invalid naming the path of the faulty value -----------

    def text(self, data: Mapping[str, Any], key: str, where: Path_, required: bool = True) -> Any:
        value = data.get(key)
        if value is None or value == "":
            if required:
                raise _Invalid((*where, key), f"missing field '{key}'")
            return None
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            raise _Invalid((*where, key), f"'{key}' must be text")
        return str(value)

    def texts(self, data: Mapping[str, Any], key: str, where: Path_) -> list[str]:
        value = data.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise _Invalid((*where, key), f"'{key}' must be a list of text")
        return list(value)

    def choice(
        self, data: Mapping[str, Any], key: str, where: Path_, allowed: tuple[str, ...],
        required: bool = True,
    ) -> str | None:  # fmt: skip
        value = data.get(key)
        if value is None:
            if required:
                raise _Invalid((*where, key), f"missing field '{key}'")
            return None
        if value not in allowed:
            raise _Invalid((*where, key), f"unknown {key} {value!r} (one of: {', '.join(allowed)})")
        return str(value)

    def date(self, data: Mapping[str, Any], key: str, where: Path_) -> str | None:
        value = data.get(key)
        if value is None:
            return None
        if not _is_partial_date(str(value)):
            raise _Invalid(
                (*where, key), f"bad date {value!r} for '{key}' (YYYY, YYYY-MM or YYYY-MM-DD)"
            )
        return str(value)

    def number(
        self, data: Mapping[str, Any], key: str, where: Path_, required: bool = False
    ) -> float | None:
        value = data.get(key)
        if value is None:
            if required:
                raise _Invalid((*where, key), f"missing field '{key}'")
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise _Invalid((*where, key), f"'{key}' must be a number, not {value!r}")
        return value

    def percentage(self, data: Mapping[str, Any], key: str, where: Path_) -> float | None:
        value = self.number(data, key, where)
        if value is not None and not 0 <= value <= 100:
            raise _Invalid((*where, key), f"bad percentage {value} for '{key}' (0 to 100)")
        return value

    def items(
        self, data: Mapping[str, Any], key: str, where: Path_
    ) -> list[tuple[Path_, dict[str, Any]]]:
        value = data.get(key) or []
        if not isinstance(value, list):
            raise _Invalid((*where, key), f"'{key}' must be a list")
        found = []
        for i, item in enumerate(value):
            if not isinstance(item, dict):
                raise _Invalid((*where, key, i), f"each of '{key}' must be a mapping")
            found.append(((*where, key, i), item))
        return found

    # -- records ---------------------------------------------------------------------------

    def records(self, data: Any) -> list[tuple[Record, Path_]]:
        """Each record that reads correctly, with where it stands in the file."""
        if not isinstance(data, dict):
            self.problem((), "the facts file must be a mapping with a 'schema' and sections")
            return []
        if data.get("schema") != SCHEMA_VERSION:
            self.problem(
                ("schema",),
                f"unsupported schema {data.get('schema')!r} (expected {SCHEMA_VERSION})",
            )
            return []
        for key in data:
            if key != "schema" and key not in SECTIONS.values():
                self.problem(
                    (key,), f"unknown section '{key}' (sections: {', '.join(SECTIONS.values())})"
                )
        found: list[tuple[Record, Path_]] = []
        for kind, section in SECTIONS.items():
            entries = data.get(section) or []
            if not isinstance(entries, list):
                self.problem((section,), f"'{section}' must be a list of records")
                continue
            for i, entry in enumerate(entries):
                where: Path_ = (section, i)
                if not isinstance(entry, dict):
                    self.problem(where, f"each of '{section}' must be a mapping")
                    continue
                try:
                    found.append((self.record(kind, entry, where), where))
                except _Invalid as exc:
                    label = entry.get("id", f"#{i + 1}")
                    self.unreadable.add(str(label))
                    self.problem(exc.path, f"{kind} '{label}': {exc.message}")
        self.report_missing_articles()
        return found

    def record(self, kind: str, data: dict[str, Any], where: Path_) -> Record:
        cls = RECORD_TYPES[kind]
        known = {f.name for f in dataclasses.fields(cls)}
        for key in data:
            if key not in known:
                raise _Invalid((*where, key), f"unknown field '{key}'")
        record_id = self.text(data, "id", where)
        if not ID_PATTERN.match(record_id):
            raise _Invalid(
                (*where, "id"), f"bad id {record_id!r}: lower-case letters, digits, hyphens"
            )
        common: dict[str, Any] = {
            "id": record_id,
            "review": self.choice(data, "review", where, REVIEW_STATES, False) or CONFIRMED,
            "notes": self.text(data, "notes", where, required=False),
            "tags": self.texts(data, "tags", where),
            "conflicts": [
                self.conflict(item, w) for w, item in self.items(data, "conflicts", where)
            ],
        }
        reader = OWN_READERS.get(kind, _Parser.fields)
        specific = reader(self, kind, data, where)
        record = cls(**common, **specific)
        field_names = known - {"evidence", "review", "notes", "tags", "conflicts", "id"}
        record.evidence = [
            self.evidence(item, w, record_id, field_names)
            for w, item in self.items(data, "evidence", where)
        ]
        return record

    def fields(self, kind: str, data: dict[str, Any], where: Path_) -> dict[str, Any]:
        """A record's own fields, each read as its type in the field table says; a field the
        file leaves out takes its record class's default, or is missing if it has none."""
        values: dict[str, Any] = {}
        for declared in KIND_FIELDS[kind]:
            value = self.value(declared, data, where)
            if value is not None:
                values[declared.name] = value
            elif not can_be_empty(kind, declared.name):
                raise _Invalid((*where, declared.name), f"missing field '{declared.name}'")
        if kind == "figure":
            self.check_figure(values, where)
        return values

    def value(self, declared: Field, data: dict[str, Any], where: Path_) -> Any:
        """One field's value as its type reads it; None when the file leaves it out."""
        key, kind = declared.name, declared.type
        if kind in (FieldType.LINES, FieldType.COMPANIES):
            return self.texts(data, key, where)
        if kind is FieldType.CHOICE:
            return self.choice(data, key, where, declared.choices, required=False)
        if kind is FieldType.DATE:
            return self.date(data, key, where)
        if kind is FieldType.PERCENT:
            return self.percentage(data, key, where)
        if kind is FieldType.NUMBER:
            return self.number(data, key, where)
        if kind is FieldType.AMOUNT:
            return self.amount(data, where)
        if kind is FieldType.SELLERS:
            return [
                Seller(self.text(item, "company", w), self.percentage(item, "stake", w))
                for w, item in self.items(data, key, where)
            ]
        if kind is FieldType.ROLES:
            return [
                Role(
                    title=self.text(item, "title", w),
                    organisation=self.text(item, "organisation", w, required=False),
                    when=self.date(item, "when", w),
                )
                for w, item in self.items(data, key, where)
            ]
        return self.text(data, key, where, required=False)

    def amount(self, data: dict[str, Any], where: Path_) -> Amount | str | None:
        value = data.get("amount")
        if value is None or value == UNDISCLOSED:
            return value
        if not isinstance(value, dict):
            raise _Invalid(
                (*where, "amount"), f"amount must be '{UNDISCLOSED}' or {{value, currency}}"
            )
        number = self.number(value, "value", (*where, "amount"), required=True)
        if number is None or number < 0:
            raise _Invalid((*where, "amount", "value"), "an amount cannot be negative")
        return Amount(value=number, currency=self.text(value, "currency", (*where, "amount")))

    def check_figure(self, values: dict[str, Any], where: Path_) -> None:
        """A percentage stays within bounds: a stake from 0 to 100, any % within ±1000."""
        value = values["value"]
        if values.get("unit") == "%" and not -1000 <= value <= 1000:
            raise _Invalid((*where, "value"), f"bad percentage {value}")
        if values["metric"] == "stake":
            self.percentage(values, "value", where)

    def article_note(self, _kind: str, data: dict[str, Any], where: Path_) -> dict[str, Any]:
        article = self.text(data, "article", where)
        if self.articles is not None and article not in self.articles:
            self.missing_articles.setdefault(article, []).append(
                ((*where, "article"), str(data.get("id")))
            )
        return {"article": article}

    def rejection(self, _kind: str, data: dict[str, Any], where: Path_) -> dict[str, Any]:
        return {
            "kind": self.choice(data, "kind", where, FACT_KINDS),
            "article": self.text(data, "article", where, required=False),
            "key": self.text(data, "key", where),
        }

    def conflict(self, data: dict[str, Any], where: Path_) -> Conflict:
        values = tuple(
            ConflictValue(
                value=self.text(item, "value", w),
                article=self.text(item, "article", w, required=False),
            )
            for w, item in self.items(data, "values", where)
        )
        if len(values) < 2:
            raise _Invalid((*where, "values"), "a conflict needs at least two values")
        return Conflict(
            field=self.text(data, "field", where),
            values=values,
            note=self.text(data, "note", where, required=False) or "",
        )

    def evidence(
        self, data: dict[str, Any], where: Path_, record_id: str, names: set[str]
    ) -> Evidence:
        for key in data:
            if key not in EVIDENCE_KEYS:
                raise _Invalid((*where, key), f"unknown passage field '{key}'")
        article_id = self.text(data, "article", where)
        start, end = self.number(data, "start", where, True), self.number(data, "end", where, True)
        if not isinstance(start, int) or not isinstance(end, int) or not 0 <= start < end:
            raise _Invalid((*where, "start"), f"bad passage offsets {start}-{end}")
        fields = self.texts(data, "fields", where)
        for name in fields:
            if name not in names:
                raise _Invalid((*where, "fields"), f"'{name}' is not a field of this record")
        anchor = Anchor(
            article=article_id,
            start=start,
            end=end,
            quote=self.text(data, "quote", where),
            prefix=str(data.get("prefix") or ""),
            suffix=str(data.get("suffix") or ""),
            orphaned=bool(data.get("orphaned", False)),
        )
        return Evidence(self.place(anchor, where, record_id), tuple(fields))

    def place(self, anchor: Anchor, where: Path_, record_id: str) -> Anchor:
        """Checks a passage against its article's text and re-anchors it if the text changed."""
        if self.articles is None:
            return anchor
        article = self.articles.get(anchor.article)
        if article is None:
            # Kept as written, and saved so: the record stays, only this passage is flagged.
            self.missing_articles.setdefault(anchor.article, []).append(
                ((*where, "article"), record_id)
            )
            return anchor
        placement = relocate(anchor, article.text)
        placed = placement.anchor
        if placement.outcome == UNCHANGED:
            return placed
        self.reanchored.append(record_id)
        if placement.outcome == MOVED:
            self.moved[anchor.article] = self.moved.get(anchor.article, 0) + 1
            return placed
        span = f"{anchor.start}-{anchor.end}"
        if anchor.end > len(article.text):
            size = len(article.text)
            why = f"passage {span} is outside article '{anchor.article}' ({size} characters)"
        else:
            why = f"quote {anchor.quote[:40]!r} does not match article '{anchor.article}' at {span}"
        if placement.outcome == ORPHANED:
            outcome = (
                "no passage with all its words and its context was found: it is kept as "
                "orphaned, with its quote"
            )
        else:
            found = " ".join(placed.quote.split())
            outcome = (
                f"a like passage at {placed.start}-{placed.end} ({found[:40]!r}) awaits a "
                "person's confirmation; the file keeps the original until then"
            )
        self.problem(where, f"record '{record_id}': {why}; {outcome}", WARNING)
        return placed

    def report_missing_articles(self) -> None:
        """One warning per article that passages name but the archive has not loaded.

        The article may be missing, misnamed, or a file that failed to load (its own problem
        says why): the records and their passages stay as written, so one bad article file
        does not hide every record it supports, nor repeat its problem at each passage.
        """
        for article_id, passages in self.missing_articles.items():
            where, _record = passages[0]
            records = sorted({record for _where, record in passages})
            named = ", ".join(f"'{r}'" for r in records[:5])
            if len(records) > 5:
                named += f" and {len(records) - 5} more"
            count = "a passage" if len(passages) == 1 else f"{len(passages)} passages"
            self.problem(
                where,
                f"{count} of {named} name{'s' if len(passages) == 1 else ''} article "
                f"'{article_id}', which is not in the archive; kept as written",
                WARNING,
            )

    def check_references(self, records: list[tuple[Record, Path_]]) -> list[Record]:
        """Reports duplicate ids and references to unknown records; drops the duplicates."""
        by_id: dict[str, Record] = {}
        where_of: dict[str, Path_] = {}
        for record, where in records:
            if record.id in by_id:
                self.problem((*where, "id"), f"duplicate id '{record.id}'")
                continue
            by_id[record.id] = record
            where_of[record.id] = where
        for record in by_id.values():
            for name, ref in record.references():
                target = by_id.get(ref)
                if target is None and ref in self.unreadable:
                    continue
                if target is None:
                    self.problem(
                        (*where_of[record.id], name),
                        f"{record.KIND} '{record.id}': '{name}' refers to unknown record '{ref}'",
                    )
                elif not names_a_company_as_needed(name, target):
                    self.problem(
                        (*where_of[record.id], name),
                        f"{record.KIND} '{record.id}': '{name}' must name a company, not '{ref}'",
                    )
        return list(by_id.values())


# The kinds the app writes itself, with no field in the table: each has a reader of its own.
OWN_READERS: dict[str, Callable[[_Parser, str, dict[str, Any], Path_], dict[str, Any]]] = {
    "article_note": _Parser.article_note,
    "rejection": _Parser.rejection,
}
EVIDENCE_KEYS = ("article", "start", "end", "quote", "prefix", "suffix", "fields", "orphaned")


def names_a_company_as_needed(reference: str, target: Record) -> bool:
    """Whether a reference names the kind of record it must: a company, except an event's
    entities, which may name anyone the event concerns (loading and saving agree on it)."""
    return isinstance(target, Company) or reference == "entities"


def record_problems(records: Iterable[Record], store: FactStore, path: Path) -> list[str]:
    """What loading would say of these records, written as they are, in ``store``: an edit
    is checked with this before it is saved, so that a saved file always loads again."""
    parser = _Parser(path, "", None)
    parser._lines = {}
    problems: list[str] = []
    for record in records:
        parser.problems = []
        try:
            parser.record(record.KIND, record_dict(record), (SECTIONS[record.KIND], 0))
        except _Invalid as exc:
            problems.append(f"{record.KIND} '{record.id}': {exc.message}")
            continue
        for name, ref in record.references():
            target = store.get(ref)
            if target is None:
                problems.append(f"{record.KIND} '{record.id}': '{name}' refers to unknown '{ref}'")
            elif not names_a_company_as_needed(name, target):
                problems.append(f"{record.KIND} '{record.id}': '{name}' must name a company")
        problems += [p.message for p in parser.problems if p.severity == ERROR]
    return problems


def parse_facts(
    text: str,
    path: Path,
    articles: Mapping[str, Article] | None = None,
    cache: Path | None = None,
) -> LoadedFacts:
    """Reads the records of a facts file's text; ``articles`` checks and re-anchors passages.

    ``cache`` keeps the parsed YAML of a large file between runs (``factscache``)."""
    try:
        data = load_yaml_cached(text, cache)
    except YamlProblem as exc:
        return LoadedFacts(FactStore(), [Problem(path, exc.line, f"malformed YAML: {exc.message}")])
    parser = _Parser(path, text, articles)
    records = parser.check_references(parser.records(data))
    return LoadedFacts(
        FactStore(records), parser.problems, sorted(set(parser.reanchored)), parser.moved
    )


def record_from_dict(kind: str, data: dict[str, Any]) -> Record:
    """A record of ``kind`` read from the mapping ``record_dict`` writes (another archive's
    copy of it, in an exchange file), checked as the facts file's records are; ValueError
    says what is wrong with it."""
    parser = _Parser(Path("<record>"), "", None)
    try:
        return parser.record(kind, data, ())
    except _Invalid as exc:
        raise ValueError(exc.message) from None


def load_facts(
    path: Path, articles: Mapping[str, Article] | None = None, cache: Path | None = None
) -> LoadedFacts:
    """Loads a facts file; a missing file is an empty store, an unreadable one a problem."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return LoadedFacts(FactStore())
    except OSError as exc:
        return LoadedFacts(FactStore(), [Problem(path, None, f"cannot read: {exc.strerror}")])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return LoadedFacts(FactStore(), [Problem(path, line, "not UTF-8 text")])
    return parse_facts(text, path, articles, cache)


def missing_field_problems(path: Path, store: FactStore) -> list[Problem]:
    """A warning for each record that lacks a required field (``REQUIRED_FIELDS``): it loads
    and shows, but says less than it should ("? → ? (acquisition)"). ``check`` reports these;
    loading does not, so that every command does not repeat them."""
    incomplete = [(r, missing) for r in store if (missing := missing_fields(r))]
    if not incomplete:
        return []
    try:
        text = path.read_text(encoding="utf-8")
        data = load_yaml(text)
        lines = _line_index(text)
    except (OSError, UnicodeDecodeError, YamlProblem):
        data, lines = {}, {}
    where: dict[str, Path_] = {}
    for section in SECTIONS.values():
        entries = data.get(section) if isinstance(data, dict) else None
        for i, entry in enumerate(entries if isinstance(entries, list) else []):
            if isinstance(entry, dict) and isinstance(entry.get("id"), str):
                where.setdefault(entry["id"], (section, i))
    problems = []
    for record, missing in incomplete:
        names = ", ".join(missing)
        noun = "field" if len(missing) == 1 else "fields"
        message = f"{record.KIND} '{record.id}': missing required {noun} {names}"
        line = lines.get(where[record.id]) if record.id in where else None
        problems.append(Problem(path, line, message, WARNING))
    return problems


def article_chooser(facts_path: Path) -> Callable[[Sequence[Article]], Article]:
    """Which of several article files that share an id to load: the one the facts point to.

    That is the one whose text holds the most of the facts' passages for that id (a tie keeps
    the first file by name): a copy or a stray file whose name sorts first must not take the
    id, and with it every passage, from the article the facts were made from. The facts file
    is read only when there is a duplicate to settle.
    """
    quotes: dict[str, list[tuple[int, int, str]]] | None = None

    def choose(candidates: Sequence[Article]) -> Article:
        nonlocal quotes
        if quotes is None:
            quotes = _passage_quotes(facts_path)
        wanted = quotes.get(candidates[0].id, [])

        def held(article: Article) -> int:
            return sum(article.text[start:end] == quote for start, end, quote in wanted)

        return max(candidates, key=held)

    return choose


def _passage_quotes(path: Path) -> dict[str, list[tuple[int, int, str]]]:
    """Article id -> (start, end, quote) of each passage in a facts file, read leniently: a
    file that cannot be read gives none (loading it later reports why)."""
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, YamlProblem):
        return {}
    found: dict[str, list[tuple[int, int, str]]] = {}
    sections = data.values() if isinstance(data, dict) else []
    for entries in sections:
        for entry in entries if isinstance(entries, list) else []:
            passages = entry.get("evidence") if isinstance(entry, dict) else None
            for item in passages if isinstance(passages, list) else []:
                if not isinstance(item, dict):
                    continue
                start, end, quote = item.get("start"), item.get("end"), item.get("quote")
                if isinstance(start, int) and isinstance(end, int) and isinstance(quote, str):
                    found.setdefault(str(item.get("article")), []).append((start, end, quote))
    return found


# -- writing ---------------------------------------------------------------------------------


def _number(value: float | None) -> float | int | None:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _without_nones(item: Any) -> dict[str, Any]:
    return {k: v for k, v in dataclasses.asdict(item).items() if v is not None}


def _anchor_dict(evidence: Evidence) -> dict[str, Any]:
    # A place nobody has confirmed is never saved: the file keeps the curated passage.
    anchor = evidence.anchor.stored
    data: dict[str, Any] = {
        "article": anchor.article,
        "start": anchor.start,
        "end": anchor.end,
        "quote": anchor.quote,
        "prefix": anchor.prefix,
        "suffix": anchor.suffix,
    }
    if evidence.fields:
        data["fields"] = list(evidence.fields)
    if anchor.orphaned:
        data["orphaned"] = True
    return data


def _specific_dict(record: Record) -> dict[str, Any]:
    """A record's own fields as the file writes them, in the field table's order."""
    if isinstance(record, ArticleNote):
        return {"article": record.article}
    if isinstance(record, Rejection):
        return {"kind": record.kind, "article": record.article, "key": record.key}
    return {f.name: _written(f, getattr(record, f.name)) for f in KIND_FIELDS[record.KIND]}


def _written(field: Field, value: Any) -> Any:
    """One field's value as the file writes it: numbers as integers when they are whole,
    amounts and sellers as mappings, roles without their empty parts."""
    if field.type is FieldType.ROLES:
        return [_without_nones(role) for role in value]
    if field.type is FieldType.SELLERS:  # a stake nobody printed is left out, as roles' parts
        return [_without_nones(dataclasses.replace(s, stake=_number(s.stake))) for s in value]
    if field.type is FieldType.AMOUNT and isinstance(value, Amount):
        return {"value": _number(value.value), "currency": value.currency}
    if field.type in (FieldType.NUMBER, FieldType.PERCENT):
        return _number(value)
    return value


def record_dict(record: Record) -> dict[str, Any]:
    """A record as the file writes it: fixed key order, empty keys left out."""
    data: dict[str, Any] = {"id": record.id}
    for key, value in _specific_dict(record).items():
        if value is not None and value != [] and value != "":
            data[key] = value
    if record.review != CONFIRMED:
        data["review"] = record.review
    if record.notes:
        data["notes"] = record.notes
    if record.tags:
        data["tags"] = record.tags
    if record.conflicts:
        data["conflicts"] = [
            {
                "field": c.field,
                **({"note": c.note} if c.note else {}),
                "values": [_without_nones(v) for v in c.values],
            }
            for c in record.conflicts
        ]
    data["evidence"] = [_anchor_dict(e) for e in record.evidence]
    return data


def dump_facts(store: FactStore, cache: YamlItemCache | None = None) -> str:
    """The text of the facts file for ``store``; the same store always gives the same text.

    ``cache`` keeps each record's text from one dump to the next, by the record's content:
    a save after an edit then writes again only the records the edit changed (about 25 ms
    less for the bundled file), and the text is the same to the byte.
    """
    data: dict[str, Any] = {"schema": SCHEMA_VERSION}
    for kind, section in SECTIONS.items():
        records = [record_dict(r) for r in store.of_kind(kind)]
        if records or section not in QUIET_SECTIONS:
            data[section] = records
    return dump_yaml(data) if cache is None else dump_yaml_reusing(data, cache)


def save_facts(path: Path, store: FactStore, cache: YamlItemCache | None = None) -> str:
    """Saves atomically; the file it replaces is kept beside it with ``.bak`` appended.

    Returns the text written. ``cache``: see ``dump_facts``.
    """
    text = dump_facts(store, cache)
    keep_backup(path, path.with_name(path.name + BACKUP_SUFFIX))
    atomic_write_text(path, text)
    return text
