"""Deals read from the dependency parse: who bought what, from whom, which stake, for how much
and how far along.

A deal is told by a trigger: a verb ("racheter", "céder"), a verb with its object ("prendre le
contrôle de", "entrer au capital de", "lancer une offre sur") or a noun ("le rachat de X par
Y"). spaCy's ``DependencyMatcher`` finds the triggers; each trigger's *frame* then reads the
parties from the trigger's dependents (subject, object, agent, the "de", "par", "à", "auprès
de" that hang on it), whatever the word order, the voice ("est repris par", "se fait racheter
par") or the distance; where the parse hangs a party on the wrong word, it is also read in the
text's order ("vendu sa filiale Y, qui ..., au groupe Z"). A party told by a pronoun, a
possessive or a description ("il", "son rachat", "l'entreprise", "le groupe") is the fitting
company named before it (``names``). A deal told over several sentences takes what the later
ones add: sellers, the price, the buyer's share after, a round's funds.

Every value comes from words of the text, and each reading keeps those words, field by field,
so that a reviewer sees where each field came from. Nothing here knows records or the store:
``extraction`` turns readings into candidates.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from archive_gui.core.facts.names import (
    ACQUIRER_WORDS,
    DEMONYMS,
    LATTER,
    OF_WORDS,
    PRONOUNS,
    RELATIVES,
    Companies,
    Party,
    Span,
    Token,
    in_persons_name,
    is_authority,
    is_description,
    name_after,
    name_like,
    new_name,
    place_adjective,
    singular,
    span_of,
    told_as_place,
)
from archive_gui.core.facts.records import UNDISCLOSED, Amount
from archive_gui.core.text import NUMBER_SPACES, fold, multiplier, parse_number

# The frames: how a trigger's dependents map to the deal's roles.
BUY = "buy"  # X rachète Y; Y est racheté par X; le rachat de Y par X
SELL = "sell"  # Z cède Y à X
CONTROL = "control"  # Y passe sous le contrôle de X
FUND = "fund"  # Y lève des fonds auprès de X
OFFER = "offer"  # X lance une offre sur Y
MERGE = "merge"  # X fusionne avec Y; X et Y fusionnent

# Words for a share of a company, or its control: what is bought is the company below them.
STAKE_NOUNS = frozenset(
    ("%", "participation", "participations", "parts", "part", "capital", "actions", "titres",
     "totalité", "intégralité",
     "pourcent", "contrôle", "controle", "majorité", "activités", "activité")
)  # fmt: skip

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
    r"investi\w*|débours\w*|déboursé|payé|offre|tour de table|enveloppe|élève à|représente|"
    r"augmentation de capital|ticket|chèque|avoisin\w*|sur la table|"
    r"propos\w*)\W+(?:\w+\W+){0,8}$",
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
    r"(communiqu|dévoil|divulgu|précis|révél|connu|rendu public|détaill|commenté|filtr)"
    r"|aucun (montant|prix|chiffre)[^.;]{0,40}(filtr|communiqu|dévoil|divulgu|précis|révél)"
    r"|(non|pas) (communiqu|dévoil|divulgu|révél|précis)\w*[^.;]{0,40}(montant|prix|conditions)"
    r"|sans (en )?(dévoiler|préciser|communiquer|révéler) (le|son) (montant|prix)",
    re.IGNORECASE,
)
# Status cues, strongest first; a conditional verb also says "rumoured".
_FAILED = re.compile(
    r"\b(renonc\w*|échec|échou\w*|abandon\w*|avort\w*|bloqu\w*|rompu\w*|jet[ée]\w* l.éponge|"
    r"retir\w* (son|leur) offre|capot)", re.IGNORECASE
)  # fmt: skip
_RUMOURED = re.compile(
    r"\b(rumeurs?|selon (nos|des|plusieurs) (informations|sources)|d[ée]men\w*|bruits?)\b",
    re.IGNORECASE,
)
_NEGOTIATING = re.compile(
    r"\b(négociations?|discussions?|pourparlers|négocie\w*|discute\w*)\b", re.IGNORECASE
)
# A sale told in the passive past: "a été racheté par X".
_PASSIVE_DONE = re.compile(r"\ba été (rachet|repris|acquis|absorb|cédé|vendu)\w*", re.IGNORECASE)
_CLOSED = re.compile(
    r"\b(finalis\w*|boucl\w*|désormais|conclu\w*|officialis\w*|vient de|viennent de|"
    rf"{_PASSIVE_DONE.pattern[2:]}|est devenu\w*|achev\w*|"
    # a court's choice of a bid: "le tribunal a retenu l'offre de X"
    r"(a|ont) (retenu|validé|homologué))",
    re.IGNORECASE,
)
_DONE_OPENING = re.compile(r"c['’]est (?:fait|chose faite)\W*$", re.IGNORECASE)
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


_CONTROL_WORDS = r"^(giron|escarcelle|pavillon|tutelle|coupe|drapeau|contr[ôo]le)$"
_PARTING = r"^(sépar|défai|défi)"  # se séparer de, se défaire de
ENTRY = "l'entrée au capital de"
# "le tour de table que vient de boucler X": the round told before the verb, the parse
# hanging them apart
ROUND_BEFORE = "le tour de table que boucle X"
_ROUND_NOUNS = frozenset(("tour", "levée", "série", "financement"))
_NOUN = ("NOUN", "PROPN")
# How a name hangs on the noun before it: "sous pavillon Nordfracht".
_NAME_DEPS = ("flat:name", "appos", "nmod")
# A deal's noun the tagger sometimes takes for a verb ("Unilever préparerait une offre").
_NOMINAL = (*_NOUN, "VERB")
_TAKE = r"^(pr(en|i|e)\w*|pris\w*)$"
TRIGGERS: tuple[Trigger, ...] = (
    Trigger("racheter", BUY, "acquisition", (_word(r"^rach[eè]t"),)),
    Trigger("acquérir", BUY, "acquisition", (_word(r"^acqu[iéè]"),)),
    Trigger("reprendre", BUY, "acquisition", (_word(r"^repr(en|i|e)"),)),
    Trigger("absorber", BUY, "acquisition", (_word(r"^absorb"),)),
    Trigger("croquer, avaler, annexer", BUY, "acquisition", (_word(r"^(croqu|aval|annex)"),)),
    Trigger("s'emparer de", BUY, "acquisition", _with(r"^empar", r"^(s['’]|se)$")),
    Trigger("s'adjuger", BUY, "acquisition", _with(r"^adjug", r"^(s['’]|se)$")),
    Trigger("jeter son dévolu sur", BUY, "acquisition", _with(r"^jet", r"^dévolu$")),
    Trigger("faire main basse sur", BUY, "acquisition", _with(r"^(f[ai]\w*|fera\w*)$", r"^main$")),
    Trigger("s'offrir", BUY, "acquisition", _with(r"^(offr|offert)", r"^(s['’]|se)$")),
    Trigger("mettre la main sur", BUY, "acquisition", _with(r"^(m[eiî]t|mis)", r"^main$")),
    Trigger("prendre le contrôle de", BUY, "acquisition", _with(_TAKE, r"^contr[ôo]le$")),
    Trigger("prendre une participation dans", BUY, "stake-purchase",
            _with(_TAKE, r"^(participation|part|parts|%|pourcent)$")),
    # "renforce sa position dans Y": a share raised, "dans" a company (not "sa position de
    # leader")
    Trigger("renforcer sa participation dans", BUY, "stake-purchase", (
        *_with(r"^(renfor|accro|augment)", r"^(participation|position|part|parts)$"),
        {"LEFT_ID": "noun", "REL_OP": ">", "RIGHT_ID": "owner", "RIGHT_ATTRS": {"DEP": "nmod"}},
        {"LEFT_ID": "owner", "REL_OP": ">", "RIGHT_ID": "in", "RIGHT_ATTRS": {"LOWER": "dans"}},
    )),
    Trigger("entrer au capital de", BUY, "stake-purchase", _with(r"^entr", r"^capital$")),
    Trigger("monter au capital de", BUY, "stake-purchase", _with(r"^mont", r"^capital$")),
    Trigger("sous le contrôle de, dans le giron de", CONTROL, "acquisition",
            (_word(_CONTROL_WORDS, _NOUN),)),
    Trigger("céder", SELL, "acquisition", (_word(r"^c[èée]d"),)),
    Trigger("vendre", SELL, "acquisition", (_word(r"^vend(?!ée|éen)"),)),  # not "vendéenne"
    Trigger("se séparer de, se défaire de", SELL, "acquisition",
            _with(_PARTING, r"^(s['’]|se)$")),
    Trigger("lever des fonds", FUND, "funding",
            _with(r"^l[eè]v", r"^(fonds|millions?|milliards?|euros?|€|\d.*)$")),
    Trigger("boucler un tour de table", FUND, "funding", _with(r"^boucl", r"^tour$")),
    Trigger(ROUND_BEFORE, FUND, "funding", (_word(r"^boucl"),)),
    Trigger("lancer une offre sur", OFFER, "takeover", _with(r"^lan[cç]", r"^(offre|opa|ope)$")),
    Trigger("déposer une offre sur", OFFER, "takeover", _with(r"^d[ée]pos", r"^(offre|opa|ope)$")),
    Trigger("fusionner avec", MERGE, "merger", (_word(r"^fusionn"),)),
    Trigger("convoler avec", MERGE, "merger", (_word(r"^convol"),)),
    Trigger(ENTRY, BUY, "stake-purchase", (_word(r"^(entrée|montée)s?$", _NOUN),)),
    # "X entre à son capital", the verb tagged as the preposition "entre"
    Trigger(ENTRY, BUY, "stake-purchase", (_word(r"^entre$", ("ADP",)),)),
    Trigger("le rachat de", BUY, "acquisition", (_word(r"^rachats?$", _NOMINAL),)),
    Trigger("l'acquisition de", BUY, "acquisition", (_word(r"^acquisitions?$", _NOMINAL),)),
    Trigger("la reprise de", BUY, "acquisition", (_word(r"^reprises?$", _NOMINAL),)),
    Trigger("l'absorption de", BUY, "acquisition", (_word(r"^absorptions?$", _NOMINAL),)),
    Trigger("la prise de contrôle de", BUY, "acquisition", (_word(r"^prises?$", _NOMINAL),)),
    Trigger("la cession de", SELL, "acquisition", (_word(r"^cessions?$", _NOMINAL),)),
    # not "ses ventes", a company's sales
    Trigger("la vente de", SELL, "acquisition", (_word(r"^vente$", _NOMINAL),)),
    Trigger("une offre sur", OFFER, "takeover", (_word(r"^(offres?|opa|ope)$", _NOMINAL),)),
    Trigger("la levée de fonds", FUND, "funding", (_word(r"^levées?$", _NOMINAL),)),
    Trigger("la fusion de", MERGE, "merger", (_word(r"^fusions?$", _NOMINAL),)),
)  # fmt: skip


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
    retold: list[Span] = field(default_factory=list)  # the sentences that tell it again
    # a round's funds' own shares after it, by acquirer key ("Garonne Ventures détient 18 %")
    stakes_of: dict[str, tuple[float, Span]] = field(default_factory=dict)

    def stake_after_of(self, acquirer: Party) -> tuple[float, Span] | None:
        """The share ``acquirer`` holds after the deal: its own, for one of a round's funds."""
        return self.stakes_of.get(acquirer.key) if self.stakes_of else self.stake_after


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
        if head.head.i == head.i:
            return None
        head = head.head
        if head.pos_ in ("VERB", "AUX"):
            return head
    return None


