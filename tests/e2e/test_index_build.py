"""Building a large index in several processes, from the CLI and from a careless script."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from whoosh import index as windex

from archive_gui.core.archive.fileio import process_alive
from archive_gui.core.search.bulk import PARALLEL_FROM
from tests.conftest import PROJECT, article_file, mixed_articles


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    return subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=cwd,
        env=env,
        check=False,
    )


def test_the_cli_builds_a_large_archive_in_several_segments(empty_archive: Path) -> None:
    articles = mixed_articles(PARALLEL_FROM + 50)
    for article in articles.values():
        (empty_archive / "articles" / f"{article.id}.md").write_text(
            article_file(article.id, article.text), "utf-8"
        )
    built = run("-m", "archive_gui", "index", "--archive", str(empty_archive))
    assert built.returncode == 0, built.stderr
    assert f"Built the index of {len(articles)} articles" in built.stdout
    ix = windex.open_dir(str(empty_archive / "index" / "whoosh"))
    assert len(ix._segments()) >= 2
    assert ix.doc_count() == len(articles)
    ix.close()
    found = run("-m", "archive_gui", "search", "cloud", "--archive", str(empty_archive))
    assert found.returncode == 0, found.stderr
    assert "results for 'cloud'" in found.stdout.splitlines()[0]


def test_a_script_that_cannot_start_processes_still_gets_its_index(tmp_path: Path) -> None:
    # No ``if __name__ == "__main__"``: the spawned workers would run the script again, and
    # fail. The build goes on in the script's own process.
    script = tmp_path / "careless.py"
    script.write_text(
        "from pathlib import Path\n"
        "from archive_gui.core.search.index import WhooshIndex\n"
        "from tests.conftest import mixed_articles\n"
        "index = WhooshIndex(Path('index'), processes=2)\n"
        "index.rebuild(mixed_articles(40))\n"
        "print(index.search('cloud').total, 'found')\n",
        "utf-8",
    )
    done = run(str(script), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("found")
    assert int(done.stdout.split()[-2]) > 0
    assert "indexing in one process" in done.stderr
    # The workers' failed builds left no staging folder behind.
    assert sorted(p.name for p in (tmp_path / "index").iterdir()) == ["manifest.json", "whoosh"]


def test_the_indexing_processes_end_with_the_process_that_started_them(tmp_path: Path) -> None:
    """A build killed mid-way (the window killed, a crash) leaves no indexing process behind."""
    script = tmp_path / "build.py"
    script.write_text(
        "import os, sys\n"
        "from pathlib import Path\n"
        "from archive_gui.core.search.index import WhooshIndex\n"
        "from tests.conftest import mixed_articles\n"
        "if __name__ == '__main__':\n"
        "    def progress(done, total):\n"
        "        if done:\n"
        "            print(' '.join(str(c.pid) for c in __import__('multiprocessing')"
        ".active_children()), flush=True)\n"
        "            os.kill(os.getpid(), 9)\n"
        "    WhooshIndex(Path('index'), processes=2).rebuild(mixed_articles(3000), progress)\n",
        "utf-8",
    )
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    killed = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, cwd=tmp_path, env=env,
        timeout=300, check=False,
    )  # fmt: skip
    assert killed.returncode == -9, killed.stderr
    workers = [int(pid) for pid in killed.stdout.split()]
    assert workers
    deadline = time.monotonic() + 20
    while any(process_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(process_alive(pid) for pid in workers)
