"""Measures the window on the bundled archive: time to first paint, search latency, memory.

Run: ``.venv/bin/python bench/gui_bench.py [--runs N]``. Each start-up is a fresh process
(``python bench/gui_bench.py --child``) timed from its first line to the first paint of the
main window, with the index already built (the usual case) and with no index (first start).
Search latency is measured in-process from the moment a query is sent (after the 250 ms
typing pause that search-as-you-type waits for) to the results being shown. Memory is the
process's peak resident size once the window is up, indexed and has answered a search.
Qt runs offscreen (``QT_QPA_PLATFORM=offscreen``) unless a display is set. Interleaved with the
app's warm starts, a bare PySide6 window (a QMainWindow with a label) is started the same way:
the ratio of the two first paints at p95 holds from one machine to another. A first, untimed
start warms the caches, and the children may write compiled modules (``.pyc``) as Python does
by default.
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import platform  # noqa: E402
import resource  # noqa: E402
import shutil  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import TYPE_CHECKING  # noqa: E402

if TYPE_CHECKING:  # Qt is imported by each child, inside the time it measures
    from PySide6.QtWidgets import QWidget

PROJECT = Path(__file__).resolve().parents[1]
QUERIES = ("cloud", "numergy", "cloud souverain", '"salle blanche"', "héberg*", "date:2015",
           "acquirer:SFR", "fluxus NOT numergy", "orange cloudwatt", "lovera")  # fmt: skip


def show_until_painted(window: QWidget) -> float:
    """Shows the window at the benchmark's size; the seconds from this process's start to
    its first paint."""
    from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer

    loop = QEventLoop()
    painted: list[float] = []

    class FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and not painted:
                painted.append(time.perf_counter() - STARTED)
                QTimer.singleShot(0, loop.quit)
            return super().eventFilter(watched, event)

    spy = FirstPaint(window)
    window.installEventFilter(spy)
    window.resize(1400, 850)
    window.show()
    loop.exec()
    window.removeEventFilter(spy)
    return painted[0]


def child(archive: Path, searches: int) -> dict[str, float]:
    """One start of the app: time to first paint, then search latencies and memory."""
    from PySide6.QtCore import QEventLoop, QSettings
    from PySide6.QtWidgets import QApplication

    from archive_gui.core.library import Library
    from archive_gui.ui.main_window import MainWindow

    app = QApplication(sys.argv[:1])
    settings = QSettings(str(archive / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(Library.open(archive), settings)
    figures = {"first_paint_s": show_until_painted(window)}
    assert window.worker is not None
    if "indexed" not in window.index_status.text():
        indexed = QEventLoop()
        failures: list[str] = []
        window.worker.worker.index_ready.connect(indexed.quit)
        for failed in (window.worker.worker.index_failed, window.worker.worker.facts_failed):
            failed.connect(failures.append)
            failed.connect(indexed.quit)
        indexed.exec()
        if failures:
            raise SystemExit(f"the window could not open the archive: {failures[0]}")
    figures["index_ready_s"] = time.perf_counter() - STARTED
    latencies = []
    for i in range(searches):
        query = QUERIES[i % len(QUERIES)]
        shown = QEventLoop()
        window.search_pane.model.modelReset.connect(shown.quit)
        begin = time.perf_counter()
        window.search_pane.set_query(query)
        shown.exec()
        latencies.append((time.perf_counter() - begin) * 1000)
        window.search_pane.model.modelReset.disconnect(shown.quit)
    latencies.sort()
    figures["search_p50_ms"] = statistics.median(latencies)
    figures["search_p95_ms"] = latencies[int(0.95 * (len(latencies) - 1))]
    figures["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    window.close()
    window.deleteLater()
    app.processEvents()
    return figures


def bare_child() -> dict[str, float]:
    """A bare PySide6 window (a QMainWindow with a label), timed to its first paint as the
    app is: what any Qt program on this machine pays, the yardstick of the app's start."""
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setCentralWidget(QLabel("Archive Browser"))
    figures = {"first_paint_s": show_until_painted(window)}
    window.close()
    app.processEvents()
    return figures


def run_child(archive: Path | None, searches: int = 1) -> dict[str, float]:
    """A child process: the app on ``archive``, or the bare window for None."""
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    # As on a user's machine, Python caches compiled modules (this sandbox turns that off).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    which = ["--bare"] if archive is None else ["--child", str(archive)]
    out = subprocess.run(
        [sys.executable, __file__, *which, "--searches", str(searches)],
        capture_output=True, text=True, check=True, env=env,
    )  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="starts of each kind (default 5)")
    parser.add_argument("--searches", type=int, default=50, help="searches per start")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--bare", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.bare:
        print(json.dumps(bare_child()))
        return 0
    if args.child:
        print(json.dumps(child(args.child, args.searches)))
        return 0

    print(f"machine: {platform.platform()}, {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
    print(f"Qt platform: {os.environ.get('QT_QPA_PLATFORM', 'offscreen')}")
    with tempfile.TemporaryDirectory() as folder:
        archive = Path(folder) / "archive"
        shutil.copytree(PROJECT / "articles", archive / "articles")
        shutil.copy(PROJECT / "facts.yaml", archive / "facts.yaml")
        run_child(archive, 1)  # warms the page cache and the compiled-module cache
        cold = []
        for _ in range(args.runs):
            shutil.rmtree(archive / "index", ignore_errors=True)
            cold.append(run_child(archive, 1))
        run_child(None)  # the bare window's modules into the caches too
        warm, bare = [], []
        for _ in range(args.runs):  # interleaved: both see the machine as it is then
            warm.append(run_child(archive, args.searches))
            bare.append(run_child(None))

    def row(label: str, values: list[float], unit: str) -> None:
        values = sorted(values)
        print(f"{label:<44}{statistics.median(values):>9.3f}{values[-1]:>9.3f} {unit}")

    print(f"{'':<44}{'median':>9}{'max':>9}")
    row("first paint, index already built", [f["first_paint_s"] for f in warm], "s")
    row("first paint, no index yet (first start)", [f["first_paint_s"] for f in cold], "s")
    row("index ready, no index yet", [f["index_ready_s"] for f in cold], "s")
    row("search shown after the typing pause, p50", [f["search_p50_ms"] for f in warm], "ms")
    row("search shown after the typing pause, p95", [f["search_p95_ms"] for f in warm], "ms")
    row("peak memory (RSS) after index + searches", [f["peak_rss_mb"] for f in warm], "MB")
    app_p95 = p95([f["first_paint_s"] for f in warm])
    bare_p95 = p95([f["first_paint_s"] for f in bare])
    row("first paint, a bare PySide6 window", [f["first_paint_s"] for f in bare], "s")
    print(
        f"first paint at p95: the app {app_p95:.3f} s, a bare window {bare_p95:.3f} s, "
        f"ratio {app_p95 / bare_p95:.2f} (goal: at most 2.5)"
    )
    return 0


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[round(0.95 * (len(ordered) - 1))]


if __name__ == "__main__":
    sys.exit(main())
