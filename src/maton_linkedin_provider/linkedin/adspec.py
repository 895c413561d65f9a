"""One frozen description per kind of ad object: the table the ads helpers, hook and operators read.

An :class:`AdObjectSpec` says what a kind is called (noun, URN entity type, the argument naming
its id), where it lives (collection path), its statuses and the transitions LinkedIn allows
(400 ``INVALID_STATUS_TRANSITION`` otherwise), the statuses a new object may have and the ones
that may be deleted, the fields a client may write (its :class:`~.ads_fields.Catalogue`) and which
of them are money, the rules a whole object must keep, and how a create is found again after an
ambiguous failure (the body fields that identify it, through the kind's finder).

Status transitions follow the rules LinkedIn enforces: ``COMPLETED`` and ``REMOVED`` are set by
LinkedIn only; nothing goes back to ``DRAFT``; ``ARCHIVED`` can only be unarchived to ``PAUSED``;
``COMPLETED`` and ``CANCELED`` can only be archived; ``PENDING_DELETION`` and ``REMOVED`` are
final. LinkedIn does not publish the full matrix; this is the client's model (the sandbox keeps
its own, written separately). Adding a kind is a row in :data:`SPECS`. Pure Python, no I/O.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from maton_linkedin_provider.linkedin import ads_fields as f
from maton_linkedin_provider.linkedin.ads_money import currency_code, money
from maton_linkedin_provider.linkedin.ads_schedule import run_schedule
from maton_linkedin_provider.linkedin.errors import InvalidValue
from maton_linkedin_provider.linkedin.restli import encode_key

Kind = Literal["account", "campaign_group", "campaign", "creative"]
#: Checks on a whole object (a create body, or the object as an update would leave it).
ObjectRule = Callable[[Mapping[str, Any], str], None]
#: Statuses a new ad object may be created with, unless its spec says otherwise.
CREATE_STATUSES = ("DRAFT", "ACTIVE", "PAUSED")


@dataclass(frozen=True)
class AdObjectSpec:
    """What the client knows about one kind of ad object.

    :param kind: the key in :data:`SPECS` (``"campaign"``).
    :param noun: how messages name it (``"campaign group"``).
    :param entity: the URN entity type (``sponsoredCampaign``).
    :param collection: the collection's path segment (``adCampaigns``), under
        ``/adAccounts/{account}`` unless ``top_level``.
    :param id_argument: the operator (and hook) argument naming one object (``campaign_id``).
    :param statuses: every status LinkedIn reports for the kind.
    :param transitions: status -> statuses it may change to (same -> same is always a no-op).
    :param create_statuses: the statuses a new object may be given.
    :param deletable: the statuses in which LinkedIn deletes the object (else it must be archived).
    :param catalogue: the fields a client writes, with their checks.
    :param money_fields: the catalogue's money fields (sent in the account's currency).
    :param match_fields: body fields that identify a create when it is looked for again.
    :param finder: the collection's finder (``q=search`` with a ``search=(...)`` record, or
        ``q=criteria``).
    :param top_level: the collection is ``/adAccounts`` itself (ad accounts).
    :param urn_in_path: the path key is the URN, encoded whole (creatives), not the number.
    :param object_rules: rules on the whole object, checked on create bodies and after updates.
    :param create_rules: rules only a create body must meet (what it needs beyond ``required``).
    :param match_params: the finder's parameters that select a create's body (default: each
        match field as a ``search`` criterion, ``(name:(values:List(...)))``).
    :param status_field: the field holding the status (creatives: ``intendedStatus``).
    :param status_criterion: the finder's status filter (``status``; creatives: ``intendedStatuses``).
    :param parent: the kind whose children these are, for "every child of a parent" (campaigns of
        a group, creatives of a campaign); ``parent_argument`` names it in the hook and operators,
        ``parent_criterion`` in the finder.
    :param account_in_body: a create body names the account (``account``: its URN); creatives
        refuse it.
    :param archived: the status a delete sets instead, when asked to archive.
    :param delete_refusal: LinkedIn's error code for a delete in another status.
    """

    kind: str
    noun: str
    entity: str
    collection: str
    id_argument: str
    statuses: tuple[str, ...]
    transitions: Mapping[str, frozenset[str]]
    catalogue: f.Catalogue
    create_statuses: tuple[str, ...] = CREATE_STATUSES
    deletable: frozenset[str] = frozenset({"DRAFT"})
    money_fields: tuple[str, ...] = ()
    match_fields: tuple[str, ...] = ("name",)
    finder: Literal["search", "criteria"] = "search"
    top_level: bool = False
    urn_in_path: bool = False
    object_rules: tuple[ObjectRule, ...] = ()
    create_rules: tuple[ObjectRule, ...] = ()
    match_params: Callable[[Mapping[str, Any]], dict[str, Any]] | None = None
    status_field: str = "status"
    status_criterion: str = "status"
    parent: str | None = None
    parent_argument: str | None = None
    parent_criterion: str | None = None
    account_in_body: bool = True
    archived: str = "ARCHIVED"
    delete_refusal: str = "400 DELETE_ALLOWED_ONLY_FOR_DRAFT_STATUS"

    # --- ids and paths ----------------------------------------------------------------------------

    def object_id(self, value: Any, field: str | None = None) -> str:
        """The numeric id from a number, digits or a URN of this kind."""
        return f.entity_id(value, self.entity, self.noun, field or self.id_argument)

    def urn(self, object_id: str | int) -> str:
        return f"urn:li:{self.entity}:{object_id}"

    def key(self, object_id: str) -> str:
        """How results name an object: its number, or its URN for kinds keyed by URN (creatives)."""
        return self.urn(object_id) if self.urn_in_path else object_id

    def path(self, account_id: str, object_id: str | None = None) -> str:
        """The REST path of the collection, or of one object (its URN encoded whole if so keyed)."""
        base = f"/{self.collection}" if self.top_level else f"/adAccounts/{account_id}/{self.collection}"
        if object_id is None:
            return base
        key = encode_key(self.urn(self.object_id(object_id))) if self.urn_in_path else object_id
        return f"{base}/{key}"

    def criterion(self, name: str, values: list[str]) -> dict[str, Any]:
        """One finder filter: ``(name:(values:List(...)))`` in a ``search`` record, or ``name=List(...)``."""
        return {name: {"values": values}} if self.finder == "search" else {name: values}

    # --- finding a create again ---------------------------------------------------------------------

    def match_criteria(self, body: Mapping[str, Any]) -> dict[str, Any]:
        """Finder parameters that select objects like ``body`` (see ``match_params``)."""
        if self.match_params is not None:
            return self.match_params(body)
        out: dict[str, Any] = {}
        for name in self.match_fields:
            out.update(self.criterion(name, [body[name]]))
        return out

    def matches(self, row: Mapping[str, Any], body: Mapping[str, Any]) -> bool:
        """Whether a found object has the create body's values in every match field (dotted paths)."""
        return all(dotted(row, name) == dotted(body, name) for name in self.match_fields)

    # --- statuses -------------------------------------------------------------------------------------

    def check_status(self, value: Any, field: str = "status", *, writing: bool = True) -> str:
        """A valid status; with ``writing``, one a client may set (not COMPLETED or REMOVED)."""
        return f.check_status_value(value, self.statuses, self.noun, field, writing=writing)

    def check_transition(self, current: str | None, desired: str, field: str = "status") -> None:
        """Raise unless LinkedIn allows this kind to move from ``current`` to ``desired``."""
        if current is None or current == desired:
            return
        allowed = self.transitions.get(current) if isinstance(current, str) else None
        if allowed is None or desired in allowed:
            return
        options = ", ".join(sorted(allowed)) if allowed else "none (it is final)"
        fix = f"from {current} LinkedIn allows: {options}."
        if (current, desired) == ("ARCHIVED", "ACTIVE"):
            fix = "unarchive it first (status PAUSED), then activate it."
        if desired == "DRAFT":
            fix = "nothing goes back to DRAFT; create a new draft instead."
        raise InvalidValue(
            field,
            f"LinkedIn does not allow a {self.noun} to go from {current} to {desired} "
            "(it answers 400 INVALID_STATUS_TRANSITION).",
            fix,
        )


