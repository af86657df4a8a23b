"""Reading content files: UTF-8 text, front matter, and YAML that remembers the line of every key.

Parsing YAML in pure Python is slow, and a studio save parses the same module.yaml, front matter and glossary over
and over: the outcome of recent texts is kept per process, up to ``YAML_CACHE_BYTES`` counted as ten times each text
(parsed data takes several times the memory of its text), problems included (replayed into each caller's log);
each caller gets its own copy of the data.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from learnapp.domain.problems import ProblemLog
from learnapp.domain.sized_cache import SizedCache

Key = tuple[str | int, ...]

_BOOL_TAG = "tag:yaml.org,2002:bool"


class _Loader(yaml.SafeLoader):
    """A safe loader with YAML 1.2 booleans: only true/false are bools; ``no`` (Norwegian) stays text."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != _BOOL_TAG]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(_BOOL_TAG, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


@dataclass(frozen=True)
class YamlDoc:
    """A parsed YAML document and the file line of each key (or list item), by its path from the root."""

    data: object
    lines: Mapping[Key, int]
    first_line: int

    def line(self, *key: str | int) -> int:
        """Return the line of a key, or of its nearest enclosing key when it is absent."""
        path: Key = tuple(key)
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path, self.first_line)


@dataclass(frozen=True)
class FrontMatter:
    """A Markdown file split into its front matter (``---`` fenced YAML) and its body."""

    yaml_text: str | None
    yaml_first_line: int
    body: str
    body_first_line: int
    is_closed: bool = True


def read_text(path: Path, log: ProblemLog) -> str | None:
    """Read a UTF-8 file (a leading BOM is dropped); report the line of the first bad byte otherwise."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        log.add(line, "the file is not UTF-8: save it with UTF-8 encoding")
        return None


def split_front_matter(text: str) -> FrontMatter:
    """Split ``---`` front matter from the body; a file that does not start with ``---`` has none."""
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        return FrontMatter(None, 1, text, 1)
    for index, line in enumerate(lines[1:], start=1):
        if line.rstrip() == "---":
            return FrontMatter("\n".join(lines[1:index]), 2, "\n".join(lines[index + 1 :]), index + 2)
    return FrontMatter("\n".join(lines[1:]), 2, "", len(lines) + 1, is_closed=False)


YAML_CACHE_BYTES = 20_000_000


@dataclass(frozen=True)
class _Parsed:
    """What parsing a text gave: the document (None when the YAML is invalid) and the problems found."""

    doc: YamlDoc | None
    problems: tuple[tuple[int, str], ...]
    weight: int


_parsed: SizedCache[tuple[str, int], _Parsed] = SizedCache(YAML_CACHE_BYTES, lambda parsed: parsed.weight)


def parse_yaml(text: str, first_line: int, log: ProblemLog) -> YamlDoc | None:
    """Parse YAML whose first line is ``first_line`` of the file; report a syntax error at its line."""
    parsed = _parsed.get_or_make((text, first_line), lambda: _parse(text, first_line))
    for line, message in parsed.problems:
        log.add(line, message)
    if parsed.doc is None:
        return None
    return YamlDoc(copy.deepcopy(parsed.doc.data), parsed.doc.lines, first_line)


def _parse(text: str, first_line: int) -> _Parsed:
    log = ProblemLog("")
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        log.add(
            _error_line(exc, first_line),
            f"invalid YAML: {_error_text(exc)}; check the brackets, quotes, colons and indentation here",
        )
        return _Parsed(None, _problems(log), 10 * len(text))
    finally:
        loader.dispose()
    lines = _collect_lines(node, first_line, log) if node is not None else {}
    return _Parsed(YamlDoc(data, lines, first_line), _problems(log), 10 * len(text))


def _problems(log: ProblemLog) -> tuple[tuple[int, str], ...]:
    return tuple((problem.line, problem.message) for problem in log.sink)


def _error_line(exc: yaml.YAMLError, first_line: int) -> int:
    """Point at the construct left open (a bracket, a quote, a key) rather than where the parser gave up."""
    context = str(getattr(exc, "context", None) or "")
    is_open_construct = bool(context) and "block" not in context
    mark = getattr(exc, "context_mark" if is_open_construct else "problem_mark", None)
    mark = mark or getattr(exc, "problem_mark", None)
    return first_line + mark.line if mark is not None else first_line


def _error_text(exc: yaml.YAMLError) -> str:
    parts = [getattr(exc, "context", None), getattr(exc, "problem", None)]
    text = ", ".join(str(part) for part in parts if part)
    return text or str(exc).splitlines()[0]


def _collect_lines(root: yaml.Node, first_line: int, log: ProblemLog) -> dict[Key, int]:
    """Map key paths to lines; each node is visited once, so nested aliases cannot blow up the walk."""
    out: dict[Key, int] = {}
    stack: list[tuple[yaml.Node, Key]] = [(root, ())]
    seen: set[int] = set()
    while stack:
        node, path = stack.pop()
        if id(node) not in seen:
            seen.add(id(node))
            stack.extend(_children(node, path, first_line, out, log))
    return out


def _children(
    node: yaml.Node, path: Key, first_line: int, out: dict[Key, int], log: ProblemLog
) -> list[tuple[yaml.Node, Key]]:
    """Record the lines of a node's keys or items and return its children with their paths."""
    children: list[tuple[yaml.Node, Key]] = []
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key_path = (*path, str(key_node.value))
            line = first_line + key_node.start_mark.line
            if key_path in out:
                log.add(line, f"key '{key_node.value}' appears twice: keep only one")
            out[key_path] = line
            children.append((value_node, key_path))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            out[(*path, index)] = first_line + item.start_mark.line
            children.append((item, (*path, index)))
    return children
