"""Database models, one file per aggregate. Importing this package registers every table."""

from learnapp.models.user import User

__all__ = ["User"]
