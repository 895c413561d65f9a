"""Campaign groups, campaigns and targeting facets, under ``/rest/adAccounts/{account}/...``.

Seeded: account 507000001 (USD) holds group 600000001 "Always-on 2026" (ACTIVE) with 20 campaigns
of mixed statuses (8 ACTIVE, 6 PAUSED, 2 DRAFT, 2 ARCHIVED, 1 COMPLETED, 1 CANCELED; 50.00 USD a
day each), a DRAFT group with 3 draft campaigns and an ARCHIVED group with 2; account 507000002
a PAUSED hiring group with 4 campaigns; account 507000003 (EUR) an ACTIVE group with 2.

The rules LinkedIn applies and the sandbox checks: enums (422 ``"X" is not an enum symbol``, so
the plural objectives on Maton's page fail as they do live), money records in the account's
currency (400 ``CURRENCY_MISMATCH``), schedules, status transitions, DRAFT campaigns only in DRAFT
groups, type and objective fixed once out of DRAFT, deletes of drafts only (400
``DELETE_ALLOWED_ONLY_FOR_DRAFT_STATUS``), PARTIAL_UPDATE only with its header (204), creates
answering 201 with the numeric id in ``x-restli-id``; search finders with Rest.li criteria and
cursor paging, and BATCH_GET (``ids=List(...)``).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from maton_linkedin_provider.sandbox.resources.ads import (
    SEED_MS,
    account_or_404,
    audit,
    bad_request,
    bump,
    check_bool,
    check_enum,
    check_known,
    check_money,
    check_schedule,
    check_status_write,
    check_statuses,
    check_text,
    check_writable,
    created,
    not_found,
    now_ms,
    numeric_key,
    patched,
    require_partial_update,
    search_criteria,
    test_flag,
    urn_values,
    validation_error,
    values,
)
from maton_linkedin_provider.sandbox.resources.adspec import CAMPAIGN, CAMPAIGN_GROUP, AdKind
from maton_linkedin_provider.sandbox.resources.paging import cursor_page, offset_page
from maton_linkedin_provider.sandbox.routing import ApiError, Request, Response, Route

if TYPE_CHECKING:
    from maton_linkedin_provider.sandbox.state import State

Json = dict[str, Any]

CAMPAIGN_TYPES = ("TEXT_AD", "SPONSORED_UPDATES", "SPONSORED_INMAILS", "DYNAMIC")
OBJECTIVE_TYPES = (
    "BRAND_AWARENESS",
    "WEBSITE_VISIT",
    "ENGAGEMENT",
    "VIDEO_VIEW",
    "LEAD_GENERATION",
    "WEBSITE_CONVERSION",
    "JOB_APPLICANT",
    "TALENT_LEAD",
    "CREATIVE_ENGAGEMENT",
)
COST_TYPES = ("CPM", "CPC", "CPV")
CREATIVE_SELECTIONS = ("OPTIMIZED", "ROUND_ROBIN")
POLITICAL_INTENTS = ("NOT_POLITICAL", "POLITICAL", "NOT_DECLARED")

_GROUP_URN = re.compile(r"urn:li:sponsoredCampaignGroup:([0-9]+)")
_ACCOUNT_URN = "urn:li:sponsoredAccount:{}"

#: Seed ids.
ALWAYS_ON_GROUP = 600000001
DRAFT_GROUP = 600000002
ARCHIVED_GROUP = 600000003
HIRING_GROUP = 600000004
EU_GROUP = 600000005
FIRST_CAMPAIGN = 610000001
#: Statuses of the 20 campaigns of :data:`ALWAYS_ON_GROUP`, in id order.
ALWAYS_ON_STATUSES = (
    ["ACTIVE"] * 8 + ["PAUSED"] * 6 + ["DRAFT"] * 2 + ["ARCHIVED"] * 2 + ["COMPLETED", "CANCELED"]
)

_DAY_MS = 86_400_000
JAN_05 = SEED_MS + 4 * _DAY_MS
MAR_02 = SEED_MS + 60 * _DAY_MS
MAY_31 = SEED_MS + 150 * _DAY_MS
OCT_01_2025 = SEED_MS - 92 * _DAY_MS

TARGETING_FACETS = [
    ("locations", ["GEO", "REGION"]),
    ("profileLocations", ["GEO"]),
    ("industries", ["INDUSTRY"]),
    ("jobFunctions", ["FUNCTION"]),
    ("seniorities", ["SENIORITY"]),
    ("titles", ["TITLE"]),
    ("skills", ["SKILL"]),
    ("staffCountRanges", ["STAFF_COUNT_RANGE"]),
    ("employers", ["ORGANIZATION"]),
    ("degrees", ["DEGREE"]),
    ("fieldsOfStudy", ["FIELD_OF_STUDY"]),
    ("schools", ["SCHOOL"]),
    ("interfaceLocales", ["LOCALE"]),
    ("memberBehaviors", ["MEMBER_BEHAVIOR"]),
]


# --- seed ----------------------------------------------------------------------------------------------


def _money(amount: str, currency: str) -> Json:
    return {"amount": amount, "currencyCode": currency}


def _group(gid: int, account: int, name: str, status: str, schedule: Json, budget: Json | None) -> Json:
    group: Json = {
        "id": gid,
        "account": _ACCOUNT_URN.format(account),
        "name": name,
        "status": status,
        "runSchedule": schedule,
        "test": False,
        "backfilled": False,
        "servingStatuses": ["RUNNABLE"] if status == "ACTIVE" else ["STOPPED"],
        "changeAuditStamps": audit(SEED_MS),
        "version": {"versionTag": "1"},
    }
    if budget is not None:
        group["totalBudget"] = budget
    return group


def _campaign(cid: int, group: Json, name: str, status: str, objective: str, currency: str) -> Json:
    return {
        "id": cid,
        "account": group["account"],
        "campaignGroup": f"urn:li:sponsoredCampaignGroup:{group['id']}",
        "name": name,
        "status": status,
        "type": "SPONSORED_UPDATES",
        "objectiveType": objective,
        "costType": "CPM",
        "unitCost": _money("8.50", currency),
        "dailyBudget": _money("50.00", currency),
        "locale": {"country": "US", "language": "en"},
        "runSchedule": {"start": group["runSchedule"]["start"]},
        "targetingCriteria": {
            "include": {"and": [{"or": {"urn:li:adTargetingFacet:locations": ["urn:li:geo:103644278"]}}]}
        },
        "format": "STANDARD_UPDATE",
        "offsiteDeliveryEnabled": False,
        "audienceExpansionEnabled": False,
        "creativeSelection": "OPTIMIZED",
        "politicalIntent": "NOT_POLITICAL",
        "test": False,
        "servingStatuses": ["RUNNABLE"] if status == "ACTIVE" else ["STOPPED"],
        "changeAuditStamps": audit(SEED_MS),
        "version": {"versionTag": "1"},
    }


def seed(state: State) -> None:
    objectives = ["WEBSITE_VISIT", "BRAND_AWARENESS", "ENGAGEMENT", "LEAD_GENERATION"]
    groups = [
        _group(ALWAYS_ON_GROUP, 507000001, "Always-on 2026", "ACTIVE", {"start": JAN_05}, None),
        _group(
            DRAFT_GROUP,
            507000001,
            "Spring launch (draft)",
            "DRAFT",
            {"start": MAR_02, "end": MAY_31},
            _money("15000.00", "USD"),
        ),
        _group(
            ARCHIVED_GROUP,
            507000001,
            "Q4 2025",
            "ARCHIVED",
            {"start": OCT_01_2025, "end": SEED_MS},
            _money("10000.00", "USD"),
        ),
        _group(HIRING_GROUP, 507000002, "Hiring 2026", "PAUSED", {"start": JAN_05}, None),
        _group(EU_GROUP, 507000003, "Acme EU awareness", "ACTIVE", {"start": JAN_05}, None),
    ]
    state.campaign_groups = {g["id"]: g for g in groups}
    by_id = state.campaign_groups
    plan: list[tuple[int, str, str, str, str]] = [
        (ALWAYS_ON_GROUP, f"Always-on {n + 1:02d}", status, objectives[n % 4], "USD")
        for n, status in enumerate(ALWAYS_ON_STATUSES)
    ]
    plan += [(DRAFT_GROUP, f"Spring launch {n}", "DRAFT", "WEBSITE_VISIT", "USD") for n in (1, 2, 3)]
    plan += [(ARCHIVED_GROUP, f"Q4 2025 {n}", "ARCHIVED", "BRAND_AWARENESS", "USD") for n in (1, 2)]
    plan += [(HIRING_GROUP, f"Hiring {n}", "PAUSED", "JOB_APPLICANT", "USD") for n in (1, 2, 3, 4)]
    plan += [(EU_GROUP, f"EU awareness {n}", "ACTIVE", "BRAND_AWARENESS", "EUR") for n in (1, 2)]
    state.campaigns = {}
    for offset, (gid, name, status, objective, currency) in enumerate(plan):
        cid = FIRST_CAMPAIGN + offset
        state.campaigns[cid] = _campaign(cid, by_id[gid], name, status, objective, currency)
    state.targeting_facets = [
        {
            "facetName": name,
            "adTargetingFacetUrn": f"urn:li:adTargetingFacet:{name}",
            "entityTypes": types,
            "availableEntityFinders": ["AD_TARGETING_FACET", "TYPEAHEAD"],
        }
        for name, types in TARGETING_FACETS
    ]


# --- shared --------------------------------------------------------------------------------------------


def _in_account(store: dict[int, Json], account: Json, raw: str, what: str) -> Json:
    obj = store.get(numeric_key(raw, what))
    if obj is None or obj["account"] != _ACCOUNT_URN.format(account["id"]):
        raise not_found(what, raw)
    return obj


Predicate = Callable[[Json], bool]


def _collection_get(req: Request, kind: AdKind, where: Callable[[Json], Predicate]) -> Response:
    """``q=search`` (cursor paging) or BATCH_GET (``ids=List(...)``) on a collection of the account."""
    params = req.query_params()
    what = kind.what
    with req.state.lock:
        account = account_or_404(req.state, req.params["account"])
        store: dict[int, Json] = getattr(req.state, kind.store)
        urn = _ACCOUNT_URN.format(account["id"])
        if "ids" in params:
            if "q" in params:
                raise ApiError(400, "INVALID_PARAM", "use either ids=List(...) (BATCH_GET) or q=search")
            return Response(200, json=_batch_get(params["ids"], store, urn, what))
        select = where(search_criteria(params, kind.criteria))
        rows = [
            copy.deepcopy(obj)
            for obj in sorted(store.values(), key=lambda o: o["id"])
            if obj["account"] == urn and select(obj)
        ]
    return Response(200, json=cursor_page(rows, params))


def _batch_get(ids: Any, store: dict[int, Json], account_urn: str, what: str) -> Json:
    if not isinstance(ids, list) or not ids:
        raise ApiError(400, "INVALID_PARAM", "ids must be List(id,...)")
    results: Json = {}
    statuses: Json = {}
    errors: Json = {}
    for raw in ids:
        key = str(raw)
        obj = store.get(int(key)) if key.isdigit() else None
        if obj is None or obj["account"] != account_urn:
            errors[key] = {"status": 404, "code": "NOT_FOUND", "message": f"{what} {key} does not exist"}
            statuses[key] = 404
            continue
        results[key] = copy.deepcopy(obj)
        statuses[key] = 200
    return {"results": results, "statuses": statuses, "errors": errors}


def _common_filter(search: Json, kind: AdKind) -> Predicate:
    """The criteria groups and campaigns share: status, id (URNs), name, test. Checked once, up front."""
    wanted = values(search, "status")
    check_statuses(wanted, kind.statuses)
    ids = urn_values(search, "id", kind.entity)
    names = values(search, "name")
    test = test_flag(search)

    def select(obj: Json) -> bool:
        return (
            (wanted is None or obj["status"] in wanted)
            and (ids is None or obj["id"] in ids)
            and (names is None or obj["name"] in names)
            and (test is None or obj["test"] is test)
        )

    return select


def _check_delete(kind: AdKind, obj: Json) -> None:
    if obj["status"] not in kind.deletable:
        raise bad_request(
            "DELETE_ALLOWED_ONLY_FOR_DRAFT_STATUS",
            f"Delete is allowed only in draft state (status is {obj['status']}); set the status to "
            "ARCHIVED or PENDING_DELETION instead",
        )


def _serving(obj: Json) -> None:
    obj["servingStatuses"] = ["RUNNABLE"] if obj["status"] == "ACTIVE" else ["STOPPED"]


# --- campaign groups -----------------------------------------------------------------------------------


def search_groups(req: Request) -> Response:
    return _collection_get(req, CAMPAIGN_GROUP, lambda search: _common_filter(search, CAMPAIGN_GROUP))


def _check_group(group: Json, account: Json, before: Json | None) -> None:
    for name in CAMPAIGN_GROUP.required:
        if name not in group:
            if before is None:
                raise bad_request("MISSING_FIELD", f"Field {name} is required", name)
            raise validation_error(f"/{name}", "field is required but not found and has no default value")
    check_text(group["name"], "/name", 100)
    check_status_write(CAMPAIGN_GROUP, before["status"] if before else None, group["status"])
    if "objectiveType" in group:
        check_enum(group["objectiveType"], OBJECTIVE_TYPES, "/objectiveType")
    if "runSchedule" in group:
        check_schedule(group["runSchedule"])
    elif group["status"] != "DRAFT":
        raise bad_request(
            "MISSING_FIELD", "runSchedule is required unless the group is a DRAFT", "runSchedule"
        )
    for name in CAMPAIGN_GROUP.money:
        if name in group:
            check_money(group[name], f"/{name}", account["currency"])
    if "totalBudget" in group and "end" not in (group.get("runSchedule") or {}):
        raise bad_request(
            "MISSING_FIELD", "runSchedule.end is required when totalBudget is set", "runSchedule/end"
        )
    if "budgetOptimization" in group and not isinstance(group["budgetOptimization"], dict):
        raise validation_error("/budgetOptimization", "is not a record")


def create_group(req: Request) -> Response:
    body = req.json_object()
    check_known(body, CAMPAIGN_GROUP.writable + CAMPAIGN_GROUP.create_only)
    with req.state.lock:
        account = account_or_404(req.state, req.params["account"])
        urn = _ACCOUNT_URN.format(account["id"])
        if body.get("account", urn) != urn:
            raise bad_request("INVALID_VALUE", f"account must be {urn} (the account in the path)", "account")
        group = {**copy.deepcopy(body), "account": urn}
        _check_group(group, account, None)
        new_id = req.state.next_id("campaign_group", start=CAMPAIGN_GROUP.first_id)
        group.update(
            id=new_id,
            test=False,
            backfilled=False,
            changeAuditStamps=audit(now_ms()),
            version={"versionTag": "1"},
        )
        _serving(group)
        req.state.campaign_groups[new_id] = group
    return created(new_id)


def get_group(req: Request) -> Response:
    with req.state.lock:
        account = account_or_404(req.state, req.params["account"])
        group = _in_account(req.state.campaign_groups, account, req.params["id"], CAMPAIGN_GROUP.what)
        return Response(200, json=copy.deepcopy(group))


def update_group(req: Request) -> Response:
    require_partial_update(req)
    with req.state.lock:
        account = account_or_404(req.state, req.params["account"])
        group = _in_account(req.state.campaign_groups, account, req.params["id"], CAMPAIGN_GROUP.what)
        after, touched = patched(req, group)
        check_writable(touched, CAMPAIGN_GROUP.writable, CAMPAIGN_GROUP.create_only)
        _check_group(after, account, group)
        group.clear()
        group.update(after)
        _serving(group)
        bump(group)
    return Response(204)


def delete_group(req: Request) -> Response:
    with req.state.lock:
        account = account_or_404(req.state, req.params["account"])
        group = _in_account(req.state.campaign_groups, account, req.params["id"], CAMPAIGN_GROUP.what)
        _check_delete(CAMPAIGN_GROUP, group)
        urn = f"urn:li:sponsoredCampaignGroup:{group['id']}"
        for cid in [c["id"] for c in req.state.campaigns.values() if c["campaignGroup"] == urn]:
            del req.state.campaigns[cid]
        del req.state.campaign_groups[group["id"]]
    return Response(204)


# --- campaigns -----------------------------------------------------------------------------------------


def _campaign_filter(search: Json) -> Predicate:
    common = _common_filter(search, CAMPAIGN)
    groups = urn_values(search, "campaignGroup", "sponsoredCampaignGroup")
    types = values(search, "type")

    def select(obj: Json) -> bool:
        return (
            common(obj)
            and (groups is None or int(obj["campaignGroup"].rsplit(":", 1)[1]) in groups)
            and (types is None or obj["type"] in types)
        )

    return select


def search_campaigns(req: Request) -> Response:
    return _collection_get(req, CAMPAIGN, _campaign_filter)


def _check_locale(value: Any) -> None:
    if not isinstance(value, dict) or set(value) != {"country", "language"}:
        raise validation_error("/locale", f"{value!r} is not a locale record (country, language)")
    for key in ("country", "language"):
        if not isinstance(value[key], str) or len(value[key]) != 2:
            raise validation_error(f"/locale/{key}", f"{value[key]!r} is not a 2-letter code")


def _campaign_group_of(state: State, account: Json, campaign: Json) -> Json:
    match = _GROUP_URN.fullmatch(str(campaign.get("campaignGroup")))
    if match is None:
        raise validation_error(
            "/campaignGroup", f"{campaign.get('campaignGroup')!r} is not a campaign group URN"
        )
    group = state.campaign_groups.get(int(match.group(1)))
    if group is None or group["account"] != _ACCOUNT_URN.format(account["id"]):
        raise bad_request(
            "INVALID_VALUE",
            f"Campaign group {match.group(1)} does not exist in account {account['id']}",
            "campaignGroup",
        )
    return group


_CAMPAIGN_ENUMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("type", CAMPAIGN_TYPES),
    ("objectiveType", OBJECTIVE_TYPES),
    ("costType", COST_TYPES),
    ("creativeSelection", CREATIVE_SELECTIONS),
    ("politicalIntent", POLITICAL_INTENTS),
)


def _check_campaign(state: State, campaign: Json, account: Json, before: Json | None) -> None:
    for name in CAMPAIGN.required:
        if name not in campaign:
            if before is None:
                raise bad_request("MISSING_FIELD", f"Field {name} is required", name)
            raise validation_error(f"/{name}", "field is required but not found and has no default value")
    if "dailyBudget" not in campaign and "totalBudget" not in campaign:
        raise bad_request("MISSING_FIELD", "A campaign needs a dailyBudget or a totalBudget", "dailyBudget")
    check_text(campaign["name"], "/name", 255)
    for name, allowed in _CAMPAIGN_ENUMS:
        if name in campaign:
            check_enum(campaign[name], allowed, f"/{name}")
    for name in CAMPAIGN.money:
        if name in campaign:
            check_money(campaign[name], f"/{name}", account["currency"])
    _check_locale(campaign["locale"])
    check_schedule(campaign["runSchedule"])
    for name in ("offsiteDeliveryEnabled", "audienceExpansionEnabled"):
        if name in campaign:
            check_bool(campaign[name], f"/{name}")
    if "targetingCriteria" in campaign and not isinstance(campaign["targetingCriteria"], dict):
        raise validation_error("/targetingCriteria", "is not a record")
    group = _campaign_group_of(state, account, campaign)
    check_status_write(CAMPAIGN, before["status"] if before else None, campaign["status"])
    if group["status"] == "DRAFT" and campaign["status"] != "DRAFT":
        raise bad_request(
            "ONLY_DRAFT_CAMPAIGNS_ALLOWED_IN_DRAFT_CAMPAIGN_GROUPS",
            f"Campaign group {group['id']} is a DRAFT: its campaigns must be DRAFT too",
            "status",
        )
    if before is not None and before["status"] != "DRAFT":
        if campaign.get("objectiveType") != before.get("objectiveType"):
            raise bad_request(
                "IMMUTABLE_CAMPAIGN_OBJECTIVE_TYPE",
                "objectiveType cannot change once the campaign left DRAFT",
            )
        if campaign.get("type") != before.get("type"):
            raise bad_request(
                "FIELD_IMMUTABLE_FOR_NON_DRAFT_CAMPAIGNS",
                "type cannot change once the campaign left DRAFT",
                "type",
            )


def create_campaign(req: Request) -> Response:
    body = req.json_object()
    check_known(body, (*CAMPAIGN.writable, "account"))
    with req.state.lock:
        account = account_or_404(req.state, req.params["account"])
        urn = _ACCOUNT_URN.format(account["id"])
        if body.get("account", urn) != urn:
            raise bad_request("INVALID_VALUE", f"account must be {urn} (the account in the path)", "account")
        campaign = {**copy.deepcopy(body), "account": urn}
        _check_campaign(req.state, campaign, account, None)
        new_id = req.state.next_id("campaign", start=CAMPAIGN.first_id)
        campaign.update(id=new_id, test=False, changeAuditStamps=audit(now_ms()), version={"versionTag": "1"})
        _serving(campaign)
        req.state.campaigns[new_id] = campaign
    return created(new_id)


def get_campaign(req: Request) -> Response:
    with req.state.lock:
        account = account_or_404(req.state, req.params["account"])
        return Response(
            200,
            json=copy.deepcopy(_in_account(req.state.campaigns, account, req.params["id"], CAMPAIGN.what)),
        )


def update_campaign(req: Request) -> Response:
    require_partial_update(req)
    with req.state.lock:
        account = account_or_404(req.state, req.params["account"])
        campaign = _in_account(req.state.campaigns, account, req.params["id"], CAMPAIGN.what)
        after, touched = patched(req, campaign)
        check_writable(touched, CAMPAIGN.writable)
        _check_campaign(req.state, after, account, campaign)
        campaign.clear()
        campaign.update(after)
        _serving(campaign)
        bump(campaign)
    return Response(204)


def delete_campaign(req: Request) -> Response:
    with req.state.lock:
        account = account_or_404(req.state, req.params["account"])
        campaign = _in_account(req.state.campaigns, account, req.params["id"], CAMPAIGN.what)
        _check_delete(CAMPAIGN, campaign)
        del req.state.campaigns[campaign["id"]]
    return Response(204)


# --- targeting facets ----------------------------------------------------------------------------------


def targeting_facets(req: Request) -> Response:
    params = req.query_params()
    with req.state.lock:
        rows = copy.deepcopy(req.state.targeting_facets)
    return Response(200, json=offset_page(rows, params, default_count=100, max_count=100))


def routes() -> list[Route]:
    base = "/rest/adAccounts/{account}"
    return [
        Route("GET", f"{base}/adCampaignGroups", search_groups),
        Route("POST", f"{base}/adCampaignGroups", create_group),
        Route("GET", f"{base}/adCampaignGroups/{{id}}", get_group),
        Route("POST", f"{base}/adCampaignGroups/{{id}}", update_group),
        Route("DELETE", f"{base}/adCampaignGroups/{{id}}", delete_group),
        Route("GET", f"{base}/adCampaigns", search_campaigns),
        Route("POST", f"{base}/adCampaigns", create_campaign),
        Route("GET", f"{base}/adCampaigns/{{id}}", get_campaign),
        Route("POST", f"{base}/adCampaigns/{{id}}", update_campaign),
        Route("DELETE", f"{base}/adCampaigns/{{id}}", delete_campaign),
        Route("GET", "/rest/adTargetingFacets", targeting_facets),
    ]
