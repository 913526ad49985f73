"""Press articles: Markdown-like text files with a YAML front matter, loaded and validated."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from archive_gui.core.problems import Problem, ProblemError
from archive_gui.core.yamlio import YamlProblem, load_yaml

REQUIRED_FIELDS = ("id", "title", "published", "language")
OPTIONAL_FIELDS = ("publication", "author", "source_file", "inferred", "printed")
KNOWN_FIELDS = frozenset(REQUIRED_FIELDS + OPTIONAL_FIELDS)
# Metadata a front matter may mark as inferred or as printed otherwise.
METADATA_FIELDS = frozenset(["title", "publication", "author", "published", "language"])
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
ARTICLE_SUFFIX = ".md"


@dataclass(frozen=True)
class Article:
    """One article: its metadata and its text, the string every character offset refers to."""

    id: str
    title: str
    published: dt.date
    text: str
    language: str = "fr"
    publication: str | None = None
    author: str | None = None
    source_file: str | None = None
    # Field name -> the evidence for a value the article does not print itself.
    inferred: Mapping[str, str] = field(default_factory=dict)
    # Field name -> the value as printed, where it contradicts the recorded one.
    printed: Mapping[str, str] = field(default_factory=dict)
    path: Path | None = None
    content_hash: str = ""

    def is_inferred(self, name: str) -> bool:
        return name in self.inferred


@dataclass
class LoadedArticles:
    """The articles that loaded, in date order, and the problems of those that did not."""

    articles: dict[str, Article]
    problems: list[Problem]


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def parse_article(data: bytes, path: Path) -> Article:
    """Parses one article file's bytes; raises ProblemError naming the line that is wrong."""
    try:
        raw = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ProblemError(
            Problem(path, line, f"not UTF-8 text (byte 0x{data[exc.start]:02x})")
        ) from None
    raw = raw.replace("\r\n", "\n").removeprefix("\ufeff")
    lines = raw.split("\n")
    if lines[0].strip() != "---":
        raise ProblemError(Problem(path, 1, "missing front matter: the file must start with '---'"))
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        raise ProblemError(
            Problem(path, 1, "front matter is not closed: no second '---' line")
        ) from None
    front_text = "\n".join(lines[1:end])
    try:
        meta = load_yaml(front_text)
    except YamlProblem as exc:
        # The C parser may place an error at the end of input: keep it within the front matter.
        line = min(exc.line + 1, end) if exc.line is not None else 1
        raise ProblemError(Problem(path, line, f"malformed front matter: {exc.message}")) from None
    if not isinstance(meta, dict):
        raise ProblemError(Problem(path, 2, "front matter must be a mapping of fields"))

    def line_of(key: str) -> int:
        return _line_of_key(lines[:end], key)

    def fail(key: str, message: str) -> ProblemError:
        return ProblemError(Problem(path, line_of(key), message))

    for key in meta:
        if key not in KNOWN_FIELDS:
            known = ", ".join(sorted(KNOWN_FIELDS))
            raise fail(str(key), f"unknown field '{key}' (known fields: {known})")
    for key in REQUIRED_FIELDS:
        if meta.get(key) in (None, ""):
            raise ProblemError(Problem(path, 1, f"missing field '{key}'"))
    article_id = meta["id"]
    if not isinstance(article_id, str) or not ID_PATTERN.match(article_id):
        raise fail("id", f"bad id {article_id!r}: use lower-case letters, digits and hyphens")
    published = _parse_date(meta["published"])
    if published is None:
        raise fail("published", f"bad date {meta['published']!r}: expected YYYY-MM-DD")
    strings: dict[str, str | None] = {}
    for key in ("title", "language", "publication", "author", "source_file"):
        value = meta.get(key)
        if value is not None and not isinstance(value, str):
            raise fail(key, f"field '{key}' must be text, not {type(value).__name__}")
        strings[key] = value
    notes: dict[str, dict[str, str]] = {}
    for key in ("inferred", "printed"):
        notes[key] = _metadata_notes(meta.get(key), lambda message, k=key: fail(k, message), key)
    text = unicodedata.normalize("NFC", "\n".join(lines[end + 1 :]))
    return Article(
        id=article_id,
        title=unicodedata.normalize("NFC", str(strings["title"])),
        published=published,
        text=text,
        language=str(strings["language"]),
        publication=strings["publication"],
        author=strings["author"],
        source_file=strings["source_file"],
        inferred=notes["inferred"],
        printed=notes["printed"],
        path=path,
        content_hash=content_hash(data),
    )


def _parse_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _metadata_notes(value: Any, fail: Any, key: str) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise fail(f"field '{key}' must map metadata fields to text")
    for name, note in value.items():
        if name not in METADATA_FIELDS:
            raise fail(f"'{key}' names '{name}', which is not a metadata field")
        if not isinstance(note, str | dt.date):
            raise fail(f"'{key}.{name}' must be text")
    return {str(name): str(note) for name, note in value.items()}


def _line_of_key(lines: list[str], key: str) -> int:
    """The 1-based line where a front-matter field is set, or 1 if it is not."""
    pattern = re.compile(rf"^{re.escape(key)}\s*:")
    for number, line in enumerate(lines, 1):
        if pattern.match(line):
            return number
    return 1


def load_article(path: Path) -> Article:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ProblemError(Problem(path, None, f"cannot read: {exc.strerror}")) from None
    return parse_article(data, path)


def article_paths(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob(f"*{ARTICLE_SUFFIX}") if p.is_file())


def load_articles(folder: Path) -> LoadedArticles:
    """Loads every article of a folder; a bad file is reported and the others still load."""
    articles: dict[str, Article] = {}
    problems: list[Problem] = []
    for path in article_paths(folder):
        try:
            article = load_article(path)
        except ProblemError as exc:
            problems.append(exc.problem)
            continue
        previous = articles.get(article.id)
        if previous is not None:
            assert previous.path is not None
            message = f"duplicate id '{article.id}', already used by {previous.path.name}"
            problems.append(
                Problem(path, _line_of_key(path.read_text("utf-8").split("\n"), "id"), message)
            )
            continue
        articles[article.id] = article
    ordered = dict(sorted(articles.items(), key=lambda item: (item[1].published, item[0])))
    return LoadedArticles(ordered, problems)
