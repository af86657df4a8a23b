"""GIFT import, case by case: each construct gives an exact question, each error an exact ``line: message``."""

from __future__ import annotations

from decimal import Decimal

import pytest

from learnapp.domain.gift import escape, parse_gift, unescape
from learnapp.domain.interchange import BLANK
from learnapp.domain.question_choice import Choice, MultipleChoice, SingleChoice
from learnapp.domain.question_lists import Item, Matching, Ordering, Pair
from learnapp.domain.question_typed import Numeric, ShortAnswer, TrueFalse
from learnapp.domain.questions import Question


def one(text: str):
    """The single question a GIFT text gives (failing on any problem)."""
    result = parse_gift(text)
    assert [str(note) for note in result.problems] == []
    assert len(result.questions) == 1
    return result.questions[0]


def single(*choices: tuple[str, bool, str]) -> SingleChoice:
    return SingleChoice(tuple(Choice(i, text, ok, fb) for i, (text, ok, fb) in enumerate(choices)))


def multiple(*choices: tuple[str, bool, str]) -> MultipleChoice:
    return MultipleChoice(tuple(Choice(i, text, ok, fb) for i, (text, ok, fb) in enumerate(choices)))


def q(qid: str, kind: str, text: str, spec, points: float = 1.0, feedback: str = "") -> Question:
    return Question(qid, kind, 0, text, spec, points, feedback)