def dotted(obj: Mapping[str, Any], path: str) -> Any:
    """``obj["content"]["reference"]`` for ``"content.reference"`` (``None`` where absent)."""
    value: Any = obj
    for part in path.split("."):
        value = value.get(part) if isinstance(value, Mapping) else None
    return value


# --- statuses and transitions ------------------------------------------------------------------------

ACCOUNT_STATUSES = ("ACTIVE", "CANCELED", "DRAFT", "PENDING_DELETION", "REMOVED")
GROUP_STATUSES = ("ACTIVE", "PAUSED", "ARCHIVED", "CANCELED", "DRAFT", "PENDING_DELETION", "REMOVED")
CAMPAIGN_STATUSES = (
    "ACTIVE",
    "PAUSED",
    "ARCHIVED",
    "COMPLETED",
    "CANCELED",
    "DRAFT",
    "PENDING_DELETION",
    "REMOVED",
)

_SERVING = {
    "DRAFT": frozenset({"ACTIVE", "PAUSED", "ARCHIVED", "CANCELED", "PENDING_DELETION"}),
    "ACTIVE": frozenset({"PAUSED", "ARCHIVED", "CANCELED", "PENDING_DELETION"}),
    "PAUSED": frozenset({"ACTIVE", "ARCHIVED", "CANCELED", "PENDING_DELETION"}),
    "ARCHIVED": frozenset({"PAUSED", "PENDING_DELETION"}),
    "CANCELED": frozenset({"ARCHIVED"}),
    "PENDING_DELETION": frozenset(),
    "REMOVED": frozenset(),
}
GROUP_TRANSITIONS: Mapping[str, frozenset[str]] = _SERVING
CAMPAIGN_TRANSITIONS: Mapping[str, frozenset[str]] = {**_SERVING, "COMPLETED": frozenset({"ARCHIVED"})}
ACCOUNT_TRANSITIONS: Mapping[str, frozenset[str]] = {
    "DRAFT": frozenset({"ACTIVE", "CANCELED", "PENDING_DELETION"}),
    "ACTIVE": frozenset({"CANCELED", "PENDING_DELETION"}),
    "CANCELED": frozenset(),
    "PENDING_DELETION": frozenset(),
    "REMOVED": frozenset(),
}


