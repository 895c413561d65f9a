"""Issue 6 figures: requests per Ad Library export, and a 100,000-row export against a bare loop.

- 137 Ad Library rows take 6 requests (pages of 25).
- 100,000 generated rows (``keyword=rows:100000``, 4,000 pages) written to JSON Lines: the
  operator's throughput against a bare ``requests`` loop over the same pages writing the same
  file, each in a fresh process, alternated, best of each; and the operator process's peak RSS
  growth (``ru_maxrss`` after the export minus before it, once warmed up).

``python -m benchmarks.bench_exports worker {operator|bare} OUT`` is one measured export (the
benchmark starts it in a subprocess with the connection in the environment).
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks._common import Figure, conn_env, control, sandbox_process

ROWS = 100_000
PAGE = 25
ROUNDS = 3


def _operator_export(out: str, rows: int) -> int:
    from maton_linkedin_provider.operators.data import LinkedInAdLibraryToFileOperator

    op = LinkedInAdLibraryToFileOperator(
        task_id="bench", keyword=f"rows:{rows}", output_path=out, use_data_interval=False
    )
    return int(op.execute({})["rows"])  # type: ignore[arg-type]


def _bare_export(out: str, rows: int) -> int:
    """What a hand-written script would do: prebuilt URLs, one Session, the same JSON Lines."""
    import requests

    conn = json.loads(os.environ["AIRFLOW_CONN_MATON_LINKEDIN_DEFAULT"])
    headers = {
        "Authorization": f"Bearer {conn['password']}",
        "LinkedIn-Version": "202609",
        "X-Restli-Protocol-Version": "2.0.0",
    }
    base = f"{conn['host']}/linkedin/rest/adLibrary?q=criteria&keyword=rows%3A{rows}"
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=str).encode
    session = requests.Session()
    written = 0
    with open(out, "w", encoding="utf-8", newline="") as handle:
        start = 0
        while True:
            response = session.get(f"{base}&start={start}&count={PAGE}", headers=headers, timeout=30)
            response.raise_for_status()
            elements = response.json()["elements"]
            for element in elements:
                handle.write(dumps(element))
                handle.write("\n")
            written += len(elements)
            start += len(elements)
            if len(elements) < PAGE:
                break
    return written


def worker(mode: str, out: str) -> None:
    """One measured export in this process; prints a JSON line of figures last."""
    export = _operator_export if mode == "operator" else _bare_export
    export(out, 60)  # warm up: imports, connection, pools
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    rows = export(out, ROWS)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "rows": rows,
                "seconds": seconds,
                "rss_growth_kib": after - before,
                "bytes": os.path.getsize(out),
            }
        )
    )


def _measure(mode: str, env: dict[str, str], out: str) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.bench_exports", "worker", mode, out],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def requests_for_137(info: dict[str, str]) -> Figure:
    control(info["base_url"], "DELETE", "requests")
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, **conn_env(info)}
        done = subprocess.run(
            [sys.executable, "-c", PROBE_137, str(Path(tmp) / "ads.jsonl")],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
    rows = json.loads(done.stdout.strip().splitlines()[-1])["rows"]
    log = control(info["base_url"], "GET", "requests")
    pages = [r for r in log if r["path"].endswith("/rest/adLibrary")]
    return Figure(
        "6",
        "Ad Library export of 137 rows: requests (pages of 25)",
        len(pages),
        "requests",
        "== 6",
        len(pages) == 6 and rows == 137,
        f"{rows} rows written; counts sent: {sorted({r['query'].rsplit('count=', 1)[1] for r in pages})}",
    )


PROBE_137 = """
import json, sys
from maton_linkedin_provider.operators.data import LinkedInAdLibraryToFileOperator
op = LinkedInAdLibraryToFileOperator(
    task_id="b", keyword="rows:137", output_path=sys.argv[1], use_data_interval=False
)
print(json.dumps(op.execute({})))
"""


def export_100k(info: dict[str, str]) -> list[Figure]:
    env = {**os.environ, **conn_env(info, backoff_base=0.2)}
    results: dict[str, list[dict[str, float]]] = {"operator": [], "bare": []}
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(ROUNDS):  # alternate, so drift hits both equally
            for mode in ("operator", "bare"):
                results[mode].append(_measure(mode, env, str(Path(tmp) / f"{mode}.jsonl")))
                control(info["base_url"], "DELETE", "requests")
        same_file = (Path(tmp) / "operator.jsonl").read_bytes() == (Path(tmp) / "bare.jsonl").read_bytes()
    op = min(results["operator"], key=lambda r: r["seconds"])
    bare = min(results["bare"], key=lambda r: r["seconds"])
    ratio = (op["rows"] / op["seconds"]) / (bare["rows"] / bare["seconds"])
    growth_mib = max(r["rss_growth_kib"] for r in results["operator"]) / 1024
    bare_growth = max(r["rss_growth_kib"] for r in results["bare"]) / 1024
    return [
        Figure(
            "6",
            f"export of {ROWS:,} rows: operator throughput / bare requests loop",
            round(ratio, 3),
            "x",
            ">= 0.9x",
            ratio >= 0.9 and op["rows"] == bare["rows"] == ROWS and same_file,
            f"operator {op['rows'] / op['seconds']:,.0f} rows/s ({op['seconds']:.2f}s), bare "
            f"{bare['rows'] / bare['seconds']:,.0f} rows/s ({bare['seconds']:.2f}s), best of {ROUNDS}; "
            f"identical files: {same_file} ({op['bytes'] / 2**20:.1f} MiB)",
        ),
        Figure(
            "6",
            f"export of {ROWS:,} rows: operator process peak RSS growth",
            round(growth_mib, 1),
            "MiB",
            "< 50 MiB",
            growth_mib < 50,
            f"ru_maxrss after - before, worst of {ROUNDS}; bare loop {bare_growth:.1f} MiB",
        ),
    ]


def run() -> list[Figure]:
    with sandbox_process() as info:
        return [requests_for_137(info), *export_100k(info)]


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "worker":
        worker(sys.argv[2], sys.argv[3])
    else:
        for figure in run():
            print(figure)
