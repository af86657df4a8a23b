"""Checks across modules: unique ids, prerequisites that exist, no prerequisite cycles, and nobody blocked.

A module that is not ``restricted`` must not require a ``restricted`` one, directly or through a chain of
prerequisites: a trainee whose cohort is not assigned the restricted module never sees it, so they could never
open the module that needs it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence, Set

from learnapp.domain.content import Sensitivity
from learnapp.domain.module_meta import ModuleMeta
from learnapp.domain.problems import Problem, ProblemLog


def check_prerequisites(metas: Sequence[ModuleMeta], sink: list[Problem]) -> None:
    """Report duplicate ids, unknown prerequisites, cycles, and open modules that need a restricted one."""
    first = _unique(metas, sink)
    _check_known(first, sink)
    graph = {ident: [item for item in meta.prerequisites if item in first] for ident, meta in first.items()}
    _check_restricted(first, graph, sink)
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


def _check_restricted(
    modules: Mapping[str, ModuleMeta], graph: Mapping[str, Sequence[str]], sink: list[Problem]
) -> None:
    restricted = {ident for ident, meta in modules.items() if meta.sensitivity is Sensitivity.RESTRICTED}
    for meta in modules.values():
        if meta.sensitivity is Sensitivity.RESTRICTED:
            continue
        for index, prerequisite in enumerate(meta.prerequisites):
            chain = restricted_chain(prerequisite, graph, restricted)
            if chain:
                line = meta.doc.line("prerequisites", index)
                ProblemLog(meta.path, sink).add(line, _restricted_message(meta, chain))


def _restricted_message(meta: ModuleMeta, chain: Sequence[str]) -> str:
    how = "directly" if len(chain) == 1 else f"through {' -> '.join(chain)}"
    return (
        f"this {meta.sensitivity} module requires the restricted module '{chain[-1]}' ({how}): trainees whose cohort "
        f"is not assigned '{chain[-1]}' could never open it; make '{chain[-1]}' programme or public, "
        "make this module restricted too, or remove the prerequisite"
    )


def restricted_chain(start: str, graph: Mapping[str, Sequence[str]], restricted: Set[str]) -> list[str]:
    """The shortest chain of prerequisites from ``start`` to a restricted module, both included; empty if none."""
    paths = [[start]]
    seen = {start}
    while paths:
        path = paths.pop(0)
        if path[-1] in restricted:
            return path
        for successor in graph.get(path[-1], ()):
            if successor not in seen:
                seen.add(successor)
                paths.append([*path, successor])
    return []


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
