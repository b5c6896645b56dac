"""A Name is unique per destination level (basic-authentication-4af3980.md): the duplicate-Name
finding of the workspace, seen by validate, the workspace report and the summaries."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from core.report import workspace_report
from core.secrets import MemoryStore
from core.workspace import summarize

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def _props(folder: Path, file: str, name: str) -> Path:
    path = folder / file
    path.write_text(
        f"Name={name}\nType=HTTP\nURL=https://a.example.com\nProxyType=Internet\n"
        "Authentication=NoAuthentication\n"
    )
    return path


def _codes(findings: object) -> list[str]:
    return [f.code for f in findings]  # type: ignore[attr-defined]


def test_two_files_with_one_name_are_both_errors(tmp_path: Path) -> None:
    a = _props(tmp_path, "a.properties", "orders")
    b = _props(tmp_path, "b.properties", "orders")
    _props(tmp_path, "c.properties", "other")
    (sa,) = summarize(a, MemoryStore(), NOW)
    (sb,) = summarize(b, MemoryStore(), NOW)
    assert "name.duplicate" in _codes(sa.findings) and sa.status == "error"
    assert "b.properties" in next(f.message for f in sa.findings if f.code == "name.duplicate")
    assert "name.duplicate" in _codes(sb.findings)
    rows = {r.path.name: r for r in workspace_report(tmp_path, MemoryStore(), NOW)}
    assert "name.duplicate" in _codes(rows["a.properties"].findings)
    assert "name.duplicate" not in _codes(rows["c.properties"].findings)


def test_the_instance_level_is_apart(tmp_path: Path) -> None:
    a = _props(tmp_path, "a.properties", "orders")
    (tmp_path / "instance").mkdir()
    _props(tmp_path / "instance", "a.properties", "orders")
    (sa,) = summarize(a, MemoryStore(), NOW)
    assert "name.duplicate" not in _codes(sa.findings)
    rows = workspace_report(tmp_path, MemoryStore(), NOW)
    assert all("name.duplicate" not in _codes(r.findings) for r in rows)


def test_inside_one_json_file_and_per_init_data_level(tmp_path: Path) -> None:
    d = {
        "Type": "HTTP",
        "URL": "https://a.example.com",
        "ProxyType": "Internet",
        "Authentication": "NoAuthentication",
    }
    same = tmp_path / "same.json"
    same.write_text(json.dumps([{"Name": "x", **d}, {"Name": "x", **d}]))
    assert all("name.duplicate" in _codes(s.findings) for s in summarize(same, MemoryStore(), NOW))
    levels = tmp_path / "config.json"
    levels.write_text(
        json.dumps(
            {
                "init_data": {
                    "subaccount": {"destinations": [{"Name": "y", **d}]},
                    "instance": {"destinations": [{"Name": "y", **d}]},
                }
            }
        )
    )
    assert all(
        "name.duplicate" not in _codes(s.findings) for s in summarize(levels, MemoryStore(), NOW)
    )


def test_validate_says_it(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    a = _props(tmp_path, "a.properties", "orders")
    _props(tmp_path, "b.properties", "orders")
    r = cli("validate", a)
    assert r.returncode == 1
    assert "name.duplicate" in r.stdout or "also named orders" in r.stdout
