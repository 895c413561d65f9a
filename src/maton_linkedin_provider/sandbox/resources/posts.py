"""Posts: ``POST /rest/posts``, ``GET|DELETE /rest/posts/{urn}``, ``GET /rest/posts?q=author`` and
``GET /rest/posts?ids=List(..)``.

Validation follows LinkedIn (schema problems 422, rule violations 400, permissions 403). The
commentary goes through the sandbox's own Little Text reader: an unescaped reserved character does
not fail the call, the stored text is silently cut there (``StoredPost.sent`` keeps what was sent).
"""

from __future__ import annotations

import copy
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from maton_linkedin_provider.sandbox import littletext, urns
from maton_linkedin_provider.sandbox.resources import common
from maton_linkedin_provider.sandbox.resources.common import access_denied, field_error
from maton_linkedin_provider.sandbox.resources.media import require_postable
from maton_linkedin_provider.sandbox.resources.paging import offset_page
from maton_linkedin_provider.sandbox.routing import ApiError, Request, Response, Route
from maton_linkedin_provider.sandbox.state import POSTING_ROLES

if TYPE_CHECKING:
    from maton_linkedin_provider.sandbox.state import State

Json = dict[str, Any]

MAX_COMMENTARY = 3000
POST_ID_START = 7_400_000_000_000_000_001
VISIBILITIES = ("PUBLIC", "CONNECTIONS", "LOGGED_IN", "CONTAINER")
FEED_DISTRIBUTIONS = ("MAIN_FEED", "NONE")
LIFECYCLE_STATES = ("DRAFT", "PUBLISHED", "PUBLISH_REQUESTED", "PUBLISH_FAILED")
POLL_DURATIONS = ("ONE_DAY", "THREE_DAYS", "SEVEN_DAYS", "FOURTEEN_DAYS")
SORT_BY = ("LAST_MODIFIED", "CREATED")
TOP_FIELDS = frozenset(
    {
        "author",
        "commentary",
        "visibility",
        "distribution",
        "lifecycleState",
        "isReshareDisabledByAuthor",
        "content",
        "contentLandingPage",
        "contentCallToActionLabel",
        "container",
        "reshareContext",
        "adContext",
    }
)
DISTRIBUTION_FIELDS = frozenset({"feedDistribution", "targetEntities", "thirdPartyDistributionChannels"})
CONTENT_FIELDS = {
    "article": frozenset({"source", "title", "description", "thumbnail", "thumbnailAltText"}),
    "media": frozenset({"id", "title", "altText"}),
    "multiImage": frozenset({"images"}),
    "poll": frozenset({"question", "options", "settings"}),
}
UNSUPPORTED_CONTENT = frozenset({"carousel", "celebration", "reference"})


@dataclass
class StoredPost:
    """A created post: ``sent`` is the request body as received, ``entity`` what GET returns."""

    urn: str
    author: str
    sent: Json
    entity: Json
    seq: int
    deleted: bool = False


class ExactError(ApiError):
    """An error whose body is given verbatim (LinkedIn's observed bodies, key order included)."""

    def __init__(self, status: int, body: Json) -> None:
        super().__init__(status, None, str(body.get("message", "")))
        self._exact = body

    def body(self) -> Json:
        return copy.deepcopy(self._exact)


def too_long(length: int) -> ExactError:
    return ExactError(
        400,
        {
            "errorDetailType": "com.linkedin.common.error.BadRequest",
            "message": "com.linkedin.content.common.exception.BadRequestResponseException: "
            f"ShareCommentary text length ({length} characters) exceeded the maximum allowed "
            f"({MAX_COMMENTARY} characters)",
            "errorDetails": {
                "inputErrors": [
                    {
                        "description": "Size of array cannot be higher than the maxLength",
                        "input": {"inputPath": {"fieldPath": "commentary"}},
                        "code": "FIELD_ARRAY_SIZE_TOO_HIGH",
                        "maxLength": MAX_COMMENTARY,
                    }
                ]
            },
            "status": 400,
        },
    )


