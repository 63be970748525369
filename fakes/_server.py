"""A small aiohttp server run on its own asyncio loop in a background thread.

Used by FakeSlack and FakeGitHub so the same fake works for in-process async tests (whose event loop is the test's)
and for a bot running as a subprocess. All state lives behind ``self._lock`` (an RLock): request handlers mutate it
while holding the lock, and the public read helpers copy it out while holding the lock.
"""

from __future__ import annotations

import asyncio
import copy
import logging
import socket
import struct
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NoReturn, Self

from aiohttp import web

DEFAULT_FAULT_STATUS = 500
log = logging.getLogger(__name__)


@dataclass
class Fault:
    """One injected failure. ``times`` counts down (None = forever)."""

    match: Callable[..., bool]
    status: int | None
    times: int | None
    retry_after: float | None
    hang: float | None
    reset_connection: bool
    error: str | None = None
    after_effect: bool = False
    description: str = ""

    def error_status(self) -> int | None:
        """The status to answer with, or None to answer normally (a pure hang, or a reset)."""
        if self.status is not None:
            return self.status
        if self.hang is not None or self.reset_connection:
            return None
        return DEFAULT_FAULT_STATUS


class BackgroundServer:
    """Base class: subclasses implement ``_build_app()`` and use ``self._lock`` for their state."""

    shutdown_timeout = 0.5

    def __init__(self, *, host: str = "127.0.0.1", port: int = 0):
        self._host = host
        self._requested_port = port
        self._lock = threading.RLock()
        self._faults: list[Fault] = []
        self._internal_errors: list[str] = []
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._runner: web.AppRunner | None = None
        self._stopping: asyncio.Event | None = None
        self._port: int | None = None
        self._ready = threading.Event()
        self._startup_error: BaseException | None = None

    # -- lifecycle ---------------------------------------------------------------------------------------------
    def start(self) -> Self:
        if self._thread is not None:
            raise RuntimeError(f"{type(self).__name__} already started")
        self._ready.clear()
        self._thread = threading.Thread(target=self._serve, name=f"{type(self).__name__}-server", daemon=True)
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError(f"{type(self).__name__} did not start within 10 s")
        if self._startup_error is not None:
            self._thread.join(5)
            self._thread = None
            raise RuntimeError(f"{type(self).__name__} failed to start") from self._startup_error
        return self

    def stop(self) -> None:
        thread, loop = self._thread, self._loop
        if thread is None or loop is None:
            return
        if not loop.is_closed():
            future = asyncio.run_coroutine_threadsafe(self._shutdown(), loop)
            try:
                future.result(10)
            finally:
                loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        self._thread = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError(f"{type(self).__name__} is not running (call start() or use it as a context manager)")
        return self._port

    @property
    def origin(self) -> str:
        """``http://127.0.0.1:PORT`` (no trailing slash)."""
        return f"http://{self._host}:{self.port}"

    @property
    def running(self) -> bool:
        return self._thread is not None

    def _serve(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        asyncio.set_event_loop(loop)
        try:
            loop.run_until_complete(self._startup())
        except BaseException as exc:  # noqa: BLE001 - reported to start()
            self._startup_error = exc
            self._ready.set()
            loop.close()
            return
        self._ready.set()
        try:
            loop.run_forever()
        finally:
            try:
                pending = [t for t in asyncio.all_tasks(loop) if not t.done()]
                for task in pending:
                    task.cancel()
                if pending:
                    loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
                loop.run_until_complete(loop.shutdown_asyncgens())
            finally:
                loop.close()

    async def _startup(self) -> None:
        self._stopping = asyncio.Event()
        app = self._build_app()
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False, shutdown_timeout=self.shutdown_timeout)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self._host, self._requested_port)
        await site.start()
        server = site._server
        assert server is not None and server.sockets  # type: ignore[attr-defined]
        self._port = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]

    async def _shutdown(self) -> None:
        if self._stopping is not None:
            self._stopping.set()  # wakes up every hanging handler
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    def _build_app(self) -> web.Application:  # pragma: no cover - abstract
        raise NotImplementedError

    # -- helpers for handlers ----------------------------------------------------------------------------------
    async def _hang(self, seconds: float) -> None:
        """Sleep, but wake up at once when the server stops (so stop() never waits for a hanging request)."""
        assert self._stopping is not None
        try:
            await asyncio.wait_for(self._stopping.wait(), timeout=seconds)
        except TimeoutError:
            pass

    @staticmethod
    def _drop_connection(request: web.Request) -> NoReturn:
        """Reset the TCP connection (RST) without sending any response, and unwind the handler."""
        transport = request.transport
        if transport is None:
            raise asyncio.CancelledError()
        sock = transport.get_extra_info("socket")
        if sock is not None:
            try:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            except OSError:
                pass
        transport.abort()
        # aiohttp treats this like a request whose client went away: no response, nothing logged.
        raise asyncio.CancelledError()

    def _take_fault(self, *args: Any) -> Fault | None:
        """The first active fault matching ``args`` (its ``times`` is decremented), else None."""
        with self._lock:
            for fault in list(self._faults):
                if not fault.match(*args):
                    continue
                if fault.times is not None:
                    fault.times -= 1
                    if fault.times <= 0:
                        self._faults.remove(fault)
                return fault
        return None

    def _record_internal_error(self) -> str:
        text = traceback.format_exc()
        log.error("%s crashed while answering a request:\n%s", type(self).__name__, text)
        with self._lock:
            self._internal_errors.append(text)
        return text.strip().splitlines()[-1]

    @property
    def internal_errors(self) -> list[str]:
        """Tracebacks of requests the fake itself failed to handle (a bug in the fake or a very odd request)."""
        with self._lock:
            return list(self._internal_errors)

    def clear_faults(self) -> None:
        """Remove every injected fault."""
        with self._lock:
            self._faults.clear()

    @property
    def faults(self) -> list[Fault]:
        """The faults still pending (copies)."""
        with self._lock:
            return [copy.copy(f) for f in self._faults]

    def _add_fault(self, fault: Fault) -> Fault:
        if fault.times is not None and fault.times < 1:
            raise ValueError("times must be >= 1 (or None for forever)")
        with self._lock:
            self._faults.append(fault)
        return fault
