"""Posts: create (validation, Little Text, content kinds), read, delete, author finder, batch get."""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import quote

import pytest
import requests
from sandbox_client import Api

from maton_linkedin_provider.sandbox import Sandbox
from maton_linkedin_provider.sandbox.littletext import read
from maton_linkedin_provider.sandbox.state import ADA_MEMBER_ID, PENDING_CONNECTION_ID

ADA = f"urn:li:person:{ADA_MEMBER_ID}"
GRACE = "urn:li:person:sAnDbOx02"
ORG = "urn:li:organization:2414183"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + (800).to_bytes(4, "big") + (600).to_bytes(4, "big")
MP4 = b"\x00\x00\x00\x18ftypmp42" + bytes(100_000 - 12)
AS_GRACE = {"Maton-Connection": PENDING_CONNECTION_ID}


def body(**fields: Any) -> dict[str, Any]:
    post: dict[str, Any] = {
        "author": ADA,
        "commentary": "Hello",
        "visibility": "PUBLIC",
        "distribution": {
            "feedDistribution": "MAIN_FEED",
            "targetEntities": [],
            "thirdPartyDistributionChannels": [],
        },
        "lifecycleState": "PUBLISHED",
        "isReshareDisabledByAuthor": False,
    }
    post.update(fields)
    return {k: v for k, v in post.items() if v is not None}


def create(api: Api, headers: dict[str, str | None] | None = None, **fields: Any) -> requests.Response:
    return api.post("/rest/posts", json=body(**fields), headers=headers)


def created(api: Api, **fields: Any) -> str:
    resp = create(api, **fields)
    assert resp.status_code == 201, resp.text
    assert resp.content == b""
    return resp.headers["x-restli-id"]


def get_post(api: Api, urn: str, **kw: Any) -> requests.Response:
    return api.get(f"/rest/posts/{quote(urn, safe='')}", **kw)


def delete_post(api: Api, urn: str, **kw: Any) -> requests.Response:
    return api.request("DELETE", f"/rest/posts/{quote(urn, safe='')}", **kw)


def media(api: Api, kind: str = "image", owner: str = ADA, data: bytes | None = PNG) -> str:
    """A media asset of ``owner``; uploaded (AVAILABLE: processing time 0) unless ``data`` is None."""
    init: dict[str, Any] = {"owner": owner}
    if kind == "video":
        init["fileSizeBytes"] = len(MP4)
    value = api.post(
        f"/rest/{kind}s", params={"action": "initializeUpload"}, json={"initializeUploadRequest": init}
    ).json()["value"]
    urn: str = value[kind]
    if data is None:
        return urn
    if kind != "video":
        assert requests.put(value["uploadUrl"], data=data, timeout=10).status_code == 201
        return urn
    (part,) = value["uploadInstructions"]
    etag = requests.put(part["uploadUrl"], data=MP4, timeout=10).headers["ETag"]
    fin = {"finalizeUploadRequest": {"video": urn, "uploadToken": "", "uploadedPartIds": [etag]}}
    assert api.post("/rest/videos", params={"action": "finalizeUpload"}, json=fin).status_code == 200
    return urn


@pytest.fixture(autouse=True)
def _instant_processing(sandbox: Sandbox) -> None:
    sandbox.state.media_processing_seconds["video"] = 0


# -- create and read -------------------------------------------------------------------------------
def test_text_post_created_and_read_back(api: Api, sandbox: Sandbox) -> None:
    urn = created(api, commentary="Hello world")
    assert urn.startswith("urn:li:share:")
    post = get_post(api, urn).json()
    assert post["id"] == urn and post["author"] == ADA and post["commentary"] == "Hello world"
    assert post["visibility"] == "PUBLIC" and post["lifecycleState"] == "PUBLISHED"
    assert post["distribution"] == {
        "feedDistribution": "MAIN_FEED",
        "targetEntities": [],
        "thirdPartyDistributionChannels": [],
    }
    assert post["isReshareDisabledByAuthor"] is False and post["lifecycleStateInfo"] == {
        "isEditedByAuthor": False
    }
    assert post["createdAt"] == post["lastModifiedAt"] == post["publishedAt"] > 1_700_000_000_000
    assert "content" not in post
    assert sandbox.state.posts[urn].sent == body(commentary="Hello world")
    assert get_post(api, urn, mode="direct").status_code == 200
    assert get_post(api, "urn:li:share:1").status_code == 404
    assert api.get("/rest/posts/not-a-urn").status_code == 400


