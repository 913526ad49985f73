"""What a saved web page or a text file holds: the article's own text and its metadata, each
value with where it came from.

A page's text is taken by trafilatura, made for news pages, without the site's chrome. Its
metadata is read here from the page's own data, most explicit first: JSON-LD (``NewsArticle``),
Open Graph, meta tags, the byline, then the dates the page prints and its URL; each value keeps
that source as its evidence, shown to the user. A value the page does not give stays empty.
"""

from __future__ import annotations

import codecs
import datetime as dt
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from archive_gui.core.archive.dates import date_in_url, page_date, parse_iso_datetime
from archive_gui.core.text import fold

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")
# Fewer words than this is a page with no article (a home page, a list of results, an error).
MIN_WORDS = 40
# A home page or a list of results is many short teasers: an article has paragraphs.
MIN_WORDS_PER_PARAGRAPH = 14
ARTICLE_TYPES = frozenset(
    ["newsarticle", "article", "reportagenewsarticle", "blogposting", "analysisnewsarticle",
     "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle", "report"]
)  # fmt: skip
# Meta tags that give each value, most explicit first.
AUTHOR_META_TAGS = ("author", "article:author", "dc.creator", "sailthru.author", "byl")
PUBLICATION_META_TAGS = ("og:site_name", "application-name", "publisher", "dc.publisher")
DATE_META_TAGS = (
    "article:published_time",
    "date",
    "dc.date.issued",
    "dc.date",
    "pubdate",
    "publish-date",
    "datepublished",
    "og:published_time",
    "sailthru.date",
)
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_NAME_WORD = r"[A-ZÀ-Ý][\w'’.-]+"
# "Par Jeanne Martin", "By John Smith": a name of two to four capitalised words.
_BYLINE = re.compile(rf"^\s*(?i:par|by|de)\s+({_NAME_WORD}(?:[\s\u00a0]{_NAME_WORD}){{1,3}})")
MAX_BYLINE = 120
_NOT_TEXT = re.compile(r"<(script|style|svg|noscript)\b[^>]*>.*?</\1\s*>", re.S | re.I)
# "© 2019 Le Journal de l'Éco — Tous droits réservés", "© L'Ouest Quotidien · Mentions".
_COPYRIGHT = re.compile(r"©\s*(?:\d{4}\s*)?([A-ZÀ-Ý][^·|—–\n\d]{2,40}?)\s*(?:[·|—–-]|$)", re.M)
# Words that are French beyond doubt, and English ones, to tell the two apart.
_FRENCH = frozenset(re.findall(r"\w+", "le la les des du une est et dans pour qui que sur avec au"))
_ENGLISH = frozenset(re.findall(r"\w+", "the and of to in is that for with was on by it as are"))


class CaptureRefused(Exception):
    """The file holds no article to import; the message says why, in a few words."""


@dataclass(frozen=True)
class Found:
    """One metadata value and where it was found."""

    value: str
    evidence: str


@dataclass
class Capture:
    """An article as read from its capture, before it is given an id and written."""

    title: str
    text: str
    # Field name (publication, author, published, language) -> the value and its evidence.
    metadata: dict[str, Found] = field(default_factory=dict)
    # What the user should know of it ("in English: French analysis may fit it poorly").
    notes: list[str] = field(default_factory=list)

    @property
    def published(self) -> dt.date | None:
        found = self.metadata.get("published")
        return dt.date.fromisoformat(found.value) if found else None


def read_capture(name: str, data: bytes) -> Capture:
    """The article in a saved page or text file named ``name``; raises CaptureRefused."""
    if not data.strip():
        raise CaptureRefused("empty file")
    if _looks_binary(data):
        raise CaptureRefused("not text (binary data)")
    suffix = name.lower().rsplit(".", 1)[-1] if "." in name else ""
    if f".{suffix}" in HTML_SUFFIXES or (not suffix and data.lstrip()[:1] == b"<"):
        capture = _read_page(data)
    else:
        capture = _read_text_file(decode_text(data), name.lower().endswith((".md", ".markdown")))
    _check_language(capture)
    return capture


def _looks_binary(data: bytes) -> bool:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    head = data[:4096]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return controls > len(head) // 50


