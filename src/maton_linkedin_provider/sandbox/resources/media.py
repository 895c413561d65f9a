"""Images, documents and videos: ``/rest/{images|documents|videos}``.

``POST ?action=initializeUpload`` hands out pre-signed URLs on the upload port (see ``uploads.py``),
``POST /rest/videos?action=finalizeUpload`` checks the part ETags, ``GET /rest/{kind}/{urn}`` and the
batch ``GET /rest/{kind}?ids=List(..)`` show the asset with its lazily computed status.
:func:`require_postable` is what the posts resource asks before referencing media.
"""

from __future__ import annotations

import copy
import time
from typing import TYPE_CHECKING, Any

from maton_linkedin_provider.sandbox import urns
from maton_linkedin_provider.sandbox.resources import common
from maton_linkedin_provider.sandbox.resources.common import field_error
from maton_linkedin_provider.sandbox.resources.uploads import (
    KINDS,
    MAX_BYTES,
    PART_SIZE,
    SIDECAR_MAX_BYTES,
    VIDEO_MAX_BYTES,
    VIDEO_MIN_BYTES,
    MediaAsset,
    add_slot,
    new_asset_urn,
)
from maton_linkedin_provider.sandbox.routing import ApiError, Request, Response, Route

if TYPE_CHECKING:
    from collections.abc import Callable

    from maton_linkedin_provider.sandbox.state import State

Json = dict[str, Any]

PLURAL = {"image": "images", "document": "documents", "video": "videos"}
DOWNLOAD_TTL_MS = 3600 * 1000
_NOT_READY = {
    "WAITING_UPLOAD": ("MEDIA_ASSET_WAITING_UPLOAD", "is still waiting for its upload"),
    "PROCESSING": ("MEDIA_ASSET_PROCESSING", "is still processing; poll it until AVAILABLE"),
    "PROCESSING_FAILED": ("MEDIA_ASSET_PROCESSING_FAILED", "failed processing"),
}


def forbidden(kind: str) -> ApiError:
    return ApiError(
        403,
        None,
        f"Accessing this {kind} resource is forbidden. Please check your permissions for this resource",
        service_error_code=None,
    )


# -- initializeUpload ------------------------------------------------------------------------------
def _owner(req: Request, init: Json, kind: str) -> str:
    owner = common.urn(init.get("owner"), urns.AUTHOR_TYPES, "initializeUploadRequest/owner")
    if not req.state.can_act_as(common.acting_member(req), owner):
        raise forbidden(kind)
    return owner


def _file_size(init: Json) -> int:
    size = init.get("fileSizeBytes")
    path = "initializeUploadRequest/fileSizeBytes"
    if size is None:
        raise field_error(400, path, "REQUIRED_FIELD_MISSING", "fileSizeBytes is required for a video upload")
    if not isinstance(size, int) or isinstance(size, bool):
        raise field_error(
            400, path, "INVALID_VALUE_FOR_FIELD", f"fileSizeBytes must be an integer, got {size!r}"
        )
    if not VIDEO_MIN_BYTES <= size <= VIDEO_MAX_BYTES:
        raise field_error(
            400,
            path,
            "INVALID_VALUE_FOR_FIELD",
            f"fileSizeBytes {size:,} is outside the allowed video size: "
            f"{VIDEO_MIN_BYTES:,} bytes (75 KB) to {VIDEO_MAX_BYTES:,} bytes (500 MB)",
        )
    return size


def _new_asset(req: Request, kind: str, owner: str, init: Json) -> MediaAsset:
    now = time.time()
    metadata = init.get("mediaLibraryMetadata")
    asset = MediaAsset(
        urn=new_asset_urn(req.state, kind),
        kind=kind,
        owner=owner,
        created_at=now,
        expires_at=now + req.state.upload_url_ttl_seconds,
        metadata=copy.deepcopy(metadata) if isinstance(metadata, dict) else None,
    )
    req.state.media[asset.urn] = asset
    return asset


def initialize(req: Request, kind: str) -> Response:
    init = common.record(req.json_object().get("initializeUploadRequest"), "initializeUploadRequest")
    owner = _owner(req, init, kind)
    if kind == "video":
        return Response(200, json={"value": _initialize_video(req, owner, init)})
    with req.state.lock:
        asset = _new_asset(req, kind, owner, init)
        asset.parts = [None]
        url = add_slot(req.state, req.sandbox.upload_base_url, asset, 0, None, MAX_BYTES[kind])
    value = {"uploadUrlExpiresAt": int(asset.expires_at * 1000), "uploadUrl": url, kind: asset.urn}
    return Response(200, json={"value": value})


