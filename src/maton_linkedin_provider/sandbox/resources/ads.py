"""Ad accounts (``/rest/adAccounts``), and the write rules shared with the other ad objects.

Accounts: the cursor-paged search finder, get, create (201 + ``x-restli-id``), PARTIAL_UPDATE (204)
and DELETE (DRAFT accounts only). The helpers below (Rest.li patch bodies, enum and money checks,
status transitions, LinkedIn's error shapes) are used by :mod:`.campaigns` and :mod:`.creatives`
too; each kind's statuses, transitions and fields are its row in :mod:`.adspec`. Like the rest of the
sandbox, nothing here imports the client: the rules are written down a second time on purpose.
"""

from __future__ import annotations

import copy
import json
import re
import time
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from maton_linkedin_provider.sandbox.resources.adspec import ACCOUNT, READ_ONLY, SYSTEM_STATUSES, AdKind
from maton_linkedin_provider.sandbox.resources.paging import cursor_page
from maton_linkedin_provider.sandbox.routing import ApiError, Request, Response, Route

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from maton_linkedin_provider.sandbox.state import State

Json = dict[str, Any]

ACCOUNT_TYPES = ("BUSINESS", "ENTERPRISE")
CURRENCIES = ("USD", "EUR", "GBP", "CAD", "AUD", "CHF", "JPY", "INR", "BRL", "SEK", "NOK", "DKK", "SGD")
SEED_ACCOUNTS = [
    (507000001, "Sandbox Labs - Brand", "USD", "ACTIVE", 2414183),
    (507000002, "Sandbox Labs - Hiring", "USD", "ACTIVE", 2414183),
    (507000003, "Acme EU", "EUR", "ACTIVE", 1337),
    (507000004, "Acme Archive", "EUR", "CANCELED", 1337),
    (507000005, "Fabrikam Test", "GBP", "DRAFT", 90003),
]
#: 2026-01-01T00:00:00Z: creation time of the seeded objects.
SEED_MS = 1767225600000
_DIGITS = re.compile(r"[0-9]+")
_ORG_URN = re.compile(r"urn:li:organization:[0-9]+")


# --- LinkedIn's error shapes ---------------------------------------------------------------------------


def bad_request(code: str, message: str, field: str | None = None) -> ApiError:
    """The newer ads error shape: ``code``, ``errorDetailType`` and ``errorDetails.inputErrors``."""
    details: Json = {"errorDetailType": "com.linkedin.common.error.BadRequest"}
    if field is not None:
        details["errorDetails"] = {
            "inputErrors": [
                {"description": message, "input": {"inputPath": {"fieldPath": field}}, "code": code}
            ]
        }
    return ApiError(400, code, message, service_error_code=100, details=details)


def validation_error(path: str, text: str) -> ApiError:
    """Rest.li data validation: 422 ``ERROR :: /objectiveType :: "X" is not an enum symbol``."""
    return ApiError(422, None, f"ERROR :: {path} :: {text}\n", service_error_code=None)


def not_found(what: str, key: Any) -> ApiError:
    return ApiError(404, "NOT_FOUND", f"{what} {key} does not exist", service_error_code=100)


def numeric_key(raw: str, what: str) -> int:
    if not _DIGITS.fullmatch(raw):
        raise ApiError(400, "INVALID_PARAM", f"{what} id must be numeric, got {raw!r}")
    return int(raw)


def now_ms() -> int:
    return int(time.time() * 1000)


def audit(created: int) -> Json:
    return {"created": {"time": created}, "lastModified": {"time": created}}


# --- field checks --------------------------------------------------------------------------------------


def check_enum(value: Any, allowed: Iterable[str], path: str) -> str:
    if not isinstance(value, str):
        raise validation_error(path, f"{json_text(value)} is not a string")
    if value not in tuple(allowed):
        raise validation_error(path, f'"{value}" is not an enum symbol')
    return value


def json_text(value: Any) -> str:
    return json.dumps(value)


