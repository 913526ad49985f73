"""What an export holds: the records of some kinds, and their passages in some articles."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from archive_gui.core.archive.articles import Article
from archive_gui.core.facts.records import Evidence, FactStore, Record
from archive_gui.core.kinds import FACT_KINDS
from archive_gui.core.text import slug


@dataclass(frozen=True)
class Selection:
    """Records to export with the store they come from (to name what they refer to) and the
    archive's articles; ``article_ids``, when set, limits the passages to those articles."""

    store: FactStore
    # The kinds asked for, in the file's order, and their records in the store's.
    kinds: tuple[str, ...]
    records: tuple[Record, ...]
    articles: Mapping[str, Article]
    article_ids: frozenset[str] | None = None
    # Stands before every id written, so that two archives' exports never share one.
    namespace: str = "archive"

    def evidence(self, record: Record) -> list[Evidence]:
        """The record's passages that the selection keeps."""
        if self.article_ids is None:
            return list(record.evidence)
        return [e for e in record.evidence if e.anchor.article in self.article_ids]


def select(
    store: FactStore,
    articles: Mapping[str, Article],
    kinds: Collection[str] | None = None,
    article_ids: Collection[str] | None = None,
    namespace: str = "archive",
) -> Selection:
    """The fact records of ``kinds`` (all by default); with ``article_ids`` (a query's
    articles), only the records with a passage in one of them, and only those passages."""
    wanted = tuple(k for k in FACT_KINDS if kinds is None or k in kinds)
    limit = None if article_ids is None else frozenset(article_ids)
    records = tuple(
        r
        for r in store
        if r.KIND in wanted
        and (limit is None or any(e.anchor.article in limit for e in r.evidence))
    )
    return Selection(store, wanted, records, articles, limit, namespace_of(namespace))


def namespace_of(name: str) -> str:
    """A name made fit to stand in an id (letters, digits, hyphens): "Mon archive" gives
    "mon-archive"."""
    return slug(name) or "archive"