def decode_text(data: bytes, declared: str | None = None) -> str:
    """The text of ``data``: its BOM's encoding, else UTF-8 if it is valid UTF-8 (a wrong
    declaration of Latin-1 on a UTF-8 page is common, the opposite never decodes), else the
    declared encoding, else Windows-1252 (which Latin-1 pages are, in practice)."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):  # fmt: skip
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    for candidate in (declared, "cp1252"):
        try:
            return data.decode(candidate or "cp1252")
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("latin-1")


def _read_text_file(text: str, markdown: bool) -> Capture:
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = text.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        raise CaptureRefused("empty file")
    title = lines[first].strip()
    if markdown:
        title = title.lstrip("#").strip()
    body = paragraphs(lines[first + 1 :])
    if not body:
        raise CaptureRefused("no article text (a title and nothing else)")
    capture = Capture(title, body)
    printed = page_date("\n".join(lines[first:]))
    if printed is not None:
        shown = "\n".join(lines[first:])[printed.start : printed.end]
        capture.metadata["published"] = Found(
            printed.date.isoformat(), f"printed in the text: «{shown}»"
        )
    return capture


def paragraphs(lines: Iterable[str]) -> str:
    """The article's text in the archive's form: one paragraph per block, blank lines between;
    lines of one paragraph kept as written."""
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            blocks[-1].append(line.rstrip())
        elif blocks[-1]:
            blocks.append([])
    return "\n\n".join("\n".join(block) for block in blocks if block)


def _read_page(data: bytes) -> Capture:
    import lxml.html
    import trafilatura

    declared = _CHARSET.search(data[:4096])
    html = decode_text(data, declared.group(1).decode("ascii") if declared else None)
    html = unicodedata.normalize("NFC", html)
    try:
        tree = lxml.html.document_fromstring(html)
    except Exception as exc:  # lxml raises several kinds of errors on markup it cannot read
        raise CaptureRefused(f"not a readable page ({exc})") from None
    page = _PageMetadata(tree)
    # Scripts and styles hold no article text; left in, a heavy page passes trafilatura's
    # size limit (20 MB) and gives nothing.
    readable = _NOT_TEXT.sub("", html)
    extracted = trafilatura.extract(readable, include_comments=False, include_tables=False)
    lines = (extracted or "").split("\n")
    title = page.title() or (lines[0].strip() if lines else "")
    if lines and fold(lines[0].strip()) == fold(title):
        lines = lines[1:]
    body = "\n\n".join(line.strip() for line in lines if line.strip())
    _check_article_text(body, page)
    capture = Capture(title or "(untitled)", body)
    for name, found in page.metadata(body).items():
        capture.metadata[name] = found
    if not title:
        capture.notes.append("the page gives no title")
    return capture


def _check_article_text(body: str, page: _PageMetadata) -> None:
    blocks = [b for b in body.split("\n\n") if b.strip()]
    words = len(body.split())
    if words < MIN_WORDS:
        raise CaptureRefused(f"no article text (only {words} words outside the page's chrome)")
    listed = sum(1 for b in blocks if b.startswith(("- ", "* ", "• ")))
    if not page.is_article and (
        words / len(blocks) < MIN_WORDS_PER_PARAGRAPH or listed > len(blocks) / 2
    ):
        raise CaptureRefused(
            "no article text (a list of short items: a home page or a list of results?)"
        )


def _check_language(capture: Capture) -> None:
    if "language" not in capture.metadata:
        guessed = guess_language(capture.text)
        if guessed:
            capture.metadata["language"] = Found(guessed, "guessed from the words of the text")
    language = capture.metadata.get("language")
    if language is not None and language.value != "fr":
        capture.notes.append(
            f"language '{language.value}', not French: the search's French analysis "
            "(stemming, stop words) will fit it less well"
        )


def guess_language(text: str) -> str | None:
    """ "fr" or "en" from the commonest words, or None if the text is neither clearly."""
    words = re.findall(r"[a-zà-ÿ]+", text.lower()[:5000])
    french = sum(w in _FRENCH for w in words)
    english = sum(w in _ENGLISH for w in words)
    if french + english < 5:
        return None
    return "fr" if french >= 2 * english else "en" if english >= 2 * french else None


class _PageMetadata:
    """A page's metadata, each value with its source, from the page's markup."""

    def __init__(self, tree: Any) -> None:
        self.tree = tree
        self.meta = self._meta_tags()
        self.articles = list(self._json_ld_articles())
        og_type = self.meta.get("og:type", "").lower()
        self.is_article = bool(self.articles) or og_type == "article"

    def _meta_tags(self) -> dict[str, str]:
        tags: dict[str, str] = {}
        for meta in self.tree.iter("meta"):
            key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip()
            content = (meta.get("content") or "").strip()
            if key and content:
                tags.setdefault(key.lower(), _clean(content))
        return tags

    def _json_ld_articles(self) -> Iterator[dict[str, Any]]:
        for script in self.tree.iter("script"):
            if (script.get("type") or "").lower() != "application/ld+json":
                continue
            try:
                data = json.loads(script.text or "")
            except ValueError:
                continue
            yield from (d for d in _json_ld_objects(data) if _is_article(d))

    def _ld(self, key: str) -> Any:
        return next((a[key] for a in self.articles if a.get(key)), None)

    def title(self) -> str:
        headline = self._ld("headline")
        if isinstance(headline, str) and headline.strip():
            return _clean(headline)
        if "og:title" in self.meta:
            return self.meta["og:title"]
        h1 = next((_clean(h.text_content()) for h in self.tree.iter("h1")), "")
        if h1:
            return h1
        title = self.tree.find(".//title")
        return _strip_site(_clean(title.text_content())) if title is not None else ""

    def metadata(self, body: str) -> dict[str, Found]:
        found: dict[str, Found] = {}
        for name, value in (
            ("author", self.author()),
            ("publication", self.publication()),
            ("published", self.published()),
            ("language", self.language()),
        ):
            if value is not None:
                found[name] = value
        return found

    def author(self) -> Found | None:
        author = self._ld("author")
        names = _ld_names(author)
        if names:
            return Found(", ".join(names), "the page's JSON-LD data (NewsArticle author)")
        for key in AUTHOR_META_TAGS:
            value = self.meta.get(key, "")
            if value and not value.startswith("http"):
                return Found(_strip_by(value), f'the page\'s meta tag "{key}"')
        byline = self._byline()
        if byline:
            return Found(byline, f"the byline printed above the article: «{byline}»")
        return None

    def _byline(self) -> str | None:
        line = self._byline_line()
        match = _BYLINE.match(line) if line else None
        return match.group(1) if match else None

    def _byline_line(self) -> str | None:
        """The line that signs the article ("Par Jeanne Martin, le 3 février 2012"): an element
        marked as the byline or the author, else a short paragraph that starts with "Par"."""
        for element in self.tree.iter():
            if not isinstance(element.tag, str):
                continue
            marks = " ".join([element.get("class") or "", element.get("rel") or "",
                              element.get("itemprop") or ""]).lower()  # fmt: skip
            if any(m in marks for m in ("byline", "author", "auteur", "signature")):
                text = _clean(element.text_content())
                if len(text) < MAX_BYLINE and _BYLINE.match(text):
                    return text
                if len(text) < MAX_BYLINE and _BYLINE.match("par " + text):
                    return "par " + text
        for element in self.tree.iter("p", "span", "div"):
            text = _clean(element.text_content())
            if len(text) < MAX_BYLINE and _BYLINE.match(text):
                return text
        return None

    def publication(self) -> Found | None:
        publisher = self._ld("publisher")
        names = _ld_names(publisher)
        if names:
            return Found(names[0], "the page's JSON-LD data (NewsArticle publisher)")
        for key in PUBLICATION_META_TAGS:
            if key in self.meta:
                return Found(self.meta[key], f'the page\'s meta tag "{key}"')
        title = self.tree.find(".//title")
        if title is not None:
            site = _site_of_title(_clean(title.text_content()))
            if site:
                return Found(site, f"the page's title, after its separator: «{site}»")
        copyright_line = _COPYRIGHT.search(_clean_lines(self.tree.find(".//body")))
        if copyright_line:
            name = copyright_line.group(1).strip()
            return Found(name, f"the page's copyright line: «© {name}»")
        return None

    def published(self) -> Found | None:
        value = self._ld("datePublished") or self._ld("dateCreated")
        date = parse_iso_datetime(value) if isinstance(value, str) else None
        if date:
            return Found(date.isoformat(), f"the page's JSON-LD data (datePublished {value})")
        for key in DATE_META_TAGS:
            date = parse_iso_datetime(self.meta.get(key, ""))
            if date:
                return Found(date.isoformat(), f'the page\'s meta tag "{key}" ({self.meta[key]})')
        for time in self.tree.iter("time"):
            date = parse_iso_datetime(time.get("datetime") or "")
            if date:
                return Found(
                    date.isoformat(), f"the page's <time> element ({time.get('datetime')})"
                )
        byline = self._byline_line()
        printed = page_date(byline) if byline else None
        if printed is not None:
            shown = byline[printed.start : printed.end] if byline else ""
            return Found(printed.date.isoformat(), f"the byline printed on the page: «{shown}»")
        printed = page_date(self._article_lines())
        if printed is not None:
            return Found(printed.date.isoformat(), "a date printed under the article's title")
        for url in self._urls():
            date = date_in_url(url)
            if date:
                return Found(date.isoformat(), f"the page's address: {url}")
        return None

    def _article_lines(self) -> str:
        """The page's lines from its headline on (menus and banners above it left out)."""
        lines = _clean_lines(self.tree.find(".//body")).split("\n")
        headline = fold(self.title())
        start = next((i for i, line in enumerate(lines) if fold(line) == headline), 0)
        return "\n".join(lines[start:])

    def _urls(self) -> Iterator[str]:
        for link in self.tree.iter("link"):
            if (link.get("rel") or "").lower() == "canonical" and link.get("href"):
                yield link.get("href")
        if "og:url" in self.meta:
            yield self.meta["og:url"]

    def language(self) -> Found | None:
        value = self._ld("inLanguage")
        if isinstance(value, str) and value.strip():
            return Found(_language_code(value), f"the page's JSON-LD data (inLanguage {value})")
        html_lang = self.tree.get("lang") or self.tree.get("xml:lang")
        if html_lang:
            return Found(_language_code(html_lang), f'the page\'s <html lang="{html_lang}">')
        locale = self.meta.get("og:locale")
        if locale:
            return Found(_language_code(locale), f"the page's Open Graph locale ({locale})")
        return None


