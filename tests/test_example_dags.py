"""Every example DAG parses without reading a connection, and runs against the sandbox."""

from __future__ import annotations

from pathlib import Path
from unittest import mock

import pytest

import maton_linkedin_provider

EXAMPLES = Path(maton_linkedin_provider.__file__).parent / "example_dags"
EXAMPLE_FILES = sorted(p for p in EXAMPLES.glob("*.py") if not p.name.startswith("_"))


def _dagbag(folder: Path = EXAMPLES):
    """The DAGs of ``folder`` (the example DAGs by default), and its import errors."""
    try:  # Airflow >= 3.1
        from airflow.dag_processing.dagbag import DagBag

        return DagBag(dag_folder=str(folder))
    except ImportError:  # Airflow 3.0
        from airflow.models.dag import DAG
        from airflow.models.dagbag import DagBag

        bag = DagBag(dag_folder=str(folder), include_examples=False)
        # 3.0.0's Task SDK DAG has no .test(); convert as `airflow dags test` does there.
        bag.dags = {k: d if hasattr(d, "test") else DAG.from_sdk_dag(d) for k, d in bag.dags.items()}
        return bag


def test_examples_parse_without_reading_connections():
    from airflow_compat import BaseHook

    with mock.patch.object(
        BaseHook, "get_connection", side_effect=AssertionError("read at parse time")
    ) as get:
        bag = _dagbag()
    assert bag.import_errors == {}
    assert get.call_count == 0
    assert len(bag.dags) >= len(EXAMPLE_FILES)


@pytest.mark.usefixtures("airflow_db")
def test_linkedin_hello_runs_against_the_sandbox(set_conn, sandbox):
    dag = _dagbag().dags["linkedin_hello"]
    run = dag.test()
    assert run.state == "success"
    paths = [r.path for r in sandbox.requests]
    assert "/linkedin/rest/me" in paths
    assert "/connections" in paths
    assert any(p == "/linkedin/rest/organizationAcls" for p in paths)


def posts_in(sandbox) -> list[dict]:
    with sandbox.state.lock:
        return [p.entity for p in sandbox.state.posts.values()]


@pytest.mark.usefixtures("airflow_db")
def test_text_and_article_posts(set_conn, sandbox):
    run = _dagbag().dags["linkedin_text_and_article_post"].test()
    assert run.state == "success"
    posts = posts_in(sandbox)
    assert len(posts) == 2
    text = next(p for p in posts if "content" not in p)
    assert text["commentary"].startswith("Pipeline report for ")
    assert "\\(all green\\)" in text["commentary"] and "data\\_team" in text["commentary"]
    assert "@[Sandbox Labs](urn:li:organization:2414183)" in text["commentary"]
    assert text["commentary"].endswith("{hashtag|\\#|DataEngineering}")  # nothing was cut
    article = next(p for p in posts if "content" in p)
    assert article["content"]["article"]["source"] == "https://airflow.apache.org/docs/"


@pytest.mark.parametrize(
    ("dag_id", "kind"),
    [("linkedin_image_post", "image"), ("linkedin_document_post", "document")],
)
@pytest.mark.usefixtures("airflow_db")
def test_media_posts(set_conn, sandbox, dag_id, kind):
    run = _dagbag().dags[dag_id].test()
    assert run.state == "success"
    (post,) = posts_in(sandbox)
    assert post["content"]["media"]["id"].startswith(f"urn:li:{kind}:")
    uploads = [r for r in sandbox.requests if r.server == "upload"]
    assert len(uploads) == 1 and uploads[0].header("Authorization") is None


@pytest.mark.usefixtures("airflow_db")
def test_publish_video_defers_and_posts(set_conn, sandbox):
    # Still processing at the sensor's first poke, however slow the task start (Airflow 3.0 takes ~2 s).
    sandbox.state.media_processing_seconds["video"] = 5.0
    run = _dagbag().dags["linkedin_publish_video"].test()
    assert run.state == "success"
    (post,) = posts_in(sandbox)
    video = post["content"]["media"]["id"]
    assert video.startswith("urn:li:video:")
    puts = [r for r in sandbox.requests if r.server == "upload"]
    assert len(puts) == 3  # 9 MiB in 4 MiB parts
    polls = [r for r in sandbox.requests if r.method == "GET" and "/videos/" in r.path]
    assert len(polls) >= 2  # the sensor's first poke, then the trigger
