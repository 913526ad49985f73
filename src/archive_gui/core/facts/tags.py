"""The tags readers put on records and on articles, with how often each is used."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from archive_gui.core.facts.records import ArticleNote, FactStore
from archive_gui.core.text import fold


@dataclass(frozen=True)
class TagCount:
    """One tag: how many records (article notes included) carry it, over how many articles."""

    tag: str
    records: int
    articles: int


def tag_counts(store: FactStore) -> list[TagCount]:
    """Every tag in use, most used first, then by name.

    Tags that differ only in case or accents are one tag, as ``tag:`` searches them; it is
    shown as most records spell it.
    """
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    records: Counter[str] = Counter()
    articles: dict[str, set[str]] = defaultdict(set)
    for record in store:
        for key, tag in {fold(t.strip()): t.strip() for t in record.tags if t.strip()}.items():
            spellings[key][tag] += 1
            records[key] += 1
            articles[key] |= {e.anchor.article for e in record.evidence}
            if isinstance(record, ArticleNote):
                articles[key].add(record.article)
    counts = [
        TagCount(spellings[key].most_common(1)[0][0], records[key], len(articles[key]))
        for key in records
    ]
    return sorted(counts, key=lambda c: (-c.records, fold(c.tag), c.tag))


def tag_query(tag: str) -> str:
    """The search that finds the articles of a tag's records: ``tag:"…"``, quoted as a phrase
    so that a tag of several words (or with a hyphen) stays one."""
    words = " ".join(tag.replace('"', " ").split())
    return f'tag:"{words}"'
