"""The command line on an archive with one faulty value: one warning, at its file and line."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import PROJECT
from tests.e2e.test_cli import cli

FLUXUS = "fluxus-passe-sous-drapeau-anglais"


def test_a_typo_in_an_articles_date_is_one_warning_and_the_article_is_still_found(
    bundled_archive: Path,
) -> None:
    shutil.copyfile(PROJECT / "facts.yaml", bundled_archive / "facts.yaml")
    path = bundled_archive / "articles" / f"{FLUXUS}.md"
    path.write_text(
        path.read_text("utf-8").replace("published: 2001-04-04", "published: 2002-13-01"), "utf-8"
    )
    run = cli("search", "company:Fluxus", "--archive", str(bundled_archive))
    assert run.returncode == 0, run.stderr
    [warning] = [line for line in run.stderr.splitlines() if line.startswith("warning:")]
    assert f"{path}:6: bad date '2002-13-01'" in warning
    assert FLUXUS in run.stdout
    check = cli("check", "--archive", str(bundled_archive))
    assert check.returncode == 1
    assert check.stdout.count(f"{path}:6:") == 1
    assert "(5 articles, 74 records)" in check.stdout