# Talks a sale is told through: "en négociations exclusives avec X pour la vente de Y".
_TALKS = re.compile(r"(négociation|discussion|pourparler)s?$")


# What makes an offer a bid: "offre de reprise", "offre d'achat".
_BIDS = frozenset(("reprise", "rachat", "achat", "acquisition", "rachats"))


def _aimed_at(offer: Token) -> list[Token]:
    """What an offer is on: "une offre (publique d'achat) sur Y", "visant Y"."""
    return [t for t in offer.subtree if _case(t) in ("sur", "visant") and t.i > offer.i]


def _after_opening(sentence: Any) -> Token | None:
    """The noun after a participle or "avec" opening a sentence ("Fondée en 2014 par A et
    B, l'enseigne compte ...", "Avec 230 salariés, le malteur livre ..."), which the parse
    often makes the sentence's root: the subject."""
    first = sentence[0]
    participle = first.pos_ == "VERB" and "Part" in first.morph.get("VerbForm")
    if not participle and first.lower_ not in ("avec", "fort", "forte", "forts", "fortes"):
        return None
    comma = next((t for t in sentence if t.text == ","), None)
    if comma is None:
        return None
    rest = sentence[comma.i - sentence.start + 1 :]
    subject = next(
        (t for t in rest if t.dep_.startswith("nsubj") and t.lower_ not in RELATIVES), None
    )
    # else the first name or description after a comma ("..., qui ..., la société compte")
    named = (t for t in rest if _after_comma(t) and (is_description(t) or name_like(t)))
    return subject or next(named, None)


def _after_comma(token: Token) -> bool:
    """Whether a word follows a comma, with or without a determiner between."""
    at = token.i - 1
    if at > 0 and token.doc[at].pos_ == "DET":
        at -= 1
    return at >= 0 and bool(token.doc[at].text == ",")


def _is_control(word: Token) -> bool:
    """Whether a deal's word is a control's ("sous le contrôle de", "dans le giron de")."""
    return word.pos_ in _NOUN and re.match(_CONTROL_WORDS, word.lower_) is not None


def _round_before(verb: Token) -> bool:
    """Whether a round's noun comes shortly before a verb in its sentence."""
    start = max(verb.sent.start, verb.i - 12)
    return any(t.lower_ in _ROUND_NOUNS for t in verb.doc[start : verb.i])


def _in_phrase_of(token: Token, cases: Iterable[str]) -> bool:
    """Whether a name hangs, through the words of a name, on a noun a preposition of
    ``cases`` introduces ("auprès de la holding Labat Finance")."""
    for _ in range(3):
        if token.dep_ not in _NAME_DEPS or token.head.i == token.i:
            return False
        token = token.head
        if _case(token) in cases:
            return True
    return False


_BUYING = re.compile(r"^(rach[eè]t|acqu[iéè]|repr(en|i|e)|absorb|croqu|aval|annex|empar|adjug)")


def _buys(verb: Token) -> bool:
    """Whether a verb buys ("rachète", "met la main sur", "prend le contrôle de")."""
    taking = any(c.lower_ in ("main", "contrôle", "controle") for c in verb.children)
    return verb.pos_ == "VERB" and (_BUYING.match(verb.lower_) is not None or taking)


def _possessives(noun: Token) -> list[Token]:
    """A noun's possessive determiners ("son", "ses", "leur")."""
    return [d for d in _deps(noun, "det") if "Poss=Yes" in str(d.morph)]


def _clause_subject(noun: Token) -> Token | None:
    """The subject of the verb a noun is the object or complement of, if not the noun."""
    verb = noun.head
    if noun.dep_ not in ("obj", "obl:arg", "obl:mod") or verb.pos_ not in ("VERB", "AUX"):
        return None
    subjects = _deps(verb, "nsubj")
    return subjects[0] if subjects else None


# Nouns that, with a possessive, stand for the company another did a deal with ("Son
# homologue ardennaise compte ...").
COUNTERPARTS = frozenset(("homologue", "partenaire", "alter ego", "voisin", "voisine"))


# Nouns of what a company has or does, never a company: what a figure's clause may have for
# its subject ("Le chiffre d'affaires atteint ...", "L'opération valorise ...").
_NOT_COMPANIES = frozenset(
    fold(word)
    for word in (
        "chiffre", "effectif", "résultat", "bénéfice", "perte", "vente", "revenu", "marge",
        "activité", "capital", "montant", "prix", "transaction", "opération", "argent",
        "somme", "valeur", "dette", "endettement", "croissance", "excédent", "production",
        "investissement", "plan", "projet", "accord", "offre", "rachat", "cession", "fusion",
        "rapprochement", "acquisition", "tour", "levée", "enveloppe", "carnet", "part",
        "participation", "action", "titre", "année", "exercice", "an", "mois", "fin", "moitié",
        "tiers", "quart", "total", "ensemble", "nombre", "région", "ville", "pays",
    )
)  # fmt: skip


def _company_like(token: Token, companies: Companies) -> bool:
    """A lowercase common noun with a definite determiner that names no metric or sum ("le
    tisserand", "l'entrepôt de Saint-Laurent"): what a figure's subject calls its company.
    Not one that says whose it is ("la division sécurité de Cyberis"): the name does."""
    word = fold(token.lower_)
    if token.pos_ != "NOUN" or not token.text.islower() or singular(word) in _NOT_COMPANIES:
        return False
    whose = [c for c in token.children if c.dep_ == "nmod" and c.text[:1].isupper()]
    if any(companies.at(*span_of(c)) or not told_as_place(c) for c in whose):
        return False
    return any(fold(d.lower_) in _DEFINITE for d in _deps(token, "det"))


def _bought(noun: Token) -> bool:
    """Whether a noun is what a verb buys, or whose capital or shares ("rachète la PME",
    "25 % du capital du tisseur")."""
    if noun.dep_ == "obj":
        return _buys(noun.head)
    return noun.dep_ == "nmod" and noun.head.lower_ in STAKE_NOUNS


def _said_before(token: Token, word: str) -> Token | None:
    """Where the article last used ``word`` (folded, singular) before ``token`` for a company
    it speaks of ("l'opérateur", "cette enseigne"; not "aucun autre opérateur"), if it did."""
    for before in reversed(token.doc[: token.i]):
        if singular(fold(before.lower_)) == word:
            dets = {fold(d.lower_) for d in _deps(before, "det", "case")}
            if dets & _DEFINITE:
                return before
    return None


# (with "du", "au": the article the preposition holds)
_DEFINITE = frozenset(
    ("le", "la", "l'", "l’", "les", "ce", "cet", "cette", "ces", "du", "des", "au", "aux")
)


def _deps(token: Token, *deps: str) -> list[Token]:
    return [c for c in token.children if c.dep_ in deps]


_CASE_FORMS = {"à": {"a", "au", "aux"}, "auprès": {"aupres"}}


def _holders(stake: Token) -> list[Token]:
    """Who holds a participation: its "de" that is no share ("les participations de Thales",
    not "la participation de 33 %")."""
    if not stake.lower_.startswith("participation"):
        return []
    return [n for n in _linked(stake, ["de"]) if n.lower_ not in STAKE_NOUNS and n.pos_ != "NUM"]


def _is_nominal(trigger: Trigger) -> bool:
    return "NOUN" in trigger.pattern[0]["RIGHT_ATTRS"]["POS"]["IN"]


