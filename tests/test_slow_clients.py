"""A slow client cannot hold a connection for ever: the real server closes one that sends its headers
or its body too slowly (slow loris), while normal requests are answered."""

from __future__ import annotations

import socket
import time
import urllib.request

import pytest

from brobygger.devserver import AppProcess

HEADERS, BODY = 2.0, 3.0
SLACK = 4.0  # a loaded two-core machine


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    srv = AppProcess(
        tmp_path_factory.mktemp("slow"),
        extra_env={"BROBYGGER_HEADER_TIMEOUT": str(HEADERS), "BROBYGGER_BODY_TIMEOUT": str(BODY)},
    ).start()
    yield srv
    srv.stop()


def _dribble(server, first: bytes, then: bytes, count: int) -> list[float]:
    """Open `count` connections, send `first`, then one byte of `then` every half second to each until the
    server closes it; the seconds each stayed open (or the time limit if it never closed)."""
    started = time.monotonic()
    open_ = {}
    for _ in range(count):
        sock = socket.create_connection(("127.0.0.1", server.port), timeout=5)
        sock.sendall(first)
        open_[sock] = 0
    closed: list[float] = []
    while open_ and time.monotonic() - started < 60:
        time.sleep(0.5)
        for sock in list(open_):
            position = open_[sock]
            try:
                sock.sendall(then[position % len(then) : position % len(then) + 1])
                open_[sock] = position + 1
                sock.setblocking(False)
                try:
                    if sock.recv(4096) == b"":
                        raise ConnectionResetError
                except BlockingIOError:
                    pass
                finally:
                    sock.setblocking(True)
            except OSError:
                closed.append(time.monotonic() - started)
                sock.close()
                del open_[sock]
    for sock in open_:
        closed.append(60.0)
        sock.close()
    return closed


def test_slow_headers_are_cut_off_within_the_bound(server):
    stayed = _dribble(server, b"GET /j HTTP/1.1\r\nHost: x\r\n", b"X-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n", 30)
    assert len(stayed) == 30 and max(stayed) < HEADERS + SLACK, stayed


def test_a_silent_connection_is_cut_off_within_the_bound(server):
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as sock:
        assert sock.recv(4096) == b""  # the server closed it
    assert time.monotonic() - started < HEADERS + SLACK


def test_a_slow_body_is_cut_off_within_the_bound(server):
    head = b"POST /api/phone/join HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n"
    stayed = _dribble(server, head, b'{"code": "ABCDEF"}', 10)
    assert len(stayed) == 10 and max(stayed) < BODY + SLACK, stayed


def test_normal_requests_are_answered(server):
    with urllib.request.urlopen(server.url + "/j", timeout=10) as response:
        assert response.status == 200 and b"<html" in response.read().lower()
    request = urllib.request.Request(
        server.url + "/api/phone/join", data=b'{"code": "ABCDEF"}', headers={"Content-Type": "application/json"}
    )
    try:
        urllib.request.urlopen(request, timeout=10)
    except urllib.error.HTTPError as exc:  # no such code: a clear refusal, not a cut connection
        assert exc.code in (400, 404) and b"message" in exc.read()
