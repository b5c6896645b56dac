from core.destination import Destination, History, Passwords


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
    h.apply(h.present.with_value("URL", "c"))
    h.apply(h.present)  # no change, no history entry
    assert h.modified and h.present["URL"] == "c"
    assert "URL" not in h.undo() and h.undo()["Name"] == "a"
    assert not h.can_undo and not h.modified and h.can_redo
    assert h.redo()["Name"] == "b"
    h.apply(h.present.with_value("Name", "z"))
    assert not h.can_redo
    h.mark_saved()
    assert not h.modified


def test_typing_in_one_field_is_one_undo_step() -> None:
    h = History(Destination.of({"Name": "a"}))
    for text in ("1", "10", "100"):  # keystroke by keystroke, as the form reports them
        h.apply(h.present.with_value("sap-client", text))
    for text in ("ab", "abc"):
        h.apply(h.present.with_value("Name", text))
    h.apply(h.present.with_value("sap-client", "1001"))  # back in the first field: a new step
    assert h.undo()["sap-client"] == "100"
    assert h.undo()["Name"] == "a"
    assert "sap-client" not in h.undo()
    assert not h.can_undo and not h.modified


def test_choices_and_saves_are_steps_of_their_own() -> None:
    h = History(Destination.of({"Authentication": "NoAuthentication"}))
    h.apply(h.present.with_value("Authentication", "BasicAuthentication"))
    h.apply(h.present.with_value("Authentication", "OAuth2ClientCredentials"))
    assert h.undo()["Authentication"] == "BasicAuthentication"
    h.redo()
    h.apply(h.present.with_value("Description", "x"))
    h.mark_saved()
    h.apply(h.present.with_value("Description", "xy"))
    assert h.undo()["Description"] == "x" and not h.modified


def test_typed_passwords_are_undone_and_count_as_changes() -> None:
    h = History(Destination.of({"Name": "a"}))
    for text in ("s", "se", "sec"):
        h.apply(h.present, h.passwords.with_typed("Password", text, keep=True))
    assert h.modified and h.passwords.as_dict() == {"Password": "sec"}
    h.undo()
    assert h.passwords == Passwords() and not h.modified and not h.can_undo
    h.redo()
    h.mark_saved()
    assert not h.modified
    # unticking "Remember in OS keyring" after a save is a change, and a step of its own
    h.apply(h.present, h.passwords.with_typed("Password", "sec", keep=False))
    assert h.modified and h.passwords.not_kept == {"Password"}
    h.undo()
    assert not h.modified and h.passwords.not_kept == frozenset()