class _Reader:
    """Reads the roles of the triggers of one sentence."""

    def __init__(self, companies: Companies, any_noun: bool = False) -> None:
        self.companies = companies
        # Whether any company-like noun stands for a company once a deal is told: so for the
        # subject of a figure ("Le tisserand bourguignon (85 salariés)"), which is a
        # company's, whatever word the article calls it by.
        self.any_noun = any_noun

    def party(self, token: Token | None, exclude: Iterable[str] = ()) -> Party | None:
        """The company a word stands for: a name, a name below it ("le groupe Legrand",
        "la société Netatmo"), or a pronoun, possessive or description of one named before."""
        if token is None:
            return None
        word = fold(token.lower_)
        after = token.doc[token.i + 1 : token.i + 3].text.replace(" ", "")
        if word in ("celle", "celui") and after in ("-ci", "-la", "-là"):
            word = f"{word}-ci"  # cut in three by the tokenizer: "Celle", "-", "ci"
        # "le Français", "l'Américain": a description, though it starts with a capital
        own = self.companies.at(*span_of(token))
        if own is None and word not in DEMONYMS and name_like(token):
            # its own name before a name the parse hung below it ("Verdier Participations,
            # ... d'Exalis Software", "Software" hung on "Participations")
            own = new_name(token)
        found = own or self._known(token) or (None if word in DEMONYMS else self._unknown(token))
        if found is None and (named := name_after(token)) is not None:
            found = self._known(named) or self._unknown(named)
        if found is not None:
            return found
        counterpart = self._counterpart(token)
        if counterpart is not None:
            return counterpart
        employer = self._employer(token)
        if employer is not None:
            return employer
        if token.lower_ in RELATIVES:
            # "X, qui rachète Y": what the clause hangs on; "l'offre de X, qui ...": its X;
            # else the company named last before it.
            noun = token.head.head if token.head.dep_ == "acl:relcl" else None
            if noun is None and token.i > 1 and token.doc[token.i - 1].text == ",":
                noun = token.doc[token.i - 2]  # "Le groupe allemand, qui ...", parsed apart
                noun = noun.head if noun.dep_ == "amod" else noun
            if noun is not None and noun.idx < token.idx:
                found = self.party(noun, exclude) or next(
                    (p for n in _linked(noun, ["de"]) if (p := self.party(n, exclude))), None
                )
            return found or self.companies.before(token.idx, exclude)
        possessive = token.dep_ == "det" and "Poss=Yes" in str(token.morph)
        # "tenté de la racheter": an object pronoun
        clitic = token.pos_ == "PRON" and word in ("la", "le", "l'", "l’") and token.dep_ == "obj"
        known = singular(word) in self.companies.described
        told = self.companies.deal_before(token.sent.start_char)
        some_noun = self.any_noun and told is not None and _company_like(token, self.companies)
        described = singular(word) if is_description(token) or known or some_noun else ""
        referent: Party | None = None
        if described and not known and told is not None:
            # a description used before stands for what it stood for then ("... 85 % de
            # l'enseigne. L'enseigne emploie ..."); else, once a deal is told, for its target
            earlier = _said_before(token, described)
            buying = token.dep_.startswith("nsubj") and _buys(token.head)
            if earlier is None:
                # the acquirer for "le groupe", or when it buys ("... met ainsi la main sur")
                referent = told[0] if described in ACQUIRER_WORDS or buying else told[1]
            elif not self.companies.tells_a_deal(earlier.idx):
                if earlier.idx >= told[1].span[1]:
                    referent = self.party(earlier, exclude)
            elif self.companies.deal_told_at(earlier.idx) == told and _bought(earlier):
                # what the deal's own sentence bought ("25 % du capital du tisseur ardéchois")
                referent = told[1]
        # "il annonce son entrée": the subject's own; not "sa participation", which its
        # holder sells, nor "son capital", which a buyer takes
        own_act = possessive and not self._is_stake(token.head)
        if referent is None and own_act and (subject := _clause_subject(token.head)):
            referent = self.party(subject, exclude)
        # "Elle a réalisé ...", "Son chiffre d'affaires a atteint ...": what the sentence
        # before was about
        leads = token.dep_.startswith("nsubj") or (
            possessive and token.head.dep_.startswith("nsubj") and token.head.head.dep_ == "ROOT"
        )
        if referent is None and word in ("il", "elle") and leads:
            # "X, filiale de Y, cherchait à ..., où il compte ...": the sentence's subject
            root = token.sent.root
            main = [s for s in _deps(root, "nsubj", "nsubj:pass") if s.i < token.i]
            referent = self.party(main[0], exclude) if main else None
        if referent is None and (word in ("il", "elle") or possessive) and leads:
            referent = self._previous_subject(token)
        if referent is not None and referent.key not in set(exclude):
            return referent
        if word in PRONOUNS or described or word in DEMONYMS or possessive or clitic:
            # "Le groupe, qui ...", "La société a ..." opening a sentence: its subject
            opens = described and token.i - token.sent.start <= 2
            latter = word in LATTER  # "celle-ci", "ce dernier": the one named last
            subject = (token.dep_.startswith("nsubj") or bool(opens)) and not latter
            place = place_adjective(token) if described else ""
            return self.companies.before(token.idx, exclude, subject, described, place)
        return None

    def _previous_subject(self, pronoun: Token) -> Party | None:
        """The company the sentence before a pronoun's was about: its main verb's subject
        ("L'établissement emploie 420 personnes. Il a dégagé ..." → the établissement)."""
        sentence = pronoun.sent
        if sentence.start == 0:
            return None
        before = pronoun.doc[sentence.start - 1].sent
        root = before.root
        verbs = [root, *(c for c in root.children if c.dep_ == "conj" and c.pos_ == "VERB")]
        subjects = [s for verb in verbs for s in _deps(verb, "nsubj", "nsubj:pass")]
        # "X, qui diffuse ..., revendique ...", parsed with X (or "La banque") as the root
        if not subjects and (name_like(root) or _company_like(root, self.companies)):
            subjects = [root]
        subject = subjects[0] if subjects else _after_opening(before)
        return self.party(subject) if subject is not None else None

    def _employer(self, noun: Token) -> Party | None:
        """The company a record ties a person to, for a description of it through them
        ("l'opérateur de Patrick Drahi")."""
        if not is_description(noun):
            return None
        for person in _linked(noun, ["de"]):
            company = self.companies.employers.get(span_of(person)[0])
            if company is not None:
                return Party(company, span_of(noun), noun.text)
        return None

    def _counterpart(self, noun: Token) -> Party | None:
        """The other company of a deal, for "son homologue", "sa future partenaire": the
        one the company the sentence before was about did the deal with, else the company
        named last before the noun but that one."""
        if singular(fold(noun.lower_)) not in COUNTERPARTS or not _possessives(noun):
            return None
        named = [a for a in _deps(noun, "appos", "conj") if a.text[:1].isupper()]
        if named:  # "Sa voisine de Surgères, Terres d'Aunis, affiche ..."
            return self.party(named[0])
        owner = self._previous_subject(noun)
        if owner is None:
            return None
        for _sentence, acquirer, target in reversed(self.companies.deals):
            if owner.key in (acquirer.key, target.key):
                return target if owner.key == acquirer.key else acquirer
        return self.companies.before(noun.idx, [owner.key])

    def _known(self, token: Token, depth: int = 0) -> Party | None:
        """A company of the archive or of this article named by the word or a name below it."""
        found = self.companies.at(*span_of(token))
        if found is not None or depth > 2:
            return found
        for child in _name_children(token):
            found = self._known(child, depth + 1)
            if found is not None:
                return found
        return None

    def _unknown(self, token: Token, depth: int = 0) -> Party | None:
        """A name nobody has recorded, the word's own or one below it."""
        if token.pos_ in ("PRON", "DET", "ADP", "CCONJ", "SCONJ", "ADV"):
            return None
        if name_like(token):
            found = new_name(token)
            if found is not None and fold(found.name) not in self.companies.not_names:
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
        sentence = token.sent
        # "Ouest Médias et Centre Presse", the parse joining other words; not a name the word
        # referred back to ("Sa partenaire": "A et B" is in another sentence)
        if len(found) == 1 and sentence.start_char <= found[0].span[0] < sentence.end_char:
            before, after = self._paired(found[0], token.doc)
            found = [p for p in (before, found[0], after) if p is not None]
            found = [p for n, p in enumerate(found) if all(p.key != q.key for q in found[:n])]
        return found

    def _paired(self, party: Party, doc: Any) -> tuple[Party | None, Party | None]:
        """The names joined to a name by "et" in the text, before it and after it."""
        span = doc.char_span(party.span[0], party.span[1], alignment_mode="expand")
        if span is None:
            return None, None
        pair: list[Party | None] = []
        for joint, other in ((span.start - 1, span.start - 2), (span.end, span.end + 1)):
            inside = 0 <= other < len(doc) and doc[joint].lower_ == "et"
            word = doc[other] if inside else None
            if word is not None and word.pos_ == "DET" and other + 1 < len(doc) and other > joint:
                word = name_after(doc[other + 1])  # "A et le fonds B"
            named = word is not None and word.text[:1].isupper()
            pair.append((self._known(word) or self._unknown(word)) if named else None)
        return pair[0], pair[1]

    def subject(self, verb: Token) -> Token | None:
        """A verb's subject, or its governing verb's ("Orange veut racheter X"), or for an
        infinitive, the governing verb's object ("autoriser X à acquérir Y", "permettre à X
        de racheter Y")."""
        for _ in range(3):
            # "Il s'est adjugé Y": the parse calls the pronoun of a pronominal verb expletive
            subjects = _deps(verb, "nsubj", "nsubj:pass", "expl:subj")
            if subjects:
                return subjects[0]
            infinitive = "Inf" in verb.morph.get("VerbForm") and verb.dep_ in ("xcomp", "advcl")
            told = _deps(verb.head, "obj", "iobj") if infinitive else []
            if told and told[0].i < verb.i and self.party(told[0]) is not None:
                return told[0]
            if verb.dep_ in ("amod", "acl") and verb.pos_ == "ADJ":
                return verb.head  # a verb the tagger took for an adjective: "X fusionne avec"
            if (
                verb.dep_ in ("xcomp", "ccomp", "advcl", "conj", "acl", "obj")
                and verb.head.i != verb.i
            ):
                verb = verb.head
            else:
                break
        return None

    def doers(self, verb: Token, exclude: Iterable[str] = (), people: bool = True) -> list[Party]:
        """The companies a verb's subject names, or the subject of a verb it depends on
        ("Orange a confirmé que des négociations sont en cours pour acquérir Y"); when none
        names one (a subject the parse got wrong, "La start-up Qonto"), the first name of the
        sentence before the verb (not a person's, without ``people``)."""
        start, end = sentence_around(self.companies.text, verb.idx)
        subject = self.subject(verb)
        inside = subject is not None and start <= subject.idx < end
        found = self.parties(subject, exclude) if inside else []
        head = verb
        for _ in range(4):  # not beyond the sentence: the parser sometimes joins two
            if found or head.head.i == head.i or not start <= head.head.idx < end:
                break
            head = head.head
            subjects = _deps(head, "nsubj", "nsubj:pass")
            found = self.parties(subjects[0], exclude) if subjects else []
        for token in verb.doc[: verb.i]:
            if found:
                break
            if token.idx < start or (not people and in_persons_name(token)) or told_as_place(token):
                continue
            if self.companies.at(*span_of(token)) or token.ent_type_ or token.pos_ == "PROPN":
                found = self.parties(token, exclude)
        return found

    def stake_told_in(self, verb: Token, bought: Token, exclude: list[str]) -> Party | None:
        """The company of another stake the verb's sentence names ("sa participation dans
        Y"), for a stake bought without saying whose it is."""
        for token in verb.sent:
            if token.i != bought.i and self._is_stake(token):
                for owner in _linked(token, ["dans", "de", "au sein de"]):
                    party = self.party(owner, exclude)
                    if party is not None and party.key not in exclude:
                        return party
        return None

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
            if _in_phrase_of(token, ("aupres", "a", "au", "aux", "par")):
                continue  # "auprès de la holding Labat Finance": a seller's, a buyer's
            party = self._known(token) or self._unknown(token)
            if party is not None and party.key not in exclude:
                return party
        return None

    def named_after(self, word: Token, case: str, exclude: Iterable[str] = ()) -> Party | None:
        """The first name a preposition introduces after a deal's word in its sentence ("à",
        "par", "avec", "dans", "sur", "auprès de"): for when the parse hangs the name on
        another word ("vendu sa filiale X, qui publie six titres, au groupe Y"); a
        a description stands for a company named before, as anywhere ("dans la marque")."""
        excluded = set(exclude)
        _start, end = sentence_around(self.companies.text, word.idx)
        forms = _CASE_FORMS.get(case, {case})
        doc = word.doc
        for token in doc[word.i + 1 :]:
            if token.idx >= end:
                break
            if fold(token.lower_) not in forms:
                continue
            for follower in doc[token.i + 1 : token.i + 4]:
                if follower.pos_ == "DET" or fold(follower.lower_) in ("de", "du", "des"):
                    continue
                party = self.party(follower, excluded)
                if party is not None and party.key not in excluded:
                    return party
                break
        return None

    def in_favour_of(self, word: Token) -> Party | None:
        """Who a sale goes to "au profit de" after its word in its sentence ("le plan de
        cession de Y au profit de X")."""
        end = sentence_around(self.companies.text, word.idx)[1]
        for token in word.doc[word.i + 1 :]:
            if token.idx >= end:
                break
            if token.lower_ == "profit" and word.doc[token.i - 1].lower_ == "au":
                named = _linked(token, ["de", "d'", "d’", "du", "des"])
                return self.party(named[0]) if named else None
        return None

    def doer(self, verb: Token, exclude: Iterable[str] = ()) -> Party | None:
        return next(iter(self.doers(verb, exclude)), None)

    def read(self, trigger: Trigger, word: Token, noun: Token | None) -> DealReading | None:
        if noun is not None and noun.text[:1].isupper() and not noun.is_sent_start:
            return None  # "entré en négociations avec Arbois Capital": a name's word
        reading = DealReading(trigger.name, trigger.kind, span_of(word))
        moving = re.match(r"^(entr|mont|pass|tomb|arriv|revien)", word.lower_) is not None
        # "est repris par", not "a racheté" (whose subject the parse may call passive) nor
        # "est entré au capital" (a verb of motion takes "être").
        passive = bool(_deps(word, "obl:agent")) or (not moving and bool(_deps(word, "aux:pass")))
        made_to = any(
            c.lower_ in ("fait", "faire", "fais", "font", "faisait") for c in word.children
        )
        if trigger.name == ENTRY:
            self.entry(reading, word)
        elif word.pos_ in _NOUN or _is_nominal(trigger):
            if word.pos_ not in _NOUN and not _deps(word, "det", "case"):
                return None  # the verb "offre", not the noun ("une offre", "projet d'offre")
            self.nominal(reading, trigger, word)
        elif trigger.frame == BUY:
            self.buy(reading, word, noun, passive or made_to)
        elif trigger.frame == SELL:
            self.sell(reading, word, passive)
        elif trigger.frame == FUND:
            if trigger.name == ROUND_BEFORE and not _round_before(word):
                return None
            # "que vient de boucler X": a subject after its verb
            reading.target = self.doer(word) or self.first_name_after(word, [])
            reading.acquirers = self.funders(word)
        elif trigger.frame == OFFER:
            reading.acquirers = self.doers(word)
            acquirers = [p.key for p in reading.acquirers]
            on = _aimed_at(noun) if noun is not None else []
            reading.target = self.party((on or _linked(word, ["sur"]) or [None])[0], acquirers)
            reading.target = reading.target or self.named_after(noun or word, "sur", acquirers)
        elif trigger.frame == MERGE:
            subject = self.subject(word)
            joined = self.doers(word)
            partners = _linked(word, ["avec"]) or (_linked(subject, ["avec"]) if subject else [])
            partner = self.parties(partners[0] if partners else None) or _some(
                self.named_after(word, "avec", [p.key for p in joined])
            )
            together = joined + partner
            reading.acquirers = together[:1]
            reading.target = together[1] if len(together) > 1 else None
        if reading.target is not None:
            reading.acquirers = [p for p in reading.acquirers if p.key != reading.target.key]
        whole = bool(reading.acquirers) and reading.target is not None
        # A sale told without its buyer or what is sold ("Ses investisseurs ont cédé leurs
        # parts") still names sellers, for the deal it belongs to; a round told without its
        # funds may name them in the next sentence ("Ce tour est mené par A") (``read_deals``).
        # (or a buy told without what is bought: "X a racheté 30 % supplémentaires auprès de Z")
        sale = trigger.frame in (SELL, BUY) and bool(reading.sellers)
        round_ = trigger.frame == FUND and reading.target is not None
        return reading if whole or sale or round_ else None

    def buy(self, reading: DealReading, word: Token, noun: Token | None, passive: bool) -> None:
        """X rachète Y (à Z / auprès de Z); Y est racheté par X; Y se fait racheter par X;
        X prend le contrôle de Y / une participation dans Y / entre au capital de Y."""
        obj: Token | None = None
        if passive:
            agents = _deps(word, "obl:agent") or _linked(word, ["par"])
            reading.acquirers = self.parties(agents[0] if agents else None)
            if not reading.acquirers:
                reading.acquirers = _some(self.named_after(word, "par"))
            reading.target = self.doer(word, [p.key for p in reading.acquirers])
        else:
            reading.acquirers = self.doers(word)
            acquirers = [p.key for p in reading.acquirers]
            if noun is not None and noun.pos_ in _NOUN:  # not the "se" of "s'offrir"
                # "le contrôle de Y", "une participation dans Y", "son dévolu sur Y"
                reading.target = (
                    self.owner(noun, acquirers, ["de", "dans", "au sein de", "sur"])
                    or self.owner(word, acquirers, ["de", "dans", "sur"])
                    or self.of_it(word, acquirers)
                )
            else:
                objects = _deps(word, "obj") or [  # "s'offrir Y", parsed without an object
                    c
                    for c in word.children
                    if c.dep_ in ("obl:arg", "obl:mod", "nmod") and not _case(c)
                ]
                # "s'emparer de Y": the object a pronominal verb takes by "de"
                objects = objects or _linked(word, ["de"])
                obj = objects[0] if objects else None
                reading.target = self.target_of(obj, acquirers)
                if reading.target is None and obj is not None and self._is_stake(obj):
                    # "rachète les 30 % détenus par Z dans Y", "dans Y" hung on the verb
                    within = _linked(word, ["dans", "au sein de"])
                    reading.target = self.party(within[0], acquirers) if within else None
                    reading.target = reading.target or self.named_after(word, "dans", acquirers)
                    # "Il a porté sa participation dans Y à 75 % en rachetant la part ..."
                    reading.target = reading.target or self.stake_told_in(word, obj, acquirers)
                    # "X, qui en a racheté la totalité du capital"
                    reading.target = reading.target or self.of_it(word, acquirers)
                reading.target = reading.target or self.first_name_after(word, acquirers)
                if obj is not None:
                    self.held_by(reading, obj)
        sellers = _linked(word, ["auprès", "aupres", "à", "au", "aux"])
        if obj is not None and self._is_stake(obj):  # "racheté 51 % du capital de Y à Z"
            sellers += _linked(obj, ["auprès", "aupres", "à"])
        for seller in sellers:
            if told_as_place(seller) and seller.doc[seller.i - 2].text == ",":
                continue  # "la Clinique Saint-Rémi, à Nîmes, auprès de ...": where it is
            for party in self.parties(seller):
                reading.sellers.append((party, None))

    def of_it(self, verb: Token, exclude: list[str]) -> Party | None:
        """What "en" stands for ("X en prend 30 %"): the company named before."""
        told = [c for c in verb.children if c.lower_ == "en" and c.pos_ == "PRON"]
        before = verb.doc[verb.i - 1] if verb.i > 0 else None
        if not told and before is not None and before.lower_ == "en" and before.head == verb:
            told = [before]  # "en prend 30 %", "en" parsed as a preposition
        return self.companies.before(told[0].idx, exclude) if told else None

    def owner(
        self, noun: Token, exclude: list[str], cases: Iterable[str] = ("de", "dans", "au sein de")
    ) -> Party | None:
        """The company a share, a control or a capital is of: "de Y", "dans Y", "son"."""
        for of in _linked(noun, cases):
            found = self.target_of(of, exclude) if self._is_stake(of) else self.party(of, exclude)
            if found is not None:
                return found
        whose = _possessives(noun)
        return self.party(whose[0], exclude) if whose else None

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
        holders = _holders(obj)
        for noun in inside:
            if noun in holders:
                continue  # "les participations de Thales": Thales sells, it is not bought
            if is_description(obj) and told_as_place(noun):
                continue  # "l'entreprise d'Ambérieu-en-Bugey": where it is, not who
            if self._is_stake(noun):
                deeper = self.target_of(noun, exclude)
                if deeper is not None:
                    return deeper
            found = self.party(noun, exclude)
            if found is not None:
                return found
        if self._is_stake(obj):  # "100 % de son capital"
            owners = _possessives(obj)
            return self.party(owners[0], exclude) if owners else None
        return direct  # (a name hung below a share is whose share it is, not what is bought)

    @staticmethod
    def _is_stake(token: Token) -> bool:
        return token.lower_ in STAKE_NOUNS

    def sell(self, reading: DealReading, word: Token, passive: bool) -> None:
        """Z cède Y à X; Y est cédé à X (par Z); Z et W ont cédé leurs parts."""
        buyers = _linked(word, ["à", "au", "aux"])
        reading.acquirers = self.parties(buyers[0] if buyers else None) or _some(
            self.named_after(word, "à") or self.in_favour_of(word)
        )
        given = word.dep_ == "xcomp" and word.head.lower_ in ("vu", "vue", "vus", "vues")
        if given:  # "X s'est vu céder 20 % de Y par Z": X takes, Z gives
            reading.acquirers = reading.acquirers or self.doers(word)
            acquirers = [p.key for p in reading.acquirers]
            agents = _deps(word, "obl:agent") or _linked(word, ["par"])
            sellers = self.parties(agents[0], acquirers) if agents else []
            sellers = sellers or _some(self.named_after(word, "par", acquirers))
            objects = _deps(word, "obj")
            excluded = [*acquirers, *(p.key for p in sellers)]
            reading.target = self.target_of(objects[0] if objects else None, excluded)
        elif passive:
            acquirers = [p.key for p in reading.acquirers]
            reading.target = self.doer(word, acquirers)
            agents = _deps(word, "obl:agent")
            sellers = self.parties(agents[0] if agents else None, acquirers)
        else:
            sellers = self.doers(word)
            if not reading.acquirers:  # "Z lui a cédé 70 %": the one told before
                told = _deps(word, "iobj")
                excluded = [p.key for p in sellers]
                reading.acquirers = _some(self.party(told[0], excluded) if told else None)
            acquirers = [p.key for p in reading.acquirers]
            sellers = [p for p in sellers if p.key not in acquirers]
            objects = _deps(word, "obj")
            if re.match(_PARTING, word.lower_):  # "se séparer de Y": what it parts with, by "de"
                objects = [*_linked(word, ["de", "du", "des"]), *objects]
            excluded = [*acquirers, *(p.key for p in sellers)]
            reading.target = self.target_of(objects[0] if objects else None, excluded)
        for seller in sellers:
            if reading.target is None or seller.key != reading.target.key:
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
            # "sous le contrôle de X", "sous pavillon X"
            holders = _linked(noun, ["de"]) or [
                c for c in noun.children if c.dep_ in _NAME_DEPS and c.text[:1].isupper()
            ]
            reading.acquirers = self.parties(holders[0] if holders else None)
            excluded = [p.key for p in reading.acquirers]
            reading.target = self.doer(noun.head, excluded) if noun.head.i != noun.i else None
            return
        if trigger.frame == MERGE:
            between = _linked(noun, ["entre", "de", "avec"])
            together = [p for t in between for p in self.parties(t)]
            verb = _governing_verb(noun)
            if len(together) < 2 and verb is not None:  # "X et Y ont conclu un accord de fusion"
                together = [*self.doers(verb), *together]
            if len(together) < 2:  # "les actionnaires de X et de Y ont approuvé la fusion"
                sentence = sentence_around(self.companies.text, noun.idx)
                together += self.names_in(noun.doc, sentence, [p.key for p in together])
            reading.acquirers = together[:1]
            reading.target = together[1] if len(together) > 1 else None
            return
        if trigger.frame == OFFER:
            # "l'offre de reprise déposée par X pour Y": who made it, and what it is for
            clauses = _deps(noun, "acl", "acl:relcl")
            agents = [a for c in clauses for a in _deps(c, "obl:agent") or _linked(c, ["par"])]
            by = by or agents
            reading.acquirers = self.parties(by[0] if by else self.governing_subject(noun))
            bid = bool(agents) or any(fold(c.lower_) in _BIDS for c in _deps(noun, "nmod"))
            if not reading.acquirers and bid:
                # "l'offre de reprise du groupe X pour Y": the bidder, by "de" after the bid
                linked = [
                    *_linked(noun, ["de"]),
                    *(b for c in _deps(noun, "nmod") for b in _linked(c, ["de"])),
                ]
                bidders = [b for b in linked if fold(b.lower_) not in _BIDS]
                reading.acquirers = self.parties(bidders[0] if bidders else None)
            if not reading.acquirers and noun.head.pos_ in ("VERB", "AUX"):
                # "Unilever préparerait une offre", the offer parsed as the subject
                reading.acquirers = self.doers(noun.head)
            root = noun.sent.root
            if not reading.acquirers and root.pos_ in ("VERB", "AUX") and root.i < noun.i:
                # "X a annoncé le dépôt d'un projet d'offre sur Y", the nouns between parsed
                # every which way: the sentence's subject
                reading.acquirers = self.doers(root)
            acquirers = [p.key for p in reading.acquirers]
            # "pour Y" only for a bid ("offre de reprise", "déposée par X"): "notre offre pour
            # les opérateurs" is what a company sells
            for_ = [t for c in [noun, *clauses] for t in _linked(c, ["pour"])] if bid else []
            on = _aimed_at(noun) or for_
            reading.target = self.target_of(on[0] if on else None, acquirers) or self.named_after(
                noun, "sur", acquirers
            )
            if reading.target is None and bid:  # "pour Y" hung on the verb
                reading.target = self.named_after(noun, "pour", acquirers)
            return
        sell = trigger.frame == SELL
        buyers = to if sell else by
        possessive = _possessives(noun)
        verb = noun.head if noun.head.pos_ in ("VERB", "AUX") else None
        if not buyers and not sell and verb is not None and not _deps(verb, "aux:pass"):
            buyers = _linked(verb, ["par"])  # "a validé la reprise de Y par X", "par X" on the verb
        if buyers:
            reading.acquirers = self.parties(buyers[0])
        elif not sell:
            reading.acquirers = self.parties(self.governing_subject(noun))
        if not reading.acquirers:
            reading.acquirers = _some(self.named_after(noun, "à" if sell else "par"))
        if not reading.acquirers and sell:
            reading.acquirers = _some(self.in_favour_of(noun))
        if not reading.acquirers and sell and verb is not None:
            # "est entré en négociations exclusives avec X pour la vente de Y"
            talks = [c for c in verb.children if _TALKS.match(c.lower_)]
            partners = [t for c in talks for t in _linked(c, ["avec"])]
            reading.acquirers = self.parties(partners[0]) if partners else []
        seller = None
        if sell:
            buying = [p.key for p in reading.acquirers]
            seller = self.party(by[0] if by else self.governing_subject(noun), buying)
        # what is sold is neither who buys nor who sells
        acquirers = [p.key for p in [*reading.acquirers, *_some(seller)]]
        if of:
            stake = self._is_stake(of[0])
            reading.target = (
                self.target_of(of[0], acquirers) if stake else self.party(of[0], acquirers)
            )
            if stake:
                self.held_by(reading, of[0])
            if reading.target is None and stake:
                holders = [p.key for p, _ in reading.sellers]
                reading.target = self.named_after(noun, "dans", [*acquirers, *holders])
            if not stake:
                self.held_by(reading, of[0])
        elif possessive:
            reading.target = self.party(possessive[0], acquirers)
        if seller is not None:
            reading.sellers.append((seller, None))
        for holder in _linked(noun, ["auprès"]):
            for party in self.parties(holder):
                reading.sellers.append((party, None))

    def entry(self, reading: DealReading, word: Token) -> None:
        """ "X annonce son entrée (à hauteur de 35 %) au capital de Y", "la montée de X au
        capital de Y", "X entre à son capital": whoever enters, into the company whose
        capital follows."""
        end = sentence_around(self.companies.text, word.idx)[1]
        following = word.doc[word.i + 1 : word.i + 14]
        capital = next((t for t in following if t.lower_ == "capital" and t.idx < end), None)
        if capital is None:
            return
        if word.pos_ in _NOUN:
            whose = _possessives(word)
            whose += [t for t in _linked(word, ["de", "du", "des"]) if t.i < capital.i]
            reading.acquirers = self.parties(whose[0]) if whose else []
            reading.acquirers = reading.acquirers or self.parties(self.governing_subject(word))
        elif word.i + 1 < len(word.doc) and word.doc[word.i + 1].lower_ in ("à", "au"):
            reading.acquirers = self.doers(word)
        acquirers = [p.key for p in reading.acquirers]
        reading.target = self.owner(capital, acquirers, ["de", "du", "des"]) or self.named_after(
            capital, "de", acquirers
        )

    def held_by(self, reading: DealReading, stake: Token) -> None:
        """ "la participation de 33 % détenue par Z", "les participations de Z": Z sells."""
        agents = [
            agent
            for clause in _deps(stake, "acl", "acl:relcl")
            for agent in _deps(clause, "obl:agent") or _linked(clause, ["par"])
        ]
        taken = {p.key for p, _ in reading.sellers}
        for holder in [*agents, *_holders(stake)]:
            for party in self.parties(holder):
                mine = reading.target is not None and party.key == reading.target.key
                if not mine and party.key not in taken:
                    reading.sellers.append((party, None))
                    taken.add(party.key)

    def governing_subject(self, noun: Token) -> Token | None:
        """The subject of the verb a deal noun depends on ("Orange annonce le rachat de X"),
        through the nouns between ("annonce le lancement d'une offre sur X")."""
        head, below = noun.head, noun
        for _ in range(2):  # only through a noun's complement: "le lancement d'une offre"
            if below.dep_ != "nmod" or head.pos_ != "NOUN" or head.head.i == head.i:
                break
            head, below = head.head, head
        if head.i == noun.i or head.pos_ not in ("VERB", "AUX"):
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
        for party in self.listed_after(word):
            if all(p.key != party.key for p in found):
                found.append(party)
        return found

    def names_in(self, doc: Any, sentence: Span, exclude: Iterable[str]) -> list[Party]:
        """The companies a sentence of ``doc`` names, in order, but for people and places."""
        excluded = set(exclude)
        found: list[Party] = []
        for token in doc:
            if not sentence[0] <= token.idx < sentence[1] or not token.text[:1].isupper():
                continue
            if in_persons_name(token) or told_as_place(token) or not name_like(token):
                continue
            party = self._known(token) or self._unknown(token)
            if party is None or is_authority(party.name):
                continue
            if party.key not in excluded | {p.key for p in found}:
                found.append(party)
        return found

    def listed_after(self, word: Token) -> list[Party]:
        """The names listed after "auprès de" in the text's order, past a relative clause
        ("auprès d'A, qui mène le tour, de B et de C"), when the parse hangs them elsewhere."""
        _start, end = sentence_around(self.companies.text, word.idx)
        doc = word.doc
        found: list[Party] = []
        listing = False
        for token in doc[word.i + 1 :]:
            if token.idx >= end or token.lower_ in ("pour", "afin", "dont", "soit"):
                break
            if token.lower_ == "auprès":
                listing = True
            elif listing and token.text[:1].isupper() and name_like(token):
                introduced = doc[token.i - 1].lower_
                if introduced in (*OF_WORDS, "et", ",") or doc[token.i - 1].pos_ == "DET":
                    party = self._known(token) or self._unknown(token)
                    if party is not None and all(p.key != party.key for p in found):
                        found.append(party)
        return found


