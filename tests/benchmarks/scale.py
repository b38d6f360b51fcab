"""The scale table: load time, peak memory, check and substitutes on synthetic knowledge bases.

    python -m tests.benchmarks.scale                      # 100 and 1,000 exercises
    python -m tests.benchmarks.scale --sizes 100,10000,100000 --sample 200

Each size runs in a fresh Python process (so peak memory is that load's own), on files
written by :mod:`tests.benchmarks.synthetic` into a temporary folder. Columns:

- load: ``altex.load(folder, bundled=False)``, wall time, the load cache off;
- load (cache warm): the same in a later process, with the load cache on;
- peak RSS growth: the process's peak resident memory after the load, less before it;
- check (warm): a repeated ``kb.check`` of one exercise for two conditions;
- substitutes (first call): the mean of the first ``kb.substitutes`` call for each of
  *sample* exercises (two conditions), right after the load;
- substitutes (warm): the same calls repeated.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import timeit
from pathlib import Path

from . import synthetic

CONDITIONS = ["condition-00", "condition-01"]


def _rss_kib() -> int:
    """Resident memory now (Linux /proc), in KiB; the peak where /proc is missing."""
    try:
        return int(Path("/proc/self/statm").read_text().split()[1]) * resource.getpagesize() // 1024
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def measure(folder: Path, sample: int, seed: int = 0) -> dict[str, float]:
    """Measure one knowledge base in this process (call it in a fresh one for a fair peak)."""
    import altex

    before = _rss_kib()
    start = time.perf_counter()
    kb = altex.load(folder, bundled=False)
    load = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    ids = sorted(kb.exercises)
    rng = random.Random(seed)
    chosen = rng.sample(ids, min(sample, len(ids)))
    start = time.perf_counter()
    for eid in chosen:
        kb.substitutes(eid, CONDITIONS)
    first = (time.perf_counter() - start) / len(chosen)
    start = time.perf_counter()
    for eid in chosen:
        kb.substitutes(eid, CONDITIONS)
    warm = (time.perf_counter() - start) / len(chosen)
    kb.check(chosen[0], CONDITIONS)
    loops = 100_000
    check = min(timeit.repeat(lambda: kb.check(chosen[0], CONDITIONS), number=loops, repeat=5)) / loops
    return {
        "exercises": len(ids),
        "load_s": load,
        "rss_mib": (peak - before) / 1024,
        "check_us": check * 1e6,
        "subs_first_us": first * 1e6,
        "subs_warm_us": warm * 1e6,
    }


def _python(code: str, cache: str) -> str:
    out = subprocess.run(
        [sys.executable, "-c", code],
        check=True,
        capture_output=True,
        text=True,
        cwd=Path(__file__).parents[2],
        env={**os.environ, "ALTEX_CACHE_DIR": cache},
    )
    return out.stdout.splitlines()[-1]


def run(sizes: list[int], sample: int, seed: int = 0) -> list[dict[str, float]]:
    """Write and measure each size in its own process; the rows of the table."""
    rows = []
    with tempfile.TemporaryDirectory(prefix="altex-scale-") as tmp:
        for n in sizes:
            folder = synthetic.write(Path(tmp) / str(n), n, seed)
            code = (
                "import json, sys; from pathlib import Path; from tests.benchmarks.scale import measure; "
                f"print(json.dumps(measure(Path({str(folder)!r}), {sample}, {seed})))"
            )
            row = json.loads(_python(code, ""))
            timed = (
                "import time; from pathlib import Path; import altex; start = time.perf_counter(); "
                f"altex.load(Path({str(folder)!r}), bundled=False); print(time.perf_counter() - start)"
            )
            cache = str(Path(tmp) / f"cache-{n}")
            _python(timed, cache)  # builds and stores it
            row["warm_load_s"] = float(_python(timed, cache))
            rows.append(row)
    return rows


def table(rows: list[dict[str, float]]) -> str:
    """The rows as a Markdown table."""
    lines = [
        "| exercises | load | load (cache warm) | peak RSS growth | check (warm) | substitutes (first call) "
        "| substitutes (warm) |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['exercises']:,.0f} | {r['load_s']:.2f} s | {r.get('warm_load_s', float('nan')):.2f} s "
            f"| {r['rss_mib']:.0f} MiB | {r['check_us']:.2f} µs "
            f"| {r['subs_first_us']:,.0f} µs | {r['subs_warm_us']:.2f} µs |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100,1000", help="comma-separated numbers of exercises (100-100000)")
    parser.add_argument("--sample", type=int, default=100, help="exercises whose first substitutes call is timed")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    print(table(run(sizes, args.sample, args.seed)))


if __name__ == "__main__":
    main()
