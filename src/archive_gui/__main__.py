"""Entry point of ``archive-gui`` and ``python -m archive_gui``."""

from __future__ import annotations

import os
import sys

from archive_gui.cli import run


def main() -> None:
    try:
        status = run()
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (``archive-gui search x | head``): not an error worth a traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        status = 141
    sys.exit(status)


if __name__ == "__main__":
    main()
