"""Moodle's GIFT format, read into source questions and written from them (the mapping: docs/questions.md).

Reading follows Moodle's ``question/format/gift``: questions are separated by blank lines, ``//`` lines are
comments, ``$CATEGORY:`` sets the category of the questions after it, ``::title::`` and ``[format]`` open a
question, one ``{...}`` block holds the answers. Unlike Moodle, a question we cannot read is never skipped
quietly: each gets a ``line: why``, and the caller imports nothing while there is one.

Two comments of our own carry what GIFT cannot: ``// learnapp:points N`` (a question's weight) and
``// learnapp:ordering`` (an ordering question, written as a matching of each item to its position).
Moodle ignores both, like any comment.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from learnapp.domain.interchange import BLANK, Draft, ExportResult, ImportResult, finish
from learnapp.domain.markdown_render import sanitise_html
from learnapp.domain.normalise import normalise_answer
from learnapp.domain.question_base import Spec
from learnapp.domain.question_choice import Choice, ChoiceSpec, MultipleChoice, SingleChoice
from learnapp.domain.question_lists import Item, Matching, Ordering, Pair
from learnapp.domain.question_source import Note
from learnapp.domain.question_typed import Numeric, ShortAnswer, TrueFalse
from learnapp.domain.questions import Question
from learnapp.domain.quiz_writer import number_text

FORMATS = ("markdown", "html", "plain", "moodle")
_FORMAT = re.compile(r"\s*\[(markdown|html|plain|moodle)\]")
_WEIGHT = re.compile(r"\s*%\s*([+-]?\d+(?:\.\d+)?)\s*%")
_NUMBER = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"
_NUMERIC_VALUE = re.compile(rf"\s*({_NUMBER})\s*(?:(:|\.\.)\s*({_NUMBER})\s*)?")
_MARKER = re.compile(r"//\s*learnapp:([a-z]+)(?:\s+(\S+))?.*")
_TRUE, _FALSE = ("T", "TRUE"), ("F", "FALSE")
_ESCAPE = re.compile(r"\\(n|[~=#{}:\\])")
_SCANNERS: dict[str, re.Pattern[str]] = {}
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]])")
_LINE_START_SPECIAL = re.compile(r"^(\s*)([#>+-]|\d+\.)", re.MULTILINE)
_WEIGHT_TOLERANCE = Decimal("0.1")
_SHARE_TOLERANCE = Decimal("0.01")
_MIN_PAIRS = 3


class GiftError(Exception):
    """A question cannot be imported; the note gives the line and why."""

    def __init__(self, line: int, message: str) -> None:
        """Keep the line and the message."""
        super().__init__(message)
        self.note = Note(line, message)


@dataclass
class _Block:
    """The non-comment lines of one question, with their numbers, and the markers found in its comments."""

    lines: list[tuple[int, str]] = field(default_factory=list)
    markers: dict[str, str] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return "\n".join(text for _, text in self.lines)

    def line_at(self, offset: int) -> int:
        """The file line of a character offset in ``text``."""
        for number, text in self.lines:
            if offset <= len(text):
                return number
            offset -= len(text) + 1
        return self.lines[-1][0]


@dataclass(frozen=True)
class _Answer:
    """One answer of a ``{...}`` block: its marker (``=`` or ``~``), weight, text, feedback and where it is."""

    marker: str
    weight: Decimal | None
    text: str
    feedback: str
    offset: int


# ---------------------------------------------------------------------------------------------------- reading


def parse_gift(text: str, taken: Sequence[str] = ()) -> ImportResult:
    """Read GIFT text (already decoded) into source questions with ids unique among themselves and ``taken``."""
    drafts: list[Draft] = []
    problems: list[Note] = []
    category = ""
    for block in _blocks(text):
        first = block.lines[0][1].strip()
        if first.startswith("$CATEGORY:"):
            category = first.removeprefix("$CATEGORY:").strip()
            block.lines = block.lines[1:]
            if not block.lines:
                continue
        try:
            drafts.append(_question(block, category))
        except GiftError as error:
            problems.append(error.note)
    return finish(drafts, problems, taken)


def _blocks(text: str) -> list[_Block]:
    blocks: list[_Block] = []
    current = _Block()
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if stripped.startswith("//"):
            marker = _MARKER.fullmatch(stripped)
            if marker is not None:
                current.markers[marker.group(1)] = marker.group(2) or ""
        elif stripped:
            current.lines.append((number, line.rstrip()))
        elif current.lines:
            blocks.append(current)
            current = _Block()
    if current.lines:
        blocks.append(current)
    return blocks


def _find(text: str, target: str, start: int = 0, end: int | None = None) -> int:
    """The offset of the first ``target`` not escaped with a backslash, or -1."""
    pattern = _SCANNERS.get(target) or _SCANNERS.setdefault(target, re.compile(r"\\.|" + re.escape(target), re.S))
    stop = len(text) if end is None else end
    for match in pattern.finditer(text, start, stop):
        if match.group() == target:
            return match.start()
    return -1


def _split(text: str, markers: str) -> list[tuple[int, str]]:
    """Cut ``text`` before each unescaped character of ``markers``; each part keeps its offset."""
    pattern = re.compile(r"\\.|[" + re.escape(markers) + "]", re.S)
    cuts = [match.start() for match in pattern.finditer(text) if match.group() in markers]
    bounds = [0, *cuts, len(text)]
    return [(bounds[i], text[bounds[i] : bounds[i + 1]]) for i in range(len(bounds) - 1)]


def unescape(text: str) -> str:
    r"""Undo GIFT escapes: ``\n`` is a line break, ``\~ \= \# \{ \} \: \\`` the character; others stay."""
    return _ESCAPE.sub(_unescaped, text) if "\\" in text else text


