"""How French text is folded and how its numbers are read: one way, for every part.

Search, the facts, editing and extraction all fold names and read numbers; each doing it its
own way once made a selection of "400 millions" give 400 in a new record and 400,000,000 in
extraction. Nothing here knows of Whoosh or Qt.
"""

from __future__ import annotations

import functools
import re
import unicodedata

# Spaces French typography puts inside numbers and before punctuation.
NUMBER_SPACES = " \u00a0\u202f\u2009"
# A number as French prints it: thousands apart ("29 242 500"), decimals after a comma or a
# point ("16,3"), possibly negative.
NUMBER_PATTERN = rf"-?\d{{1,3}}(?:[{NUMBER_SPACES}]\d{{3}})+(?:[,.]\d+)?|-?\d+(?:[,.]\d+)?"
# The words that scale a number: "1,2 milliard", "400 millions", "14 M€", "3 Mds".
MULTIPLIERS = {"milliard": 1e9, "md": 1e9, "million": 1e6, "m": 1e6}
# "M" only as a capital: "12 m" is metres.
_MULTIPLIER_WORD = r"milliards?|millions?|mds?|(?-i:M)\b"
_NUMBER = re.compile(NUMBER_PATTERN)
_SCALED_NUMBER = re.compile(rf"({NUMBER_PATTERN})(?:\s*({_MULTIPLIER_WORD}))?", re.IGNORECASE)
_SPACES = re.compile(f"[{NUMBER_SPACES}]")
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss"})


@functools.lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case and strip accents, so that "Thalès", "THALES" and "thales" are one word."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def slug(text: str) -> str:
    """Text made fit to stand in an id: folded words joined by hyphens ("Mon archive" gives
    "mon-archive"); "" when it has no letter or digit."""
    return "-".join(re.findall(r"[a-z0-9]+", fold(text)))


def fold_in_place(text: str) -> str:
    """``fold``, one character for one, so that offsets into the result are offsets into
    ``text`` (finding a word in an article shown on screen)."""
    return "".join((unicodedata.normalize("NFD", ch)[:1] or ch).casefold()[:1] for ch in text)


def parse_number(text: str) -> float:
    """The value of a number printed the French way ("3 000 000", "16,3"); ValueError if
    ``text`` is not one."""
    return float(_SPACES.sub("", text.strip()).replace(",", "."))


def multiplier(word: str | None) -> float:
    """What a scale word multiplies by ("millions": 1e6); 1 for none."""
    return MULTIPLIERS.get(fold(word or "").rstrip("s"), 1.0)


def number_in(text: str) -> float | None:
    """The first number ``text`` prints, with its scale word: "400 millions" is 400,000,000,
    "1,2 milliard" 1,200,000,000, "12 %" 12; None if there is none."""
    match = _SCALED_NUMBER.search(text)
    if match is None:
        return None
    return parse_number(match.group(1)) * multiplier(match.group(2))
