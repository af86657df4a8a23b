"""Benchmarks that print ratios to a hello-world, never absolute goals: `make bench` runs `bench.pages`.

This package holds what any such benchmark needs and that does not know the app: gunicorn on a free loopback
port, a small HTTP load client (``http.client`` connections, one thread each, cookies kept), and the arithmetic
and table of the report. `bench.pages` builds the data set and says what to request.
"""

from __future__ import annotations

import http.client
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode, urlsplit

HOST = "127.0.0.1"
TIMEOUT_SECONDS = 30.0
Fields = Sequence[tuple[str, str]]


@dataclass(frozen=True)
class Reply:
    """What a request got back: the status, where a redirect points (a path), and the body."""

    status: int
    location: str
    body: bytes


class Client:
    """One simulated browser: a keep-alive connection (reopened when the server closes it) and its cookies."""

    def __init__(self, port: int) -> None:
        self.connection = http.client.HTTPConnection(HOST, port, timeout=TIMEOUT_SECONDS)
        self.cookies: dict[str, str] = {}
        self.form_token = ""

    def get(self, path: str) -> Reply:
        """GET a path."""
        return self.request("GET", path)

    def post(self, path: str, fields: Fields) -> Reply:
        """POST a form, as a browser does (urlencoded, repeated names kept)."""
        return self.request("POST", path, fields)

    def request(self, method: str, path: str, fields: Fields | None = None) -> Reply:
        """Send one request with the cookies so far; keep the cookies the reply sets."""
        headers = (
            {"Cookie": "; ".join(f"{name}={value}" for name, value in self.cookies.items())} if self.cookies else {}
        )
        body = None if fields is None else urlencode(fields)
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            self.connection.request(method, path, body, headers)
            response = self.connection.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException):
            self.connection.close()
            raise
        self._keep_cookies(response.headers.get_all("Set-Cookie") or [])
        return Reply(response.status, urlsplit(response.getheader("Location", "")).path, data)

    def _keep_cookies(self, headers: Sequence[str]) -> None:
        for header in headers:
            name, _, rest = header.partition("=")
            value = rest.split(";", 1)[0]
            if value:
                self.cookies[name.strip()] = value
            else:
                self.cookies.pop(name.strip(), None)

    def close(self) -> None:
        """Close the connection."""
        self.connection.close()


def free_port() -> int:
    """A loopback port nobody listens on now."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


@contextmanager
def serve(app_path: str, env: Mapping[str, str], cwd: Path, log: Path) -> Iterator[int]:
    """Run ``gunicorn -w 2 app_path`` (sync workers) on a free loopback port until the block ends; yield the port."""
    port = free_port()
    options = f"-m gunicorn --workers 2 --worker-class sync --log-level warning --bind {HOST}:{port}".split()
    with log.open("wb") as sink:
        server = subprocess.Popen([sys.executable, *options, app_path], cwd=cwd, env=env, stdout=sink, stderr=sink)
    try:
        _wait_until_up(server, port, log)
        yield port
    finally:
        stop(server)


def stop(server: subprocess.Popen[bytes]) -> None:
    """Stop a server: SIGTERM (gunicorn finishes its requests), then SIGKILL if it is not gone within 15 s."""
    server.terminate()
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def _wait_until_up(server: subprocess.Popen[bytes], port: int, log: Path, seconds: float = 120.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn stopped on start:\n{log.read_text()}")
        client = Client(port)
        try:
            client.get("/")
            return
        except OSError:
            time.sleep(0.1)
        finally:
            client.close()
    raise RuntimeError(f"gunicorn did not answer within {seconds:.0f} s:\n{log.read_text()}")


# A step is what one client repeats: it may send untimed requests first, then returns the seconds its
# measured request took and whether that request got the expected answer.
Step = Callable[[Client], tuple[float, bool]]


def timed_get(path: str, expect: int = 200) -> Step:
    """A step that GETs a path and expects a status (200: the page itself, not a redirect to sign in)."""

    def step(client: Client) -> tuple[float, bool]:
        started = time.perf_counter()
        reply = client.get(path)
        return time.perf_counter() - started, reply.status == expect

    return step


@dataclass
class _Tally:
    requests: int = 0
    errors: int = 0
    busy_seconds: float = 0.0
    failure: BaseException | None = None


@dataclass(frozen=True)
class Sample:
    """One measurement: good and failed measured requests, and the seconds the clients spent waiting on them.

    The rate is ``requests / (busy_seconds / clients)``: with every request measured that is requests per
    second of the run; with untimed preparation between measured requests (a quiz submit needs an attempt
    first), it is the rate the measured request alone would reach at the same concurrency.
    """

    requests: int
    errors: int
    busy_seconds: float
    clients: int
    cpu_share: float = 0.0

    @property
    def rate(self) -> float:
        """Measured requests per second."""
        return self.requests * self.clients / self.busy_seconds if self.busy_seconds else 0.0


def run_load(clients: Sequence[Client], step: Step, seconds: float) -> Sample:
    """Let each client repeat `step` in its own thread for `seconds`; a bug in the step is raised here.

    Interrupted (Ctrl-C), the threads finish their current request and stop before the interruption goes on.
    """
    tallies = [_Tally() for _ in clients]
    stop = threading.Event()
    cpu_started, wall_started = time.process_time(), time.perf_counter()
    threads = [
        threading.Thread(target=_drive, args=(client, step, wall_started + seconds, stop, tally))
        for client, tally in zip(clients, tallies, strict=True)
    ]
    for thread in threads:
        thread.start()
    try:
        for thread in threads:
            thread.join()
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    for tally in tallies:
        if tally.failure is not None:
            raise tally.failure
    return Sample(
        requests=sum(tally.requests for tally in tallies),
        errors=sum(tally.errors for tally in tallies),
        busy_seconds=sum(tally.busy_seconds for tally in tallies),
        clients=len(clients),
        cpu_share=(time.process_time() - cpu_started) / (time.perf_counter() - wall_started),
    )


def _drive(client: Client, step: Step, deadline: float, stop: threading.Event, tally: _Tally) -> None:
    """Repeat the step until the deadline; a dropped connection is an error, anything else stops the run."""
    while time.perf_counter() < deadline and not stop.is_set():
        started = time.perf_counter()
        try:
            seconds, is_ok = step(client)
        except (OSError, http.client.HTTPException):
            seconds, is_ok = time.perf_counter() - started, False
        except Exception as error:  # handed to the main thread, which raises it
            tally.failure = error
            return
        tally.busy_seconds += seconds
        tally.requests += is_ok
        tally.errors += not is_ok


def median(values: Sequence[float]) -> float:
    """The median (the mean of the middle two for an even count)."""
    return statistics.median(values)


def round_ratios(rates: Sequence[float], baseline: Sequence[float]) -> list[float]:
    """Each round's rate divided by the baseline's rate of the same round (0 when the baseline got nothing)."""
    return [rate / base if base else 0.0 for rate, base in zip(rates, baseline, strict=True)]


def ratio(rates: Sequence[float], baseline: Sequence[float]) -> float:
    """The median over rounds of a page's rate divided by the baseline's rate of the same round."""
    return median(round_ratios(rates, baseline))


@dataclass(frozen=True)
class Row:
    """A line of the report: one page's samples, one per round."""

    name: str
    samples: tuple[Sample, ...]

    @property
    def rates(self) -> list[float]:
        """Requests per second, by round."""
        return [sample.rate for sample in self.samples]