def _unescaped(match: re.Match[str]) -> str:
    char = match.group(1)
    return "\n" if char == "n" else char


def _question(block: _Block, category: str) -> Draft:
    text = block.text
    start = len(text) - len(text.lstrip())
    line = block.line_at(start)
    title, position = _title(block, text, start)
    open_at = _find(text, "{", position)
    stray = _find(text, "}", position)
    if open_at < 0 or 0 <= stray < open_at:
        if stray >= 0:
            raise GiftError(block.line_at(stray), "a '}' closes no answer block: remove it or write '\\}'")
        raise GiftError(line, "a description (text with no answer block '{...}') is not a question: nothing to grade")
    close_at = _find(text, "}", open_at + 1)
    if close_at < 0:
        raise GiftError(block.line_at(open_at), "the answer block '{' is not closed: add '}' after the answers")
    inner_open = _find(text, "{", open_at + 1, close_at)
    if inner_open >= 0:
        raise GiftError(
            block.line_at(inner_open), "a '{' inside an answer block: close the block first, or write '\\{'"
        )
    _check_after(block, text, close_at + 1)
    fmt, stem_start = _format(text, position)
    before, after = text[stem_start:open_at], text[close_at + 1 :]
    stem = _stem(before, after, fmt)
    if not stem.strip():
        raise GiftError(line, "the question has no text before its answer block")
    spec, feedback, losses = _answers(block, text, open_at + 1, close_at, fmt)
    if "ordering" in block.markers and isinstance(spec, Matching):
        spec = _as_ordering(spec, losses)
    points = _points(block, line)
    question = Question("", spec.kind, line, stem, spec, points, feedback)
    return Draft(line, title, question, category, losses)


def _title(block: _Block, text: str, start: int) -> tuple[str, int]:
    if not text.startswith("::", start):
        return "", start
    end = _find(text, "::", start + 2)
    if end < 0:
        raise GiftError(block.line_at(start), "the title '::' is not closed: write '::title::' before the question")
    return unescape(text[start + 2 : end]).strip(), end + 2


def _format(text: str, start: int) -> tuple[str, int]:
    match = _FORMAT.match(text, start)
    return (match.group(1), match.end()) if match else ("moodle", start)


def _check_after(block: _Block, text: str, start: int) -> None:
    second = _find(text, "{", start)
    if second >= 0:
        raise GiftError(
            block.line_at(second),
            "a second answer block: a question has one '{...}'; separate questions with a blank line, or write '\\{'",
        )
    stray = _find(text, "}", start)
    if stray >= 0:
        raise GiftError(block.line_at(stray), "a '}' closes no answer block: remove it or write '\\}'")


def _stem(before: str, after: str, fmt: str) -> str:
    """The stem in Markdown; text after the answer block makes a missing-word question with a gap."""
    head = to_markdown(unescape(before), fmt).strip()
    tail = to_markdown(unescape(after), fmt).strip()
    if not tail:
        return head
    joiner = "" if tail[0] in ".,;:!?)" else " "
    return f"{head} {BLANK}{joiner}{tail}".strip()


