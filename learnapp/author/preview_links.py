"""Links from the quiz preview's feedback to the draft's own lessons ("see lesson 2"), as the trainee's review has.

The trainee's review links a citation to the published lesson (`quiz.lesson_links`); the author checking a draft
wants the draft's lesson, so a citation of the draft's own module leads to its lesson preview, in the same language
and width. A citation of another module stays text here: the module's published page is one click away in the
studio, and its lessons may change before this draft is published.
"""

from __future__ import annotations

from flask import url_for
from markupsafe import Markup

from learnapp.author import queries
from learnapp.domain.citations import link_citations
from learnapp.domain.drafting import LESSON_FOLDER
from learnapp.models import Draft
from learnapp.stored_html import stored_html


class DraftLessonAddresses:
    """Where feedback's citations of the draft's own lessons lead in the preview, for `link_citations`.

    The draft's lesson files are listed on the first citation only, so feedback that cites nothing reads nothing.
    """

    def __init__(self, draft: Draft, own_order: int, language: str, width: str | None) -> None:
        self.draft, self.own_order, self.language, self.width = draft, own_order, language, width
        self._stems: list[str] | None = None

    def __call__(self, module_order: int, lesson: int | None) -> str | None:
        """The preview address of the draft's lesson (of its module page when `lesson` is None), or None."""
        if module_order != self.own_order:
            return None
        if lesson is None:
            return url_for("author.preview_module", slug=self.draft.slug, lang=self.language, width=self.width)
        stems = self.lesson_stems()
        if not 1 <= lesson <= len(stems):
            return None
        stem = stems[lesson - 1]
        return url_for("author.preview_lesson", slug=self.draft.slug, stem=stem, lang=self.language, width=self.width)

    def lesson_stems(self) -> list[str]:
        """The draft's lessons in their order (file names start with the position), without language and suffix."""
        if self._stems is None:
            prefix = f"{LESSON_FOLDER}/"
            paths = queries.file_entries(self.draft.id)
            names = [path.removeprefix(prefix) for path in paths if path.startswith(prefix) and path.endswith(".md")]
            self._stems = sorted({name.removesuffix(".md").rpartition(".")[0] for name in names})
        return self._stems

    def linked(self, html: str) -> Markup:
        """Stored feedback HTML with the draft's own lessons linked, marked safe."""
        return stored_html(link_citations(html, self.own_order, self) if html else html)
