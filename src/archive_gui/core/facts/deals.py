"""Deals read from the dependency parse: who bought what, from whom, which stake, for how much
and how far along.

A deal is told by a trigger: a verb ("racheter", "céder"), a verb with its object ("prendre le
contrôle de", "entrer au capital de", "lancer une offre sur") or a noun ("le rachat de X par
Y"). spaCy's ``DependencyMatcher`` finds the triggers; each trigger's *frame* then reads the
parties from the trigger's dependents (subject, object, agent, the "de", "par", "à", "auprès
de" that hang on it), whatever the word order, the voice ("est repris par", "se fait racheter
par") or the distance. A party told by a pronoun, a possessive or a description ("il", "son
rachat", "l'entreprise", "le groupe") is the nearest fitting company named before it.

Every value comes from words of the text, and each reading keeps those words, field by field,
so that a reviewer sees where each field came from. Nothing here knows records or the store:
``extraction`` turns readings into candidates.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from archive_gui.core.facts.records import UNDISCLOSED, Amount
from archive_gui.core.text import NUMBER_SPACES, fold, multiplier, parse_number

Token = Any  # a spaCy Token
Span = tuple[int, int]  # characters of the article's text

# The frames: how a trigger's dependents map to the deal's roles.
BUY = "buy"  # X rachète Y; Y est racheté par X; le rachat de Y par X
SELL = "sell"  # Z cède Y à X
CONTROL = "control"  # Y passe sous le contrôle de X
FUND = "fund"  # Y lève des fonds auprès de X
OFFER = "offer"  # X lance une offre sur Y
MERGE = "merge"  # X fusionne avec Y; X et Y fusionnent

# Words that stand for a company named before them ("l'entreprise", "le groupe").
DESCRIPTIONS = frozenset(
    fold(w)
    for w in (
        "entreprise", "société", "groupe", "opérateur", "hébergeur", "firme", "start-up",
        "startup", "jeune pousse", "pépite", "filiale", "fonds", "spécialiste", "fabricant",
        "éditeur", "acteur", "industriel", "distributeur", "enseigne", "banque", "maison",
        "laboratoire", "constructeur", "équipementier", "prestataire", "cabinet", "entité",
        "leader", "numéro", "cible", "acquéreur", "repreneur", "concurrent", "rival",
    )
)  # fmt: skip
# Words for a share of a company, or its control: what is bought is the company below them.
STAKE_NOUNS = frozenset(
    ("%", "participation", "parts", "part", "capital", "actions", "titres", "totalité",
     "pourcent", "contrôle", "controle", "majorité", "activités", "activité")
)  # fmt: skip
DEMONYMS = frozenset(
    fold(w)
    for w in (
        "français", "française", "américain", "américaine", "britannique", "anglais", "anglaise",
        "allemand", "allemande", "italien", "italienne", "espagnol", "espagnole", "chinois",
        "chinoise", "japonais", "japonaise", "européen", "européenne", "néerlandais", "suisse",
        "belge", "canadien", "canadienne", "québécois", "québécoise", "suédois", "suédoise",
    )
)  # fmt: skip
RELATIVES = frozenset(("qui", "lequel", "laquelle", "lesquels", "lesquelles"))
PRONOUNS = frozenset(("il", "elle", "celui-ci", "celle-ci", "ce dernier", "cette dernière"))

# Numbers, percentages and sums as French prints them; extraction's figures read them too.
PERCENT = re.compile(r"(\d{1,3}(?:[,.]\d+)?)\s?%")
NUMBER = rf"(\d{{1,3}}(?:[{NUMBER_SPACES}]\d{{3}})+|\d+(?:[,.]\d+)?)"
AMOUNT = re.compile(
    NUMBER
    + r"\s*(milliards?|millions?|mds?|M)?\s*(?:de |d['’‘]\s*|d\s?['’‘]\s?)?"
    + r"(euros?|€|francs?|dollars?|\$)",
    re.IGNORECASE,
)
CURRENCIES = {"euro": "EUR", "€": "EUR", "franc": "FRF", "dollar": "USD", "$": "USD"}
# What a deal's price is introduced by, and what a company's own figures are.
_PRICE_WORDS = re.compile(
    r"(pour|montant|moyennant|prix|valoris\w*|contre|l[eè]v\w*|apport\w*|injecte\w*|"
    r"investi\w*|débours\w*|déboursé|payé|offre|tour de table|enveloppe)\W+(?:\w+\W+){0,6}$",
    re.IGNORECASE,
)
_FIGURE_WORDS = re.compile(
    r"(chiffre d.affaires|revenus?|ventes|résultat|bénéfice|perte|dette|ebitda|excédent)"
    r"\W+(?:\w+\W+){0,4}$",
    re.IGNORECASE,
)
_UNDISCLOSED = re.compile(
    r"(montant|prix|conditions financières|termes financiers|valorisation|somme)"
    r"[^.;]{0,80}?\b(pas|ni|non|aucun\w*)\b[^.;]{0,40}?"
    r"(communiqu|dévoil|divulgu|précis|révél|connu|rendu public|détaill|commenté)"
    r"|(non|pas) (communiqu|dévoil|divulgu|révél)\w*[^.;]{0,40}(montant|prix|conditions)"
    r"|sans (en )?(dévoiler|préciser|communiquer|révéler) (le|son) (montant|prix)",
    re.IGNORECASE,
)
# Status cues, strongest first; a conditional verb also says "rumoured".
_FAILED = re.compile(
    r"\b(renonc\w*|échec|échou\w*|abandonn\w*|avort\w*|bloqu\w*|rompu\w*|jet[ée]\w* l.éponge|"
    r"retir\w* (son|leur) offre|capot)", re.IGNORECASE
)  # fmt: skip
_RUMOURED = re.compile(
    r"\b(rumeurs?|selon (nos|des|plusieurs) (informations|sources)|d[ée]men\w*|bruits?)\b",
    re.IGNORECASE,
)
_NEGOTIATING = re.compile(
    r"\b(négociations?|discussions?|pourparlers|négocie\w*|discute\w*)\b", re.IGNORECASE
)
_CLOSED = re.compile(
    r"\b(finalis\w*|boucl\w*|désormais|conclu\w*|officialis\w*|vient de|viennent de|"
    r"a été (rachet|repris|acquis|absorb|cédé|vendu)\w*|est devenu\w*|achev\w*)",
    re.IGNORECASE,
)
_CONDITIONAL = re.compile(r"\w(rait|raient)$")
# Auxiliaries of a completed act ("a racheté", "est entré au capital").
_HAVE = frozenset(("a", "ont", "avait", "avaient", "eut", "aura", "est", "sont", "était"))


@dataclass(frozen=True)
class Trigger:
    """A way a deal is told: its name (as the Review tab shows it), its frame and deal kind,
    and its DependencyMatcher pattern, whose first node is the trigger word."""

    name: str
    frame: str
    kind: str
    pattern: tuple[dict[str, Any], ...]


def _word(regex: str, pos: Iterable[str] = ("VERB", "ADJ")) -> dict[str, Any]:
    return {
        "RIGHT_ID": "trigger",
        "RIGHT_ATTRS": {"LOWER": {"REGEX": regex}, "POS": {"IN": list(pos)}},
    }


def _with(
    regex: str, child: str, pos: Iterable[str] = ("VERB", "ADJ")
) -> tuple[dict[str, Any], ...]:
    """A verb with a word below it: "prendre" with "contrôle", "entrer" with "capital"."""
    return (
        _word(regex, pos),
        {"LEFT_ID": "trigger", "REL_OP": ">", "RIGHT_ID": "noun",
         "RIGHT_ATTRS": {"LOWER": {"REGEX": child}}},
    )  # fmt: skip


_NOUN = ("NOUN", "PROPN")
_TAKE = r"^(pr(en|i|e)\w*|pris\w*)$"
TRIGGERS: tuple[Trigger, ...] = (
    Trigger("racheter", BUY, "acquisition", (_word(r"^rach[eè]t"),)),
    Trigger("acquérir", BUY, "acquisition", (_word(r"^acqu[iéè]"),)),
    Trigger("reprendre", BUY, "acquisition", (_word(r"^repr(en|i|e)"),)),
    Trigger("absorber", BUY, "acquisition", (_word(r"^absorb"),)),
    Trigger("s'offrir", BUY, "acquisition", _with(r"^(offr|offert)", r"^(s['’]|se)$")),
    Trigger("mettre la main sur", BUY, "acquisition", _with(r"^(m[eiî]t|mis)", r"^main$")),
    Trigger("prendre le contrôle de", BUY, "acquisition", _with(_TAKE, r"^contr[ôo]le$")),
    Trigger("prendre une participation dans", BUY, "stake-purchase",
            _with(_TAKE, r"^(participation|part|parts|%|pourcent)$")),
    Trigger("entrer au capital de", BUY, "stake-purchase", _with(r"^entr", r"^capital$")),
    Trigger("monter au capital de", BUY, "stake-purchase", _with(r"^mont", r"^capital$")),
    Trigger("sous le contrôle de, dans le giron de", CONTROL, "acquisition",
            (_word(r"^(giron|escarcelle|pavillon|tutelle|coupe|drapeau|contr[ôo]le)$", _NOUN),)),
    Trigger("céder", SELL, "acquisition", (_word(r"^c[èée]d"),)),
    Trigger("vendre", SELL, "acquisition", (_word(r"^vend"),)),
    Trigger("lever des fonds", FUND, "funding",
            _with(r"^l[eè]v", r"^(fonds|millions?|milliards?|euros?|€|\d.*)$")),
    Trigger("boucler un tour de table", FUND, "funding", _with(r"^boucl", r"^tour$")),
    Trigger("lancer une offre sur", OFFER, "takeover", _with(r"^lan[cç]", r"^(offre|opa|ope)$")),
    Trigger("déposer une offre sur", OFFER, "takeover", _with(r"^d[ée]pos", r"^(offre|opa|ope)$")),
    Trigger("fusionner avec", MERGE, "merger", (_word(r"^fusionn"),)),
    Trigger("le rachat de", BUY, "acquisition", (_word(r"^rachats?$", _NOUN),)),
    Trigger("l'acquisition de", BUY, "acquisition", (_word(r"^acquisitions?$", _NOUN),)),
    Trigger("la reprise de", BUY, "acquisition", (_word(r"^reprises?$", _NOUN),)),
    Trigger("l'absorption de", BUY, "acquisition", (_word(r"^absorptions?$", _NOUN),)),
    Trigger("la prise de contrôle de", BUY, "acquisition", (_word(r"^prises?$", _NOUN),)),
    Trigger("la cession de", SELL, "acquisition", (_word(r"^cessions?$", _NOUN),)),
    Trigger("la vente de", SELL, "acquisition", (_word(r"^ventes?$", _NOUN),)),
    Trigger("une offre sur", OFFER, "takeover", (_word(r"^(offres?|opa|ope)$", _NOUN),)),
    Trigger("la levée de fonds", FUND, "funding", (_word(r"^levées?$", _NOUN),)),
    Trigger("la fusion de", MERGE, "merger", (_word(r"^fusions?$", _NOUN),)),
)  # fmt: skip


@dataclass
class Party:
    """A company a deal names: its record id (None for a name no record has yet: a name in
    a deal's role is a company's, whatever the named-entity tagger thought) and its words."""

    company: str | None
    span: Span
    name: str = ""

    @property
    def key(self) -> str:
        return self.company or fold(self.name)


@dataclass
class DealReading:
    """A deal as the text tells it, with the words each field was read from."""

    pattern: str
    kind: str
    trigger: Span
    acquirers: list[Party] = field(default_factory=list)
    target: Party | None = None
    sellers: list[tuple[Party, float | None]] = field(default_factory=list)
    stake_after: tuple[float, Span] | None = None
    stake_words: list[Span] = field(default_factory=list)  # the sellers' stakes
    amount: tuple[Amount | str, Span] | None = None
    status: str = "announced"
    status_words: Span | None = None
    sentence: Span = (0, 0)


class Companies:
    """The companies an article names, by where it names them, and how a word that stands
    for one (a pronoun, a possessive, a description) is resolved: to the nearest named
    before it. A name no record has yet (an organisation the tagger found) is a company
    too, for a deal to take as a party or to refer back to."""

    def __init__(self, named: Iterable[tuple[int, int, str | None, str]], text: str = "") -> None:
        self.text = text  # the article's (``Doc.text`` joins its tokens again at each call)
        self.named: list[tuple[int, int, str | None, str]] = []
        for begin, finish, company, name in sorted(named, key=lambda n: (n[0], n[2] is None)):
            if not any(b < finish and begin < f for b, f, *_ in self.named):
                self.named.append((begin, finish, company, name))
        # Where the names that are a clause's subject start: "Le groupe" that opens a
        # sentence speaks of the company that acted last, not of the one acted on.
        self.subjects: set[int] = set()

    @classmethod
    def of(
        cls, doc: Any, known: Iterable[tuple[int, int, str]], not_names: Iterable[str] = ()
    ) -> Companies:
        """The known companies of a parsed text, then its organisations nobody recorded
        (but for ``not_names``, folded: words the tagger takes for names and are not)."""
        text = doc.text
        found: list[tuple[int, int, str | None, str]] = [
            (start, end, company, text[start:end]) for start, end, company in known
        ]
        ignored = set(not_names)
        for ent in doc.ents:
            if ent.label_ in ("ORG", "MISC") and ent.text[:1].isupper():
                first = _name_start(ent)
                name = text[first.idx : ent.end_char]
                if fold(name) not in ignored and len(name) > 1:
                    found.append((first.idx, ent.end_char, None, name))
        companies = cls(found, text)
        for begin, finish, *_ in companies.named:
            span = doc.char_span(begin, finish, alignment_mode="expand")
            root = span.root if span is not None else None
            while root is not None and root.dep_ in _NAME_OF and root.head is not root:
                root = root.head  # "le groupe Legrand": the subject is "groupe"
            if root is not None and root.dep_.startswith("nsubj"):
                companies.subjects.add(begin)
        return companies

    def at(self, start: int, end: int) -> Party | None:
        """The company named by the words at ``start``-``end``, if they overlap a name."""
        for begin, finish, company, name in self.named:
            if begin < end and start < finish:
                return Party(company, (begin, finish), name)
        return None

    def before(self, at: int, exclude: Iterable[str] = (), subject: bool = False) -> Party | None:
        """The nearest company named before ``at``, other than ``exclude``; with ``subject``,
        the nearest that was a subject, if one was."""
        excluded = set(exclude)
        for begin, finish, company, name in reversed(self.named):
            party = Party(company, (begin, finish), name)
            fits = not subject or begin in self.subjects
            if finish <= at and party.key not in excluded and fits:
                return party
        return self.before(at, exclude) if subject else None


def _name_start(ent: Any) -> Token:
    """Where a name really starts: the tagger sometimes leaves out its first word ("BT" of
    "BT Ignite", when "Ignite" hangs on "BT" as the rest of its name)."""
    first = ent[0]
    while first.i > 0:
        before = first.doc[first.i - 1]
        linked = first.head.i == before.i and first.dep_ in _NAME_WORDS
        if not (linked and before.text[:1].isupper()):
            break
        first = before
    return first


def _span(token: Token) -> Span:
    return token.idx, token.idx + len(token.text)


def _case(token: Token) -> str:
    """The preposition a noun hangs by ("de", "par", "à", "auprès de"), folded."""
    words = [c.lower_ for c in token.children if c.dep_ in ("case", "fixed")]
    if token.head.lower_ == "auprès" or any(c.lower_ == "auprès" for c in token.children):
        return "aupres"
    return fold(" ".join(words)).replace("'", "").replace("’", "")


def _linked(token: Token, cases: Iterable[str]) -> list[Token]:
    """The nouns below a word that hang by one of ``cases`` ("de" also matches "du", "des",
    "d'"), through "auprès" too."""
    wanted = {fold(c) for c in cases}
    if "de" in wanted:
        wanted |= {"du", "des", "d", "de la", "de l"}
    found = []
    for child in token.children:
        if child.lower_ == "auprès":
            found += [c for c in child.children if "aupres" in wanted]
        elif child.dep_.split(":")[0] in ("obl", "nmod", "obj", "iobj") and _case(child) in wanted:
            found.append(child)
    return found


def _governing_verb(noun: Token) -> Token | None:
    """The verb a noun depends on, through the nouns between ("un accord de fusion")."""
    head = noun
    for _ in range(3):
        if head.head is head:
            return None
        head = head.head
        if head.pos_ in ("VERB", "AUX"):
            return head
    return None


def _aimed_at(offer: Token) -> list[Token]:
    """What an offer is on: "une offre (publique d'achat) sur Y", "visant Y"."""
    return [t for t in offer.subtree if _case(t) in ("sur", "visant") and t.i > offer.i]


def _deps(token: Token, *deps: str) -> list[Token]:
    return [c for c in token.children if c.dep_ in deps]


class _Reader:
    """Reads the roles of the triggers of one sentence."""

    def __init__(self, companies: Companies) -> None:
        self.companies = companies

    def party(self, token: Token | None, exclude: Iterable[str] = ()) -> Party | None:
        """The company a word stands for: a name, a name below it ("le groupe Legrand",
        "la société Netatmo"), or a pronoun, possessive or description of one named before."""
        if token is None:
            return None
        word = fold(token.lower_)
        # "le Français", "l'Américain": a description, though it starts with a capital
        found = self._known(token) or (None if word in DEMONYMS else self._unknown(token))
        if found is not None:
            return found
        if token.lower_ in RELATIVES:
            # "X, qui rachète Y": what the clause hangs on; "l'offre de X, qui ...": its X;
            # else the company named last before it.
            noun = token.head.head if token.head.dep_ == "acl:relcl" else None
            if noun is not None and noun.idx < token.idx:
                found = self.party(noun, exclude) or next(
                    (p for n in _linked(noun, ["de"]) if (p := self.party(n, exclude))), None
                )
            return found or self.companies.before(token.idx, exclude)
        possessive = token.dep_ == "det" and "Poss=Yes" in str(token.morph)
        if word in PRONOUNS or word in DESCRIPTIONS or word in DEMONYMS or possessive:
            subject = token.dep_.startswith("nsubj")
            return self.companies.before(token.idx, exclude, subject)
        return None

    def _known(self, token: Token, depth: int = 0) -> Party | None:
        """A company of the archive or of this article named by the word or a name below it."""
        found = self.companies.at(*_span(token))
        if found is not None or depth > 2:
            return found
        for child in _name_children(token):
            found = self._known(child, depth + 1)
            if found is not None:
                return found
        return None

    def _unknown(self, token: Token, depth: int = 0) -> Party | None:
        """A name nobody has recorded, the word's own or one below it."""
        starts = token.i == token.sent.start
        if token.pos_ in ("PRON", "DET", "ADP", "CCONJ", "SCONJ", "ADV"):
            return None
        if token.ent_type_ or token.pos_ == "PROPN" or (token.text[:1].isupper() and not starts):
            found = _new_name(token)
            if found is not None:
                return found
        if depth > 2:
            return None
        for child in _name_children(token):
            found = self._unknown(child, depth + 1)
            if found is not None:
                return found
        return None

    def parties(self, token: Token | None, exclude: Iterable[str] = ()) -> list[Party]:
        """The companies of a word and of the words joined to it ("A et B")."""
        if token is None:
            return []
        found: list[Party] = []
        for each in (token, *token.conjuncts):
            party = self.party(each, exclude)
            if party is not None and all(p.key != party.key for p in found):
                found.append(party)
        return found

    def subject(self, verb: Token) -> Token | None:
        """A verb's subject, or its governing verb's ("Orange veut racheter X")."""
        for _ in range(3):
            subjects = _deps(verb, "nsubj", "nsubj:pass")
            if subjects:
                return subjects[0]
            if verb.dep_ in ("amod", "acl") and verb.pos_ == "ADJ":
                return verb.head  # a verb the tagger took for an adjective: "X fusionne avec"
            if (
                verb.dep_ in ("xcomp", "ccomp", "advcl", "conj", "acl", "obj")
                and verb.head is not verb
            ):
                verb = verb.head
            else:
                break
        return None

    def doers(self, verb: Token, exclude: Iterable[str] = ()) -> list[Party]:
        """The companies a verb's subject names, or the subject of a verb it depends on
        ("Orange a confirmé que des négociations sont en cours pour acquérir Y"); when none
        names one (a subject the parse got wrong, "La start-up Qonto"), the first name of the
        sentence before the verb."""
        start, end = sentence_around(self.companies.text, verb.idx)
        subject = self.subject(verb)
        inside = subject is not None and start <= subject.idx < end
        found = self.parties(subject, exclude) if inside else []
        if len(found) == 1 and subject is not None and subject.i >= 2:
            # "Veolia et Suez ont ...", where the parse lost the first name of the pair
            cc, first = subject.doc[subject.i - 1], subject.doc[subject.i - 2]
            other = self.party(first, exclude) if cc.lower_ == "et" else None
            if other is not None and other.key != found[0].key and first.idx >= start:
                found.insert(0, other)
        head = verb
        for _ in range(4):  # not beyond the sentence: the parser sometimes joins two
            if found or head.head is head or not start <= head.head.idx < end:
                break
            head = head.head
            subjects = _deps(head, "nsubj", "nsubj:pass")
            found = self.parties(subjects[0], exclude) if subjects else []
        for token in verb.doc[: verb.i]:
            if found:
                break
            if token.idx < start:
                continue
            if self.companies.at(*_span(token)) or token.ent_type_ or token.pos_ == "PROPN":
                found = self.parties(token, exclude)
        return found

    def first_name_after(self, verb: Token, exclude: list[str]) -> Party | None:
        """When the parse gives a verb an object that names nothing ("le câblo-opérateur
        américain Cablevision", cut into pieces), the first name after it in its sentence
        that no preposition introduces."""
        _start, end = sentence_around(self.companies.text, verb.idx)
        for token in verb.doc[verb.i + 1 :]:
            if token.idx >= end:
                break
            if _case(token) or token.dep_ == "case":
                continue
            party = self._known(token) or self._unknown(token)
            if party is not None and party.key not in exclude:
                return party
        return None

    def doer(self, verb: Token, exclude: Iterable[str] = ()) -> Party | None:
        return next(iter(self.doers(verb, exclude)), None)

    def read(self, trigger: Trigger, word: Token, noun: Token | None) -> DealReading | None:
        reading = DealReading(trigger.name, trigger.kind, _span(word))
        moving = re.match(r"^(entr|mont|pass|tomb|arriv|revien)", word.lower_) is not None
        # "est repris par", not "a racheté" (whose subject the parse may call passive) nor
        # "est entré au capital" (a verb of motion takes "être").
        passive = bool(_deps(word, "obl:agent")) or (not moving and bool(_deps(word, "aux:pass")))
        made_to = any(
            c.lower_ in ("fait", "faire", "fais", "font", "faisait") for c in word.children
        )
        if word.pos_ in _NOUN:
            self.nominal(reading, trigger, word)
        elif trigger.frame == BUY:
            self.buy(reading, word, noun, passive or made_to)
        elif trigger.frame == SELL:
            self.sell(reading, word, passive)
        elif trigger.frame == FUND:
            reading.target = self.doer(word)
            reading.acquirers = self.funders(word)
        elif trigger.frame == OFFER:
            reading.acquirers = self.doers(word)
            on = _aimed_at(noun) if noun is not None else []
            reading.target = self.party((on or _linked(word, ["sur"]) or [None])[0])
        elif trigger.frame == MERGE:
            subject = self.subject(word)
            joined = self.doers(word)
            partners = _linked(word, ["avec"]) or (_linked(subject, ["avec"]) if subject else [])
            partner = self.parties(partners[0] if partners else None)
            together = joined + partner
            reading.acquirers = together[:1]
            reading.target = together[1] if len(together) > 1 else None
        if not reading.acquirers or reading.target is None:
            return None
        reading.acquirers = [p for p in reading.acquirers if p.key != reading.target.key]
        return reading if reading.acquirers else None

    def buy(self, reading: DealReading, word: Token, noun: Token | None, passive: bool) -> None:
        """X rachète Y (à Z / auprès de Z); Y est racheté par X; Y se fait racheter par X;
        X prend le contrôle de Y / une participation dans Y / entre au capital de Y."""
        if passive:
            agents = _deps(word, "obl:agent") or _linked(word, ["par"])
            reading.acquirers = self.parties(agents[0] if agents else None)
            reading.target = self.doer(word, [p.key for p in reading.acquirers])
        else:
            reading.acquirers = self.doers(word)
            acquirers = [p.key for p in reading.acquirers]
            if noun is not None and noun.pos_ in _NOUN:  # not the "se" of "s'offrir"
                reading.target = self.owner(noun, acquirers) or self.owner(
                    word, acquirers, ["de", "dans", "sur"]
                )
            else:
                objects = _deps(word, "obj") or [  # "s'offrir Y", parsed without an object
                    c
                    for c in word.children
                    if c.dep_ in ("obl:arg", "obl:mod", "nmod") and not _case(c)
                ]
                reading.target = self.target_of(
                    objects[0] if objects else None, acquirers
                ) or self.first_name_after(word, acquirers)
        sellers = _linked(word, ["auprès", "aupres", "à"])
        for seller in sellers:
            for party in self.parties(seller):
                reading.sellers.append((party, None))

    def owner(
        self, noun: Token, exclude: list[str], cases: Iterable[str] = ("de", "dans", "au sein de")
    ) -> Party | None:
        """The company a share, a control or a capital is of: "de Y", "dans Y", "son"."""
        for of in _linked(noun, cases):
            found = self.target_of(of, exclude) if self._is_stake(of) else self.party(of, exclude)
            if found is not None:
                return found
        for det in _deps(noun, "det"):
            if "Poss=Yes" in str(det.morph):
                return self.party(det, exclude)
        return None

    def target_of(self, obj: Token | None, exclude: list[str]) -> Party | None:
        """What is bought: the object, or the company of a stake ("80 % de Y", "la
        participation de Z dans Y", "les parts de Y")."""
        if obj is None:
            return None
        direct = self.party(obj, exclude)
        if direct is not None and not self._is_stake(obj):
            return direct
        inside = _linked(obj, ["de", "dans", "au sein de"])
        for clause in _deps(obj, "acl", "acl:relcl"):  # "la participation détenue ... dans Y"
            inside += _linked(clause, ["dans", "au sein de"])
        for noun in inside:
            if self._is_stake(noun):
                deeper = self.target_of(noun, exclude)
                if deeper is not None:
                    return deeper
            found = self.party(noun, exclude)
            if found is not None:
                return found
        return direct

    @staticmethod
    def _is_stake(token: Token) -> bool:
        return token.lower_ in STAKE_NOUNS

    def sell(self, reading: DealReading, word: Token, passive: bool) -> None:
        """Z cède Y à X; Y est cédé à X (par Z)."""
        buyers = _linked(word, ["à", "au", "aux"])
        reading.acquirers = self.parties(buyers[0] if buyers else None)
        acquirers = [p.key for p in reading.acquirers]
        if passive:
            reading.target = self.doer(word, acquirers)
            agents = _deps(word, "obl:agent")
            seller = self.party(agents[0] if agents else None, acquirers)
        else:
            seller = self.doer(word, acquirers)
            objects = _deps(word, "obj")
            excluded = [*acquirers, *([seller.key] if seller else [])]
            reading.target = self.target_of(objects[0] if objects else None, excluded)
        if seller is not None and (reading.target is None or seller.key != reading.target.key):
            reading.sellers.append((seller, None))

    def nominal(self, reading: DealReading, trigger: Trigger, noun: Token) -> None:
        """Le rachat de Y par X; son rachat par X; la cession de Y à X; X annonce le rachat
        de Y; l'acquisition de la participation de 33 % détenue par Z."""
        by = _linked(noun, ["par"])
        of = _linked(noun, ["de", "du", "des"])
        to = _linked(noun, ["à", "au", "aux"])
        if trigger.frame == FUND:
            reading.acquirers = self.funders(noun)
            verb = _governing_verb(noun)
            reading.target = self.doer(verb) if verb is not None else None
            return
        if trigger.frame == CONTROL:  # Y passe sous le contrôle de X, rejoint le giron de X
            if noun.lower_.startswith("contr") and _case(noun) != "sous":
                return
            holders = _linked(noun, ["de"])
            reading.acquirers = self.parties(holders[0] if holders else None)
            excluded = [p.key for p in reading.acquirers]
            reading.target = self.doer(noun.head, excluded) if noun.head is not noun else None
            return
        if trigger.frame == MERGE:
            between = _linked(noun, ["entre", "de", "avec"])
            together = [p for t in between for p in self.parties(t)]
            verb = _governing_verb(noun)
            if len(together) < 2 and verb is not None:  # "X et Y ont conclu un accord de fusion"
                together = [*self.doers(verb), *together]
            reading.acquirers = together[:1]
            reading.target = together[1] if len(together) > 1 else None
            return
        if trigger.frame == OFFER:
            on = _aimed_at(noun)
            reading.target = self.party(on[0] if on else None)
            reading.acquirers = self.parties(by[0] if by else self.governing_subject(noun))
            return
        sell = trigger.frame == SELL
        buyers = to if sell else by
        owner = _deps(noun, "det")
        possessive = [d for d in owner if "Poss=Yes" in str(d.morph)]
        if buyers:
            reading.acquirers = self.parties(buyers[0])
        elif not sell:
            reading.acquirers = self.parties(self.governing_subject(noun))
        acquirers = [p.key for p in reading.acquirers]
        if of:
            reading.target = (
                self.target_of(of[0], acquirers)
                if self._is_stake(of[0])
                else self.party(of[0], acquirers)
            )
            self.held_by(reading, of[0])
        elif possessive:
            reading.target = self.party(possessive[0], acquirers)
        if sell:
            seller = (
                self.party(by[0], acquirers)
                if by
                else self.party(self.governing_subject(noun), acquirers)
            )
            if seller is not None:
                reading.sellers.append((seller, None))
        for seller in _linked(noun, ["auprès"]):
            for party in self.parties(seller):
                reading.sellers.append((party, None))

    def held_by(self, reading: DealReading, stake: Token) -> None:
        """ "la participation de 33 % détenue par Z": Z sells."""
        for clause in _deps(stake, "acl", "acl:relcl"):
            for agent in _deps(clause, "obl:agent") or _linked(clause, ["par"]):
                for party in self.parties(agent):
                    reading.sellers.append((party, None))

    def governing_subject(self, noun: Token) -> Token | None:
        """The subject of the verb a deal noun depends on ("Orange annonce le rachat de X")."""
        head = noun.head
        if head is noun or head.pos_ not in ("VERB", "AUX"):
            return None
        passive = bool(_deps(head, "nsubj:pass", "aux:pass"))
        subject = self.subject(head)
        return None if passive and subject is not None and subject.i == noun.i else subject

    def funders(self, word: Token) -> list[Party]:
        """Who invests: "auprès de A et (de) B", "mené par A", on the trigger or, for "une
        levée de fonds", on the verb it depends on ("a bouclé une levée ... auprès de A")."""
        found: list[Party] = []
        verb = _governing_verb(word) if word.pos_ in _NOUN else None
        places = [word, *([verb] if verb is not None else [])]
        tokens = [t for place in places for t in _linked(place, ["auprès", "par"])]
        tokens += [t for place in places for t in place.subtree if t.lower_ == "auprès"]
        for token in tokens:
            targets = [token] if token.lower_ != "auprès" else list(token.children)
            for each in targets:
                for party in self.parties(each):
                    if all(p.key != party.key for p in found):
                        found.append(party)
        return found


