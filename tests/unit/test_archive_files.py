"""Files that are not what they seem: one bad value in an article, a duplicate article, a
passage naming an unknown article, temporary files left by killed saves. Each is one problem
at its own file and line, and no record that points to a good article disappears."""

from __future__ import annotations

import os
import time
from pathlib import Path

from archive_gui.core.archive.problems import Problem
from archive_gui.core.library import Library
from tests.conftest import article_file

FLUXUS = "fluxus-passe-sous-drapeau-anglais"
BUNDLED_RECORDS = 74


def open_library(root: Path) -> Library:
    library = Library.open(root)
    library.close()
    return library


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]


def test_a_typo_in_an_articles_date_is_one_problem_at_its_line(archive: Path) -> None:
    path = archive / "articles" / f"{FLUXUS}.md"
    text = path.read_text("utf-8")
    assert "published: 2001-04-04\n" in text
    path.write_text(text.replace("published: 2001-04-04", "published: 2002-13-01"), "utf-8")
    library = open_library(archive)
    [problem] = library.problems
    assert (problem.path.name, problem.line) == (path.name, 6)
    assert "bad date '2002-13-01'" in problem.message
    article = library.articles[FLUXUS]
    assert article.published is None
    assert "published" in article.flagged
    assert len(library.store) == BUNDLED_RECORDS
    assert "fluxus" in library.store
    assert not library.read_only


def test_a_duplicate_article_keeps_the_one_the_facts_point_to(archive: Path) -> None:
    # The stray file's name sorts first: it must not take the id from the real article.
    stray = archive / "articles" / "aaa-brouillon.md"
    stray.write_text(article_file(FLUXUS, "Un brouillon sans rapport.\n"), "utf-8")
    library = open_library(archive)
    assert library.articles[FLUXUS].path == archive / "articles" / f"{FLUXUS}.md"
    [problem] = library.problems
    assert (problem.path, problem.line) == (stray, 2)
    assert f"duplicate id '{FLUXUS}'" in problem.message
    assert f"{FLUXUS}.md" in problem.message
    assert len(library.store) == BUNDLED_RECORDS


def test_a_passage_naming_an_unknown_article_flags_that_passage_only(archive: Path) -> None:
    facts = archive / "facts.yaml"
    text = facts.read_text("utf-8")
    marker = f"  - article: {FLUXUS}\n"
    line = text[: text.index(marker)].count("\n") + 1
    facts.write_text(text.replace(marker, "  - article: fluxus-typo\n", 1), "utf-8")
    library = open_library(archive)
    [problem] = library.problems
    assert (problem.path, problem.line, problem.severity) == (facts, line, "warning")
    assert "'fluxus-typo', which is not in the archive" in problem.message
    assert len(library.store) == BUNDLED_RECORDS
    assert any(e.anchor.article == "fluxus-typo" for e in library.store["fluxus"].evidence)
    assert not library.read_only


def test_an_article_that_cannot_load_costs_one_warning_per_article_in_the_facts(
    archive: Path,
) -> None:
    (archive / "articles" / f"{FLUXUS}.md").write_bytes(b"---\nid: [\n---\n")
    library = open_library(archive)
    [broken] = library.article_problems
    assert (broken.path.name, broken.line) == (f"{FLUXUS}.md", 2)
    [passages] = library.facts.problems
    assert passages.severity == "warning"
    assert f"article '{FLUXUS}'" in passages.message
    assert len(library.store) == BUNDLED_RECORDS
    assert not library.read_only


def test_an_impossible_date_in_the_facts_is_one_problem_at_its_line(archive: Path) -> None:
    facts = archive / "facts.yaml"
    text = facts.read_text("utf-8")
    marker = "  announced: '2015-12-02'\n"
    line = text[: text.index(marker)].count("\n") + 1
    facts.write_text(text.replace(marker, "  announced: 2015-02-30\n", 1), "utf-8")
    library = open_library(archive)
    [problem] = library.problems
    assert (problem.path, problem.line) == (facts, line)
    assert "bad date '2015-02-30'" in problem.message
    # The faulty record is left out (the file is read-only until fixed), nothing else.
    assert len(library.store) == BUNDLED_RECORDS - 1


def test_stale_temporary_files_of_killed_saves_are_removed_on_open(archive: Path) -> None:
    old = time.time() - 3600
    stale = archive / ".facts.yaml.k3x9q2ab.tmp"
    dead_backup = archive / f".facts.yaml.bak.{dead_pid()}.tmp"
    fresh = archive / ".facts.yaml.z8w7v6ut.tmp"
    live_backup = archive / f".facts.yaml.bak.{os.getpid()}.tmp"
    other = archive / ".notes.txt.abc.tmp"
    for path in (stale, dead_backup, fresh, live_backup, other):
        path.write_text("partial", "utf-8")
    for path in (stale, other):
        os.utime(path, (old, old))
    open_library(archive)
    assert not stale.exists()
    assert not dead_backup.exists()
    assert fresh.exists()  # it may be a save in progress
    assert live_backup.exists()
    assert other.exists()


def dead_pid() -> int:
    """A process id that no process has."""
    pid = 4_000_000
    while True:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return pid
        except PermissionError:
            pass
        pid -= 1
