"""Proposes candidate records for articles nobody has curated yet.

Organisations and people come from spaCy's French pipeline and are resolved to existing
records through their names and aliases; deals come from French deal language with their
stakes and sellers; figures from amounts, percentages and headcounts. Every candidate carries
its passages and the ``candidate`` review state; nothing confirmed is overwritten or repeated.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from archive_gui.core.archive.articles import Article
from archive_gui.core.archive.dates import dates_in
from archive_gui.core.facts.anchors import make_anchor
from archive_gui.core.facts.deals import (
    AMOUNT,
    NUMBER,
    PERCENT,
    DealReading,
    amount_of,
    figure_entity,
    read_deals,
)
from archive_gui.core.facts.given_names import looks_like_a_person
from archive_gui.core.facts.names import ORG_SUFFIXES, Companies, Party, is_authority
from archive_gui.core.facts.records import (
    CANDIDATE,
    Company,
    Deal,
    Evidence,
    FactStore,
    Figure,
    Person,
    Record,
    Seller,
    name_key,
    rejected,
)
from archive_gui.core.text import fold, parse_number

SPACY_MODEL = "fr_core_news_md"

# Words spaCy's French model often tags as organisations that are not (acronyms of trades,
# section names, administrative bodies named in passing).
NOT_NAMES = frozenset(
    fold(w)
    for w in ("IPO", "ISP", "Entreprise", "Greffes", "Managed Services", "Cloud", "Etat", "BTP",
              "PME", "ETI", "TPE", "RH", "IA", "R&D", "PDG", "DG", "CEO", "SSII", "ESN")
)  # fmt: skip

DEAL_VERBS = re.compile(
    r"\b(rach[eè]t\w*|rachats?|repri[s]e?s?|reprend\w*|acqu[ié]\w*|acquisitions?|absorb\w*|"
    r"absorption|passe\w* sous (?:le contr[ôo]le|drapeau)|se faire avaler|fusion\w*)",
    re.IGNORECASE,
)
# How far after a deal verb its "par" may stand, and its name after "par" (characters).
PASSIVE_REACH = 60
NAME_REACH = 15
PASSIVE_BY = re.compile(r"\bpar\s+(?:l['’]\s*|le |la |les )?", re.IGNORECASE)
STAFF = r"(?:employés|salariés|personnes)"
HEADCOUNT = re.compile(NUMBER + r"\s+" + STAFF, re.IGNORECASE)
# "34 de ses 207 employés": a part (job cuts) of a whole (the headcount).
PART_OF_HEADCOUNT = re.compile(NUMBER + r"\s+de (?:ses|leurs) " + NUMBER + r"\s+" + STAFF)
MEASURE = re.compile(NUMBER + r"\s*(m2|m²|km)\b")
STAKE_WORDS = re.compile(r"particip|parts?\b|détena|détenu|capital|actionna", re.IGNORECASE)
COUNT = re.compile(NUMBER + r"\s+(services|membres|clients|partenaires)", re.IGNORECASE)
# A stake is at most 100 %; a percentage over this is no figure the facts file takes.
MAX_PERCENT = 1000
YEAR = re.compile(r"\b(19[89]\d|20[0-4]\d)\b")
METRIC_WORDS = (
    ("revenue", ("chiffre d'affaires", "chiffre d’affaires", "chiffres d'affaires", "revenus")),
    ("net-result", ("résultat net",)),
    ("losses", ("pertes",)),
    ("budget", ("enveloppe", "budget")),
)


# Hyphenated nouns of business news that spaCy's French tokenizer would cut at the hyphens.
WHOLE_WORDS = ("start-up", "câblo-opérateur", "sous-traitant", "co-fondateur", "porte-parole")


class Pipeline(Protocol):
    """What extraction needs of spaCy: a callable giving a Doc with ``ents`` and ``sents``,
    and ``pipe`` to read many texts in batches."""

    def __call__(self, text: str) -> Any: ...

    def pipe(self, texts: Iterable[str]) -> Iterator[Any]: ...


@functools.cache
def load_pipeline() -> Pipeline:
    """spaCy's French pipeline, loaded once (it takes seconds)."""
    import spacy
    from spacy.language import Language

    if "paragraph_starts" not in Language.factories:
        Language.component("paragraph_starts", func=_paragraph_starts)
    pipeline = spacy.load(SPACY_MODEL, exclude=["lemmatizer"])
    pipeline.add_pipe("paragraph_starts", before="parser")
    tokenizer: Any = pipeline.tokenizer
    for word in WHOLE_WORDS:  # kept whole: cut in three, they lose their name ("la start-up X")
        for form in (word, word + "s", word.capitalize(), word.capitalize() + "s"):
            tokenizer.add_special_case(form, [{"ORTH": form}])
    return pipeline


