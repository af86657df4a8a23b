"""The baseline: the smallest Flask app, served by gunicorn exactly as the real one is."""

from flask import Flask

app = Flask(__name__)


@app.route("/")
def hello() -> str:
    """Say hello."""
    return "Hello, world!"