def duplicate_post(existing: str) -> ExactError:
    """LinkedIn's answer to a repeat of a recent post (observed body, key order included)."""
    return ExactError(
        422,
        {
            "errorDetailType": "com.linkedin.common.error.BadRequest",
            "message": "com.linkedin.content.common.exception.BadRequestResponseException: "
            f"Content is a duplicate of {existing}",
            "errorDetails": {
                "inputErrors": [
                    {"description": "Duplicate post is detected", "input": {}, "code": "DUPLICATE_POST"}
                ]
            },
            "status": 422,
        },
    )


def _same_content(stored: StoredPost, body: Json) -> bool:
    """Does ``body`` repeat ``stored``: the commentary as sent, the content and the reshare parent."""
    sent = stored.sent
    return (
        (sent.get("commentary") or "") == (body.get("commentary") or "")
        and sent.get("content") == body.get("content")
        and (sent.get("reshareContext") or {}).get("parent")
        == (body.get("reshareContext") or {}).get("parent")
    )


def _duplicate_of(state: State, author: str, body: Json, now_ms: int) -> str | None:
    """The URN of the post a create would repeat, or None (call with ``state.lock`` held).

    Deleted posts count too: LinkedIn has been seen naming a deleted post (which then answers 404,
    a "ghost") when the same content is posted again.
    """
    if not state.duplicate_post_check:
        return None
    oldest = now_ms - state.duplicate_post_window_seconds * 1000
    for stored in state.posts.values():
        if stored.author == author and stored.entity["createdAt"] >= oldest and _same_content(stored, body):
            return stored.urn
    return None


# -- the parts of a create -------------------------------------------------------------------------
def _author(req: Request, body: Json) -> str:
    if body.get("author") is None:
        raise common.missing("author")
    try:
        author = str(urns.parse(body["author"]))
        urns.parse(author, *urns.AUTHOR_TYPES)
    except urns.UrnError as exc:
        raise field_error(
            422, "author", "INVALID_VALUE_FOR_FIELD", f"{exc}; Allowed URN types are organization, person"
        ) from None
    me = common.acting_member(req)
    if req.state.can_act_as(me, author):
        return author
    parsed = urns.parse(author)
    if parsed.type == urns.PERSON:
        raise access_denied(
            f"Not enough permissions to post as {author}: w_member_social lets member "
            f"{urns.person(me)} post only as itself"
        )
    roles = sorted(req.state.organization_roles(me, parsed.id)) or ["none"]
    raise access_denied(
        f"Not enough permissions to post as {author}: w_organization_social needs one of the roles "
        f"{', '.join(sorted(POSTING_ROLES))} on the organization "
        f"(member {urns.person(me)} has: {', '.join(roles)})"
    )


def _commentary(body: Json) -> str:
    text = common.string(body, "commentary", "")
    if text is None:
        return ""
    if len(text) > MAX_COMMENTARY:
        raise too_long(len(text))
    return littletext.stored_commentary(text)


def _distribution(body: Json) -> Json:
    dist = common.record(body.get("distribution"), "distribution")
    common.no_unknown(dist, DISTRIBUTION_FIELDS, "distribution")
    common.enum(dist, "feedDistribution", FEED_DISTRIBUTIONS, "distribution")
    for key in ("targetEntities", "thirdPartyDistributionChannels"):
        if not isinstance(dist.get(key, []), list):
            raise field_error(422, f"distribution/{key}", "INVALID_VALUE_FOR_FIELD", "expected an array")
    return {"targetEntities": [], "thirdPartyDistributionChannels": [], **copy.deepcopy(dist)}


def _article(state: State, rec: Json, author: str) -> None:
    path = "content/article"
    source = common.string(rec, "source", path, required=True) or ""
    parts = urlsplit(source)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise field_error(400, f"{path}/source", "INVALID_URL", f"{source!r} is not an http(s) URL")
    for key in ("title", "description", "thumbnailAltText"):
        common.string(rec, key, path)
    if rec.get("thumbnail") is not None:
        thumb = common.urn(rec["thumbnail"], ("image",), f"{path}/thumbnail")
        require_postable(state, thumb, author, f"{path}/thumbnail")


def _media(state: State, rec: Json, author: str) -> None:
    path = "content/media"
    urn = common.urn(rec.get("id"), urns.MEDIA_TYPES, f"{path}/id")
    common.string(rec, "title", path)
    common.string(rec, "altText", path)
    require_postable(state, urn, author, f"{path}/id")


