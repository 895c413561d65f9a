"""Organizations and the member's roles on them: ``/rest/organizations``, ``/rest/organizationAcls``,
and their share statistics (``/rest/organizationalEntityShareStatistics``).

Share statistics, as at LinkedIn: the member needs the ADMINISTRATOR role on the organization (else
403); without ``timeIntervals`` one element of lifetime totals; with
``timeIntervals=(timeRange:(start:ms,end:ms),timeGranularityType:DAY|MONTH)`` one element per day or
month. The window must start within the last 12 months and at least 2 days back, else 400
"Invalid timeIntervals parameter". Numbers are generated from (seed, organization, day).
"""

from __future__ import annotations

import copy
import hashlib
import time
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

from maton_linkedin_provider.sandbox.resources.paging import offset_page
from maton_linkedin_provider.sandbox.routing import ApiError, Request, Response, Route
from maton_linkedin_provider.sandbox.state import ADA_MEMBER_ID

if TYPE_CHECKING:
    from maton_linkedin_provider.sandbox.state import State

Json = dict[str, Any]

#: (id, name, vanity name, Ada's role) of the seeded organizations.
SEED_ORGANIZATIONS = [
    (2414183, "Sandbox Labs", "sandbox-labs", "ADMINISTRATOR"),
    (1337, "Acme Corp", "acme", "CONTENT_ADMINISTRATOR"),
    (90001, "Northwind Traders", "northwind", "ANALYST"),
    (90002, "Contoso Data", "contoso-data", "DIRECT_SPONSORED_CONTENT_POSTER"),
    (90003, "Fabrikam Media", "fabrikam", "ADMINISTRATOR"),
]
ROLES = (
    "ADMINISTRATOR",
    "DIRECT_SPONSORED_CONTENT_POSTER",
    "RECRUITING_POSTER",
    "LEAD_CAPTURE_ADMINISTRATOR",
    "LEAD_GEN_FORMS_MANAGER",
    "ANALYST",
    "CURATOR",
    "CONTENT_ADMINISTRATOR",
)
STATES = ("APPROVED", "REJECTED", "REQUESTED", "REVOKED")


def seed(state: State) -> None:
    state.organizations = {}
    state.organization_acls = []
    for org_id, name, vanity, role in SEED_ORGANIZATIONS:
        state.organizations[org_id] = {
            "id": org_id,
            "localizedName": name,
            "name": {"localized": {"en_US": name}, "preferredLocale": {"country": "US", "language": "en"}},
            "vanityName": vanity,
            "localizedWebsite": f"https://{vanity}.example.com",
            "organizationType": "PRIVATELY_HELD",
            "primaryOrganizationType": "NONE",
            "versionTag": "1",
        }
        state.organization_acls.append(
            {
                "roleAssignee": f"urn:li:person:{ADA_MEMBER_ID}",
                "role": role,
                "state": "APPROVED",
                "organization": f"urn:li:organization:{org_id}",
                "organizationTarget": f"urn:li:organization:{org_id}",
            }
        )


def find_acls(req: Request) -> Response:
    params = req.query_params()
    if params.get("q") != "roleAssignee":
        raise ApiError(400, "INVALID_PARAM", "organizationAcls supports q=roleAssignee")
    for name, allowed in (("role", ROLES), ("state", STATES)):
        if name in params and params[name] not in allowed:
            raise ApiError(400, "INVALID_PARAM", f"{name} must be one of {', '.join(allowed)}")
    person = f"urn:li:person:{req.member['id']}" if req.member else None
    with req.state.lock:
        rows = [
            copy.deepcopy(acl)
            for acl in req.state.organization_acls
            if acl["roleAssignee"] == person
            and params.get("role", acl["role"]) == acl["role"]
            and params.get("state", acl["state"]) == acl["state"]
        ]
    return Response(200, json=offset_page(rows, params))


def get_organization(req: Request) -> Response:
    raw = req.params["id"]
    if not raw.isdigit():
        raise ApiError(400, "INVALID_PARAM", f"organization id must be numeric, got {raw!r}")
    with req.state.lock:
        org = req.state.organizations.get(int(raw))
        if org is None:
            raise ApiError(404, "NOT_FOUND", f"Organization {raw} not found")
        return Response(200, json=copy.deepcopy(org))


def find_organizations(req: Request) -> Response:
    params = req.query_params()
    if params.get("q") != "vanityName" or not isinstance(params.get("vanityName"), str):
        raise ApiError(400, "INVALID_PARAM", "organizations supports q=vanityName&vanityName=...")
    with req.state.lock:
        rows = [
            copy.deepcopy(o)
            for o in req.state.organizations.values()
            if o["vanityName"] == params["vanityName"]
        ]
    return Response(200, json={"elements": rows, "paging": {"start": 0, "count": len(rows), "links": []}})


# -- share statistics ------------------------------------------------------------------------------

SHARE_METRICS = (
    "clickCount",
    "commentCount",
    "commentMentionsCount",
    "engagement",
    "impressionCount",
    "likeCount",
    "shareCount",
    "shareMentionsCount",
    "uniqueImpressionsCount",
)
#: The window's start must lie between these ages (LinkedIn: within 12 months, at least 2 days back).
SHARE_MIN_AGE_MS = 2 * 86_400_000
SHARE_MAX_AGE_MS = 366 * 86_400_000
_DAY_MS = 86_400_000
INVALID_INTERVALS = "Invalid timeIntervals parameter"


