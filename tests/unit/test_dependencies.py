"""What the project depends on: a core free of Qt, and a Whoosh that imports cleanly."""

from __future__ import annotations

import subprocess
import sys


def test_importing_the_core_and_cli_does_not_import_pyside6() -> None:
    code = (
        "import sys, archive_gui, archive_gui.cli, archive_gui.core.search.index, "
        "archive_gui.core.library, archive_gui.core.archive.articles; "
        "print(sorted(m for m in sys.modules if m.startswith('PySide6')))"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "[]"


def test_whoosh_compiles_without_warnings(tmp_path: object) -> None:
    """The pinned Whoosh fork must import cleanly when compiled fresh with warnings as errors."""
    code = "import whoosh.index, whoosh.analysis, whoosh.qparser, whoosh.lang.snowball.french"
    env = {"PYTHONPYCACHEPREFIX": str(tmp_path), "PATH": "/usr/bin:/bin"}
    subprocess.run([sys.executable, "-W", "error", "-c", code], check=True, env=env)
