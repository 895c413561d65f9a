"""OpenLineage facets of the export operators (with apache-airflow-providers-openlineage, a test extra)."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timedelta, timezone

import pytest

from maton_linkedin_provider.operators.data import (
    LinkedInAdAnalyticsToFileOperator,
    LinkedInAdLibraryToFileOperator,
    LinkedInShareStatisticsToFileOperator,
    lineage_dataset,
)

pytest.importorskip("airflow.providers.openlineage")
UTC = timezone.utc


def interval() -> dict:
    start = datetime(2026, 3, 10, tzinfo=UTC)
    return {"data_interval_start": start, "data_interval_end": start + timedelta(days=1)}


def pairs(datasets) -> list[tuple[str, str]]:
    return [(d.namespace, d.name) for d in datasets]


def test_analytics_partitions_read_the_account_and_write_its_directory(set_conn, sandbox, tmp_path):
    from airflow.providers.openlineage.extractors import OperatorLineage

    op = LinkedInAdAnalyticsToFileOperator(
        task_id="la",
        accounts=["urn:li:sponsoredAccount:507000001"],
        output_path=str(tmp_path / "{account}/{day}.jsonl.gz"),
    )
    op.execute(interval())
    lineage = op.get_openlineage_facets_on_complete(None)
    assert isinstance(lineage, OperatorLineage)
    assert pairs(lineage.inputs) == [("linkedin", "adAnalytics/507000001")]
    assert pairs(lineage.outputs) == [("file", str(tmp_path / "507000001"))]


def test_object_storage_output_and_other_facets(set_conn, sandbox, memory_storage):
    op = LinkedInAdAnalyticsToFileOperator(
        task_id="la", campaigns=[11, 12], output_path="memory://bucket/la/campaigns.jsonl.gz"
    )
    op.execute(interval())
    lineage = op.get_openlineage_facets_on_complete(None)
    assert pairs(lineage.inputs) == [
        ("linkedin", "adAnalytics/campaign:11"),
        ("linkedin", "adAnalytics/campaign:12"),
    ]
    assert pairs(lineage.outputs) == [("memory://bucket", "la/campaigns.jsonl.gz")]


def test_library_and_share_statistics(set_conn, sandbox, tmp_path):
    ads = LinkedInAdLibraryToFileOperator(
        task_id="ads", keyword="rows:3", output_path=str(tmp_path / "ads.jsonl"), use_data_interval=False
    )
    ads.execute({})
    assert pairs(ads.get_openlineage_facets_on_complete(None).inputs) == [("linkedin", "adLibrary")]
    shares = LinkedInShareStatisticsToFileOperator(
        task_id="s", organization=2414183, output_path=str(tmp_path / "{day}.jsonl")
    )
    shares.execute(interval())
    lineage = shares.get_openlineage_facets_on_complete(None)
    assert pairs(lineage.inputs) == [("linkedin", "organizationalEntityShareStatistics/2414183")]
    assert pairs(lineage.outputs) == [("file", str(tmp_path / "2026-03-09.jsonl"))]


def test_without_the_openlineage_provider_there_are_no_facets(monkeypatch):
    monkeypatch.setitem(sys.modules, "airflow.providers.openlineage.extractors", None)  # import fails
    op = LinkedInAdLibraryToFileOperator(task_id="ads", output_path="/tmp/x.jsonl")
    assert op.get_openlineage_facets_on_complete(None) is None


def test_importing_the_operators_does_not_import_openlineage():
    probe = (  # Airflow's provider discovery may load the provider's metadata: only what we add counts
        "import sys, airflow.sdk; before = set(sys.modules); import maton_linkedin_provider.operators.data; "
        "print(sorted(m for m in set(sys.modules) - before if 'openlineage' in m))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("s3://bucket/a/b.jsonl", ("s3://bucket", "a/b.jsonl")),
        ("/data/a.jsonl", ("file", "/data/a.jsonl")),
        ("file:///data/a.jsonl", ("file", "/data/a.jsonl")),
    ],
)
def test_lineage_dataset_names(path, expected):
    assert lineage_dataset(path) == expected