def _paragraph_starts(doc: Any) -> Any:
    """Each paragraph starts a sentence, and a sentence starts nowhere else than after a
    paragraph or a full stop: the parser would otherwise tie the last name of a paragraph to
    the first verb of the next, and cuts some sentences between the words of a name ("Solvéo
    | Énergies a finalisé") or before a relative clause."""
    for token in doc[1:]:
        before = doc[token.i - 1]
        if "\n" in before.text or "\n" in before.whitespace_:
            token.is_sent_start = True
        elif not _ENDS_SENTENCE.search(before.text) and not token.is_space:
            token.is_sent_start = False
    return doc


# What may end a sentence: a full stop, an ellipsis, a question or exclamation mark, a colon
# or semicolon (the parser decides there), or a closing quote.
_ENDS_SENTENCE = re.compile(r"[.!?…:;»”\"]$")


@dataclass(frozen=True)
class Mention:
    """A name in the text, with the record it resolves to when one exists."""

    text: str
    start: int
    end: int
    label: str
    record: Record | None


def _is_persons(mention: Mention) -> bool:
    return (
        mention.label == "PER"
        and " " in mention.text
        and looks_like_a_person(mention.text)
        and not mention.text.endswith(ORG_SUFFIXES)
    )


def long_forms(names: list[Mention]) -> dict[str, str]:
    """Company names an article also gives longer, by words before them ("Lavergne" for
    "Transports Lavergne", "Santéval" for "Groupe Santéval"), folded, to the longer name:
    one company, not two. Not by words after ("Orange" and "Orange Business Services" are
    a group and its subsidiary)."""
    companies = {m.text for m in names if m.record is None and not _is_persons(m)}
    found: dict[str, str] = {}
    for long in sorted(companies, key=len):
        words = long.split()
        for cut in range(1, len(words)):
            short = " ".join(words[cut:])
            if short in companies and fold(short) not in found:
                found[fold(short)] = long
    return found


def _clean_name(name: str) -> str:
    name = re.sub(r"^(?:l['’]\s*|la |le |les )", "", name.strip(" .,;:«»\"'"), flags=re.IGNORECASE)
    return name.strip(" -–—")  # "Orange - l'un de ses actionnaires": the tagger took the dash


def mentions(doc: Any, names: NameIndex) -> list[Mention]:
    """Organisation and person names in a parsed text, resolved through names and aliases."""
    found = []
    for ent in doc.ents:
        # a "place" whose name ends as a company's does ("Garonne Finance")
        firm = ent.label_ == "LOC" and ent.text.split()[-1] in ORG_SUFFIXES
        if ent.label_ not in ("ORG", "PER", "MISC") and not firm:
            continue
        name = _clean_name(ent.text)
        if len(name) < 2 or fold(name) in NOT_NAMES or not name[0].isupper():
            continue
        offset = ent.start_char + ent.text.index(name) if name in ent.text else ent.start_char
        record = names.by_name(name) or names.by_name(ent.text)
        if ent.label_ == "MISC" and record is None:
            continue
        found.append(Mention(name, offset, offset + len(name), ent.label_, record))
    return found