# (GIFT text, the question it must give)
QUESTIONS = {
    "single": (
        "Who?{=A ~B ~C}",
        q("who", "single", "Who?", single(("A", True, ""), ("B", False, ""), ("C", False, ""))),
    ),
    "single-multiline-block": (
        "::t::Who?{\n=A\n~B\n}",
        q("t", "single", "Who?", single(("A", True, ""), ("B", False, ""))),
    ),
    "title-gives-id": (
        "::Pillars count::How many?{=4 ~2}",
        q("pillars-count", "single", "How many?", single(("4", True, ""), ("2", False, ""))),
    ),
    "cyrillic-title": (
        "::Сколько направлений::Сколько?{=Четыре ~Два}",
        q("skolko-napravleniy", "single", "Сколько?", single(("Четыре", True, ""), ("Два", False, ""))),
    ),
    "cyrillic-stem-id": (
        "Сколько основных направлений у Стратегии ООН сегодня?{=Четыре ~Два}",
        q(
            "skolko-osnovnykh-napravleniy-u-strategii-oon",
            "single",
            "Сколько основных направлений у Стратегии ООН сегодня?",
            single(("Четыре", True, ""), ("Два", False, "")),
        ),
    ),
    "answer-feedback": (
        "::f::Who?{=A#Right. ~B#Wrong.}",
        q("f", "single", "Who?", single(("A", True, "Right."), ("B", False, "Wrong."))),
    ),
    "general-feedback": (
        "::g::Who?{=A ~B ####See lesson 2.}",
        q("g", "single", "Who?", single(("A", True, ""), ("B", False, "")), feedback="See lesson 2."),
    ),
    "answer-and-general-feedback": (
        "::g::Who?{=A#yes ~B#no####See lesson 2.}",
        q("g", "single", "Who?", single(("A", True, "yes"), ("B", False, "no")), feedback="See lesson 2."),
    ),
    "single-by-weight": (
        "::w::Who?{~%100%A ~B}",
        q("w", "single", "Who?", single(("A", True, ""), ("B", False, ""))),
    ),
    "multiple-weights": (
        "::m::Which?{~%50%A ~%50%B ~%-100%C}",
        q("m", "multiple", "Which?", multiple(("A", True, ""), ("B", True, ""), ("C", False, ""))),
    ),
    "multiple-thirds": (
        "::m::Which?{~%33.33333%A ~%33.33333%B ~%33.33333%C ~%-100%D}",
        q("m", "multiple", "Which?", multiple(("A", True, ""), ("B", True, ""), ("C", True, ""), ("D", False, ""))),
    ),
    "multiple-feedback": (
        "::m::Which?{~%50%A#a ~%50%B#b ~%-100%C#c}",
        q("m", "multiple", "Which?", multiple(("A", True, "a"), ("B", True, "b"), ("C", False, "c"))),
    ),
    "multiple-marker": (
        "// learnapp:multiple\n::m::Which?{~%100%A ~%-100%B}",
        q("m", "multiple", "Which?", multiple(("A", True, ""), ("B", False, ""))),
    ),
    "true": ("::t::Sky is blue.{T}", q("t", "truefalse", "Sky is blue.", TrueFalse(True))),
    "TRUE": ("::t::Sky is blue.{TRUE}", q("t", "truefalse", "Sky is blue.", TrueFalse(True))),
    "false": ("::t::Sky is green.{F}", q("t", "truefalse", "Sky is green.", TrueFalse(False))),
    "FALSE": ("::t::Sky is green.{FALSE}", q("t", "truefalse", "Sky is green.", TrueFalse(False))),
    "true-general-feedback": (
        "::t::Sky is blue.{T####Rayleigh.}",
        q("t", "truefalse", "Sky is blue.", TrueFalse(True), feedback="Rayleigh."),
    ),
    "short": ("::s::Capital?{=Paris}", q("s", "short", "Capital?", ShortAnswer(("Paris",)))),
    "short-several": (
        "::s::Resolution?{=2178 =S/RES/2178 =S/RES/2178 (2014)}",
        q("s", "short", "Resolution?", ShortAnswer(("2178", "S/RES/2178", "S/RES/2178 (2014)"))),
    ),
    "short-cyrillic": (
        "::s::Столица?{=Астана =Нур-Султан}",
        q("s", "short", "Столица?", ShortAnswer(("Астана", "Нур-Султан"))),
    ),
    "numeric-tolerance": (
        "::n::Pi?{#3.14:0.01}",
        q("n", "numeric", "Pi?", Numeric(Decimal("3.14"), Decimal("0.01"))),
    ),
    "numeric-exact": ("::n::Year?{#2006}", q("n", "numeric", "Year?", Numeric(Decimal(2006), Decimal(0)))),
    "numeric-range": ("::n::Between?{#1..5}", q("n", "numeric", "Between?", Numeric(Decimal(3), Decimal(2)))),
    "numeric-range-decimal": (
        "::n::Between?{#1..2}",
        q("n", "numeric", "Between?", Numeric(Decimal("1.5"), Decimal("0.5"))),
    ),
    "numeric-negative": ("::n::Below?{#-40:0}", q("n", "numeric", "Below?", Numeric(Decimal(-40), Decimal(0)))),
    "numeric-exponent": ("::n::Big?{#1e3:10}", q("n", "numeric", "Big?", Numeric(Decimal(1000), Decimal(10)))),
    "numeric-several-answers": (
        "::n::Year?{#=2011:0 =%50%2010:1}",
        q("n", "numeric", "Year?", Numeric(Decimal(2011), Decimal(0))),
    ),
    "matching": (
        "::m::Match.{=Rome -> rehabilitation =Ankara -> multi-sectoral =Abu Dhabi -> education}",
        q(
            "m",
            "matching",
            "Match.",
            Matching(
                (
                    Pair(0, "Rome", "rehabilitation"),
                    Pair(1, "Ankara", "multi-sectoral"),
                    Pair(2, "Abu Dhabi", "education"),
                )
            ),
        ),
    ),
    "ordering-marker": (
        "// learnapp:ordering\n::o::Order.{=first -> 1 =second -> 2 =third -> 3}",
        q("o", "ordering", "Order.", Ordering((Item(0, "first"), Item(1, "second"), Item(2, "third")))),
    ),
    "missing-word": (
        "Moodle costs {~lots of money =nothing ~a small amount} to download.",
        q(
            "moodle-costs-to-download",
            "single",
            f"Moodle costs {BLANK} to download.",
            single(("lots of money", False, ""), ("nothing", True, ""), ("a small amount", False, "")),
        ),
    ),
    "missing-word-punctuation": (
        "::mw::The capital is {=Paris ~Lyon}.",
        q("mw", "single", f"The capital is {BLANK}.", single(("Paris", True, ""), ("Lyon", False, ""))),
    ),
    "missing-word-short": (
        "::mw::Two plus two is {=four} indeed.",
        q("mw", "short", f"Two plus two is {BLANK} indeed.", ShortAnswer(("four",))),
    ),
    "markdown-format": (
        "::md::[markdown]How **many**?{=4 ~*2*}",
        q("md", "single", "How **many**?", single(("4", True, ""), ("*2*", False, ""))),
    ),
    "plain-format-escapes-markdown": (
        "::p::[plain]Is 2*3 <6>?{T}",
        q("p", "truefalse", r"Is 2\*3 &lt;6>?", TrueFalse(True)),
    ),
    "plain-format-line-start": (
        "::p::[plain]# not a heading{T}",
        q("p", "truefalse", r"\# not a heading", TrueFalse(True)),
    ),
    "html-format-sanitised": (
        '::h::[html]<p onclick="x()">Hi <b>there</b><script>alert(1)</script></p>{T}',
        q("h", "truefalse", "<p>Hi <b>there</b></p>", TrueFalse(True)),
    ),
    "moodle-format-keeps-tags": (
        "::mo::[moodle]Is <b>this</b> *bold*?{T}",
        q("mo", "truefalse", r"Is <b>this</b> \*bold\*?", TrueFalse(True)),
    ),
    "default-format-is-moodle": ("::d::Under_score?{T}", q("d", "truefalse", r"Under\_score?", TrueFalse(True))),
    "answer-own-format": (
        "::af::[markdown]Pick{=[html]<i>A</i> ~B}",
        q("af", "single", "Pick", single(("<i>A</i>", True, ""), ("B", False, ""))),
    ),
    "escape-tilde": (r"::e::a \~ b?{=x ~y}", q("e", "single", "a ~ b?", single(("x", True, ""), ("y", False, "")))),
    "escape-equals": (r"::e::1 + 1 \= 2?{T}", q("e", "truefalse", "1 + 1 = 2?", TrueFalse(True))),
    "escape-hash": (
        r"::e::Issue \#1?{=x ~y}",
        q("e", "single", "Issue #1?", single(("x", True, ""), ("y", False, ""))),
    ),
    "escape-braces": (r"::e::Set \{a\}?{T}", q("e", "truefalse", "Set {a}?", TrueFalse(True))),
    "escape-colon-in-title": (r"::Ratio 1\:2::Ratio?{T}", q("ratio-1-2", "truefalse", "Ratio?", TrueFalse(True))),
    "escape-newline": (
        r"::e::[markdown]Line one\nLine two{T}",
        q("e", "truefalse", "Line one\nLine two", TrueFalse(True)),
    ),
    "escape-in-answer": (
        r"::e::Pick{=a\=b ~c\~d}",
        q("e", "single", "Pick", single(("a=b", True, ""), ("c~d", False, ""))),
    ),
    "escape-in-feedback": (
        r"::e::Pick{=a#see \#2 ~b}",
        q("e", "single", "Pick", single(("a", True, "see #2"), ("b", False, ""))),
    ),
    "escaped-backslash": (r"::e::[markdown]Path a\\b{T}", q("e", "truefalse", "Path a\\b", TrueFalse(True))),
    "points-marker": ("// learnapp:points 2.5\n::p::Sky?{T}", q("p", "truefalse", "Sky?", TrueFalse(True), points=2.5)),
    "comment-inside": (
        "::c::Who?{\n// a comment\n=A\n~B\n}",
        q("c", "single", "Who?", single(("A", True, ""), ("B", False, ""))),
    ),
}


