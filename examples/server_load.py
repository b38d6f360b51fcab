#!/usr/bin/env python3
"""A bounded local load run of the HTTP service: requests per second and latency percentiles.

    .venv/bin/python examples/server_load.py                      # 20,000 requests, 4 clients
    .venv/bin/python examples/server_load.py --requests 2000 --clients 2

It starts ``altex serve`` on a free port of 127.0.0.1 (and nowhere else), sends a mix of
check, substitutes, adapt, assess and listing requests from a few client threads over
keep-alive connections, stops after --requests requests or --seconds seconds, whichever
comes first, stops the server and prints the figures. It exits 1 if any answer was not a
200. It is no test: the test suite never runs it.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter

import altex

HOST = "127.0.0.1"


def _requests(kb: altex.KnowledgeBase, n: int, seed: int = 7) -> list[tuple[str, str, bytes | None]]:
    """A reproducible mix of requests built from the knowledge base's own names."""
    rng = random.Random(seed)
    exercises, conditions = sorted(kb.exercises), sorted(kb.conditions)
    out: list[tuple[str, str, bytes | None]] = []
    for _ in range(n):
        conds = rng.sample(conditions, rng.randint(0, 2))
        roll = rng.random()
        if roll < 0.55:
            body: object = {"exercise": rng.choice(exercises), "conditions": conds}
            out.append(("POST", "/v1/check", json.dumps(body).encode()))
        elif roll < 0.75:
            body = {"exercise": rng.choice(exercises), "conditions": conds, "limit": 3}
            out.append(("POST", "/v1/substitutes", json.dumps(body).encode()))
        elif roll < 0.85:
            body = {"plan": rng.sample(exercises, 4), "conditions": conds}
            out.append(("POST", "/v1/adapt", json.dumps(body).encode()))
        elif roll < 0.95:
            body = {"severity": rng.randint(0, 10), "onset": rng.choice(["during", "after"])}
            out.append(("POST", "/v1/assess", json.dumps(body).encode()))
        else:
            out.append(("GET", f"/v1/exercises?offset={rng.randint(0, len(exercises))}&limit=20", None))
    return out


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        port: int = s.getsockname()[1]
        return port


def _wait_ready(port: int, proc: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit("altex serve exited before it was ready")
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=5)
            conn.request("GET", "/v1/info")
            if conn.getresponse().status == 200:
                conn.close()
                return
        except OSError:
            time.sleep(0.1)
    sys.exit("altex serve did not become ready")


def run(total: int, clients: int, seconds: float) -> int:
    kb = altex.load()
    work = _requests(kb, total)
    port = _free_port()
    cmd = [sys.executable, "-m", "altex", "serve", "--host", HOST, "--port", str(port)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_ready(port, proc)
        next_index = itertools.count()
        latencies: list[list[float]] = [[] for _ in range(clients)]
        statuses: Counter[int] = Counter()
        by_path: Counter[str] = Counter()
        lock = threading.Lock()
        start = time.perf_counter()
        deadline = start + seconds

        def client(slot: int) -> None:
            conn = http.client.HTTPConnection(HOST, port, timeout=30)
            mine: Counter[int] = Counter()
            paths: Counter[str] = Counter()
            while (i := next(next_index)) < total and time.perf_counter() < deadline:
                method, path, body = work[i]
                headers = {"Content-Type": "application/json"} if body is not None else {}
                t0 = time.perf_counter()
                try:
                    conn.request(method, path, body=body, headers=headers)
                    response = conn.getresponse()
                    response.read()
                    status = response.status
                except (OSError, http.client.HTTPException):
                    status, conn = 0, http.client.HTTPConnection(HOST, port, timeout=30)
                latencies[slot].append(time.perf_counter() - t0)
                mine[status] += 1
                paths[path.split("?")[0]] += 1
            conn.close()
            with lock:
                statuses.update(mine)
                by_path.update(paths)

        threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - start
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
    every = sorted(x for slot in latencies for x in slot)
    done = len(every)
    errors = done - statuses[200]
    cuts = statistics.quantiles(every, n=100) if done > 1 else [0.0] * 99
    print(f"requests: {done} from {clients} clients in {elapsed:.1f} s ({done / elapsed:,.0f} req/s)")
    print(f"latency: p50 {cuts[49] * 1000:.2f} ms, p99 {cuts[98] * 1000:.2f} ms, max {every[-1] * 1000:.2f} ms")
    print(f"errors: {errors} (statuses: {dict(sorted(statuses.items()))})")
    print("mix: " + ", ".join(f"{p} {n}" for p, n in by_path.most_common()))
    return 1 if errors else 0


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    p.add_argument("--requests", type=int, default=20_000, help="how many requests in all (default 20000)")
    p.add_argument("--clients", type=int, default=4, help="concurrent clients (default 4)")
    p.add_argument("--seconds", type=float, default=300, help="stop after this long in any case (default 300)")
    args = p.parse_args()
    if not 1 <= args.clients <= 64 or not 1 <= args.requests <= 1_000_000:
        p.error("--clients must be 1-64 and --requests 1-1000000")
    return run(args.requests, args.clients, args.seconds)


if __name__ == "__main__":
    sys.exit(main())