class NameIndex:
    """The names and aliases of a store's companies and people, found without a pass over the
    store: extraction looks up every name it meets in every article, and over a large import
    the store grows by thousands of candidates."""

    def __init__(self, store: FactStore) -> None:
        self._by_key: dict[str, Record] = {}
        # First word of a name -> (the record's place, the name's place, the name, the record).
        self._by_first_word: dict[str, list[tuple[int, int, str, Record]]] = {}
        # Names that do not start with a letter or a digit, looked for one by one.
        self._others: list[tuple[int, int, str, Record]] = []
        self.count = 0
        for record in store:
            self.add(record)

    def add(self, record: Record) -> None:
        """Indexes one more record of the store (the store's order is kept)."""
        self.count += 1
        if not isinstance(record, Company | Person):
            return
        for place, name in enumerate(record.names()):
            self._by_key.setdefault(name_key(name), record)
            if len(name) < 2:
                continue
            entry = (self.count, place, name, record)
            first = _WORD.match(name)
            if first is None:
                self._others.append(entry)
            else:
                self._by_first_word.setdefault(first.group(0), []).append(entry)

    def by_name(self, name: str) -> Record | None:
        """The first company or person called ``name`` or one of its aliases, as
        ``FactStore.by_name`` finds it."""
        return self._by_key.get(name_key(name))

    def mentions(self, text: str) -> list[Mention]:
        """Every name or alias of the index's records that ``text`` prints as whole words, in
        the store's order, then each name's, then the text's."""
        found: list[tuple[int, int, int, Mention]] = []
        candidates = (
            (word.start(), entry)
            for word in _WORD.finditer(text)
            for entry in self._by_first_word.get(word.group(0), ())
        )
        for start, (order, place, name, record) in candidates:
            end = start + len(name)
            if text.startswith(name, start) and not _WORD_CHAR.match(text, end):
                found.append((order, place, start, _known(name, start, record)))
        for order, place, name, record in self._others:
            for match in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text):
                found.append((order, place, match.start(), _known(name, match.start(), record)))
        return [mention for *_, mention in sorted(found, key=lambda f: f[:3])]


_WORD = re.compile(r"\w+")
_WORD_CHAR = re.compile(r"\w")


def _known(name: str, start: int, record: Record) -> Mention:
    label = "PER" if isinstance(record, Person) else "ORG"
    return Mention(name, start, start + len(name), label, record)


def known_mentions(text: str, store: FactStore) -> list[Mention]:
    """Every name or alias of the store's companies and people that the text prints."""
    return NameIndex(store).mentions(text)


def _merge(first: list[Mention], second: list[Mention]) -> list[Mention]:
    """Mentions of both lists in text order; of overlapping ones, the first list's wins."""
    merged = list(first)
    for mention in second:
        if not any(m.start < mention.end and mention.start < m.end for m in merged):
            merged.append(mention)
    return sorted(merged, key=lambda m: m.start)


def _most_mentioned(names: list[Mention], resolve: Any) -> str | None:
    """The company an article speaks of most: the entity of figures that name none."""
    counts: dict[str, int] = {}
    for mention in names:
        record = resolve(mention)
        if isinstance(record, Company):
            counts[record.id] = counts.get(record.id, 0) + 1
    return max(counts, key=lambda k: counts[k]) if counts else None


