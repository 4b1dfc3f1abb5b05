"""Bounds on slow clients: a connection that sends its headers or body too slowly is closed.

uvicorn (under Streamlit 1.67) closes idle keep-alive connections but has no timeout for a request
that arrives slowly, so 500 slow-loris connections would stay open for ever. `BoundedH11Protocol`
adds two deadlines per request: the headers within `header_timeout` seconds of the first byte (or
of the connection), the body within `body_timeout` seconds of the headers. A websocket (the
Streamlit pages) is not bounded once upgraded: it has its own pings. `install()` hands the protocol
to the server `streamlit run` starts; `app.py` calls it when the server loads the app.
"""

from __future__ import annotations

import asyncio

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from brobygger import settings

KEEP_ALIVE_SECONDS = 5  # an idle keep-alive connection is closed after this (uvicorn's timeout_keep_alive)


class BoundedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with a deadline for each request's headers and for its body."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._deadline: asyncio.TimerHandle | None = None
        self._waiting_for = ""
        self._arm("headers", settings.current().header_timeout)

    def _arm(self, what: str, seconds: float) -> None:
        if self._waiting_for != what:
            self._disarm()
            self._waiting_for = what
            self._deadline = self.loop.call_later(seconds, self._too_slow)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
        self._deadline, self._waiting_for = None, ""

    def _too_slow(self) -> None:
        """The client did not finish sending in time: close the connection (the app sees a disconnect)."""
        self._deadline = None
        if not self.transport.is_closing():
            self.logger.info("closing a connection that sent its %s too slowly", self._waiting_for)
            self.transport.close()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.transport.is_closing() or self.transport.get_protocol() is not self:
            self._disarm()  # closed, or upgraded to a websocket
            return
        state = self.conn.their_state
        if state is h11.IDLE:  # part of the next request's headers has come
            self._arm("headers", settings.current().header_timeout)
        elif state is h11.SEND_BODY:
            self._arm("body", settings.current().body_timeout)
        else:  # the whole request is in: answering it is the app's business
            self._disarm()

    def handle_websocket_upgrade(self, event: h11.Request) -> None:
        self._disarm()
        super().handle_websocket_upgrade(event)

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)


def install() -> bool:
    """Make the server use `BoundedH11Protocol` and a short keep-alive; True when it took effect.

    `streamlit run app.py` makes the uvicorn configuration first and imports the app while loading
    it, so when this runs (at the app's import) the configuration is on the call stack; the protocol
    it names is read again for every new connection, so changing it there bounds every connection.
    Loaded any other way (AppTest, an import), there is no server to bound and nothing changes."""
    import sys

    from uvicorn.config import Config

    frame = sys._getframe(1)
    while frame is not None:
        candidate = frame.f_locals.get("self")
        if isinstance(candidate, Config):
            candidate.http_protocol_class = BoundedH11Protocol
            candidate.timeout_keep_alive = KEEP_ALIVE_SECONDS
            return True
        frame = frame.f_back
    return False
