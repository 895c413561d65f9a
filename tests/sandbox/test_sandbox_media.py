"""Images, documents and videos: initializeUpload, the upload host, finalizeUpload, GET, processing."""

from __future__ import annotations

import http.client
import json
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import quote, urlsplit

import pytest
import requests
from sandbox_client import Api

from maton_linkedin_provider.sandbox import Sandbox
from maton_linkedin_provider.sandbox.state import ADA_MEMBER_ID, PENDING_CONNECTION_ID

ADA = f"urn:li:person:{ADA_MEMBER_ID}"
PART = 4_194_304
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
    + (1200).to_bytes(4, "big")
    + (627).to_bytes(4, "big")
    + b"\x08\x02"
)
PDF = b"%PDF-1.7\n" + b"x" * 2000
MP4_HEAD = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"


def mp4(size: int) -> bytes:
    return MP4_HEAD + bytes(size - len(MP4_HEAD))


def initialize(api: Api, kind: str, owner: str = ADA, **extra: Any) -> requests.Response:
    body = {"initializeUploadRequest": {"owner": owner, **extra}}
    return api.post(f"/rest/{kind}s", params={"action": "initializeUpload"}, json=body)


def put(url: str, data: bytes, **headers: str) -> requests.Response:
    return requests.put(
        url, data=data, headers={"Content-Type": "application/octet-stream", **headers}, timeout=30
    )


def get_media(api: Api, urn: str, **kw: Any) -> requests.Response:
    kind = urn.split(":")[2]
    return api.get(f"/rest/{kind}s/{quote(urn, safe='')}", **kw)


def finalize(api: Api, video: str, token: str, etags: list[str]) -> requests.Response:
    body = {"finalizeUploadRequest": {"video": video, "uploadToken": token, "uploadedPartIds": etags}}
    return api.post("/rest/videos", params={"action": "finalizeUpload"}, json=body)


def wait_status(api: Api, urn: str, wanted: str, timeout: float = 5.0) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        entity: dict[str, Any] = get_media(api, urn).json()
        if entity["status"] == wanted or time.monotonic() > deadline:
            return entity
        time.sleep(0.05)


def raw_put(sb: Sandbox, target: str, data: bytes) -> tuple[int, bytes]:
    """PUT with http.client: the request target goes out exactly as given."""
    conn = http.client.HTTPConnection(urlsplit(sb.upload_base_url).netloc, timeout=10)
    try:
        conn.request("PUT", target, body=data, headers={"Content-Type": "application/octet-stream"})
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


# -- images and documents --------------------------------------------------------------------------
def test_image_initialize_put_get(api: Api, sandbox: Sandbox) -> None:
    resp = initialize(api, "image")
    assert resp.status_code == 200
    value = resp.json()["value"]
    assert set(value) == {"uploadUrlExpiresAt", "uploadUrl", "image"}
    urn = value["image"]
    assert urn.startswith("urn:li:image:C4E10AQ")
    assert value["uploadUrl"].startswith(sandbox.upload_base_url + "/dms-uploads/sp/image/")
    assert (
        "%253D" in value["uploadUrl"]
        and "ca=vector_feedshare&cn=uploads&sync=0&v=beta&ut=" in value["uploadUrl"]
    )
    assert abs(value["uploadUrlExpiresAt"] - (time.time() + 86400) * 1000) < 60_000
    assert get_media(api, urn).json() == {"id": urn, "owner": ADA, "status": "WAITING_UPLOAD"}

    up = put(value["uploadUrl"], PNG + bytes(500))
    assert up.status_code == 201 and up.content == b"" and up.headers["ETag"]
    entity = get_media(api, urn).json()
    assert entity["status"] == "AVAILABLE" and entity["owner"] == ADA
    assert entity["downloadUrl"] and entity["downloadUrlExpiresAt"] > time.time() * 1000
    assert (entity["aspectRatioWidth"], entity["aspectRatioHeight"]) == (1200.0, 627.0)
    assert [r.server for r in sandbox.requests][-2] == "upload"


def test_document_flow_and_batch_get(api: Api) -> None:
    value = initialize(api, "document", owner="urn:li:organization:2414183").json()["value"]
    assert set(value) == {"uploadUrlExpiresAt", "uploadUrl", "document"}
    urn = value["document"]
    assert urn.startswith("urn:li:document:D4D10AQ")
    assert put(value["uploadUrl"], PDF).status_code == 201
    other = initialize(api, "document").json()["value"]["document"]
    unknown = "urn:li:document:D4D10AQnope"
    ids = ",".join(quote(u, safe="") for u in (urn, other, unknown))
    batch = api.get(f"/rest/documents?ids=List({ids})").json()
    assert batch["results"][urn]["status"] == "AVAILABLE"
    assert batch["results"][urn]["owner"] == "urn:li:organization:2414183"
    assert batch["results"][other]["status"] == "WAITING_UPLOAD"
    assert batch["statuses"] == {urn: 200, other: 200, unknown: 404}
    assert set(batch["errors"]) == {unknown} and batch["errors"][unknown]["status"] == 404