def _some(party: Party | None) -> list[Party]:
    return [party] if party is not None else []


def _name_children(token: Token) -> list[Token]:
    """The words below a noun that may name what it is: "le groupe Legrand", "la société
    Netatmo", "BT Ignite" (not "de", "par" and the like, which name something else)."""
    return [
        c
        for c in token.children
        if c.dep_ in ("flat:name", "flat", "appos", "compound", "nmod", "amod")
        and (c.dep_ != "nmod" or not _case(c))
        and not (c.ent_type_ == "LOC" and c.i > 0 and c.doc[c.i - 1].lower_ in OF_WORDS)
    ]  # not a place: "la laiterie d'Albertville"


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
    sales: list[DealReading] = []  # sales told without a buyer or without what is sold
    rounds: list[DealReading] = []  # rounds told without their funds
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
        _sold_by(reading, companies)
        _read_stakes(reading, text)
        _read_amount(reading, text)
        if reading.kind == "funding" and not reading.acquirers:
            rounds.append(reading)
            continue
        if not reading.acquirers or reading.target is None:
            sales.append(reading)
            continue
        same = next((other for other in found if _same_deal(reading, other)), None)
        if same is None:
            found.append(reading)
        else:  # told again ("Le groupe a acquis la participation détenue par Z"): what it adds
            same.retold.append(reading.sentence)
            same.sellers = same.sellers or reading.sellers
            same.stake_words = same.stake_words or reading.stake_words
            same.stake_after = same.stake_after or reading.stake_after
            same.amount = same.amount or reading.amount
    for sale in sales:
        _add_sellers(sale, found)
    found += _funds_elsewhere(rounds, found, reader, doc)
    found.sort(key=lambda r: r.trigger[0])
    for reading in found:
        for party in [*reading.acquirers, *([reading.target] if reading.target else [])]:
            companies.add(party)
        if reading.acquirers and reading.target is not None:
            # for the figures' sentences after it (not for the deals': their subject acts)
            for sentence in (reading.sentence, *reading.retold):
                companies.told_deal(sentence, reading.acquirers[0], reading.target)
    _amounts_elsewhere(found, text)  # a price told outranks a price kept quiet
    _undisclosed_elsewhere(found, text)
    _closed_elsewhere(found, text)
    _stakes_elsewhere(found, text)
    _sellers_elsewhere(found, companies)
    return found