def _json_ld_objects(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _json_ld_objects(item)
    elif isinstance(data, dict):
        yield data
        yield from _json_ld_objects(data.get("@graph"))


def _is_article(data: dict[str, Any]) -> bool:
    kinds = data.get("@type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return any(isinstance(k, str) and k.lower() in ARTICLE_TYPES for k in kinds)


def _ld_names(value: Any) -> list[str]:
    """The names in a JSON-LD author or publisher: a name, a Person, an Organization, a list."""
    items = value if isinstance(value, list) else [value]
    names = []
    for item in items:
        name = item.get("name") if isinstance(item, dict) else item
        if isinstance(name, str) and name.strip() and not name.startswith("http"):
            names.append(_clean(name))
    return names


def _clean(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _clean_lines(element: Any) -> str:
    if element is None:
        return ""
    return "\n".join(_clean(t) for t in element.itertext() if t.strip())


def _strip_by(name: str) -> str:
    return re.sub(r"^(?:par|by)\s+", "", name, flags=re.IGNORECASE)


# A French headline has " : " of its own: only a bar or a dash parts it from the site's name.
_TITLE_SEPARATOR = re.compile(r"\s+[|–—-]\s+")


def _site_of_title(title: str) -> str | None:
    parts = _TITLE_SEPARATOR.split(title)
    return parts[-1] if len(parts) > 1 and len(parts[-1]) <= 40 else None


def _strip_site(title: str) -> str:
    parts = _TITLE_SEPARATOR.split(title)
    return " - ".join(parts[:-1]) if len(parts) > 1 and len(parts[-1]) <= 40 else title


def _language_code(value: str) -> str:
    return value.strip().lower().replace("_", "-").split("-")[0]
