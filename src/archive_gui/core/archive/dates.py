"""Dates as French press pages print them: "27/11/2014", "3 décembre 2015", "1er mars 2019".

An imported article's date is taken from what its page prints when its metadata gives none;
each date found keeps its place, for the evidence shown to the user.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from archive_gui.core.text import fold

MONTHS = {
    "janvier": 1,
    "fevrier": 2,
    "mars": 3,
    "avril": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7,
    "aout": 8,
    "septembre": 9,
    "octobre": 10,
    "novembre": 11,
    "decembre": 12,
    "janv": 1,
    "fevr": 2,
    "fev": 2,
    "avr": 4,
    "juil": 7,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
# On a folded text (no accents, lower case): the same length as the text, so offsets hold.
_WORDED = re.compile(rf"\b(\d{{1,2}})(?:er)?[\s\u00a0]+({_MONTH})\.?[\s\u00a0]+(\d{{4}})\b")
_NUMERIC = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b")
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
# "Publié le", "Mis à jour le": a date introduced as the page's own.
_LEAD = re.compile(r"(publie|mis a jour|mise a jour|modifie)e?\s*(?:le|on)?\s*[:,]?\s*$")
# A date in a URL path: /2017/06/22/ or /2017-06-22-.
_URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:[/-]|$)")


@dataclass(frozen=True)
class PrintedDate:
    """A date found in a text, where it is printed, and whether words introduce it as the
    page's own date ("Publié le ...")."""

    date: dt.date
    start: int
    end: int
    introduced: bool


def dates_in(text: str) -> list[PrintedDate]:
    """Every valid date ``text`` prints, in text order."""
    folded = fold(text)
    if len(folded) != len(text):  # a ligature folded to two letters: no offsets to trust
        folded = text.lower()
    found: list[PrintedDate] = []
    for match, date in _matches(folded):
        lead = folded[max(0, match.start() - 24) : match.start()]
        found.append(PrintedDate(date, match.start(), match.end(), bool(_LEAD.search(lead))))
    return sorted(found, key=lambda d: d.start)


def _matches(folded: str) -> Iterator[tuple[re.Match[str], dt.date]]:
    for match in _WORDED.finditer(folded):
        yield from _valid(match, int(match[3]), MONTHS[match[2]], int(match[1]))
    for match in _NUMERIC.finditer(folded):
        yield from _valid(match, int(match[3]), int(match[2]), int(match[1]))
    for match in _ISO.finditer(folded):
        yield from _valid(match, int(match[1]), int(match[2]), int(match[3]))


def _valid(
    match: re.Match[str], year: int, month: int, day: int
) -> Iterator[tuple[re.Match[str], dt.date]]:
    try:
        yield match, dt.date(year, month, day)
    except ValueError:
        return


def page_date(text: str) -> PrintedDate | None:
    """The date a page gives itself: the first one introduced as such ("Publié le"), else
    the first date of its opening lines; None if it prints none there."""
    found = dates_in(text)
    introduced = [d for d in found if d.introduced]
    if introduced:
        return introduced[0]
    opening = len("\n".join(text.split("\n")[:4]))
    early = [d for d in found if d.start < opening]
    return early[0] if early else None


def date_in_url(url: str) -> dt.date | None:
    """The date a URL's path holds (``/2017/06/22/``), or None."""
    match = _URL_DATE.search(url)
    if match is None:
        return None
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def parse_iso_datetime(value: str) -> dt.date | None:
    """The date of an ISO 8601 date or date-time as metadata gives it ("2015-12-03T10:00:00+01:00",
    "2015-12-03"), or None."""
    match = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", value)
    if match is None:
        return None
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None
