"""The companies a parsed article names, and the words that stand for one: where a name starts
and ends when the tagger cuts it wrong, whether a tagged name is a company's, a person's or a
place's, and which company a pronoun, a possessive or a description refers back to.

Deals (``deals``) and figures take their parties from here; nothing here knows a deal.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from archive_gui.core.facts.given_names import looks_like_a_person
from archive_gui.core.facts.records import name_key
from archive_gui.core.text import fold

Token = Any  # a spaCy Token
Span = tuple[int, int]  # characters of the article's text


def _folded(*words: str) -> frozenset[str]:
    return frozenset(fold(word) for word in words)


# Last words of a company's name, which the tagger may take for a person's ("Valar
# Ventures") or leave out of the name ("Nordal | Partenaires").
ORG_SUFFIXES = (
    "Systèmes", "Telecom", "Ignite", "Dépôts", "consignations", "Ventures", "Capital",
    "Partners", "Group", "Groupe", "Invest", "Investissement", "Holding", "Industries",
    "Technologies", "Labs", "Studio", "Energy", "Bank", "Banque", "Finance", "Gestion",
    "Partenaires", "Participations", "Développement", "SA", "SAS",
)  # fmt: skip


# Words that stand for a company named before them ("l'entreprise", "le groupe").
DESCRIPTIONS = _folded(
        "entreprise", "société", "groupe", "opérateur", "hébergeur", "firme", "start-up",
        "startup", "jeune pousse", "pépite", "filiale", "fonds", "spécialiste", "fabricant",
        "éditeur", "acteur", "industriel", "distributeur", "enseigne", "banque", "maison",
        "laboratoire", "constructeur", "équipementier", "prestataire", "cabinet", "entité",
        "leader", "numéro", "cible", "acquéreur", "repreneur", "concurrent", "rival",
        "holding", "coopérative", "mutuelle", "assureur", "producteur", "transporteur",
        "fondeur", "courtier", "chausseur", "marque", "agence", "plateforme", "pme", "eti",
        "sous-traitant", "investisseur", "actionnaire", "propriétaire", "exploitant",
        "fournisseur", "détaillant", "grossiste", "armateur", "chimiste", "papetier",
        "sidérurgiste", "énergéticien", "pétrolier", "brasseur", "négociant", "biscuitier",
        "imprimeur", "hôtelier", "voyagiste", "pharmacien", "assembleur", "intégrateur",
        "studio", "label", "chaîne", "réseau", "compagnie", "géant", "site", "établissement",
        "usine", "clinique", "atelier", "manufacture", "malterie", "fonderie", "boutique",
        "ssii", "esn",
)  # fmt: skip


# Descriptions that, once a deal is told, stand for its acquirer rather than its target.
ACQUIRER_WORDS = _folded("groupe", "géant", "acquéreur", "repreneur", "acheteur", "initiateur")


# Endings that make a word a description too ("la medtech", "le câblo-opérateur", "le
# charcutier"), but for the words of those endings that name no company.
DESCRIPTION_ENDINGS = re.compile(r"(tech|operateur|iste|eur|ier)s?$")
NOT_DESCRIPTIONS = _folded(
        "premier", "dernier", "entier", "quartier", "chantier", "dossier", "papier", "courrier",
        "calendrier", "métier", "fichier", "panier", "acier", "levier", "palier", "héritier",
        "ouvrier", "conseiller", "officier", "policier", "cuisinier", "janvier", "février",
        "secteur", "moteur", "lecteur", "directeur", "fondateur", "professeur", "docteur",
        "ingénieur", "auteur", "intérieur", "extérieur", "supérieur", "inférieur", "honneur",
        "valeur", "erreur", "hauteur", "régulateur", "sénateur", "électeur", "syndicaliste",
        "analyste", "journaliste", "liste", "touriste",
)  # fmt: skip


DEMONYMS = _folded(
        "français", "française", "américain", "américaine", "britannique", "anglais", "anglaise",
        "allemand", "allemande", "italien", "italienne", "espagnol", "espagnole", "chinois",
        "chinoise", "japonais", "japonaise", "européen", "européenne", "néerlandais", "suisse",
        "belge", "canadien", "canadienne", "québécois", "québécoise", "suédois", "suédoise",
)  # fmt: skip


RELATIVES = frozenset(("qui", "lequel", "laquelle", "lesquels", "lesquelles"))


PRONOUNS = frozenset(("il", "elle", "lui", "celui-ci", "celle-ci", "ce dernier", "cette dernière"))


@dataclass
class Party:
    """A company a deal names: its record id (None for a name no record has yet: a name in
    a deal's role is a company's, whatever the named-entity tagger thought) and its words."""

    company: str | None
    span: Span
    name: str = ""

    @property
    def key(self) -> str:
        """What tells two parties apart: the record, else the name without its article
        ("L'Écho du Berry" is "Écho du Berry")."""
        return self.company or name_key(self.name)


class Companies:
    """The companies an article names, by where it names them, and how a word that stands
    for one (a pronoun, a possessive, a description) is resolved: to the nearest named
    before it, or for a description, to the nearest the article introduced with that word
    ("l'hébergeur lillois Hébergix ... L'hébergeur"). A name no record has yet (an
    organisation the tagger found) is a company too, for a deal to take as a party or to
    refer back to; an authority ("l'Autorité de la concurrence") is not."""

    def __init__(
        self,
        named: Iterable[tuple[int, int, str | None, str]],
        text: str = "",
        not_names: Iterable[str] = (),
    ) -> None:
        self.text = text  # the article's (``Doc.text`` joins its tokens again at each call)
        self.named: list[tuple[int, int, str | None, str]] = []
        named = list(named)
        # a name said again is the company its record says, where it was not looked up
        records = {name_key(n): c for _b, _f, c, n in named if c}
        for begin, finish, company, name in sorted(named, key=lambda n: (n[0], n[2] is None)):
            company = company or records.get(name_key(name))
            if self.at(begin, finish) is None:
                self.named.append((begin, finish, company, name))
        # Where the names that are a clause's subject start: "Le groupe" that opens a
        # sentence speaks of the company that acted last, not of the one acted on.
        self.subjects: set[int] = set()
        # The nouns the article introduced a company with, folded, and where its names start.
        self.described: dict[str, set[int]] = {}
        # Words the tagger takes for names and are not, folded ("BTP").
        self.not_names = frozenset(not_names)
        # The deals told so far: each one's sentence, its acquirer and its target.
        self.deals: list[tuple[tuple[int, int], Party, Party]] = []
        # Where the names introduced with an adjective of place start, and the adjective,
        # folded ("le groupe espagnol Stella Resorts": "espagnol").
        self.adjectives: dict[int, str] = {}
        # Where the names of known people start, and the company a record ties each to: "l'opérateur
        # de Patrick Drahi" is that company.
        self.employers: dict[int, str] = {}
        # Where the names told as holders of what is sold start ("les 21 % détenus par Z"),
        # and their sentence's bounds: no word of that sentence refers back to them.
        self.holders: dict[int, tuple[int, int]] = {}

    @classmethod
    def of(
        cls,
        doc: Any,
        known: Iterable[tuple[int, int, str]],
        not_names: Iterable[str] = (),
        title: str = "",
        employers: Iterable[tuple[int, str]] = (),
    ) -> Companies:
        """The known companies of a parsed text, then its organisations nobody recorded
        (but for ``not_names``, folded: words the tagger takes for names and are not); a
        "place" the ``title`` names with no place word before it is a company ("Nautilia
        lève 14 millions d'euros", the text only saying "de Nautilia")."""
        text = doc.text
        found: list[tuple[int, int, str | None, str]] = [
            (start, end, company, text[start:end])
            for start, end, company in known
            if not is_authority(text[start:end])
        ]
        ignored = set(not_names)
        surnames = {fold(w) for e in doc.ents if e.label_ == "PER" for w in e.text.split()[1:]}
        # a "place" the text once names where no place word introduces it is a company
        # everywhere ("les moteurs de Nautilia ... Nautilia emploie")
        named_so = {fold(e.text) for e in doc.ents if e.label_ == "LOC" and not told_as_place(e[0])}
        named_so |= {fold(e.text) for e in doc.ents if e.label_ == "LOC" and _titled(e.text, title)}
        for ent in doc.ents:
            # tagged as a person's, a name that does not start as one does ("Vitrex",
            # "Maison Castagnède") and is no person's surname told alone: a company's
            mistaken = ent.label_ == "PER" and not looks_like_a_person(ent.text)
            mistaken = mistaken and fold(ent.text) not in surnames
            company = _organisation(ent) or mistaken or fold(ent.text) in named_so
            if company and ent.text[:1].isupper():
                first = _name_start(ent)
                last = _name_end(doc, first.i, ent.end - 1)
                name = text[first.idx : doc[last].idx + len(doc[last])].rstrip(" -–—,;:")
                plain = fold(name) not in ignored and fold(name) not in DEMONYMS
                # "Double opération pour Bellanger.": words that open a sentence, no name
                opening = first.is_sent_start and first.pos_ != "PROPN"
                plain = plain and not (opening and " " in name and name[1:].islower())
                authority = is_authority(name) or is_authority(ent.text)
                if plain and len(name) > 1 and not authority:
                    found.append((first.idx, first.idx + len(name), None, name))
                rest = doc[last + 2 : ent.end]  # after the word that ended the name
                named = len(rest) and rest[0].text[:1].isupper() and not is_authority(rest.text)
                if named and fold(rest.text) not in ignored:
                    found.append((rest.start_char, rest.end_char, None, rest.text))
        companies = cls(found, text, ignored)
        companies.employers = dict(employers)
        for begin, finish, *_ in companies.named:
            span = doc.char_span(begin, finish, alignment_mode="expand")
            root = span.root if span is not None else None
            while root is not None and root.dep_ in _NAME_OF and root.head.i != root.i:
                root = root.head  # "le groupe Legrand": the subject is "groupe"
            if root is not None and root.dep_.startswith("nsubj"):
                companies.subjects.add(begin)
            if span is not None and _told_as_holder(span):
                companies.holders[begin] = (span.sent.start_char, span.sent.end_char)
            if span is not None:
                introduced = _introduced_with(span)
                words = [fold(n.lower_) for n in introduced]
                places = [a for n in introduced if (a := place_adjective(n))]
                if places:
                    companies.adjectives[begin] = places[0]
                if len(span) > 1 and span[0].text[:1].isupper():  # "Biscuiterie des Flandres"
                    words.append(fold(span[0].lower_))
                for word in words:
                    companies.described.setdefault(singular(word), set()).add(begin)
        return companies

    def add(self, party: Party) -> None:
        """A name a deal took as a party is a company, whatever the tagger thought of it."""
        begin, finish = party.span
        if self.at(begin, finish) is None:
            self.named.append((begin, finish, party.company, party.name))
            self.named.sort(key=lambda n: n[0])

    def told_deal(self, sentence: tuple[int, int], acquirer: Party, target: Party) -> None:
        self.deals.append((sentence, acquirer, target))
        self.deals.sort(key=lambda told: told[0])

    def deal_before(self, at: int) -> tuple[Party, Party] | None:
        """The acquirer and the target of the last deal told in a sentence ending before
        ``at``: what a description the article never introduced stands for once a deal is
        told ("... rachète Y. La société emploie 90 salariés": Y)."""
        told = [(acquirer, target) for (_, end), acquirer, target in self.deals if end <= at]
        return told[-1] if told else None

    def tells_a_deal(self, at: int) -> bool:
        """Whether the sentence holding ``at`` tells a deal: its subject acts."""
        return self.deal_told_at(at) is not None

    def deal_told_at(self, at: int) -> tuple[Party, Party] | None:
        """The acquirer and the target of the deal the sentence holding ``at`` tells."""
        told = [(a, t) for (start, end), a, t in self.deals if start <= at < end]
        return told[-1] if told else None

    def at(self, start: int, end: int) -> Party | None:
        """The company named by the words at ``start``-``end``, if they overlap a name."""
        for begin, finish, company, name in self.named:
            if begin < end and start < finish:
                return Party(company, (begin, finish), name)
        return None

    def before(
        self,
        at: int,
        exclude: Iterable[str] = (),
        subject: bool = False,
        described: str = "",
        place: str = "",
    ) -> Party | None:
        """The nearest company named before ``at``, other than ``exclude``: with
        ``described``, the nearest introduced with that word, if one was; with ``subject``,
        the nearest that was a subject, if one was; with ``place`` (an adjective of place,
        folded), none introduced with another ("le groupe espagnol X ... Le groupe biarrot")."""
        excluded = set(exclude)
        if place:
            excluded |= {
                Party(company, (begin, finish), name).key
                for begin, finish, company, name in self.named
                if self.adjectives.get(begin, place) != place
            }
        introduced = self.described.get(described, set())
        for begin, finish, company, name in reversed(self.named):
            party = Party(company, (begin, finish), name)
            if begin in introduced and finish <= at and party.key not in excluded:
                return party
        for begin, finish, company, name in reversed(self.named):
            party = Party(company, (begin, finish), name)
            fits = not subject or begin in self.subjects
            sentence = self.holders.get(begin)
            fits = fits and not (sentence and sentence[0] <= at < sentence[1])
            if finish <= at and party.key not in excluded and fits:
                return party
        return self.before(at, excluded) if subject else None


# Authorities and courts, which approve deals and take no part in them.
_AUTHORITY = re.compile(
    r"(autorit[ée]|commission|tribunal|conseil d|cour |minist[èe]re|amf\b|arcom|cnil|"
    r"bercy|parquet|s[ée]nat|assembl[ée]e nationale|fda\b|r[ée]gion\b|d[ée]partement\b|"
    r"m[ée]tropole|mairie|ville de|universit|cnrs\b|inserm\b|ifremer\b|inrae?\b|bourse\b|"
    r"acpr\b|csa\b|banque centrale|bce\b|agence r[ée]gionale|pr[ée]fecture)",
    re.IGNORECASE,
)


_HOLDING = re.compile(r"(détenu|cédé|possédé|vendu)e?s?$")


def _told_as_holder(name: Any) -> bool:
    """Whether a name is told as the holder of what a sentence sells ("les 21 % détenus par
    le fonds Z", "rachetées auprès de Z")."""
    words = [t.lower_ for t in name.doc[max(0, name.start - 5) : name.start]]
    if "auprès" in words:
        return True
    if "par" not in words:
        return False
    at = len(words) - 1 - words[::-1].index("par")
    return at > 0 and _HOLDING.match(words[at - 1]) is not None


def is_authority(name: str) -> bool:
    """Whether a name is an authority's, a court's or a market's, which take no part in a
    deal and are no company ("l'Autorité des marchés financiers", "la Bourse de Paris")."""
    return _AUTHORITY.match(name) is not None


def _introduced_with(name: Any) -> list[Token]:
    """The nouns a name is introduced with: before it ("l'hébergeur lillois Hébergix", "le
    producteur d'électricité Enerlis") or in an apposition after it ("Pécule, la fintech
    nantaise")."""
    doc = name.doc
    nouns: list[Token] = []
    just_before = doc[name.start - 1] if name.start > 0 else None
    if just_before is not None and just_before.pos_ in ("ADP", "DET"):
        just_before = None  # "le rachat de Distrimed": Distrimed is no "rachat"
    for word in reversed(doc[max(0, name.start - 5) : name.start] if just_before else []):
        if word.pos_ == "DET" or not word.text.islower():
            break
        if word.pos_ == "NOUN":
            nouns.append(word)
        elif word.pos_ not in _DESCRIBING:
            break
    after = doc[name.end : name.end + 3]
    apposed = len(after) == 3 and after[0].text == "," and after[1].pos_ == "DET"
    if apposed and after[2].pos_ == "NOUN" and after[2].text.islower():
        nouns.append(after[2])
    return nouns


OF_WORDS = frozenset(("de", "du", "des", "d'", "d’"))


# Words that introduce nothing but a place.
_ONLY_PLACES = frozenset(("en", "vers", "près", "depuis", "outre", "via"))


# Where a place is told from: "à Nantes", "en Chine", "près de Toulouse".
_PLACE_WORDS = _ONLY_PLACES | OF_WORDS | {"à", "a", "au", "aux", "dans", "sur", "entre", "chez"}


def _organisation(ent: Any) -> bool:
    """Whether a tagged name may be a company: an organisation, or a "place" the tagger saw
    that no place word introduces ("Cardiolis passe à la vitesse supérieure", "pour Aquaval")."""
    return ent.label_ in ("ORG", "MISC") or (ent.label_ == "LOC" and not told_as_place(ent[0]))


def _titled(name: str, title: str) -> bool:
    """Whether a title names ``name`` other than as a place (after "à", "en", "de"...)."""
    for found in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", title):
        before = title[: found.start()].split()
        if not before or fold(before[-1]) not in _PLACE_WORDS:
            return True
    return False


def told_as_place(token: Token, words: frozenset[str] = _PLACE_WORDS) -> bool:
    """Whether a word tagged as a place is told as one: after a place word ("à Liège", "en
    Europe") or in a list of places ("à Nancy, Metz et Besançon")."""
    if token.ent_type_ != "LOC" or token.ent_iob_ == "I":
        return False  # a word inside a name is the name's ("Forges de la Loire")
    doc = token.doc
    at = token.i - 1
    while at > 0 and doc[at].pos_ == "DET":
        at -= 1  # "dans le Jura"
    if at > 0 and doc[at].lower_ in (",", "et") and doc[at - 1].ent_type_ == "LOC":
        # a list goes on after a comma ("Nancy, Metz et Besançon"), not a subject ("à
        # Vitré, Charpentes Mériel compte ...")
        end = token.i
        while end + 1 < len(doc) and doc[end + 1].ent_iob_ == "I":
            end += 1
        following = doc[end + 1].lower_ if end + 1 < len(doc) else "."
        if doc[at].lower_ == "et" or following in (",", "et", "ou", "."):
            return True
    return at >= 0 and doc[at].lower_ in words


def _name_start(ent: Any) -> Token:
    """Where a name really starts: the tagger sometimes leaves out its first word ("BT" of
    "BT Ignite", when "Ignite" hangs on "BT" as the rest of its name), or takes in the
    description before it ("laboratoire Pharmalys")."""
    first = ent[0]
    while first.text.islower() and first.i + 1 < ent.end:
        first = first.doc[first.i + 1]
    while first.i > 0:
        before = first.doc[first.i - 1]
        linked = first.head.i == before.i and first.dep_ in _NAME_WORDS
        if not (linked and before.text[:1].isupper()):
            break
        first = before
    return first


def span_of(token: Token) -> Span:
    return token.idx, token.idx + len(token.text)


LATTER = frozenset(("celui-ci", "celle-ci", "ce dernier", "cette derniere"))


def singular(word: str) -> str:
    """A folded noun without its plural mark ("brasseries" -> "brasserie")."""
    return word[:-1] if len(word) > 3 and word[-1] in "sx" and word[-2] != "s" else word


# How adjectives of place end ("lyonnais", "bavarois", "biarrot", "espagnol", "normand"),
# and the adjectives of those endings that name no place.
_PLACE_ENDING = re.compile(
    r"(ais|aise|ois|oise|ien|ienne|ain|aine|and|ande|ard|arde|ot|ote|ol|ole)s?$"
)
_NOT_PLACES = _folded(
    "ancien", "certain", "prochain", "lointain", "humain", "urbain", "quotidien", "mondain",
    "chrétien", "gigantesque", "courtois", "sournois", "grand", "gourmand", "marchand",
    "retard", "standard", "idiot", "dévot",
)  # fmt: skip


def place_adjective(noun: Token) -> str:
    """The adjective of place right after a noun, folded ("le groupe biarrot"), if one is."""
    doc = noun.doc
    after = doc[noun.i + 1] if noun.i + 1 < len(doc) else None
    if after is None or not after.text.islower() or after.pos_ not in ("ADJ", "PROPN"):
        return ""
    word = fold(after.lower_)
    if _PLACE_ENDING.search(word) is None or word in _NOT_PLACES:
        return ""
    return singular(word)


def is_description(token: Token) -> bool:
    """A common noun that stands for a company named before ("l'entreprise", "la medtech")."""
    word = fold(token.lower_)
    ending = token.pos_ in ("NOUN", "PROPN") and DESCRIPTION_ENDINGS.search(word) is not None
    ending = ending and singular(word) not in NOT_DESCRIPTIONS
    # "la jeune pousse", whichever of its words the parse took for the noun
    doc = token.doc
    before = fold(doc[token.i - 1].lower_) if token.i > 0 else ""
    after = fold(doc[token.i + 1].lower_) if token.i + 1 < len(doc) else ""
    two_words = {f"{before} {word}", f"{word} {after}"} & DESCRIPTIONS
    return word in DESCRIPTIONS or bool(two_words) or (ending and token.text.islower())


# What may stand between a description and its name: "l'hébergeur lillois Hébergix" (the
# tagger takes some adjectives of place for names).
_DESCRIBING = ("ADJ", "ADP", "PROPN")


# The words a description's name may come after: "le producteur d'électricité Enerlis".
_BEFORE_NAME = OF_WORDS | {"en", "la", "l'", "l’"}


def name_after(noun: Token) -> Token | None:
    """The first word of the name a noun leads to in the text's order ("le groupe italien
    Marenzi Logistica", "le producteur d'électricité Enerlis"), when the parse hung the name
    elsewhere. Not a name right after "de" or "en": that one is what the noun belongs to or
    where it is ("la filiale de Thales", "le groupe de Ningbo", "présent en Europe")."""
    demonym = fold(noun.lower_) in DEMONYMS  # "le néerlandais Van Dijkstra", an adjective
    if (noun.pos_ != "NOUN" and not demonym) or not noun.text.islower():
        return None
    doc = noun.doc
    for follower in doc[noun.i + 1 : noun.i + 7]:
        if follower.is_sent_start:
            return None
        if follower.text[:1].isupper():
            after_de = fold(doc[follower.i - 1].lower_) in _BEFORE_NAME
            return None if after_de else follower
        if follower.pos_ == "ADP" and fold(follower.lower_) not in _BEFORE_NAME:
            return None  # "du capital au fonds Z": Z is introduced by "au", not the noun
        if follower.lower_ in _BEFORE_NAME or (
            follower.pos_ in ("NOUN", *_DESCRIBING) and follower.text.islower()
        ):
            continue
        return None
    return None


_NAME_WORDS = frozenset(("flat:name", "flat", "compound"))


_NAME_OF = frozenset(("flat:name", "flat", "compound", "appos", "nmod", "amod"))


def in_persons_name(token: Token) -> bool:
    """Whether a word is in a person's name: tagged so, and starting as one does."""
    if token.ent_type_ != "PER":
        return False
    return looks_like_a_person(token.doc[_entity_start(token) : token.i + 2].text)


_DETERMINERS = _folded(
        "le", "la", "les", "l'", "l’", "un", "une", "des", "du", "de", "ce", "cet", "cette",
        "ces", "son", "sa", "ses", "leur", "leurs", "notre", "nos", "votre", "vos", "mon", "ma",
        "mes", "tout", "toute", "tous", "toutes", "chaque", "quelque", "plusieurs", "aucun",
        "aucune", "certains", "certaines", "quel", "quelle",
)  # fmt: skip


def name_like(token: Token) -> bool:
    """A word that may be (part of) a name: tagged so, or capitalised inside its sentence."""
    # a name's first word the tagger took for a determiner ("Charpentes Lemoine")
    misread = token.pos_ == "DET" and bool(token.ent_type_)
    misread = misread and fold(token.lower_) not in _DETERMINERS
    if token.pos_ in ("PRON", "DET", "ADP", "CCONJ", "SCONJ", "ADV") and not misread:
        return False
    if token.pos_ in ("VERB", "AUX") and not token.ent_type_:
        return False  # "« Être repris par un industriel ... »"
    if fold(token.lower_) in DESCRIPTIONS:
        return False  # "la PME", "la Société"
    if sum(c.isalpha() for c in token.text) < 2 or any(c in "€$%£" for c in token.text):
        return False  # "11 M€"
    if not (token.text[:1].isupper() or token.text[:1].isdigit()):
        return False  # a common noun the tagger took for a name
    if told_as_place(token, _ONLY_PLACES):
        return False  # "en Europe de l'Est" ("à Alten" may be a buyer)
    # a sentence's first word, or a quotation's ("« Être repris par ...")
    starts = token.i == token.sent.start or token.doc[token.i - 1].text in ("«", '"', "“", "(")
    return (
        bool(token.ent_type_) or token.pos_ == "PROPN" or (token.text[:1].isupper() and not starts)
    )


def new_name(token: Token) -> Party | None:
    """A name no record has: the entity the token is in, else the token and the words of its
    name ("Caisse des Dépôts" when the tagger saw none)."""
    doc = token.doc
    if token.ent_type_:  # the entity's words
        first, last = _entity_start(token), token.i
        while last + 1 < len(doc) and doc[last + 1].ent_iob_ == "I":
            last += 1
        # a name the tagger cut in two ("Nord | Capital Partenaires")
        while last + 2 < len(doc) and doc[last + 1].ent_iob_ == "B" and doc[last].whitespace_:
            following = doc[last + 1]
            if not following.text[:1].isupper() or following.ent_type_ == "PER":
                break
            last += 1
            while last + 1 < len(doc) and doc[last + 1].ent_iob_ == "I":
                last += 1
        for at in range(first + 1, token.i + 1):  # "Textilor par Maison Ferrand": its part
            if doc[at].lower_ in _NOT_IN_NAMES:
                first = at + 1
        while doc[first].text.islower() and first < last:  # "laboratoire Pharmalys"
            first += 1
        if token.i < first:
            return None
        return _name_party(doc, first, _name_end(doc, first, last))
    if not token.text[:1].isupper():
        return None
    words = [token, *(c for c in token.children if c.dep_ in _NAME_WORDS)]
    return _name_party(doc, min(w.i for w in words), max(w.i for w in words))


# Words no name holds: a tagged name running over one is two ("Textilor par Maison Ferrand").
_NOT_IN_NAMES = frozenset(
    ("par", "à", "au", "aux", "avec", "pour", "sur", "chez", "dans", "auprès")
)


def _entity_start(token: Token) -> int:
    """Where the tagged name a word is in starts, by the words' IOB marks (``doc.ents`` is
    rebuilt at each call)."""
    first: int = token.i
    while first > 0 and token.doc[first].ent_iob_ == "I":
        first -= 1
    return first


def _name_end(doc: Any, first: int, last: int) -> int:
    """Where a tagged name really ends: before a preposition it runs over, or after the
    last word of a company's name the tagger left out ("Nordal | Partenaires")."""
    for at in range(first + 1, last + 1):
        if doc[at].lower_ in _NOT_IN_NAMES:
            return at - 1
    while last + 1 < len(doc) and doc[last + 1].text in ORG_SUFFIXES:
        last += 1
    return last


def _name_party(doc: Any, first: int, last: int) -> Party | None:
    """The party the words ``first``-``last`` name, without a dash or comma the tagger took
    in ("Orange -"); none for a demonym ("le Français")."""
    while last > first and not doc[last].text[-1:].isalnum():
        last -= 1
    name = doc[first : last + 1]
    if fold(name.text) in DEMONYMS:
        return None
    return Party(None, (name.start_char, name.end_char), name.text)
