"""Every example DAG parses without reading a connection, and runs against the sandbox."""

from __future__ import annotations

from pathlib import Path
from unittest import mock

import pytest

import maton_linkedin_provider

EXAMPLES = Path(maton_linkedin_provider.__file__).parent / "example_dags"
EXAMPLE_FILES = sorted(p for p in EXAMPLES.glob("*.py") if not p.name.startswith("_"))


def _dagbag():
    try:  # Airflow >= 3.1
        from airflow.dag_processing.dagbag import DagBag

        return DagBag(dag_folder=str(EXAMPLES))
    except ImportError:  # Airflow 3.0
        from airflow.models.dagbag import DagBag

        return DagBag(dag_folder=str(EXAMPLES), include_examples=False)


def test_examples_parse_without_reading_connections():
    from airflow.sdk import BaseHook

    with mock.patch.object(
        BaseHook, "get_connection", side_effect=AssertionError("read at parse time")
    ) as get:
        bag = _dagbag()
    assert bag.import_errors == {}
    assert get.call_count == 0
    assert len(bag.dags) >= len(EXAMPLE_FILES)


@pytest.fixture(scope="module")
def airflow_db() -> None:
    from airflow.utils import db

    db.resetdb()


@pytest.mark.usefixtures("airflow_db")
def test_linkedin_hello_runs_against_the_sandbox(set_conn, sandbox):
    dag = _dagbag().dags["linkedin_hello"]
    run = dag.test()
    assert run.state == "success"
    paths = [r.path for r in sandbox.requests]
    assert "/linkedin/rest/me" in paths
    assert "/connections" in paths
    assert any(p == "/linkedin/rest/organizationAcls" for p in paths)
