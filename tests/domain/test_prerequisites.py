"""Nobody is blocked: a module open to the programme never needs a restricted module, even through a chain."""

from __future__ import annotations

from learnapp.domain.prerequisites import restricted_chain
from tests.domain.module_tree import LESSON, MODULE_YAML, problems


def module(ident: str, order: int, sensitivity: str, prerequisites: str = "[]") -> dict[str, str]:
    meta = MODULE_YAML.replace("id: alpha", f"id: {ident}").replace("order: 1", f"order: {order}")
    meta = meta.replace("sensitivity: public", f"sensitivity: {sensitivity}\nprerequisites: {prerequisites}")
    folder = f"{order:02d}-{ident}"
    return {f"{folder}/module.yaml": meta, f"{folder}/lessons/01-intro.en.md": LESSON}


def test_a_programme_module_requiring_a_restricted_one_is_an_error_at_its_prerequisites_line(tmp_path):
    files = {**module("alpha", 1, "restricted"), **module("beta", 2, "programme", "[alpha]")}
    assert problems(tmp_path, files, base=False) == [
        "modules/02-beta/module.yaml:6: this programme module requires the restricted module 'alpha' (directly): "
        "trainees whose cohort is not assigned 'alpha' could never open it; make 'alpha' programme or public, "
        "make this module restricted too, or remove the prerequisite"
    ]


def test_a_restricted_module_reached_through_a_chain_is_named_with_the_chain(tmp_path):
    files = {
        **module("alpha", 1, "restricted"),
        **module("beta", 2, "programme", "[alpha]"),
        **module("gamma", 3, "public", "[alpha-two, beta]"),
        **module("alpha-two", 4, "public"),
    }
    assert problems(tmp_path, files, base=False)[1:] == [
        "modules/03-gamma/module.yaml:6: this public module requires the restricted module 'alpha' "
        "(through beta -> alpha): trainees whose cohort is not assigned 'alpha' could never open it; "
        "make 'alpha' programme or public, make this module restricted too, or remove the prerequisite"
    ]


def test_restricted_modules_may_require_restricted_ones_and_open_modules_open_ones(tmp_path):
    files = {
        **module("alpha", 1, "restricted"),
        **module("beta", 2, "restricted", "[alpha]"),
        **module("gamma", 3, "programme"),
        **module("delta", 4, "public", "[gamma]"),
    }
    assert problems(tmp_path, files, base=False) == []


def test_the_chain_is_the_shortest_and_cycles_do_not_loop():
    graph = {"a": ["b", "c"], "b": ["d"], "c": ["a", "r"], "d": ["r"], "r": []}
    assert restricted_chain("a", graph, {"r"}) == ["a", "c", "r"]
    assert restricted_chain("r", graph, {"r"}) == ["r"]
    assert restricted_chain("a", {"a": ["b"], "b": ["a"]}, {"r"}) == []
