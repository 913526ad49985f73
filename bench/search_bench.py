"""Search benchmark: Whoosh (the app's ``WhooshIndex``) against SQLite FTS5 on the same articles.

For the bundled archive (the project's ``articles/`` folder) and for synthetic French-like
archives of N generated articles, it prints:

- the index build time and rate (``WhooshIndex(dir).rebuild`` as in the app: one process per
  core from 1,500 articles on; FTS5 bulk insert plus ``optimize``, one process) and the index
  size on disk;
- the time to open an existing index (a fresh ``WhooshIndex``: its first ``sync()``, which opens
  the index and checks the manifest, then a first search; for FTS5: connect and a first query);
- query latency p50 and p95 in milliseconds for seven query forms, each with snippets (Whoosh
  ``highlight=True``, FTS5 ``snippet()``) and without, and the Whoosh/FTS5 ratios:

  - one word; two words with AND; two words with OR (``a OR b`` for both engines);
  - a phrase of two adjacent words; a 3-4 letter prefix;
  - a word in a date range: ``word date:[2008 TO 2012]`` for Whoosh, a span of 2 to 6 years
    holding the year of the article the word is drawn from; for FTS5 the same word and
    ``published BETWEEN '2008-01-01' AND '2012-12-31'`` on an UNINDEXED ``published`` column;
  - a fact field: ``acquirer:Orange`` for Whoosh, whose index gets the deals as ``extra``
    (``FactsEntry``, with the fields ``fact_fields`` gives a deal); for FTS5, ``acquirer:orange``
    on a second table ``facts(acquirer, target, article UNINDEXED)``, whose ``article`` is the
    ``docs`` rowid the query returns.

  A synthetic archive has a generated deal for about one article in 20 (acquirer and target two
  companies its text names, when it names two); the bundled archive has its ``facts.yaml``.

It only prints figures; it never asserts. The targets it reports against, with the Whoosh
figures, at the archive size they are set for:

- issue 16, at 100,000 articles: build >= 2,000 articles/s; p95 < 20 ms for every query form
  with snippets; and no form slower than FTS5 at p95 (with snippets and without);
- the earlier ones, still printed, at 10,000 articles: build >= 400 articles/s and p95 < 30 ms
  for every query form with snippets.

Run it from the project root::

    .venv/bin/python bench/search_bench.py                     # bundled + 1,000 and 10,000
    .venv/bin/python bench/search_bench.py --sizes 100000 --runs 100 --json bench.json
    .venv/bin/python bench/search_bench.py --sizes 1000 --keep /tmp/bench-indexes

Queries are drawn from the generated text (word frequencies follow a Zipf-like law, so common
words are common) and vary from run to run. The page cache is warm: "open" is not a cold start.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import random
import re
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from importlib import metadata
from itertools import accumulate, pairwise
from pathlib import Path

from archive_gui.core.archive.articles import Article, content_hash, load_articles
from archive_gui.core.facts.fields import DEAL_KINDS
from archive_gui.core.library import Library
from archive_gui.core.search import index as search_index
from archive_gui.core.search.analysis import FOLDED_STOPWORDS
from archive_gui.core.search.fact_documents import fact_fields
from archive_gui.core.search.index import WhooshIndex
from archive_gui.core.search.results import FactsEntry, QueryError
from archive_gui.core.text import fold

PROJECT_ROOT = Path(__file__).resolve().parents[1]
BUNDLED_ARTICLES = PROJECT_ROOT / "articles"
DEFAULT_SIZES = "1000,10000"
SEED = 20240501
BUNDLED_MAX_RUNS = 50
# Archives of ADD_FROM articles on are also timed taking ADDED more (issue 16: under 5 s).
ADD_FROM = 10_000
ADDED = 1_000
TARGET_ADD_S = 5.0
# About one synthetic article in DEAL_EVERY has a deal.
DEAL_EVERY = 20
# The span of a date-range query, in years.
DATE_SPAN_YEARS = (2, 6)

FORMS = (
    "one word",
    "two words AND",
    "two words OR",
    "phrase",
    "prefix",
    "word in a date range",
    "fact field",
)


@dataclass(frozen=True)
class Targets:
    """What the Whoosh figures should reach on an archive of ``size`` articles."""

    issue: str
    size: int
    build_rate: float  # articles/s, at least
    p95_ms: float  # every form with snippets, under
    no_slower_than_fts5: bool  # every form's p95, with snippets and without, at most FTS5's


TARGETS = (
    Targets("issue 16", 100_000, build_rate=2_000.0, p95_ms=20.0, no_slower_than_fts5=True),
    Targets("earlier", 10_000, build_rate=400.0, p95_ms=30.0, no_slower_than_fts5=False),
)

# -- a French-like vocabulary ----------------------------------------------------------------


def words(text: str) -> list[str]:
    """The words of a text, split on white space."""
    return text.split()


def names(text: str) -> list[str]:
    """The comma-separated names of a text."""
    return [name.strip() for name in text.split(",") if name.strip()]


def word_pairs(text: str) -> list[tuple[str, str]]:
    """The comma-separated two-word phrases of a text."""
    pairs = []
    for name in names(text):
        first, second = name.split()
        pairs.append((first, second))
    return pairs


# Function words, most frequent first: they take the top ranks of the Zipf-like law.
FUNCTION_WORDS = words("""
de la le les des et à en du un une que est pour dans qui par sur au plus pas ne a avec ce son
il sa ses aux se cette ont sont ou mais été elle leur comme sera ils on nous dont entre selon
depuis après avant chez sans sous vers contre tout tous toute très déjà encore ainsi donc alors
où aussi lors afin
""")

NOUNS = words("""
hébergeur hébergement opérateur marché réseau société entreprise donnée serveur centre client
contrat projet service offre accord rachat cession acquisition fusion filiale actionnaire
investisseur capital chiffre affaire bénéfice perte résultat croissance stratégie activité
fournisseur sécurité énergie électricité bâtiment salle baie câble fibre liaison bande débit
trafic abonné utilisateur logiciel plateforme application infrastructure infogérance stockage
sauvegarde migration virtualisation calcul processeur mémoire disque équipement matériel
climatisation refroidissement alimentation onduleur groupe générateur dirigeant directeur
président fondateur salarié employé équipe ingénieur technicien commercial partenaire
concurrent rival secteur région ville capitale département pays gouvernement ministère ministre
régulateur autorité commission tribunal procédure redressement liquidation licenciement plan
emploi poste recrutement effectif budget financement subvention prêt dette créance valorisation
prix tarif coût dépense économie investissement montant euro franc dollar million milliard
année trimestre semestre mois semaine journée lancement annonce communiqué déclaration rapport
étude analyse cabinet consultant expert journaliste presse article information nouvelle rumeur
négociation discussion rencontre réunion conférence salon événement innovation recherche
développement produit solution version fonctionnalité interface protocole norme certification
label qualité performance disponibilité panne incident attaque pirate virus faille
vulnérabilité protection confidentialité souveraineté cloud nuage internet site portail moteur
messagerie téléphonie mobile téléphone ordinateur tablette écran clavier imprimante usine
entrepôt terrain surface mètre étage immeuble bureau siège agence succursale boutique magasin
consommateur particulier professionnel collectivité administration hôpital université école
banque assurance industrie distribution logistique transport commerce tourisme média télévision
radio opération transaction échange vente achat location marge rentabilité trésorerie bilan
compte exercice objectif prévision perspective ambition difficulté échec succès réussite
victoire défi enjeu risque menace opportunité avantage atout faiblesse position part
participation titre action bourse cotation introduction valeur indice hausse baisse chute recul
progression évolution tendance consolidation concentration rapprochement alliance coentreprise
consortium intégration réorganisation restructuration transformation modernisation extension
agrandissement construction chantier inauguration ouverture fermeture déménagement implantation
présence expansion conquête monde concurrence demande besoin usage volume capacité puissance
densité température consommation efficacité rendement environnement écologie carbone émission
chaleur énergéticien datacenter télécom opératrice hébergeuse délégation mutualisation
""")

ADJECTIVES = words("""
français européen américain britannique allemand national international mondial régional
public privé numérique technique technologique informatique économique financier industriel
stratégique critique important essentiel principal majeur mineur ancien récent actuel futur
prochain dernier premier second grand petit gros fort faible rapide lent lourd léger cher
coûteux rentable solide fragile stable difficile facile possible probable certain clair
complexe simple global total partiel complet entier propre seul unique différent semblable
proche lointain étranger indépendant souverain sécurisé virtuel physique réel dédié mutualisé
hybride ouvert fermé disponible capable responsable satisfait déçu prudent optimiste
pessimiste ambitieux historique traditionnel moderne innovant performant efficace énergétique
électrique thermique environnemental juridique social fiscal boursier bancaire opérationnel
annuel mensuel trimestriel net brut supplémentaire nécessaire suffisant insuffisant
considérable significatif massif exclusif définitif provisoire officiel confidentiel potentiel
éventuel parisien lyonnais toulousain nordiste breton alsacien normand
""")

# Regular -er verbs, conjugated by VERB_ENDINGS.
VERBS = words("""
annoncer confirmer déclarer expliquer indiquer préciser affirmer estimer souligner ajouter
assurer signer finaliser négocier proposer présenter lancer développer déployer installer
exploiter héberger stocker migrer sauvegarder sécuriser protéger renforcer augmenter diminuer
baisser doubler tripler financer rembourser emprunter lever valoriser acheter louer gagner
dépasser afficher enregistrer publier communiquer informer inaugurer fermer quitter intégrer
fusionner consolider absorber racheter céder transférer délocaliser recruter licencier
embaucher former équiper alimenter raccorder connecter relier climatiser moderniser livrer
commercialiser facturer chuter reculer progresser grimper stagner évoluer changer transformer
réorganiser restructurer accompagner aider attirer rassurer inquiéter menacer dénoncer
critiquer contester saluer regretter espérer souhaiter envisager étudier analyser examiner
valider autoriser imposer exiger réclamer demander accepter refuser rejeter abandonner
continuer démarrer terminer achever retarder reporter accélérer piloter diriger gérer
superviser contrôler posséder représenter compter constituer apporter utiliser mutualiser
externaliser opérer toucher concerner viser cibler privilégier miser parier tabler
""")

ADVERBS = words("""
également notamment désormais actuellement récemment rapidement progressivement largement
fortement totalement entièrement officiellement finalement directement principalement
essentiellement particulièrement environ bientôt toujours jamais souvent parfois hier demain
ensuite enfin pourtant cependant néanmoins toutefois surtout plutôt vraiment seulement presque
""")

COMPANIES = names("""
Orange, SFR, Numergy, Cloudwatt, OVHcloud, Thales, Atos, Bull, Capgemini, Sopra Steria,
Dassault Systèmes, Free, Bouygues Telecom, Iliad, Altice, Scaleway, Outscale, Claranet, Fluxus,
Equinix, Interxion, Data4, Telehouse, Jaguar Network, Ikoula, Gandi, Completel, Colt, BT Ignite,
Cegid, Econocom, Linkbynet, Sigfox, Criteo, Schneider Electric, Veolia, Engie, Safran,
Société Générale, BNP Paribas, Crédit Agricole, La Poste, Caisse des Dépôts
""")
PUBLICATIONS = names("""
Journal du Net, Clubic, Les Echos, Le Monde Informatique, ZDNet France, LeMagIT, 01net,
L'Usine Nouvelle, Silicon.fr, Channel News
""")
FIRST_NAMES = words("""
François Hélène Thomas Nicolas Cécile Jérôme Élodie Sébastien Amélie Frédéric Valérie Stéphane
Gaëlle Benoît Anaïs Loïc
""")
LAST_NAMES = words("""
Morel Pontiroli Six Lefèvre Dupré Girard Bérenger Mercier Fabre Rousseau Guérin Lemaître
Chevalier Faure Barbier Brunet
""")
# Two-word phrases that recur in the press, mixed into the text so that phrases have many hits.
COLLOCATIONS = word_pairs("""
salle blanche, cloud souverain, bande passante, fibre optique, résultat net, plan social,
groupe électrogène, cloud public, données personnelles, marché français, opérateur historique,
directeur général, haute disponibilité, offre commerciale, croissance externe, centre serveur,
salles informatiques, énergie renouvelable, comité exécutif, sauvegarde externalisée
""")
COLLOCATION_RATE = 0.01
NUMBER_UNITS = ("m2", "%", "euros", "millions d'euros", "salariés", "clients", "serveurs", "km")

VERB_ENDINGS = words("er e ent ait aient é ée és ées era eront erait eraient ant")
FUNCTION_SET = frozenset(FUNCTION_WORDS)
ELIDING = {"le": "l", "la": "l", "de": "d", "que": "qu", "ne": "n", "se": "s"}
VOWELS = frozenset("aeiouyéèêëàâîïôûh")
ZIPF_EXPONENT = 1.0
START_DATE = dt.date(2000, 1, 1)
END_DATE = dt.date(2020, 12, 31)
LETTERS_ONLY = re.compile(r"[^\W\d_]+")


def plural(word: str) -> str:
    if word.endswith(("s", "x", "z")):
        return word
    if word.endswith("eau"):
        return word + "x"
    if word.endswith("al"):
        return word[:-2] + "aux"
    return word + "s"


def feminine(word: str) -> str:
    if word.endswith("e"):
        return word
    for ending, replacement in (
        ("if", "ive"),
        ("eux", "euse"),
        ("el", "elle"),
        ("ien", "ienne"),
        ("on", "onne"),
        ("er", "ère"),
        ("c", "que"),
    ):
        if word.endswith(ending):
            return word[: -len(ending)] + replacement
    return word + "e"


def adjective_forms(word: str) -> list[str]:
    female = feminine(word)
    return [word, female, plural(word), plural(female)]


def verb_forms(infinitive: str) -> list[str]:
    stem = infinitive[:-2]
    forms = []
    for ending in VERB_ENDINGS:
        if ending[0] in "ao" and stem.endswith("c"):
            forms.append(stem[:-1] + "ç" + ending)
        elif ending[0] in "ao" and stem.endswith("g"):
            forms.append(stem + "e" + ending)
        else:
            forms.append(stem + ending)
    return forms


def content_vocabulary() -> list[str]:
    """Every inflected noun, adjective, verb and adverb form, in a stable order, no repeats."""
    words: list[str] = []
    for noun in NOUNS:
        words += [noun, plural(noun)]
    for adjective in ADJECTIVES:
        words += adjective_forms(adjective)
    for verb in VERBS:
        words += verb_forms(verb)
    words += ADVERBS
    function = set(FUNCTION_WORDS)
    return [w for w in dict.fromkeys(words) if w not in function]


def is_query_word(word: str) -> bool:
    """A word worth searching for: not a stop word once folded, at least four letters."""
    return (
        len(word) >= 4
        and LETTERS_ONLY.fullmatch(word) is not None
        and (fold(word) not in FOLDED_STOPWORDS)
    )


class FrenchLikeText:
    """Deterministic French-like text: Zipf-distributed words, elisions, numbers, companies."""

    def __init__(self, seed: int) -> None:
        content = content_vocabulary()
        random.Random(seed).shuffle(content)
        self.vocabulary = FUNCTION_WORDS + content
        weights = [1.0 / rank**ZIPF_EXPONENT for rank in range(1, len(self.vocabulary) + 1)]
        self._cum_weights = list(accumulate(weights))
        phrase_words = [w for pair in COLLOCATIONS for w in pair]
        self.query_words = frozenset(w for w in content + phrase_words if is_query_word(w))

    def words(self, rng: random.Random, count: int) -> list[str]:
        return rng.choices(self.vocabulary, cum_weights=self._cum_weights, k=count)

    def number(self, rng: random.Random) -> str:
        kind = rng.random()
        if kind < 0.3:
            return str(rng.randint(1995, 2020))
        if kind < 0.5:
            return f"{rng.randint(1, 99)},{rng.randint(1, 9)} %"
        value = rng.choice(
            (
                rng.randint(2, 999),
                rng.randint(1_000, 99_000) // 100 * 100,
                rng.randint(100_000, 99_999_999),
            )
        )
        return f"{value:,}".replace(",", " ") + " " + rng.choice(NUMBER_UNITS)

    def sentence(self, rng: random.Random, length: int) -> str:
        out: list[str] = []
        for word in self.words(rng, length):
            roll = rng.random()
            if roll < 0.02:
                word = rng.choice(COMPANIES)
            elif roll < 0.032:
                word = self.number(rng)
            elif roll < 0.032 + COLLOCATION_RATE:
                word = " ".join(rng.choice(COLLOCATIONS))
            previous = out[-1] if out else ""
            if previous in ELIDING and word[0] in VOWELS and word not in FUNCTION_SET:
                apostrophe = "’" if rng.random() < 0.3 else "'"
                out[-1] = ELIDING[previous] + apostrophe + word
            else:
                out.append(word)
            if rng.random() < 0.05 and len(out) > 2:
                out[-1] += ","
        text = " ".join(out).rstrip(",")
        text = text[0].upper() + text[1:] + "."
        if rng.random() < 0.05:
            text = f"« {text} »"
        return text

    def text(self, rng: random.Random, count: int) -> str:
        """About ``count`` words in paragraphs of three to six sentences."""
        paragraphs: list[str] = []
        sentences: list[str] = []
        while count > 0:
            length = min(count, rng.randint(8, 24))
            sentences.append(self.sentence(rng, length))
            count -= length
            if len(sentences) >= rng.randint(3, 6):
                paragraphs.append(" ".join(sentences))
                sentences = []
        if sentences:
            paragraphs.append(" ".join(sentences))
        return "\n\n".join(paragraphs)

    def title(self, rng: random.Random) -> str:
        chosen = [w for w in self.words(rng, rng.randint(6, 10)) if w not in ELIDING]
        chosen.insert(rng.randrange(len(chosen) + 1), rng.choice(COMPANIES))
        title = " ".join(chosen)
        return title[0].upper() + title[1:]


def synthetic_articles(count: int, seed: int = SEED) -> Iterator[Article]:
    """``count`` generated articles of about 400 words, the same ones for the same seed."""
    generator = FrenchLikeText(seed)
    rng = random.Random(seed)
    days = (END_DATE - START_DATE).days
    for i in range(count):
        text = generator.text(rng, rng.randint(340, 460))
        yield Article(
            id=f"synth-{i:06d}",
            title=generator.title(rng),
            published=START_DATE + dt.timedelta(days=rng.randrange(days + 1)),
            text=text,
            publication=rng.choice(PUBLICATIONS),
            author=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
            content_hash=content_hash(text.encode("utf-8")),
        )


def deal_fields(acquirer: str, target: str, kind: str) -> dict[str, str]:
    """The index fields ``fact_fields`` gives a deal between two companies known by one name
    each: the companies it names, its acquirer, its target and its kind."""
    return {
        "company": "\n".join(sorted({acquirer, target})),
        "acquirer": acquirer,
        "target": target,
        "kind": kind,
    }


def synthetic_deals(articles: Sequence[Article], seed: int = SEED) -> dict[str, FactsEntry]:
    """Deal records for about one article in DEAL_EVERY, so that fact fields have something to
    find: between two companies the article names when it names two, as an extracted deal
    would be. Drawn apart from the articles, so the articles stay the same for a seed."""
    rng = random.Random(seed)
    deals: dict[str, FactsEntry] = {}
    for article in articles:
        last_chance = not deals and article is articles[-1]  # a small archive gets one too
        if rng.randrange(DEAL_EVERY) and not last_chance:
            continue
        named = [name for name in COMPANIES if name in article.title or name in article.text]
        acquirer, target = rng.sample(named if len(named) >= 2 else COMPANIES, 2)
        deals[f"deal-{article.id}"] = FactsEntry(
            articles=(article.id,), fields=deal_fields(acquirer, target, rng.choice(DEAL_KINDS))
        )
    return deals


def deal_acquirers(facts: Mapping[str, FactsEntry]) -> list[str]:
    """The acquirers of the deals, one per deal: fact-field queries that match something."""
    return [
        entry.fields["acquirer"].split("\n")[0]
        for entry in facts.values()
        if entry.fields.get("acquirer")
    ]


# -- queries -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Query:
    """One query in the two syntaxes."""

    whoosh: str
    fts: str
    # For FTS5: the ISO dates ``published`` must fall between (Whoosh has them in its text) ...
    published: tuple[str, str] | None = None
    # ... and whether ``fts`` is asked of the facts table rather than of the articles.
    on_facts: bool = False


def fts_prefix(prefix: str) -> str:
    return fold(prefix) + "*"


def one_word(word: str) -> Query:
    return Query(word, word)


def two_words(a: str, b: str) -> Query:
    return Query(f"{a} AND {b}", f"{a} AND {b}")


def either_word(a: str, b: str) -> Query:
    return Query(f"{a} OR {b}", f"{a} OR {b}")


def in_years(word: str, first: int, last: int) -> Query:
    """The word in the articles published from ``first`` to ``last`` (years, both included)."""
    return Query(
        f"{word} date:[{first} TO {last}]", word, published=(f"{first}-01-01", f"{last}-12-31")
    )


def fact_field(name: str, value: str) -> Query:
    """``acquirer:Orange``; for FTS5, a column filter on the facts table with the name folded to
    lower-case ASCII words (``acquirer:"caisse des depots"``: several words make a phrase)."""
    folded = re.findall(r"\w+", fold(value), re.ASCII)
    whoosh = value if re.fullmatch(r"\w+", value) else f'"{value}"'
    fts = folded[0] if len(folded) == 1 else '"' + " ".join(folded) + '"'
    return Query(f"{name}:{whoosh}", f"{name}:{fts}", on_facts=True)


def phrase(a: str, b: str) -> Query:
    return Query(f'"{a} {b}"', f'"{a} {b}"')


def prefix(stem: str) -> Query:
    return Query(f"{stem}*", fts_prefix(stem))


BUNDLED_QUERIES: dict[str, list[Query]] = {
    "one word": [one_word(w) for w in ("cloud", "hébergeur", "Fluxus", "rachat", "Orange")],
    "two words AND": [
        two_words("cloud", "souverain"),
        two_words("Orange", "Cloudwatt"),
        two_words("Numergy", "SFR"),
        two_words("datacenter", "Paris"),
    ],
    "phrase": [
        phrase("salle", "blanche"),
        phrase("cloud", "souverain"),
        Query('"chiffre d\'affaires"', '"chiffre d\'affaires"'),
        Query('"Caisse des Dépôts"', '"Caisse des Dépôts"'),
    ],
    "prefix": [prefix(p) for p in ("héb", "clou", "rach", "souv")],
    "two words OR": [
        either_word("cloud", "hébergeur"),
        either_word("Orange", "SFR"),
        either_word("Numergy", "Cloudwatt"),
        either_word("rachat", "cession"),
    ],
    "word in a date range": [
        in_years("cloud", 2012, 2015),
        in_years("Fluxus", 2000, 2003),
        in_years("rachat", 2014, 2016),
        in_years("hébergeur", 2001, 2005),
    ],
    "fact field": [
        fact_field("acquirer", "SFR"),
        fact_field("acquirer", "Orange"),
        fact_field("acquirer", "BT Ignite"),
        fact_field("target", "Numergy"),
    ],
}


class QuerySampler:
    """Draws queries from random places of random articles, so common words come up often."""

    def __init__(
        self,
        articles: Sequence[Article],
        query_words: frozenset[str],
        acquirers: Sequence[str],
        seed: int,
    ) -> None:
        self._articles = articles
        self._query_words = query_words
        self._acquirers = acquirers
        self._rng = random.Random(seed)

    def _tokens(self) -> list[str]:
        return self._rng.choice(self._articles).text.split()

    def _word(self, tokens: list[str], min_length: int = 4) -> str:
        candidates = [
            t.lower() for t in tokens if t.lower() in self._query_words and len(t) >= min_length
        ]
        return self._rng.choice(candidates)

    def one_word(self) -> Query:
        return one_word(self._word(self._tokens()))

    def _two_words(self) -> tuple[str, str]:
        """Two different words of one article."""
        tokens = self._tokens()
        first = self._word(tokens)
        second = first
        while second == first:
            second = self._word(tokens)
        return first, second

    def two_words(self) -> Query:
        return two_words(*self._two_words())

    def either_word(self) -> Query:
        return either_word(*self._two_words())

    def in_years(self) -> Query:
        """A word of an article, in a span of years that holds the article's date."""
        article = self._rng.choice(self._articles)
        word = self._word(article.text.split())
        span = self._rng.randint(*DATE_SPAN_YEARS)
        year = article.published.year if article.published else START_DATE.year
        first = self._rng.randint(
            max(START_DATE.year, year - span + 1), min(year, END_DATE.year - span + 1)
        )
        return in_years(word, first, first + span - 1)

    def fact_field(self) -> Query:
        return fact_field("acquirer", self._rng.choice(self._acquirers))

    def phrase(self) -> Query:
        """Two words adjacent in an article; half the time a recurring collocation."""
        while True:
            tokens = [t.lower() for t in self._tokens()]
            pairs = [
                (a, b)
                for a, b in pairwise(tokens)
                if a != b and a in self._query_words and b in self._query_words
            ]
            common = [pair for pair in pairs if pair in COLLOCATIONS]
            if common and self._rng.random() < 0.5:
                return phrase(*self._rng.choice(common))
            if pairs:
                return phrase(*self._rng.choice(pairs))

    def prefix(self) -> Query:
        while True:
            word = self._word(self._tokens(), min_length=5)
            stem = word[: self._rng.choice((3, 4))]
            if fold(stem) not in FOLDED_STOPWORDS:
                return prefix(stem)

    def queries(self, form: str, count: int) -> list[Query]:
        draw: dict[str, Callable[[], Query]] = {
            "one word": self.one_word,
            "two words AND": self.two_words,
            "two words OR": self.either_word,
            "phrase": self.phrase,
            "prefix": self.prefix,
            "word in a date range": self.in_years,
            "fact field": self.fact_field,
        }
        return [draw[form]() for _ in range(count)]


