"""The command line on an archive with one faulty value: one warning, at its file and line."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.helpers import cli

FLUXUS = "fluxus-passe-sous-drapeau-anglais"


def test_a_typo_in_an_articles_date_is_one_warning_and_the_article_is_still_found(
    archive: Path,
) -> None:
    path = archive / "articles" / f"{FLUXUS}.md"
    path.write_text(
        path.read_text("utf-8").replace("published: 2001-04-04", "published: 2002-13-01"), "utf-8"
    )
    run = cli("search", "company:Fluxus", "--archive", str(archive))
    assert run.returncode == 0, run.stderr
    [warning] = [line for line in run.stderr.splitlines() if line.startswith("warning:")]
    assert f"{path}:6: bad date '2002-13-01'" in warning
    assert FLUXUS in run.stdout
    check = cli("check", "--archive", str(archive))
    assert check.returncode == 1
    assert check.stdout.count(f"{path}:6:") == 1
    assert "(5 articles, 74 records)" in check.stdout
