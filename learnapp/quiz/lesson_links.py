"""Links from a quiz review's feedback to the lessons and modules it cites ("see lesson 2", "Module 3, lesson 1")."""

from __future__ import annotations

from collections.abc import Callable

from flask import url_for
from markupsafe import Markup

from learnapp.domain.citations import link_citations
from learnapp.quiz.queries import AttemptBundle, OutlineModule
from learnapp.stored_html import stored_html


class LessonAddresses:
    """Where a lesson or module cited in feedback leads, for `link_citations`; None for one the reader cannot open.

    The curriculum's outline is read on the first citation only, so a review whose feedback cites nothing reads
    nothing more. A bare "lesson N" is the Nth lesson of the attempt's own module, found by its slug.
    """

    def __init__(self, bundle: AttemptBundle, outline: Callable[[], list[OutlineModule]]) -> None:
        self.own_order, self.own_slug = bundle.version.position, bundle.module.slug
        self._outline = outline
        self._modules: dict[int, OutlineModule] | None = None

    def __call__(self, module_order: int, lesson: int | None) -> str | None:
        """The lesson's address (the module's when `lesson` is None), or None."""
        module = self._module(module_order)
        if module is None:
            return None
        if lesson is None:
            return url_for("learn.show_module", slug=module.slug)
        if not 1 <= lesson <= len(module.lesson_slugs):
            return None
        return url_for("learn.show_lesson", slug=module.slug, lesson_slug=module.lesson_slugs[lesson - 1])

    def linked(self, html: str) -> Markup:
        """Stored feedback HTML with its citations linked, marked safe."""
        return stored_html(link_citations(html, self.own_order, self) if html else html)

    def _module(self, module_order: int) -> OutlineModule | None:
        if self._modules is None:
            outline = self._outline()
            self._modules = {}
            for module in reversed(outline):  # the first of two modules with one order wins, as in the lists
                self._modules[module.order] = module
            own = next((module for module in outline if module.slug == self.own_slug), None)
            if own is not None:
                self._modules[self.own_order] = own
        return self._modules.get(module_order)
