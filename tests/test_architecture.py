"""The layers hold: no module imports one that (directly or not) imports it back, and only the
command line's own package imports the command line."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("core", "gui")


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py")}


def imports_of(path: Path, known: set[str]) -> set[str]:
    """Every project module `path` imports, at the top or inside a function (a lazy import is
    still a dependency), resolved to the deepest known module."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [f"{node.module}.{a.name}" for a in node.names] + [node.module]
        for name in names:
            while name and name not in known:
                name = name.rpartition(".")[0]
            if name:
                found.add(name)
    return found


def graph() -> dict[str, set[str]]:
    found = modules()
    known = set(found)
    return {m: imports_of(p, known) - {m} for m, p in found.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return out


def is_package_parent(importer: str, imported: str) -> bool:
    # A package's __init__ naming its own submodules lazily is not a cycle between layers.
    return imported.startswith(importer + ".")


def test_no_import_cycle() -> None:
    edges = {
        m: {i for i in deps if not is_package_parent(m, i) and not is_package_parent(i, m)}
        for m, deps in graph().items()
    }
    assert cycles(edges) == []


def test_the_cycle_finder_finds_one() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_only_the_command_line_imports_the_command_line() -> None:
    offenders = sorted(
        m
        for m, deps in graph().items()
        if not (m == "core.cli" or m.startswith("core.cli."))
        and any(d == "core.cli" or d.startswith("core.cli.") for d in deps)
    )
    assert offenders == []


def test_core_never_imports_the_gui() -> None:
    offenders = sorted(
        m
        for m, deps in graph().items()
        if m.startswith("core") and any(d.startswith("gui") for d in deps)
    )
    assert offenders == []
