"""Literal mistakes fail the DAG's import (Airflow shows them before any run); templated ones, the task.

Each case is a DAG file written to ``tmp_path`` and loaded with ``DagBag``: its import error names
the argument and the fix. The same argument templated parses, and is refused in ``execute`` once
rendered, before any request.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from maton_linkedin_provider.exceptions import LinkedInInputError
from maton_linkedin_provider.operators.base import is_templated
from test_example_dags import _dagbag

if TYPE_CHECKING:
    from pathlib import Path

DAG_FILE = """
from datetime import datetime

from airflow.sdk import DAG

from maton_linkedin_provider.operators.ads import *  # noqa: F403
from maton_linkedin_provider.operators.generic import LinkedInApiOperator
from maton_linkedin_provider.operators.media import LinkedInUploadImageOperator
from maton_linkedin_provider.operators.posts import LinkedInCreatePostOperator, LinkedInDeletePostOperator

with DAG("checked", schedule=None, start_date=datetime(2026, 1, 1)):
    {operator}(task_id="task", {arguments})
"""

UPDATE = "LinkedInUpdateCampaignOperator"
CAMPAIGN = "campaign_id=610000001"
#: (operator, the bad argument, the other arguments, the field named, a part of the fix).
CASES = [
    ("LinkedInCreatePostOperator", "author='urn:li:company:1'", "commentary='hi'", "author",
     "urn:li:organization:{id}"),
    ("LinkedInCreatePostOperator", "media='urn:li:share:1'", "commentary='hi'", "media", "urn:li:image:{id}"),
    ("LinkedInDeletePostOperator", "post_urn='urn:li:person:1'", "", "post_urn", "urn:li:share:{id}"),
    ("LinkedInUploadImageOperator", "owner_urn='urn:li:image:C4E10AQfake01'", "source='/tmp/chart.png'",
     "owner_urn", "urn:li:person:{id}"),
    (UPDATE, "ad_account='urn:li:organization:1'", f"{CAMPAIGN}, fields={{'name': 'x'}}", "ad_account",
     "urn:li:sponsoredAccount:{id}"),
    (UPDATE, "campaign_id='urn:li:sponsoredCampaignGroup:1'", "ad_account=507000001, fields={'name': 'x'}",
     "campaign_id", "urn:li:sponsoredCampaign:{id}"),
    ("LinkedInApiOperator", "linkedin_version='2026-09'", "endpoint='/me'", "linkedin_version",
     "use YYYYMM"),
    ("LinkedInCreatePostOperator", "commentary='x' * 3001", "", "commentary", "shorten it by at least 1"),
    ("LinkedInCreatePostOperator", "commentary='(' * 1501", "", "commentary", "shorten it by at least 2"),
    (UPDATE, "fields={'dailybudget': 5}", f"ad_account=507000001, {CAMPAIGN}", "fields.dailybudget",
     "did you mean 'dailyBudget'"),
    ("LinkedInCreateCampaignOperator", "fields={'colour': 'red'}",
     "ad_account=507000001, campaign_group=600000001, name='C', run_schedule={'start': '2026-06-01'}",
     "fields.colour", "known fields: "),
    (UPDATE, "unset=['dailybudget']", f"ad_account=507000001, {CAMPAIGN}, fields={{'name': 'x'}}", "unset",
     "removable fields: "),
    (UPDATE, "status='LIVE'", "ad_account=507000001, campaign_group=600000001, fields={'name': 'x'}",
     "status", "ACTIVE"),
    ("LinkedInDeleteCampaignOperator", "confirm=False", f"ad_account=507000001, {CAMPAIGN}", "confirm",
     "pass confirm=True"),
    ("LinkedInDeleteCampaignGroupOperator", "", "ad_account=507000001, campaign_group_id=600000001",
     "confirm", "pass confirm=True"),
    ("LinkedInDeleteCreativeOperator", "", "ad_account=507000001, creative_id=700000003", "confirm",
     "pass confirm=True"),
]  # fmt: skip


def import_errors(tmp_path: Path, operator: str, arguments: str) -> list[str]:
    (tmp_path / "checked_dag.py").write_text(
        DAG_FILE.format(operator=operator, arguments=arguments), encoding="utf-8"
    )
    bag = _dagbag(tmp_path)
    return list(bag.import_errors.values())


def test_the_dag_file_imports_when_nothing_is_wrong(tmp_path: Path) -> None:
    assert import_errors(tmp_path, UPDATE, f"ad_account=507000001, {CAMPAIGN}, fields={{'name': 'x'}}") == []


@pytest.mark.parametrize(
    ("operator", "bad", "others", "field", "fix"),
    [pytest.param(*case, id=f"{case[0][8:-8]}-{case[3]}") for case in CASES],
)
def test_a_literal_mistake_is_a_dag_import_error(
    tmp_path: Path, operator: str, bad: str, others: str, field: str, fix: str
) -> None:
    (error,) = import_errors(tmp_path, operator, ", ".join(a for a in (bad, others) if a))
    assert f"LinkedInInputError: {field}: " in error
    assert "Fix: " in error and fix in error.rsplit("Fix: ", 1)[-1]


#: The bad value of each templated argument, rendered from the DAG params, and the other arguments.
TEMPLATED = [
    ("LinkedInCreatePostOperator", "author", "urn:li:company:1", "commentary='hi'", "author"),
    ("LinkedInCreatePostOperator", "commentary", "x" * 3001, "", "commentary"),
    ("LinkedInUploadImageOperator", "owner_urn", "urn:li:image:C4E10AQfake01", "source='/tmp/chart.png'",
     "owner_urn"),
    (UPDATE, "ad_account", "urn:li:organization:1", f"{CAMPAIGN}, fields={{'name': 'x'}}", "ad_account"),
    ("LinkedInApiOperator", "linkedin_version", "2026-09", "endpoint='/me'", "linkedin_version"),
    ("LinkedInDeletePostOperator", "post_urn", "urn:li:person:1", "", "post_urn"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("operator", "name", "value", "others", "field"),
    [pytest.param(*case, id=f"{case[0][8:-8]}-{case[1]}") for case in TEMPLATED],
)
def test_a_templated_mistake_parses_and_is_refused_in_execute(
    tmp_path: Path, set_conn: Any, sandbox: Any, operator: str, name: str, value: str, others: str, field: str
) -> None:
    from maton_linkedin_provider.example_dags._samples import write_sample

    image = write_sample(tmp_path / "chart.png", "png")
    others = others.replace("/tmp/chart.png", str(image))
    arguments = ", ".join(a for a in (f"{name}='{{{{ params.bad }}}}'", others) if a)
    assert import_errors(tmp_path, operator, arguments) == []
    task = _dagbag(tmp_path).dags["checked"].get_task("task")
    task.render_template_fields({"params": {"bad": value}})
    with pytest.raises(LinkedInInputError) as info:
        task.execute({})
    assert info.value.field == field
    assert sandbox.requests == []


def test_templated_field_values_are_left_to_execute_and_literal_ones_checked(tmp_path: Path) -> None:
    templated = "fields={'dailyBudget': '{{ params.budget }}', 'name': 'x'}"
    assert import_errors(tmp_path, UPDATE, f"ad_account=507000001, {CAMPAIGN}, {templated}") == []
    bad_literal = "fields={'dailyBudget': '{{ params.budget }}', 'status': 'RUNNING'}"
    (error,) = import_errors(tmp_path, UPDATE, f"ad_account=507000001, {CAMPAIGN}, {bad_literal}")
    assert "LinkedInInputError: fields.status: " in error


@pytest.mark.parametrize(
    ("value", "templated"),
    [
        ("urn:li:person:1", False),
        ("{{ params.author }}", True),
        ("{% if x %}a{% endif %}", True),
        ("a {# note #}", True),
        ({"status": "PAUSED", "dailyBudget": 5}, False),
        ({"runSchedule": {"end": "{{ ds }}"}}, True),
        (["1", ("2", "{{ x }}")], True),
        (610000001, False),
        (None, False),
    ],
)
def test_is_templated(value: Any, templated: bool) -> None:
    assert is_templated(value) is templated


def test_task_outputs_and_params_are_templated() -> None:
    from airflow.sdk import DAG, Param, task

    with DAG("d", schedule=None):

        @task
        def make() -> str:
            return "urn:li:image:1"

        output = make()
    assert is_templated(output) and is_templated([output]) and is_templated(Param("x"))


def test_object_storage_paths_dag_params_and_own_delimiters_are_templated() -> None:
    from airflow.sdk import DAG, ObjectStoragePath, dag

    from maton_linkedin_provider.operators.base import template_markers

    assert is_templated(ObjectStoragePath("file:///exports/{{ ds }}/posts.jsonl"))  # Airflow renders its path
    assert is_templated({"nested": [{"path": ObjectStoragePath("file:///exports/a.jsonl")}]})

    @dag(schedule=None)
    def with_param(author: str = "urn:li:person:1") -> None:
        assert is_templated(author)  # a DagParam, resolved per run

    with_param()
    own = DAG(
        "own",
        schedule=None,
        jinja_environment_kwargs={"variable_start_string": "[[", "line_comment_prefix": "##"},
    )
    markers = template_markers(own)
    assert is_templated("[[ params.author ]]", markers) and is_templated("x\n## note", markers)
    assert is_templated("{{ params.author }}", markers)  # Jinja's own markers stay templated
    assert not is_templated("[[ params.author ]]") and template_markers(None) == ("{{", "{%", "{#")


CUSTOM_DELIMITERS = """
from datetime import datetime

