"""`make demo`: run the example DAGs with `airflow dags test` against a local sandbox, then say what they did.

Starts the sandbox in the background, points a temporary AIRFLOW_HOME (SQLite) and the
`maton_linkedin_default` connection at it, runs each example DAG, prints every task's XCom
return value and the requests the sandbox received, and stops the sandbox even on failure.

`linkedin_publish_video` must defer: the sandbox's default video processing time (5 s) outlasts
the sensor's first poke, so the wait goes to the trigger. The summary says how many times it
deferred (Airflow's own record: the ``deferred`` events in the metadata DB's ``log`` table) and
how many times the trigger polled the video (the sandbox's request log: aiohttp's GETs).
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from pathlib import Path

import maton_linkedin_provider
from maton_linkedin_provider.sandbox.testing import start_sandbox_process

#: The example DAGs the demo runs, in order.
DEMO_DAGS = [
    "linkedin_hello",
    "linkedin_text_and_article_post",
    "linkedin_image_post",
    "linkedin_document_post",
    "linkedin_publish_video",
    "linkedin_daily_exports",
    "linkedin_ad_analytics_by_account",
    "linkedin_ad_analytics_report",
    "linkedin_campaign_schedule",
    "linkedin_sponsor_post",
]
EXAMPLES = Path(maton_linkedin_provider.__file__).parent / "example_dags"
#: The deferrable wait the demo shows, as (DAG, task).
VIDEO_WAIT = ("linkedin_publish_video", "wait_for_processing")


def start_sandbox() -> tuple[subprocess.Popen[str], dict[str, str]]:
    try:
        return start_sandbox_process("--quiet")
    except RuntimeError as err:
        raise SystemExit(str(err)) from None


def airflow_env(home: Path, info: dict[str, str]) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "AIRFLOW_HOME": str(home),
            "AIRFLOW__CORE__DAGS_FOLDER": str(EXAMPLES),
            "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
            "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{home / 'airflow.db'}",
            "AIRFLOW__LOGGING__LOGGING_LEVEL": "INFO",
            "LINKEDIN_EXPORT_ROOT": str(home / "exports"),
            "AIRFLOW_CONN_MATON_LINKEDIN_DEFAULT": json.dumps(
                {
                    "conn_type": "maton_linkedin",
                    "host": info["base_url"],
                    "password": info["api_key"],
                    "extra": {"backoff_base": 0.2},
                }
            ),
        }
    )
    return env


def run(cmd: list[str], env: dict[str, str], log: Path) -> bool:
    with log.open("w") as out:
        done = subprocess.run(cmd, env=env, stdout=out, stderr=subprocess.STDOUT, check=False)
    return done.returncode == 0


def xcoms(db: Path, dag_id: str) -> list[tuple[str, str]]:
    with sqlite3.connect(db) as con:
        rows = con.execute(
            "select task_id, value from xcom where dag_id = ? and key = 'return_value' order by timestamp",
            (dag_id,),
        ).fetchall()
    return [(task, value if isinstance(value, str) else json.dumps(value)) for task, value in rows]


def sandbox_requests(info: dict[str, str], since: int = 0) -> list[dict[str, object]]:
    """The sandbox's request log from entry ``since`` on (the control plane wants its key)."""
    request = urllib.request.Request(
        f"{info['base_url']}/_sandbox/requests?since={since}",
        headers={"Authorization": f"Bearer {info.get('control_key') or info['api_key']}"},
    )
    with urllib.request.urlopen(request) as response:
        data: list[dict[str, object]] = json.load(response)
    return data


def deferrals(db: Path, dag_id: str, task_id: str) -> int:
    """How many times ``task_id`` deferred in the latest run of ``dag_id``.

    Counted from the ``log`` table, where Airflow's execution API records every state change of a
    task instance as an event: one ``deferred`` event per ``self.defer()``. The task instance row
    itself keeps no trace (``next_method`` is cleared and the try number unchanged on resuming).
    """
    with sqlite3.connect(db) as con:
        latest = con.execute(
            "select run_id from dag_run where dag_id = ? order by id desc limit 1", (dag_id,)
        ).fetchone()
        if latest is None:
            return 0
        (count,) = con.execute(
            "select count(*) from log where dag_id = ? and run_id = ? and task_id = ? and event = 'deferred'",
            (dag_id, latest[0], task_id),
        ).fetchone()
    return int(count)