def cycled(queries: Sequence[Query], count: int) -> list[Query]:
    return [queries[i % len(queries)] for i in range(count)]


# -- measuring -------------------------------------------------------------------------------


@dataclass
class Latency:
    p50_ms: float
    p95_ms: float
    mean_ms: float
    max_ms: float
    runs: int
    errors: int = 0
    mean_total: float = 0.0  # matching articles (Whoosh) or rows returned (FTS5), on average


@dataclass
class FormResult:
    form: str
    snippets: bool
    whoosh: Latency
    fts5: Latency

    @property
    def ratio_p50(self) -> float:
        return self.whoosh.p50_ms / self.fts5.p50_ms if self.fts5.p50_ms else float("nan")

    @property
    def ratio_p95(self) -> float:
        return self.whoosh.p95_ms / self.fts5.p95_ms if self.fts5.p95_ms else float("nan")


@dataclass
class EngineFigures:
    build_s: float
    articles_per_s: float
    size_mb: float
    open_ms: float
    first_search_ms: float
    note: str = ""


@dataclass
class ArchiveReport:
    name: str
    articles: int
    words: int
    prepare_s: float
    whoosh: EngineFigures
    fts5: EngineFigures
    fact_records: int = 0
    deals: int = 0
    forms: list[FormResult] = field(default_factory=list)
    examples: dict[str, list[str]] = field(default_factory=dict)
    # Seconds to add ADDED articles to the built index (a sync), for archives of ADD_FROM on.
    add_s: float | None = None
    # A process that only searches: the index opened, every form's queries with snippets.
    search_process: dict[str, float] = field(default_factory=dict)