def check_money(value: Any, path: str, currency: str) -> None:
    """``{"amount": "100.00", "currencyCode": "USD"}``: a positive decimal string, the account's currency."""
    if not isinstance(value, dict):
        raise validation_error(path, f"{json_text(value)} is not a record")
    unknown = set(value) - {"amount", "currencyCode"}
    if unknown:
        raise validation_error(f"{path}/{sorted(unknown)[0]}", "unrecognized field found but not allowed")
    for key in ("amount", "currencyCode"):
        if key not in value:
            raise validation_error(
                f"{path}/{key}", "field is required but not found and has no default value"
            )
        if not isinstance(value[key], str):
            raise validation_error(f"{path}/{key}", f"{json_text(value[key])} is not a string")
    try:
        amount = Decimal(value["amount"])
    except InvalidOperation:
        raise bad_request("INVALID_VALUE", f"{value['amount']!r} is not a valid amount", path[1:]) from None
    if not amount.is_finite() or amount <= 0:
        raise bad_request("INVALID_VALUE", f"Amount must be positive, got {value['amount']}", path[1:])
    if value["currencyCode"] != currency:
        raise bad_request(
            "CURRENCY_MISMATCH",
            f"Currency {value['currencyCode']} does not match the account currency {currency}",
            path[1:] + "/currencyCode",
        )


def check_schedule(value: Any, path: str = "/runSchedule") -> None:
    if not isinstance(value, dict):
        raise validation_error(path, f"{json_text(value)} is not a record")
    for key, item in value.items():
        if key not in ("start", "end"):
            raise validation_error(f"{path}/{key}", "unrecognized field found but not allowed")
        if not isinstance(item, int) or isinstance(item, bool):
            raise validation_error(f"{path}/{key}", f"{json_text(item)} is not a long")
    if "start" not in value:
        raise validation_error(f"{path}/start", "field is required but not found and has no default value")
    if "end" in value and value["end"] <= value["start"]:
        raise bad_request(
            "START_DATE_AFTER_END_DATE", "The run schedule's end must be after its start", "runSchedule"
        )


def check_text(value: Any, path: str, limit: int) -> None:
    if not isinstance(value, str):
        raise validation_error(path, f"{json_text(value)} is not a string")
    if not value.strip():
        raise bad_request("MISSING_FIELD", f"{path[1:]} must not be empty", path[1:])
    if len(value) > limit:
        raise bad_request("FIELD_LENGTH_TOO_LONG", f"{path[1:]} is longer than {limit} characters", path[1:])


def check_bool(value: Any, path: str) -> None:
    if not isinstance(value, bool):
        raise validation_error(path, f"{json_text(value)} is not a boolean")


def check_status_write(kind: AdKind, before: str | None, after: str, field: str = "status") -> None:
    """Status enum, system-only statuses, creation statuses and transitions, as the kind's row says."""
    check_enum(after, kind.statuses, f"/{field}")
    if before == after:
        return
    if after in SYSTEM_STATUSES:
        raise bad_request("STATUS_CHANGE_NOT_ALLOWED", f"Status {after} is set by LinkedIn only", field)
    if before is None:
        if kind.create_statuses is not None and after not in kind.create_statuses:
            raise bad_request("STATUS_CHANGE_NOT_ALLOWED", f"Cannot create with status {after}", field)
        return
    if after not in kind.transitions.get(before, ()):
        raise bad_request(
            "INVALID_STATUS_TRANSITION", f"Status cannot change from {before} to {after}", field
        )


# --- Rest.li writes ------------------------------------------------------------------------------------


def require_partial_update(req: Request) -> None:
    """A POST on an entity is a PARTIAL_UPDATE only with ``X-RestLi-Method: PARTIAL_UPDATE``."""
    if req.restli_method != "PARTIAL_UPDATE":
        raise ApiError(
            400,
            "INVALID_RESTLI_METHOD",
            f"POST on {req.path} needs the header X-RestLi-Method: PARTIAL_UPDATE "
            f"(got {req.restli_method or 'none'})",
        )


def apply_patch(target: Json, patch: Any, path: str = "") -> None:
    """Apply a Rest.li patch (``$set``, ``$delete``, nested records) to ``target`` in place."""
    if not isinstance(patch, dict):
        raise ApiError(400, "INVALID_PATCH", f"patch{path} must be an object")
    for key, value in patch.items():
        if key == "$set":
            if not isinstance(value, dict):
                raise ApiError(400, "INVALID_PATCH", f"$set{path} must be an object")
            target.update(copy.deepcopy(value))
        elif key == "$delete":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ApiError(400, "INVALID_PATCH", f"$delete{path} must be a list of field names")
            for name in value:
                target.pop(name, None)
        elif key.startswith("$"):
            hint = " (use $delete to remove fields)" if key == "$unset" else ""
            raise ApiError(400, "INVALID_PATCH", f"Unknown patch operation {key}{hint}")
        else:
            child = target.get(key)
            if child is None:
                child = target[key] = {}
            if not isinstance(child, dict):
                raise ApiError(400, "INVALID_PATCH", f"{path}/{key} is not a record")
            apply_patch(child, value, f"{path}/{key}")