@pytest.mark.parametrize(
    ("sent", "stored"),
    [
        ("Price (USD) is 5", "Price "),
        (r"Price \(USD\) is 5", r"Price \(USD\) is 5"),
        ("a_b", "a"),
        ("under\\_score, back\\\\slash", "under\\_score, back\\\\slash"),
        ("path C:\\Users", "path C:"),
        ("Thanks @[Sandbox Labs](urn:li:organization:2414183) and @[Ada](urn:li:person:sAnDbOx01)!",
         "Thanks @[Sandbox Labs](urn:li:organization:2414183) and @[Ada](urn:li:person:sAnDbOx01)!"),
        ("Go {hashtag|\\#|Airflow} and {hashtag|#|LinkedIn}.", "Go {hashtag|\\#|Airflow} and {hashtag|#|LinkedIn}."),
        ("bare #tag here", "bare "),
        ("broken @[name](not-a-urn) rest", "broken "),
        ("email me@example.com", "email me"),
        ("trailing backslash \\", "trailing backslash "),
        ("line one\nline two: ok! 100% \"quoted\"", "line one\nline two: ok! 100% \"quoted\""),
    ],
)  # fmt: skip
def test_little_text_is_cut_at_the_first_unescaped_reserved_character(
    api: Api, sandbox: Sandbox, sent: str, stored: str
) -> None:
    urn = created(api, commentary=sent)
    assert get_post(api, urn).json()["commentary"] == stored
    assert sandbox.state.posts[urn].sent["commentary"] == sent
    assert read(sent).stored == stored


def test_little_text_reader_reports_markup() -> None:
    text = read("Hi @[Acme\\_Co](urn:li:organization:1337) {hashtag|\\#|Data_Eng} (oops")
    assert text.mentions == [("Acme\\_Co", "urn:li:organization:1337")]
    assert text.hashtags == ["Data_Eng"]
    assert text.cut_at == text.sent.index("(oops")


def test_commentary_length_limit(api: Api) -> None:
    assert create(api, commentary="x" * 3000).status_code == 201
    resp = create(api, commentary="x" * 3001)
    assert resp.status_code == 400
    assert resp.json() == {
        "errorDetailType": "com.linkedin.common.error.BadRequest",
        "message": "com.linkedin.content.common.exception.BadRequestResponseException: ShareCommentary text length "
        "(3001 characters) exceeded the maximum allowed (3000 characters)",
        "errorDetails": {
            "inputErrors": [
                {
                    "description": "Size of array cannot be higher than the maxLength",
                    "input": {"inputPath": {"fieldPath": "commentary"}},
                    "code": "FIELD_ARRAY_SIZE_TOO_HIGH",
                    "maxLength": 3000,
                }
            ]
        },
        "status": 400,
    }
    assert list(resp.json()) == ["errorDetailType", "message", "errorDetails", "status"]
    assert create(api, commentary="\\(" * 1501).status_code == 400  # escapes count as sent


def test_author_permissions(api: Api, sandbox: Sandbox) -> None:
    for author in (ORG, "urn:li:organization:1337", "urn:li:organization:90002", "urn:li:organization:90003"):
        assert create(api, author=author).status_code == 201, author
    analyst = create(api, author="urn:li:organization:90001")
    assert analyst.status_code == 403
    assert analyst.json()["code"] == "ACCESS_DENIED" and "w_organization_social" in analyst.json()["message"]
    assert "ANALYST" in analyst.json()["message"]
    assert create(api, author="urn:li:organization:55555").status_code == 403
    other = create(api, author=GRACE)
    assert other.status_code == 403 and "w_member_social" in other.json()["message"]
    sandbox.state.authorize_connection(PENDING_CONNECTION_ID)
    assert create(api, headers=AS_GRACE, author=GRACE).status_code == 201
    assert create(api, headers=AS_GRACE, author=ORG).status_code == 403