from airflow.sdk import DAG

from maton_linkedin_provider.operators.ads import LinkedInUpdateCampaignOperator
from maton_linkedin_provider.operators.media import LinkedInUploadImageOperator
from maton_linkedin_provider.operators.posts import LinkedInCreatePostOperator

jinja = {"variable_start_string": "[[", "variable_end_string": "]]", "block_start_string": "[%",
         "block_end_string": "%]"}
with DAG("checked", schedule=None, start_date=datetime(2026, 1, 1), jinja_environment_kwargs=jinja):
    upload = LinkedInUploadImageOperator(task_id="upload", source="/tmp/chart.png",
                                         owner_urn="[[ params.org ]]")
    LinkedInCreatePostOperator(task_id="post", author="[[ params.org ]]", linkedin_version="[[ params.v ]]",
                               commentary="[% for _ in range(3001) %]x[% endfor %]", media=upload.output)
    LinkedInUpdateCampaignOperator(task_id="update", ad_account="[[ params.account ]]",
                                   campaign_id="[[ params.campaign ]]", fields={"status": "[[ params.status ]]"})
"""  # fmt: skip


def test_a_dag_with_its_own_jinja_delimiters_parses(tmp_path: Path) -> None:
    """``jinja_environment_kwargs`` may change what starts a template: such a value is templated too."""
    (tmp_path / "checked_dag.py").write_text(CUSTOM_DELIMITERS, encoding="utf-8")
    bag = _dagbag(tmp_path)
    assert list(bag.import_errors.values()) == []
    dag = bag.dags["checked"]
    post = dag.get_task("post")
    assert post.get_template_env().variable_start_string == "[["
    context = {"params": {"org": "urn:li:organization:5", "v": "202609", "account": 507000001}}
    rendered = [post.render_template(getattr(post, name), context) for name in ("author", "linkedin_version")]
    assert rendered == ["urn:li:organization:5", "202609"]
    assert post.render_template(post.commentary, context) == "x" * 3001
    update = dag.get_task("update")
    update.render_template_fields(
        {"params": {"account": "507000001", "campaign": "610000001", "status": "PAUSED"}}
    )
    assert (update.ad_account, update.campaign_id, update.fields) == (
        "507000001",
        "610000001",
        {"status": "PAUSED"},
    )


MAPPED = """
from datetime import datetime

