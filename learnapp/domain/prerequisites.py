"""Checks across modules: unique ids, prerequisites that exist, and no prerequisite cycles."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from learnapp.domain.module_meta import ModuleMeta
from learnapp.domain.problems import Problem, ProblemLog


def check_prerequisites(metas: Sequence[ModuleMeta], sink: list[Problem]) -> None:
    """Report duplicate module ids, prerequisites naming no module, and cycles of prerequisites."""
    first = _unique(metas, sink)
    _check_known(first, sink)
    graph = {ident: [item for item in meta.prerequisites if item in first] for ident, meta in first.items()}
    for cycle in find_cycles(graph):
        meta = first[cycle[0]]
        line = meta.doc.line("prerequisites", meta.prerequisites.index(cycle[1]))
        ProblemLog(meta.path, sink).add(
            line,
            f"prerequisites form a cycle: {' -> '.join(cycle)}; "
            "remove one of them so the modules can be taken in some order",
        )


def _unique(metas: Sequence[ModuleMeta], sink: list[Problem]) -> dict[str, ModuleMeta]:
    """Map each id to its first module, reporting the modules that reuse it."""
    first: dict[str, ModuleMeta] = {}
    for meta in metas:
        if meta.id in first:
            used_by = first[meta.id].path
            message = f"module id '{meta.id}' is already used by {used_by}: give each module its own id"
            ProblemLog(meta.path, sink).add(meta.doc.line("id"), message)
        first.setdefault(meta.id, meta)
    return first


def _check_known(modules: Mapping[str, ModuleMeta], sink: list[Problem]) -> None:
    for meta in modules.values():
        for index, prerequisite in enumerate(meta.prerequisites):
            if prerequisite not in modules:
                hint = "use the id from another module's module.yaml"
                message = f"prerequisite '{prerequisite}' names no module: {hint}"
                ProblemLog(meta.path, sink).add(meta.doc.line("prerequisites", index), message)


def find_cycles(graph: Mapping[str, Sequence[str]]) -> list[list[str]]:
    """Find cycles in a graph of prerequisites, each once, as ``[a, b, ..., a]``."""
    found: list[list[str]] = []
    done: set[str] = set()

    def visit(node: str, path: list[str]) -> None:
        if node in path:
            cycle = [*path[path.index(node) :], node]
            found.extend([cycle] if all(set(cycle) != set(known) for known in found) else [])
        elif node not in done:
            for successor in graph.get(node, ()):
                visit(successor, [*path, node])
            done.add(node)

    for node in sorted(graph):
        visit(node, [])
    return found