def _day_statistics(seed: int, org_id: int, day_ms: int) -> dict[str, int]:
    h = int.from_bytes(hashlib.blake2b(f"{seed}:{org_id}:{day_ms}".encode(), digest_size=8).digest(), "big")
    impressions = 200 + h % 3000
    clicks, likes, comments, shares = (h >> 12) % 90, (h >> 20) % 60, (h >> 28) % 15, (h >> 36) % 10
    return {
        "clickCount": clicks,
        "commentCount": comments,
        "commentMentionsCount": (h >> 44) % 3,
        "likeCount": likes,
        "shareCount": shares,
        "shareMentionsCount": (h >> 48) % 2,
        "impressionCount": impressions,
        "uniqueImpressionsCount": impressions * 7 // 10,
        "engagement": 0,
    }


def _totals(seed: int, org_id: int, start_ms: int, end_ms: int) -> Json:
    sums = dict.fromkeys(SHARE_METRICS, 0)
    day = start_ms - start_ms % _DAY_MS
    while day < end_ms:
        for key, value in _day_statistics(seed, org_id, day).items():
            sums[key] += value
        day += _DAY_MS
    interactions = sums["clickCount"] + sums["likeCount"] + sums["commentCount"] + sums["shareCount"]
    result: Json = dict(sums)
    result["engagement"] = (
        round(interactions / sums["impressionCount"], 6) if sums["impressionCount"] else 0.0
    )
    return result


def _ms_param(value: Any, name: str) -> int:
    if not isinstance(value, str) or not value.isdigit():
        raise ApiError(400, "INVALID_PARAM", f"{INVALID_INTERVALS}: {name} must be epoch milliseconds")
    return int(value)


def _windows(start_ms: int, end_ms: int, granularity: str) -> list[tuple[int, int]]:
    windows = []
    cursor = start_ms
    while cursor < end_ms:
        if granularity == "DAY":
            nxt = cursor + _DAY_MS
        else:
            moment = datetime.fromtimestamp(cursor / 1000, tz=timezone.utc)
            first_next = (moment.replace(day=1) + timedelta(days=32)).replace(
                day=1, hour=0, minute=0, second=0
            )
            nxt = int(first_next.timestamp() * 1000)
        windows.append((cursor, min(nxt, end_ms)))
        cursor = nxt
    return windows


def share_statistics(req: Request) -> Response:
    params = req.query_params()
    if params.get("q") != "organizationalEntity" or not isinstance(params.get("organizationalEntity"), str):
        raise ApiError(
            400, "INVALID_PARAM", "use q=organizationalEntity&organizationalEntity=urn:li:organization:{id}"
        )
    urn = params["organizationalEntity"]
    org_id = urn.removeprefix("urn:li:organization:")
    if not urn.startswith("urn:li:organization:") or not org_id.isdigit():
        raise ApiError(400, "INVALID_PARAM", f"organizationalEntity {urn!r} is not an organization URN")
    person = f"urn:li:person:{req.member['id']}" if req.member else None
    with req.state.lock:
        if int(org_id) not in req.state.organizations:
            raise ApiError(404, "NOT_FOUND", f"Organization {org_id} not found")
        admin = any(
            acl["roleAssignee"] == person
            and acl["organization"] == urn
            and acl["role"] == "ADMINISTRATOR"
            and acl["state"] == "APPROVED"
            for acl in req.state.organization_acls
        )
    if not admin:
        raise ApiError(
            403,
            "ACCESS_DENIED",
            f"Not enough permissions: ADMINISTRATOR role on {urn} required",
            service_error_code=100,
        )
    seed_ = req.state.seed
    intervals = params.get("timeIntervals")
    if intervals is None:
        now_day = int(time.time() * 1000) // _DAY_MS * _DAY_MS
        element = {
            "organizationalEntity": urn,
            "totalShareStatistics": _totals(seed_, int(org_id), now_day - 365 * _DAY_MS, now_day),
        }
        return Response(200, json={"elements": [element], "paging": {"start": 0, "count": 1, "links": []}})
    time_range = intervals.get("timeRange") if isinstance(intervals, dict) else None
    granularity = intervals.get("timeGranularityType") if isinstance(intervals, dict) else None
    if (
        not isinstance(time_range, dict)
        or set(time_range) - {"start", "end"}
        or granularity not in ("DAY", "MONTH")
    ):
        raise ApiError(
            400,
            "INVALID_PARAM",
            f"{INVALID_INTERVALS}: expected (timeRange:(start:ms,end:ms),timeGranularityType:DAY|MONTH)",
        )
    now = int(time.time() * 1000)
    start = _ms_param(time_range.get("start"), "timeRange.start")
    end = _ms_param(time_range["end"], "timeRange.end") if "end" in time_range else now
    if end <= start or start > now - SHARE_MIN_AGE_MS or start < now - SHARE_MAX_AGE_MS:
        raise ApiError(400, "INVALID_PARAM", INVALID_INTERVALS, service_error_code=100)
    elements = [
        {
            "organizationalEntity": urn,
            "timeRange": {"start": first, "end": last},
            "totalShareStatistics": _totals(seed_, int(org_id), first, last),
        }
        for first, last in _windows(start, end, granularity)
    ]
    return Response(
        200, json={"elements": elements, "paging": {"start": 0, "count": len(elements), "links": []}}
    )


def routes() -> list[Route]:
    return [
        Route("GET", "/rest/organizationAcls", find_acls),
        Route("GET", "/rest/organizations", find_organizations),
        Route("GET", "/rest/organizations/{id}", get_organization),
        Route("GET", "/rest/organizationalEntityShareStatistics", share_statistics),
    ]