def percentile(sorted_values: Sequence[float], fraction: float) -> float:
    """Linear interpolation between closest ranks."""
    if not sorted_values:
        return float("nan")
    position = (len(sorted_values) - 1) * fraction
    low = int(position)
    high = min(low + 1, len(sorted_values) - 1)
    return sorted_values[low] + (sorted_values[high] - sorted_values[low]) * (position - low)


def latency(times_s: list[float], errors: int, totals: list[int]) -> Latency:
    ms = sorted(t * 1000 for t in times_s)
    return Latency(
        p50_ms=percentile(ms, 0.50),
        p95_ms=percentile(ms, 0.95),
        mean_ms=statistics.fmean(ms) if ms else float("nan"),
        max_ms=ms[-1] if ms else float("nan"),
        runs=len(ms),
        errors=errors,
        mean_total=statistics.fmean(totals) if totals else 0.0,
    )


def directory_size_mb(path: Path) -> float:
    if path.is_file():
        return path.stat().st_size / 1e6
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def time_whoosh_queries(
    index: WhooshIndex, queries: Iterable[Query], limit: int, snippets: bool
) -> Latency:
    times: list[float] = []
    totals: list[int] = []
    errors = 0
    for query in queries:
        start = time.perf_counter()
        try:
            results = index.search(query.whoosh, limit=limit, highlight=snippets)
        except QueryError as exc:
            errors += 1
            print(f"    whoosh refused {query.whoosh!r}: {exc}", file=sys.stderr)
            continue
        times.append(time.perf_counter() - start)
        totals.append(results.total)
    return latency(times, errors, totals)


