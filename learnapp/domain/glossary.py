"""The curriculum's bilingual glossary (``modules/glossary.yaml``): one Russian term for each English one.

Each entry names the term in English and Russian, the Russian variants to avoid, the source document, a note
and a short definition in both languages. The loader reads the file beside the module folders; the web page
reads it with ``load_glossary``. ``find_variants`` checks a text for avoided variants.

Variant patterns match Russian inflection by stems: a pattern is one or more words separated by spaces; a word
ending in ``*`` matches any word that starts with it (``порабощ*`` matches «порабощение», «порабощением»), any other
word must match whole. Matching ignores case and treats ``ё`` as ``е``; in the text, the words of a pattern may be
separated by any spaces and punctuation, line breaks included (``тех кто говорит`` finds «тех, кто говорит»).
``allow`` patterns mark places where a variant is right, such as an official title quoted as it is: a variant inside
an allowed match is not reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from learnapp.domain.problems import Problem, ProblemLog
from learnapp.domain.schema import Field, check_mapping, identifier, list_of, per_language, text
from learnapp.domain.yaml_source import Key, YamlDoc, parse_yaml, read_text

GLOSSARY_FILE = "glossary.yaml"
LANGUAGES = ("en", "ru")
WARNING = "warning: "
_WORD = re.compile(r"[\w-]+\*?")


@dataclass(frozen=True)
class Source:
    """The document a term is taken from: its name and its UN (or other) symbol."""

    name: str
    symbol: str


@dataclass(frozen=True)
class Term:
    """One glossary entry; ``note`` and ``definition`` map language codes (en, ru) to text."""

    id: str
    en: str
    ru: str
    avoid: tuple[str, ...]
    allow: tuple[str, ...]
    source: Source
    note: Mapping[str, str]
    definition: Mapping[str, str]
    line: int


@dataclass(frozen=True)
class Glossary:
    """The entries in file order, and the file they come from."""

    path: str
    terms: tuple[Term, ...]

    def term(self, ident: str) -> Term | None:
        """The entry with this id, or None."""
        return next((term for term in self.terms if term.id == ident), None)

    def sorted_terms(self, language: str) -> list[Term]:
        """The entries in the alphabetical order of their ``en`` or ``ru`` term (``ё`` sorted as ``е``)."""
        return sorted(self.terms, key=lambda term: fold(term.ru if language == "ru" else term.en))


@dataclass(frozen=True)
class GlossaryResult:
    """A glossary (None when the file is unusable) and every problem found in the file."""

    glossary: Glossary | None
    problems: tuple[Problem, ...]


@dataclass(frozen=True)
class VariantUse:
    """An avoided variant found in a text: the 1-based line, the words found and the entry that says what to use."""

    line: int
    found: str
    term: Term

    def message(self) -> str:
        """The warning text, without the path and line."""
        return f"{WARNING}«{self.found}»: use «{self.term.ru}» ({self.term.en}; see {GLOSSARY_FILE}, '{self.term.id}')"


def _source(value: object) -> Iterator[tuple[Key, str]]:
    if not isinstance(value, dict):
        yield (), "must hold 'name:' and 'symbol:' lines"
        return
    for key in ("name", "symbol"):
        if key not in value:
            yield (), f"needs '{key}:'"
        else:
            yield from (((key, *sub), f"({key}) {message}") for sub, message in text(value[key]))
    for key in value:
        if key not in ("name", "symbol"):
            yield (str(key),), f"has an unknown key '{key}': use only name and symbol"


def _both_languages(value: object) -> Iterator[tuple[Key, str]]:
    found = list(per_language(text)(value))
    yield from found
    if not found and isinstance(value, dict):
        yield from (((), f"needs an '{code}:' text") for code in LANGUAGES if code not in value)


def _pattern(value: object) -> Iterator[tuple[Key, str]]:
    yield from text(value)
    if isinstance(value, str) and value.strip() and " ".join(_WORD.findall(value)) != " ".join(value.split()):
        yield (), f"{value!r} must be words separated by spaces, each ending in '*' at most, like 'порабощ*'"


TERM_FIELDS = (
    Field("id", identifier, required=True),
    Field("en", text, required=True),
    Field("ru", text, required=True),
    Field("avoid", list_of(_pattern)),
    Field("allow", list_of(_pattern)),
    Field("source", _source, required=True),
    Field("note", _both_languages, required=True),
    Field("definition", _both_languages, required=True),
)
GLOSSARY_FIELDS = (Field("terms", list_of(lambda value: iter(())), required=True),)


def load_glossary(path: str | Path) -> GlossaryResult:
    """Read and check a glossary file; problems are reported as ``path:line: message``."""
    sink: list[Problem] = []
    glossary = read_glossary(Path(path), ProblemLog(str(path), sink))
    return GlossaryResult(glossary, tuple(sorted(set(sink))))


def read_glossary(path: Path, log: ProblemLog) -> Glossary | None:
    """Read a glossary file into ``log``'s list of problems; None when the file cannot be used at all."""
    raw = read_text(path, log)
    doc = parse_yaml(raw, 1, log) if raw is not None else None
    if doc is None or not check_mapping(doc, GLOSSARY_FIELDS, log):
        return None
    entries = doc.data["terms"] if isinstance(doc.data, dict) else []
    terms = [_term(_entry_doc(doc, index, entry), log) for index, entry in enumerate(entries)]
    kept = [term for term in terms if term is not None]
    _check_unique(kept, log)
    return Glossary(log.path, tuple(kept))


