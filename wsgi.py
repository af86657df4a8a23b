"""The WSGI entry point for gunicorn: ``gunicorn wsgi:app``."""

from learnapp import create_app

app = create_app()