@pytest.mark.parametrize("name", sorted(QUESTIONS))
def test_gift_construct_gives_the_exact_question(name):
    text, expected = QUESTIONS[name]
    assert one(text).question == expected


# (GIFT text, every problem as "line: message")
ERRORS = {
    "unclosed-brace": ("::a::Who?{=A ~B", ["1: the answer block '{' is not closed: add '}' after the answers"]),
    "unclosed-brace-later-line": (
        "::a::Who?\n{=A\n~B",
        ["2: the answer block '{' is not closed: add '}' after the answers"],
    ),
    "stray-close": ("Who? } {=A ~B}", ["1: a '}' closes no answer block: remove it or write '\\}'"]),
    "stray-close-after": ("Who? {=A ~B} }", ["1: a '}' closes no answer block: remove it or write '\\}'"]),
    "nested-open": ("Who? {=A {~B}", ["1: a '{' inside an answer block: close the block first, or write '\\{'"]),
    "second-block": (
        "Who? {=A ~B}\nWhat? {=C ~D}",
        ["2: a second answer block: a question has one '{...}'; separate questions with a blank line, or write '\\{'"],
    ),
    "weight-over-100": ("Who? {~%150%A ~B}", ["1: the weight 150% is over 100%: use a weight from -100% to 100%"]),
    "weight-below-minus-100": (
        "Who? {=A ~%-200%B}",
        ["1: the weight -200% is below -100%: use a weight from -100% to 100%"],
    ),
    "weights-not-100": (
        "Who? {~%40%A ~%40%B ~C}",
        ["1: the right answers' weights add up to 80%: make them add up to 100%, or mark one right answer with '='"],
    ),
    "two-equals-with-wrong": (
        "Who? {=A =B ~C}",
        ["1: the right answers' weights add up to 200%: make them add up to 100%, or mark one right answer with '='"],
    ),
    "no-right-answer": (
        "Who? {~A ~B}",
        ["1: no right answer: mark one with '=' or give right answers a positive weight '~%50%'"],
    ),
    "matching-two-pairs": (
        "Match {=a -> 1 =b -> 2}",
        ["1: a matching question needs at least three pairs '=left -> right'; found 2"],
    ),
    "matching-mixed": (
        "Match {=a -> 1 =b -> 2 =c}",
        ["1: mixed answer kinds: in a matching question every answer is '=left -> right'"],
    ),
    "matching-with-wrong": (
        "Match {=a -> 1 =b -> 2 ~c -> 3}",
        ["1: mixed answer kinds: in a matching question every answer is '=left -> right'"],
    ),
    "matching-repeated-right": (
        "Match {=a -> 1 =b -> 1 =c -> 2}",
        ["1: two pairs have the right side '1': give every pair its own right side"],
    ),
    "numeric-with-choice": (
        "Year? {#2006 ~2007}",
        ["1: mixed answer kinds: a numeric question '{#...}' has no '~' answers"],
    ),
    "numeric-not-a-number": (
        "Year? {#about 2006}",
        ["1: 'about 2006' is not a number: write '{#3.14:0.01}' (answer:tolerance) or '{#1..5}' (a range)"],
    ),
    "numeric-backwards-range": ("Range? {#5..1}", ["1: the range 5..1 runs backwards: write the smaller number first"]),
    "numeric-negative-tolerance": ("Pi? {#3.14:-1}", ["1: the tolerance in '3.14:-1' is negative: use 0 or more"]),
    "numeric-no-full-answer": (
        "Year? {#=%50%2006 =%50%2007}",
        ["1: no numeric answer is worth 100%: write one as '=%100%number'"],
    ),
    "numeric-weight-over-100": ("Year? {#=%120%2006}", ["1: the weight 120% is over 100%: use a weight up to 100%"]),
    "essay": (
        "Tell us.{}",
        ["1: an essay question '{}' cannot be graded in a quiz: put it in a survey as a text question"],
    ),
    "description": (
        "Just some text.",
        ["1: a description (text with no answer block '{...}') is not a question: nothing to grade"],
    ),
    "unclosed-title": (
        "::Title Who?{=A ~B}",
        ["1: the title '::' is not closed: write '::title::' before the question"],
    ),
    "no-stem": ("::t::{=A ~B}", ["1: the question has no text before its answer block"]),
    "text-before-answers": (
        "Who? {A =B ~C}",
        ["1: text before the first answer: start each answer with '=' (right) or '~' (wrong)"],
    ),
    "empty-answer": ("Who? {= ~B}", ["1: an answer has no text: write it after '=' or '~'"]),
    "short-without-letters": ("What? {=...}", ["1: an accepted answer needs letters or digits after '='"]),
    "tf-three-feedbacks": ("Sky? {T#a#b#c}", ["1: a true/false question has at most two feedbacks: '{T#wrong#right}'"]),
    "bad-points-marker": (
        "// learnapp:points zero\nSky? {T}",
        ["2: '// learnapp:points zero' must give a number greater than 0"],
    ),
    "error-line-in-second-question": (
        "// comment\n\n// another\nSecond\n{=A ~B",
        ["5: the answer block '{' is not closed: add '}' after the answers"],
    ),
    "stem-line-reads-as-keyword": (
        r"::t::[markdown]Stem\nAnswer\: false{T}",
        ["1: cannot be written as our quiz Markdown: 'Answer:' appears more than once: keep one"],
    ),
    "stem-line-reads-as-heading": (
        r"::t::[markdown]Stem\n## other (single){T}",
        [
            "1: cannot be written as our quiz Markdown: "
            "a truefalse question needs a line 'Answer: true' or 'Answer: false'"
        ],
    ),
}


