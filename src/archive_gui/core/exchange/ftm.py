"""FollowTheMoney entities, as OCCRP Aleph and OpenSanctions read them.

Built with the ``followthemoney`` library's own model, so that every value is cleaned and
checked as FtM does it. Companies become Company, Organization or PublicBody (from their
kind), people Person, a deal an Ownership (the acquirer owns the target, from the deal's
date) and each seller's stake an Ownership that ends then; people's roles become
Directorship, Employment or Membership; events Event; the articles the passages are in,
Article entities, which every other entity gives as its ``proof``.

Ids are ``namespace.kind.record-id``: the same record always gets the same id, and two
archives' exports never share one. The library is imported on first use (it takes about a
second), never when the window starts.
"""

from __future__ import annotations

import json
import re
from collections import deque
from collections.abc import Iterator
from typing import TYPE_CHECKING

from archive_gui.core.archive.articles import Article
from archive_gui.core.exchange.selection import Selection
from archive_gui.core.facts.records import (
    PARTIAL_DATE,
    Amount,
    Company,
    Deal,
    Event,
    Figure,
    Person,
    Record,
    Role,
)
from archive_gui.core.text import fold
from archive_gui.core.titles import format_amount

if TYPE_CHECKING:
    from followthemoney.proxy import EntityProxy

# A company's kind gives its FtM schema; any other kind is a Company.
SCHEMA_OF_COMPANY_KIND = {
    "public-body": "PublicBody",
    "project": "Organization",
    "other": "Organization",
}
# A role's title gives its FtM schema (folded words; the first that matches), else Employment.
_DIRECTOR = re.compile(
    r"\b(pdg|p-dg|ceo|cfo|coo|cto|president|presidente|directeur|directrice|dg|gerant|gerante|"
    r"administrateur|administratrice|fondateur|fondatrice|founder|chairman|director|"
    r"vice-president)\b"
)
_OWNER = re.compile(r"\b(proprietaire|owner|actionnaire|shareholder)\b")
_MEMBER = re.compile(r"\b(membre|member|associe|associee|partner)\b")


def ftm_lines(selection: Selection, left_out: list[str]) -> Iterator[str]:
    """Line-delimited JSON, one entity a line (what ``ftm`` and Aleph's tools read), made one
    record at a time; what cannot be written is added to ``left_out``, with why."""
    for entity in _Builder(selection, left_out).entities():
        yield json.dumps(entity.to_dict(), ensure_ascii=False, sort_keys=True) + "\n"


