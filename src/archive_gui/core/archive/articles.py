"""Press articles: Markdown-like text files with a YAML front matter, loaded and validated."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from archive_gui.core.archive.problems import Problem, ProblemError
from archive_gui.core.archive.yamlio import YamlProblem, dump_yaml, load_yaml

REQUIRED_FIELDS = ("id", "title", "published", "language")
OPTIONAL_FIELDS = ("publication", "author", "source_file", "inferred", "printed", "missing")
# The order fields are written in.
FIELD_ORDER = ("id", "title", "publication", "author", "published", "language", "source_file",
               "inferred", "printed", "missing")  # fmt: skip
KNOWN_FIELDS = frozenset(REQUIRED_FIELDS + OPTIONAL_FIELDS)
# Metadata a front matter may mark as inferred or as printed otherwise.
METADATA_FIELDS = frozenset(["title", "publication", "author", "published", "language"])
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
ARTICLE_SUFFIX = ".md"
WARNING = "warning"
# How often loading says how far it is, in files.
PROGRESS_EVERY = 200


@dataclass(frozen=True)
class Article:
    """One article: its metadata and its text, the string every character offset refers to."""

    id: str
    title: str
    # None when the front matter's date is missing or is no date (see ``flagged``).
    published: dt.date | None
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
    # Field name -> the problem with the value written, which was left out so that the
    # article still loads: one typo in a date costs one problem, not the article.
    flagged: Mapping[str, Problem] = field(default_factory=dict)
    # Metadata its capture does not give (an import found no date): left empty, for a
    # person to fill in, and not a problem meanwhile.
    missing: tuple[str, ...] = ()

    def is_inferred(self, name: str) -> bool:
        return name in self.inferred

    @property
    def date_text(self) -> str:
        """The date as YYYY-MM-DD, or "" for an article whose date is missing or bad."""
        return self.published.isoformat() if self.published is not None else ""


ArticleChooser = Callable[[Sequence[Article]], Article]


@dataclass
class LoadedArticles:
    """The articles that loaded, in date order (undated last), and every problem found."""

    articles: dict[str, Article]
    problems: list[Problem]


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def parse_article(data: bytes, path: Path) -> Article:
    """Parses one article file's bytes.

    Raises ProblemError, naming the line, for a file that cannot be an article (not UTF-8, no
    front matter, malformed YAML, no usable id); a bad field's value is left out and its
    problem kept in ``Article.flagged``.
    """
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
    front = _FrontMatter(path, lines[:end], meta)
    article_id = front.article_id()
    front.report_unknown_fields()
    missing = front.missing()
    published = front.published()
    title = front.text("title", required=True) or article_id
    language = front.text("language", required=True) or ""
    strings = {key: front.text(key) for key in ("publication", "author", "source_file")}
    text = unicodedata.normalize("NFC", "\n".join(lines[end + 1 :]))
    return Article(
        id=article_id,
        title=unicodedata.normalize("NFC", title),
        published=published,
        text=text,
        language=language,
        publication=strings["publication"],
        author=strings["author"],
        source_file=strings["source_file"],
        inferred=front.notes("inferred"),
        printed=front.notes("printed"),
        path=path,
        content_hash=content_hash(data),
        flagged=front.flagged,
        missing=missing,
    )


# A language as the front matter records it: an ISO 639 code ("fr", "en", "deu").
LANGUAGE_PATTERN = re.compile(r"^[a-z]{2,3}$")


def parse_metadata(name: str, text: str) -> str | dt.date | None:
    """A metadata value as a person typed it, checked; raises ValueError saying what is wrong.
    Empty is None, except for a title and a language, which an article must have."""
    value = unicodedata.normalize("NFC", " ".join(text.split()))
    if not value:
        if name in ("title", "language"):
            raise ValueError(f"the {name} cannot be empty")
        return None
    if name == "published":
        date = _parse_date(value)
        if date is None:
            raise ValueError(f"'{value}' is not a date: write it YYYY-MM-DD")
        return date
    if name == "language" and not LANGUAGE_PATTERN.match(value):
        raise ValueError(f"'{value}' is not a language code such as fr or en")
    return value


def corrected(article: Article, values: Mapping[str, str | dt.date | None]) -> Article:
    """``article`` with metadata a person set or confirmed: those values are no longer
    inferred, nor missing if they have one."""
    unknown = set(values) - METADATA_FIELDS
    if unknown:
        raise ValueError(f"not metadata: {', '.join(sorted(unknown))}")
    return dataclasses.replace(
        article,
        **values,  # type: ignore[arg-type]
        inferred={k: v for k, v in article.inferred.items() if k not in values},
        missing=tuple(k for k in article.missing if values.get(k, None) is None),
        flagged={k: v for k, v in article.flagged.items() if k not in values},
    )


def article_file_text(article: Article) -> str:
    """The file of ``article``, as ``parse_article`` reads it back: the front matter, in a
    fixed order with empty fields left out, then the text."""
    values: dict[str, Any] = {
        "id": article.id,
        "title": article.title,
        "publication": article.publication,
        "author": article.author,
        "published": article.published,
        "language": article.language,
        "source_file": article.source_file,
        "inferred": dict(article.inferred),
        "printed": dict(article.printed),
        "missing": list(article.missing),
    }
    kept = {key: values[key] for key in FIELD_ORDER if values[key] not in (None, {}, [])}
    front = dump_yaml(kept)
    return f"---\n{front}---\n{article.text}"


class _FrontMatter:
    """Reads an article's fields one by one: a bad value is flagged at its own line and left
    out, so that one typo is one problem and the article, with every record that points to
    it, still loads. Only an article without a usable id cannot be loaded."""

    def __init__(self, path: Path, lines: list[str], meta: dict[Any, Any]) -> None:
        self.path = path
        self.lines = lines
        self.meta = meta
        self.flagged: dict[str, Problem] = {}

    def flag(self, key: str, message: str) -> None:
        self.flagged[key] = Problem(self.path, _line_of_key(self.lines, key), message)

    def article_id(self) -> str:
        value = self.meta.get("id")
        if value is None or value == "":
            raise ProblemError(Problem(self.path, 1, "missing field 'id'"))
        if not isinstance(value, str) or not ID_PATTERN.match(value):
            line = _line_of_key(self.lines, "id")
            message = f"bad id {value!r}: use lower-case letters, digits and hyphens"
            raise ProblemError(Problem(self.path, line, message))
        return value

    def report_unknown_fields(self) -> None:
        known = ", ".join(sorted(KNOWN_FIELDS))
        for key in self.meta:
            if key not in KNOWN_FIELDS:
                self.flag(str(key), f"unknown field '{key}' (known fields: {known}); ignored")

    def missing(self) -> tuple[str, ...]:
        """The metadata fields marked as missing from the capture, to be filled in."""
        value = self.meta.get("missing")
        if value is None:
            return ()
        if not isinstance(value, list) or not all(v in METADATA_FIELDS for v in value):
            fields = ", ".join(sorted(METADATA_FIELDS))
            self.flag("missing", f"'missing' must list metadata fields ({fields}); left out")
            return ()
        return tuple(value)

    def required(self, key: str) -> Any:
        value = self.meta.get(key)
        if value is None or value == "":
            if key not in self.missing():
                self.flag(key, f"missing field '{key}'")
            return None
        return value

    def published(self) -> dt.date | None:
        value = self.required("published")
        if value is None:
            return None
        date = _parse_date(value)
        if date is None:
            message = f"bad date {value!r}: expected YYYY-MM-DD; the article is shown undated"
            self.flag("published", message)
        return date

    def text(self, key: str, required: bool = False) -> str | None:
        value = self.required(key) if required else self.meta.get(key)
        if value is not None and not isinstance(value, str):
            self.flag(key, f"field '{key}' must be text, not {type(value).__name__}; left out")
            return None
        return value

    def notes(self, key: str) -> dict[str, str]:
        """The ``inferred`` or ``printed`` notes; all left out if one of them is wrong."""
        value = self.meta.get(key)
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.flag(key, f"field '{key}' must map metadata fields to text; left out")
            return {}
        for name, note in value.items():
            if name not in METADATA_FIELDS:
                self.flag(key, f"'{key}' names '{name}', which is not a metadata field; left out")
                return {}
            if not isinstance(note, str | dt.date):
                self.flag(key, f"'{key}.{name}' must be text; left out")
                return {}
        return {str(name): str(note) for name, note in value.items()}


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


def article_files(folder: Path, root: Path | None = None) -> tuple[list[Path], list[Problem]]:
    """The article files of a folder, by name, and a warning for each one that is refused.

    A link is followed only within the archive (``root``, by default the folder's parent,
    or the folder itself): a link to any other file on the disk would be loaded, indexed and
    shown as an article. A dangling link, a link loop or a name that is not a file is
    reported rather than skipped in silence.
    """
    allowed = [folder.resolve(), (root or folder.parent).resolve()]
    files: list[Path] = []
    problems: list[Problem] = []
    try:
        with os.scandir(folder) as found:
            entries = sorted(
                (e for e in found if e.name.endswith(ARTICLE_SUFFIX)), key=lambda e: e.name
            )
    except OSError:  # no folder: no articles, as glob gives
        entries = []
    for entry in entries:
        path = folder / entry.name
        # A plain file in the folder needs no look at where it leads (100,000 took 12 s).
        plain = not entry.is_symlink() and entry.is_file(follow_symlinks=False)
        refused = None if plain else _refusal(path, allowed)
        if refused is None:
            files.append(path)
        else:
            problems.append(Problem(path, None, refused, WARNING))
    return files, problems


def _refusal(path: Path, allowed: Sequence[Path]) -> str | None:
    """Why ``path`` is not read as an article, or None if it is."""
    try:
        target = path.resolve(strict=True)
    except FileNotFoundError:
        return f"broken link to {os.readlink(path)} (no such file); skipped"
    except (OSError, RuntimeError):  # RuntimeError: Python before 3.13 on a loop
        return "link loop (the link leads back to itself); skipped"
    if not any(target.is_relative_to(folder) for folder in allowed):
        return f"link to {target}, outside the archive; refused"
    if not target.is_file():
        return "not a file; skipped"
    return None


def load_articles(
    folder: Path,
    root: Path | None = None,
    choose: ArticleChooser | None = None,
    load: Callable[[Path], Article] = load_article,
    progress: Callable[[int, int], None] | None = None,
) -> LoadedArticles:
    """Loads every article of a folder; a bad file is reported and the others still load.

    ``root`` is the archive the folder belongs to (see ``article_files``). Of several files
    with one id, ``choose`` picks the one to load (by default the first by name); each of
    the others is reported, naming the one loaded. ``load`` reads one file (the catalogue's
    takes it from its copy when it can). ``progress`` hears how many files are read, of how
    many, every PROGRESS_EVERY files and at the end; what it raises stops the loading.
    """
    paths, problems = article_files(folder, root)
    found: dict[str, list[Article]] = {}
    for done, path in enumerate(paths):
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(done, len(paths))
        try:
            article = load(path)
        except ProblemError as exc:
            problems.append(exc.problem)
            continue
        problems.extend(article.flagged.values())
        found.setdefault(article.id, []).append(article)
    articles: dict[str, Article] = {}
    for article_id, candidates in found.items():
        kept = choose(candidates) if choose is not None and len(candidates) > 1 else candidates[0]
        articles[article_id] = kept
        problems.extend(_duplicate(other, kept) for other in candidates if other is not kept)
    if progress is not None:
        progress(len(paths), len(paths))
    undated = dt.date.max  # an article without a valid date comes last
    ordered = sorted(articles.items(), key=lambda item: (item[1].published or undated, item[0]))
    return LoadedArticles(dict(ordered), problems)


def _duplicate(ignored: Article, kept: Article) -> Problem:
    """The problem of a file whose id another file, the one loaded, also has."""
    assert ignored.path is not None
    assert kept.path is not None
    try:
        line: int | None = _line_of_key(ignored.path.read_text("utf-8").split("\n"), "id")
    except (OSError, UnicodeDecodeError):  # changed since it was read: no line to name
        line = None
    message = (
        f"duplicate id '{kept.id}', also used by {kept.path.name}, "
        f"which is the one loaded; this file is ignored"
    )
    return Problem(ignored.path, line, message)