def patched(req: Request, current: Json) -> tuple[Json, set[str]]:
    """The object after the request's patch, and the top-level fields the patch touches."""
    body = req.json_object()
    if set(body) != {"patch"}:
        raise ApiError(400, "INVALID_PATCH", 'A partial update body is {"patch": {"$set": {...}}}')
    patch = body["patch"]
    if not isinstance(patch, dict):
        raise ApiError(400, "INVALID_PATCH", "patch must be an object")
    touched: set[str] = set()
    for key, value in patch.items():
        if key == "$set" and isinstance(value, dict):
            touched |= set(value)
        elif key == "$delete" and isinstance(value, list):
            touched |= {str(v) for v in value}
        elif not key.startswith("$"):
            touched.add(key)
    after = copy.deepcopy(current)
    apply_patch(after, patch)
    return after, touched


def check_writable(touched: Iterable[str], writable: Iterable[str], create_only: Iterable[str] = ()) -> None:
    writable, create_only = tuple(writable), tuple(create_only)
    for name in touched:
        if name in READ_ONLY or name in create_only:
            raise bad_request("FIELD_NOT_UPDATABLE", f"Field {name} cannot be updated", name)
        if name not in writable:
            raise validation_error(f"/{name}", "unrecognized field found but not allowed")


def check_known(body: Mapping[str, Any], known: Iterable[str]) -> None:
    known = tuple(known)
    for name in body:
        if name not in known:
            raise validation_error(f"/{name}", "unrecognized field found but not allowed")


def bump(obj: Json) -> None:
    """After a write: a new version tag and lastModified time."""
    tag = int((obj.get("version") or {}).get("versionTag") or 0) + 1
    obj["version"] = {"versionTag": str(tag)}
    stamps = obj.setdefault("changeAuditStamps", audit(now_ms()))
    stamps["lastModified"] = {"time": now_ms()}


def created(new_id: int) -> Response:
    return Response(201, headers={"x-restli-id": str(new_id), "Location": f"./{new_id}"})


# --- search --------------------------------------------------------------------------------------------


def search_criteria(params: Json, allowed: Iterable[str]) -> Json:
    """The ``search=(...)`` record of a ``q=search`` finder, with only the criteria ``allowed``."""
    if params.get("q") != "search":
        raise ApiError(400, "INVALID_PARAM", "this collection supports q=search (or ids=List(...))")
    search = params.get("search") or {}
    if not isinstance(search, dict):
        raise ApiError(
            400, "INVALID_PARAM", "search must be a Rest.li record, e.g. (status:(values:List(ACTIVE)))"
        )
    allowed = tuple(allowed)
    for name in search:
        if name not in allowed:
            raise ApiError(
                400, "INVALID_PARAM", f"unknown search criterion {name!r}; known: {', '.join(allowed)}"
            )
    return search


def values(search: Json, name: str) -> list[str] | None:
    facet = search.get(name)
    if facet is None:
        return None
    if not isinstance(facet, dict) or set(facet) != {"values"} or not isinstance(facet["values"], list):
        raise ApiError(400, "INVALID_PARAM", f"search.{name} must be ({name}:(values:List(...)))")
    return [str(v) for v in facet["values"]]


def urn_values(search: Json, name: str, entity: str) -> list[int] | None:
    """Ids from ``(name:(values:List(urn%3Ali%3A{entity}%3A1)))``; bare numbers are refused."""
    raw = values(search, name)
    if raw is None:
        return None
    out = []
    for value in raw:
        match = re.fullmatch(rf"urn:li:{entity}:([0-9]+)", value)
        if match is None:
            raise ApiError(
                400, "INVALID_PARAM", f"search.{name} values must be urn:li:{entity}:{{id}}, got {value!r}"
            )
        out.append(int(match.group(1)))
    return out


def test_flag(search: Json) -> bool | None:
    raw = search.get("test")
    if raw is None:
        return None
    if raw not in ("true", "false"):
        raise ApiError(400, "INVALID_PARAM", "search.test must be true or false")
    return raw == "true"


def check_statuses(statuses: list[str] | None, allowed: Iterable[str]) -> None:
    allowed = tuple(allowed)
    for status in statuses or []:
        if status not in allowed:
            raise ApiError(400, "INVALID_PARAM", f"{status!r} is not a status; known: {', '.join(allowed)}")