# --- checks the catalogues share --------------------------------------------------------------------


def _status(statuses: tuple[str, ...], noun: str) -> f.Check:
    def check(value: Any, field: str) -> str:
        return f.check_status_value(value, statuses, noun, field)

    return check


def _money(value: Any, field: str) -> Any:
    return money(value, field)


def _schedule(value: Any, field: str) -> Any:
    return run_schedule(value, field)


def _schedule_end(obj: Mapping[str, Any]) -> Any:
    schedule = obj.get("runSchedule")
    return schedule.get("end") if isinstance(schedule, Mapping) else None


def _total_budget_needs_end(obj: Mapping[str, Any], field: str) -> None:
    if obj.get("totalBudget") and not _schedule_end(obj):
        raise InvalidValue(
            f"{field}.runSchedule.end", "a campaign group with a totalBudget needs a schedule end."
        )


def _group_needs_schedule(body: Mapping[str, Any], field: str) -> None:
    if body.get("status") != "DRAFT" and "runSchedule" not in body:
        raise InvalidValue(
            f"{field}.runSchedule", "a campaign group that is not a DRAFT needs a runSchedule with a start."
        )


def _campaign_needs_budget_and_schedule(body: Mapping[str, Any], field: str) -> None:
    if "dailyBudget" not in body and "totalBudget" not in body:
        raise InvalidValue(field, "a campaign needs a dailyBudget or a totalBudget.")
    if "runSchedule" not in body:
        raise InvalidValue(f"{field}.runSchedule", "a campaign needs a runSchedule with a start.")


_COMMON_READ_ONLY = frozenset({"id", "test", "servingStatuses", "version", "changeAuditStamps"})

# --- the table -------------------------------------------------------------------------------------------

ACCOUNT = AdObjectSpec(
    kind="account",
    noun="ad account",
    entity="sponsoredAccount",
    collection="adAccounts",
    id_argument="ad_account",
    statuses=ACCOUNT_STATUSES,
    transitions=ACCOUNT_TRANSITIONS,
    create_statuses=("ACTIVE", "DRAFT", "CANCELED", "PENDING_DELETION"),
    catalogue=f.Catalogue(
        fields={
            "name": f.text(100),
            "status": _status(ACCOUNT_STATUSES, "ad account"),
            "reference": f.org_urn,
            "notifiedOnCampaignOptimization": f.boolean,
            "notifiedOnCreativeApproval": f.boolean,
            "notifiedOnCreativeRejection": f.boolean,
            "notifiedOnEndOfCampaign": f.boolean,
            "notifiedOnNewFeaturesEnabled": f.boolean,
        },
        create_only={"currency": currency_code, "type": f.enum(f.ACCOUNT_TYPES)},
        read_only=_COMMON_READ_ONLY,
        required=frozenset({"name", "status", "reference"}),
    ),
    match_fields=("name", "reference"),
    top_level=True,
)