@pytest.mark.parametrize("name", sorted(ERRORS))
def test_gift_error_is_reported_at_its_line(name):
    text, expected = ERRORS[name]
    result = parse_gift(text)
    assert [str(note) for note in result.problems] == expected
    assert result.questions == ()


# (GIFT text, what the import reports as lost)
LOSSES = {
    "tf-feedbacks": (
        "Sky? {T#No.#Yes.}",
        ["the feedback for each true/false answer is dropped: our truefalse has one 'Feedback:'"],
    ),
    "unequal-multiple": (
        "Which? {~%70%A ~%30%B ~%-100%C}",
        ["the right answers' weights become equal shares: our multiple scoring splits the points evenly"],
    ),
    "zero-wrong-multiple": (
        "Which? {~%50%A ~%50%B ~C}",
        [
            "the wrong answers' weights are not kept: in our multiple scoring each wrong pick costs "
            "1/(number of wrong choices)"
        ],
    ),
    "partial-single": (
        "Who? {=A ~%50%B ~C}",
        ["partial credit and penalties of wrong answers are dropped: a single question is all or nothing"],
    ),
    "short-partial": ("Capital? {=Paris =%50%Lyon}", ["the answer 'Lyon' earns full points, not 50%"]),
    "short-zero": ("Capital? {=Paris =%0%Lyon}", ["the answer 'Lyon' (0%) is dropped: only right answers are kept"]),
    "short-feedback": (
        "Capital? {=Paris#Yes}",
        ["the feedback for the answer 'Paris' is dropped: short answers have one 'Feedback:'"],
    ),
    "numeric-other-answer": ("Year? {#=2011:0 =%50%2010:1}", ["the numeric answer 2010 (50%) is dropped"]),
    "matching-distractor": (
        "Match {=a -> 1 =b -> 2 =c -> 3 = -> 4}",
        ["the extra right side '4' (no left side) is dropped"],
    ),
    "ordering-marker-not-positions": (
        "// learnapp:ordering\nOrder {=a -> x =b -> y =c -> z}",
        ["'// learnapp:ordering' is ignored: the right sides are not the positions 1, 2, 3..."],
    ),
}


