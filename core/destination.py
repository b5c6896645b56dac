"""A destination: an ordered set of string properties, and the undo history of its edits.

A `Destination` never changes; every edit returns a new one. That makes undo and redo a list of
states (`History`) and lets the GUI compare before and after without copying.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from core.schema import same


@dataclass(frozen=True)
class Destination(Mapping[str, str]):
    items_: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, pairs: Iterable[tuple[str, str]] | Mapping[str, str]) -> Destination:
        source = pairs.items() if isinstance(pairs, Mapping) else pairs
        merged: dict[str, str] = {}
        for key, value in source:
            merged[key] = value  # the last of a duplicate wins, at its first position
        return cls(tuple(merged.items()))

    # Mapping protocol
    def __getitem__(self, key: str) -> str:
        for k, v in self.items_:
            if k == key:
                return v
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return (k for k, _ in self.items_)

    def __len__(self) -> int:
        return len(self.items_)

    @property
    def name(self) -> str:
        return self.get("Name", "")

    def flag(self, key: str, default: bool = False) -> bool:
        """A TRUE/FALSE property read the way SAP does: case-insensitive."""
        value = self.get(key)
        if value is None or not value.strip():
            return default
        return same(value, "TRUE")

    def with_value(self, key: str, value: str) -> Destination:
        if key in self:
            return Destination(tuple((k, value if k == key else v) for k, v in self.items_))
        return Destination((*self.items_, (key, value)))

    def without(self, key: str) -> Destination:
        return Destination(tuple((k, v) for k, v in self.items_ if k != key))

    def renamed(self, old: str, new: str) -> Destination:
        """Rename a key in place; a different existing `new` key is replaced."""
        if old == new or old not in self:
            return self
        return Destination(tuple((new if k == old else k, v) for k, v in self.items_ if k != new))


@dataclass
class History:
    """Undo and redo as a list of immutable states."""

    present: Destination
    _past: list[Destination] = field(default_factory=list)
    _future: list[Destination] = field(default_factory=list)
    saved: Destination | None = None

    def __post_init__(self) -> None:
        if self.saved is None:
            self.saved = self.present

    def apply(self, state: Destination) -> Destination:
        if state != self.present:
            self._past.append(self.present)
            self._future.clear()
            self.present = state
        return self.present

    @property
    def can_undo(self) -> bool:
        return bool(self._past)

    @property
    def can_redo(self) -> bool:
        return bool(self._future)

    @property
    def modified(self) -> bool:
        return self.present != self.saved

    def undo(self) -> Destination:
        if self._past:
            self._future.append(self.present)
            self.present = self._past.pop()
        return self.present

    def redo(self) -> Destination:
        if self._future:
            self._past.append(self.present)
            self.present = self._future.pop()
        return self.present

    def mark_saved(self) -> None:
        self.saved = self.present
