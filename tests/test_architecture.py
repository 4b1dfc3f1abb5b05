"""The structure docs/architecture.md describes, checked on the code itself: layers, no cycles, small modules."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from brobygger.exercises import registry
from tests.conftest import ROOT

# Higher layers may import lower ones (and their own layer); never the other way round.
LAYERS = [
    (5, ("pages/", "app.py")),
    (4, ("brobygger/ui/", "brobygger/phone/", "brobygger/__main__.py", "brobygger/demo.py", "brobygger/devserver.py")),
    (
        3,
        (
            "brobygger/services/",
            "brobygger/export/",
            "brobygger/analysis.py",
            "brobygger/charts.py",
            "brobygger/maintenance.py",
        ),
    ),
    (
        2,
        (
            "brobygger/exercises/",
            "brobygger/kits.py",
            "brobygger/kit_problems.py",
            "brobygger/figures.py",
            "brobygger/kit_library.py",
            "brobygger/records.py",
            "brobygger/simulate.py",
            "brobygger/qr_sheet.py",
            "brobygger/research_info.py",
        ),
    ),
    (1, ("brobygger/store.py", "brobygger/migrations/")),
    (
        0,
        (
            "brobygger/__init__.py",
            "brobygger/settings.py",
            "brobygger/languages.py",
            "brobygger/i18n.py",
            "brobygger/localised.py",
            "brobygger/errors.py",
            "brobygger/groups.py",
            "brobygger/cells.py",
            "brobygger/timing.py",
        ),
    ),
]
CATALOGUES = {"brobygger/i18n.py"}  # message catalogues may be long


def _sources() -> list[Path]:
    return [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py")), *sorted((ROOT / "brobygger").rglob("*.py"))]


def _name(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
    return ".".join(parts)


def _layer(path: Path) -> int:
    rel = path.relative_to(ROOT).as_posix()
    for number, prefixes in LAYERS:
        if any(rel == p or (p.endswith("/") and rel.startswith(p)) for p in prefixes):
            return number
    raise AssertionError(f"{rel} is in no layer: add it to docs/architecture.md and LAYERS here")


def _imports(path: Path, modules: dict[str, Path]) -> set[str]:
    """The project's modules a file imports (at any depth in the file, typing-only imports included)."""
    found = set()
    package = _name(path) if path.name == "__init__.py" else _name(path).rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else []))
            names = [f"{base}.{a.name}" for a in node.names] + [base]
        for name in names:
            while name and name not in modules:
                name = name.rpartition(".")[0]
            if name and modules[name] != path:
                found.add(name)
    return found


def _graph() -> tuple[dict[str, Path], dict[str, set[str]]]:
    modules = {_name(p): p for p in _sources()}
    return modules, {name: _imports(path, modules) for name, path in modules.items()}


def test_imports_point_down_only():
    modules, graph = _graph()
    upward = [
        f"{name} (layer {_layer(modules[name])}) imports {other} (layer {_layer(modules[other])})"
        for name, targets in graph.items()
        for other in targets
        if other != "brobygger" and _layer(modules[other]) > _layer(modules[name])
    ]
    assert not upward, "\n".join(upward)


def test_there_are_no_import_cycles():
    _, graph = _graph()
    graph = {n: {t for t in ts if t != "brobygger" and not n.startswith(t + ".")} for n, ts in graph.items()}
    state: dict[str, int] = {}
    cycles = []

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append(" -> ".join([*trail[trail.index(nxt) :], nxt]))
            elif nxt not in state:
                visit(nxt, [*trail, nxt])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    assert not cycles, "\n".join(cycles)


def test_pages_import_no_store_and_no_sql():
    for path in (ROOT / "pages").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(from|import) (sqlalchemy|brobygger\.store|brobygger import .*\bstore\b)", text, re.M), path


def test_no_module_is_over_400_lines():
    long = [
        f"{p.relative_to(ROOT)}: {n}"
        for p in _sources()
        if p.relative_to(ROOT).as_posix() not in CATALOGUES and (n := len(p.read_text(encoding="utf-8").splitlines())) > 400
    ]
    assert not long, long


def test_the_architecture_doc_steps_are_what_the_example_type_did():
    """Every file the doc's 'Add an exercise type' steps name exists, and the entry-point group is the registry's."""
    doc = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    steps = doc.split("## Add an exercise type", 1)[1].split("\n## ", 1)[0]
    named = re.findall(r"`(tests/plugins/[^`]+)`", steps)
    assert len(named) >= 3
    for rel in named:
        assert (ROOT / rel).exists(), rel
    assert f"`{registry.ENTRY_POINT_GROUP}`" in steps
    entry_points = (ROOT / "tests/plugins/brobygger_wordcloud-0.1.dist-info/entry_points.txt").read_text(encoding="utf-8")
    assert f"[{registry.ENTRY_POINT_GROUP}]" in entry_points
    for method in ("validate", "aggregate", "tidy_rows", "item_labels", "codebook", "sample_answer", "figure", "sheet"):
        assert f"`{method}`" in steps, method