# ``docs(title, body, published UNINDEXED)``: ``published`` comes last, so the bm25 weights
# still go to title and body (a column without a weight gets 1.0, and an unindexed column
# matches nothing), and snippet() column 1 is still the body.
FTS_DOCS = (
    "CREATE VIRTUAL TABLE docs USING fts5(title, body, published UNINDEXED, "
    "tokenize = 'unicode61 remove_diacritics 2')"
)
# One row per deal and article it is about; ``article`` is that article's ``docs`` rowid.
FTS_FACTS = (
    "CREATE VIRTUAL TABLE facts USING fts5(acquirer, target, article UNINDEXED, "
    "tokenize = 'unicode61 remove_diacritics 2')"
)
FTS_COLUMNS = "rowid, title"
FTS_SNIPPET = ", snippet(docs, 1, '[', ']', '…', 16)"
FTS_RANKED = "SELECT {} FROM docs WHERE docs MATCH ?{} ORDER BY bm25(docs, 2.0, 1.0) LIMIT ?"
FTS_IN_DATES = " AND published BETWEEN ? AND ?"
FTS_BY_FACTS = (
    "SELECT {} FROM docs WHERE rowid IN (SELECT article FROM facts WHERE facts MATCH ?) LIMIT ?"
)
FTS_WITH_SNIPPETS = FTS_RANKED.format(FTS_COLUMNS + FTS_SNIPPET, "")


