"""Ad accounts (``/rest/adAccounts``): seeded accounts and the cursor-paged search finder.

Campaign groups and campaigns come with the advertising work; this module holds the accounts.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from maton_linkedin_provider.sandbox.resources.paging import cursor_page
from maton_linkedin_provider.sandbox.routing import ApiError, Request, Response, Route

if TYPE_CHECKING:
    from maton_linkedin_provider.sandbox.state import State

Json = dict[str, Any]

ACCOUNT_STATUSES = ("ACTIVE", "CANCELED", "DRAFT", "PENDING_DELETION", "REMOVED")
SEED_ACCOUNTS = [
    (507000001, "Sandbox Labs - Brand", "USD", "ACTIVE", 2414183),
    (507000002, "Sandbox Labs - Hiring", "USD", "ACTIVE", 2414183),
    (507000003, "Acme EU", "EUR", "ACTIVE", 1337),
    (507000004, "Acme Archive", "EUR", "CANCELED", 1337),
    (507000005, "Fabrikam Test", "GBP", "DRAFT", 90003),
]


def seed(state: State) -> None:
    state.ad_accounts = {}
    for account_id, name, currency, status, org in SEED_ACCOUNTS:
        state.ad_accounts[account_id] = {
            "id": account_id,
            "name": name,
            "currency": currency,
            "status": status,
            "type": "BUSINESS",
            "reference": f"urn:li:organization:{org}",
            "test": False,
            "servingStatuses": ["RUNNABLE"] if status == "ACTIVE" else ["STOPPED"],
            "version": {"versionTag": "1"},
        }


def _values(search: Json, name: str) -> list[str] | None:
    facet = search.get(name)
    if facet is None:
        return None
    if not isinstance(facet, dict) or not isinstance(facet.get("values"), list):
        raise ApiError(400, "INVALID_PARAM", f"search.{name} must be ({name}:(values:List(...)))")
    return [str(v) for v in facet["values"]]


def search_accounts(req: Request) -> Response:
    params = req.query_params()
    if params.get("q") != "search":
        raise ApiError(400, "INVALID_PARAM", "adAccounts supports q=search")
    search = params.get("search") or {}
    if not isinstance(search, dict):
        raise ApiError(
            400, "INVALID_PARAM", "search must be a Rest.li record, e.g. (status:(values:List(ACTIVE)))"
        )
    statuses = _values(search, "status")
    for status in statuses or []:
        if status not in ACCOUNT_STATUSES:
            raise ApiError(400, "INVALID_PARAM", f"{status!r} is not an account status")
    with req.state.lock:
        rows = [
            copy.deepcopy(a)
            for a in sorted(req.state.ad_accounts.values(), key=lambda a: a["id"])
            if statuses is None or a["status"] in statuses
        ]
    return Response(200, json=cursor_page(rows, params))


def get_account(req: Request) -> Response:
    raw = req.params["id"]
    if not raw.isdigit():
        raise ApiError(400, "INVALID_PARAM", f"ad account id must be numeric, got {raw!r}")
    with req.state.lock:
        account = req.state.ad_accounts.get(int(raw))
        if account is None:
            raise ApiError(404, "NOT_FOUND", f"Ad account {raw} not found")
        return Response(200, json=copy.deepcopy(account))


def routes() -> list[Route]:
    return [
        Route("GET", "/rest/adAccounts", search_accounts),
        Route("GET", "/rest/adAccounts/{id}", get_account),
    ]