class Extractor:
    """Proposes candidates for one article at a time against the records of a store."""

    def __init__(self, store: FactStore, pipeline: Pipeline | None = None) -> None:
        self.store = store
        self.pipeline = pipeline or load_pipeline()
        self.names = NameIndex(store)

    def extract(self, article: Article, doc: Any = None) -> list[Record]:
        """Candidate records for ``article``, none repeating a record of the store; ``doc``
        is the article's text already parsed, if it is."""
        if self.names.count != len(self.store):  # the store changed since: look again
            self.names = NameIndex(self.store)
        if doc is None:
            doc = self.pipeline(article.text)
        names = _merge(mentions(doc, self.names), self.names.mentions(article.text))
        proposed = _Proposals(self.store, article)
        proposed.long_forms = long_forms(names)
        for mention in names:
            proposed.entity(mention)
        proposed.main_entity = _most_mentioned(names, proposed.resolve)
        companies = Companies.of(
            doc,
            [
                (m.start, m.end, r.id)
                for m in names
                if isinstance(r := proposed.resolve(m), Company)
            ],
            NOT_NAMES,
            article.title,
            [
                (m.start, employer)
                for m in names
                if isinstance(r := proposed.resolve(m), Person) and (employer := _employer_of(r))
            ],
        )
        for reading in read_deals(doc, companies):
            proposed.deal(reading)
        for sent in doc.sents:
            inside = [m for m in names if sent.start_char <= m.start < sent.end_char]
            proposed.figures(sent.start_char, sent.end_char, inside, doc, companies)
        return proposed.records

    def extract_all(
        self,
        articles: Sequence[Article],
        done: Callable[[int], None] | None = None,
        cancelled: Callable[[], bool] = lambda: False,
    ) -> list[Record]:
        """Candidates for many articles, added to the store as they are found, so that a
        name met in one article resolves to its candidate in the next; spaCy reads the texts
        in batches. ``done`` is told how many articles are done after each; ``cancelled`` is
        asked before each, and the candidates found until then are returned."""
        found: list[Record] = []
        docs = self.pipeline.pipe(a.text for a in articles)
        for number, (article, doc) in enumerate(zip(articles, docs, strict=True), 1):
            if cancelled():
                break
            for record in self.extract(article, doc):
                self.store.add(record)
                self.names.add(record)
                found.append(record)
            if done is not None:
                done(number)
        return found


def deal_parties(text: str, store: FactStore) -> tuple[str | None, str | None]:
    """The acquirer and the target a passage names, as ids of known companies: around a deal
    verb as extraction reads them ("X rachète Y", "Y repris par X"), else in the order the
    passage names them, when it names two."""
    orgs = _companies_named(text, store)
    verb = DEAL_VERBS.search(text)
    if verb is not None:
        acquirer, target = _roles(text, 0, verb.start(), orgs)
        ids = [_id(m.record) if m is not None else None for m in (acquirer, target)]
    else:
        # One company alone, with no verb, says nothing of its part in the deal.
        named = list(dict.fromkeys(_id(m.record) for m in orgs))
        ids = named[:2] if len(named) >= 2 else [None, None]
    return ids[0], (ids[1] if ids[1] != ids[0] else None)


def companies_named(text: str, store: FactStore) -> list[str]:
    """The ids of the known companies a passage names, in the order it first names them."""
    return list(dict.fromkeys(m.record.id for m in _companies_named(text, store) if m.record))


def company_named(text: str, store: FactStore) -> str | None:
    """The id of the first known company a passage names, if any."""
    return next(iter(companies_named(text, store)), None)


def _companies_named(text: str, store: FactStore) -> list[Mention]:
    """The known companies a passage names, in text order, the longest name where two overlap."""
    found = [m for m in known_mentions(text, store) if isinstance(m.record, Company)]
    return _merge([], sorted(found, key=lambda m: (m.start, -m.end)))


def figure_in(text: str) -> tuple[str, float, str, str] | None:
    """(metric, value, unit, printed) of the first amount, headcount, measure or percentage a
    passage prints, read as extraction reads figures."""
    for match, metric, value, unit in _figures_in(text):
        return metric, value, unit, match.group(0)
    return None