def fts_statement(query: Query, limit: int, snippets: bool) -> tuple[str, tuple[object, ...]]:
    """The SQL and parameters of a query: a fact field is matched on the facts table, a date
    range filters the ``published`` column of the articles the words match."""
    columns = FTS_COLUMNS + FTS_SNIPPET if snippets else FTS_COLUMNS
    if query.on_facts:
        return FTS_BY_FACTS.format(columns), (query.fts, limit)
    if query.published:
        return FTS_RANKED.format(columns, FTS_IN_DATES), (query.fts, *query.published, limit)
    return FTS_RANKED.format(columns, ""), (query.fts, limit)


def time_fts_queries(
    conn: sqlite3.Connection, queries: Iterable[Query], limit: int, snippets: bool
) -> Latency:
    times: list[float] = []
    totals: list[int] = []
    errors = 0
    for query in queries:
        sql, parameters = fts_statement(query, limit, snippets)
        start = time.perf_counter()
        try:
            rows = conn.execute(sql, parameters).fetchall()
        except sqlite3.OperationalError as exc:
            errors += 1
            print(f"    fts5 refused {query.fts!r}: {exc}", file=sys.stderr)
            continue
        times.append(time.perf_counter() - start)
        totals.append(len(rows))
    return latency(times, errors, totals)