_NAME_WORDS = frozenset(("flat:name", "flat", "compound"))
_NAME_OF = frozenset(("flat:name", "flat", "compound", "appos", "nmod", "amod"))


def _name_children(token: Token) -> list[Token]:
    """The words below a noun that may name what it is: "le groupe Legrand", "la société
    Netatmo", "BT Ignite" (not "de", "par" and the like, which name something else)."""
    return [
        c
        for c in token.children
        if c.dep_ in ("flat:name", "flat", "appos", "compound", "nmod", "amod")
        and (c.dep_ != "nmod" or not _case(c))
    ]


def _new_name(token: Token) -> Party | None:
    """A name no record has: the entity the token is in, else the token and the words of its
    name ("Caisse des Dépôts" when the tagger saw none)."""
    doc = token.doc
    if token.ent_type_:  # the entity's words, by their IOB marks (``doc.ents`` is rebuilt per call)
        first, last = token.i, token.i
        while doc[first].ent_iob_ == "I" and first > 0:
            first -= 1
        while last + 1 < len(doc) and doc[last + 1].ent_iob_ == "I":
            last += 1
        words = doc[first : last + 1]
        return Party(None, (words.start_char, words.end_char), words.text)
    if not token.text[:1].isupper():
        return None
    words = [token, *(c for c in token.children if c.dep_ in _NAME_WORDS)]
    name = doc[min(w.i for w in words) : max(w.i for w in words) + 1]
    return Party(None, (name.start_char, name.end_char), name.text)


