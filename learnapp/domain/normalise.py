"""Normalisation of short typed answers, so that trivial differences in typing never cost a mark.

Trainees in the region switch between Latin and Cyrillic keyboard layouts, so a word is often typed with a
stray letter from the other alphabet (``OБСЕ`` with a Latin ``O``). Both alphabets are folded to one form.
"""

from __future__ import annotations

import unicodedata

# Latin letters whose upper or lower case looks like a Cyrillic letter. Case is folded first, so each pair is
# given in lower case; the Cyrillic form is the one kept.
_LOOKALIKES = str.maketrans(
    {
        "a": "а",
        "b": "в",
        "c": "с",
        "e": "е",
        "h": "н",
        "i": "і",
        "j": "ј",
        "k": "к",
        "m": "м",
        "o": "о",
        "p": "р",
        "s": "ѕ",
        "t": "т",
        "x": "х",
        "y": "у",
        "ё": "е",
    }
)


def normalise_answer(text: str) -> str:
    """Fold a typed answer: case, spacing, punctuation, ``ё``/``е`` and Latin/Cyrillic look-alikes.

    Only letters, digits and combining marks are kept, so ``S/RES/2178 (2014)`` becomes ``ѕrеѕ21782014``.
    """
    folded = unicodedata.normalize("NFKC", text).casefold().translate(_LOOKALIKES)
    return "".join(ch for ch in folded if unicodedata.category(ch)[0] in "LNM")


def answers_match(given: str, accepted: str) -> bool:
    """Tell whether a typed answer matches an accepted one; an answer with no letters or digits never does."""
    normal = normalise_answer(given)
    return bool(normal) and normal == normalise_answer(accepted)