def to_markdown(text: str, fmt: str) -> str:
    """Text in one of GIFT's formats as our Markdown: HTML is sanitised, plain and Moodle text escaped."""
    if fmt == "markdown":
        return text
    if fmt == "html":
        return " ".join(sanitise_html(text).split("\n"))
    if fmt == "moodle":
        return _escape_markdown(sanitise_html(text) if "<" in text or "&" in text else text)
    return _escape_markdown(text.replace("&", "&amp;").replace("<", "&lt;"))


def _escape_markdown(text: str) -> str:
    """Backslash the characters Markdown would read as markup, so the text shows as written."""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    return _LINE_START_SPECIAL.sub(_escape_line_start, escaped)


def _escape_line_start(match: re.Match[str]) -> str:
    indent, mark = match.group(1), match.group(2)
    return f"{indent}{mark[:-1]}\\." if mark.endswith(".") else f"{indent}\\{mark}"


def _points(block: _Block, line: int) -> float:
    value = block.markers.get("points")
    if value is None:
        return 1.0
    try:
        points = Decimal(value)
    except InvalidOperation:
        points = Decimal(0)
    if not points.is_finite() or points <= 0:
        raise GiftError(line, f"'// learnapp:points {value}' must give a number greater than 0")
    return float(points)


# ------------------------------------------------------------------------------------------------- answers


def _answers(block: _Block, text: str, start: int, end: int, fmt: str) -> tuple[Spec, str, list[str]]:
    """The spec, general feedback (Markdown) and losses of the answer block ``text[start:end]``."""
    general_at = _find(text, "####", start, end)
    feedback = ""
    if general_at >= 0:
        feedback = _text(text[general_at + 4 : end], fmt)
        end = general_at
    body = text[start:end]
    losses: list[str] = []
    if not body.strip():
        raise GiftError(
            block.line_at(start),
            "an essay question '{}' cannot be graded in a quiz: put it in a survey as a text question",
        )
    lead = len(body) - len(body.lstrip())
    if body.lstrip().startswith("#"):
        return _numeric(block, text, start + lead + 1, end, losses), feedback, losses
    feedback_at = _find(body, "#")
    head = body[:feedback_at] if feedback_at >= 0 else body
    if unescape(head).strip().upper() in (*_TRUE, *_FALSE):
        return _true_false(body, start, block, losses), feedback, losses
    answers = _choice_answers(block, text, start, end, fmt)
    return _choice_spec(block, answers, fmt, losses), feedback, losses


def _text(raw: str, fmt: str) -> str:
    """An answer or feedback text in Markdown; it may start with its own ``[format]``."""
    match = _FORMAT.match(raw)
    chosen, body = (match.group(1), raw[match.end() :]) if match else (fmt, raw)
    return to_markdown(unescape(body), chosen).strip()


def _true_false(body: str, start: int, block: _Block, losses: list[str]) -> TrueFalse:
    parts = [part for _, part in _split(body, "#")]
    answer = unescape(parts[0]).strip().upper() in _TRUE
    feedbacks = [unescape(part[1:]).strip() for part in parts[1:]]
    if len(feedbacks) > 2:
        raise GiftError(block.line_at(start), "a true/false question has at most two feedbacks: '{T#wrong#right}'")
    if any(feedbacks):
        losses.append("the feedback for each true/false answer is dropped: our truefalse has one 'Feedback:'")
    return TrueFalse(answer)


def _choice_answers(block: _Block, text: str, start: int, end: int, fmt: str) -> list[_Answer]:
    body = text[start:end]
    parts = _split(body, "=~")
    if parts[0][1].strip():
        raise GiftError(
            block.line_at(start + parts[0][0]),
            "text before the first answer: start each answer with '=' (right) or '~' (wrong)",
        )
    answers: list[_Answer] = []
    for offset, part in parts[1:]:
        raw = part[1:]
        weight_match = _WEIGHT.match(raw)
        weight = Decimal(weight_match.group(1)) if weight_match else None
        raw = raw[weight_match.end() :] if weight_match else raw
        feedback_at = _find(raw, "#")
        answer_text = raw if feedback_at < 0 else raw[:feedback_at]
        feedback = "" if feedback_at < 0 else _text(raw[feedback_at + 1 :], fmt)
        answers.append(_Answer(part[0], weight, answer_text, feedback, start + offset))
    for answer in answers:
        if answer.weight is not None and abs(answer.weight) > 100:
            where = "over 100%" if answer.weight > 0 else "below -100%"
            raise GiftError(
                block.line_at(answer.offset),
                f"the weight {number_text(answer.weight)}% is {where}: use a weight from -100% to 100%",
            )
    return answers


