"""Whether Qt can open a window here, checked before Qt is asked (it aborts otherwise)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

HEADLESS_PLATFORMS = ("offscreen", "minimal", "vnc")


def missing_display_reason(env: Mapping[str, str] | None = None) -> str | None:
    """Why no window can open, in one line, or None when one can."""
    env = os.environ if env is None else env
    platform = env.get("QT_QPA_PLATFORM", "")
    if platform.startswith(HEADLESS_PLATFORMS) or env.get("WAYLAND_DISPLAY"):
        return None
    display = env.get("DISPLAY", "")
    if not display:
        return "no display found (DISPLAY is not set)"
    if display.startswith(":"):
        number = display[1:].split(".")[0]
        if number.isdigit() and not Path(f"/tmp/.X11-unix/X{number}").exists():
            return f"no X server answers on DISPLAY={display}"
    return None
