"""One JSON log line per request, with a request id echoed to the client and shown on the error page."""

from __future__ import annotations

import json
import logging

from learnapp.domain.profiles import Role
from learnapp.extensions import db
from learnapp.observability import JsonFormatter


def request_lines(caplog):
    return [record for record in caplog.records if getattr(record, "event", None) == "request"]


def test_each_request_writes_one_json_line_with_ids_and_no_personal_data(client, login_as, caplog):
    user = login_as(Role.TRAINEE, full_name="Aigerim Loggable")
    caplog.clear()
    caplog.set_level(logging.INFO)
    response = client.get("/", headers={"X-Request-ID": "0123456789abcdef0123456789abcdef"})

    assert response.headers["X-Request-ID"] == "0123456789abcdef0123456789abcdef"
    [record] = request_lines(caplog)
    text = JsonFormatter().format(record)
    assert "\n" not in text
    line = json.loads(text)
    assert line["request_id"] == "0123456789abcdef0123456789abcdef"
    assert (line["method"], line["route"], line["status"], line["user_id"]) == ("GET", "/", 200, user.id)
    assert line["level"] == "INFO"
    assert line["duration_ms"] >= 0
    assert user.email not in text and "Loggable" not in text


def test_a_request_without_a_usable_id_gets_a_fresh_one(client):
    first = client.get("/sign-in", headers={"X-Request-ID": "bad id <script>"})
    second = client.get("/sign-in")
    ids = {first.headers["X-Request-ID"], second.headers["X-Request-ID"]}
    assert len(ids) == 2
    assert all(len(request_id) == 32 and request_id.isalnum() for request_id in ids)


def test_sign_in_failures_and_successes_are_logged_by_account_id_only(client, create_user, caplog):
    user = create_user(Role.TRAINEE)
    caplog.set_level(logging.INFO)
    client.post("/sign-in", data={"email": user.email, "password": "not the right password"})
    client.post("/sign-in", data={"email": "nobody@example.org", "password": "not the right password"})
    events = [(getattr(r, "event", None), getattr(r, "user_id", None)) for r in caplog.records]
    assert ("sign_in_failed", user.id) in events
    assert ("sign_in_failed", None) in events
    assert not any(user.email in r.getMessage() or "nobody@" in r.getMessage() for r in caplog.records)


def test_the_error_page_shows_the_request_id(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)
    monkeypatch.setattr("learnapp.site.views.readiness", explode)
    response = client.get("/readyz", headers={"X-Request-ID": "ref-1234567890"})
    assert response.status_code == 500
    assert "Something went wrong" in response.text
    assert "ref-1234567890" in response.text


def test_when_even_the_error_page_fails_the_answer_is_still_ours(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)
    monkeypatch.setattr("learnapp.site.views.readiness", explode)
    monkeypatch.setattr(db.session, "rollback", explode)
    response = client.get("/readyz", headers={"X-Request-ID": "ref-0987654321"})
    assert response.status_code == 500
    assert "Произошла непредвиденная ошибка" in response.text
    assert "ref-0987654321" in response.text
    assert response.headers["X-Request-ID"] == "ref-0987654321"


def explode(*args, **kwargs):
    raise RuntimeError("injected failure")
