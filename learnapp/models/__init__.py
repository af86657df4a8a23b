"""Database models, one file per aggregate. Importing this package registers every table."""

from learnapp.models.content import (
    Assessment,
    Lesson,
    LessonBlock,
    LessonText,
    Module,
    ModuleFile,
    ModuleVersion,
    Question,
    QuestionText,
)
from learnapp.models.user import User

__all__ = [
    "Assessment",
    "Lesson",
    "LessonBlock",
    "LessonText",
    "Module",
    "ModuleFile",
    "ModuleVersion",
    "Question",
    "QuestionText",
    "User",
]
