"""The load driver: N concurrent HTTP/1.1 clients on loopback, in a process of their own.

    python -m bench.load --port 8123 --paths-file paths.txt --clients 8 --warmup 5 --duration 20

A few hundred lines of asyncio instead of a load-testing framework: each client sends a
request, reads the whole response and sends the next (a closed loop, like a person clicking),
so the figures are what 8 simultaneous users see. Connections are kept alive when the server
allows it; gunicorn's sync workers close each one, and the client reconnects, as a browser would.
Prints one JSON object: requests, errors, requests per second and latency percentiles.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import sys
import time
from dataclasses import dataclass, field

USER_AGENT = "goodwork-bench/1"


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    bytes: int = 0


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bool, int]:
    """(status, server closes the connection, body bytes)."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    close = headers.get("connection", "").lower() == "close" or lines[0].startswith("HTTP/1.0")
    if headers.get("transfer-encoding", "").lower() == "chunked":
        size = 0
        while True:
            chunk_size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            if chunk_size == 0:
                await reader.readuntil(b"\r\n")
                return status, close, size
            await reader.readexactly(chunk_size + 2)
            size += chunk_size
    if "content-length" in headers:
        length = int(headers["content-length"])
        await reader.readexactly(length)
        return status, close, length
    body = await reader.read()
    return status, True, len(body)


async def _client(
    host: str,
    port: int,
    paths: list[str],
    offset: int,
    measure_from: float,
    stop_at: float,
    tally: Tally,
) -> None:
    reader: asyncio.StreamReader | None = None
    writer: asyncio.StreamWriter | None = None
    i = offset
    while time.perf_counter() < stop_at:
        path = paths[i % len(paths)]
        i += 1
        request = (
            f"GET {path} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: {USER_AGENT}\r\n"
            "Accept: text/html\r\nAccept-Encoding: gzip, br\r\n\r\n"
        ).encode()
        started = time.perf_counter()
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection(host, port)
            writer.write(request)
            await writer.drain()
            status, close, size = await _read_response(reader)
        except (OSError, asyncio.IncompleteReadError, ValueError, IndexError):
            if started >= measure_from:
                tally.errors += 1
            if writer is not None:
                writer.close()
            reader = writer = None
            continue
        finished = time.perf_counter()
        if close:
            writer.close()
            reader = writer = None
        if started < measure_from:
            continue
        tally.statuses[status] = tally.statuses.get(status, 0) + 1
        if 200 <= status < 400:
            tally.latencies.append(finished - started)
            tally.bytes += size
        else:
            tally.errors += 1
    if writer is not None:
        writer.close()


def percentile(sorted_values: list[float], fraction: float) -> float:
    """Nearest-rank percentile of already sorted values."""
    if not sorted_values:
        return float("nan")
    rank = max(0, min(len(sorted_values) - 1, math.ceil(fraction * len(sorted_values)) - 1))
    return sorted_values[rank]


def summarise(tally: Tally, duration: float) -> dict:
    latencies = sorted(tally.latencies)
    return {
        "requests": len(latencies),
        "errors": tally.errors,
        "statuses": {str(k): v for k, v in sorted(tally.statuses.items())},
        "duration_s": round(duration, 3),
        "rps": round(len(latencies) / duration, 2) if duration else 0.0,
        "p50_ms": round(percentile(latencies, 0.50) * 1000, 2) if latencies else None,
        "p95_ms": round(percentile(latencies, 0.95) * 1000, 2) if latencies else None,
        "p99_ms": round(percentile(latencies, 0.99) * 1000, 2) if latencies else None,
        "mean_bytes": round(tally.bytes / len(latencies)) if latencies else None,
    }


async def drive(
    host: str, port: int, paths: list[str], clients: int, warmup: float, duration: float
) -> dict:
    tally = Tally()
    start = time.perf_counter()
    measure_from = start + warmup
    stop_at = measure_from + duration
    # Clients start at different places in the list, so they do not request the same URL
    # at the same moment.
    step = max(1, len(paths) // clients)
    await asyncio.gather(
        *(
            _client(host, port, paths, n * step, measure_from, stop_at, tally)
            for n in range(clients)
        )
    )
    # Requests started before stop_at finish after it: divide by the time actually measured.
    measured = max(time.perf_counter(), stop_at) - measure_from
    return summarise(tally, measured)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--paths-file", required=True)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--warmup", type=float, default=5.0)
    parser.add_argument("--duration", type=float, default=20.0)
    args = parser.parse_args(argv)
    with open(args.paths_file, encoding="utf-8") as handle:
        paths = [line.strip() for line in handle if line.strip()]
    if not paths:
        parser.error("no paths to request")
    result = asyncio.run(
        drive(args.host, args.port, paths, args.clients, args.warmup, args.duration)
    )
    # The driver's own CPU time: close to warm-up + duration would mean the driver, not the
    # server, limited the throughput.
    result["driver_cpu_s"] = round(time.process_time(), 2)
    json.dump(result, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