def _multi_image(state: State, rec: Json, author: str) -> None:
    images = common.array(rec, "images", "content/multiImage", 2, 20)
    for i, image in enumerate(images):
        path = f"content/multiImage/images/{i}"
        image = common.record(image, path)
        common.no_unknown(image, frozenset({"id", "altText"}), path)
        urn = common.urn(image.get("id"), ("image",), f"{path}/id")
        common.string(image, "altText", path)
        require_postable(state, urn, author, f"{path}/id")


def _poll(state: State, rec: Json, author: str) -> None:
    path = "content/poll"
    common.string(rec, "question", path, required=True)
    for i, option in enumerate(common.array(rec, "options", path, 2, 4)):
        common.string(
            common.record(option, f"{path}/options/{i}"), "text", f"{path}/options/{i}", required=True
        )
    settings = common.record(rec.get("settings"), f"{path}/settings")
    common.enum(settings, "duration", POLL_DURATIONS, f"{path}/settings")
    if "voteSelectionType" in settings:
        common.enum(settings, "voteSelectionType", ("SINGLE_VOTE",), f"{path}/settings")


_CONTENT_CHECKS = {"article": _article, "media": _media, "multiImage": _multi_image, "poll": _poll}


def _content(state: State, body: Json, author: str) -> tuple[Json | None, str]:
    """The validated content (a copy) and the URN type of the post (``share`` or ``ugcPost``)."""
    if body.get("content") is None:
        return None, "share"
    content = common.record(body["content"], "content")
    for key in content:
        if key in UNSUPPORTED_CONTENT:
            raise field_error(400, f"content/{key}", "UNSUPPORTED_CONTENT", f"{key} content is not supported")
    common.no_unknown(content, frozenset(CONTENT_FIELDS), "content")
    if len(content) != 1:
        raise field_error(
            400,
            "content",
            "INVALID_CONTENT",
            "content must hold exactly one of article, media, multiImage, poll",
        )
    kind, rec = next(iter(content.items()))
    rec = common.record(rec, f"content/{kind}")
    common.no_unknown(rec, CONTENT_FIELDS[kind], f"content/{kind}")
    _CONTENT_CHECKS[kind](state, rec, author)
    post_type = "share"
    if kind == "media" and urns.parse(rec["id"]).type in ("video", "document"):
        post_type = "ugcPost"
    return {kind: copy.deepcopy(rec)}, post_type


def _reshare(state: State, body: Json) -> Json | None:
    if body.get("reshareContext") is None:
        return None
    ctx = common.record(body["reshareContext"], "reshareContext")
    parent = common.urn(ctx.get("parent"), urns.POST_TYPES, "reshareContext/parent")
    with state.lock:
        stored = state.posts.get(parent)
        if stored is None or stored.deleted:
            raise field_error(
                400, "reshareContext/parent", "INVALID_RESHARE_PARENT", f"post {parent} does not exist"
            )
        if stored.entity.get("isReshareDisabledByAuthor"):
            raise field_error(
                400, "reshareContext/parent", "RESHARE_DISABLED", f"{parent} cannot be reshared"
            )
        root = stored.entity.get("reshareContext", {}).get("root", parent)
    return {"parent": parent, "root": root}


def create_post(req: Request) -> Response:
    body = req.json_object()
    common.no_unknown(body, TOP_FIELDS, "")
    author = _author(req, body)
    commentary = _commentary(body)
    visibility = common.enum(body, "visibility", VISIBILITIES, "")
    distribution = _distribution(body)
    if common.enum(body, "lifecycleState", LIFECYCLE_STATES, "") != "PUBLISHED":
        raise field_error(
            400, "lifecycleState", "INVALID_VALUE_FOR_FIELD", "only PUBLISHED is accepted on create"
        )
    if visibility == "CONTAINER" and body.get("container") is None:
        raise field_error(
            400, "container", "REQUIRED_FIELD_MISSING", "visibility CONTAINER needs a container"
        )
    reshare_disabled = common.boolean(body, "isReshareDisabledByAuthor", "")
    content, post_type = _content(req.state, body, author)
    reshare = _reshare(req.state, body)
    now = int(time.time() * 1000)
    with req.state.lock:
        existing = _duplicate_of(req.state, author, body, now)
        if existing is not None:
            raise duplicate_post(existing)
        seq = req.state.next_id("post", POST_ID_START)
        urn = f"urn:li:{post_type}:{seq}"
        entity: Json = {
            "id": urn,
            "author": author,
            "commentary": commentary,
            "visibility": visibility,
            "distribution": distribution,
            "lifecycleState": "PUBLISHED",
            "isReshareDisabledByAuthor": reshare_disabled,
            "createdAt": now,
            "lastModifiedAt": now,
            "publishedAt": now,
            "lifecycleStateInfo": {"isEditedByAuthor": False},
        }
        if content is not None:
            entity["content"] = content
        if reshare is not None:
            entity["reshareContext"] = reshare
        for key in ("contentLandingPage", "contentCallToActionLabel", "container", "adContext"):
            if key in body:
                entity[key] = copy.deepcopy(body[key])
        req.state.posts[urn] = StoredPost(urn, author, copy.deepcopy(body), entity, seq)
    return Response(201, headers={"x-restli-id": urn})