CAMPAIGN_GROUP = AdObjectSpec(
    kind="campaign_group",
    noun="campaign group",
    entity="sponsoredCampaignGroup",
    collection="adCampaignGroups",
    id_argument="campaign_group_id",
    statuses=GROUP_STATUSES,
    transitions=GROUP_TRANSITIONS,
    catalogue=f.Catalogue(
        fields={
            "name": f.text(100),
            "status": _status(GROUP_STATUSES, "campaign group"),
            "runSchedule": _schedule,
            "totalBudget": _money,
            "dailyBudget": _money,
            "budgetOptimization": f.record,
        },
        create_only={"objectiveType": f.enum(f.OBJECTIVE_TYPES, f.PLURAL_OBJECTIVES)},
        read_only=_COMMON_READ_ONLY | {"account", "backfilled", "allowedCampaignTypes"},
        required=frozenset({"name", "status"}),
    ),
    money_fields=("totalBudget", "dailyBudget"),
    object_rules=(_total_budget_needs_end,),
    create_rules=(_group_needs_schedule,),
)

CAMPAIGN = AdObjectSpec(
    kind="campaign",
    noun="campaign",
    entity="sponsoredCampaign",
    collection="adCampaigns",
    id_argument="campaign_id",
    statuses=CAMPAIGN_STATUSES,
    transitions=CAMPAIGN_TRANSITIONS,
    catalogue=f.Catalogue(
        fields={
            "campaignGroup": f.urn_check("sponsoredCampaignGroup", "campaign group"),
            "name": f.text(255),
            "status": _status(CAMPAIGN_STATUSES, "campaign"),
            "type": f.enum(f.CAMPAIGN_TYPES),
            "objectiveType": f.enum(f.OBJECTIVE_TYPES, f.PLURAL_OBJECTIVES),
            "costType": f.enum(f.COST_TYPES),
            "unitCost": _money,
            "dailyBudget": _money,
            "totalBudget": _money,
            "locale": f.locale,
            "runSchedule": _schedule,
            "targetingCriteria": f.record,
            "format": f.string,
            "offsiteDeliveryEnabled": f.boolean,
            "audienceExpansionEnabled": f.boolean,
            "creativeSelection": f.enum(f.CREATIVE_SELECTIONS),
            "optimizationTargetType": f.string,
            "pacingStrategy": f.string,
            "associatedEntity": f.any_urn,
            "politicalIntent": f.enum(f.POLITICAL_INTENTS),
        },
        read_only=_COMMON_READ_ONLY | {"account"},
        required=frozenset({"campaignGroup", "name", "status", "type", "costType", "locale"}),
        draft_only=frozenset({"type", "objectiveType"}),
    ),
    money_fields=("unitCost", "dailyBudget", "totalBudget"),
    match_fields=("name", "campaignGroup"),
    parent="campaign_group",
    parent_argument="campaign_group",
    parent_criterion="campaignGroup",
    create_rules=(_campaign_needs_budget_and_schedule,),
)

CREATIVE_STATUSES = ("ACTIVE", "PAUSED", "DRAFT", "ARCHIVED", "CANCELED", "PENDING_DELETION", "REMOVED")

CREATIVE = AdObjectSpec(
    kind="creative",
    noun="creative",
    entity="sponsoredCreative",
    collection="creatives",
    id_argument="creative_id",
    statuses=CREATIVE_STATUSES,
    # LinkedIn publishes no creative matrix: the campaigns' model (docs/linkedin-creatives.md §4).
    transitions=GROUP_TRANSITIONS,
    catalogue=f.Catalogue(
        fields={
            "intendedStatus": _status(CREATIVE_STATUSES, "creative"),
            "name": f.string,
            "leadgenCallToAction": f.record,
        },
        create_only={
            "campaign": f.urn_check("sponsoredCampaign", "campaign"),
            "content": f.post_reference,
        },
        read_only=frozenset(
            {
                "id",
                "account",
                "isServing",
                "servingHoldReasons",
                "review",
                "createdAt",
                "createdBy",
                "lastModifiedAt",
                "lastModifiedBy",
                "isTest",
                "inlineContent",
            }
        ),
        required=frozenset({"campaign", "content", "intendedStatus"}),
    ),
    match_fields=("campaign", "content.reference"),
    match_params=lambda body: {
        "campaigns": [body["campaign"]],
        "contentReferences": [body["content"]["reference"]],
    },
    finder="criteria",
    urn_in_path=True,
    status_field="intendedStatus",
    status_criterion="intendedStatuses",
    parent="campaign",
    parent_argument="campaign_id",
    parent_criterion="campaigns",
    account_in_body=False,
    delete_refusal="a 400: delete is allowed only in draft state",
)

#: Every kind of ad object the provider writes, by kind.
SPECS: Mapping[str, AdObjectSpec] = {
    spec.kind: spec for spec in (ACCOUNT, CAMPAIGN_GROUP, CAMPAIGN, CREATIVE)
}


def spec_of(kind: str | AdObjectSpec) -> AdObjectSpec:
    """The spec of ``kind`` (a spec passes through)."""
    return kind if isinstance(kind, AdObjectSpec) else SPECS[kind]