# A sentence naming a round's funds: "Ce tour est mené par A, accompagné par B", "A mène
# cette série B, aux côtés de B et de C", "Le tour de table réunit A et B".
_ROUND_TOLD = re.compile(
    r"\b(tour|série|levée|round|financement|opération)\b.*\b(men[ée]\w*|mène\w*|conduit\w*|"
    r"pilot\w*|accompagn\w*|aux côtés|particip\w*|réuni\w*|souscri\w*)"
    r"|\b(men[ée]\w*|mène\w*|conduit\w*|pilot\w*|particip\w*|compl[èé]t\w*)\b.*"
    r"\b(tour|série|levée|round|financement)\b"
    r"|\b(remet\w*|remis) au pot\b|\bréinvesti\w*",
    re.IGNORECASE,
)


def _funds_elsewhere(
    rounds: list[DealReading], deals: list[DealReading], reader: _Reader, doc: Any
) -> list[DealReading]:
    """Rounds whose funds the round's own sentence does not name take them from the next
    sentences that say who leads or joins the round, and the rounds found so take more funds
    from such sentences too."""
    text = reader.companies.text
    told: list[DealReading] = []
    for reading in [*rounds, *(d for d in deals if d.kind == "funding")]:
        start = reading.sentence[1]
        for _ in range(2):  # the next two sentences
            while start < len(text) and text[start].isspace():
                start += 1
            if start >= len(text):
                break
            sentence = sentence_around(text, start)
            words = text[sentence[0] : sentence[1]]
            if _ROUND_TOLD.search(words) and reading.target is not None:
                for party in reader.names_in(doc, sentence, [reading.target.key]):
                    if all(p.key != party.key for p in reading.acquirers):
                        reading.acquirers.append(party)
            start = sentence[1]
        if reading in rounds and reading.acquirers:
            told.append(reading)
    return told