@pytest.mark.parametrize(
    ("fields", "status", "where"),
    [
        ({"author": None}, 422, "author"),
        ({"author": "sAnDbOx01"}, 422, "author"),
        ({"author": "urn:li:group:123"}, 422, "Allowed URN types are organization, person"),
        ({"visibility": None}, 422, "visibility"),
        ({"visibility": "FRIENDS"}, 422, "is not an enum symbol"),
        ({"distribution": None}, 422, "distribution"),
        ({"distribution": {"feedDistribution": "EVERYWHERE"}}, 422, "distribution/feedDistribution"),
        ({"distribution": {"feedDistribution": "MAIN_FEED", "targetEntites": []}}, 422, "unrecognized field"),
        ({"lifecycleState": "DRAFT"}, 400, "PUBLISHED"),
        ({"lifecycleState": "GONE"}, 422, "lifecycleState"),
        ({"commentary": 5}, 422, "commentary"),
        ({"visibilty": "PUBLIC"}, 422, "/visibilty :: unrecognized field"),
        ({"visibility": "CONTAINER"}, 400, "container"),
        ({"isReshareDisabledByAuthor": "no"}, 422, "isReshareDisabledByAuthor"),
        ({"content": {"article": {"source": "ftp://x"}}}, 400, "http(s) URL"),
        ({"content": {"article": {"title": "no source"}}}, 422, "content/article/source"),
        ({"content": {"poll": {"question": "?", "options": [{"text": "a"}], "settings": {"duration": "ONE_DAY"}}}}, 400, "FIELD_ARRAY_SIZE_TOO_LOW"),
        ({"content": {"poll": {"question": "?", "options": [{"text": c} for c in "abcde"], "settings": {"duration": "ONE_DAY"}}}}, 400, "at most 4"),
        ({"content": {"poll": {"question": "?", "options": [{"text": "a"}, {"text": "b"}], "settings": {"duration": "ONE_WEEK"}}}}, 422, "duration"),
        ({"content": {"multiImage": {"images": [{"id": "urn:li:image:C4E10AQx"}]}}}, 400, "at least 2"),
        ({"content": {"media": {"id": "urn:li:share:1"}}}, 422, "content/media/id"),
        ({"content": {"media": {"id": "urn:li:image:C4E10AQnope"}}}, 400, "MEDIA_ASSET_NOT_FOUND"),
        ({"content": {"carousel": {}}}, 400, "not supported"),
        ({"content": {"article": {"source": "https://a.example"}, "poll": {}}}, 400, "exactly one"),
        ({"reshareContext": {"parent": "urn:li:share:7"}}, 400, "does not exist"),
    ],
)  # fmt: skip
def test_validation(api: Api, fields: dict[str, Any], status: int, where: str) -> None:
    resp = create(api, **fields)
    assert resp.status_code == status, resp.text
    assert where in resp.text


# -- content kinds ---------------------------------------------------------------------------------
def test_article_post(api: Api) -> None:
    thumb = media(api)
    article = {"source": "https://example.com/a?b=1", "title": "T", "description": "D", "thumbnail": thumb}
    urn = created(api, content={"article": article})
    assert urn.startswith("urn:li:share:")
    assert get_post(api, urn).json()["content"] == {"article": article}


@pytest.mark.parametrize(
    ("kind", "prefix"),
    [("image", "urn:li:share:"), ("video", "urn:li:ugcPost:"), ("document", "urn:li:ugcPost:")],
)
def test_single_media_post(api: Api, kind: str, prefix: str) -> None:
    data = {"image": PNG, "video": MP4, "document": b"%PDF-1.4 hello"}[kind]
    asset = media(api, kind, data=data)
    content = {"media": {"id": asset, "title": "A title", "altText": "alt"}}
    urn = created(api, content=content)
    assert urn.startswith(prefix)
    assert get_post(api, urn).json()["content"] == content


def test_multi_image_and_poll_posts(api: Api) -> None:
    images = [{"id": media(api), "altText": f"image {i}"} for i in range(3)]
    urn = created(api, content={"multiImage": {"images": images}})
    assert get_post(api, urn).json()["content"]["multiImage"]["images"] == images
    poll = {
        "question": "Best DAG?",
        "options": [{"text": "A"}, {"text": "B"}],
        "settings": {"duration": "THREE_DAYS"},
    }
    urn = created(api, commentary="Vote", content={"poll": poll})
    assert get_post(api, urn).json()["content"] == {"poll": poll}


