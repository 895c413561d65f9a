"""Organization posts with media: the media must be the author's; refused before sending when known."""

from __future__ import annotations

import pytest
from airflow.sdk import DAG

from maton_linkedin_provider.example_dags._samples import png_bytes
from maton_linkedin_provider.exceptions import LinkedInAuthError, LinkedInInputError, error_from_response
from maton_linkedin_provider.hooks.linkedin import MatonLinkedInHook
from maton_linkedin_provider.operators.media import LinkedInUploadImageOperator
from maton_linkedin_provider.operators.posts import LinkedInCreatePostOperator

ORG = "urn:li:organization:2414183"
FIX = f"Fix: upload it with owner_urn={ORG}."


@pytest.fixture
def png(tmp_path):
    path = tmp_path / "chart.png"
    path.write_bytes(png_bytes(40, 30))
    return path


def post_requests(sandbox) -> list[str]:
    return [r.method for r in sandbox.requests if r.path.endswith("/rest/posts")]


def test_the_403_names_the_owner_fix_not_a_scope(set_conn, sandbox, png) -> None:
    urn = MatonLinkedInHook().upload_image(png)  # the member's image, by another hook (task)
    with pytest.raises(LinkedInAuthError) as info:
        MatonLinkedInHook().create_post("Numbers", author=ORG, media=urn)
    text = str(info.value)
    assert (
        f"can only use media the author owns. A post can only use media its author owns: upload it with owner_urn={ORG} "
        in text
    )
    assert "scope" not in text and "Re-authorize" not in text
    assert post_requests(sandbox) == ["POST"]


def test_other_403s_on_posts_keep_the_scope_advice() -> None:
    err = error_from_response(
        403, {"message": "Not enough permissions"}, method="POST", path="/linkedin/rest/posts", conn_id="c"
    )
    assert "w_organization_social" in str(err) and "owner_urn" not in str(err)
    err = error_from_response(
        403, {"message": "media is owned by someone else"}, method="POST", path="/rest/posts", conn_id="c"
    )
    assert "upload it with owner_urn=<the post's author>" in str(err) and "scope" not in str(err)


def test_the_hook_refuses_its_own_upload_for_another_author_before_sending(set_conn, sandbox, png) -> None:
    hook = MatonLinkedInHook()
    urn = hook.upload_image(png)
    with pytest.raises(LinkedInInputError) as info:
        hook.create_post("Numbers", author=ORG, media=urn)
    assert str(info.value).startswith(f"media: {urn} is owned by urn:li:person:")
    assert str(info.value).endswith(
        f"but the post's author is {ORG}; a post can only use media its author owns (LinkedIn answers 403). {FIX}"
    )
    assert post_requests(sandbox) == []
    second = hook.upload_image(png, owner=ORG)
    with pytest.raises(
        LinkedInInputError,
        match=rf"images\[1\]: {second} is owned by {ORG}, but the post's author is urn:li:person:",
    ):
        hook.create_post("Two", images=[hook.upload_image(png), second])  # as the member
    assert post_requests(sandbox) == []


def test_media_the_author_owns_goes_through(set_conn, sandbox, png) -> None:
    hook = MatonLinkedInHook()
    assert hook.create_post("As the org", author=ORG, media=hook.upload_image(png, owner=ORG))
    assert hook.create_post("As me", media=hook.upload_image(png))
    assert post_requests(sandbox) == ["POST", "POST"]


class TI:
    try_number = 1

    def __init__(self, results: dict[str, str]) -> None:
        self.results = results

    def xcom_pull(self, task_ids=None, key="return_value", **kwargs):
        return self.results[task_ids]


def dag_with(owner_urn: str | None, author: str | None):
    with DAG("org_image_post", schedule=None):
        upload = LinkedInUploadImageOperator(task_id="upload", source="chart.png", owner_urn=owner_urn)
        post = LinkedInCreatePostOperator(
            task_id="post", commentary="Numbers", author=author, media=upload.output
        )
    return upload, post


def run_post(post, urn: str) -> str:
    ti = TI({"upload": urn})
    post.render_template_fields({"ti": ti})  # what Airflow does: the upload task's XCom
    return post.execute({"ti": ti})