def _choice_spec(block: _Block, answers: list[_Answer], fmt: str, losses: list[str]) -> Spec:
    pairs = [_find(answer.text, "->") >= 0 for answer in answers]
    if any(pairs):
        if not all(pairs) or any(answer.marker == "~" for answer in answers):
            raise GiftError(
                block.line_at(answers[0].offset),
                "mixed answer kinds: in a matching question every answer is '=left -> right'",
            )
        return _matching(block, answers, fmt, losses)
    if all(answer.marker == "=" for answer in answers):
        return _short(block, answers, losses)
    return _choices(block, answers, fmt, losses)


def _weight(answer: _Answer) -> Decimal:
    if answer.weight is not None:
        return answer.weight
    return Decimal(100) if answer.marker == "=" else Decimal(0)


def _choices(block: _Block, answers: list[_Answer], fmt: str, losses: list[str]) -> ChoiceSpec:
    weights = [_weight(answer) for answer in answers]
    positive = [weight for weight in weights if weight > 0]
    line = block.line_at(answers[0].offset)
    if not positive:
        raise GiftError(line, "no right answer: mark one with '=' or give right answers a positive weight '~%50%'")
    texts = [_choice_text(block, answer, fmt, losses) for answer in answers]
    is_multiple = len(positive) > 1 or "multiple" in block.markers
    if is_multiple and abs(sum(positive, Decimal(0)) - 100) <= _WEIGHT_TOLERANCE:
        _multiple_losses(weights, losses)
        choices = tuple(
            Choice(index, texts[index], weights[index] > 0, answers[index].feedback) for index in range(len(answers))
        )
        return MultipleChoice(choices)
    if weights.count(Decimal(100)) == 1:
        if len(positive) > 1 or any(weight < 0 for weight in weights):
            losses.append(
                "partial credit and penalties of wrong answers are dropped: a single question is all or nothing"
            )
        choices = tuple(
            Choice(index, texts[index], weights[index] == 100, answers[index].feedback) for index in range(len(answers))
        )
        return SingleChoice(choices)
    total = number_text(sum(positive, Decimal(0)))
    raise GiftError(
        line,
        f"the right answers' weights add up to {total}%: make them add up to 100%, or mark one right answer with '='",
    )


def _multiple_losses(weights: Sequence[Decimal], losses: list[str]) -> None:
    positive = [weight for weight in weights if weight > 0]
    negative = [weight for weight in weights if weight <= 0]
    share = Decimal(100) / len(positive)
    if any(abs(weight - share) > _SHARE_TOLERANCE for weight in positive):
        losses.append("the right answers' weights become equal shares: our multiple scoring splits the points evenly")
    if negative and any(abs(weight + Decimal(100) / len(negative)) > _SHARE_TOLERANCE for weight in negative):
        losses.append(
            "the wrong answers' weights are not kept: in our multiple scoring each wrong pick costs "
            "1/(number of wrong choices)"
        )


def _choice_text(block: _Block, answer: _Answer, fmt: str, losses: list[str]) -> str:
    text = _text(answer.text, fmt)
    if not text:
        raise GiftError(block.line_at(answer.offset), "an answer has no text: write it after '=' or '~'")
    if "\n" in text:
        losses.append("line breaks inside an answer become spaces: our choices are one line")
        text = " ".join(text.split())
    return text


def _short(block: _Block, answers: list[_Answer], losses: list[str]) -> ShortAnswer:
    accepted: list[str] = []
    for answer in answers:
        value = " ".join(unescape(answer.text).split())
        weight = _weight(answer)
        if not normalise_answer(value):
            raise GiftError(block.line_at(answer.offset), "an accepted answer needs letters or digits after '='")
        if answer.feedback:
            losses.append(f"the feedback for the answer '{value}' is dropped: short answers have one 'Feedback:'")
        if weight <= 0:
            losses.append(f"the answer '{value}' ({number_text(weight)}%) is dropped: only right answers are kept")
            continue
        if weight < 100:
            losses.append(f"the answer '{value}' earns full points, not {number_text(weight)}%")
        accepted.append(value)
    if not accepted:
        raise GiftError(block.line_at(answers[0].offset), "a short answer question needs a right answer '=answer'")
    return ShortAnswer(tuple(accepted))


