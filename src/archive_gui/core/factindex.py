"""What the search index holds of the facts: each record's names, and the articles it is in."""

from __future__ import annotations

from collections import defaultdict

from archive_gui.core.facts import ArticleNote, Company, Deal, Event, FactStore, Figure, Person
from archive_gui.core.search import FactsEntry


def fact_fields(store: FactStore) -> dict[str, FactsEntry]:
    """Record id → the articles of its passages and the index fields it gives them.

    ``company:Orange`` finds the articles where a record of Orange, or one that names it, has a
    passage; ``acquirer:``, ``target:`` and ``seller:`` the articles of a deal's passages;
    ``person:`` those of a person's; ``kind:`` the kinds of deals and events and the metrics of
    figures; ``tag:`` and ``note:`` the tags and notes of records and of articles.
    """

    def names(record_id: str | None) -> set[str]:
        record = store.get(record_id) if record_id else None
        return set(record.names()) if isinstance(record, Company | Person) else set()

    entries: dict[str, FactsEntry] = {}
    for record in store:
        own: dict[str, set[str]] = defaultdict(set)
        for _, ref in record.references():
            own["company"] |= names(ref)
        if isinstance(record, Company):
            own["company"] |= set(record.names())
        elif isinstance(record, Person):
            own["person"] |= set(record.names())
        elif isinstance(record, Deal):
            own["acquirer"] |= names(record.acquirer)
            own["target"] |= names(record.target)
            for seller in record.sellers:
                own["seller"] |= names(seller.company)
            own["kind"].add(record.kind)
        elif isinstance(record, Event):
            own["kind"].add(record.kind)
        elif isinstance(record, Figure):
            own["kind"].add(record.metric)
        own["tag"] |= set(record.tags)
        if record.notes:
            own["note"].add(record.notes)
        articles = {e.anchor.article for e in record.evidence}
        if isinstance(record, ArticleNote):
            articles.add(record.article)
        fields = {name: "\n".join(sorted(values)) for name, values in own.items() if values}
        if articles and fields:
            entries[record.id] = FactsEntry(tuple(sorted(articles)), fields)
    return entries


def companies_by_article(store: FactStore) -> dict[str, list[str]]:
    """Article id → the names of the companies with a passage in it, sorted: a search facet."""
    found: dict[str, set[str]] = defaultdict(set)
    for record in store.of_kind("company"):
        assert isinstance(record, Company)
        for evidence in record.evidence:
            found[evidence.anchor.article].add(record.name)
    return {article: sorted(names) for article, names in found.items()}
