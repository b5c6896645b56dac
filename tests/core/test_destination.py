from core.destination import Destination, History


def test_edits_make_new_states_and_keep_order() -> None:
    d = Destination.of([("Name", "a"), ("zeta", "1"), ("URL", "u")])
    e = d.with_value("zeta", "2").with_value("new", "x")
    assert list(d.items()) == [("Name", "a"), ("zeta", "1"), ("URL", "u")]
    assert list(e.items()) == [("Name", "a"), ("zeta", "2"), ("URL", "u"), ("new", "x")]
    assert list(e.without("zeta")) == ["Name", "URL", "new"]
    assert list(e.renamed("zeta", "Zeta").items())[1] == ("Zeta", "2")
    assert e.renamed("zeta", "URL")["URL"] == "2" and len(e.renamed("zeta", "URL")) == 3


def test_last_duplicate_wins_at_first_position() -> None:
    d = Destination.of([("a", "1"), ("b", "2"), ("a", "3")])
    assert list(d.items()) == [("a", "3"), ("b", "2")]


def test_flag_is_case_insensitive() -> None:
    d = Destination.of({"TrustAll": "true", "X": "FALSE"})
    assert d.flag("TrustAll") and not d.flag("X") and d.flag("Missing", default=True)


def test_history_undo_redo_and_modified() -> None:
    h = History(Destination.of({"Name": "a"}))
    assert not h.can_undo and not h.modified
    h.apply(h.present.with_value("Name", "b"))
    h.apply(h.present.with_value("Name", "c"))
    h.apply(h.present)  # no change, no history entry
    assert h.modified and h.present["Name"] == "c"
    assert h.undo()["Name"] == "b" and h.undo()["Name"] == "a"
    assert not h.can_undo and not h.modified and h.can_redo
    assert h.redo()["Name"] == "b"
    h.apply(h.present.with_value("Name", "z"))
    assert not h.can_redo
    h.mark_saved()
    assert not h.modified