# --- accounts ------------------------------------------------------------------------------------------


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
            "notifiedOnCampaignOptimization": False,
            "notifiedOnCreativeApproval": False,
            "notifiedOnCreativeRejection": True,
            "notifiedOnEndOfCampaign": False,
            "notifiedOnNewFeaturesEnabled": False,
            "changeAuditStamps": audit(SEED_MS),
            "version": {"versionTag": "1"},
        }


def account_or_404(state: State, raw: str) -> Json:
    """The account of a path key (caller holds ``state.lock``)."""
    account = state.ad_accounts.get(numeric_key(raw, "ad account"))
    if account is None:
        raise not_found("Ad account", raw)
    return account


def search_accounts(req: Request) -> Response:
    params = req.query_params()
    search = search_criteria(params, ACCOUNT.criteria)
    statuses = values(search, "status")
    check_statuses(statuses, ACCOUNT.statuses)
    types = values(search, "type")
    references = values(search, "reference")
    names = values(search, "name")
    ids = urn_values(search, "id", "sponsoredAccount")
    test = test_flag(search)
    with req.state.lock:
        rows = [
            copy.deepcopy(a)
            for a in sorted(req.state.ad_accounts.values(), key=lambda a: a["id"])
            if (statuses is None or a["status"] in statuses)
            and (types is None or a["type"] in types)
            and (references is None or a["reference"] in references)
            and (names is None or a["name"] in names)
            and (ids is None or a["id"] in ids)
            and (test is None or a["test"] is test)
        ]
    return Response(200, json=cursor_page(rows, params))


def get_account(req: Request) -> Response:
    with req.state.lock:
        return Response(200, json=copy.deepcopy(account_or_404(req.state, req.params["id"])))


def _check_account(account: Json, before: str | None) -> None:
    check_text(account.get("name"), "/name", 100)
    check_status_write(ACCOUNT, before, account["status"])
    reference = account.get("reference")
    if not isinstance(reference, str) or not _ORG_URN.fullmatch(reference):
        raise bad_request(
            "INVALID_VALUE", f"reference must be an organization URN, got {reference!r}", "reference"
        )
    for name in ACCOUNT.writable:
        if name.startswith("notified") and name in account:
            check_bool(account[name], f"/{name}")


def create_account(req: Request) -> Response:
    body = req.json_object()
    check_known(body, ACCOUNT.writable + ACCOUNT.create_only)
    for name in ACCOUNT.required:
        if name not in body:
            raise bad_request("MISSING_FIELD", f"Field {name} is required", name)
    check_enum(body["currency"], CURRENCIES, "/currency")
    check_enum(body.get("type", "BUSINESS"), ACCOUNT_TYPES, "/type")
    if "test" in body:
        check_bool(body["test"], "/test")
    account = {
        "type": "BUSINESS",
        "status": "ACTIVE",
        "test": False,
        **copy.deepcopy(body),
    }
    _check_account(account, None)
    with req.state.lock:
        new_id = req.state.next_id("ad_account", start=ACCOUNT.first_id)
        account.update(
            id=new_id,
            servingStatuses=["RUNNABLE"] if account["status"] == "ACTIVE" else ["STOPPED"],
            changeAuditStamps=audit(now_ms()),
            version={"versionTag": "1"},
        )
        req.state.ad_accounts[new_id] = account
    return created(new_id)


def update_account(req: Request) -> Response:
    require_partial_update(req)
    with req.state.lock:
        account = account_or_404(req.state, req.params["id"])
        after, touched = patched(req, account)
        check_writable(touched, ACCOUNT.writable, ACCOUNT.create_only)
        for name in ("name", "status", "reference"):
            if name not in after:
                raise validation_error(f"/{name}", "field is required but not found and has no default value")
        _check_account(after, account["status"])
        account.clear()
        account.update(after)
        bump(account)
    return Response(204)


def delete_account(req: Request) -> Response:
    with req.state.lock:
        account = account_or_404(req.state, req.params["id"])
        if account["status"] not in ACCOUNT.deletable:
            raise bad_request(
                "DELETE_NOT_ALLOWED",
                f"Cannot delete account {account['id']} if the account status is not DRAFT",
            )
        del req.state.ad_accounts[account["id"]]
    return Response(204)


def routes() -> list[Route]:
    return [
        Route("GET", "/rest/adAccounts", search_accounts),
        Route("POST", "/rest/adAccounts", create_account),
        Route("GET", "/rest/adAccounts/{id}", get_account),
        Route("POST", "/rest/adAccounts/{id}", update_account),
        Route("DELETE", "/rest/adAccounts/{id}", delete_account),
    ]
