"""Rules for editing a module as a set of files in memory: the studio's drafts.

A draft is a mapping of module-relative POSIX paths to bytes, exactly the files of a module folder (see
docs/authoring.md). Everything here works on those mappings and returns new names or texts: which lessons exist
in which languages, the names a lesson gets when it is added, renamed or moved (positions renumbered 01, 02, ...),
the skeleton a new lesson or question starts from, and a line-by-line comparison of two drafts.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

LESSON_FOLDER = "lessons"
MEDIA_FOLDER = "media"
MODULE_FILE = "module.yaml"
TEXT_SUFFIXES = (".md", ".yaml", ".yml")
# A text file larger than this is refused on save with a message (the longest curriculum lesson is about 40 KB).
MAX_TEXT_BYTES = 500_000
_LESSON = re.compile(r"^lessons/(?P<position>\d{2})-(?P<name>[a-z0-9][a-z0-9-]*)\.(?P<language>[a-z]{2})\.md$")
_ASSESSMENT = re.compile(r"^(?P<kind>quiz|survey)\.(?P<language>[a-z]{2})\.md$")
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,58}$")
NAME_RULE = "use lowercase latin letters, digits and hyphens, starting with a letter or digit (at most 59)"


class DraftError(ValueError):
    """A change that cannot be made to a draft; the message says what and how to put it right."""


MEDIA_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".webp": "image/webp",
    ".gif": "image/gif",
    ".pdf": "application/pdf",
}


def media_type(path: str) -> str:
    """The type a draft's media file is served as (uploads are checked by their bytes, so the name is reliable)."""
    suffix = path[path.rfind(".") :].lower() if "." in path else ""
    return MEDIA_TYPES.get(suffix, "application/octet-stream")


def is_text(path: str) -> bool:
    """Whether a draft file is edited as text (module.yaml, lessons, quiz, survey) rather than uploaded as media."""
    return path.endswith(TEXT_SUFFIXES)


@dataclass(frozen=True)
class LessonEntry:
    """A lesson of a draft: its position, its name and the file of each language it exists in."""

    position: int
    name: str
    paths: dict[str, str] = field(default_factory=dict)

    @property
    def stem(self) -> str:
        """The lesson's id as trainees' URLs carry it, ``NN-name``."""
        return f"{self.position:02d}-{self.name}"


def lesson_path(position: int, name: str, language: str) -> str:
    """The path of a lesson file, ``lessons/NN-name.LANG.md``."""
    return f"{LESSON_FOLDER}/{position:02d}-{name}.{language}.md"


def lessons(paths: Mapping[str, object]) -> list[LessonEntry]:
    """The draft's lessons in order of position, each with its files by language."""
    found: dict[tuple[int, str], LessonEntry] = {}
    for path in sorted(paths):
        match = _LESSON.match(path)
        if match:
            key = (int(match["position"]), match["name"])
            found.setdefault(key, LessonEntry(*key)).paths[match["language"]] = path
    return [found[key] for key in sorted(found)]


def assessments(paths: Mapping[str, object]) -> dict[str, dict[str, str]]:
    """The quiz and survey files by kind, then language."""
    found: dict[str, dict[str, str]] = {}
    for path in sorted(paths):
        match = _ASSESSMENT.match(path)
        if match:
            found.setdefault(match["kind"], {})[match["language"]] = path
    return found


def missing_translations(entries: list[LessonEntry], languages: tuple[str, ...]) -> list[str]:
    """The lesson files that one language has and another lacks, as the paths they should have."""
    return [
        lesson_path(entry.position, entry.name, language)
        for entry in entries
        for language in languages
        if language not in entry.paths
    ]


_MODULE_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


def is_module_id(text: str) -> bool:
    """Whether ``text`` can be a module id (the ``id`` of module.yaml)."""
    return bool(_MODULE_ID.match(text))


def check_name(name: str) -> str:
    """The lesson name, or a DraftError saying how to write one."""
    if not _NAME.match(name):
        raise DraftError(f"the lesson name '{name}' cannot be used: {NAME_RULE}")
    return name


def lesson_skeleton(title: str) -> str:
    """The text a new lesson starts with: its front matter and one paragraph to replace."""
    quoted = title.replace('"', "'")
    return f'---\ntitle: "{quoted}"\n---\n\nWrite the lesson here.\n'


def added_lesson(paths: Mapping[str, object], name: str, languages: tuple[str, ...]) -> list[str]:
    """The paths of a new lesson, one per language, placed after the last lesson."""
    check_name(name)
    entries = lessons(paths)
    if any(entry.name == name for entry in entries):
        raise DraftError(f"there is already a lesson named '{name}': choose another name")
    position = (entries[-1].position if entries else 0) + 1
    if position > 99:
        raise DraftError("a module holds at most 99 lessons")
    return [lesson_path(position, name, language) for language in languages]


def renamed_paths(entries: list[LessonEntry]) -> dict[str, str]:
    """Old path to new path for every lesson file, once ``entries`` are numbered 01, 02, ... in the given order."""
    moves: dict[str, str] = {}
    for position, entry in enumerate(entries, start=1):
        for language, path in entry.paths.items():
            moves[path] = lesson_path(position, entry.name, language)
    return moves