def _add_sellers(sale: DealReading, deals: list[DealReading]) -> None:
    """The sellers of a sale told apart (without its buyer, or without what was sold) go to
    the deal it is part of: the one on the same company, else by the same buyer, else (for
    a sale that does not say what was sold) the deal told last before it. A share it gives
    is what each seller sold."""
    target = sale.target.key if sale.target else None
    buyers = {p.key for p in sale.acquirers}
    deal = (
        next((d for d in deals if target and d.target and d.target.key == target), None)
        or next((d for d in deals if buyers & {p.key for p in d.acquirers}), None)
        or (None if target else _told_last_before(deals, sale.sentence[0]))
    )
    if deal is None or deal.target is None:
        return
    taken = {p.key for p, _ in deal.sellers} | {p.key for p in deal.acquirers} | {deal.target.key}
    sold = sale.stake_after
    given = False  # whether a seller's stake is the share the sale tells
    for seller, stake in sale.sellers:
        if seller.key not in taken:
            given = given or (stake is None and sold is not None)
            deal.sellers.append((seller, stake if stake is not None else sold and sold[0]))
            taken.add(seller.key)
    if sold is not None and given:
        deal.stake_words.append(sold[1])
    if deal.amount is None and sale.amount is not None:
        deal.amount = sale.amount  # "a racheté 30 % supplémentaires ... pour 12 M€"
    if sale.status == "closed" and deal.status == "announced":
        deal.status, deal.status_words = sale.status, sale.status_words


# A buyer's share after the deal, told in a sentence of its own: "porte ainsi sa
# participation à 84 %", "désormais détenue à 70 % par", "détiendront 25 %", "une filiale à
# 100 %".
_STAKE_AFTER = re.compile(
    r"(?:port\w* (?:ainsi |désormais )?(?:sa|leur|cette|la) (?:participation|part)\b"
    r"[^.%\d]{0,30}? à"
    r"|désormais détenu\w* à|détien\w* (?:donc |ainsi )?désormais|détiendr\w* (?:ensemble )?"
    # "Il a porté de 40 % à 75 % sa participation"
    r"|port\w* de \d{1,3}(?:[,.]\d+)?\s?% à"
    # "À l'issue de l'opération, X détient 18 % du capital"
    r"|(?:à l['’]issue|au terme) de l['’]opération\b[^.%\d]{0,60}?\bdétien\w*"
    # "qui devient le premier actionnaire extérieur de la PME avec 22 % des parts"
    r"|\bactionnaire\b[^.%\d]{0,60}?\bavec"
    # "Sa participation passe ainsi de 35 % à 60 %"
    r"|(?:participation|part) pass\w* (?:ainsi )?de \d{1,3}(?:[,.]\d+)?\s?% à"
    r"|contrôl\w* désormais|filiale à)[^.%\d]{0,40}?(\d{1,3}(?:[,.]\d+)?)\s?%",
    re.IGNORECASE,
)


