"""Post and media operators: templated inputs, XCom in and out, retries that never post twice, links."""

from __future__ import annotations

import datetime as dt
import os

import pytest

from maton_linkedin_provider.example_dags._samples import png_bytes, write_mp4
from maton_linkedin_provider.exceptions import LinkedInInputError
from maton_linkedin_provider.links import LinkedInPostLink, post_url
from maton_linkedin_provider.operators.media import (
    LinkedInUploadDocumentOperator,
    LinkedInUploadImageOperator,
    LinkedInUploadVideoOperator,
)
from maton_linkedin_provider.operators.posts import LinkedInCreatePostOperator, LinkedInDeletePostOperator


class TI:
    def __init__(self, try_number: int = 1) -> None:
        self.try_number = try_number


def posts(sandbox) -> list[dict]:
    with sandbox.state.lock:
        return [p.entity for p in sandbox.state.posts.values()]


def test_template_fields_cover_every_user_input():
    assert set(LinkedInCreatePostOperator.template_fields) >= {
        "commentary",
        "author",
        "visibility",
        "article",
        "media",
        "media_title",
        "alt_text",
        "images",
        "poll",
        "reshare_of",
    }
    assert set(LinkedInUploadVideoOperator.template_fields) == {"source", "owner_urn", "linkedin_version"}
    assert LinkedInDeletePostOperator.template_fields == ("post_urn", "linkedin_version")


def test_rendered_commentary_is_escaped_after_rendering(set_conn, sandbox):
    from jinja2 import Environment

    op = LinkedInCreatePostOperator(task_id="p", commentary="Report for {{ ds }} (final) {{ params.tag }}")
    op.render_template_fields({"ds": "2026-11-28", "params": {"tag": "#win"}}, jinja_env=Environment())
    urn = op.execute({"ti": TI()})
    (post,) = posts(sandbox)
    assert post["id"] == urn
    assert post["commentary"] == "Report for 2026-11-28 \\(final\\) \\#win"


def test_upload_xcom_feeds_the_post(set_conn, sandbox, tmp_path):
    path = tmp_path / "a.png"
    path.write_bytes(png_bytes())
    image = LinkedInUploadImageOperator(task_id="img", source=str(path)).execute({})
    urn = LinkedInCreatePostOperator(task_id="p", commentary="chart", media=image).execute({"ti": TI()})
    assert posts(sandbox)[0]["content"]["media"]["id"] == image and urn


def test_retried_task_returns_the_existing_post(set_conn, sandbox):
    op = LinkedInCreatePostOperator(task_id="p", commentary="Weekly digest")
    first = op.execute({"ti": TI(1)})
    again = LinkedInCreatePostOperator(task_id="p", commentary="Weekly digest").execute({"ti": TI(2)})
    assert again == first
    assert len(posts(sandbox)) == 1
    finder = [r for r in sandbox.requests if r.method == "GET" and r.path.endswith("/rest/posts")]
    assert len(finder) == 1  # the retry cost one read


def test_first_try_does_not_read_before_posting(set_conn, sandbox):
    LinkedInCreatePostOperator(task_id="p", commentary="fresh", author="urn:li:person:sAnDbOx01").execute(
        {"ti": TI(1)}
    )
    assert [r.method for r in sandbox.requests] == ["POST"]


def test_delete_operator_is_safe_to_retry(set_conn, sandbox):
    urn = LinkedInCreatePostOperator(task_id="p", commentary="bye").execute({"ti": TI()})
    assert LinkedInDeletePostOperator(task_id="d", post_urn=urn).execute({}) is True
    assert LinkedInDeletePostOperator(task_id="d", post_urn=urn).execute({}) in (True, False)
    from maton_linkedin_provider.exceptions import LinkedInNotFoundError
    from maton_linkedin_provider.hooks.linkedin import MatonLinkedInHook

    with pytest.raises(LinkedInNotFoundError):
        MatonLinkedInHook().get_post(urn)


def test_video_and_document_operators(set_conn, sandbox, tmp_path):
    video = LinkedInUploadVideoOperator(
        task_id="v", source=str(write_mp4(tmp_path / "v.mp4", 300_000)), parallelism=2
    ).execute({})
    pdf = tmp_path / "r.pdf"
    from maton_linkedin_provider.example_dags._samples import pdf_bytes

    pdf.write_bytes(pdf_bytes())
    doc = LinkedInUploadDocumentOperator(
        task_id="d", source=str(pdf), owner_urn="urn:li:organization:2414183"
    ).execute({})
    assert video.startswith("urn:li:video:") and doc.startswith("urn:li:document:")


def test_oversized_video_is_refused_before_any_request(set_conn, sandbox, tmp_path):
    big = tmp_path / "huge.mp4"
    with big.open("wb") as f:  # sparse: 600 MB on paper, a few bytes on disk
        f.write(b"\x00\x00\x00\x18ftypisom")
        f.truncate(600 * 1024 * 1024)
    with pytest.raises(LinkedInInputError, match="at most 524,288,000 bytes"):
        LinkedInUploadVideoOperator(task_id="v", source=str(big)).execute({})
    assert sandbox.requests == []


def test_post_link_points_at_the_feed(monkeypatch):
    from maton_linkedin_provider import links

    monkeypatch.setattr(links, "_xcom", lambda ti_key, key="return_value": "urn:li:share:7001")
    op = LinkedInCreatePostOperator(task_id="p", commentary="x")
    assert any(isinstance(link, LinkedInPostLink) for link in op.operator_extra_links)
    assert (
        LinkedInPostLink().get_link(op, ti_key=None)
        == "https://www.linkedin.com/feed/update/urn:li:share:7001/"
    )
    monkeypatch.setattr(links, "_xcom", lambda ti_key, key="return_value": None)
    assert LinkedInPostLink().get_link(op, ti_key=None) == ""
    assert post_url("urn:li:ugcPost:9") == "https://www.linkedin.com/feed/update/urn:li:ugcPost:9/"


def test_operators_do_not_touch_the_connection_at_construction(monkeypatch):
    monkeypatch.delenv("AIRFLOW_CONN_MATON_LINKEDIN_DEFAULT", raising=False)
    LinkedInCreatePostOperator(task_id="p", commentary="x", start_date=dt.datetime(2026, 1, 1))
    LinkedInUploadVideoOperator(task_id="v", source="s3://bucket/v.mp4")
    assert "AIRFLOW_CONN_MATON_LINKEDIN_DEFAULT" not in os.environ
