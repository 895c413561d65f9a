"""The sandbox's own description of each kind of ad object: one row per kind, read by the resources.

Written from ``linkedin-api.md`` (and, for creatives, ``docs/linkedin-creatives.md``), not from
the client: like the rest of the sandbox it imports nothing of ``linkedin/`` or ``hooks/``, so a
wrong rule in the client's table cannot hide behind the same rule here. The resources
(:mod:`.ads`, :mod:`.campaigns`, :mod:`.creatives`) take statuses, transitions, writable fields,
money fields, the delete rule and the search criteria from these rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Mapping


@dataclass(frozen=True)
class AdKind:
    """What LinkedIn enforces for one kind of ad object, as the sandbox models it.

    :param kind: the key (``"campaign"``).
    :param what: how LinkedIn's messages name it (``"Campaign group"``).
    :param entity: the URN entity type (``sponsoredCampaign``).
    :param collection: the path segment (``adCampaigns``; accounts: ``adAccounts``).
    :param store: the :class:`~maton_linkedin_provider.sandbox.state.State` attribute holding them.
    :param first_id: the first id a create hands out.
    :param statuses: every status; ``status_field`` holds it.
    :param transitions: status -> statuses a write may move it to (others: INVALID_STATUS_TRANSITION).
    :param create_statuses: the statuses a create may set (``None``: any non-system status).
    :param writable: fields a create or a PARTIAL_UPDATE may set.
    :param create_only: fields only a create may set (FIELD_NOT_UPDATABLE afterwards).
    :param required: fields a create must give and an update cannot remove.
    :param money: money fields (checked against the account's currency).
    :param deletable: statuses in which DELETE is allowed.
    :param criteria: the finder's criteria.
    """

    kind: str
    what: str
    entity: str
    collection: str
    store: str
    first_id: int
    statuses: tuple[str, ...]
    transitions: Mapping[str, tuple[str, ...]]
    writable: tuple[str, ...]
    required: tuple[str, ...]
    criteria: tuple[str, ...]
    create_statuses: tuple[str, ...] | None = ("DRAFT", "ACTIVE", "PAUSED")
    create_only: tuple[str, ...] = ()
    money: tuple[str, ...] = ()
    deletable: tuple[str, ...] = ("DRAFT",)
    status_field: str = "status"


#: Statuses only LinkedIn sets.
SYSTEM_STATUSES = ("COMPLETED", "REMOVED")
#: Fields LinkedIn sets on every ad object.
READ_ONLY = ("id", "account", "servingStatuses", "version", "changeAuditStamps", "backfilled", "test")

_SERVING_TRANSITIONS = {
    "DRAFT": ("ACTIVE", "PAUSED", "ARCHIVED", "CANCELED", "PENDING_DELETION"),
    "ACTIVE": ("PAUSED", "ARCHIVED", "CANCELED", "PENDING_DELETION"),
    "PAUSED": ("ACTIVE", "ARCHIVED", "CANCELED", "PENDING_DELETION"),
    "ARCHIVED": ("PAUSED", "PENDING_DELETION"),
    "CANCELED": ("ARCHIVED",),
}

ACCOUNT = AdKind(
    kind="account",
    what="Ad account",
    entity="sponsoredAccount",
    collection="adAccounts",
    store="ad_accounts",
    first_id=508000001,
    statuses=("ACTIVE", "CANCELED", "DRAFT", "PENDING_DELETION", "REMOVED"),
    transitions={
        "DRAFT": ("ACTIVE", "CANCELED", "PENDING_DELETION"),
        "ACTIVE": ("CANCELED", "PENDING_DELETION"),
    },
    create_statuses=None,
    writable=(
        "name",
        "status",
        "reference",
        "notifiedOnCampaignOptimization",
        "notifiedOnCreativeApproval",
        "notifiedOnCreativeRejection",
        "notifiedOnEndOfCampaign",
        "notifiedOnNewFeaturesEnabled",
    ),
    create_only=("currency", "type", "test"),
    required=("name", "currency", "reference"),
    criteria=("status", "type", "reference", "name", "id", "test"),
)

CAMPAIGN_GROUP = AdKind(
    kind="campaign_group",
    what="Campaign group",
    entity="sponsoredCampaignGroup",
    collection="adCampaignGroups",
    store="campaign_groups",
    first_id=600000101,
    statuses=("ACTIVE", "PAUSED", "ARCHIVED", "CANCELED", "DRAFT", "PENDING_DELETION", "REMOVED"),
    transitions=_SERVING_TRANSITIONS,
    writable=("name", "status", "runSchedule", "totalBudget", "dailyBudget", "budgetOptimization"),
    create_only=("objectiveType", "account"),
    required=("name", "status"),
    money=("totalBudget", "dailyBudget"),
    criteria=("status", "id", "name", "test"),
)

CAMPAIGN = AdKind(
    kind="campaign",
    what="Campaign",
    entity="sponsoredCampaign",
    collection="adCampaigns",
    store="campaigns",
    first_id=610000101,
    statuses=(
        "ACTIVE",
        "PAUSED",
        "ARCHIVED",
        "COMPLETED",
        "CANCELED",
        "DRAFT",
        "PENDING_DELETION",
        "REMOVED",
    ),
    transitions={**_SERVING_TRANSITIONS, "COMPLETED": ("ARCHIVED",)},
    writable=(
        "campaignGroup",
        "name",
        "status",
        "type",
        "objectiveType",
        "costType",
        "unitCost",
        "dailyBudget",
        "totalBudget",
        "locale",
        "runSchedule",
        "targetingCriteria",
        "format",
        "offsiteDeliveryEnabled",
        "audienceExpansionEnabled",
        "creativeSelection",
        "optimizationTargetType",
        "pacingStrategy",
        "associatedEntity",
        "politicalIntent",
    ),
    required=("campaignGroup", "name", "status", "type", "costType", "locale", "runSchedule"),
    money=("dailyBudget", "totalBudget", "unitCost"),
    criteria=("status", "campaignGroup", "id", "name", "type", "test"),
)

#: Creatives (docs/linkedin-creatives.md): keyed by URN, status in ``intendedStatus``, the
#: ``q=criteria`` finder; deleted when DRAFT or when their campaign is a DRAFT.
CREATIVE = AdKind(
    kind="creative",
    what="Creative",
    entity="sponsoredCreative",
    collection="creatives",
    store="creatives",
    first_id=700000101,
    statuses=("ACTIVE", "PAUSED", "DRAFT", "ARCHIVED", "CANCELED", "PENDING_DELETION", "REMOVED"),
    transitions=_SERVING_TRANSITIONS,
    writable=("intendedStatus", "name", "leadgenCallToAction"),
    create_only=("campaign", "content"),
    required=("campaign", "content"),
    criteria=(
        "campaigns",
        "creatives",
        "contentReferences",
        "intendedStatuses",
        "leadgenCreativeCallToActionDestinations",
        "isTestAccount",
        "isTotalIncluded",
        "sortOrder",
    ),
    status_field="intendedStatus",
)

KINDS: Mapping[str, AdKind] = {k.kind: k for k in (ACCOUNT, CAMPAIGN_GROUP, CAMPAIGN, CREATIVE)}
