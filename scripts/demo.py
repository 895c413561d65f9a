"""`make demo`: run the example DAGs with `airflow dags test` against a local sandbox, then say what they did.

Starts the sandbox in the background, points a temporary AIRFLOW_HOME (SQLite) and the
`maton_linkedin_default` connection at it, runs each example DAG, prints every task's XCom
return value and the requests the sandbox received, and stops the sandbox even on failure.
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

#: The example DAGs the demo runs, in order.
DEMO_DAGS = [
    "linkedin_hello",
    "linkedin_text_and_article_post",
    "linkedin_image_post",
    "linkedin_document_post",
    "linkedin_publish_video",
    "linkedin_daily_exports",
    "linkedin_campaign_schedule",
]
EXAMPLES = Path(maton_linkedin_provider.__file__).parent / "example_dags"


def start_sandbox() -> tuple[subprocess.Popen[str], dict[str, str]]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "maton_linkedin_provider.sandbox", "--port", "0", "--upload-port", "0"],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    if not line:
        proc.kill()
        raise SystemExit("the sandbox did not start")
    return proc, json.loads(line)


def airflow_env(home: Path, info: dict[str, str]) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "AIRFLOW_HOME": str(home),
            "AIRFLOW__CORE__DAGS_FOLDER": str(EXAMPLES),
            "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
            "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{home / 'airflow.db'}",
            "AIRFLOW__LOGGING__LOGGING_LEVEL": "INFO",
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


def sandbox_requests(base_url: str) -> list[dict[str, object]]:
    with urllib.request.urlopen(f"{base_url}/_sandbox/requests") as response:
        data: list[dict[str, object]] = json.load(response)
    return data


def main() -> int:
    started = time.monotonic()
    proc, info = start_sandbox()
    print(f"sandbox: {info['base_url']} (uploads on {info['upload_base_url']})")
    home = Path(tempfile.mkdtemp(prefix="maton-linkedin-demo-"))
    failed: list[str] = []
    try:
        env = airflow_env(home, info)
        airflow = str(Path(sys.executable).with_name("airflow"))
        if not run([airflow, "db", "migrate"], env, home / "db-migrate.log"):
            print((home / "db-migrate.log").read_text()[-3000:])
            return 1
        for dag_id in DEMO_DAGS:
            log = home / f"{dag_id}.log"
            ok = run([airflow, "dags", "test", dag_id], env, log)
            print(f"\n== {dag_id}: {'success' if ok else 'FAILED'} (log: {log})")
            if not ok:
                failed.append(dag_id)
                print(log.read_text()[-4000:])
            for task_id, value in xcoms(home / "airflow.db", dag_id):
                print(f"  {task_id:<28} -> {value[:300]}")
        calls = Counter(
            f"{r['method']} {str(r['path']).split('?')[0]}" for r in sandbox_requests(info["base_url"])
        )
        print("\nrequests the sandbox received:")
        for call, n in sorted(calls.items()):
            print(f"  {n:>4}  {call}")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
    print(
        f"\n{'FAILED: ' + ', '.join(failed) if failed else 'all example DAGs succeeded'} "
        f"in {time.monotonic() - started:.0f}s"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