class _Proposals:
    """Accumulates the candidates of one article, merging repeated mentions."""

    def __init__(self, store: FactStore, article: Article) -> None:
        self.store = store
        self.article = article
        self.text = article.text
        self.records: list[Record] = []
        self._by_name: dict[str, Record] = {}
        self.main_entity: str | None = None
        # Company names folded -> the longer name the article also gives them (``long_forms``).
        self.long_forms: dict[str, str] = {}
        # Where the deals' amounts and stakes stand: those numbers are no figure of their own.
        self.deal_numbers: list[tuple[int, int]] = []

    def _evidence(self, start: int, end: int, fields: Iterable[str] = ()) -> Evidence:
        return Evidence(make_anchor(self.article.id, self.text, start, end), tuple(fields))

    def _new_id(self, base: str) -> str:
        taken = {r.id for r in self.records}
        candidate = self.store.new_id(base)
        n = 2
        while candidate in taken:
            candidate, n = self.store.new_id(f"{base} {n}"), n + 1
        return candidate

    def resolve(self, mention: Mention) -> Record | None:
        return mention.record or self._by_name.get(fold(mention.text))

    def entity(self, mention: Mention) -> None:
        if mention.record is not None:
            return
        # "Lavergne", told short for the "Transports Lavergne" the article names too
        name = self.long_forms.get(fold(mention.text), mention.text)
        known = self._by_name.get(fold(name))
        evidence = self._evidence(mention.start, mention.end, ["name"])
        if known is not None:
            known.evidence.append(evidence)
            if isinstance(known, Company) and mention.text not in known.names():
                known.aliases.append(mention.text)
            self._by_name[fold(mention.text)] = known
            return
        record: Record
        if _is_persons(mention):
            record = Person(id=self._new_id(name), name=name, review=CANDIDATE)
        else:
            aliases = [mention.text] if name != mention.text else []
            record = Company(id=self._new_id(name), name=name, aliases=aliases, review=CANDIDATE)
            if is_authority(name):  # "l'Autorité de la concurrence": a regulator's record
                record.kind = "public-body"
        record.evidence.append(evidence)
        if rejected(self.store, record):
            return
        self._by_name[fold(name)] = self._by_name[fold(mention.text)] = record
        self.records.append(record)

    def company(self, party: Party, in_deal: bool = True) -> str | None:
        """The id of a deal's party: its record's, or a new candidate company's for a name
        no record has (a name in a deal's role is a company's, whatever the tagger thought;
        a name a figure is about is not told so, and a person stays a person)."""
        if party.company is not None:
            return party.company
        name = _clean_name(party.name)
        if len(name) < 2 or fold(name) in NOT_NAMES or not name[0].isupper():
            return None
        start = party.span[0] + max(party.name.find(name), 0)
        self.entity(Mention(name, start, start + len(name), "ORG", None))
        known = self._by_name.get(fold(name))
        if in_deal and isinstance(known, Person) and known in self.records:
            # The tagger took it for a person ("Valar Ventures"); its part in a deal says not.
            company = Company(
                id=known.id, name=known.name, evidence=known.evidence, review=CANDIDATE
            )
            self.records[self.records.index(known)] = company
            self._by_name[fold(name)] = known = company
        return known.id if isinstance(known, Company) else None

    def deal(self, reading: DealReading) -> None:
        """A candidate for each acquirer of a deal the parse tells (a round from two funds is
        two deals), each field with the words it was read from. The companies its names
        needed are proposed only if a deal is."""
        self.deal_numbers += [told[1] for told in (reading.amount, reading.stake_after) if told]
        self.deal_numbers += reading.stake_words
        records, names = len(self.records), dict(self._by_name)
        if not self._deals_of(reading):
            del self.records[records:]
            self._by_name = names

    def _deals_of(self, reading: DealReading) -> bool:
        assert reading.target is not None
        proposed = False
        target = self.company(reading.target)
        if target is None:
            return False
        sellers = [
            (seller, stake) for party, stake in reading.sellers if (seller := self.company(party))
        ]
        sentence_end = _trim_end(self.text, *reading.sentence)
        printed = dates_in(self.text[reading.sentence[0] : sentence_end])
        date = printed[0].date.isoformat() if printed else None
        for party in reading.acquirers:
            acquirer = self.company(party)
            if acquirer is None or acquirer == target or self._deal_known(acquirer, target):
                continue
            deal = Deal(
                id=self._new_id(f"{acquirer} {target}"),
                kind=reading.kind,
                acquirer=acquirer,
                target=target,
                sellers=[
                    Seller(seller, stake)
                    for seller, stake in sellers
                    if seller not in (acquirer, target)
                ],
                stake_after=stake[0] if (stake := reading.stake_after_of(party)) else None,
                amount=reading.amount[0] if reading.amount else None,
                status=reading.status,
                review=CANDIDATE,
            )
            when = date or self.article.date_text[:7] or None
            if deal.status == "closed":
                deal.closed = when
            else:
                deal.announced = when
            source = "the text" if date else "the article's date (inferred)"
            deal.notes = f"Extraction: pattern «{reading.pattern}»; date from {source}."
            deal.evidence = self._deal_evidence(reading, party, sentence_end, date is not None)
            if not rejected(self.store, deal):
                self.records.append(deal)
                proposed = True
        return proposed

    def _deal_evidence(
        self, reading: DealReading, acquirer: Party, sentence_end: int, dated: bool
    ) -> list[Evidence]:
        """The sentence, for the kind and the status (and the date when it prints one), then
        the words of each other field."""
        told = ["kind", "status", *(["announced", "closed"] if dated else [])]
        evidence = [self._evidence(reading.sentence[0], sentence_end, told)]
        assert reading.target is not None
        parts: list[tuple[tuple[int, int], str]] = [
            (acquirer.span, "acquirer"),
            (reading.target.span, "target"),
            *((party.span, "sellers") for party, _ in reading.sellers),
            *((span, "sellers") for span in reading.stake_words),
            *(((stake[1], "stake_after"),) if (stake := reading.stake_after_of(acquirer)) else ()),
            *(((reading.amount[1], "amount"),) if reading.amount else ()),
        ]
        for (start, end), name in parts:
            evidence.append(self._evidence(start, end, [name]))
        return evidence

    def _deal_known(self, acquirer: str, target: str) -> bool:
        return any(
            isinstance(r, Deal) and r.acquirer == acquirer and r.target == target
            for r in [*self.store, *self.records]
        )

    def figures(
        self, start: int, end: int, names: list[Mention], doc: Any, named: Companies
    ) -> None:
        """The figures of a sentence, each given to the company the parse ties it to (the
        name its relative clause or apposition hangs on, the subject that states it), else
        to the nearest company, else to the company the article speaks of most."""
        sentence = self.text[start:end]
        companies = [m for m in names if isinstance(self.resolve(m), Company)]
        for match, metric, value, unit in _figures_in(sentence):
            at = start + match.start()
            if any(s < start + match.end() and at < e for s, e in self.deal_numbers):
                continue
            tied = figure_entity(doc, at, start + match.end(), named)
            entity = self.company(tied, in_deal=False) if tied else None
            if tied and entity is None:
                # a person's ("X, directrice générale de Y, qui revendique ..."): the
                # company named last before it in its sentence
                before = named.before(at)
                inside = before is not None and before.span[0] >= start
                entity = self.company(before, in_deal=False) if before and inside else None
            entity = entity or _nearest(companies, at, set(), self.resolve) or self.main_entity
            year = YEAR.search(sentence)
            period = year.group(1) if year else None
            if self._figure_known(entity, value, unit) or self._figure_curated(
                at, start + match.end(), value, match.group(0)
            ):
                continue
            figure = Figure(
                id=self._new_id(f"{entity or 'figure'} {metric} {period or ''}"),
                entity=entity,
                metric=metric,
                value=value,
                unit=unit,
                period=period,
                printed=match.group(0),
                review=CANDIDATE,
            )
            figure.evidence.append(self._evidence(at, start + match.end(), ["value", "unit"]))
            if not rejected(self.store, figure):
                self.records.append(figure)

    def _figure_known(self, entity: str | None, value: float, unit: str) -> bool:
        for record in [*self.store, *self.records]:
            if (
                isinstance(record, Figure)
                and record.unit == unit
                and _same_number(record.value, value)
                and (entity is None or record.entity in (None, entity))
            ):
                return True
        return False

    def _figure_curated(self, start: int, end: int, value: float, printed: str) -> bool:
        """Whether a figure of the store already has a passage over these words that gives
        this number, whatever entity, sign or unit a person gave it there (the Thales stake
        that extraction reads as the Caisse's, the "résultat net de 20 millions" curated as a
        loss, "150 membres" curated in members, "10 %" curated as the range "5 à 10 %")."""
        words = " ".join(printed.split())
        for record in self.store.of_kind("figure"):
            assert isinstance(record, Figure)
            if not (
                _same_number(abs(record.value), abs(value))
                or words in " ".join(record.printed.split())
            ):
                continue
            for evidence in record.evidence:
                anchor = evidence.anchor
                if anchor.article == self.article.id and anchor.overlaps(start, end):
                    return True
        return False


