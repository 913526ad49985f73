"""Search benchmark: Whoosh (the app's ``WhooshIndex``) against SQLite FTS5 on the same articles.

For the bundled archive (the project's ``articles/`` folder) and for synthetic French-like
archives of N generated articles, it prints:

- the index build time and rate (``WhooshIndex(dir).rebuild`` as in the app: one process per
  core from 1,500 articles on; FTS5 bulk insert plus ``optimize``, one process) and the index
  size on disk;
- the time to open an existing index (a fresh ``WhooshIndex``: its first ``sync()``, which opens
  the index and checks the manifest, then a first search; for FTS5: connect and a first query);
- query latency p50 and p95 in milliseconds for four query forms (one word, two words with AND,
  a phrase of two adjacent words, a 3-4 letter prefix), each with snippets (Whoosh
  ``highlight=True``, FTS5 ``snippet()``) and without, and the Whoosh/FTS5 ratios.

It only prints figures; it never asserts. The targets it reports against: build >= 400
articles/s and p95 < 30 ms for every query form with snippets at 10,000 articles.

Run it from the project root::

    .venv/bin/python bench/search_bench.py                     # bundled + 1,000 and 10,000
    .venv/bin/python bench/search_bench.py --sizes 100000 --runs 100 --json bench.json
    .venv/bin/python bench/search_bench.py --sizes 1000 --keep /tmp/bench-indexes

Queries are drawn from the generated text (word frequencies follow a Zipf-like law, so common
words are common) and vary from run to run. The page cache is warm: "open" is not a cold start.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from importlib import metadata
from itertools import accumulate, pairwise
from pathlib import Path

from archive_gui.core.archive.articles import Article, content_hash, load_articles
from archive_gui.core.search.analysis import FOLDED_STOPWORDS
from archive_gui.core.search.index import WhooshIndex
from archive_gui.core.search.results import QueryError
from archive_gui.core.text import fold

BUNDLED_ARTICLES = Path(__file__).resolve().parents[1] / "articles"
DEFAULT_SIZES = "1000,10000"
SEED = 20240501
BUNDLED_MAX_RUNS = 50
TARGET_BUILD_RATE = 400.0
TARGET_P95_MS = 30.0
TARGET_SIZE = 10_000

FORMS = ("one word", "two words AND", "phrase", "prefix")

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


# -- queries -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Query:
    """One query in the two syntaxes."""

    whoosh: str
    fts: str


def fts_prefix(prefix: str) -> str:
    return fold(prefix) + "*"


def one_word(word: str) -> Query:
    return Query(word, word)


def two_words(a: str, b: str) -> Query:
    return Query(f"{a} AND {b}", f"{a} AND {b}")


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
}


class QuerySampler:
    """Draws queries from random places of random articles, so common words come up often."""

    def __init__(self, articles: Sequence[Article], query_words: frozenset[str], seed: int) -> None:
        self._articles = articles
        self._query_words = query_words
        self._rng = random.Random(seed)

    def _tokens(self) -> list[str]:
        article = self._rng.choice(self._articles)
        return article.text.split()

    def _word(self, tokens: list[str], min_length: int = 4) -> str:
        candidates = [
            t.lower() for t in tokens if t.lower() in self._query_words and len(t) >= min_length
        ]
        return self._rng.choice(candidates)

    def one_word(self) -> Query:
        return one_word(self._word(self._tokens()))

    def two_words(self) -> Query:
        tokens = self._tokens()
        first = self._word(tokens)
        second = first
        while second == first:
            second = self._word(tokens)
        return two_words(first, second)

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
            "phrase": self.phrase,
            "prefix": self.prefix,
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
    forms: list[FormResult] = field(default_factory=list)
    examples: dict[str, list[str]] = field(default_factory=dict)


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


FTS_WITH_SNIPPETS = (
    "SELECT rowid, title, snippet(docs, 1, '[', ']', '…', 16) FROM docs WHERE docs MATCH ? "
    "ORDER BY bm25(docs, 2.0, 1.0) LIMIT ?"
)
FTS_WITHOUT_SNIPPETS = (
    "SELECT rowid, title FROM docs WHERE docs MATCH ? ORDER BY bm25(docs, 2.0, 1.0) LIMIT ?"
)


def time_fts_queries(
    conn: sqlite3.Connection, queries: Iterable[Query], limit: int, snippets: bool
) -> Latency:
    sql = FTS_WITH_SNIPPETS if snippets else FTS_WITHOUT_SNIPPETS
    times: list[float] = []
    totals: list[int] = []
    errors = 0
    for query in queries:
        start = time.perf_counter()
        try:
            rows = conn.execute(sql, (query.fts, limit)).fetchall()
        except sqlite3.OperationalError as exc:
            errors += 1
            print(f"    fts5 refused {query.fts!r}: {exc}", file=sys.stderr)
            continue
        times.append(time.perf_counter() - start)
        totals.append(len(rows))
    return latency(times, errors, totals)


def build_whoosh(
    articles: Mapping[str, Article], directory: Path, first_query: Query, limit: int
) -> tuple[EngineFigures, WhooshIndex]:
    """Builds the index, then opens it afresh; returns the figures and the opened index."""
    builder = WhooshIndex(directory)
    start = time.perf_counter()
    builder.rebuild(articles)
    build_s = time.perf_counter() - start
    builder.close()

    index = WhooshIndex(directory)
    start = time.perf_counter()
    report = index.sync(articles)
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


def build_fts(
    articles: Mapping[str, Article], path: Path, first_query: Query, limit: int
) -> tuple[EngineFigures, sqlite3.Connection]:
    """Builds the FTS5 table (bulk insert, then optimize), then opens it afresh."""
    path.unlink(missing_ok=True)
    start = time.perf_counter()
    conn = sqlite3.connect(path)
    conn.execute(
        "CREATE VIRTUAL TABLE docs USING fts5(title, body, "
        "tokenize = 'unicode61 remove_diacritics 2')"
    )
    with conn:
        conn.executemany(
            "INSERT INTO docs(rowid, title, body) VALUES (?, ?, ?)",
            ((n, a.title, a.text) for n, a in enumerate(articles.values(), 1)),
        )
    with conn:
        conn.execute("INSERT INTO docs(docs) VALUES ('optimize')")
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
    prepare_s: float,
    queries: Mapping[str, list[Query]],
    limit: int,
    workdir: Path,
) -> ArchiveReport:
    workdir.mkdir(parents=True, exist_ok=True)
    first_query = queries["one word"][0]
    print(f"  [{name}] building the Whoosh index ...", file=sys.stderr, flush=True)
    whoosh_figures, index = build_whoosh(articles, workdir / "whoosh-index", first_query, limit)
    print(f"  [{name}] building the FTS5 index ...", file=sys.stderr, flush=True)
    fts_figures, conn = build_fts(articles, workdir / "fts5.sqlite", first_query, limit)
    report = ArchiveReport(
        name=name,
        articles=len(articles),
        words=sum(len(a.text.split()) for a in articles.values()),
        prepare_s=prepare_s,
        whoosh=whoosh_figures,
        fts5=fts_figures,
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
        f"== {report.name}: {report.articles:,} articles, {report.words:,} words "
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
    runs = report.forms[0].whoosh.runs if report.forms else 0
    print(
        f"query latency, top {limit}, ms ({runs} queries per row; 'hits' = mean matching "
        "articles for Whoosh)"
    )
    print(
        f"{'form':<15}{'snippets':<10}{'Whoosh p50':>11}{'p95':>9}{'max':>9}"
        f"{'FTS5 p50':>10}{'p95':>8}{'ratio p50':>11}{'p95':>7}{'hits':>8}"
    )
    for row in report.forms:
        w, f = row.whoosh, row.fts5
        errors = f"  ({w.errors} refused)" if w.errors or f.errors else ""
        print(
            f"{row.form:<15}{'with' if row.snippets else 'without':<10}"
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


def print_targets(report: ArchiveReport) -> None:
    """The Whoosh figures against the targets, which are set for an archive of TARGET_SIZE."""
    if report.articles != TARGET_SIZE:
        return
    rate = report.whoosh.articles_per_s
    verdicts = [
        f"build >= {TARGET_BUILD_RATE:.0f} articles/s: "
        f"{'ok' if rate >= TARGET_BUILD_RATE else 'MISSED'} ({rate:,.0f})"
    ]
    for row in report.forms:
        if row.snippets:
            ok = row.whoosh.p95_ms < TARGET_P95_MS
            verdicts.append(
                f"{row.form} with snippets p95 < {TARGET_P95_MS:.0f} ms: "
                f"{'ok' if ok else 'MISSED'} ({row.whoosh.p95_ms:.1f})"
            )
    print("targets: " + "; ".join(verdicts))


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
    return parser.parse_args(argv)


def run(args: argparse.Namespace, workroot: Path) -> list[ArchiveReport]:
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    reports: list[ArchiveReport] = []

    start = time.perf_counter()
    loaded = load_articles(BUNDLED_ARTICLES)
    prepare_s = time.perf_counter() - start
    bundled_runs = max(2, min(args.runs, BUNDLED_MAX_RUNS))
    bundled_queries = {form: cycled(qs, bundled_runs) for form, qs in BUNDLED_QUERIES.items()}
    report = bench_archive(
        "bundled archive",
        loaded.articles,
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
        prepare_s = time.perf_counter() - start
        sampler = QuerySampler(
            list(articles.values()), FrenchLikeText(args.seed).query_words, args.seed + size
        )
        queries = {form: sampler.queries(form, args.runs) for form in FORMS}
        report = bench_archive(
            name, articles, prepare_s, queries, args.limit, workroot / f"synthetic-{size}"
        )
        del articles
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
    return {"machine": dict(info), "archives": archives}


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    info = machine()
    print_machine(info)
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
