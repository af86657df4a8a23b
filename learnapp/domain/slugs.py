"""Question ids made from titles or stems: Latin slugs, stable and unique, even for Cyrillic text.

Transliteration follows a simple table of our own (close to the BGN/PCGN romanisation of Russian, plus the
extra letters of Kazakh, Kyrgyz, Tajik and Uzbek Cyrillic), so the same stem always gives the same id on every
machine, with no library whose tables might change between versions.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "",
    "э": "e", "ю": "yu", "я": "ya", "ә": "a", "ғ": "gh", "қ": "q", "ң": "ng", "ө": "o", "ұ": "u", "ү": "u",
    "һ": "h", "і": "i", "ӣ": "i", "ӯ": "u", "ҳ": "h", "ҷ": "j", "ў": "o", "ї": "yi", "є": "ye", "ґ": "g",
}  # fmt: skip
_TABLE = str.maketrans(_CYRILLIC)
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_MARKUP = re.compile(r"[*_`#>\[\]()!\\]|<[^>]*>")
MAX_LENGTH = 80
STEM_WORDS = 6
FALLBACK = "question"


def transliterate(text: str) -> str:
    """Lower-case Latin letters for any Latin or Cyrillic text; accents are dropped, other scripts vanish."""
    folded = text.casefold().translate(_TABLE)
    return "".join(ch for ch in unicodedata.normalize("NFKD", folded) if ch.isascii())


def slugify(text: str, *, words: int | None = None) -> str:
    """A slug of lowercase Latin letters, digits and single hyphens, at most ``MAX_LENGTH`` characters.

    ``words`` keeps only the first words (for stems); an empty result becomes ``question``.
    """
    parts = _NOT_SLUG.sub(" ", transliterate(_MARKUP.sub(" ", text))).split()
    kept: list[str] = []
    for part in parts[:words] if words is not None else parts:
        if len("-".join([*kept, part])) > MAX_LENGTH:
            break
        kept.append(part)
    return "-".join(kept) or FALLBACK


def question_id(title: str, stem: str) -> str:
    """The id for an imported question: from its title when it has one, else from the first words of its stem."""
    return slugify(title) if title.strip() else slugify(stem, words=STEM_WORDS)


def unique_ids(wanted: Sequence[str], taken: Iterable[str] = ()) -> list[str]:
    """Make ids unique, in order, by adding ``-2``, ``-3``... to repeats and to ids already ``taken``."""
    used = set(taken)
    result: list[str] = []
    for base in wanted:
        candidate, number = base, 2
        while candidate in used:
            candidate, number = f"{base}-{number}", number + 1
        used.add(candidate)
        result.append(candidate)
    return result