def _entry_doc(doc: YamlDoc, index: int, entry: object) -> YamlDoc:
    prefix = ("terms", index)
    lines = {key[2:]: line for key, line in doc.lines.items() if key[:2] == prefix and len(key) > 2}
    return YamlDoc(entry, lines, doc.line(*prefix))


def _term(doc: YamlDoc, log: ProblemLog) -> Term | None:
    before = len(log.sink)
    valid = check_mapping(doc, TERM_FIELDS, log)
    if len(log.sink) > before:
        return None
    data: Mapping[str, object] = valid
    source = data["source"]
    assert isinstance(source, dict)
    term = Term(
        id=str(data["id"]),
        en=str(data["en"]),
        ru=str(data["ru"]),
        avoid=_strings(data.get("avoid")),
        allow=_strings(data.get("allow")),
        source=Source(str(source["name"]), str(source["symbol"])),
        note=_texts(data["note"]),
        definition=_texts(data["definition"]),
        line=doc.first_line,
    )
    return term if _term_is_not_avoided(term, doc, log) else None


def _term_is_not_avoided(term: Term, doc: YamlDoc, log: ProblemLog) -> bool:
    for index, variant in enumerate(term.avoid):
        if _avoided(term.ru, term, variant):
            hint = "make the variant more specific, or list the right form under 'allow'"
            log.add(
                doc.line("avoid", index), f"the variant '{variant}' also matches the term to use «{term.ru}»: {hint}"
            )
            return False
    return True


def _check_unique(terms: list[Term], log: ProblemLog) -> None:
    first: dict[str, Term] = {}
    for term in terms:
        if term.id in first:
            log.add(
                term.line, f"term id '{term.id}' is already used on line {first[term.id].line}: give each its own id"
            )
        first.setdefault(term.id, term)


def _strings(value: object) -> tuple[str, ...]:
    return tuple(str(item) for item in value) if isinstance(value, list) else ()


def _texts(value: object) -> dict[str, str]:
    return {str(code): str(item) for code, item in value.items()} if isinstance(value, dict) else {}


def fold(value: str) -> str:
    """Lower case with ``ё`` as ``е``: the form terms are sorted by."""
    return value.lower().replace("ё", "е")


@lru_cache(maxsize=1024)
def variant_pattern(pattern: str) -> re.Pattern[str]:
    """The regular expression of a variant or allow pattern: case-insensitive, with ``е`` matching ``ё`` too."""
    words = [_word(word) for word in _WORD.findall(fold(pattern))]
    return re.compile(r"(?<![\w-])" + r"\W+".join(words), re.IGNORECASE)


def _word(word: str) -> str:
    stem = re.escape(word.removesuffix("*")).replace("е", "[её]")
    return stem + r"[\w-]*" if word.endswith("*") else stem + r"(?![\w-])"


def _avoided(text_: str, term: Term, variant: str) -> list[re.Match[str]]:
    """The matches of one avoided variant in a text, except those inside an allowed phrase."""
    found = list(variant_pattern(variant).finditer(text_))
    if not found:  # the usual case: the allowed phrases need not be looked for
        return []
    allowed = [match.span() for pattern in term.allow for match in variant_pattern(pattern).finditer(text_)]
    return [
        match for match in found if not any(start <= match.start() and match.end() <= end for start, end in allowed)
    ]


@lru_cache(maxsize=1024)
def _first_stem(pattern: str) -> str:
    """The first word of a pattern without its ``*``, folded: a text without it cannot match the pattern."""
    words = _WORD.findall(fold(pattern))
    return words[0].removesuffix("*") if words else ""


def find_variants(text_: str, glossary: Glossary) -> list[VariantUse]:
    """Every avoided variant in a text, in the order of the text, except inside an allowed phrase."""
    folded = fold(text_)  # a substring test first: a regular expression over a whole lesson per variant is slow
    found = [
        (match.start(), VariantUse(text_.count("\n", 0, match.start()) + 1, match.group(), term))
        for term in glossary.terms
        for variant in term.avoid
        if _first_stem(variant) in folded
        for match in _avoided(text_, term, variant)
    ]
    return [use for _, use in sorted(found, key=lambda item: item[0])]


def check_text(path: str, text_: str, glossary: Glossary) -> list[Problem]:
    """The warnings for a text: one ``path:line: warning: ...`` problem per avoided variant."""
    return [Problem(path, use.line, use.message()) for use in find_variants(text_, glossary)]
