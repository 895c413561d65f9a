"""Creatives (``/rest/adAccounts/{account}/creatives``): Sponsored Content that sponsors an existing post.

Following ``docs/linkedin-creatives.md``: a creative is keyed by its URN
(``urn:li:sponsoredCreative:{n}``), percent-encoded whole in the path (a raw one is refused by the
gateway layer, as LinkedIn does); creates answer 201 with the full URN in ``x-restli-id``; the
``q=criteria`` finder takes top-level ``List(...)`` filters (``campaigns``, ``creatives``,
``contentReferences``, ``intendedStatuses``...) with cursor paging (``pageSize`` at most 100;
``start``/``count`` are ignored, ``q=search`` is 404); BATCH_GET with ``ids=List(urns)``;
PARTIAL_UPDATE of ``intendedStatus``, ``name`` and ``leadgenCallToAction`` only (``campaign`` and
``content`` are fixed); DELETE (with ``X-RestLi-Method: DELETE``) only of a DRAFT creative or one
whose campaign is a DRAFT, else 400. The referenced post must exist and the campaign must belong
to the account; ``account`` in a create body is refused (it is read-only).

Simplification: a new creative is approved at once (``review.status`` APPROVED), so it serves as
soon as it and its campaign are ACTIVE (``isServing``, computed on every read).

Seeded: three creatives in account 507000001: 700000001 (ACTIVE) and 700000002 (PAUSED) in
campaign 610000001, 700000003 (DRAFT) in the DRAFT campaign 610000015.
"""

from __future__ import annotations

import copy
import re
from typing import TYPE_CHECKING, Any

from maton_linkedin_provider.sandbox import urns
from maton_linkedin_provider.sandbox.resources import common
from maton_linkedin_provider.sandbox.resources.ads import (
    SEED_MS,
    account_or_404,
    bad_request,
    check_enum,
    check_known,
    check_status_write,
    check_text,
    check_writable,
    not_found,
    now_ms,
    patched,
    require_partial_update,
    validation_error,
)
from maton_linkedin_provider.sandbox.resources.adspec import CREATIVE
from maton_linkedin_provider.sandbox.resources.paging import cursor_page
from maton_linkedin_provider.sandbox.routing import ApiError, Request, Response, Route

if TYPE_CHECKING:
    from maton_linkedin_provider.sandbox.state import State

Json = dict[str, Any]

_CREATIVE_URN = re.compile(r"urn:li:sponsoredCreative:([0-9]+)")
_CAMPAIGN_URN = re.compile(r"urn:li:sponsoredCampaign:([0-9]+)")
_SEED_AUTHOR = "urn:li:person:sandbox-admin"
#: The post the seeded creatives sponsor (not a live post: creates check their reference).
SEED_POST = "urn:li:share:7100000000000000001"
SEED_CREATIVES = [
    (700000001, 610000001, "ACTIVE", "Always-on 01 - hero post"),
    (700000002, 610000001, "PAUSED", "Always-on 01 - older post"),
    (700000003, 610000015, "DRAFT", "Always-on 15 - draft"),
]


def _urn(cid: int) -> str:
    return f"urn:li:sponsoredCreative:{cid}"


def seed(state: State) -> None:
    state.creatives = {}
    for cid, campaign_id, status, name in SEED_CREATIVES:
        state.creatives[cid] = {
            "id": _urn(cid),
            "account": state.campaigns[campaign_id]["account"],
            "campaign": f"urn:li:sponsoredCampaign:{campaign_id}",
            "content": {"reference": SEED_POST},
            "intendedStatus": status,
            "name": name,
            "review": {"status": "APPROVED"},
            "isTest": False,
            "createdAt": SEED_MS,
            "lastModifiedAt": SEED_MS,
            "createdBy": _SEED_AUTHOR,
            "lastModifiedBy": _SEED_AUTHOR,
        }


# --- reading -------------------------------------------------------------------------------------------


def _key(raw: str) -> int:
    """The number of a creative URN path key (decoded once by the router)."""
    match = _CREATIVE_URN.fullmatch(raw)
    if match is None:
        raise ApiError(
            400, "INVALID_PARAM", f"creative key must be urn:li:sponsoredCreative:{{id}}, got {raw!r}"
        )
    return int(match.group(1))