def _user_agent(record: dict[str, object]) -> str:
    headers = record.get("headers")
    if not isinstance(headers, dict):
        return ""
    return next((str(v) for k, v in headers.items() if str(k).lower() == "user-agent"), "")


def video_gets(requests: list[dict[str, object]]) -> dict[str, int]:
    """GETs of a video's status by client: ``{"trigger": aiohttp's, "sensor": requests'}``.

    The trigger polls with aiohttp in the triggerer; the sensor pokes with ``requests`` in the
    worker (its first poke, before it defers).
    """
    counts = {"trigger": 0, "sensor": 0}
    for record in requests:
        path = str(record.get("path", ""))
        if record.get("method") != "GET" or "/rest/videos/" not in path:
            continue
        agent = _user_agent(record).lower()
        if "aiohttp" in agent:
            counts["trigger"] += 1
        elif "python-requests" in agent:
            counts["sensor"] += 1
    return counts


def video_wait_line(deferred: int, gets: dict[str, int]) -> str:
    """The summary line of the video wait."""
    dag_id = VIDEO_WAIT[0]
    if deferred == 0:
        return (
            f"{dag_id}: the video wait did NOT defer (was the video AVAILABLE at the sensor's first "
            f"poke?); the sensor poked it {gets['sensor']} time(s), the trigger {gets['trigger']} time(s)"
        )
    return (
        f"{dag_id}: the video wait deferred {deferred} time(s); the trigger polled the video "
        f"{gets['trigger']} time(s) (the sensor poked it {gets['sensor']} time(s) before deferring)"
    )


def main() -> int:
    started = time.monotonic()
    proc, info = start_sandbox()
    print(f"sandbox: {info['base_url']} (uploads on {info['upload_base_url']})")
    home = Path(tempfile.mkdtemp(prefix="maton-linkedin-demo-"))
    failed: list[str] = []
    video_wait: str | None = None
    try:
        env = airflow_env(home, info)
        airflow = str(Path(sys.executable).with_name("airflow"))
        if not run([airflow, "db", "migrate"], env, home / "db-migrate.log"):
            print((home / "db-migrate.log").read_text()[-3000:])
            return 1
        for dag_id in DEMO_DAGS:
            log = home / f"{dag_id}.log"
            seen = len(sandbox_requests(info))
            ok = run([airflow, "dags", "test", dag_id], env, log)
            print(f"\n== {dag_id}: {'success' if ok else 'FAILED'} (log: {log})")
            if not ok:
                failed.append(dag_id)
                print(log.read_text()[-4000:])
            for task_id, value in xcoms(home / "airflow.db", dag_id):
                print(f"  {task_id:<28} -> {value[:300]}")
            if dag_id == VIDEO_WAIT[0]:
                deferred = deferrals(home / "airflow.db", *VIDEO_WAIT)
                gets = video_gets(sandbox_requests(info, since=seen))
                video_wait = video_wait_line(deferred, gets)
                print(f"  {video_wait}")
                if ok and deferred == 0:
                    failed.append(f"{dag_id} (did not defer)")
        calls = Counter(f"{r['method']} {str(r['raw_path']).split('?')[0]}" for r in sandbox_requests(info))
        print("\nrequests the sandbox received:")
        for call, n in sorted(calls.items()):
            print(f"  {n:>4}  {call}")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
    print()
    if video_wait is not None:
        print(video_wait)
    print(
        f"{'FAILED: ' + ', '.join(failed) if failed else 'all example DAGs succeeded'} "
        f"in {time.monotonic() - started:.0f}s"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
