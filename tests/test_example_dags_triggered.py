"""Every example DAG runs however it is triggered: with a logical date, and without one.

In Airflow 3 a run triggered from the CLI or the REST API without a logical date has
``logical_date=None``: no ``ds``, ``ts`` or data interval in the context. The DAGs are discovered
from the example folder, so a DAG added later is covered too.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone

import pytest

from test_example_dag_analytics_by_account import registered
from test_example_dags import EXAMPLE_FILES, _dagbag

#: A Monday, 08:00 UTC: the morning branch of the twice-a-day DAGs (the one that posts).
WHEN = datetime(2026, 3, 2, 8, tzinfo=timezone.utc)
#: Cases that wait on another issue's change (dag_id, with_logical_date) -> reason.
PENDING: dict[tuple[str, bool], str] = {}


def _dag_ids() -> list[str]:
    import ast

    ids = []
    for path in EXAMPLE_FILES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.keyword)
                and node.arg == "dag_id"
                and isinstance(node.value, ast.Constant)
            ):
                ids.append(node.value.value)
    return sorted(ids)


def _cases() -> list[object]:
    cases = []
    for dag_id in _dag_ids():
        for with_date in (True, False):
            marks = []
            if (dag_id, with_date) in PENDING:
                marks.append(pytest.mark.xfail(strict=True, reason=PENDING[dag_id, with_date]))
            label = "with-logical-date" if with_date else "no-logical-date"
            cases.append(pytest.param(dag_id, with_date, marks=marks, id=f"{dag_id}-{label}"))
    return cases


def test_every_example_dag_is_discovered():
    assert set(_dag_ids()) == set(_dagbag().dags)


@pytest.mark.parametrize(("dag_id", "with_logical_date"), _cases())
@pytest.mark.usefixtures("airflow_db")
def test_example_dag_runs_with_and_without_a_logical_date(
    set_conn, sandbox, tmp_path, dag_id, with_logical_date
):
    sandbox.state.media_processing_seconds["video"] = 0.0
    dag = registered(_dagbag().dags[dag_id])  # its Assets known, as in a deployment (Airflow 3.0)
    # Anything a DAG writes to a local folder goes to tmp_path.
    conf = {name: str(tmp_path) for name in dag.params if name.endswith("_root")}
    if with_logical_date:
        run = dag.test(logical_date=WHEN, run_conf=conf)
        assert run.logical_date == WHEN
    else:
        run = dag.test(logical_date=None, run_after=WHEN, run_conf=conf)
        assert run.logical_date is None
    states = {ti.task_id: ti.state for ti in run.get_task_instances()}
    assert run.state == "success", states
    assert set(states.values()) <= {"success", "skipped"}, states
    assert "success" in states.values()
    # A date a DAG puts in a post is the run's day: its logical date's, else its run_after's.
    with sandbox.state.lock:
        texts = [p.entity.get("commentary", "") for p in sandbox.state.posts.values()]
    assert all(day == "2026-03-02" for text in texts for day in re.findall(r"\d{4}-\d{2}-\d{2}", text))
