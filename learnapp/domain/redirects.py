"""Deciding whether a ``next`` target stays inside the site."""

from __future__ import annotations

from typing import TypeGuard
from urllib.parse import unquote, urlsplit


def is_safe_next(target: str | None) -> TypeGuard[str]:
    r"""True when `target` is a path on this site, so redirecting to it cannot send anyone elsewhere.

    Only absolute paths are accepted (``/learn/x?y=1``). Anything a browser could read as another host is
    refused: scheme-relative ``//host``, backslashes (``/\\host``, which browsers treat as ``//host``),
    schemes (``https:``, ``javascript:``), control characters and whitespace, and the same tricks
    percent-encoded once or twice.
    """
    if not target or any(char.isspace() for char in target):
        return False
    return _is_plain_local_path(target) and _is_plain_local_path(unquote(unquote(target)))


def _is_plain_local_path(path: str) -> bool:
    if not path.startswith("/") or path.startswith("//"):
        return False
    if "\\" in path or any(ord(char) < 32 or ord(char) == 127 for char in path):
        return False
    parts = urlsplit(path)
    return not parts.scheme and not parts.netloc