def build_whoosh(
    articles: Mapping[str, Article],
    facts: Mapping[str, FactsEntry],
    directory: Path,
    first_query: Query,
    limit: int,
) -> tuple[EngineFigures, WhooshIndex]:
    """Builds the index of the articles and facts, then opens it afresh; returns the figures
    and the opened index. ``sync`` is given the facts too: without, it would drop them."""
    builder = WhooshIndex(directory)
    start = time.perf_counter()
    builder.rebuild(articles, extra=facts)
    build_s = time.perf_counter() - start
    builder.close()

    index = WhooshIndex(directory)
    start = time.perf_counter()
    report = index.sync(articles, extra=facts)
    open_s = time.perf_counter() - start
    start = time.perf_counter()
    index.search(first_query.whoosh, limit=limit, highlight=True)
    first_s = time.perf_counter() - start
    note = f"sync() after rebuild changed the index: {report}" if report.changed else ""
    figures = EngineFigures(
        build_s=build_s,
        articles_per_s=len(articles) / build_s,
        size_mb=directory_size_mb(directory / "whoosh"),
        open_ms=open_s * 1000,
        first_search_ms=first_s * 1000,
        note=note,
    )
    return figures, index


def fts_fact_rows(
    facts: Mapping[str, FactsEntry], rowids: Mapping[str, int]
) -> Iterator[tuple[str, str, int]]:
    """(acquirer, target, article rowid) for each article of each record with an acquirer or
    a target (a deal); several names of a company go in one column, a line each."""
    for entry in facts.values():
        acquirer, target = entry.fields.get("acquirer", ""), entry.fields.get("target", "")
        if acquirer or target:
            for article_id in entry.articles:
                if article_id in rowids:
                    yield acquirer, target, rowids[article_id]


def time_adding(
    index: WhooshIndex, articles: Mapping[str, Article], facts: Mapping[str, FactsEntry]
) -> float:
    """Seconds for the index to take ADDED new articles (generated with another seed), as an
    import of that many articles brings them in: one sync."""
    added = {
        f"added-{n:05d}": replace(article, id=f"added-{n:05d}")
        for n, article in enumerate(synthetic_articles(ADDED, seed=SEED + 1))
    }
    start = time.perf_counter()
    report = index.sync({**articles, **added}, extra=facts)
    elapsed = time.perf_counter() - start
    if report.rebuilt or len(report.added) != ADDED:
        raise SystemExit(f"adding {ADDED} articles did not add them alone: {report}")
    return elapsed


