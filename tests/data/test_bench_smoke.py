"""The benchmark's building blocks work without the load: the client, the counting, the arithmetic, the table.

No timing is asserted here: speed goals live in `make bench`, which prints ratios.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest

from bench import (
    Client,
    Row,
    Sample,
    format_table,
    goal_line,
    hidden_value,
    median,
    ratio,
    read_forms,
    round_ratios,
    run_load,
    serve,
    timed_get,
)

ROOT = Path(__file__).resolve().parents[2]


def tiny_app(environ, start_response):
    """200 with a cookie at / (removed at /bye), a redirect at /go, 404 elsewhere; echoes cookie and body."""
    path = environ["PATH_INFO"]
    body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
    if path == "/go":
        start_response("302 Found", [("Location", "http://127.0.0.1/attempts/7"), ("Content-Length", "0")])
        return [b""]
    status = "200 OK" if path in ("/", "/bye") else "404 Not Found"
    cookie = "session=; Max-Age=0; Path=/" if path == "/bye" else "session=abc; Path=/; HttpOnly"
    reply = f"cookie={environ.get('HTTP_COOKIE', '')} body={body.decode()}".encode()
    headers = [("Content-Length", str(len(reply))), ("Set-Cookie", cookie)]
    start_response(status, headers)
    return [reply]


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture
def port() -> Iterator[int]:
    server: WSGIServer = make_server("127.0.0.1", 0, tiny_app, handler_class=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield server.server_port
    finally:
        server.shutdown()
        thread.join()
        server.server_close()


@pytest.fixture
def clients(port) -> Iterator[list[Client]]:
    made = [Client(port) for _ in range(2)]
    yield made
    for client in made:
        client.close()


def test_gunicorn_serves_the_hello_world_baseline_and_stops_with_the_block(tmp_path):
    with serve("bench.hello:app", dict(os.environ), ROOT, tmp_path / "hello.log") as port:
        client = Client(port)
        try:
            reply = client.get("/")
            sample = run_load([client], timed_get("/"), seconds=0.1)
        finally:
            client.close()

    assert (reply.status, reply.body) == (200, b"Hello, world!")
    assert sample.requests > 0
    assert sample.errors == 0
    late = Client(port)
    with pytest.raises(ConnectionRefusedError):
        late.get("/")
    late.close()


def test_the_load_client_counts_answered_requests(clients):
    sample = run_load(clients, timed_get("/"), seconds=0.2)

    assert sample.requests > 0
    assert sample.errors == 0
    assert sample.clients == 2
    assert sample.busy_seconds > 0
    assert sample.rate > 0


def test_an_unexpected_status_counts_as_an_error_not_a_request(clients):
    sample = run_load(clients, timed_get("/missing"), seconds=0.1)

    assert sample.requests == 0
    assert sample.errors > 0


def test_a_bug_in_a_step_stops_the_run_with_its_exception(clients):
    def broken(client):
        raise ValueError("bug in the step")

    with pytest.raises(ValueError, match="bug in the step"):
        run_load(clients, broken, seconds=0.1)


def test_the_client_keeps_cookies_posts_forms_and_reads_redirects_as_paths(clients):
    client = clients[0]

    first = client.get("/")
    second = client.post("/", [("shown", "a"), ("shown", "b"), ("confirm", "1")])
    redirect = client.get("/go")
    kept = dict(client.cookies)
    client.get("/bye")

    assert first.body == b"cookie= body="
    assert kept == {"session": "abc"}
    assert client.cookies == {}
    assert second.body == b"cookie=session=abc body=shown=a&shown=b&confirm=1"
    assert (redirect.status, redirect.location) == (302, "/attempts/7")


def test_the_rate_is_measured_requests_per_second_of_waiting_per_client():
    assert Sample(requests=100, errors=3, busy_seconds=20.0, clients=4).rate == 20.0
    assert Sample(requests=0, errors=0, busy_seconds=0.0, clients=4).rate == 0.0


def test_the_ratio_is_the_median_of_each_rounds_ratio():
    assert median([3.0, 1.0, 2.0]) == 2.0
    assert median([4.0, 1.0, 2.0, 3.0]) == 2.5
    assert ratio([30.0, 20.0, 50.0], [100.0, 100.0, 100.0]) == pytest.approx(0.3)
    assert ratio([10.0, 40.0, 30.0], [40.0, 100.0, 60.0]) == pytest.approx(0.4)
    assert round_ratios([10.0, 40.0, 30.0], [40.0, 0.0, 60.0]) == [0.25, 0.0, 0.5]


def _row(name, *rates):
    return Row(name, tuple(Sample(requests=int(rate), errors=0, busy_seconds=1.0, clients=1) for rate in rates))


def test_the_table_shows_rounds_median_ratio_and_errors():
    hello = _row("hello-world", 900, 1000, 1100)
    lesson = _row("lesson page", 300, 400, 500)

    lines = format_table([hello, lesson], hello).splitlines()

    assert lines[0].split() == [
        "page", "round", "1", "round", "2", "round", "3", "median", "ratio", "rounds", "errors", "client", "CPU",
    ]  # fmt: skip
    assert lines[1].split() == ["hello-world", "900.0", "1000.0", "1100.0", "1000.0", "1.000", "1.000-1.000", "0", "0%"]
    assert lines[2].split() == ["lesson", "page", "300.0", "400.0", "500.0", "400.0", "0.400", "0.333-0.455", "0", "0%"]
    assert len({len(line) for line in lines}) == 1


def test_the_goal_line_says_met_or_not_met():
    hello = [900.0, 1000.0, 1100.0]

    assert goal_line("the lesson page", [300.0, 400.0, 500.0], hello, 1 / 3).startswith(
        "Goal: the lesson page at 0.333 or more of hello-world: met (0.400)"
    )
    assert "NOT met (0.200)" in goal_line("the lesson page", [200.0, 200.0, 200.0], hello, 1 / 3)


def test_forms_are_read_with_their_inputs_in_order():
    html = b"""<form action="/sign-out"><input type="hidden" name="csrf_token" value="t1"></form>
    <form action="/attempts/3/submit"><input type="hidden" name="shown" value="pillars">
    <input type="radio" name="q.pillars" value="0"><input type="radio" name="q.pillars" value="1">
    <button name="go">Submit</button></form>"""

    forms = read_forms(html)

    assert [action for action, _inputs in forms] == ["/sign-out", "/attempts/3/submit"]
    assert forms[1][1] == [("shown", "pillars", "hidden"), ("q.pillars", "0", "radio"), ("q.pillars", "1", "radio")]
    assert hidden_value(html, "csrf_token") == "t1"
    assert hidden_value(html, "missing") == ""