def test_ids_are_distinct_and_deterministic(api: Api, sandbox: Sandbox) -> None:
    first = [initialize(api, "image").json()["value"]["image"] for _ in range(3)]
    assert len(set(first)) == 3
    sandbox.reset()
    assert [initialize(api, "image").json()["value"]["image"] for _ in range(3)] == first


@pytest.mark.parametrize("kind", ["image", "document", "video"])
def test_initialize_owner_permissions(api: Api, kind: str) -> None:
    extra = {"fileSizeBytes": 100_000} if kind == "video" else {}
    for owner in (
        ADA,
        "urn:li:organization:2414183",
        "urn:li:organization:1337",
        "urn:li:organization:90002",
    ):
        assert initialize(api, kind, owner=owner, **extra).status_code == 200, owner
    for owner in ("urn:li:person:sAnDbOx02", "urn:li:organization:90001", "urn:li:organization:424242"):
        resp = initialize(api, kind, owner=owner, **extra)
        assert resp.status_code == 403, owner
        assert resp.json() == {
            "message": f"Accessing this {kind} resource is forbidden. Please check your permissions for this resource",
            "status": 403,
        }
    assert initialize(api, kind, owner=None, **extra).status_code == 422
    bad = initialize(api, kind, owner="sAnDbOx01", **extra)
    assert bad.status_code == 422 and "owner" in bad.json()["message"]
    assert initialize(api, kind, owner="urn:li:group:5", **extra).status_code == 422
    assert api.post(f"/rest/{kind}s", params={"action": "initializeUpload"}, json={}).status_code == 422
    assert api.post(f"/rest/{kind}s", params={"action": "explode"}, json={}).status_code == 400


def test_upload_url_must_be_used_byte_for_byte(api: Api, sandbox: Sandbox) -> None:
    url = initialize(api, "image").json()["value"]["uploadUrl"]
    target = url[len(sandbox.upload_base_url) :]
    assert target.endswith("%253D")
    for wrong in (
        target.replace("%253D", "%3D"),
        target.replace("%253D", "%25253D"),
        target.replace("%253D", "="),
    ):
        status, body = raw_put(sandbox, wrong, PNG)
        assert status == 403, wrong
        assert json.loads(body) == {"message": "Signature mismatch", "status": 403}
    # requests leaves the escapes alone, like a client should.
    assert put(url.replace("%253D", "%3D"), PNG).status_code == 403
    assert raw_put(sandbox, target, PNG)[0] == 201


def test_credentials_on_upload_are_refused(api: Api, sandbox: Sandbox) -> None:
    url = initialize(api, "image").json()["value"]["uploadUrl"]
    for name, value in (("Authorization", f"Bearer {sandbox.api_key}"), ("Maton-Connection", "x")):
        resp = put(url, PNG, **{name: value})
        assert resp.status_code == 400
        assert "credentials must not be sent to upload URLs" in resp.json()["message"]
    assert put(url, PNG).status_code == 201


def test_expired_upload_url(api: Api, sandbox: Sandbox) -> None:
    sandbox.state.upload_url_ttl_seconds = -1
    value = initialize(api, "image").json()["value"]
    assert value["uploadUrlExpiresAt"] < time.time() * 1000
    resp = put(value["uploadUrl"], PNG)
    assert resp.status_code == 403 and "expired" in resp.json()["message"]


def test_image_size_and_format(api: Api, sandbox: Sandbox) -> None:
    value = initialize(api, "image").json()["value"]
    assert put(value["uploadUrl"], b"").status_code == 400
    assert get_media(api, value["image"]).json()["status"] == "WAITING_UPLOAD"
    assert put(value["uploadUrl"], b"GIF89a" + bytes(100)).status_code == 201
    assert get_media(api, value["image"]).json()["status"] == "AVAILABLE"
    bad = initialize(api, "image").json()["value"]
    assert put(bad["uploadUrl"], PDF).status_code == 201
    entity = get_media(api, bad["image"]).json()
    assert entity["status"] == "PROCESSING_FAILED"
    assert entity["processingFailureReason"].startswith("UNSUPPORTED_FORMAT")
    assert "downloadUrl" not in entity


