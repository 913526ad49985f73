"""Running the command line as a user does."""

from __future__ import annotations

import subprocess
import sys

Run = subprocess.CompletedProcess[str]


def cli(*args: str | bytes, env: dict[str, str] | None = None, timeout: float = 300) -> Run:
    """``archive-gui`` with these arguments, in a process of its own: output and status."""
    return subprocess.run(
        [sys.executable, "-m", "archive_gui", *args],
        capture_output=True,
        text=True,
        errors="replace",
        timeout=timeout,
        env=env,
        check=False,
    )
