"""The `learn` blueprint; its views live in views.py (modules and lessons), quiz_views.py and certificate_views.py."""

from flask import Blueprint

from learnapp.domain.profiles import Role

blueprint = Blueprint("learn", __name__, template_folder="templates")

# Everyone who takes part in the training; observers see aggregate reports only.
LEARNERS = (Role.TRAINEE, Role.TRAINER, Role.COORDINATOR, Role.ADMIN)