def _campaign_of(state: State, creative: Json) -> Json | None:
    match = _CAMPAIGN_URN.fullmatch(str(creative.get("campaign")))
    return state.campaigns.get(int(match.group(1))) if match else None


def _view(state: State, creative: Json) -> Json:
    """What a read returns: the creative with its serving state as of now."""
    out = copy.deepcopy(creative)
    campaign = _campaign_of(state, creative) or {}
    holds = []
    if creative["intendedStatus"] != "ACTIVE":
        holds.append("CREATIVE_STOPPED")
    if campaign.get("status") != "ACTIVE":
        holds.append("CAMPAIGN_STOPPED")
    out["isServing"] = not holds
    out["servingHoldReasons"] = holds
    return out


def _in_account(state: State, account: Json, raw: str) -> Json:
    creative = state.creatives.get(_key(raw))
    if creative is None or creative["account"] != f"urn:li:sponsoredAccount:{account['id']}":
        raise not_found("Creative", raw)
    return creative


def _list(params: Json, name: str) -> list[str] | None:
    value = params.get(name)
    if value is None:
        return None
    if not isinstance(value, list):
        raise ApiError(400, "INVALID_PARAM", f"{name} must be List(...)")
    return [str(v) for v in value]


def _batch_get(state: State, account: Json, ids: Any) -> Json:
    if not isinstance(ids, list) or not ids:
        raise ApiError(400, "INVALID_PARAM", "ids must be List(urn:li:sponsoredCreative:...)")
    results: Json = {}
    statuses: Json = {}
    errors: Json = {}
    for raw in ids:
        key = str(raw)
        try:
            results[key] = _view(state, _in_account(state, account, key))
            statuses[key] = 200
        except ApiError as err:
            errors[key] = {"status": err.status, "code": err.code, "message": err.message}
            statuses[key] = err.status
    return {"results": results, "statuses": statuses, "errors": errors}


def find_creatives(req: Request) -> Response:
    """``q=criteria`` (top-level List filters, cursor paging) or BATCH_GET (``ids=List(...)``)."""
    params = req.query_params()
    with req.state.lock:
        account = account_or_404(req.state, req.params["account"])
        if "ids" in params:
            return Response(200, json=_batch_get(req.state, account, params["ids"]))
        if params.get("q") != "criteria":
            raise ApiError(
                404, None, f"No virtual resource found for q={params.get('q')}", service_error_code=None
            )
        unknown = sorted(set(params) - {"q", "pageSize", "pageToken", "start", "count", *CREATIVE.criteria})
        if unknown:
            raise ApiError(400, "INVALID_PARAM", f"unknown parameter {unknown[0]!r} for q=criteria")
        campaigns = _list(params, "campaigns")
        creatives = _list(params, "creatives")
        references = _list(params, "contentReferences")
        statuses = _list(params, "intendedStatuses")
        for status in statuses or []:
            check_enum(status, CREATIVE.statuses, "/intendedStatuses")
        urn = f"urn:li:sponsoredAccount:{account['id']}"
        rows = [
            _view(req.state, c)
            for _, c in sorted(req.state.creatives.items(), reverse=params.get("sortOrder") == "DESCENDING")
            if c["account"] == urn
            and (campaigns is None or c["campaign"] in campaigns)
            and (creatives is None or c["id"] in creatives)
            and (references is None or c["content"]["reference"] in references)
            and (statuses is None or c["intendedStatus"] in statuses)
        ]
    paging = {k: v for k, v in params.items() if k not in ("start", "count")}  # ignored, as LinkedIn does
    return Response(200, json=cursor_page(rows, paging, max_size=100))


def get_creative(req: Request) -> Response:
    with req.state.lock:
        account = account_or_404(req.state, req.params["account"])
        return Response(200, json=_view(req.state, _in_account(req.state, account, req.params["id"])))


# --- writing -------------------------------------------------------------------------------------------


