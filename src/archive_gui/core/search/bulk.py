"""Building a fresh Whoosh index from many documents, in several processes at once.

Each process writes whole segments of its own (``BulkSegmentWriter``), then the parent lists
them all in the index's table of contents: the segments are never merged, which is what
Whoosh's multi-process writer spends its time on. A small archive is written in-process.
A segment holds at most SEGMENT_DOCUMENTS documents, which bounds the memory a build takes.
Processes are started with "spawn": forking a process that runs Qt and threads is unsafe.

A build can be cancelled: ``cancel`` is asked between documents (and, in the parent, while
the processes work); the processes stop at their next PROGRESS_EVERY documents, and
``BuildCancelled`` is raised with nothing listed in the index.
"""

from __future__ import annotations

import gc
import logging
import math
import os
import queue
import shutil
import signal
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from whoosh import index as windex
from whoosh.writing import NO_MERGE

from archive_gui.core.search.postings import BulkSegmentWriter
from archive_gui.core.search.results import BuildCancelled, Cancel, Progress
from archive_gui.core.search.whoosh_compat import TOC, UNLOCKED, clean_files, finalize_segment

# Below this many documents, starting processes costs more than it saves.
PARALLEL_FROM = 500
# A segment's postings are held in memory until it is written: this bounds that memory.
SEGMENT_DOCUMENTS = 4000
PROGRESS_EVERY = 200
# Each process holds a segment's postings (a few hundred MB at most): this bounds the sum.
MAX_PROCESSES = 4

Document = dict[str, Any]

_progress_queue: Any = None
# In a worker process: set by the parent when the build is cancelled.
_stop: Any = None
log = logging.getLogger(__name__)


def _check(cancel: Cancel | None) -> None:
    if cancel is not None and cancel():
        raise BuildCancelled


def default_processes() -> int:
    """One process per core the program may use, at most MAX_PROCESSES."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return min(cores, MAX_PROCESSES)


def write_documents(
    directory: Path,
    documents: Sequence[Document],
    progress: Progress | None = None,
    processes: int | None = None,
    cancel: Cancel | None = None,
) -> None:
    """Adds ``documents`` to the empty index in ``directory``, as one or more segments.

    ``processes`` defaults to one per core for a large archive, one for a small one. If the
    worker processes cannot run (a script that starts them at import, say), the documents are
    written in this process instead.
    """
    total = len(documents)
    if processes is None:
        processes = default_processes() if total >= PARALLEL_FROM else 1
    # A multiple of the processes, so that none is left alone with the last segment.
    count = processes * math.ceil(total / (processes * SEGMENT_DOCUMENTS)) or 1
    size = math.ceil(total / count) or 1
    chunks = [documents[i : i + size] for i in range(0, total, size)]
    if processes > 1 and len(chunks) > 1:
        # Imported here: the window starts faster without them, and most starts build nothing.
        from concurrent.futures.process import BrokenProcessPool

        try:
            segments = _write_in_processes(directory, chunks, processes, progress, cancel)
        except BrokenProcessPool as exc:
            log.warning("indexing in one process: the indexing processes failed (%s)", exc)
        else:
            _list_segments(directory, segments)
            if progress:
                progress(total, total)
            return
    ix = windex.open_dir(str(directory))
    done = 0
    for chunk in chunks:
        writer = BulkSegmentWriter(ix)
        try:
            for document in chunk:
                writer.add_document(**document)
                done += 1
                if done % PROGRESS_EVERY == 0:
                    _check(cancel)
                    if progress:
                        progress(done, total)
        except BaseException:
            writer.cancel()
            ix.close()
            raise
        writer.commit(mergetype=NO_MERGE)
    ix.close()
    if progress:
        progress(total, total)


def _write_in_processes(
    directory: Path,
    chunks: list[Sequence[Document]],
    processes: int,
    progress: Progress | None,
    cancel: Cancel | None,
) -> list[Any]:
    """Writes each chunk as a segment in a worker process; returns the segments, unlisted.

    When ``cancel`` says so, the chunks not started are dropped and the processes told to
    stop (they do at their next PROGRESS_EVERY documents) before BuildCancelled is raised.
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    total = sum(map(len, chunks))
    context = multiprocessing.get_context("spawn")
    messages = context.Queue()
    stop = context.Event()
    with ProcessPoolExecutor(
        processes, mp_context=context, initializer=_start_worker, initargs=(messages, stop)
    ) as pool:
        futures = [pool.submit(_write_segment, str(directory), chunk) for chunk in chunks]
        done = 0
        try:
            while not all(f.done() for f in futures):
                _check(cancel)
                try:
                    done += messages.get(timeout=0.05)
                except queue.Empty:
                    continue
                if progress:
                    progress(min(done, total), total)
        except BaseException:
            stop.set()
            pool.shutdown(wait=True, cancel_futures=True)
            raise
        return [f.result() for f in futures]


def _list_segments(directory: Path, segments: list[Any]) -> None:
    """Writes the table of contents that makes ``segments`` the index."""
    ix = windex.open_dir(str(directory))
    generation = ix.latest_generation() + 1
    TOC(ix.schema, segments, generation).write(ix.storage, ix.indexname)
    clean_files(ix.storage, ix.indexname, generation, segments)
    ix.close()
    shutil.rmtree(directory / f"{ix.indexname}.tmp", ignore_errors=True)


def _start_worker(messages: Any, stop: Any) -> None:
    global _progress_queue, _stop
    _progress_queue, _stop = messages, stop
    import multiprocessing
    import threading

    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_exit_with, args=(parent,), daemon=True).start()
    # A worker allocates millions of small objects and frees them all at its end: the cyclic
    # garbage collector would only re-scan them again and again.
    gc.disable()


def _exit_with(parent: Any) -> None:
    """In a worker process: ends it when the process that started the build ends (killed,
    crashed): a worker left behind would hold its segment's memory, idle, for good."""
    parent.join()
    os.kill(os.getpid(), signal.SIGTERM)


def _write_segment(directory: str, documents: Sequence[Document]) -> Any:
    """In a worker process: writes one segment of ``documents`` and returns it, unlisted."""
    ix = windex.open_dir(directory)
    writer = BulkSegmentWriter(ix, **UNLOCKED)
    for done, document in enumerate(documents, 1):
        writer.add_document(**document)
        if done % PROGRESS_EVERY == 0:
            if _stop.is_set():
                writer.cancel()
                ix.close()
                raise BuildCancelled
            _progress_queue.put(PROGRESS_EVERY)
    _progress_queue.put(len(documents) % PROGRESS_EVERY)
    # The workers share the index's temporary folder: the parent removes it when all are done.
    segment = finalize_segment(writer)
    ix.close()
    return segment
