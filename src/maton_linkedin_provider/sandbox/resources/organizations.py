"""Organizations and the member's roles on them: ``/rest/organizations``, ``/rest/organizationAcls``."""

from __future__ import annotations

import copy
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


def routes() -> list[Route]:
    return [
        Route("GET", "/rest/organizationAcls", find_acls),
        Route("GET", "/rest/organizations", find_organizations),
        Route("GET", "/rest/organizations/{id}", get_organization),
    ]