def _dependency_matcher(vocab: Any) -> Any:
    from spacy.matcher import DependencyMatcher

    matcher = DependencyMatcher(vocab)
    for number, trigger in enumerate(TRIGGERS):
        matcher.add(str(number), [list(trigger.pattern)])
    return matcher


_MATCHERS: dict[int, Any] = {}


def _matcher_for(doc: Any) -> Any:
    key = id(doc.vocab)
    if key not in _MATCHERS:
        _MATCHERS[key] = _dependency_matcher(doc.vocab)
    return _MATCHERS[key]


def read_deals(doc: Any, companies: Companies) -> list[DealReading]:
    """Every deal a parsed article tells, in text order, with the words of each field."""
    text: str = doc.text
    reader = _Reader(companies)
    found: list[DealReading] = []
    matches = sorted(_matcher_for(doc)(doc), key=lambda m: (m[1][0], int(doc.vocab.strings[m[0]])))
    seen: set[int] = set()
    for match_id, tokens in matches:
        trigger = TRIGGERS[int(doc.vocab.strings[match_id])]
        word = doc[tokens[0]]
        if word.i in seen:
            continue
        noun = doc[tokens[1]] if len(tokens) > 1 else None
        reading = reader.read(trigger, word, noun)
        if reading is None:
            continue
        seen.add(word.i)
        if noun is not None:
            seen.add(noun.i)
        reading.sentence = sentence_around(text, word.idx)
        _read_status(reading, word, text)
        _read_stakes(reading, text)
        _read_amount(reading, text)
        same = next((other for other in found if _same_deal(reading, other)), None)
        if same is None:
            found.append(reading)
        else:  # told again ("Le groupe a acquis la participation détenue par Z"): what it adds
            same.sellers = same.sellers or reading.sellers
            same.stake_words = same.stake_words or reading.stake_words
            same.stake_after = same.stake_after or reading.stake_after
            same.amount = same.amount or reading.amount
    _undisclosed_elsewhere(found, text)
    return found