def _matching(block: _Block, answers: list[_Answer], fmt: str, losses: list[str]) -> Matching:
    pairs: list[Pair] = []
    for answer in answers:
        arrow = _find(answer.text, "->")
        left = _text(answer.text[:arrow], fmt)
        right = _text(answer.text[arrow + 2 :], fmt)
        if not right:
            raise GiftError(block.line_at(answer.offset), "a pair has no right side: write '=left -> right'")
        if not left:
            losses.append(f"the extra right side '{right}' (no left side) is dropped")
            continue
        if answer.feedback:
            losses.append("the feedback of a matching pair is dropped")
        pairs.append(Pair(len(pairs), " ".join(left.split()), " ".join(right.split())))
    if len(pairs) < _MIN_PAIRS:
        raise GiftError(
            block.line_at(answers[0].offset),
            f"a matching question needs at least three pairs '=left -> right'; found {len(pairs)}",
        )
    rights = [pair.right_html for pair in pairs]
    repeated = next((right for right in rights if rights.count(right) > 1), None)
    if repeated is not None:
        raise GiftError(
            block.line_at(answers[0].offset),
            f"two pairs have the right side '{repeated}': give every pair its own right side",
        )
    return Matching(tuple(pairs))


def _as_ordering(spec: Matching, losses: list[str]) -> Spec:
    positions = [pair.right_html for pair in spec.pairs]
    if positions != [str(index) for index in range(1, len(positions) + 1)]:
        losses.append("'// learnapp:ordering' is ignored: the right sides are not the positions 1, 2, 3...")
        return spec
    return Ordering(tuple(Item(pair.id, pair.left_html) for pair in spec.pairs))


def _numeric(block: _Block, text: str, start: int, end: int, losses: list[str]) -> Numeric:
    body = text[start:end]
    if _find(body, "~") >= 0:
        raise GiftError(block.line_at(start), "mixed answer kinds: a numeric question '{#...}' has no '~' answers")
    parts = _split(body, "=")
    if parts[0][1].strip() and len(parts) > 1:
        raise GiftError(block.line_at(start), "mixed answer kinds: write every numeric answer as '=number:tolerance'")
    options = [(start + offset, part[1:]) for offset, part in parts[1:]] if len(parts) > 1 else [(start, body)]
    best: Numeric | None = None
    for offset, raw in options:
        weight_match = _WEIGHT.match(raw)
        weight = Decimal(weight_match.group(1)) if weight_match else Decimal(100)
        raw = raw[weight_match.end() :] if weight_match else raw
        if abs(weight) > 100:
            raise GiftError(
                block.line_at(offset), f"the weight {number_text(weight)}% is over 100%: use a weight up to 100%"
            )
        feedback_at = _find(raw, "#")
        value = _numeric_value(block, offset, raw if feedback_at < 0 else raw[:feedback_at])
        if feedback_at >= 0 and raw[feedback_at + 1 :].strip():
            losses.append("the feedback of a numeric answer is dropped: numeric questions have one 'Feedback:'")
        if weight == 100 and best is None:
            best = value
        else:
            losses.append(f"the numeric answer {number_text(value.answer)} ({number_text(weight)}%) is dropped")
    if best is None:
        raise GiftError(block.line_at(start), "no numeric answer is worth 100%: write one as '=%100%number'")
    return best


def _numeric_value(block: _Block, offset: int, raw: str) -> Numeric:
    text = unescape(raw)
    match = _NUMERIC_VALUE.fullmatch(text)
    shown = text.strip()
    if match is None:
        raise GiftError(
            block.line_at(offset),
            f"'{shown}' is not a number: write '{{#3.14:0.01}}' (answer:tolerance) or '{{#1..5}}' (a range)",
        )
    first = Decimal(match.group(1))
    second = Decimal(match.group(3)) if match.group(3) else Decimal(0)
    if match.group(2) == "..":
        if second < first:
            raise GiftError(block.line_at(offset), f"the range {shown} runs backwards: write the smaller number first")
        return Numeric(_plain((first + second) / 2), _plain((second - first) / 2))
    if second < 0:
        raise GiftError(block.line_at(offset), f"the tolerance in '{shown}' is negative: use 0 or more")
    return Numeric(_plain(first), _plain(second))


