"""scripts/demo.py's counting of the video wait: deferrals from the metadata DB, polls by client."""

from __future__ import annotations

import importlib.util
import sqlite3
import sys
from pathlib import Path

import pytest

DEMO = Path(__file__).resolve().parents[1] / "scripts" / "demo.py"


@pytest.fixture(scope="module")
def demo():
    spec = importlib.util.spec_from_file_location("maton_linkedin_demo", DEMO)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        sys.modules.pop(spec.name, None)


def _db(path: Path, runs: list[str], events: list[tuple[str, str, str]]) -> Path:
    """A metadata DB with the columns the demo reads: dag_run (id, dag_id, run_id) and log."""
    with sqlite3.connect(path) as con:
        con.execute("create table dag_run (id integer primary key, dag_id text, run_id text)")
        con.execute(
            "create table log (id integer primary key, dag_id text, task_id text, run_id text, event text)"
        )
        con.executemany(
            "insert into dag_run (dag_id, run_id) values ('linkedin_publish_video', ?)", [(r,) for r in runs]
        )
        con.executemany(
            "insert into log (dag_id, run_id, task_id, event) values ('linkedin_publish_video', ?, ?, ?)",
            events,
        )
    return path


def test_deferrals_counts_deferred_events_of_the_latest_run(demo, tmp_path):
    wait = "wait_for_processing"
    db = _db(
        tmp_path / "airflow.db",
        ["manual__1", "manual__2"],
        [
            ("manual__1", wait, "deferred"),  # an older run: not counted
            ("manual__2", wait, "running"),
            ("manual__2", wait, "deferred"),
            ("manual__2", wait, "running"),
            ("manual__2", wait, "deferred"),
            ("manual__2", wait, "running"),
            ("manual__2", wait, "success"),
            ("manual__2", "upload_video", "deferred"),  # another task
        ],
    )
    assert demo.deferrals(db, "linkedin_publish_video", wait) == 2


def test_deferrals_is_zero_without_a_run_or_a_deferral(demo, tmp_path):
    db = _db(tmp_path / "airflow.db", ["manual__1"], [("manual__1", "wait_for_processing", "success")])
    assert demo.deferrals(db, "linkedin_publish_video", "wait_for_processing") == 0
    assert demo.deferrals(db, "linkedin_hello", "wait_for_processing") == 0


def test_video_gets_tells_the_trigger_from_the_sensor_by_user_agent(demo):
    video = "/linkedin/rest/videos/urn:li:video:C5505AQ"

    def record(method: str, path: str, agent: str, header: str = "User-Agent") -> dict[str, object]:
        return {"method": method, "path": path, "headers": {header: agent}}

    requests = [
        record("POST", "/linkedin/rest/videos", "python-requests/2.34.2"),  # initialize upload
        record("GET", video, "python-requests/2.34.2"),  # the sensor's first poke
        record("GET", video, "Python/3.11 aiohttp/3.14.5"),  # trigger polls
        record("GET", video, "Python/3.11 aiohttp/3.14.5", header="user-agent"),
        record("GET", "/linkedin/rest/images/urn:li:image:1", "Python/3.11 aiohttp/3.14.5"),
        record("GET", "/rest/videos/urn:li:video:D", "Python/3.11 aiohttp/3.14.5"),  # direct mode
        {"method": "GET", "path": video},  # no headers: neither
    ]
    assert demo.video_gets(requests) == {"trigger": 3, "sensor": 1}


def test_video_wait_line(demo):
    line = demo.video_wait_line(1, {"trigger": 2, "sensor": 1})
    assert line.startswith("linkedin_publish_video: the video wait deferred 1 time(s); ")
    assert "the trigger polled the video 2 time(s)" in line
    assert "did NOT defer" in demo.video_wait_line(0, {"trigger": 0, "sensor": 1})


def test_the_demo_runs_every_example_dag(demo):
    from test_example_dags import _dagbag

    assert sorted(demo.DEMO_DAGS) == sorted(_dagbag().dags)