def _stakes_elsewhere(readings: list[DealReading], text: str) -> None:
    """A sentence of its own giving the buyer's share after the deal speaks of the deal
    told last before it (rather than the share a seller sold it, which the deal's own
    sentence may have given as the share after)."""
    for told in _STAKE_AFTER.finditer(text):
        value = parse_number(told.group(1))
        deal = _told_last_before(readings, told.start())
        if deal is None or deal.kind == "merger" or not 0 < value <= 100:
            continue
        span = (told.start(1), told.end())
        start, end = sentence_around(text, told.start())
        # of a round's funds, the one the sentence names ("Garonne Ventures détient 18 %")
        named = [p for p in deal.acquirers if p.name in text[start:end]]
        if len(deal.acquirers) > 1 and named:
            deal.stakes_of.setdefault(named[0].key, (value, span))
        elif deal.stake_after is None or deal.stake_after[1] in deal.stake_words:
            deal.stake_after = (value, span)
        # "détient désormais 40 %": done ("en détiendra désormais 65 %": not yet)
        now = re.search(r"\bdétien(?:t|nent)\b[^.]*\bdésormais\b", told.group(0), re.IGNORECASE)
        if now and deal.status == "announced":
            deal.status, deal.status_words = "closed", span


_SENTENCE_END = re.compile(r"[.!?…]+[»\"”]?(?=\s+[^a-zà-ÿ0-9\s])|\n")


def sentence_around(text: str, at: int) -> Span:
    """The sentence holding position ``at``, by its punctuation: the parser's own sentences
    sometimes cut a name that opens a sentence off from its verb ("Thales | est entré ...")."""
    start = 0
    # up to the word at ``at``, which the end's lookahead needs when a sentence starts there
    for match in _SENTENCE_END.finditer(text, 0, min(at + 1, len(text))):
        if match.end() <= at:
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
        if head.i == chain[-1].i or head.pos_ not in ("VERB", "AUX"):
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
    if talks and re.search(r"(?i)\baprès\b", sentence[max(0, talks.start() - 30) : talks.start()]):
        talks = None  # "Après dix-huit mois de discussions, ...": talks that are over
    # "C'est fait. Les actionnaires ont approuvé ...": an opening of a few words before it
    opening = text[max(0, start - 40) : start]
    done = _CLOSED.search(sentence) or _DONE_OPENING.search(opening)
    # "est passé sous le contrôle de": the tense of the verb that moves it
    moved = word
    while _is_control(word) and moved.pos_ != "VERB" and moved.head.i != moved.i:
        moved = moved.head  # "est passé jeudi sous le contrôle", "jeudi" between
        if moved.i < word.i - 4:
            break
    # ("est tombé dans l'escarcelle de", its "est" parsed as a passive's)
    past = any(c.lower_ in _HAVE for c in _deps(moved, "aux:tense", "aux:pass"))
    past = past and moved.pos_ == "VERB"
    # "les Transports Lagarde sont repris par X": a passive told as done
    past = past or any(c.lower_ in _HAVE for c in _deps(word, "aux:pass"))
    if word.pos_ == "VERB":
        # "a annoncé s'être emparé de Y": a perfect infinitive; "a porté sa participation à
        # 75 % en rachetant ...": a gerund under a completed verb
        perfect = any(c.lower_ in ("être", "avoir") for c in _deps(word, "aux:tense", "aux"))
        gerund = word.lower_.endswith("ant") and word.head.pos_ == "VERB"
        done_head = gerund and any(c.lower_ in _HAVE for c in _deps(word.head, "aux:tense"))
        past = past or perfect or done_head
    if failed:
        reading.status, reading.status_words = "failed", at(failed)
    elif conditional is not None:
        reading.status, reading.status_words = "rumoured", span_of(conditional)
    elif done and not talks and _PASSIVE_DONE.search(sentence):
        # "a été racheté par X, selon nos informations": a fact reported, not a rumour
        reading.status, reading.status_words = "closed", at(done)
    elif rumour:
        reading.status, reading.status_words = "rumoured", at(rumour)
    elif talks:
        reading.status, reading.status_words = "negotiating", at(talks)
    elif done:
        reading.status, reading.status_words = "closed", at(done)
    elif (past and reading.kind != "takeover") or reading.kind == "funding":
        # an offer made is an offer announced; a round is told once the money is raised
        reading.status, reading.status_words = "closed", reading.trigger
    else:
        reading.status = "announced"


def _read_stakes(reading: DealReading, text: str) -> None:
    """The percentages of the sentence: a seller's stake when it is told with the seller
    ("les 33 % détenus par Z", "Z, qui détenait 20 %"), else the stake the deal leaves the
    acquirer with; "la totalité" is all of it."""
    if reading.kind == "merger":
        return  # the shares of the merged whole are no stake bought
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
        if re.search(r"\bseuil\b", before[-25:]):
            continue  # "s'il franchit le seuil de 90 %"
        # what a seller keeps: "qui conserve 65 % du capital", "les 40 % restants"
        kept = re.search(r"\b(conserv|gard)\w*\W+(?:\w+\W+){0,2}$", before)
        if kept or re.match(r"\s*(restant|rest[ée])", after):
            continue
        if re.search(r"\bdéjà\b|jusqu['’]ici|jusque-là|jusqu['’]à présent", before):
            continue  # "Déjà actionnaire à hauteur de 35 %": what it held before
        seller = _nearest_seller(reading, span)
        # "les 33 % détenus par Z", or the seller's own: "Z cède sa participation de 27 %"
        held = re.search(
            r"\b(détenu\w*|détenait|possédait|possédé\w*|appartenant)\b", after[:35] + before
        ) or re.search(r"\b(sa|ses|leur|leurs) (participation|parts?|titres|actions)\b", before)
        # "a racheté 51 % de son capital à Z": bought from Z, what Z held of it
        between = text[span[1] : seller.span[0]] if seller is not None else ""
        bought_from = seller is not None and seller.span[0] > span[1] and "%" not in between
        # "a racheté 51 % de son capital à Z", "25 % du capital du tisseur, cédés par Z"
        sold_to = len(between) < 60 and re.search(r"\b(à|au|aux|auprès)\b", between)
        sold_by = len(between) < 90 and _SOLD_BY.search(between)
        bought_from = bought_from and bool(sold_to or sold_by)
        if seller is not None and (held or bought_from):
            index = next(i for i, (p, _) in enumerate(reading.sellers) if p is seller)
            if reading.sellers[index][1] is not None:
                continue  # another holder's, whom the parse did not make a seller
            reading.sellers[index] = (seller, value)
            reading.stake_words.append(span)
        if not held and reading.stake_after is None:
            reading.stake_after = (value, span)
    now = _STAKE_AFTER.search(sentence)  # "et détient désormais 65 %": the share after
    if now is not None and 0 < (value := parse_number(now.group(1))) <= 100:
        reading.stake_after = (value, (start + now.start(1), start + now.end()))
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
        if _no_price(text, start, span):
            continue
        if _told_as_price(text, start, span) or reading.kind == "funding":
            reading.amount = (amount, span)
            return
    hidden = _UNDISCLOSED.search(sentence)
    if hidden:
        reading.amount = (UNDISCLOSED, (start + hidden.start(), start + hidden.end()))


# What follows a price offered: "avaient mis 130 millions d'euros sur la table".
_ON_TABLE = re.compile(r"\s*sur la table\b")
# What follows a price per share, which is no deal's amount: "38 euros par action".
_PER_SHARE = re.compile(r"\s*(par|l['’]) ?(action|titre)")


# What follows a company's revenue: "(2 300 salariés, 380 millions d'euros de chiffre
# d'affaires)".
_REVENUE_AFTER = re.compile(r"\s*(?:de |d['’])(?:chiffre d['’]affaires|ventes|revenus|CA)\b")


def _no_price(text: str, start: int, span: Span) -> bool:
    """Whether a sum of a sentence starting at ``start`` is a company's revenue or a price
    per share, never a deal's amount."""
    before = text[max(start, span[0] - 60) : span[0]]
    after = _PER_SHARE.match(text, span[1]) or _REVENUE_AFTER.match(text, span[1])
    return bool(_FIGURE_WORDS.search(before) or after)


def _told_as_price(text: str, start: int, span: Span) -> bool:
    """Whether a sum is introduced as a price ("pour", "valorise ... à") or offered ("mis
    130 M€ sur la table")."""
    before = text[max(start, span[0] - 60) : span[0]]
    return bool(_PRICE_WORDS.search(before) or _ON_TABLE.match(text, span[1]))


# Words by which a sentence speaks of a deal told before it: "L'opération s'élève à ...".
_DEAL_TOLD = re.compile(
    r"\b(opération|transaction|offre|montant|prix|vente|rachat|acquisition|cession|accord|"
    r"reprise|repreneur|acquéreur|acheteur|deal|chèque|ticket|cible|valoris\w*|sur la table)\b",
    re.IGNORECASE,
)


def _amounts_elsewhere(readings: list[DealReading], text: str) -> None:
    """A sentence of its own giving a deal's price ("Le montant de la transaction s'élève à
    14,5 millions d'euros", "L'offre représente 255 millions") speaks of the deal told last
    before it that has none."""
    for amount, span in amounts_in(text):
        if any(r.sentence[0] <= span[0] < r.sentence[1] for r in readings):
            continue
        start, _end = sentence_around(text, span[0])
        if _no_price(text, start, span) or not _told_as_price(text, start, span):
            continue
        offered = _ON_TABLE.match(text, span[1])  # "X a mis 1,5 million sur la table"
        if not (_DEAL_TOLD.search(text[start : span[0]]) or offered):
            continue
        deal = _told_last_before(readings, span[0])
        if deal is not None and deal.amount is None:
            deal.amount = (amount, span)