_SENTENCE_END = re.compile(r"[.!?…]+[»\"”]?(?=\s+[^a-zà-ÿ0-9\s])|\n")


def sentence_around(text: str, at: int) -> Span:
    """The sentence holding position ``at``, by its punctuation: the parser's own sentences
    sometimes cut a name that opens a sentence off from its verb ("Thales | est entré ...")."""
    start = 0
    for match in _SENTENCE_END.finditer(text, 0, at):
        start = match.end()
    end_match = _SENTENCE_END.search(text, at)
    end = end_match.end() if end_match else len(text)
    while start < end and text[start].isspace():
        start += 1
    return start, end


def _same_deal(one: DealReading, other: DealReading) -> bool:
    if one.target is None or other.target is None or one.target.key != other.target.key:
        return False
    mine = {p.key for p in one.acquirers}
    return bool(mine & {p.key for p in other.acquirers})


def _read_status(reading: DealReading, word: Token, text: str) -> None:
    """How far along the deal is, from the words: a failure, a conditional (a rumour), talks,
    a completion, else an announcement."""
    start, end = reading.sentence
    sentence = text[start:end]
    chain = [word, *_deps(word, "aux", "aux:tense", "aux:pass", "cop")]
    head = word.head
    for _ in range(2):  # the verbs it depends on: "serait sur le point de racheter"
        if head is chain[-1] or head.pos_ not in ("VERB", "AUX"):
            break
        chain += [head, *_deps(head, "aux", "aux:tense", "aux:pass", "cop")]
        head = head.head

    def at(match: re.Match[str]) -> Span:
        return start + match.start(), start + match.end()

    failed = _FAILED.search(sentence)
    conditional = next(
        (t for t in chain if _CONDITIONAL.search(t.lower_) and t.lower_ not in ("offrait",)), None
    )
    rumour = _RUMOURED.search(sentence)
    talks = _NEGOTIATING.search(sentence)
    done = _CLOSED.search(sentence)
    past = any(c.lower_ in _HAVE for c in _deps(word, "aux:tense")) and word.pos_ == "VERB"
    if failed:
        reading.status, reading.status_words = "failed", at(failed)
    elif conditional is not None:
        reading.status, reading.status_words = "rumoured", _span(conditional)
    elif rumour:
        reading.status, reading.status_words = "rumoured", at(rumour)
    elif talks:
        reading.status, reading.status_words = "negotiating", at(talks)
    elif done:
        reading.status, reading.status_words = "closed", at(done)
    elif past and reading.kind != "takeover":  # an offer made is an offer announced
        reading.status, reading.status_words = "closed", reading.trigger
    else:
        reading.status = "announced"


