"""Back and forward through what was read, like a browser."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Place:
    """An article and, optionally, the passage the reader was looking at."""

    article: str
    start: int | None = None
    end: int | None = None


class NavigationHistory:
    """A browser's history: visiting a new place drops the places one had gone back from."""

    def __init__(self) -> None:
        self._places: list[Place] = []
        self._index = -1

    @property
    def current(self) -> Place | None:
        return self._places[self._index] if self._index >= 0 else None

    def visit(self, place: Place) -> None:
        if self.current == place:
            return
        del self._places[self._index + 1 :]
        self._places.append(place)
        self._index = len(self._places) - 1

    def can_go_back(self) -> bool:
        return self._index > 0

    def can_go_forward(self) -> bool:
        return self._index < len(self._places) - 1

    def back(self) -> Place | None:
        if not self.can_go_back():
            return None
        self._index -= 1
        return self.current

    def forward(self) -> Place | None:
        if not self.can_go_forward():
            return None
        self._index += 1
        return self.current
