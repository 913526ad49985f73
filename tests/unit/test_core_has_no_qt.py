"""The core stays free of Qt: the CLI and the tests use it without a GUI toolkit."""

from __future__ import annotations

import subprocess
import sys


def test_importing_the_core_and_cli_does_not_import_pyside6() -> None:
    code = (
        "import sys, archive_gui, archive_gui.cli, archive_gui.core.search, "
        "archive_gui.core.library, archive_gui.core.articles; "
        "print(sorted(m for m in sys.modules if m.startswith('PySide6')))"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "[]"