def _check_campaign(state: State, account: Json, value: Any) -> None:
    match = _CAMPAIGN_URN.fullmatch(str(value))
    if match is None:
        raise validation_error("/campaign", f"{value!r} is not a sponsoredCampaign URN")
    campaign = state.campaigns.get(int(match.group(1)))
    if campaign is None or campaign["account"] != f"urn:li:sponsoredAccount:{account['id']}":
        raise bad_request(
            "INVALID_VALUE",
            f"Campaign {match.group(1)} does not exist in account {account['id']}",
            "campaign",
        )


def _check_content(state: State, content: Any) -> None:
    if not isinstance(content, dict) or set(content) != {"reference"}:
        raise validation_error("/content", "the sandbox supports Sponsored Content: {reference: post URN}")
    try:
        urn = str(urns.parse(content["reference"], *urns.POST_TYPES))
    except urns.UrnError as exc:
        raise validation_error("/content/reference", str(exc)) from None
    stored = state.posts.get(urn)
    if stored is None or stored.deleted:
        raise bad_request("INVALID_VALUE", f"Content reference {urn} does not exist", "content/reference")


def _check_creative(creative: Json, before: Json | None) -> None:
    check_status_write(
        CREATIVE, before["intendedStatus"] if before else None, creative["intendedStatus"], "intendedStatus"
    )
    if "name" in creative:
        check_text(creative["name"], "/name", 255)
    if "leadgenCallToAction" in creative and not isinstance(creative["leadgenCallToAction"], dict):
        raise validation_error("/leadgenCallToAction", "is not a record")


def create_creative(req: Request) -> Response:
    body = req.json_object()
    check_known(body, CREATIVE.writable + CREATIVE.create_only)
    for name in CREATIVE.required:
        if name not in body:
            raise bad_request("MISSING_FIELD", f"Field {name} is required", name)
    with req.state.lock:
        account = account_or_404(req.state, req.params["account"])
        _check_campaign(req.state, account, body["campaign"])
        _check_content(req.state, body["content"])
        creative = {"intendedStatus": "DRAFT", **copy.deepcopy(body)}
        _check_creative(creative, None)
        new_id = req.state.next_id("creative", start=CREATIVE.first_id)
        now = now_ms()
        member = f"urn:li:person:{common.acting_member(req)}"
        creative.update(
            id=_urn(new_id),
            account=f"urn:li:sponsoredAccount:{account['id']}",
            review={"status": "APPROVED"},
            isTest=False,
            createdAt=now,
            lastModifiedAt=now,
            createdBy=member,
            lastModifiedBy=member,
        )
        req.state.creatives[new_id] = creative
    return Response(201, headers={"x-restli-id": _urn(new_id)})


def update_creative(req: Request) -> Response:
    require_partial_update(req)
    with req.state.lock:
        account = account_or_404(req.state, req.params["account"])
        creative = _in_account(req.state, account, req.params["id"])
        after, touched = patched(req, creative)
        check_writable(touched, CREATIVE.writable, CREATIVE.create_only)
        _check_creative(after, creative)
        creative.clear()
        creative.update(after, lastModifiedAt=now_ms())
    return Response(204)


def delete_creative(req: Request) -> Response:
    if req.restli_method != "DELETE":
        raise ApiError(400, "INVALID_RESTLI_METHOD", "DELETE on a creative needs X-RestLi-Method: DELETE")
    with req.state.lock:
        account = account_or_404(req.state, req.params["account"])
        creative = _in_account(req.state, account, req.params["id"])
        campaign = _campaign_of(req.state, creative) or {}
        if creative["intendedStatus"] not in CREATIVE.deletable and campaign.get("status") != "DRAFT":
            # The creatives resource answers in the older shape: message and status, no code.
            raise ApiError(
                400,
                None,
                f"Delete is allowed only in draft state (intendedStatus is {creative['intendedStatus']}); "
                "set intendedStatus to PENDING_DELETION or ARCHIVED instead",
                service_error_code=100,
            )
        del req.state.creatives[_key(req.params["id"])]
    return Response(204)


def routes() -> list[Route]:
    base = "/rest/adAccounts/{account}/creatives"
    return [
        Route("GET", base, find_creatives),
        Route("POST", base, create_creative),
        Route("GET", f"{base}/{{id}}", get_creative),
        Route("POST", f"{base}/{{id}}", update_creative),
        Route("DELETE", f"{base}/{{id}}", delete_creative),
    ]