def _employer_of(person: Person) -> str | None:
    """The company a person's record ties them to: their last role's."""
    tied = [role.organisation for role in person.roles if role.organisation]
    return tied[-1] if tied else None


def _same_number(known: float, found: float) -> bool:
    return abs(known - found) <= 0.01 * max(abs(found), 1)


def _id(record: Record | None) -> str | None:
    return record.id if record is not None else None


def _trim_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _roles(
    sentence: str, start: int, verb_at: int, orgs: list[Mention]
) -> tuple[Mention | None, Mention | None]:
    """The acquirer and the target around a deal verb, active ("X rachète Y") or passive
    ("Y est repris par X", "le rachat de Y par X")."""
    by = PASSIVE_BY.search(sentence, verb_at - start, verb_at - start + PASSIVE_REACH)
    if by is not None:
        after_by = [m for m in orgs if 0 <= m.start - (start + by.end()) <= NAME_REACH]
        if after_by:
            acquirer = after_by[0]
            others = [m for m in orgs if m is not acquirer and m.start < acquirer.start]
            target = min(others, key=lambda m: abs(m.start - verb_at)) if others else None
            return acquirer, target
    before = [m for m in orgs if m.end <= verb_at]
    after = [m for m in orgs if m.start > verb_at]
    # The subject, the first name of the sentence, acts; the first name after the verb is acted on.
    return (before[0] if before else None), (after[0] if after else None)


