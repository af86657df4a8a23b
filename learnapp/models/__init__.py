"""Database models, one file per aggregate. Importing this package registers every table."""

from learnapp.models.attempt import Attempt, AttemptAnswer
from learnapp.models.audit import AuditEvent
from learnapp.models.cohort import (
    Attendance,
    Cohort,
    CohortCertificate,
    CohortCoordinator,
    CohortModule,
    CohortSession,
    Enrolment,
    Invitation,
)
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
from learnapp.models.password_reset import PasswordReset
from learnapp.models.progress import Certificate, CertificatePdf, Completion, LessonRead, ModuleStanding, Reflection
from learnapp.models.studio import Draft, DraftFile, ModuleAuthor, ReviewComment
from learnapp.models.user import User

__all__ = [
    "Assessment",
    "Attempt",
    "AttemptAnswer",
    "Attendance",
    "AuditEvent",
    "Certificate",
    "CertificatePdf",
    "Cohort",
    "CohortCertificate",
    "CohortCoordinator",
    "CohortModule",
    "CohortSession",
    "Completion",
    "Draft",
    "DraftFile",
    "Enrolment",
    "Invitation",
    "Lesson",
    "LessonBlock",
    "LessonRead",
    "LessonText",
    "Module",
    "ModuleAuthor",
    "ModuleFile",
    "ModuleStanding",
    "ModuleVersion",
    "PasswordReset",
    "Question",
    "QuestionText",
    "Reflection",
    "ReviewComment",
    "User",
]