def _initialize_video(req: Request, owner: str, init: Json) -> Json:
    kind, base = "video", req.sandbox.upload_base_url
    size = _file_size(init)
    captions = common.boolean(init, "uploadCaptions", "initializeUploadRequest")
    thumbnail = common.boolean(init, "uploadThumbnail", "initializeUploadRequest")
    with req.state.lock:
        asset = _new_asset(req, kind, owner, init)
        asset.file_size = size
        asset.ranges = [(first, min(first + PART_SIZE, size) - 1) for first in range(0, size, PART_SIZE)]
        asset.parts = [None] * len(asset.ranges)
        asset.upload_token = req.state.random_token(16) if len(asset.ranges) > 1 else ""
        instructions = [
            {
                "uploadUrl": add_slot(req.state, base, asset, i, last - first + 1, last - first + 1),
                "firstByte": first,
                "lastByte": last,
            }
            for i, (first, last) in enumerate(asset.ranges)
        ]
        value: Json = {
            "uploadUrlsExpireAt": int(asset.expires_at * 1000),
            "video": asset.urn,
            "uploadToken": asset.upload_token,
            "uploadInstructions": instructions,
        }
        if captions:
            value["captionsUploadUrl"] = add_slot(req.state, base, asset, "captions", None, SIDECAR_MAX_BYTES)
        if thumbnail:
            value["thumbnailUploadUrl"] = add_slot(
                req.state, base, asset, "thumbnail", None, SIDECAR_MAX_BYTES
            )
    return value


# -- finalizeUpload --------------------------------------------------------------------------------
def _check_part_ids(asset: MediaAsset, ids: list[str]) -> None:
    """``uploadedPartIds`` must be the parts' ETags in instruction order; say what is wrong."""

    def bad(message: str) -> ApiError:
        return field_error(400, "finalizeUploadRequest/uploadedPartIds", "INVALID_UPLOADED_PART_IDS", message)

    missing_parts = [i for i, p in enumerate(asset.parts) if p is None]
    if missing_parts:
        raise ApiError(
            400,
            "MEDIA_PARTS_NOT_UPLOADED",
            f"Part(s) {missing_parts} of {len(asset.parts)} of {asset.urn} were not uploaded "
            "(PUT every uploadInstructions URL before finalizing)",
        )
    expected = [p.etag for p in asset.parts if p is not None]
    if ids == expected:
        return
    position = {etag: i for i, etag in enumerate(expected)}
    unknown = [etag for etag in ids if etag not in position]
    if unknown:
        raise bad(f"unknown ETag(s) {unknown}: not returned by this video's part uploads")
    if len(set(ids)) != len(ids):
        raise bad("an ETag is listed more than once")
    absent = [i for i, etag in enumerate(expected) if etag not in ids]
    if absent:
        raise bad(f"missing the ETag(s) of part(s) {absent}: list all {len(expected)} parts")
    order = [position[etag] for etag in ids]
    raise bad(f"ETags out of order: they are those of parts {order}; list them in uploadInstructions order")


def finalize(req: Request) -> Response:
    fin = common.record(req.json_object().get("finalizeUploadRequest"), "finalizeUploadRequest")
    urn = common.urn(fin.get("video"), ("video",), "finalizeUploadRequest/video")
    for name in ("uploadToken", "uploadedPartIds"):
        if fin.get(name) is None:
            raise common.missing(f"finalizeUploadRequest/{name}")
    ids = fin["uploadedPartIds"]
    if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
        raise field_error(
            422,
            "finalizeUploadRequest/uploadedPartIds",
            "INVALID_VALUE_FOR_FIELD",
            "expected an array of strings",
        )
    with req.state.lock:
        asset = req.state.media.get(urn)
        if asset is None:
            raise ApiError(404, "NOT_FOUND", f"Video {urn} not found")
        if not req.state.can_act_as(common.acting_member(req), asset.owner):
            raise forbidden("video")
        if fin["uploadToken"] != asset.upload_token:
            raise field_error(
                400,
                "finalizeUploadRequest/uploadToken",
                "INVALID_UPLOAD_TOKEN",
                "uploadToken does not match the one initializeUpload returned for this video",
            )
        if asset.finalized_ids is not None:
            if ids != asset.finalized_ids:
                raise ApiError(
                    400, "UPLOAD_ALREADY_FINALIZED", f"{urn} was already finalized with other part ids"
                )
            return Response(200)
        _check_part_ids(asset, ids)
        asset.finalized_ids = list(ids)
        asset.start_processing(time.time(), req.state.media_processing_seconds["video"])
    return Response(200)