ORG_DAG = """
from airflow.sdk import DAG
from maton_linkedin_provider.operators.media import LinkedInUploadImageOperator
from maton_linkedin_provider.operators.posts import LinkedInCreatePostOperator

with DAG("org_post", schedule=None):
    logo = LinkedInUploadImageOperator(task_id="upload_logo", source="/data/logo.png"{owner})
    LinkedInCreatePostOperator(task_id="post", commentary="Hiring", media=logo.output{author})
"""


@pytest.mark.parametrize(
    ("owner", "author", "error"),
    [
        pytest.param(
            "",
            f", author={ORG!r}",
            f"media: task 'upload_logo' uploads it for the connection's member (no owner_urn), but the post's "
            f"author is {ORG}; a post can only use media its author owns (LinkedIn answers 403). {FIX}",
            id="the-readme-mistake",
        ),
        pytest.param(
            f", owner_urn={ORG!r}",
            "",
            f"media: task 'upload_logo' uploads it for {ORG}, but the post's author is the connection's member; "
            "a post can only use media its author owns (LinkedIn answers 403). "
            f"Fix: set author={ORG}, or upload it without owner_urn.",
            id="org-media-member-post",
        ),
        pytest.param(f", owner_urn={ORG!r}", f", author={ORG!r}", None, id="same-organization"),
        pytest.param("", "", None, id="both-the-member"),
        pytest.param("", ", author='{{ params.org }}'", None, id="templated-author-left-to-execute"),
    ],
)
def test_a_literal_mismatch_is_a_dag_import_error(
    tmp_path, owner: str, author: str, error: str | None
) -> None:
    from test_example_dags import _dagbag

    (tmp_path / "org_post.py").write_text(ORG_DAG.format(owner=owner, author=author))
    errors = list(_dagbag(tmp_path).import_errors.values())
    if error is None:
        assert errors == []
    else:
        assert len(errors) == 1 and error in errors[0]


def test_a_templated_author_is_checked_before_sending(set_conn, sandbox, png) -> None:
    """The README mistake with the author from a param: refused in execute, before any post request."""
    _, post = dag_with(None, "{{ params.org }}")
    urn = MatonLinkedInHook().upload_image(png)  # the upload task, in its own process
    ti = TI({"upload": urn})
    post.render_template_fields({"ti": ti, "params": {"org": ORG}})
    with pytest.raises(LinkedInInputError) as info:
        post.execute({"ti": ti})
    assert str(info.value) == (
        f"media: {urn} is owned by the connection's member, but the post's author is {ORG}; a post can only "
        f"use media its author owns (LinkedIn answers 403). {FIX}"
    )
    assert post_requests(sandbox) == []
    assert [r.method for r in sandbox.requests[-1:]] == ["PUT"]  # not even the profile was read


def test_the_operator_posts_when_the_upload_task_named_the_author(set_conn, sandbox, png) -> None:
    _, post = dag_with(ORG, ORG)
    assert run_post(post, MatonLinkedInHook().upload_image(png, owner=ORG)).startswith("urn:li:")
    _, templated = dag_with("{{ params.org }}", ORG)
    assert templated.upload_owners == []  # unknown at parse time: left to LinkedIn


@pytest.mark.parametrize(
    ("owner", "author", "sent"),
    [
        pytest.param(None, None, ["GET /rest/me", "POST /rest/posts"], id="member-media-member-post"),
        pytest.param(None, "me", ["POST /rest/posts"], id="member-media-own-person-urn"),
        pytest.param("{{ params.org }}", ORG, ["POST /rest/posts"], id="templated-owner-org-post"),
    ],
)
def test_the_operator_posts_media_its_author_owns_with_no_extra_request(
    set_conn, sandbox, png, owner: str | None, author: str | None, sent: list[str]
) -> None:
    """The owner check never refuses what LinkedIn accepts, and costs no request of its own."""
    hook = MatonLinkedInHook()
    me = hook.get_person_urn()
    upload, post = dag_with(owner, me if author == "me" else author)
    context = {"params": {"org": ORG}}
    upload.render_template_fields(context)
    urn = hook.upload_image(png, owner=upload.owner_urn or None)  # what the upload task does
    ti = TI({"upload": urn})
    post.render_template_fields({"ti": ti, **context})
    before = len(sandbox.requests)
    assert post.execute({"ti": ti}).startswith("urn:li:")
    done = [(r.method, r.path) for r in sandbox.requests[before:]]
    assert [f"{m} /rest/{p.rpartition('/rest/')[2].split('?')[0]}" for m, p in done] == sent, done
