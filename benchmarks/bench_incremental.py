"""Issue 11 figures: a 1,000,000-row ad analytics export, gzip against plain, and a 50-account
mapped export DAG under ``dag.test()`` re-run with a lookback.

- **Flat memory**: ``LinkedInAdAnalyticsToFileOperator`` exports 500 campaigns over 2,500 days
  (about 1,000,000 rows, in 84 windows of 30 days) to one JSON Lines file; the process's peak RSS
  growth (``ru_maxrss`` after minus before, once warmed up) against the same export of a tenth of
  the days. Memory holds one window's rows (at most 15,000), so the two are about the same.
- **gzip**: the writer alone (1,000,000 generated analytics rows, plain vs ``.gz``, best of 3) and
  the operator end to end on 100,000 rows from the sandbox.
- **Fan-out**: the sandbox gets 47 more active ad accounts (50 in all, two campaigns each);
  ``linkedin_ad_analytics_by_account`` runs under ``dag.test()`` for one day, then for the next
  (``lookback_days=3``: four days overlap and are replaced). Wall time of each run, requests per
  account, and every account's day files checked against one direct read of the whole range:
  rows lost and rows duplicated.

``python -m benchmarks.bench_incremental worker {big|small|gzip-e2e|writer|dag} OUT`` is one
measured step (run in a subprocess with the connection in the environment).
"""

from __future__ import annotations

import gzip
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from benchmarks._common import Figure, conn_env, control, sandbox_process

CAMPAIGNS = list(range(100_000, 100_500))
BIG_DAYS = 2_500  # x 500 campaigns, active 4 days in 5: ~1,000,000 rows
FIELDS = ["impressions", "clicks"]
DAG_FIELDS = ["impressions", "clicks", "costInLocalCurrency", "landingPageClicks", "oneClickLeads"]
ACCOUNTS = 50


def _analytics(out: str, days: int, **kwargs: Any) -> dict[str, Any]:
    from maton_linkedin_provider.operators.data import LinkedInAdAnalyticsToFileOperator

    first = date(2019, 1, 1)
    op = LinkedInAdAnalyticsToFileOperator(
        task_id="bench",
        campaigns=CAMPAIGNS,
        fields=FIELDS,
        date_range=(first, first + timedelta(days=days - 1)),
        output_path=out,
        **kwargs,
    )
    return op.execute({})  # type: ignore[arg-type]


def _timed_export(out: str, days: int) -> dict[str, Any]:
    _analytics(out, 5)  # warm up: imports, connection, pools
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    result = _analytics(out, days)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"rows": result["rows"], "seconds": seconds, "rss_growth_kib": after - before}