def test_reput_replaces_the_part(api: Api) -> None:
    url = initialize(api, "image").json()["value"]["uploadUrl"]
    first = put(url, PNG).headers["ETag"]
    assert put(url, PNG).headers["ETag"] == first
    assert put(url, PNG + b"more").headers["ETag"] != first


def test_get_access_and_not_found(api: Api, sandbox: Sandbox) -> None:
    urn = initialize(api, "image").json()["value"]["image"]
    org_doc = initialize(api, "document", owner="urn:li:organization:2414183").json()["value"]["document"]
    sandbox.state.authorize_connection(PENDING_CONNECTION_ID)  # Grace
    as_grace = {"Maton-Connection": PENDING_CONNECTION_ID}
    assert get_media(api, urn, headers=as_grace).status_code == 403
    assert get_media(api, org_doc, headers=as_grace).status_code == 403
    assert get_media(api, org_doc).status_code == 200
    assert get_media(api, "urn:li:image:C4E10AQunknown").status_code == 404
    assert api.get("/rest/images/not-a-urn").status_code == 400
    assert api.get(f"/rest/videos/{quote(urn, safe='')}").status_code == 400  # an image URN


# -- videos ----------------------------------------------------------------------------------------
def test_video_three_parts_finalize_and_processing(
    api: Api, sandbox: Sandbox, control: requests.Session
) -> None:
    size = 2 * PART + 1_000_000
    data = mp4(size)
    resp = control.post(
        f"{sandbox.base_url}/_sandbox/config", json={"processing_seconds": {"video": 0.4}}, timeout=10
    )
    assert resp.json()["config"]["processing_seconds"]["video"] == 0.4
    value = initialize(api, "video", fileSizeBytes=size, uploadCaptions=False, uploadThumbnail=False).json()[
        "value"
    ]
    assert set(value) == {"uploadUrlsExpireAt", "video", "uploadToken", "uploadInstructions"}
    video, token, parts = value["video"], value["uploadToken"], value["uploadInstructions"]
    assert video.startswith("urn:li:video:C5505AQ") and token
    assert [(p["firstByte"], p["lastByte"]) for p in parts] == [
        (0, PART - 1), (PART, 2 * PART - 1), (2 * PART, size - 1),
    ]  # fmt: skip
    assert len({p["uploadUrl"] for p in parts}) == 3 and all("%253D" in p["uploadUrl"] for p in parts)

    assert put(parts[0]["uploadUrl"], data[:100]).status_code == 400  # wrong part size
    assert put(parts[2]["uploadUrl"], data[PART : 2 * PART]).status_code == 400
    with ThreadPoolExecutor(3) as pool:  # parallel PUTs of one video
        results = list(
            pool.map(lambda p: put(p["uploadUrl"], data[p["firstByte"] : p["lastByte"] + 1]), parts)
        )
    assert [r.status_code for r in results] == [201, 201, 201]
    etags = [r.headers["ETag"] for r in results]
    assert len(set(etags)) == 3
    assert get_media(api, video).json()["status"] == "WAITING_UPLOAD"

    wrong_order = finalize(api, video, token, [etags[1], etags[0], etags[2]])
    assert wrong_order.status_code == 400 and "out of order" in wrong_order.json()["message"]
    short = finalize(api, video, token, etags[:2])
    assert (
        short.status_code == 400 and "missing" in short.json()["message"] and "[2]" in short.json()["message"]
    )
    extra = finalize(api, video, token, [*etags, "/bogus"])
    assert extra.status_code == 400 and "/bogus" in extra.json()["message"]
    assert finalize(api, video, "not-the-token", etags).status_code == 400
    assert get_media(api, video).json()["status"] == "WAITING_UPLOAD"

    done = finalize(api, video, token, etags)
    assert done.status_code == 200 and done.content == b""
    assert finalize(api, video, token, etags).status_code == 200  # idempotent
    assert finalize(api, video, token, etags[::-1]).status_code == 400
    entity = get_media(api, video).json()
    assert entity["status"] == "PROCESSING" and "downloadUrl" not in entity and entity["uploadedAt"] > 0
    assert put(parts[0]["uploadUrl"], data[:PART]).status_code == 400  # sealed after finalize
    entity = wait_status(api, video, "AVAILABLE")
    assert entity["status"] == "AVAILABLE"
    assert entity["duration"] >= 3000 and entity["downloadUrl"]
    assert time.time() * 1000 - entity["uploadedAt"] >= 350


