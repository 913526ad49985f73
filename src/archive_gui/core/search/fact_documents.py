"""What the search index holds of the facts: each record's names, and the articles it is in."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from archive_gui.core.facts.records import (
    ArticleNote,
    Company,
    Deal,
    Event,
    FactStore,
    Figure,
    Person,
)
from archive_gui.core.search.results import FactsEntry, Snippet, Span, make_snippets

# Passages that run together make one snippet; past this many characters it is cut short.
LONGEST_SNIPPET = 320


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


def passage_snippets(
    store: FactStore, article_id: str, text: str, record_ids: Iterable[str]
) -> list[Snippet]:
    """Snippets of ``text`` around the passages that ``record_ids`` have in the article, each
    passage a hit: what a result found through a fact field (``acquirer:SFR``) shows."""
    spans = []
    for record_id in record_ids:
        record = store.get(record_id)
        for evidence in record.evidence if record is not None else ():
            anchor = evidence.anchor
            if anchor.article == article_id and not anchor.orphaned and anchor.end <= len(text):
                quote = text[anchor.start : anchor.end]
                spans.append(Span(anchor.start, anchor.end, quote, "body", (record_id,)))
    unique = {(s.start, s.end): s for s in sorted(spans, key=lambda s: (s.start, s.end))}
    return [_shortened(text, sn) for sn in make_snippets(text, list(unique.values()))]


def _shortened(text: str, snippet: Snippet) -> Snippet:
    """A snippet of passages that ran together, cut after its first passage's context."""
    if snippet.end - snippet.start <= LONGEST_SNIPPET or not snippet.hits:
        return snippet
    end = max(snippet.hits[0].end, snippet.start + LONGEST_SNIPPET)
    while end < snippet.end and not text[end].isspace():
        end += 1
    hits = tuple(h for h in snippet.hits if h.end <= end)
    return Snippet(snippet.start, end, text[snippet.start : end], hits)