# -- reading ---------------------------------------------------------------------------------------
def render(asset: MediaAsset, now: float, download_base: str) -> Json:
    """The asset as GET shows it (call with the lock held: settles the status)."""
    status = asset.settle(now)
    entity: Json = {"id": asset.urn, "owner": asset.owner, "status": status}
    if status == "AVAILABLE":
        asset_id = asset.urn.rsplit(":", 1)[1]
        expires = int(now * 1000) + DOWNLOAD_TTL_MS
        entity["downloadUrl"] = f"{download_base}/dms/{asset.kind}/{asset_id}/download?e={expires}&v=beta"
        entity["downloadUrlExpiresAt"] = expires
    if status == "PROCESSING_FAILED":
        entity["processingFailureReason"] = asset.failure_reason
    if asset.kind == "image" and status == "AVAILABLE":
        width, height = asset.dimensions or (1, 1)  # read from PNG/GIF headers; JPEG: unknown, 1:1
        entity["aspectRatioWidth"], entity["aspectRatioHeight"] = float(width), float(height)
    if asset.kind == "video":
        if asset.uploaded_at is not None:
            entity["uploadedAt"] = int(asset.uploaded_at * 1000)
        if status == "AVAILABLE":
            # A fake but stable duration: one second per MB, 3 s .. 30 min.
            entity["duration"] = min(max(asset.size // 1_000_000, 3), 1800) * 1000
            entity["aspectRatioWidth"], entity["aspectRatioHeight"] = 16.0, 9.0
    if asset.metadata is not None:
        entity["mediaLibraryMetadata"] = {**copy.deepcopy(asset.metadata), "mediaLibraryStatus": "ACTIVE"}
    return entity


def _lookup(req: Request, kind: str, raw: str) -> Json:
    """One asset as the acting member may see it. :raises ApiError: 400, 403 or 404."""
    try:
        urn = str(urns.parse(raw, kind))
    except urns.UrnError as exc:
        raise ApiError(400, "INVALID_PARAM", f"Invalid {kind} URN: {exc}") from None
    with req.state.lock:
        asset = req.state.media.get(urn)
        if asset is None:
            raise ApiError(404, "NOT_FOUND", f"{kind.capitalize()} {urn} not found")
        if not req.state.can_act_as(common.acting_member(req), asset.owner):
            raise forbidden(kind)
        return render(asset, time.time(), req.sandbox.upload_base_url)


def get_one(req: Request, kind: str) -> Response:
    return Response(200, json=_lookup(req, kind, req.params["urn"]))


def batch_get(req: Request, kind: str) -> Response:
    ids = req.query_params().get("ids")
    return Response(200, json=common.batch_get(ids, lambda key: _lookup(req, kind, key), kind))


def action(req: Request, kind: str) -> Response:
    name = req.query_params().get("action")
    if name == "initializeUpload":
        return initialize(req, kind)
    if name == "finalizeUpload" and kind == "video":
        return finalize(req)
    allowed = "initializeUpload or finalizeUpload" if kind == "video" else "initializeUpload"
    raise ApiError(400, "INVALID_PARAM", f"POST /rest/{PLURAL[kind]} needs ?action={allowed}, got {name!r}")


# -- for posts -------------------------------------------------------------------------------------
def require_postable(state: State, urn: str, author: str, path: str) -> None:
    """``urn`` may go into a post by ``author``: it exists, the author owns it, it is AVAILABLE.

    :raises ApiError: 400 unknown or not AVAILABLE (``MEDIA_ASSET_*`` codes), 403 someone else's.
    """
    with state.lock:
        asset = state.media.get(urn)
        if asset is None:
            raise field_error(400, path, "MEDIA_ASSET_NOT_FOUND", f"{urn} does not exist")
        if asset.owner != author:
            raise ApiError(
                403,
                "ACCESS_DENIED",
                f"{urn} is owned by {asset.owner}; a post by {author} can only use media the author owns",
                service_error_code=100,
            )
        status = asset.settle(time.time())
        if status != "AVAILABLE":
            code, what = _NOT_READY[status]
            reason = f" ({asset.failure_reason})" if asset.failure_reason else ""
            raise field_error(400, path, code, f"{urn} {what}{reason}")


def _bind(handler: Callable[[Request, str], Response], kind: str) -> Callable[[Request], Response]:
    def bound(req: Request) -> Response:
        return handler(req, kind)

    bound.__name__ = f"{handler.__name__}_{kind}"
    return bound


def routes() -> list[Route]:
    table: list[Route] = []
    for kind in KINDS:
        base = f"/rest/{PLURAL[kind]}"
        table += [
            Route("POST", base, _bind(action, kind)),
            Route("GET", base, _bind(batch_get, kind)),
            Route("GET", base + "/{urn}", _bind(get_one, kind)),
        ]
    return table