def test_finalize_needs_every_part(api: Api) -> None:
    size = PART + 100_000
    value = initialize(api, "video", fileSizeBytes=size).json()["value"]
    first = value["uploadInstructions"][0]
    etag = put(first["uploadUrl"], mp4(PART)).headers["ETag"]
    resp = finalize(api, value["video"], value["uploadToken"], [etag])
    assert (
        resp.status_code == 400
        and "[1]" in resp.json()["message"]
        and "not uploaded" in resp.json()["message"]
    )
    assert finalize(api, "urn:li:video:C5505AQnope", "", [etag]).status_code == 404
    assert finalize(api, "urn:li:image:C5505AQnope", "", [etag]).status_code == 422


def test_single_part_non_mp4_fails_processing(api: Api, sandbox: Sandbox) -> None:
    sandbox.state.media_processing_seconds["video"] = 0
    value = initialize(api, "video", fileSizeBytes=100_000).json()["value"]
    assert value["uploadToken"] == ""
    (only,) = value["uploadInstructions"]
    assert (only["firstByte"], only["lastByte"]) == (0, 99_999)
    etag = put(only["uploadUrl"], b"RIFF....AVI " + bytes(100_000 - 12)).headers["ETag"]
    assert finalize(api, value["video"], "", [etag]).status_code == 200
    entity = get_media(api, value["video"]).json()
    assert entity["status"] == "PROCESSING_FAILED"
    assert entity["processingFailureReason"].startswith("UNSUPPORTED_FORMAT: not an MP4 file")


@pytest.mark.parametrize(
    ("size", "needle"),
    [
        (None, "required"),
        ("100000", "integer"),
        (True, "integer"),
        (76_799, "outside"),
        (524_288_001, "outside"),
    ],
)
def test_video_file_size_is_checked(api: Api, size: Any, needle: str) -> None:
    extra = {} if size is None else {"fileSizeBytes": size}
    resp = initialize(api, "video", **extra)
    assert resp.status_code == 400 and needle in resp.json()["message"]


def test_video_limits_accepted(api: Api) -> None:
    for size in (76_800, 524_288_000):
        value = initialize(api, "video", fileSizeBytes=size).json()["value"]
        assert value["uploadInstructions"][-1]["lastByte"] == size - 1
    assert len(value["uploadInstructions"]) == 125


def test_captions_and_thumbnail_urls(api: Api) -> None:
    value = initialize(api, "video", fileSizeBytes=100_000, uploadCaptions=True, uploadThumbnail=True).json()[
        "value"
    ]
    assert put(value["captionsUploadUrl"], b"1\n00:00:00,000 --> 00:00:01,000\nhi\n").status_code == 201
    assert put(value["thumbnailUploadUrl"], PNG).status_code == 201
    assert initialize(api, "video", fileSizeBytes=100_000, uploadCaptions="yes").status_code == 422


# -- control ---------------------------------------------------------------------------------------
def test_set_media_status_and_config(api: Api, sandbox: Sandbox, control: requests.Session) -> None:
    value = initialize(api, "image").json()["value"]
    sandbox.state.set_media_status(value["image"], "PROCESSING_FAILED", "SANDBOX: forced")
    entity = get_media(api, value["image"]).json()
    assert (entity["status"], entity["processingFailureReason"]) == ("PROCESSING_FAILED", "SANDBOX: forced")
    sandbox.state.set_media_status(value["image"], "PROCESSING")
    assert get_media(api, value["image"]).json()["status"] == "PROCESSING"
    with pytest.raises(ValueError):
        sandbox.state.set_media_status(value["image"], "DONE")
    with pytest.raises(KeyError):
        sandbox.state.set_media_status("urn:li:image:nope", "AVAILABLE")

    config = f"{sandbox.base_url}/_sandbox/config"
    resp = control.post(
        config,
        json={"processing_seconds": {"video": 3, "image": 0.5}, "upload_url_ttl_seconds": 60},
        timeout=10,
    )
    assert resp.status_code == 200
    assert resp.json()["config"] == {
        "processing_seconds": {"image": 0.5, "document": 0.0, "video": 3.0}, "upload_url_ttl_seconds": 60.0,
        "duplicate_post_check": True, "duplicate_post_window_seconds": 86400.0,
        "latest_version": "202609", "today": sandbox.today.isoformat(),
        "access_token_ttl_seconds": 60 * 86400.0, "refresh_token_ttl_seconds": 365 * 86400.0, "member_quota": None,
    }  # fmt: skip
    assert sandbox.state.media_processing_seconds["video"] == 3.0
    for bad in (
        {"processing_seconds": {"audio": 1}},
        {"processing_seconds": {"video": -1}},
        {"nope": 1},
        [1],
    ):
        assert control.post(config, json=bad, timeout=10).status_code == 400, bad
    assert sandbox.state.media_processing_seconds["video"] == 3.0
    sandbox.reset()
    assert sandbox.state.media_processing_seconds == {"image": 0.0, "document": 0.0, "video": 5.0}