def _read_stakes(reading: DealReading, text: str) -> None:
    """The percentages of the sentence: a seller's stake when it is told with the seller
    ("les 33 % détenus par Z", "Z, qui détenait 20 %"), else the stake the deal leaves the
    acquirer with; "la totalité" is all of it."""
    start, end = reading.sentence
    sentence = text[start:end]
    percents = list(PERCENT.finditer(sentence))
    for match in percents:
        value = parse_number(match.group(1))
        if not 0 < value <= 100:
            continue
        span = (start + match.start(), start + match.end())
        after = sentence[match.end() : match.end() + 60].lower()
        before = sentence[max(0, match.start() - 40) : match.start()].lower()
        if "croissance" in before or "hausse" in before or "baisse" in before:
            continue
        seller = _nearest_seller(reading, span)
        # "les 33 % détenus par Z", or the seller's own: "Z cède sa participation de 27 %"
        held = re.search(
            r"\b(détenu\w*|détenait|possédait|possédé\w*|appartenant)\b", after[:35] + before
        ) or re.search(r"\b(sa|ses|leur|leurs) (participation|parts?|titres|actions)\b", before)
        if seller is not None and held:
            index = next(i for i, (p, _) in enumerate(reading.sellers) if p is seller)
            reading.sellers[index] = (seller, value)
            reading.stake_words.append(span)
        elif reading.stake_after is None:
            reading.stake_after = (value, span)
    if (
        reading.kind == "acquisition"
        and reading.stake_after is not None
        and reading.stake_after[0] < 100
    ):
        reading.kind = "stake-purchase"
    if reading.kind == "acquisition" and re.search(
        r"participation (minoritaire|majoritaire|de \d)|\bparts?\b|entr\w* au capital",
        sentence,
        re.IGNORECASE,
    ):
        reading.kind = "stake-purchase"


