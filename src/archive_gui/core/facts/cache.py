"""A JSON copy of a large facts file's parsed YAML, so that it is not parsed at every start.

PyYAML, even with LibYAML, builds the Python objects of a 50 MB facts file in about 50 s; the
same data read back from JSON takes about a second. The copy is keyed by a hash of the text it
was made from and lives in the user's cache folder (``ArchivePaths.facts_cache``), one per
archive, so that a read-only archive has one too. It is only ever a copy: a
missing, stale or damaged one is ignored and made again, and data that JSON cannot hold
exactly (keys that are not strings, values of other types) is never copied.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

from archive_gui.core.archive.fileio import atomic_write_text
from archive_gui.core.archive.yamlio import load_yaml

# Below this size the YAML parses in well under a second: a copy would only cost a write.
CACHE_FROM_BYTES = 512 * 1024
FORMAT = 1
DATE_KEY = "\x00date"
DATETIME_KEY = "\x00datetime"


class _NotJson(Exception):
    """The data holds something that JSON would not give back exactly."""


def load_yaml_cached(text: str, cache: Path | None, min_size: int = CACHE_FROM_BYTES) -> Any:
    """``load_yaml(text)``, read from ``cache`` when it was made from this very text.

    Texts shorter than ``min_size`` characters are parsed as they are. Raises YamlProblem as
    ``load_yaml`` does; a problem is never cached.
    """
    if cache is None or len(text) < min_size:
        return load_yaml(text)
    digest = hashlib.blake2b(text.encode("utf-8"), digest_size=20).hexdigest()
    cached = _read(cache, digest)
    if cached is not None:
        return cached[0]
    data = load_yaml(text)
    _write(cache, digest, data)
    return data


def _read(cache: Path, digest: str) -> tuple[Any] | None:
    """The cached data, in a tuple (the data itself may be None), or None if unusable."""
    try:
        document = json.loads(cache.read_bytes(), object_hook=_decode)
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(document, dict):
        return None
    if document.get("format") != FORMAT or document.get("source") != digest:
        return None
    return (document.get("data"),)


def _write(cache: Path, digest: str, data: Any) -> None:
    """Keeps a copy of ``data`` when JSON can hold it exactly and the folder can be written."""
    try:
        encoded = json.dumps(
            {"format": FORMAT, "source": digest, "data": _encode(data)}, ensure_ascii=False
        )
    except (_NotJson, RecursionError):
        return
    with contextlib.suppress(OSError):
        cache.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(cache, encoded)


def _encode(value: Any) -> Any:
    """``value`` with dates tagged; raises _NotJson for anything JSON would change."""
    if value is None or isinstance(value, str | bool | int | float):
        return value
    if isinstance(value, dt.datetime):  # before date: a datetime is a date too
        return {DATETIME_KEY: value.isoformat()}
    if isinstance(value, dt.date):
        return {DATE_KEY: value.isoformat()}
    if isinstance(value, list):
        return [_encode(item) for item in value]
    if isinstance(value, dict):
        if not all(isinstance(key, str) and not key.startswith("\x00") for key in value):
            raise _NotJson
        return {key: _encode(item) for key, item in value.items()}
    raise _NotJson


def _decode(mapping: dict[str, Any]) -> Any:
    if len(mapping) == 1:
        if DATE_KEY in mapping:
            return dt.date.fromisoformat(mapping[DATE_KEY])
        if DATETIME_KEY in mapping:
            return dt.datetime.fromisoformat(mapping[DATETIME_KEY])
    return mapping