def test_org_post_with_org_media(api: Api) -> None:
    image = media(api, owner=ORG)
    assert create(api, author=ORG, content={"media": {"id": image}}).status_code == 201
    mine = media(api)
    resp = create(api, author=ORG, content={"media": {"id": mine}})
    assert resp.status_code == 403 and resp.json()["code"] == "ACCESS_DENIED"


def test_media_must_be_available(api: Api, sandbox: Sandbox) -> None:
    waiting = media(api, data=None)
    resp = create(api, content={"media": {"id": waiting}})
    assert resp.status_code == 400 and resp.json()["code"] == "MEDIA_ASSET_WAITING_UPLOAD"
    video = media(api, "video", data=None)
    assert create(api, content={"media": {"id": video}}).json()["code"] == "MEDIA_ASSET_WAITING_UPLOAD"
    sandbox.state.set_media_status(waiting, "PROCESSING")
    assert create(api, content={"media": {"id": waiting}}).json()["code"] == "MEDIA_ASSET_PROCESSING"
    sandbox.state.set_media_status(waiting, "PROCESSING_FAILED", "UNSUPPORTED_FORMAT: test")
    failed = create(api, content={"media": {"id": waiting}})
    assert failed.json()["code"] == "MEDIA_ASSET_PROCESSING_FAILED" and "UNSUPPORTED_FORMAT" in failed.text
    ok = media(api)
    multi = create(api, content={"multiImage": {"images": [{"id": ok}, {"id": waiting}]}})
    assert multi.status_code == 400 and "content/multiImage/images/1/id" in multi.text
    thumb = create(api, content={"article": {"source": "https://a.example", "thumbnail": waiting}})
    assert thumb.status_code == 400 and "content/article/thumbnail" in thumb.text
    sandbox.state.set_media_status(waiting, "AVAILABLE")
    assert create(api, content={"media": {"id": waiting}}).status_code == 201


def test_reshare(api: Api) -> None:
    parent = created(api, commentary="original")
    child = created(api, commentary="", reshareContext={"parent": parent})
    assert get_post(api, child).json()["reshareContext"] == {"parent": parent, "root": parent}
    grandchild = created(api, reshareContext={"parent": child})
    assert get_post(api, grandchild).json()["reshareContext"] == {"parent": child, "root": parent}
    locked = created(api, isReshareDisabledByAuthor=True)
    assert create(api, reshareContext={"parent": locked}).status_code == 400


# -- delete, finder, batch -------------------------------------------------------------------------
def test_delete_is_idempotent(api: Api, sandbox: Sandbox) -> None:
    urn = created(api)
    assert delete_post(api, urn).status_code == 204
    assert delete_post(api, urn).status_code == 204
    assert get_post(api, urn).status_code == 404
    assert sandbox.state.posts_by(ADA) == []
    assert delete_post(api, "urn:li:share:42").status_code == 404
    assert create(api, reshareContext={"parent": urn}).status_code == 400


def test_delete_needs_the_author(api: Api, sandbox: Sandbox) -> None:
    mine = created(api)
    org_post = created(api, author=ORG)
    sandbox.state.authorize_connection(PENDING_CONNECTION_ID)
    assert delete_post(api, mine, headers=AS_GRACE).status_code == 403
    assert delete_post(api, org_post, headers=AS_GRACE).status_code == 403
    assert delete_post(api, org_post).status_code == 204