def _plain(value: Decimal) -> Decimal:
    """The same number written without an exponent, as our quiz Markdown needs."""
    return Decimal(number_text(value))


# ---------------------------------------------------------------------------------------------------- writing


def escape(text: str) -> str:
    r"""Escape GIFT's special characters and write line breaks as ``\n``."""
    out = text.replace("\\", "\\\\")
    for char in "~=#{}:":
        out = out.replace(char, "\\" + char)
    return out.replace("\n", "\\n")


def export_gift(questions: Sequence[Question], *, text_format: str = "markdown", category: str = "") -> ExportResult:
    """Write source questions (or, with ``text_format='html'``, published ones) as GIFT.

    Questions GIFT cannot hold are left out, each with a ``line: not expressible in GIFT (why)`` note.
    """
    parts = [f"$CATEGORY: {category}\n"] if category else []
    notes: list[Note] = []
    for question in questions:
        why = _not_expressible(question)
        if why is not None:
            notes.append(Note(question.line, f"not expressible in GIFT ({why})"))
            continue
        parts.append(_gift_question(question, text_format))
    count = len(questions) - len(notes)
    return ExportResult("\n".join(parts), count, tuple(notes))


def _not_expressible(question: Question) -> str | None:
    spec = question.spec
    if isinstance(spec, Matching) and len(spec.pairs) < _MIN_PAIRS:
        return "matching with fewer than three pairs"
    if isinstance(spec, Ordering) and len(spec.items) < _MIN_PAIRS:
        return "ordering with fewer than three items"
    if not isinstance(spec, ChoiceSpec | TrueFalse | ShortAnswer | Numeric | Matching | Ordering):
        return f"{question.kind} question"
    if isinstance(spec, ChoiceSpec) and any("->" in choice.html for choice in spec.choices):
        return "a choice holds '->', which GIFT reads as a matching pair"
    if isinstance(spec, ShortAnswer) and any(_WEIGHT.match(value) for value in spec.accepted):
        return "an accepted answer starts like a weight '%50%'"
    return None


def _gift_question(question: Question, fmt: str) -> str:
    lines: list[str] = []
    if question.points != 1.0:
        lines.append(f"// learnapp:points {number_text(Decimal(str(question.points)))}")
    if isinstance(question.spec, Ordering):
        lines.append("// learnapp:ordering (exported as a matching of each item to its position)")
    if isinstance(question.spec, MultipleChoice) and len(question.spec.correct_ids) == 1:
        lines.append("// learnapp:multiple (one right answer, but a multiple question)")
    lines.append(f"::{escape(question.id)}::[{fmt}]{escape(question.text_html.strip())}{{")
    lines += _gift_answers(question.spec)
    if question.feedback_html.strip():
        lines.append(f"####{escape(question.feedback_html.strip())}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _gift_answers(spec: Spec) -> list[str]:
    if isinstance(spec, SingleChoice):
        return [f"{'=' if c.is_correct else '~'}{escape(c.html)}{_feedback(c.feedback_html)}" for c in spec.choices]
    if isinstance(spec, MultipleChoice):
        right = sum(1 for choice in spec.choices if choice.is_correct)
        wrong = len(spec.choices) - right
        return [
            f"~%{_share(right if c.is_correct else -wrong)}%{escape(c.html)}{_feedback(c.feedback_html)}"
            for c in spec.choices
        ]
    if isinstance(spec, TrueFalse):
        return ["TRUE" if spec.answer else "FALSE"]
    if isinstance(spec, ShortAnswer):
        return [f"={escape(value)}" for value in spec.accepted]
    if isinstance(spec, Numeric):
        return [f"#{number_text(spec.answer)}:{number_text(spec.tolerance)}"]
    if isinstance(spec, Matching):
        return [f"={escape(pair.left_html)} -> {escape(pair.right_html)}" for pair in spec.pairs]
    if isinstance(spec, Ordering):
        return [f"={escape(item.html)} -> {index}" for index, item in enumerate(spec.items, start=1)]
    raise TypeError(f"{spec.kind} questions are not written as GIFT")


def _feedback(text: str) -> str:
    return f"#{escape(text.strip())}" if text.strip() else ""


def _share(count: int) -> str:
    """100/count as a weight with at most five decimals, negative for wrong answers (Moodle's precision)."""
    value = (Decimal(100) / abs(count)).quantize(Decimal("0.00001"))
    return number_text(-value if count < 0 else value)