from airflow.sdk import DAG

from maton_linkedin_provider.operators.ads import LinkedInUpdateCampaignOperator

with DAG("mapped", schedule=None, start_date=datetime(2026, 1, 1), jinja_environment_kwargs={jinja}):
    LinkedInUpdateCampaignOperator.partial(
        task_id="rename", ad_account="{account}", fields={{"name": "Renamed"}}
    ).expand(campaign_id=[610000001, "urn:li:sponsoredCampaignGroup:1"])
"""


@pytest.mark.parametrize(
    ("jinja", "account"),
    [({}, "{{ params.account }}"), ({"variable_start_string": "[[", "variable_end_string": "]]"},
                                        "[[ params.account ]]")],
    ids=["jinja", "own-delimiters"],
)  # fmt: skip
def test_a_mapped_task_is_checked_when_airflow_builds_each_instance(
    tmp_path: Path, jinja: dict[str, str], account: str
) -> None:
    """``.partial()/.expand()`` build no operator at parse; each instance is checked as it is built."""
    (tmp_path / "checked_dag.py").write_text(MAPPED.format(jinja=jinja, account=account), encoding="utf-8")
    bag = _dagbag(tmp_path)
    assert list(bag.import_errors.values()) == []
    mapped = bag.dags["mapped"].get_task("rename")
    first = mapped.unmap({"campaign_id": 610000001})  # what the worker does for map index 0
    first.render_template_fields({"params": {"account": "507000001"}})
    assert (first.ad_account, first.campaign_id) == ("507000001", 610000001)
    with pytest.raises(LinkedInInputError) as info:
        mapped.unmap({"campaign_id": "urn:li:sponsoredCampaignGroup:1"})
    assert info.value.field == "campaign_id"
