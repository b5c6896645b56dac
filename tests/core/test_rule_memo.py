"""The shortcuts validation takes at workspace scale give the answers of the plain rule walk.

Field states are remembered per combination of Type, Authentication and the outcome of each
rule's conditions (core.rules), and validation looks only at the required keys and the hidden
keys a destination sets (core.validation). Thousands of destinations drawn from the values the
rules compare are checked against the rules walked afresh, so that a shortcut that mixes up two
combinations fails here.
"""

from __future__ import annotations

import random

from core.destination import Destination
from core.rules import (
    RULES,
    EndsWith,
    Is,
    IsSet,
    StartsWith,
    Visibility,
    _field_states,
    _leaves,
    shared_field_states,
)
from core.rules import field_states as memoized
from core.schema import AUTH_BY_NAME, BY_KEY, DESTINATION_TYPES
from core.validation import _judged


def _values_for(key: str) -> list[str]:
    """Values that make a rule's condition on `key` hold or not: its own, in other letter case
    or with blanks around, a blank one, and an unrelated one."""
    values = ["", "  ", "other"]
    for rule in RULES:
        for leaf in _leaves(rule.when):
            if leaf.key != key:
                continue
            if isinstance(leaf, Is):
                values += [*leaf.values, *(f" {v.upper()} " for v in leaf.values)]
            elif isinstance(leaf, StartsWith):
                values += [leaf.prefix + "host", leaf.prefix.upper() + "host", "https://x"]
            elif isinstance(leaf, EndsWith):
                values += [f"store{s}" for s in leaf.suffixes] + ["store.PFX", "store.pem"]
            elif isinstance(leaf, IsSet):
                values += ["set"]
    return values


def _destinations(count: int) -> list[Destination]:
    rng = random.Random(17)
    keys = sorted({leaf.key for rule in RULES for leaf in _leaves(rule.when)})
    choices = {key: _values_for(key) for key in keys}
    choices["Type"] += [*DESTINATION_TYPES, "http", "Unknown"]
    choices["Authentication"] += [*AUTH_BY_NAME, "basicauthentication"]
    out = []
    for _ in range(count):
        pairs = [(k, rng.choice(choices[k])) for k in keys if rng.random() < 0.6]
        extra = rng.sample(sorted(BY_KEY), 5)  # hidden keys set, for the ignored findings
        pairs += [(k, "x") for k in extra if k not in dict(pairs)]
        out.append(Destination.of(pairs))
    return out


def test_remembered_field_states_are_the_rules_walked_afresh() -> None:
    for destination in _destinations(3000):
        held = tuple(rule.when.holds(destination) for rule in RULES)
        assert memoized(destination) == _field_states(destination, held), dict(destination)


def test_validation_judges_the_required_and_the_ignored_keys_in_catalogue_order() -> None:
    for destination in _destinations(1000):
        states = memoized(destination)
        plain = [
            key
            for key, state in states.items()
            if state.visibility is Visibility.REQUIRED
            or (state.visibility is Visibility.HIDDEN and key in destination)
        ]
        assert list(_judged(shared_field_states(destination), destination)) == plain