# A sentence of its own saying the deal is done: "La transaction a été finalisée vendredi."
# (not "L'accord a été signé": an agreement signed is a deal announced)
_CLOSED_TOLD = re.compile(
    r"\b(?:l['’]opération|la transaction|l['’]acquisition|la cession|le rachat|la reprise|"
    r"la vente)\b[^.]{0,30}?\b(?:a été|est|ont été) (?:finalis|boucl|conclu|réalis|effectu)\w*",
    re.IGNORECASE,
)


def _closed_elsewhere(readings: list[DealReading], text: str) -> None:
    """A sentence of its own saying the deal told last before it is done closes it, unless
    the deal was told as a rumour, as talks, or as failed."""
    for told in _CLOSED_TOLD.finditer(text):
        deal = _told_last_before(readings, told.start())
        if deal is None or deal.sentence[0] <= told.start() < deal.sentence[1]:
            continue
        if deal.status == "announced":
            deal.status, deal.status_words = "closed", (told.start(), told.end())


def _undisclosed_elsewhere(readings: list[DealReading], text: str) -> None:
    """A sentence of its own saying the price is not public ("Le montant n'a pas été
    communiqué.") speaks of the deal told last before it."""
    for hidden in _UNDISCLOSED.finditer(text):
        deal = _told_last_before(readings, hidden.start())
        if deal is not None and deal.amount is None:
            deal.amount = (UNDISCLOSED, (hidden.start(), hidden.end()))


# A shareholder promising its shares to an offer: "s'est engagé à apporter ses titres",
# "l'engagement d'apport de Z".
_TENDERS = re.compile(
    r"engag\w* (?:à |d['’]\s?)apport|apporter (?:ses|leurs|sa) (?:titres|actions|participation)",
    re.IGNORECASE,
)
# A sentence naming the seller of a deal told before: "Le vendeur serait le fonds Z".
_SELLER_TOLD = re.compile(
    r"\b(?:le|les) (?:principaux |principal )?(?:vendeur|cédant)s?"
    r"(?: (?:serai\w*|est|sont|étai\w*)\b|, )"
    # "Les titres ont été cédés par Z, la holding familiale"
    r"|\b(?:ont|a) été (?:cédé|vendu|apporté)e?s? par\b"
    # "La société appartenait à son fondateur et au fonds Z, qui en détenait 40 %"
    r"|\bappart(?:ient|iennent|enait|enaient)\b"
    r"|\baccept\w* l['’]offre\b"  # "Z, propriétaire des 40 % restants, a accepté l'offre"
    # "une offre ... à Z, qui détient 85 %"
    r"|\boffre\b[^.]{0,80}?\bà\b(?=[^.]{0,80}\b(?:détien\w*|possède\w*)\b)"
    # "Le tisserand (...) était détenu à 100 % par Z"
    r"|\b(?:était|étaient|est|sont) (?:jusqu['’]ici |jusque-là )?détenu\w* (?:à [^.]{1,12} )?par\b",
    re.IGNORECASE,
)
_HOLDS = re.compile(
    r"\b(détien\w*|déten[au]\w*|possède\w*|possédai\w*|possédant|contrôl\w*|propriétaire)\b",
    re.IGNORECASE,
)


# Who sold, told by a participle in the deal's sentence: "25 % du capital, cédés par Z".
_SOLD_BY = re.compile(r"\b(?:cédé|vendu)e?s? par\b", re.IGNORECASE)


def _sold_by(reading: DealReading, companies: Companies) -> None:
    """The company named right after "cédés par" in a deal's sentence, when the parse hung
    the participle where the roles did not reach it."""
    if reading.sellers:
        return
    start, end = reading.sentence
    taken = {p.key for p in reading.acquirers}
    taken |= {reading.target.key} if reading.target is not None else set()
    for match in _SOLD_BY.finditer(companies.text, start, end):
        after = [
            Party(company, (begin, finish), name)
            for begin, finish, company, name in companies.named
            if match.end() <= begin < min(end, match.end() + 30)
        ]
        if after and after[0].key not in taken:
            reading.sellers.append((after[0], None))
            return


def _sellers_elsewhere(readings: list[DealReading], companies: Companies) -> None:
    """A sentence of its own naming the seller of the deal told last before it ("Le vendeur
    serait le fonds Z, qui en détient 60 %"), or a shareholder promising its shares to an
    offer ("Son premier actionnaire, le fonds Z, qui détient 22 % du capital, s'est engagé à
    apporter ses titres"): a seller, with the stake the sentence says it holds."""
    text = companies.text
    told = [*_SELLER_TOLD.finditer(text), *_TENDERS.finditer(text)]
    for promise in told:
        offer = _told_last_before(readings, promise.start())
        if offer is None or offer.target is None:
            continue
        if promise.re is _TENDERS and offer.kind != "takeover":
            continue
        if offer.sentence[0] <= promise.start() < offer.sentence[1] or offer.sellers:
            continue
        start, end = sentence_around(text, promise.start())
        parties = {p.key for p in offer.acquirers} | {offer.target.key}
        parties |= {p.key for p, _ in offer.sellers}
        holders = [
            Party(company, (begin, finish), name)
            for begin, finish, company, name in companies.named
            if start <= begin < end
        ]
        others = [h for n, h in enumerate(holders) if h.key not in parties]
        others = [h for n, h in enumerate(others) if all(h.key != o.key for o in others[:n])]
        if not others:
            continue
        held = [
            match
            for match in PERCENT.finditer(text, start, end)
            if _HOLDS.search(before := text[max(start, match.start() - 40) : match.start()])
            or re.search(r"\bavec\s*$", before)  # "entré au capital avec 30 % des parts"
        ]
        # every owner a sentence lists ("appartenait à A, qui détenait 70 %, et au fonds B,
        # entré avec 30 %"); else the first holder it names
        owners = others if promise.group(0).lower().startswith("appart") else others[:1]
        for holder in owners:
            # the share told nearest the holder's name ("les médecins, qui détiennent 60 %,
            # ainsi que Z, propriétaire des 40 % restants")
            nearest = min(held, key=lambda m: abs(m.start() - holder.span[1]), default=None)
            if nearest is not None:
                offer.stake_words.append((nearest.start(), nearest.end()))
            offer.sellers.append((holder, parse_number(nearest.group(1)) if nearest else None))


def _told_last_before(readings: list[DealReading], at: int) -> DealReading | None:
    """The deal whose sentence starts last before ``at`` (readings are in the text's order)."""
    return next((r for r in reversed(readings) if r.sentence[0] <= at), None)


def _parenthesised_for(span: Any) -> Token | None:
    """The word a parenthesis holding ``span`` follows ("Tissor (85 salariés)"), its noun if
    it is an adjective ("le tisserand bourguignon (85 salariés)")."""
    doc = span.doc
    for at in range(span.start - 1, max(span.start - 12, 0), -1):
        if doc[at].text == ")":
            return None
        if doc[at].text == "(":
            before = doc[at - 1] if at > 0 else None
            # an adjective, which the tagger may take for a name ("bourguignon")
            adjective = before is not None and (before.pos_ == "ADJ" or before.dep_ == "amod")
            if before is not None and adjective and not before.text[:1].isupper():
                before = before.head
            return before
    return None


# Verbs that state a figure and that the tagger may take for nouns ("compte", "emploie").
_STATING = re.compile(r"(compte|emploie|réalise|pèse|revendique|affiche|totalise)$")


def figure_entity(doc: Any, start: int, end: int, companies: Companies) -> Party | None:
    """The company a figure is about, from the parse: the name a relative clause or an
    apposition hangs on ("X, qui emploie 120 personnes, ..." → X), else the subject of the
    clause that states it (a pronoun or a description resolved to the company named before)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    reader = _Reader(companies, any_noun=True)
    told = _parenthesised_for(span)
    if told is not None:  # "le tisserand Tissor (85 salariés, 11 M€ de chiffre d'affaires)"
        party = reader.party(told)
        if party is not None:
            return party
    token = span.root
    whose = [n for n in _linked(token, ["de"]) if name_like(n)]
    if whose and (party := reader.party(whose[0])) is not None:
        return party  # "les 240 salariés de Frigolog"
    for _ in range(8):
        root = token.sent.root
        if _STATING.match(token.lower_) and token.pos_ != "VERB" and name_like(root):
            # "X, fondée en 2015 par des chercheurs de Y, compte 35 employés": the verb
            # taken for a noun in apposition to the words before it; X is the subject
            return reader.party(root)
        # not a place the parse hung a clause on ("X, basée à Brest, compte ...")
        place = told_as_place(token.head) and not companies.at(*span_of(token.head))
        if token.dep_ in ("acl:relcl", "acl", "appos") and not place:
            party = reader.party(token.head)
            if party is not None and not (party.company is None and in_persons_name(token.head)):
                return party  # not a person's name ("fondé par Grégoire Lemaire, compte ...")
        if token.pos_ in ("VERB", "AUX") or any(c.dep_.startswith("nsubj") for c in token.children):
            doers = reader.doers(token, people=False)
            subject = reader.subject(token)
            whose = _possessives(subject) if subject is not None else []
            if not doers and whose:  # "Son chiffre d'affaires a atteint ..."
                doers = _some(reader.party(whose[0]))
            if doers:
                return doers[0]
        if token.head.i == token.i:
            # "Syntel compte 23 000 employés", parsed with the name as the sentence's root
            if name_like(token):
                return reader.party(token)
            break
        token = token.head
    opened = _after_opening(span.sent)
    return reader.party(opened) if opened is not None else None