@pytest.mark.parametrize("name", sorted(LOSSES))
def test_gift_loss_is_reported_and_the_question_kept(name):
    text, expected = LOSSES[name]
    result = parse_gift(text)
    assert result.problems == ()
    assert [note.message for note in result.losses] == expected


def test_categories_are_kept_per_question():
    result = parse_gift("$CATEGORY: $course$/Drivers\n\nA {T}\n\n$CATEGORY: Other\n\nB {F}")
    assert [item.category for item in result.questions] == ["$course$/Drivers", "Other"]
    assert result.categories == ("$course$/Drivers", "Other")


def test_good_questions_are_returned_beside_the_bad_ones_with_lines():
    result = parse_gift("::a::A {T}\n\n::b::B {=x ~y\n\n::c::C {F}")
    assert [item.question.id for item in result.questions] == ["a", "c"]
    assert [item.line for item in result.questions] == [1, 5]
    assert [str(note) for note in result.problems] == [
        "3: the answer block '{' is not closed: add '}' after the answers"
    ]


def test_repeated_titles_get_numbered_ids_and_avoid_taken_ones():
    result = parse_gift("::Same::A {T}\n\n::Same::B {F}", taken=["same"])
    assert [item.question.id for item in result.questions] == ["same-2", "same-3"]


def test_escape_and_unescape_are_inverse():
    text = "a~b=c#d{e}f:g\\h\nnew line"
    assert unescape(escape(text)) == text
    assert "\n" not in escape(text)
