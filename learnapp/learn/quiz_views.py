"""Taking a quiz or survey: start, answer (saved as the trainee goes), submit, review."""

from learnapp.learn.blueprint import blueprint

__all__ = ["blueprint"]
