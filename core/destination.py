"""A destination: an ordered set of string properties, and the undo history of its edits.

A `Destination` never changes; every edit returns a new one. That makes undo and redo a list of
states (`History`) and lets the GUI compare before and after without copying.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar, overload

from core.schema import BY_KEY, Kind, same

T = TypeVar("T")


@dataclass(frozen=True)
class Destination(Mapping[str, str]):
    items_: tuple[tuple[str, str], ...] = ()
    _index: dict[str, str] = field(init=False, repr=False, compare=False, hash=False)

    @classmethod
    def of(cls, pairs: Iterable[tuple[str, str]] | Mapping[str, str]) -> Destination:
        source = pairs.items() if isinstance(pairs, Mapping) else pairs
        merged: dict[str, str] = {}
        for key, value in source:
            merged[key] = value  # the last of a duplicate wins, at its first position
        return cls(tuple(merged.items()))

    def __post_init__(self) -> None:
        # Validation reads each destination's keys many times: look them up in a dict, not by
        # scanning the pairs. Not a field, so equality and hashing stay those of the pairs.
        # The first of a duplicated key wins, as a scan of the pairs would find it.
        index = dict(reversed(self.items_))
        object.__setattr__(self, "_index", index)
        # Validation asks a destination for values some forty times: `get` is the dict's own,
        # without a Python call in between (this instance attribute wins over the method
        # below, which keeps the signature). Not a field either.
        object.__setattr__(self, "get", index.get)

    # Mapping protocol
    def __getitem__(self, key: str) -> str:
        return self._index[key]

    def __contains__(self, key: object) -> bool:
        return key in self._index

    @overload
    def get(self, key: str, /) -> str | None: ...
    @overload
    def get(self, key: str, default: str, /) -> str: ...
    @overload
    def get(self, key: str, default: T, /) -> str | T: ...
    def get(self, key: str, default: object = None, /) -> object:
        return self._index.get(key, default)  # a dict lookup, not Mapping's try/except

    # core.rules keeps a destination's field states with it: validation and the key store
    # checks both ask for them, and a destination never changes.
    def states_memo(self) -> Any:
        return self.__dict__.get("_states")

    def remember_states(self, states: Any) -> None:
        object.__setattr__(self, "_states", states)

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


@dataclass(frozen=True)
class Passwords:
    """Passwords typed for a destination, and the properties whose password is not to be kept
    in the keyring: part of what undo restores, never written to a file."""

    typed: tuple[tuple[str, str], ...] = ()
    not_kept: frozenset[str] = frozenset()

    def as_dict(self) -> dict[str, str]:
        return dict(self.typed)

    def with_typed(self, key: str, value: str, keep: bool) -> Passwords:
        typed = {**self.as_dict(), key: value}
        not_kept = self.not_kept - {key} if keep else self.not_kept | {key}
        return Passwords(tuple(typed.items()), not_kept)

    def without(self, key: str) -> Passwords:
        return Passwords(tuple((k, v) for k, v in self.typed if k != key), self.not_kept)


@dataclass
class History:
    """Undo and redo as a list of immutable states: the destination and its passwords.

    Typing into one field is one step, as in a text editor: consecutive edits that change the
    same text property (or the same password) replace the newest state instead of adding one.
    A different field, a choice from a list, a check box, undo, redo or a save starts a new
    step."""

    present: Destination
    _past: list[tuple[Destination, Passwords]] = field(default_factory=list)
    _future: list[tuple[Destination, Passwords]] = field(default_factory=list)
    saved: Destination | None = None
    passwords: Passwords = Passwords()
    saved_passwords: Passwords = Passwords()
    _typing_in: str | None = None

    def __post_init__(self) -> None:
        if self.saved is None:
            self.saved = self.present

    def apply(
        self, state: Destination, passwords: Passwords | None = None, typing: bool = True
    ) -> Destination:
        """Make `state` (and `passwords`) the present. `typing` False: a step of its own even
        in the field just typed into (a check box beside it)."""
        passwords = self.passwords if passwords is None else passwords
        if state == self.present and passwords == self.passwords:
            return self.present
        key = _typing_key(self.present, self.passwords, state, passwords) if typing else None
        if key is None or key != self._typing_in:
            self._past.append((self.present, self.passwords))
        self._future.clear()
        self.present, self.passwords, self._typing_in = state, passwords, key
        return self.present

    @property
    def can_undo(self) -> bool:
        return bool(self._past)

    @property
    def can_redo(self) -> bool:
        return bool(self._future)

    @property
    def modified(self) -> bool:
        return self.present != self.saved or self.passwords != self.saved_passwords

    def undo(self) -> Destination:
        if self._past:
            self._future.append((self.present, self.passwords))
            self.present, self.passwords = self._past.pop()
        self._typing_in = None
        return self.present

    def redo(self) -> Destination:
        if self._future:
            self._past.append((self.present, self.passwords))
            self.present, self.passwords = self._future.pop()
        self._typing_in = None
        return self.present

    def mark_saved(self) -> None:
        self.saved, self.saved_passwords = self.present, self.passwords
        self._typing_in = None


def _typing_key(
    old: Destination, old_passwords: Passwords, new: Destination, new_passwords: Passwords
) -> str | None:
    """The property an edit typed into, when it changed exactly one that is typed as text."""
    changed: set[str] = {k for k in {*old, *new} if old.get(k) != new.get(k)}
    before, after = old_passwords.as_dict(), new_passwords.as_dict()
    typed = {k for k in {*before, *after} if before.get(k) != after.get(k)}
    if old_passwords.not_kept != new_passwords.not_kept and not typed:
        return None  # the keyring check box alone: a step of its own
    changed |= typed | (old_passwords.not_kept ^ new_passwords.not_kept)
    if len(changed) != 1:
        return None
    key = changed.pop()
    prop = BY_KEY.get(key)
    if prop is not None and prop.kind in (Kind.ENUM, Kind.BOOL):
        return None  # each choice from a list or a check box is its own step
    return key