class _Builder:
    """Makes the entities of a selection: its records, the companies and people they refer
    to (so every reference resolves), then the articles their proofs name."""

    def __init__(self, selection: Selection, left_out: list[str]) -> None:
        from followthemoney import model

        self.model = model
        self.selection = selection
        self.ns = selection.namespace
        self.left_out = left_out
        self.made: list[EntityProxy] = []
        self.written: set[str] = set()
        # The records written and the articles their proofs name.
        self.handled: set[str] = set()
        self.cited: set[str] = set()
        self.figures = 0
        # Deals' targets: FtM lets only a Company (an Asset) be owned.
        self.owned = {
            ref
            for record in selection.store
            for name, ref in record.references()
            if name == "target"
        }

    def entities(self) -> Iterator[EntityProxy]:
        waiting: deque[str] = deque()
        for record in self.selection.records:
            self.record(record)
            waiting += [ref for _, ref in record.references()]
            yield from self.take_made()
        while waiting:  # what they refer to, and what that refers to, once each, after them
            referred = self.selection.store.get(waiting.popleft())
            if referred is not None and referred.id not in self.handled:
                self.party(referred)
                waiting += [ref for _, ref in referred.references()]
                yield from self.take_made()
        for article in self.selection.articles.values():
            if article.id in self.cited:
                self.article(article)
        yield from self.take_made()
        if self.figures:
            self.left_out.append(
                f"{self.figures} figures: FollowTheMoney has no entity for a company's figures "
                "(the CSV export has them)"
            )

    def take_made(self) -> list[EntityProxy]:
        made, self.made = self.made, []
        return made

    def article(self, article: Article) -> None:
        entity = self.entity("Article", "article", article.id)
        entity.add("title", article.title)
        entity.add("author", article.author)
        entity.add("publisher", article.publication)
        entity.add("publishedAt", article.date_text or None)
        entity.add("language", article.language)
        entity.add("bodyText", article.text)
        self.done(entity)

    # -- ids ---------------------------------------------------------------------------------

    def id_of(self, kind: str, record_id: str) -> str:
        return f"{self.ns}.{kind}.{record_id}"

    def entity(self, schema: str, kind: str, record_id: str) -> EntityProxy:
        entity = self.model.make_entity(schema)
        entity.id = self.id_of(kind, record_id)
        return entity

    def done(self, entity: EntityProxy) -> None:
        assert entity.id is not None  # every entity is given its id when it is made
        if entity.id not in self.written:
            self.written.add(entity.id)
            self.made.append(entity)

    def proven(self, entity: EntityProxy, record: Record) -> EntityProxy:
        """The entity with its notes, tags and the articles of its passages as its proof."""
        articles = {e.anchor.article for e in self.selection.evidence(record)}
        self.cited |= articles & self.selection.articles.keys()
        for article in sorted(articles & self.selection.articles.keys()):
            entity.add("proof", self.id_of("article", article))
        if "notes" in entity.schema.properties:
            entity.add("notes", record.notes)
        if "keywords" in entity.schema.properties:
            entity.add("keywords", record.tags)
        return entity

    # -- records -----------------------------------------------------------------------------

    def record(self, record: Record) -> None:
        self.handled.add(record.id)
        if isinstance(record, Company | Person):
            self.party(record)
        elif isinstance(record, Deal):
            self.deal(record)
        elif isinstance(record, Event):
            self.event(record)
        elif isinstance(record, Figure):
            self.figures += 1

    def party(self, record: Record) -> None:
        self.handled.add(record.id)
        if isinstance(record, Person):
            self.person(record)
        elif isinstance(record, Company):
            self.company(record)

    def company(self, company: Company) -> None:
        schema = SCHEMA_OF_COMPANY_KIND.get(company.kind, "Company")
        if company.id in self.owned:
            schema = "Company"
        entity = self.entity(schema, "company", company.id)
        entity.add("name", company.name)
        entity.add("alias", company.aliases)
        entity.add("country", company.country, quiet=True)
        self.done(self.proven(entity, company))
        if company.parent and company.parent in self.selection.store:
            parent = self.id_of("company", company.parent)
            if schema == "Company":
                link = self.entity("Ownership", "parent", company.id)
                link.add("owner", parent)
                link.add("asset", entity.id)
            else:  # an organisation or public body is not owned: a plain link to its parent
                link = self.entity("UnknownLink", "parent", company.id)
                link.add("subject", parent)
                link.add("object", entity.id)
            link.add("role", "parent")
            self.done(self.proven(link, company))

    def person(self, person: Person) -> None:
        entity = self.entity("Person", "person", person.id)
        entity.add("name", person.name)
        self.done(self.proven(entity, person))
        for n, role in enumerate(person.roles, 1):
            if role.organisation is None or role.organisation not in self.selection.store:
                entity.add("position", role.title)
                continue
            self.role(person, role, n)

    def role(self, person: Person, role: Role, n: int) -> None:
        schema, me, them = _role_schema(role.title)
        link = self.entity(schema, schema.lower(), f"{person.id}-{n}")
        link.add(me, self.id_of("person", person.id))
        link.add(them, self.id_of("company", role.organisation or ""))
        link.add("role", role.title)
        if role.when and PARTIAL_DATE.match(role.when):
            link.add("date", role.when)
        elif role.when:
            link.add("description", role.when)
        self.done(self.proven(link, person))

    def deal(self, deal: Deal) -> None:
        if deal.acquirer is None or deal.target is None:
            missing = "an acquirer" if deal.acquirer is None else "a target"
            self.left_out.append(f"deal '{deal.id}': an ownership needs {missing}")
            return
        date = deal.closed or deal.announced
        entity = self.entity("Ownership", "deal", deal.id)
        entity.add("owner", self.id_of("company", deal.acquirer))
        entity.add("asset", self.id_of("company", deal.target))
        entity.add("percentage", _percent(deal.stake_after))
        entity.add("startDate", date)
        entity.add("date", deal.announced)
        entity.add("role", deal.kind)
        entity.add("status", deal.status)
        if isinstance(deal.amount, Amount):
            entity.add("sharesValue", deal.amount.value)
            entity.add("sharesCurrency", deal.amount.currency)
        entity.add("summary", _deal_summary(deal))
        entity.add("description", deal.terms)
        self.done(self.proven(entity, deal))
        for seller in deal.sellers:
            held = self.entity("Ownership", "sold", f"{deal.id}-{seller.company}")
            held.add("owner", self.id_of("company", seller.company))
            held.add("asset", self.id_of("company", deal.target))
            held.add("percentage", _percent(seller.stake))
            held.add("endDate", date)
            held.add("role", "seller")
            held.add("summary", f"sold to the acquirer in deal {deal.id} ({deal.status})")
            self.done(self.proven(held, deal))

    def event(self, event: Event) -> None:
        entity = self.entity("Event", "event", event.id)
        entity.add("name", event.description or event.kind)
        entity.add("summary", event.kind)
        entity.add("date", event.date)
        for company in event.entities:
            entity.add("involved", self.id_of("company", company))
        self.done(self.proven(entity, event))


def _role_schema(title: str) -> tuple[str, str, str]:
    """The FtM schema of a role and its two properties (the person's, the organisation's)."""
    folded = fold(title)
    if _DIRECTOR.search(folded):
        return "Directorship", "director", "organization"
    if _OWNER.search(folded):
        return "Ownership", "owner", "asset"
    if _MEMBER.search(folded):
        return "Membership", "member", "organization"
    return "Employment", "employee", "employer"


def _percent(value: float | None) -> str | None:
    return None if value is None else f"{value:g}"


def _deal_summary(deal: Deal) -> str:
    """The deal in words, for FtM's summary: its kind and status, dates and amount."""
    amount = format_amount(deal.amount)
    parts = [
        f"{deal.kind}, {deal.status}",
        f"announced {deal.announced}" if deal.announced else "",
        f"closed {deal.closed}" if deal.closed else "",
        f"amount {amount}" if amount else "",
    ]
    return "; ".join(p for p in parts if p)
