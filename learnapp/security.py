"""HTTP security headers, set on every response.

A dozen lines of our own rather than Flask-Talisman: we need a fixed strict policy, not its HTTPS
redirection or per-view options, and the tests read these headers directly.
"""

from __future__ import annotations

from flask import current_app, request
from flask_login import current_user
from werkzeug.wrappers import Response

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    )
)

STATIC_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
}


# Files that may stay in the browser's cache for a signed-in user: slow links should not fetch them twice.
CACHEABLE_ENDPOINTS = frozenset({"static", "learn.module_file"})


def set_security_headers(response: Response) -> Response:
    """Add the fixed headers; forbid caching of every page a signed-in user sees."""
    response.headers.update(STATIC_HEADERS)
    if current_user.is_authenticated and request.endpoint not in CACHEABLE_ENDPOINTS:
        response.headers["Cache-Control"] = "no-store"
        response.vary.add("Cookie")
    if current_app.config["HSTS_ENABLED"]:
        response.headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains"
    return response