def _rows(n: int) -> Any:
    for i in range(n):
        day = date(2019, 1, 1) + timedelta(days=i // 500)
        record = {"year": day.year, "month": day.month, "day": day.day}
        yield {
            "dateRange": {"start": record, "end": record},
            "pivotValues": [f"urn:li:sponsoredCampaign:{100_000 + i % 500}"],
            "impressions": 100 + i % 4_900,
            "clicks": i % 97,
        }


def _writer(out: str) -> dict[str, Any]:
    import logging

    from maton_linkedin_provider.operators import _files

    log = logging.getLogger("bench")
    figures: dict[str, Any] = {}
    for name, compression in (("plain", None), ("gzip", "gzip")):
        path = f"{out}.{name}"
        best = float("inf")
        for _ in range(3):
            target = _files.resolve_target(path)
            started = time.perf_counter()
            _files.export_rows(
                _rows(1_000_000), target, output_format="jsonl", log=log, what="w", compression=compression
            )
            best = min(best, time.perf_counter() - started)
        figures[name] = {"seconds": best, "bytes": os.path.getsize(path)}
    return figures


def _gzip_e2e(out: str) -> dict[str, Any]:
    figures: dict[str, Any] = {}
    _analytics(out + ".warm.jsonl", 5)
    for name, suffix in (("plain", ".jsonl"), ("gzip", ".jsonl.gz")):
        best = float("inf")
        for _ in range(2):
            started = time.perf_counter()
            result = _analytics(out + suffix, 250)
            best = min(best, time.perf_counter() - started)
        figures[name] = {"seconds": best, "rows": result["rows"], "bytes": os.path.getsize(out + suffix)}
    return figures


def _setup_accounts() -> list[str]:
    from maton_linkedin_provider.hooks.linkedin import MatonLinkedInHook

    hook = MatonLinkedInHook()
    active = [str(a["id"]) for a in hook.list_ad_accounts(status="ACTIVE")]
    schedule = {"start": "2026-01-05T00:00:00Z"}
    for n in range(ACCOUNTS - len(active)):
        account = hook.create_ad_account(f"Bench {n:02d}", "USD", 2414183, fields={"status": "ACTIVE"})
        group = hook.create_campaign_group(account, f"Always-on {n}", status="ACTIVE", run_schedule=schedule)
        for k in (1, 2):
            hook.create_campaign(
                account,
                group,
                f"Campaign {n}.{k}",
                campaign_type="SPONSORED_UPDATES",
                cost_type="CPM",
                objective_type="BRAND_AWARENESS",
                run_schedule=schedule,
                daily_budget=50,
                unit_cost=8.5,
                status="ACTIVE",
            )
        active.append(account)
    return active


def _dag(out: str) -> dict[str, Any]:
    """Two runs of the mapped example DAG (days D and D+1, lookback 3); the files checked after."""
    os.environ["LINKEDIN_EXPORT_ROOT"] = out
    from airflow.utils import db

    db.resetdb()
    accounts = _setup_accounts()
    base = json.loads(os.environ["AIRFLOW_CONN_MATON_LINKEDIN_DEFAULT"])["host"]
    control(base, "DELETE", "requests")
    from airflow.dag_processing.dagbag import DagBag

    import maton_linkedin_provider

    bag = DagBag(dag_folder=str(Path(maton_linkedin_provider.__file__).parent / "example_dags"))
    dag = bag.dags["linkedin_ad_analytics_by_account"]
    runs = []
    for day in (date(2026, 3, 9), date(2026, 3, 10)):
        started = time.perf_counter()
        run = dag.test(logical_date=datetime.combine(day, datetime.min.time(), timezone.utc))
        runs.append({"state": str(run.state), "seconds": time.perf_counter() - started})
    log = control(base, "GET", "requests")
    paths = Counter(r["path"].rstrip("/").rsplit("/", 1)[-1] for r in log)  # adAnalytics, adCampaigns...
    return {"accounts": len(accounts), "runs": runs, "requests": dict(paths), **_check(Path(out), accounts)}


def _check(out: Path, accounts: list[str]) -> dict[str, int]:
    """Every account's day files against one direct read of the whole range (03-04 .. 03-09)."""
    from maton_linkedin_provider.hooks.linkedin import MatonLinkedInHook

    hook = MatonLinkedInHook()
    lost = duplicated = rows = files = 0
    for account in accounts:
        got: Counter[str] = Counter()
        for path in sorted((out / "ad_analytics" / account).glob("*.jsonl.gz")):
            files += 1
            with gzip.open(path, "rt", encoding="utf-8") as handle:
                got.update(json.dumps(json.loads(line), sort_keys=True) for line in handle)
        expected = Counter(
            json.dumps(row, sort_keys=True)
            for row in hook.iter_ad_analytics(
                accounts=[account], fields=DAG_FIELDS, date_range=("2026-03-05", "2026-03-09")
            )
        )
        rows += sum(got.values())
        lost += sum((expected - got).values())
        duplicated += sum((got - expected).values())
    return {"rows": rows, "files": files, "lost": lost, "duplicated": duplicated}


def worker(mode: str, out: str) -> None:
    if mode == "big":
        result: Any = _timed_export(out, BIG_DAYS)
    elif mode == "small":
        result = _timed_export(out, BIG_DAYS // 10)
    elif mode == "writer":
        result = _writer(out)
    elif mode == "gzip-e2e":
        result = _gzip_e2e(out)
    else:
        result = _dag(out)
    print(json.dumps(result))


def _measure(mode: str, env: dict[str, str], out: str) -> Any:
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.bench_incremental", "worker", mode, out],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise RuntimeError(f"{mode} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def memory(info: dict[str, str], env: dict[str, str], tmp: str) -> list[Figure]:
    big = _measure("big", env, f"{tmp}/big.jsonl")
    small = _measure("small", env, f"{tmp}/small.jsonl")
    control(info["base_url"], "DELETE", "requests")
    growth, small_growth = big["rss_growth_kib"] / 1024, small["rss_growth_kib"] / 1024
    return [
        Figure(
            "11",
            f"adAnalytics export of {big['rows']:,} rows: peak RSS growth",
            round(growth, 1),
            "MiB",
            "< 64 MiB, flat",
            growth < 64 and big["rows"] >= 1_000_000 and growth < small_growth + 16,
            f"{big['rows'] / big['seconds']:,.0f} rows/s ({big['seconds']:.1f}s, 84 windows of 30 days); "
            f"the same export of {small['rows']:,} rows grew {small_growth:.1f} MiB",
        )
    ]


def gzip_figures(env: dict[str, str], tmp: str) -> list[Figure]:
    writer = _measure("writer", env, f"{tmp}/writer")
    e2e = _measure("gzip-e2e", env, f"{tmp}/e2e")
    plain, zipped = writer["plain"], writer["gzip"]
    ratio = plain["seconds"] / zipped["seconds"]
    e2e_ratio = e2e["plain"]["seconds"] / e2e["gzip"]["seconds"]
    return [
        Figure(
            "11",
            "writer, 1,000,000 rows: gzip throughput / plain",
            round(ratio, 2),
            "x",
            "report",
            True,
            f"plain {1e6 / plain['seconds']:,.0f} rows/s ({plain['bytes'] / 2**20:.0f} MiB), gzip "
            f"{1e6 / zipped['seconds']:,.0f} rows/s ({zipped['bytes'] / 2**20:.1f} MiB, "
            f"{plain['bytes'] / zipped['bytes']:.1f}x smaller), best of 3",
        ),
        Figure(
            "11",
            f"operator from the sandbox, {e2e['plain']['rows']:,} rows: gzip throughput / plain",
            round(e2e_ratio, 2),
            "x",
            ">= 0.8x",
            e2e_ratio >= 0.8 and e2e["plain"]["rows"] == e2e["gzip"]["rows"],
            f"plain {e2e['plain']['rows'] / e2e['plain']['seconds']:,.0f} rows/s, gzip "
            f"{e2e['gzip']['rows'] / e2e['gzip']['seconds']:,.0f} rows/s, best of 2",
        ),
    ]


def fan_out(env: dict[str, str], tmp: str) -> list[Figure]:
    import maton_linkedin_provider

    home = Path(tmp) / "airflow"
    home.mkdir()
    dag_env = {
        **env,
        "AIRFLOW_HOME": str(home),
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{home / 'airflow.db'}",
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        # dag.test() serializes DAGs from the dags-folder bundle: the example DAGs
        "AIRFLOW__CORE__DAGS_FOLDER": str(Path(maton_linkedin_provider.__file__).parent / "example_dags"),
    }
    result = _measure("dag", dag_env, str(Path(tmp) / "exports"))
    (first, second) = result["runs"]
    accounts = result["accounts"]
    requests = result["requests"]
    analytics, campaigns = (
        requests.get("adAnalytics", 0) / (2 * accounts),
        requests.get("adCampaigns", 0) / (2 * accounts),
    )
    ok = first["state"] == second["state"] == "success" and result["lost"] == result["duplicated"] == 0
    return [
        Figure(
            "11",
            f"{accounts}-account mapped export DAG, dag.test(): wall time of a daily run",
            round(second["seconds"], 1),
            "s",
            "report",
            ok,
            f"first run {first['seconds']:.1f}s, the next day's (4 of 4 lookback days replaced) "
            f"{second['seconds']:.1f}s",
        ),
        Figure(
            "11",
            "mapped export DAG: requests per account per run",
            round(analytics + campaigns, 2),
            "requests",
            "== 2",
            ok and analytics + campaigns == 2,
            f"{analytics:g} adAnalytics + {campaigns:g} campaigns read per account and run, plus "
            f"{requests.get('adAccounts', 0) / 2:g} account list per run; totals {requests}",
        ),
        Figure(
            "11",
            "mapped export DAG after a re-run with lookback: rows lost + duplicated",
            result["lost"] + result["duplicated"],
            "rows",
            "== 0",
            ok,
            f"{result['rows']:,} rows in {result['files']} day files of {accounts} accounts; "
            f"lost {result['lost']}, duplicated {result['duplicated']}",
        ),
    ]


def run() -> list[Figure]:
    with sandbox_process() as info, tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, **conn_env(info, backoff_base=0.2)}
        return [*memory(info, env, tmp), *gzip_figures(env, tmp), *fan_out(env, tmp)]


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "worker":
        worker(sys.argv[2], sys.argv[3])
    else:
        for figure in run():
            print(figure)