def _nearest_seller(reading: DealReading, span: Span) -> Party | None:
    best: tuple[int, Party] | None = None
    for party, _stake in reading.sellers:
        distance = min(abs(party.span[0] - span[1]), abs(span[0] - party.span[1]))
        if distance <= 80 and (best is None or distance < best[0]):
            best = (distance, party)
    return best[1] if best else None


def amount_of(match: re.Match[str]) -> Amount:
    """The sum an ``AMOUNT`` match prints: "14 millions d'euros" is 14,000,000 EUR."""
    value = parse_number(match.group(1)) * multiplier(match.group(2))
    return Amount(value, CURRENCIES[fold(match.group(3)).rstrip("s")])


def amounts_in(text: str, start: int = 0) -> Iterator[tuple[Amount, Span]]:
    """Each sum of money a text prints, with where it stands."""
    for match in AMOUNT.finditer(text):
        yield amount_of(match), (start + match.start(), start + match.end())


def _read_amount(reading: DealReading, text: str) -> None:
    """The price: a sum introduced as one ("pour 14 millions d'euros", "valorise X à", "lève
    10 millions"), not a company's revenue; or "undisclosed" when the sentence says so."""
    start, end = reading.sentence
    sentence = text[start:end]
    for amount, span in amounts_in(sentence, start):
        before = text[max(start, span[0] - 60) : span[0]]
        after = text[span[1] : span[1] + 20]
        if _FIGURE_WORDS.search(before) or re.match(r"\s*(par|l['’]) ?(action|titre)", after):
            continue  # a revenue, or a price per share
        if _PRICE_WORDS.search(before) or reading.kind == "funding":
            reading.amount = (amount, span)
            return
    hidden = _UNDISCLOSED.search(sentence)
    if hidden:
        reading.amount = (UNDISCLOSED, (start + hidden.start(), start + hidden.end()))


def _undisclosed_elsewhere(readings: list[DealReading], text: str) -> None:
    """A sentence of its own saying the price is not public ("Le montant n'a pas été
    communiqué.") speaks of the deal told last before it."""
    for hidden in _UNDISCLOSED.finditer(text):
        before = [r for r in readings if r.sentence[0] <= hidden.start()]
        if before and before[-1].amount is None:
            before[-1].amount = (UNDISCLOSED, (hidden.start(), hidden.end()))


def figure_entity(doc: Any, start: int, end: int, companies: Companies) -> Party | None:
    """The company a figure is about, from the parse: the name a relative clause or an
    apposition hangs on ("X, qui emploie 120 personnes, ..." → X), else the subject of the
    clause that states it (a pronoun or a description resolved to the company named before)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    reader = _Reader(companies)
    token = span.root
    for _ in range(8):
        if token.dep_ in ("acl:relcl", "acl", "appos"):
            party = reader.party(token.head)
            if party is not None:
                return party
        if token.pos_ in ("VERB", "AUX") or any(c.dep_.startswith("nsubj") for c in token.children):
            doers = reader.doers(token)
            if doers:
                return doers[0]
        if token.head is token:
            break
        token = token.head
    return None
