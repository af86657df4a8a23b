"""Every state-changing request needs a CSRF token."""

from __future__ import annotations

import re

import pytest

from learnapp.domain.profiles import Role

PLACEHOLDER = re.compile(r"<(?:any\((?P<first>\w+)[^>]*|[^>]+)>")


def sample_value(match: re.Match[str]) -> str:
    """A value the rule's converter accepts: the first choice of an ``any(...)``, else ``1``."""
    return match["first"] or "1"


def post_routes(app):
    return sorted(
        {
            PLACEHOLDER.sub(sample_value, rule.rule)
            for rule in app.url_map.iter_rules()
            if "POST" in (rule.methods or ())
        }
    )


def test_the_app_has_post_routes_to_check(app):
    assert len(post_routes(app)) >= 6


@pytest.mark.parametrize("who", [None, Role.TRAINEE, Role.ADMIN])
def test_every_post_route_refuses_a_request_without_a_token(app, client, login_as, who):
    if who is not None:
        login_as(who)
    for url in post_routes(app):
        response = client.post(url, data={"language": "ru"}, csrf=False)
        assert response.status_code == 400, url
        assert "This form has expired" in response.text, url


def test_a_token_from_another_session_is_refused(app, client, login_as):
    login_as(Role.TRAINEE)
    other = app.test_client()
    response = client.post("/account", data={"full_name": "X", "csrf_token": other.csrf_token()}, csrf=False)
    assert response.status_code == 400


def test_tokens_last_the_session_not_one_hour(app):
    assert app.config["WTF_CSRF_TIME_LIMIT"] is None
