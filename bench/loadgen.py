"""Helpers for bench/load.py: the load-generating child process, CPU time from /proc, percentiles, the machine.

The load comes from a child process, so the fakes' thread and the load generator do not share a GIL with the
process that records when the fake Slack received each call.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import statistics
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp

from tests.signing import slack_signature_headers

Answer = tuple[float, float, int]
"""(sent, answered, HTTP status), wall-clock seconds as time.time() gives them."""
_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time the process (all its threads) has used so far, from /proc/PID/stat."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    fields = stat[stat.rindex(")") + 2:].split()  # the command name may hold spaces; fields resume after ")"
    return (int(fields[11]) + int(fields[12])) / _TICKS  # utime, stime: fields 14 and 15 of proc(5)


def machine() -> str:
    model = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    return f"{os.cpu_count()} × {model}"


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))] if ordered else float("nan")


def spread(values: list[float], digits: int = 2) -> str:
    """`median [min–max]` of per-round figures."""
    if not values:
        return "n/a"
    return f"{statistics.median(values):.{digits}f} [{min(values):.{digits}f}–{max(values):.{digits}f}]"


@dataclass
class Sender:
    """A child process holding prepared requests; `go()` sends them and returns every answer, keyed."""

    url: str
    requests: list[tuple[str, bytes]]
    concurrency: int
    secret: str

    def __post_init__(self) -> None:
        ctx = multiprocessing.get_context("spawn")
        self._conn, child = ctx.Pipe()
        self._proc = ctx.Process(target=_child, args=(self.url, self.requests, self.concurrency, self.secret, child))
        self._proc.start()
        self._conn.recv()  # "ready": imported and holding its requests, so its start-up is outside the measure

    def go(self) -> dict[str, Answer]:
        self._conn.send("go")
        result: dict[str, Answer] = self._conn.recv()
        self._proc.join()
        return result


def _child(url: str, requests: list[tuple[str, bytes]], concurrency: int, secret: str, conn: Any) -> None:
    conn.send("ready")
    conn.recv()
    conn.send(asyncio.run(_send_all(url, requests, concurrency, secret)))


async def _send_all(url: str, requests: list[tuple[str, bytes]], concurrency: int,
                    secret: str) -> dict[str, Answer]:
    answers: dict[str, Answer] = {}
    gate = asyncio.Semaphore(concurrency)

    async def one(http: aiohttp.ClientSession, key: str, body: bytes) -> None:
        async with gate:
            headers = slack_signature_headers(secret, body)
            sent = time.time()
            try:
                async with http.post(url, data=body, headers=headers) as response:
                    await response.read()
                    status = response.status
            except aiohttp.ClientError:
                status = 0
            answers[key] = (sent, time.time(), status)

    timeout = aiohttp.ClientTimeout(total=30)
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=concurrency), timeout=timeout) as http:
        await asyncio.gather(*(one(http, key, body) for key, body in requests))
    return answers
