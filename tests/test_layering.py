"""The package layering, read from the source: no package imports one above it, and no two packages import each other.

Layers, lowest first (docs/architecture.md explains each):

    domain ← foundations ← models and web plumbing ← catalogue, progress, accounts, question_forms ← areas ← cli
    ← the app factory

Areas (one blueprint each, plus `author`, the module sync) import nothing from one another: what two areas share
lives a layer below them.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "learnapp"

LAYERS: tuple[frozenset[str], ...] = (
    frozenset({"domain"}),
    frozenset(
        {"extensions", "labels", "navigation", "database", "stored_html", "mail", "observability", "jobs", "frames"}
    ),
    frozenset({"models", "i18n", "access", "security", "request_input"}),
    frozenset({"catalogue", "progress", "accounts", "backups", "question_forms"}),
    frozenset(
        {
            "site",
            "auth",
            "admin",
            "learn",
            "quiz",
            "certificates",
            "cohorts",
            "reports",
            "author",
            "privacy",
            "questionbank",
        }
    ),
    frozenset({"cli"}),
    frozenset({"__init__"}),
)
AREAS = LAYERS[4]
LAYER_OF = {unit: index for index, layer in enumerate(LAYERS) for unit in layer}


def unit_of(module: str) -> str:
    """The top-level unit of a dotted module name inside `learnapp` ("learnapp.quiz.views" → "quiz")."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def module_name(path: Path) -> str:
    """The dotted name of a source file of the package."""
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(path: Path) -> set[str]:
    """Every `learnapp` module a file imports, at any depth of the file (functions included)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "learnapp":
                found.update(f"learnapp.{alias.name}" for alias in node.names)
            elif node.module.startswith("learnapp."):
                found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("learnapp."))
    return found


def unit_edges() -> dict[tuple[str, str], list[str]]:
    """(importing unit, imported unit) → the files that make that edge."""
    edges: dict[tuple[str, str], list[str]] = defaultdict(list)
    for path in sorted(PACKAGE.rglob("*.py")):
        source = unit_of(module_name(path))
        for target in {unit_of(name) for name in imported_modules(path)} - {source}:
            edges[(source, target)].append(str(path.relative_to(PACKAGE.parent)))
    return edges


EDGES = unit_edges()


def test_the_graph_is_read_from_the_source():
    assert ("quiz", "progress") in EDGES
    assert ("__init__", "learn") in EDGES


def test_every_unit_of_the_package_has_a_layer():
    units = {unit_of(module_name(path)) for path in PACKAGE.rglob("*.py")}
    assert units - LAYER_OF.keys() == set()


@pytest.mark.parametrize(("source", "target"), sorted(EDGES))
def test_no_package_imports_one_above_it(source, target):
    assert LAYER_OF[target] <= LAYER_OF[source], f"{source} imports {target}, a layer above: {EDGES[(source, target)]}"


def test_areas_import_nothing_from_one_another():
    crossing = {edge: files for edge, files in EDGES.items() if edge[0] in AREAS and edge[1] in AREAS}
    assert crossing == {}


def test_no_two_packages_import_each_other():
    cycles = sorted((source, target) for source, target in EDGES if (target, source) in EDGES and source < target)
    assert cycles == []
