"""Importing from the command line as a user does: a new archive, files in, then search, show
and facts on them; and a batch killed midway leaves an archive that loads and checks clean."""

from __future__ import annotations

import json
import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from archive_gui.core.archive.articles import load_articles
from archive_gui.core.archive.importing import JOURNAL, RAW_DIR
from tests.conftest import PROJECT
from tests.e2e.helpers import cli

DISPATCH = """Horizon Capital prend 18 % de Nuagique
Publié le 14/03/2019

La start-up lyonnaise Nuagique a annoncé jeudi une levée de fonds de 12 millions d'euros. \
Horizon Capital rachète 18 % du capital de Nuagique auprès de ses fondateurs, a indiqué \
Marc Dubois, président de Nuagique.

L'entreprise emploie 85 salariés et prévoit d'ouvrir un centre de données à Villeurbanne.
"""
WORDS = re.findall(
    r"\w+",
    "entreprise société marché cloud données centre hébergement serveur réseau client offre "
    "croissance chiffre affaires millions euros salariés direction stratégie capital fonds "
    "opérateur service contrat région France Europe projet investissement activité",
)


IMPORT = [sys.executable, "-m", "archive_gui", "import"]


def test_init_import_then_search_show_and_facts(tmp_path: Path) -> None:
    archive = tmp_path / "mine"
    made = cli("init", str(archive))
    assert made.returncode == 0, made.stderr
    assert "Made an empty archive" in made.stdout
    source = tmp_path / "depeche.txt"
    source.write_text(DISPATCH, encoding="utf-8")
    imported = cli("import", str(source), "--archive", str(archive), "--json")
    assert imported.returncode == 0, imported.stderr
    (outcome,) = json.loads(imported.stdout)
    assert outcome["status"] == "imported"
    article_id = outcome["id"]
    assert article_id == "horizon-capital-prend-18-de-nuagique"

    found = cli("search", "villeurbanne", "--archive", str(archive))
    assert f"[{article_id}]" in found.stdout
    shown = json.loads(cli("show", article_id, "--json", "--archive", str(archive)).stdout)
    assert shown["published"] == "2019-03-14"
    assert shown["inferred"]["published"] == "printed in the text: «14/03/2019»"
    facts = json.loads(cli("facts", "--json", "--archive", str(archive)).stdout)
    candidates = [r for r in facts if r["review"] == "candidate"]
    assert {"Nuagique", "Horizon Capital"} <= {r.get("name") for r in candidates}
    for record in candidates:
        for passage in record["evidence"]:
            assert passage["article"] == article_id
            assert passage["quote"] in shown["text"]

    page = PROJECT / "tests" / "fixtures" / "import" / "journal-eco-jsonld.html"
    assert cli("import", str(page), "--archive", str(archive)).returncode == 0
    page_id = "datacentres-hexanet-investit-30-millions-d-euros-a-reims"
    shown = json.loads(cli("show", page_id, "--json", "--archive", str(archive)).stdout)
    assert shown["author"] == "Claire Lefebvre, Julien Moreau"
    assert shown["inferred"]["author"] == "the page's JSON-LD data (NewsArticle author)"
    listed = cli("facts", "--json", "--article", page_id, "--archive", str(archive))
    assert "Pierre Girard" in {r.get("name") for r in json.loads(listed.stdout)}
    assert f"[{page_id}]" in cli("search", "hexanet reims", "--archive", str(archive)).stdout

    again = cli("import", str(source), "--archive", str(archive))
    assert f"skipped {source}: already imported as {article_id}" in again.stdout
    assert cli("check", "--archive", str(archive)).returncode == 0


def test_init_refuses_an_existing_archive(tmp_path: Path) -> None:
    assert cli("init", str(tmp_path / "a")).returncode == 0
    again = cli("init", str(tmp_path / "a"))
    assert again.returncode == 2
    assert "already an archive" in again.stderr


def generated_articles(folder: Path, count: int) -> None:
    rng = random.Random(7)
    folder.mkdir()
    for number in range(count):
        paragraphs = [
            " ".join(rng.choice(WORDS) for _ in range(rng.randint(30, 60))) + "." for _ in range(3)
        ]
        text = f"Article numéro {number}\n\n" + "\n\n".join(paragraphs) + "\n"
        (folder / f"{number:04d}.txt").write_text(text, encoding="utf-8")


def archive_is_whole(archive: Path) -> int:
    """Every article loads, and every capture is named by an article (or journalled, to be
    removed at the next open); returns the number of articles."""
    loaded = load_articles(archive / "articles", archive)
    assert loaded.problems == []
    named = {a.source_file for a in loaded.articles.values()}
    raw = archive / "articles" / RAW_DIR
    journal = raw / JOURNAL
    journalled = set(journal.read_text().split()) if journal.exists() else set()
    captures = {p.name for p in raw.iterdir() if p.name != JOURNAL and not p.name.endswith(".tmp")}
    assert captures - named <= journalled
    return len(loaded.articles)


def test_a_batch_killed_midway_leaves_whole_articles_and_running_it_again_finishes(
    tmp_path: Path,
) -> None:
    archive = tmp_path / "mine"
    assert cli("init", str(archive)).returncode == 0
    folder = tmp_path / "pages"
    generated_articles(folder, 400)
    articles = archive / "articles"
    for delay in (0.0, 0.05, 0.2):
        process = subprocess.Popen(
            [*IMPORT, str(folder), "--no-extract", "--archive", str(archive)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        before = len(list(articles.glob("*.md")))
        deadline = time.monotonic() + 60
        while len(list(articles.glob("*.md"))) <= before and time.monotonic() < deadline:
            time.sleep(0.005)
        time.sleep(delay)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        archive_is_whole(archive)
    assert archive_is_whole(archive) < 400, "the kills came too late to interrupt anything"

    finished = cli("import", str(folder), "--no-extract", "--archive", str(archive))
    assert finished.returncode == 0, finished.stderr
    assert archive_is_whole(archive) == 400
    assert not (articles / RAW_DIR / JOURNAL).exists()
    checked = cli("check", "--archive", str(archive))
    assert checked.returncode == 0, checked.stdout
    found = cli("search", "numéro", "--archive", str(archive), "--limit", "1")
    assert found.stdout.startswith("400 results")