def test_author_finder_pages_newest_first(api: Api, sandbox: Sandbox) -> None:
    urns = [created(api, commentary=f"post {i}") for i in range(5)]
    created(api, author=ORG)
    delete_post(api, urns[1])
    encoded = quote(ADA, safe="")
    page = api.get(f"/rest/posts?q=author&author={encoded}&count=2&start=0&sortBy=CREATED").json()
    assert [p["id"] for p in page["elements"]] == [urns[4], urns[3]]
    assert page["paging"]["total"] == 4 and page["paging"]["count"] == 2
    rest = api.get(f"/rest/posts?q=author&author={encoded}&count=2&start=2").json()
    assert [p["id"] for p in rest["elements"]] == [urns[2], urns[0]]
    default = api.get(f"/rest/posts?q=author&author={encoded}").json()
    assert default["paging"]["count"] == 10 and len(default["elements"]) == 4
    org = api.get(f"/rest/posts?q=author&author={quote(ORG, safe='')}").json()
    assert [p["author"] for p in org["elements"]] == [ORG]
    assert [p.urn for p in sandbox.state.posts_by(ADA)] == [urns[0], urns[2], urns[3], urns[4]]
    assert api.get(f"/rest/posts?q=author&author={encoded}&count=101").status_code == 400
    assert api.get(f"/rest/posts?q=author&author={encoded}&sortBy=NEWEST").status_code == 400
    assert api.get("/rest/posts?q=author&author=nobody").status_code == 400
    assert api.get(f"/rest/posts?q=author&author={quote(GRACE, safe='')}").status_code == 403
    assert api.get("/rest/posts?q=author&author=urn%3Ali%3Aorganization%3A55555").status_code == 403
    assert api.get("/rest/posts").status_code == 400


def test_batch_get(api: Api) -> None:
    a, b = created(api, commentary="first"), created(api, commentary="second")
    delete_post(api, b)
    missing = "urn:li:share:99"
    ids = ",".join(quote(u, safe="") for u in (a, b, missing))
    resp = api.get(f"/rest/posts?ids=List({ids})", headers={"X-RestLi-Method": "BATCH_GET"}).json()
    assert set(resp["results"]) == {a} and resp["results"][a]["id"] == a
    assert resp["statuses"] == {a: 200, b: 404, missing: 404}
    assert set(resp["errors"]) == {b, missing}


# -- LinkedIn's own duplicate guard ----------------------------------------------------------------
DUPLICATE_MESSAGE = (
    "com.linkedin.content.common.exception.BadRequestResponseException: Content is a duplicate of "
)


def test_a_repeat_of_a_recent_post_gets_422_duplicate_post_naming_the_original(api: Api) -> None:
    first = created(api, commentary="Same words")
    resp = create(api, commentary="Same words")
    assert resp.status_code == 422
    assert resp.json() == {
        "errorDetailType": "com.linkedin.common.error.BadRequest",
        "message": DUPLICATE_MESSAGE + first,
        "errorDetails": {
            "inputErrors": [
                {"description": "Duplicate post is detected", "input": {}, "code": "DUPLICATE_POST"}
            ]
        },
        "status": 422,
    }
    assert "x-restli-id" not in resp.headers
    # other text, or the same text with other content, is not a duplicate
    created(api, commentary="Other words")
    created(api, commentary="Same words", content={"article": {"source": "https://example.com/a"}})


def test_a_deleted_original_is_still_named_and_answers_404(api: Api) -> None:
    ghost = created(api, commentary="Posted, deleted, posted again")
    assert delete_post(api, ghost).status_code == 204
    resp = create(api, commentary="Posted, deleted, posted again")
    assert resp.status_code == 422 and resp.json()["message"].endswith(ghost)
    assert get_post(api, ghost).status_code == 404


def test_the_duplicate_window_and_check_are_set_through_the_control_plane(
    api: Api, sandbox: Sandbox, control: requests.Session
) -> None:
    config = f"{sandbox.base_url}/_sandbox/config"
    created(api, commentary="Windowed")
    time.sleep(0.05)
    resp = control.post(config, json={"duplicate_post_window_seconds": 0.01}, timeout=10)
    assert resp.json()["config"]["duplicate_post_window_seconds"] == 0.01
    created(api, commentary="Windowed")  # the first is outside the window now
    assert control.post(config, json={"duplicate_post_window_seconds": 3600}, timeout=10).ok
    assert create(api, commentary="Windowed").status_code == 422
    assert control.post(config, json={"duplicate_post_check": False}, timeout=10).ok
    created(api, commentary="Windowed")
    for bad in ({"duplicate_post_check": "no"}, {"duplicate_post_window_seconds": -1}):
        assert control.post(config, json=bad, timeout=10).status_code == 400, bad
    sandbox.reset()
    assert sandbox.state.duplicate_post_check is True
    assert sandbox.state.duplicate_post_window_seconds == 86400
