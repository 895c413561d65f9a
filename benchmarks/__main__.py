"""Run every benchmark, print one table, write benchmarks/results.json."""

from __future__ import annotations

import json
import platform
import sys
from pathlib import Path

from benchmarks import (
    bench_ads,
    bench_exports,
    bench_foundation,
    bench_incremental,
    bench_media,
    bench_parse,
    bench_triggers,
)
from benchmarks._common import Figure

SUITES = [
    bench_foundation,
    bench_media,
    bench_triggers,
    bench_exports,
    bench_incremental,
    bench_ads,
    bench_parse,
]


def main() -> int:
    figures: list[Figure] = []
    for suite in SUITES:
        figures.extend(suite.run())
    width = max(len(f.name) for f in figures)
    print(f"\n{'issue':<6}{'figure':<{width + 2}}{'value':>12}  {'goal':<14}{'holds':<6} detail")
    for f in figures:
        value = f"{f.value:g} {f.unit}"
        holds = "yes" if f.holds else "NO"
        print(f"{f.issue:<6}{f.name:<{width + 2}}{value:>12}  {f.goal:<14}{holds:<6} {f.detail}")
    out = Path(__file__).with_name("results.json")
    out.write_text(
        json.dumps(
            {
                "python": sys.version.split()[0],
                "machine": platform.machine(),
                "figures": [f.row() for f in figures],
            },
            indent=2,
        )
    )
    print(f"\nwritten {out}")
    return 0 if all(f.holds for f in figures) else 1


if __name__ == "__main__":
    sys.exit(main())
