"""Security headers on every response."""

from __future__ import annotations

import pytest

from config import ProdConfig
from learnapp.domain.profiles import Role


@pytest.mark.parametrize("url", ["/sign-in", "/healthz", "/static/css/app.css", "/no-such-page"])
def test_every_response_carries_a_strict_content_security_policy(client, url):
    response = client.get(url)
    response.close()
    policy = response.headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in policy
    assert directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["form-action"] == "'self'"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_signed_in_pages_are_never_cached(client, login_as):
    login_as(Role.TRAINEE)
    assert client.get("/").headers["Cache-Control"] == "no-store"


def test_public_pages_for_visitors_do_not_forbid_caching_of_static_files(client):
    with client.get("/static/css/app.css") as response:
        assert "no-store" not in response.headers.get("Cache-Control", "")


def test_production_cookies_are_secure_httponly_and_samesite():
    assert ProdConfig.SESSION_COOKIE_SECURE is True
    assert ProdConfig.SESSION_COOKIE_HTTPONLY is True
    assert ProdConfig.SESSION_COOKIE_SAMESITE == "Lax"
    assert ProdConfig.REMEMBER_COOKIE_SECURE is True


def test_session_cookie_is_httponly_and_samesite(client, login_as):
    login_as(Role.TRAINEE)
    cookie = client.get_cookie("learnapp_session")
    assert cookie is not None
    assert cookie.http_only
    assert cookie.same_site == "Lax"
