"""Loading the lessons of a module: ``lessons/NAME.LANG.md`` files with front matter, prose and blocks."""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from learnapp.domain.blocks import Prose, SourceBlock, split_blocks
from learnapp.domain.content import Block, Lesson, LessonText
from learnapp.domain.files import is_hidden, language_of
from learnapp.domain.problems import Problem, ProblemLog
from learnapp.domain.render_context import FileContext, LoadSetting
from learnapp.domain.schema import ID_RULE, Field, as_int, as_str, check_front_matter, integer, is_id, text
from learnapp.domain.yaml_source import read_text, split_front_matter

WORDS_PER_MINUTE = 200
LESSON_FIELDS = (Field("title", text, required=True), Field("minutes", integer(1)), Field("summary", text))

# Blocks are cut out of the prose and the prose is rendered as one document, so that footnotes,
# abbreviations and reference links defined at the end of a lesson work everywhere in it. Each block's place
# is marked by a paragraph holding a random token, which no author can have written.
_PLACEHOLDER = "\n\nzz{token}block{index}zz\n\n"
_TAG = re.compile(r"<[^>]*>")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class LessonSource:
    """Where a lesson's text in one language comes from."""

    id: str
    language: str
    path: Path


def lesson_sources(folder: Path, sink: list[Problem]) -> list[LessonSource]:
    """Find ``lessons/NAME.LANG.md`` files, reporting names without a (known) language or with a bad id."""
    lessons = folder / "lessons"
    paths = sorted(lessons.iterdir()) if lessons.is_dir() else []
    sources: list[LessonSource] = []
    for path in paths:
        if path.is_file() and not is_hidden(path, folder):
            source = _source(path, ProblemLog(str(path), sink))
            sources += [source] if source else []
    return sources


def _source(path: Path, log: ProblemLog) -> LessonSource | None:
    if path.suffix != ".md":
        log.add(1, "only lessons belong in lessons/: name lessons NAME.LANG.md and put other files in media/")
        return None
    parts = language_of(path, log)
    if parts is not None and not is_id(parts[0]):
        log.add(1, f"lesson id '{parts[0]}' (the file name without language and .md) must be {ID_RULE}")
        return None
    return LessonSource(parts[0], parts[1], path) if parts else None


def load_lessons(sources: Sequence[LessonSource], setting: LoadSetting) -> tuple[Lesson, ...]:
    """Load every lesson text and group them by lesson id, in file-name order."""
    texts: dict[str, dict[str, LessonText]] = {}
    for source in sources:
        loaded = load_lesson_text(source, setting)
        if loaded is not None:
            texts.setdefault(source.id, {})[source.language] = loaded
    ordered = enumerate(sorted(texts), start=1)
    return tuple(Lesson(lesson_id, position, texts[lesson_id]) for position, lesson_id in ordered)


def load_lesson_text(source: LessonSource, setting: LoadSetting) -> LessonText | None:
    """Load one lesson file; None when it is unreadable or has no title (the problems say why)."""
    log = ProblemLog(str(source.path), setting.sink)
    raw = read_text(source.path, log)
    if raw is None:
        return None
    front = split_front_matter(raw)
    meta, _ = check_front_matter(front, LESSON_FIELDS, log)
    context = setting.context(log, raw)
    parts = render_parts(split_blocks(front.body, front.body_first_line, log), front.body_first_line, context)
    if "title" not in meta:
        return None
    minutes = as_int(meta.get("minutes"), 0) or estimate_minutes(parts)
    return LessonText(
        source.language, as_str(meta["title"]), as_str(meta.get("summary")), minutes, parts, str(source.path)
    )


def render_parts(
    pieces: Sequence[Prose | SourceBlock],
    line: int,
    context: FileContext,
) -> tuple[str | Block, ...]:
    """Render the prose as one document with the blocks' places marked, then put the blocks back."""
    token = _token(pieces)
    prose: list[str] = []
    blocks: list[Block] = []
    for piece in pieces:
        if isinstance(piece, Prose):
            prose.append(piece.text)
        else:
            prose.append(_PLACEHOLDER.format(token=token, index=len(blocks)))
            blocks.append(_render_block(piece, context))
    cut = re.split(f"<p>zz{token}block(\\d+)zz</p>", context.block("\n".join(prose), line))
    parts = (blocks[int(piece)] if index % 2 else piece.strip("\n") for index, piece in enumerate(cut))
    return tuple(part for part in parts if not isinstance(part, str) or part.strip())


def _token(pieces: Sequence[Prose | SourceBlock]) -> str:
    """The mark of the blocks' places: not in the text, and the same for the same text.

    Derived from the text rather than drawn at random, so the same lesson renders to the same input, which the
    renderer's cache then recognises (a studio save re-renders only the lessons that changed). An author cannot
    write it in advance: it is a hash of what they wrote, and one that occurs in the text is hashed again.
    """
    text = "\0".join(piece.text for piece in pieces if isinstance(piece, Prose))
    token = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    while token in text:
        token = hashlib.sha256(token.encode("ascii")).hexdigest()[:16]
    return token


def _render_block(block: SourceBlock, context: FileContext) -> Block:
    commentary = context.block(block.commentary, block.line) if block.commentary else ""
    return Block(block.kind, block.id, block.line, context.block(block.prompt, block.line + 1), commentary)


def estimate_minutes(parts: Sequence[str | Block]) -> int:
    """Estimate reading time at about 200 words a minute, at least one minute."""
    html: list[str] = []
    for piece in parts:
        html += [piece] if isinstance(piece, str) else [piece.prompt_html, piece.commentary_html]
    words = len(_WORD.findall(_TAG.sub(" ", " ".join(html))))
    return max(1, math.ceil(words / WORDS_PER_MINUTE))