# -- reading and deleting --------------------------------------------------------------------------
def _post_urn(raw: str) -> str:
    try:
        return str(urns.parse(raw, *urns.POST_TYPES))
    except urns.UrnError as exc:
        raise ApiError(400, "INVALID_PARAM", f"Invalid post URN: {exc}") from None


def _live(state: State, raw: str) -> Json:
    urn = _post_urn(raw)
    with state.lock:
        stored = state.posts.get(urn)
        if stored is None or stored.deleted:
            raise ApiError(404, "NOT_FOUND", f"Post {urn} not found")
        return copy.deepcopy(stored.entity)


def get_post(req: Request) -> Response:
    return Response(200, json=_live(req.state, req.params["urn"]))


def delete_post(req: Request) -> Response:
    urn = _post_urn(req.params["urn"])
    with req.state.lock:
        stored = req.state.posts.get(urn)
        if stored is None:
            raise ApiError(404, "NOT_FOUND", f"Post {urn} not found")
        if not req.state.can_act_as(common.acting_member(req), stored.author):
            raise access_denied(f"Not enough permissions to delete {urn} (author {stored.author})")
        if not stored.deleted:
            stored.deleted = True
            stored.entity["lastModifiedAt"] = int(time.time() * 1000)
    return Response(204)


def _find_by_author(req: Request, params: Json) -> Response:
    try:
        author = str(urns.parse(params.get("author"), *urns.AUTHOR_TYPES))
    except urns.UrnError as exc:
        raise ApiError(400, "INVALID_PARAM", f"author must be a person or organization URN: {exc}") from None
    sort_by = params.get("sortBy", "LAST_MODIFIED")
    if sort_by not in SORT_BY:
        raise ApiError(400, "INVALID_PARAM", f"sortBy must be one of {', '.join(SORT_BY)}")
    me = common.acting_member(req)
    parsed = urns.parse(author)
    if parsed.type == urns.PERSON and parsed.id != me:
        raise access_denied(f"Not enough permissions to read the posts of {author} (r_member_social)")
    if parsed.type == urns.ORGANIZATION and not req.state.organization_roles(me, parsed.id):
        raise access_denied(f"Not enough permissions to read the posts of {author} (r_organization_social)")
    key = "createdAt" if sort_by == "CREATED" else "lastModifiedAt"
    with req.state.lock:
        posts = sorted(req.state.posts_by(author), key=lambda p: (p.entity[key], p.seq), reverse=True)
        rows = [copy.deepcopy(p.entity) for p in posts]
    return Response(200, json=offset_page(rows, params))


def _batch_get(req: Request, ids: Any) -> Response:
    return Response(200, json=common.batch_get(ids, lambda key: _live(req.state, key), "post"))


def find_posts(req: Request) -> Response:
    params = req.query_params()
    if "ids" in params:
        return _batch_get(req, params["ids"])
    if params.get("q") != "author":
        raise ApiError(400, "INVALID_PARAM", "GET /rest/posts needs q=author&author=<URN> or ids=List(...)")
    return _find_by_author(req, params)


def routes() -> list[Route]:
    return [
        Route("POST", "/rest/posts", create_post),
        Route("GET", "/rest/posts", find_posts),
        Route("GET", "/rest/posts/{urn}", get_post),
        Route("DELETE", "/rest/posts/{urn}", delete_post),
    ]