def format_table(rows: Sequence[Row], baseline: Row) -> str:
    """Requests per second by round and their median; the ratio to the baseline (median, and lowest to highest
    round); errors; the load generator's CPU.
    """
    rounds = len(baseline.samples)
    head = ["page", *(f"round {n}" for n in range(1, rounds + 1)), "median", "ratio", "rounds", "errors", "client CPU"]
    lines = [head]
    for row in rows:
        cpu = median([sample.cpu_share for sample in row.samples])
        spread = round_ratios(row.rates, baseline.rates)
        lines.append(
            [
                row.name,
                *(f"{rate:.1f}" for rate in row.rates),
                f"{median(row.rates):.1f}",
                f"{median(spread):.3f}",
                f"{min(spread):.3f}-{max(spread):.3f}",
                str(sum(sample.errors for sample in row.samples)),
                f"{cpu:.0%}",
            ]
        )
    widths = [max(len(line[column]) for line in lines) for column in range(len(head))]
    return "\n".join(
        "  ".join(
            cell.ljust(width) if column == 0 else cell.rjust(width)
            for column, (cell, width) in enumerate(zip(line, widths, strict=True))
        )
        for line in lines
    )


def goal_line(name: str, rates: Sequence[float], baseline: Sequence[float], goal: float) -> str:
    """Whether a page reaches its goal, as a ratio to the baseline."""
    reached = ratio(rates, baseline)
    verdict = "met" if reached >= goal else "NOT met"
    return f"Goal: {name} at {goal:.3f} or more of hello-world: {verdict} ({reached:.3f})."


class FormReader(HTMLParser):
    """The forms of a page: each form's action and its input fields (name, value, type), in order."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, list[tuple[str, str, str]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Start a form, or add an input to the current one."""
        values = {name: value or "" for name, value in attrs}
        if tag == "form":
            self.forms.append((values.get("action", ""), []))
        elif tag == "input" and self.forms and values.get("name"):
            self.forms[-1][1].append((values["name"], values.get("value", ""), values.get("type", "text")))


def read_forms(html: bytes) -> list[tuple[str, list[tuple[str, str, str]]]]:
    """Parse a page's forms (see `FormReader`)."""
    reader = FormReader()
    reader.feed(html.decode("utf-8"))
    reader.close()
    return reader.forms


def hidden_value(html: bytes, name: str) -> str:
    """The value of the first input called `name` on the page (a CSRF token), or "" when there is none."""
    for _action, inputs in read_forms(html):
        for input_name, value, _kind in inputs:
            if input_name == name:
                return value
    return ""
