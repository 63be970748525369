"""Socket Mode: apps.connections.open hands out a WebSocket URL on the fake; the endpoint there says hello, delivers
envelopes (slash commands, interactions, events) to every connected app and records their acks."""

from __future__ import annotations

import asyncio
import copy
import json
import secrets
import threading

from aiohttp import WSMsgType, web

from fakes.slack.model import JSONDict, Team
from fakes.slack.workspace import Workspace


def connections_open(ws: Workspace, args: JSONDict) -> JSONDict:
    ws_origin = ws.origin().replace("http://", "ws://", 1)
    return {"ok": True, "url": f"{ws_origin}/socket-mode?ticket={secrets.token_hex(16)}&app_id={ws.team.app_id}"}


METHODS = {"apps.connections.open": connections_open}


class SocketModeEndpoint:
    """The ``/socket-mode`` WebSocket endpoint and its open connections; state behind the server's lock."""

    def __init__(self, lock: threading.RLock, team: Team):
        self._lock = lock
        self._team = team
        self.clear()

    def clear(self) -> None:
        self._sockets: list[web.WebSocketResponse] = []
        self._acks: list[JSONDict] = []

    async def handle(self, request: web.Request) -> web.StreamResponse:
        ws = web.WebSocketResponse(heartbeat=None)
        await ws.prepare(request)
        with self._lock:  # reachable before the hello, so an app that has its hello can be sent envelopes
            sockets = self._sockets
            sockets.append(ws)
        try:
            await ws.send_json({
                "type": "hello", "num_connections": 1,
                "debug_info": {"host": "fake-slack", "approximate_connection_time": 18060},
                "connection_info": {"app_id": self._team.app_id},
            })
            async for msg in ws:
                if msg.type in (WSMsgType.CLOSE, WSMsgType.ERROR):
                    break
                if msg.type == WSMsgType.TEXT:
                    with self._lock:
                        self._acks.append(json.loads(msg.data))
        finally:
            with self._lock:
                if ws in sockets:  # a reset() in between started a fresh list
                    sockets.remove(ws)
        return ws

    def send(self, kind: str, payload: JSONDict, *, envelope_id: str | None,
             loop: asyncio.AbstractEventLoop | None) -> str:
        """Deliver one envelope to every connection; returns its id (the ack carries it back)."""
        envelope_id = envelope_id or secrets.token_hex(8)
        envelope = {"envelope_id": envelope_id, "type": kind, "payload": payload,
                    "accepts_response_payload": kind != "events_api", "retry_attempt": 0, "retry_reason": ""}
        with self._lock:
            sockets = list(self._sockets)
        if not sockets or loop is None:
            raise RuntimeError("no Socket Mode connection to deliver to")
        for ws in sockets:
            asyncio.run_coroutine_threadsafe(ws.send_json(envelope), loop).result(timeout=5)
        return envelope_id

    def close_all(self, loop: asyncio.AbstractEventLoop | None) -> int:
        with self._lock:
            sockets = list(self._sockets)
        if sockets and loop is not None:
            for ws in sockets:
                asyncio.run_coroutine_threadsafe(ws.close(), loop).result(timeout=5)
        return len(sockets)

    def acks(self) -> list[JSONDict]:
        with self._lock:
            return copy.deepcopy(self._acks)

    @property
    def connections(self) -> int:
        with self._lock:
            return len(self._sockets)
