"""Scores extraction against the curated records of the bundled archive and prints the figures.

For each article, extraction runs against an empty store (so nothing is resolved away) and its
candidates are matched to the curated records that have a passage in that article:

- organisations and people: the candidate's name is the record's name or one of its aliases
  (case and accents folded);
- deals: the candidate's acquirer and target name the record's acquirer and target;
- figures: same value (within 1 %) and same unit or currency.

Precision is the share of candidates that match a curated record; recall the share of curated
records (with a passage in the article) that some candidate matches.

Then the same on every labelled set of ``tests/data/extraction/`` (``dev``, which the deal
patterns were written against, then the held-out sets in the order they were written: see
docs/benchmarks.md for which were measured before anyone read their misses), scored by
``archive_gui.core.facts.evaluation``, with the share of deals found whose sellers and stakes,
amount and status are right, and of figures found given to the right company. Run:

    .venv/bin/python bench/extraction_bench.py [--archive DIR] [--misses]
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from collections import defaultdict
from pathlib import Path

from archive_gui.core.archive.articles import load_articles
from archive_gui.core.facts.evaluation import evaluate
from archive_gui.core.facts.extraction import Extractor, load_pipeline
from archive_gui.core.facts.file import load_facts
from archive_gui.core.facts.records import Company, Deal, FactStore, Figure, Person, Record
from archive_gui.core.text import fold

KINDS = ("company", "person", "deal", "figure")


def _names(record: Record | None) -> set[str]:
    if isinstance(record, Company | Person):
        return {fold(n) for n in record.names()}
    return set()


def matches(candidate: Record, curated: Record, candidates: FactStore, truth: FactStore) -> bool:
    """Whether a candidate stands for a curated record (see the module's docstring)."""
    if candidate.KIND != curated.KIND:
        return False
    if isinstance(candidate, Company | Person):
        return bool(_names(candidate) & _names(curated))
    if isinstance(candidate, Deal) and isinstance(curated, Deal):

        def same(candidate_id: str | None, curated_id: str | None) -> bool:
            found = candidates.get(candidate_id) if candidate_id else None
            wanted = truth.get(curated_id) if curated_id else None
            return bool(_names(found) & _names(wanted))

        return same(candidate.acquirer, curated.acquirer) and same(candidate.target, curated.target)
    if isinstance(candidate, Figure) and isinstance(curated, Figure):
        close = abs(candidate.value - curated.value) <= 0.01 * max(abs(curated.value), 1)
        return close and candidate.unit == curated.unit
    return False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--archive", type=Path, default=Path(__file__).resolve().parents[1])
    parser.add_argument("--misses", action="store_true", help="list what each set got wrong")
    args = parser.parse_args()
    articles = load_articles(args.archive / "articles").articles
    truth = load_facts(args.archive / "facts.yaml", articles).store

    python = sys.version.split()[0]
    print(f"machine: {platform.platform()}, {os.cpu_count()} CPUs, Python {python}")
    started = time.perf_counter()
    load_pipeline()
    print(f"spaCy pipeline loaded in {time.perf_counter() - started:.2f} s")

    true_pos: dict[str, int] = defaultdict(int)
    proposed: dict[str, int] = defaultdict(int)
    found: dict[str, int] = defaultdict(int)
    expected: dict[str, int] = defaultdict(int)
    elapsed = 0.0
    for article in articles.values():
        candidates = FactStore()
        started = time.perf_counter()
        for record in Extractor(candidates).extract(article):
            candidates.add(record)
        elapsed += time.perf_counter() - started
        curated = [r for r in truth if any(e.anchor.article == article.id for e in r.evidence)]
        for kind in KINDS:
            mine = candidates.of_kind(kind)
            theirs = [r for r in curated if kind == r.KIND]
            proposed[kind] += len(mine)
            expected[kind] += len(theirs)
            true_pos[kind] += sum(
                any(matches(c, t, candidates, truth) for t in theirs) for c in mine
            )
            found[kind] += sum(any(matches(c, t, candidates, truth) for c in mine) for t in theirs)

    print(f"extraction of {len(articles)} articles: {elapsed:.2f} s\n")
    print(f"{'kind':<10}{'candidates':>12}{'curated':>10}{'precision':>12}{'recall':>10}")
    for kind in KINDS:
        precision = true_pos[kind] / proposed[kind] if proposed[kind] else 0.0
        recall = found[kind] / expected[kind] if expected[kind] else 0.0
        print(
            f"{kind:<10}{proposed[kind]:>12}{expected[kind]:>10}{precision:>12.2f}{recall:>10.2f}"
        )
    for name in LABELLED_SETS:
        print_set(name, args.misses)
    return 0


SETS_FOLDER = Path(__file__).resolve().parents[1] / "tests" / "data" / "extraction"
# every labelled set, the development set first, then the others in the order they were written
LABELLED_SETS = sorted(
    (folder.name for folder in SETS_FOLDER.iterdir() if (folder / "expected.yaml").exists()),
    key=lambda name: (name != "dev", name.replace("heldout-b", "heldout1b")),
)


def print_set(name: str, misses: bool) -> None:
    result = evaluate(SETS_FOLDER / name)
    per_article = 1000 * result.seconds / max(result.articles, 1)
    print(f"\n{name} set: {result.articles} articles, {per_article:.0f} ms an article")
    print(f"{'kind':<10}{'candidates':>12}{'expected':>10}{'precision':>12}{'recall':>10}")
    for kind, score in result.scores.items():
        print(
            f"{kind:<10}{score.proposed:>12}{score.expected:>10}"
            f"{score.precision:>12.2f}{score.recall:>10.2f}"
        )
    for detail, checks in result.deal_details.items():
        print(f"deals found with the right {detail}: {result.share(checks):.2f} of {len(checks)}")
    share = result.share(result.figure_entities)
    print(f"figures found given to the right company: {share:.2f} of {len(result.figure_entities)}")
    if misses:
        print("\n".join(result.misses))


if __name__ == "__main__":
    sys.exit(main())