def moved(entries: list[LessonEntry], stem: str, offset: int) -> list[LessonEntry]:
    """The lessons with the one named ``stem`` moved ``offset`` places (clamped to the list)."""
    index = next((i for i, entry in enumerate(entries) if entry.stem == stem), None)
    if index is None:
        raise DraftError(f"there is no lesson {stem} in this draft")
    target = max(0, min(len(entries) - 1, index + offset))
    reordered = [entry for entry in entries if entry.stem != stem]
    reordered.insert(target, entries[index])
    return reordered


def renamed(entries: list[LessonEntry], stem: str, name: str) -> list[LessonEntry]:
    """The lessons with the one named ``stem`` given a new name, keeping its position."""
    check_name(name)
    if any(entry.name == name and entry.stem != stem for entry in entries):
        raise DraftError(f"there is already a lesson named '{name}': choose another name")
    if not any(entry.stem == stem for entry in entries):
        raise DraftError(f"there is no lesson {stem} in this draft")
    return [LessonEntry(entry.position, name, entry.paths) if entry.stem == stem else entry for entry in entries]


QUESTION_SKELETONS: dict[str, str] = {
    "single": "- [ ] A wrong choice\n  > Why it is wrong.\n- [x] The right choice\n  > Why it is right.\n"
    "- [ ] Another wrong choice\n  > Why it is wrong.\n",
    "multiple": "- [x] A right choice\n- [x] Another right choice\n- [ ] A wrong choice\n",
    "truefalse": "Answer: true\n",
    "short": "Accept: the expected answer\nAccept: another accepted spelling\n",
    "numeric": "Answer: 2011\nTolerance: 0\n",
    "matching": "- First item => first match\n- Second item => second match\n- Third item => third match\n",
    "ordering": "1. What comes first\n2. What comes second\n3. What comes third\n",
    "rating": "Scale: 1-5\nLabels: Not at all | Fully\n",
    "text": "",
}
QUIZ_KINDS = ("single", "multiple", "truefalse", "short", "numeric", "matching", "ordering")
SURVEY_KINDS = ("single", "multiple", "rating", "text")


def question_skeleton(kind: str, question_id: str, *, graded: bool) -> str:
    """A correct question of type ``kind`` to append to a quiz (``graded``) or a survey, for the author to fill in."""
    if kind not in (QUIZ_KINDS if graded else SURVEY_KINDS):
        raise DraftError(f"'{kind}' questions cannot be added here")
    body = QUESTION_SKELETONS[kind]
    if kind in ("single", "multiple") and not graded:
        body = body.replace("[x]", "[ ]")
    feedback = "\nFeedback: See lesson 1.\n" if graded else ""
    return f"\n## {question_id} ({kind})\nWrite the question here.\n\n{body}{feedback}"


def with_question(text: str, kind: str, *, graded: bool) -> str:
    """The quiz or survey text with a new question of ``kind`` appended under an id not used yet."""
    used = set(re.findall(r"^## ([a-z0-9-]+) \(", text, flags=re.MULTILINE))
    number = 1
    while f"new-question-{number}" in used:
        number += 1
    return text.rstrip("\n") + "\n" + question_skeleton(kind, f"new-question-{number}", graded=graded)


@dataclass(frozen=True)
class DiffLine:
    """A line of a file comparison: ``added``, ``removed`` or ``same``, with its text (never marked safe)."""

    kind: str
    text: str


@dataclass(frozen=True)
class FileDiff:
    """How one file differs between two drafts or versions; ``lines`` empty for a binary file."""

    path: str
    status: str  # added | removed | changed
    lines: tuple[DiffLine, ...]
    is_binary: bool = False


def _text_lines(data: bytes | None) -> list[str]:
    return [] if data is None else data.decode("utf-8", errors="replace").splitlines()


def diff_lines(old: str, new: str, *, context: int = 3) -> tuple[DiffLine, ...]:
    """The unified comparison of two texts as lines, without the ``---``/``+++``/``@@`` headers."""
    found = []
    for line in difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=context):
        if line.startswith(("---", "+++")):
            continue
        if line.startswith("@@"):
            found.append(DiffLine("hunk", "…"))
        elif line.startswith("+"):
            found.append(DiffLine("added", line[1:]))
        elif line.startswith("-"):
            found.append(DiffLine("removed", line[1:]))
        else:
            found.append(DiffLine("same", line[1:]))
    return tuple(found)


def diff_files(old: Mapping[str, bytes], new: Mapping[str, bytes]) -> list[FileDiff]:
    """Every file that differs between two file sets, in path order, text files line by line."""
    changes = []
    for path in sorted(set(old) | set(new)):
        before, after = old.get(path), new.get(path)
        if before == after:
            continue
        status = "added" if before is None else "removed" if after is None else "changed"
        if not is_text(path):
            changes.append(FileDiff(path, status, (), is_binary=True))
            continue
        old_text, new_text = "\n".join(_text_lines(before)), "\n".join(_text_lines(after))
        changes.append(FileDiff(path, status, diff_lines(old_text, new_text)))
    return changes