def search_process(
    directory: Path, queries: Mapping[str, list[Query]], limit: int
) -> dict[str, float]:
    """Runs the queries (with snippets) in a fresh process that opens the built index as
    the CLI's ``search`` does, holding no articles: its open and first search, and its peak
    memory (resident set)."""
    wanted = directory / "queries.json"
    wanted.write_text(json.dumps([q.whoosh for qs in queries.values() for q in qs]), "utf-8")
    out = subprocess.run(
        [sys.executable, __file__, "--search-child", str(directory), "--limit", str(limit)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def search_child(directory: Path, limit: int) -> dict[str, float]:
    queries = json.loads((directory / "queries.json").read_text("utf-8"))
    start = time.perf_counter()
    index = WhooshIndex(directory)
    index.search(queries[0], limit=limit, highlight=True)
    first_s = time.perf_counter() - start
    for query in queries:
        with contextlib.suppress(QueryError):
            index.search(query, limit=limit, highlight=True)
    index.close()
    return {
        "open_and_first_search_ms": first_s * 1000,
        "queries": len(queries),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def build_fts(
    articles: Mapping[str, Article],
    facts: Mapping[str, FactsEntry],
    path: Path,
    first_query: Query,
    limit: int,
) -> tuple[EngineFigures, sqlite3.Connection]:
    """Builds the FTS5 tables of the articles and deals (bulk insert, then optimize), then
    opens them afresh."""
    path.unlink(missing_ok=True)
    rowids = {article_id: n for n, article_id in enumerate(articles, 1)}
    start = time.perf_counter()
    conn = sqlite3.connect(path)
    conn.execute(FTS_DOCS)
    conn.execute(FTS_FACTS)
    with conn:
        conn.executemany(
            "INSERT INTO docs(rowid, title, body, published) VALUES (?, ?, ?, ?)",
            (
                (rowids[key], a.title, a.text, a.published.isoformat() if a.published else None)
                for key, a in articles.items()
            ),
        )
        conn.executemany(
            "INSERT INTO facts(acquirer, target, article) VALUES (?, ?, ?)",
            fts_fact_rows(facts, rowids),
        )
    with conn:
        conn.execute("INSERT INTO docs(docs) VALUES ('optimize')")
        conn.execute("INSERT INTO facts(facts) VALUES ('optimize')")
    conn.close()
    build_s = time.perf_counter() - start

    start = time.perf_counter()
    conn = sqlite3.connect(path)
    conn.execute("SELECT count(*) FROM docs_data").fetchone()
    open_s = time.perf_counter() - start
    start = time.perf_counter()
    conn.execute(FTS_WITH_SNIPPETS, (first_query.fts, limit)).fetchall()
    first_s = time.perf_counter() - start
    figures = EngineFigures(
        build_s=build_s,
        articles_per_s=len(articles) / build_s,
        size_mb=directory_size_mb(path),
        open_ms=open_s * 1000,
        first_search_ms=first_s * 1000,
        note="bulk insert + optimize",
    )
    return figures, conn


def bench_archive(
    name: str,
    articles: Mapping[str, Article],
    facts: Mapping[str, FactsEntry],
    prepare_s: float,
    queries: Mapping[str, list[Query]],
    limit: int,
    workdir: Path,
) -> ArchiveReport:
    workdir.mkdir(parents=True, exist_ok=True)
    first_query = queries["one word"][0]
    print(f"  [{name}] building the Whoosh index ...", file=sys.stderr, flush=True)
    whoosh_figures, index = build_whoosh(
        articles, facts, workdir / "whoosh-index", first_query, limit
    )
    print(f"  [{name}] building the FTS5 index ...", file=sys.stderr, flush=True)
    fts_figures, conn = build_fts(articles, facts, workdir / "fts5.sqlite", first_query, limit)
    report = ArchiveReport(
        name=name,
        articles=len(articles),
        words=sum(len(a.text.split()) for a in articles.values()),
        prepare_s=prepare_s,
        whoosh=whoosh_figures,
        fts5=fts_figures,
        fact_records=len(facts),
        deals=len(deal_acquirers(facts)),
        examples={form: [q.whoosh for q in qs[:4]] for form, qs in queries.items()},
    )
    try:
        for form in FORMS:
            for snippets in (True, False):
                print(
                    f"  [{name}] timing {form}, snippets={snippets} ...",
                    file=sys.stderr,
                    flush=True,
                )
                report.forms.append(
                    FormResult(
                        form=form,
                        snippets=snippets,
                        whoosh=time_whoosh_queries(index, queries[form], limit, snippets),
                        fts5=time_fts_queries(conn, queries[form], limit, snippets),
                    )
                )
        print(f"  [{name}] searching in a process of its own ...", file=sys.stderr, flush=True)
        report.search_process = search_process(workdir / "whoosh-index", queries, limit)
        if len(articles) >= ADD_FROM:
            print(f"  [{name}] adding {ADDED:,} articles ...", file=sys.stderr, flush=True)
            report.add_s = time_adding(index, articles, facts)
    finally:
        index.close()
        conn.close()
    return report


# -- printing ----------------------------------------------------------------------------------


def machine() -> dict[str, str | int | None]:
    return {
        "platform": platform.platform(),
        "cpu_count": os.cpu_count(),
        "python": sys.version.split()[0],
        "whoosh-reloaded": metadata.version("whoosh-reloaded"),
        "sqlite": sqlite3.sqlite_version,
    }


def print_machine(info: Mapping[str, object]) -> None:
    print("Search benchmark: Whoosh (WhooshIndex) vs SQLite FTS5")
    print(f"  machine: {info['platform']}, {info['cpu_count']} CPUs")
    print(
        f"  Python {info['python']}, whoosh-reloaded {info['whoosh-reloaded']}, "
        f"SQLite {info['sqlite']}"
    )
    print(f"  run at {dt.datetime.now().isoformat(timespec='seconds')}")


def print_report(report: ArchiveReport, limit: int) -> None:
    print()
    print(
        f"== {report.name}: {report.articles:,} articles, {report.words:,} words, "
        f"{report.fact_records:,} fact records ({report.deals:,} deals with an acquirer) "
        f"(prepared in {report.prepare_s:.1f} s) =="
    )
    print(
        f"{'engine':<22}{'build s':>9}{'articles/s':>12}{'size MB':>9}"
        f"{'open ms':>9}{'1st query ms':>14}"
    )
    for label, fig in (
        ("Whoosh", report.whoosh),
        ("SQLite FTS5", report.fts5),
    ):
        print(
            f"{label:<22}{fig.build_s:>9.2f}{fig.articles_per_s:>12,.0f}{fig.size_mb:>9.1f}"
            f"{fig.open_ms:>9.1f}{fig.first_search_ms:>14.1f}"
        )
        if fig.note:
            print(f"{'':<22}({fig.note})")
    if report.search_process:
        found = report.search_process
        print(
            f"a search process (the index opened, {found['queries']:.0f} queries with "
            f"snippets): open and first search {found['open_and_first_search_ms']:.0f} ms, "
            f"peak memory {found['peak_rss_mb']:,.0f} MB"
        )
    if report.add_s is not None:
        print(
            f"adding {ADDED:,} articles to the Whoosh index (one sync): {report.add_s:.2f} s "
            f"(issue 16's target: under {TARGET_ADD_S:g} s at 100,000)"
        )
    runs = report.forms[0].whoosh.runs if report.forms else 0
    print(
        f"query latency, top {limit}, ms ({runs} queries per row; 'hits' = mean matching "
        "articles for Whoosh)"
    )
    print(
        f"{'form':<22}{'snippets':<10}{'Whoosh p50':>11}{'p95':>9}{'max':>9}"
        f"{'FTS5 p50':>10}{'p95':>8}{'ratio p50':>11}{'p95':>7}{'hits':>8}"
    )
    for row in report.forms:
        w, f = row.whoosh, row.fts5
        errors = f"  ({w.errors} refused)" if w.errors or f.errors else ""
        print(
            f"{row.form:<22}{'with' if row.snippets else 'without':<10}"
            f"{w.p50_ms:>11.2f}{w.p95_ms:>9.2f}{w.max_ms:>9.1f}{f.p50_ms:>10.2f}{f.p95_ms:>8.2f}"
            f"{row.ratio_p50:>10.1f}x{row.ratio_p95:>6.1f}x{w.mean_total:>8.0f}{errors}"
        )
    print(
        "example queries: "
        + "; ".join(
            f"{form}: {', '.join(examples[:3])}" for form, examples in report.examples.items()
        )
    )
    print_targets(report)


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def print_targets(report: ArchiveReport) -> None:
    """The Whoosh figures against the targets set for an archive of this size, if any: the
    build rate on one line, then each form's p95 (and how it compares with FTS5's) on one."""
    for targets in TARGETS:
        if report.articles != targets.size:
            continue
        rate = report.whoosh.articles_per_s
        print(
            f"targets ({targets.issue}, {targets.size:,} articles): build >= "
            f"{targets.build_rate:,.0f} articles/s: {verdict(rate >= targets.build_rate)} "
            f"({rate:,.0f})"
        )
        for form in FORMS:
            rows = [row for row in report.forms if row.form == form]
            verdicts = [
                f"with snippets p95 < {targets.p95_ms:.0f} ms: "
                f"{verdict(row.whoosh.p95_ms < targets.p95_ms)} ({row.whoosh.p95_ms:.1f})"
                for row in rows
                if row.snippets
            ]
            if targets.no_slower_than_fts5:
                verdicts += [
                    f"p95 {'with' if row.snippets else 'without'} snippets <= FTS5's: "
                    f"{verdict(row.whoosh.p95_ms <= row.fts5.p95_ms)} ({row.ratio_p95:.1f}x)"
                    for row in rows
                ]
            print(f"  {form:<22}" + "; ".join(verdicts))


# -- main --------------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes",
        default=DEFAULT_SIZES,
        help="comma-separated synthetic archive sizes (default %(default)s)",
    )
    parser.add_argument(
        "--runs",
        type=int,
        default=200,
        help="queries per form and engine (default %(default)s; the bundled "
        f"archive uses at most {BUNDLED_MAX_RUNS})",
    )
    parser.add_argument("--limit", type=int, default=10, help="results per query (default 10)")
    parser.add_argument(
        "--keep", type=Path, metavar="DIR", help="build the indexes under DIR and keep them"
    )
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write figures as JSON")
    parser.add_argument("--seed", type=int, default=SEED, help="generator seed")
    parser.add_argument("--search-child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument(
        "--without-pairs",
        action="store_true",
        help="index no word pairs (what the pairs cost in build time and size, and give)",
    )
    return parser.parse_args(argv)


def run(args: argparse.Namespace, workroot: Path) -> list[ArchiveReport]:
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    reports: list[ArchiveReport] = []

    start = time.perf_counter()
    loaded = load_articles(BUNDLED_ARTICLES)
    bundled_facts = fact_fields(Library.open(PROJECT_ROOT).store)
    prepare_s = time.perf_counter() - start
    bundled_runs = max(2, min(args.runs, BUNDLED_MAX_RUNS))
    bundled_queries = {form: cycled(BUNDLED_QUERIES[form], bundled_runs) for form in FORMS}
    report = bench_archive(
        "bundled archive",
        loaded.articles,
        bundled_facts,
        prepare_s,
        bundled_queries,
        args.limit,
        workroot / "bundled",
    )
    print_report(report, args.limit)
    reports.append(report)

    for size in sizes:
        name = f"synthetic {size:,}"
        print(f"  [{name}] generating ...", file=sys.stderr, flush=True)
        start = time.perf_counter()
        articles = {a.id: a for a in synthetic_articles(size, args.seed)}
        facts = synthetic_deals(list(articles.values()), args.seed + 1)
        prepare_s = time.perf_counter() - start
        sampler = QuerySampler(
            list(articles.values()),
            FrenchLikeText(args.seed).query_words,
            deal_acquirers(facts),
            args.seed + size,
        )
        queries = {form: sampler.queries(form, args.runs) for form in FORMS}
        report = bench_archive(
            name, articles, facts, prepare_s, queries, args.limit, workroot / f"synthetic-{size}"
        )
        del articles, facts
        print_report(report, args.limit)
        reports.append(report)
    return reports


def to_json(info: Mapping[str, object], reports: list[ArchiveReport]) -> dict[str, object]:
    archives = []
    for report in reports:
        data = asdict(report)
        for row, form in zip(report.forms, data["forms"], strict=True):
            form["ratio_p50"] = row.ratio_p50
            form["ratio_p95"] = row.ratio_p95
        archives.append(data)
    return {
        "machine": dict(info),
        "targets": [asdict(targets) for targets in TARGETS],
        "archives": archives,
    }


def no_common_stems(texts: Iterable[str]) -> frozenset[str]:
    """What ``--without-pairs`` builds the index with: no stem is common, so no pair."""
    return frozenset()


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.search_child:
        print(json.dumps(search_child(args.search_child, args.limit)))
        return 0
    info = machine()
    print_machine(info)
    if args.without_pairs:  # no stem is common: the body's pairs field stays empty
        setattr(search_index, "common_stems", no_common_stems)  # noqa: B010
        print("  without word pairs")
    if args.keep:
        reports = run(args, args.keep.resolve())
    else:
        with tempfile.TemporaryDirectory(prefix="search-bench-") as tmp:
            reports = run(args, Path(tmp))
    if args.json:
        args.json.write_text(json.dumps(to_json(info, reports), indent=1) + "\n", encoding="utf-8")
        print(f"\nfigures written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