def _nearest(orgs: list[Mention], at: int, exclude: set[str], resolve: Any) -> str | None:
    best: tuple[int, str] | None = None
    for mention in orgs:
        record = resolve(mention)
        if record is None or record.id in exclude or is_authority(mention.text):
            continue  # an authority has no figures a deal's article gives
        distance = abs(mention.start - at)
        if best is None or distance < best[0]:
            best = (distance, record.id)
    return best[1] if best else None


def _metric_before(sentence: str, at: int) -> str:
    """The metric named closest before position ``at`` of a sentence ("chiffre d'affaires de")."""
    lowered = sentence[:at].lower()
    best = ("other", -1)
    for metric, words in METRIC_WORDS:
        for word in words:
            found = lowered.rfind(word)
            if found > best[1]:
                best = (metric, found)
    return best[0]


def _figures_in(sentence: str) -> Iterator[tuple[re.Match[str], str, float, str]]:
    """(match, metric, value, unit) for each amount, headcount and measure of a sentence."""
    for match in AMOUNT.finditer(sentence):
        amount = amount_of(match)
        sign = -1.0 if sentence[max(0, match.start() - 1) : match.start()] == "-" else 1.0
        yield match, _metric_before(sentence, match.start()), sign * amount.value, amount.currency
    parts = list(PART_OF_HEADCOUNT.finditer(sentence))
    for match in parts:
        yield match, "job-cuts", parse_number(match.group(1)), "employees"
        yield match, "headcount", parse_number(match.group(2)), "employees"
    for match in HEADCOUNT.finditer(sentence):
        if not any(p.start() <= match.start() < p.end() for p in parts):
            yield match, "headcount", parse_number(match.group(1)), "employees"
    for match in MEASURE.finditer(sentence):
        unit = "km" if match.group(2) == "km" else "m2"
        yield (
            match,
            "surface" if unit == "m2" else "network-length",
            parse_number(match.group(1)),
            unit,
        )
    for match in PERCENT.finditer(sentence):
        before = sentence[max(0, match.start() - 60) : match.start()].lower()
        value = parse_number(match.group(1))
        if value > MAX_PERCENT:
            continue
        metric = (
            "growth"
            if "croissance" in before
            else "stake"
            if value <= 100
            and STAKE_WORDS.search(sentence[max(0, match.start() - 60) : match.end() + 40])
            else "other"
        )
        yield match, metric, value, "%"
    for match in COUNT.finditer(sentence):
        yield match, "count", parse_number(match.group(1)), match.group(2).lower()
