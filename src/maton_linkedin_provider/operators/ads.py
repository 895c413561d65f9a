"""Create, change and delete LinkedIn campaign groups, campaigns and creatives, and change ad accounts.

Made for scheduled changes (activate at 08:00, pause at 20:00, raise a budget on launch day), where
a wrong or repeated write costs money:

- **Updates are diff-based.** The operator reads the object(s) and writes only the fields that
  differ; nothing when nothing differs. An Airflow retry is therefore harmless: the second run finds
  the first run's changes in place and writes nothing. ``dry_run=True`` reads, logs the diff and
  writes nothing.
- **Values are templated and friendly.** ``fields`` uses LinkedIn's names with friendly values:
  money as a number in the account's currency (``{"dailyBudget": 120}``), times as datetimes, ISO
  strings or epoch ms (``{"runSchedule": {"end": "{{ data_interval_end.add(days=30).isoformat() }}"}}``).
- **Inputs are checked before any request**: statuses, budgets, schedules, ids, field names (an
  unknown field is refused, with the known ones listed, rather than warned about: a misspelt
  ``dailybudget`` must not let the task succeed with the budget unchanged). Literal ids, fields,
  ``unset``, status filters and a missing ``confirm=True`` are refused when the DAG is parsed (an
  import error in the UI); templated ones when the task runs.
- **Many objects, one failing.** An update of several objects goes on past a failing one (the
  others' changes are what the schedule wants). Then the task fails with a summary naming each
  failed id and why, after pushing every per-object result as its XCom ``return_value``, so the UI
  and ``all_done`` downstream tasks see what was written. A retry re-reads and re-sends only what
  still differs. ``allow_partial=True`` makes such a run succeed instead (failures stay in the XCom).
- **Deletes need** ``confirm=True``; LinkedIn deletes only DRAFT groups, campaigns and creatives,
  and ``archive_instead=True`` archives any other (never silently).

Three base classes (:mod:`._adbase`) do the work, driven by the kind's spec
(:mod:`maton_linkedin_provider.linkedin.adspec`) and a few class attributes: one for creates, one
for updates, one for deletes. Each public operator is a thin, named wrapper: its arguments, its
templated fields, its link. Every operator pushes the account id as XCom ``ad_account`` (for the
Campaign Manager links).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from maton_linkedin_provider.links import (
    LinkedInAdAccountLink,
    LinkedInCampaignGroupLink,
    LinkedInCampaignLink,
    LinkedInCreativeLink,
)
from maton_linkedin_provider.operators._adbase import (
    SHOWN_FAILURES,
    _LinkedInCreateAdObjectOperator,
    _LinkedInDeleteAdObjectOperator,
    _LinkedInUpdateAdObjectOperator,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = [
    "SHOWN_FAILURES",
    "LinkedInCreateCampaignGroupOperator",
    "LinkedInCreateCampaignOperator",
    "LinkedInCreateCreativeOperator",
    "LinkedInDeleteCampaignGroupOperator",
    "LinkedInDeleteCampaignOperator",
    "LinkedInDeleteCreativeOperator",
    "LinkedInUpdateAdAccountOperator",
    "LinkedInUpdateCampaignGroupOperator",
    "LinkedInUpdateCampaignOperator",
    "LinkedInUpdateCreativeOperator",
]

# --- campaign groups -------------------------------------------------------------------------------


class LinkedInCreateCampaignGroupOperator(_LinkedInCreateAdObjectOperator):
    """Create a campaign group (DRAFT by default: nothing serves until it is activated).

    When Airflow retries the task, the operator first looks for a group of this name created in the
    last 24 hours (one read) and returns it instead of creating a second one.

    :param ad_account: the ad account id or URN (templated).
    :param name: the group's name, at most 100 characters (templated).
    :param status: ``DRAFT``, ``ACTIVE`` or ``PAUSED`` (templated).
    :param run_schedule: ``{"start": ..., "end": ...}``: datetimes, ISO strings or epoch ms;
        required unless DRAFT, with an end when there is a total budget (templated).
    :param total_budget: a number in the account's currency, or ``{"amount", "currencyCode"}`` (templated).
    :param fields: other LinkedIn fields (``dailyBudget``, ``objectiveType``...) (templated).
    :return: the new group's numeric id (XCom); the "Campaign Manager: campaign group" link opens it.
    """

    kind = "campaign_group"
    create_method = "create_campaign_group"
    positional = ("name",)
    keywords = ("status", "run_schedule", "total_budget", "fields")
    optional = frozenset({"run_schedule", "total_budget"})
    template_fields: Sequence[str] = (
        "ad_account",
        "name",
        "status",
        "run_schedule",
        "total_budget",
        "fields",
        "linkedin_version",
    )
    template_fields_renderers = {"run_schedule": "json", "fields": "json"}
    operator_extra_links = (LinkedInCampaignGroupLink(),)

    def __init__(
        self,
        *,
        ad_account: str | int,
        name: str,
        status: str = "DRAFT",
        run_schedule: dict[str, Any] | None = None,
        total_budget: Any = None,
        fields: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(ad_account=ad_account, **kwargs)
        self.name = name
        self.status = status
        self.run_schedule = run_schedule
        self.total_budget = total_budget
        self.fields = fields
        self._check_fields(fields, "create")


class LinkedInUpdateCampaignGroupOperator(_LinkedInUpdateAdObjectOperator):
    """Change campaign groups: read each, write only the fields that differ (nothing if none).

    .. code-block:: python

        LinkedInUpdateCampaignGroupOperator(
            task_id="end_quarter",
            ad_account=507000001,
            campaign_group_id=600000001,
            fields={"status": "PAUSED", "runSchedule": {"end": "{{ data_interval_end.isoformat() }}"}},
        )

    :param ad_account: the ad account id or URN (templated).
    :param campaign_group_id: one group id or URN, or a list of them (templated).
    :param fields: LinkedIn fields to set: ``name``, ``status``, ``runSchedule``, ``totalBudget``,
        ``dailyBudget``, ``budgetOptimization`` (templated).
    :param unset: fields to remove (sent as ``$delete``), e.g. ``["totalBudget"]`` (templated).
    :param dry_run: read and log the diff, write nothing.
    :param allow_partial: with several groups, succeed even if some failed.
    :return: ``{"id", "changed": {field: [old, new]}, "written": bool}`` for one id; a list of
        them for a list (a failed one also carries ``error``) (XCom).
    """

    kind = "campaign_group"
    update_one = "update_campaign_group"
    update_many = "update_campaign_groups"
    template_fields: Sequence[str] = (
        "ad_account",
        "campaign_group_id",
        "fields",
        "unset",
        "linkedin_version",
    )
    template_fields_renderers = {"fields": "json"}
    operator_extra_links = (LinkedInCampaignGroupLink(),)

    def __init__(self, *, campaign_group_id: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.campaign_group_id = campaign_group_id
        self._check_ids(campaign_group_id, "campaign_group", "campaign_group_id", many=True)


class LinkedInDeleteCampaignGroupOperator(_LinkedInDeleteAdObjectOperator):
    """Delete a DRAFT campaign group (with its draft campaigns); ``confirm=True`` is required.

    LinkedIn deletes only DRAFT groups. For any other status the task fails and says so, unless
    ``archive_instead=True``, which sets the status to ARCHIVED. A group already gone is a success
    (so a retry is harmless) unless ``missing_ok=False``.

    :param ad_account: the ad account id or URN (templated).
    :param campaign_group_id: the group id or URN (templated).
    :param confirm: must be ``True``.
    :param archive_instead: archive a group that is not a DRAFT instead of failing.
    :param missing_ok: succeed when the group does not exist.
    :return: ``{"id", "action", "status_before"}`` with action ``deleted``, ``archived``,
        ``already_archived`` or ``already_gone`` (XCom).
    """

    kind = "campaign_group"
    delete_method = "delete_campaign_group"
    template_fields: Sequence[str] = ("ad_account", "campaign_group_id", "linkedin_version")

    def __init__(self, *, campaign_group_id: str | int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.campaign_group_id = campaign_group_id
        self._check_ids(campaign_group_id, "campaign_group", "campaign_group_id")


# --- campaigns -------------------------------------------------------------------------------------


class LinkedInCreateCampaignOperator(_LinkedInCreateAdObjectOperator):
    """Create a campaign in a campaign group (DRAFT by default).

    When Airflow retries the task, the operator first looks for a campaign of this name in the group
    created in the last 24 hours (one read) and returns it instead of creating a second one.

    :param ad_account: the ad account id or URN (templated).
    :param campaign_group: the group's id or URN, e.g. a create-group task's XCom (templated).
    :param name: the campaign's name (templated).
    :param campaign_type: ``SPONSORED_UPDATES``, ``TEXT_AD``, ``SPONSORED_INMAILS`` or ``DYNAMIC``
        (templated).
    :param cost_type: ``CPM``, ``CPC`` or ``CPV`` (templated).
    :param run_schedule: ``{"start": ..., "end": ...}`` (templated).
    :param daily_budget: a number in the account's currency, or money dict; this or
        ``total_budget`` (templated).
    :param total_budget: as ``daily_budget`` (templated).
    :param unit_cost: the bid, as money (templated).
    :param objective_type: ``WEBSITE_VISIT``, ``BRAND_AWARENESS``... (singular) (templated).
    :param locale: ``"en_US"`` or ``{"country": "US", "language": "en"}`` (templated).
    :param targeting_criteria: LinkedIn's ``targetingCriteria`` record (templated).
    :param status: ``DRAFT``, ``ACTIVE`` or ``PAUSED``; a DRAFT group holds only drafts (templated).
    :param fields: other LinkedIn fields (``format``, ``politicalIntent``...) (templated).
    :return: the new campaign's numeric id (XCom); the "Campaign Manager: campaign" link opens it.
    """

    kind = "campaign"
    create_method = "create_campaign"
    positional = ("campaign_group", "name")
    keywords = (
        "campaign_type",
        "cost_type",
        "run_schedule",
        "daily_budget",
        "total_budget",
        "unit_cost",
        "objective_type",
        "locale",
        "targeting_criteria",
        "status",
        "fields",
    )
    optional = frozenset(
        {"daily_budget", "total_budget", "unit_cost", "objective_type", "targeting_criteria"}
    )
    template_fields: Sequence[str] = (
        "ad_account",
        "campaign_group",
        "name",
        "campaign_type",
        "cost_type",
        "run_schedule",
        "daily_budget",
        "total_budget",
        "unit_cost",
        "objective_type",
        "locale",
        "targeting_criteria",
        "status",
        "fields",
        "linkedin_version",
    )
    template_fields_renderers = {"run_schedule": "json", "targeting_criteria": "json", "fields": "json"}
    operator_extra_links = (LinkedInCampaignLink(),)

    def __init__(
        self,
        *,
        ad_account: str | int,
        campaign_group: Any,
        name: str,
        campaign_type: str = "SPONSORED_UPDATES",
        cost_type: str = "CPM",
        run_schedule: dict[str, Any],
        daily_budget: Any = None,
        total_budget: Any = None,
        unit_cost: Any = None,
        objective_type: str | None = None,
        locale: str | dict[str, str] = "en_US",
        targeting_criteria: dict[str, Any] | None = None,
        status: str = "DRAFT",
        fields: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(ad_account=ad_account, **kwargs)
        self.campaign_group = campaign_group
        self.name = name
        self.campaign_type = campaign_type
        self.cost_type = cost_type
        self.run_schedule = run_schedule
        self.daily_budget = daily_budget
        self.total_budget = total_budget
        self.unit_cost = unit_cost
        self.objective_type = objective_type
        self.locale = locale
        self.targeting_criteria = targeting_criteria
        self.status = status
        self.fields = fields
        self._check_ids(campaign_group, "campaign_group", "campaign_group")
        self._check_fields(fields, "create")


class LinkedInUpdateCampaignOperator(_LinkedInUpdateAdObjectOperator):
    """Change campaigns: by id(s), or every campaign of a group with a given status.

    Reads (one GET for one id, one BATCH_GET for a list, one search for a group), then writes only
    the fields that differ, one PARTIAL_UPDATE per campaign that differs; nothing when nothing does.

    .. code-block:: python

        # 08:00 on weekdays: activate the group's paused campaigns
        LinkedInUpdateCampaignOperator(
            task_id="activate",
            ad_account=507000001,
            campaign_group=600000001,
            status="PAUSED",
            fields={"status": "ACTIVE"},
        )

    :param ad_account: the ad account id or URN (templated).
    :param campaign_id: one campaign id or URN, or a list (templated). Not with ``campaign_group``.
    :param campaign_group: update the campaigns of this group (id or URN; or a list of groups) (templated).
    :param status: with ``campaign_group``, only campaigns in this status (or these statuses)
        (templated). This filters; the status to set goes in ``fields``.
    :param fields: LinkedIn fields to set (``status``, ``dailyBudget``, ``totalBudget``, ``unitCost``,
        ``runSchedule``, ``name``, ``targetingCriteria``...), friendly values accepted (templated).
    :param unset: fields to remove (sent as ``$delete``) (templated).
    :param dry_run: read and log the diff, write nothing.
    :param allow_partial: with several campaigns, succeed even if some failed.
    :return: ``{"id", "changed": {field: [old, new]}, "written": bool}`` for one ``campaign_id``;
        a list of them otherwise (a failed one also carries ``error``) (XCom).
    """

    kind = "campaign"
    update_one = "update_campaign"
    update_many = "update_campaigns"
    template_fields: Sequence[str] = (
        "ad_account",
        "campaign_id",
        "campaign_group",
        "status",
        "fields",
        "unset",
        "linkedin_version",
    )
    template_fields_renderers = {"fields": "json"}
    operator_extra_links = (LinkedInCampaignLink(),)

    def __init__(self, *, campaign_id: Any = None, campaign_group: Any = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.campaign_id = campaign_id
        self.campaign_group = campaign_group
        self._check_ids(campaign_id, "campaign", "campaign_id", many=True)
        self._check_ids(campaign_group, "campaign_group", "campaign_group", many=True)


class LinkedInDeleteCampaignOperator(_LinkedInDeleteAdObjectOperator):
    """Delete a DRAFT campaign; ``confirm=True`` is required.

    LinkedIn deletes only DRAFT campaigns. For any other status the task fails and says so, unless
    ``archive_instead=True``, which sets the status to ARCHIVED. A campaign already gone is a success
    (so a retry is harmless) unless ``missing_ok=False``.

    :param ad_account: the ad account id or URN (templated).
    :param campaign_id: the campaign id or URN (templated).
    :param confirm: must be ``True``.
    :param archive_instead: archive a campaign that is not a DRAFT instead of failing.
    :param missing_ok: succeed when the campaign does not exist.
    :return: ``{"id", "action", "status_before"}`` with action ``deleted``, ``archived``,
        ``already_archived`` or ``already_gone`` (XCom).
    """

    kind = "campaign"
    delete_method = "delete_campaign"
    template_fields: Sequence[str] = ("ad_account", "campaign_id", "linkedin_version")

    def __init__(self, *, campaign_id: str | int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.campaign_id = campaign_id
        self._check_ids(campaign_id, "campaign", "campaign_id")


# --- creatives -------------------------------------------------------------------------------------


class LinkedInCreateCreativeOperator(_LinkedInCreateAdObjectOperator):
    """Sponsor an existing post in a campaign: create a creative (DRAFT by default).

    The creative's ``intendedStatus`` is ``status``: a DRAFT never serves, an ACTIVE one goes to
    LinkedIn's review and serves while its campaign does. When Airflow retries the task, the
    operator first looks for a creative of this post in this campaign created in the last 24 hours
    (one read) and returns it instead of creating a second one.

    .. code-block:: python

        LinkedInCreateCreativeOperator(
            task_id="sponsor",
            ad_account=507000001,
            campaign_id=610000001,
            reference="{{ ti.xcom_pull(task_ids='publish') }}",
            status="ACTIVE",
        )

    :param ad_account: the ad account id or URN (templated).
    :param campaign_id: the campaign's id or URN; it must belong to the account (templated).
    :param reference: the post to sponsor, ``urn:li:share:...`` or ``urn:li:ugcPost:...``, e.g. a
        create-post task's XCom (templated).
    :param status: ``DRAFT``, ``ACTIVE`` or ``PAUSED`` (sent as ``intendedStatus``) (templated).
    :param name: the creative's name (LinkedIn-Version 202410 and later) (templated).
    :param fields: other LinkedIn fields (``leadgenCallToAction``) (templated).
    :return: the new creative's URN, ``urn:li:sponsoredCreative:{id}`` (XCom); the "Campaign
        Manager: creative" link opens it.
    """

    kind = "creative"
    create_method = "create_creative"
    positional = ("campaign_id", "reference")
    keywords = ("status", "name", "fields")
    optional = frozenset({"name"})
    template_fields: Sequence[str] = (
        "ad_account",
        "campaign_id",
        "reference",
        "status",
        "name",
        "fields",
        "linkedin_version",
    )
    template_fields_renderers = {"fields": "json"}
    operator_extra_links = (LinkedInCreativeLink(),)

    def __init__(
        self,
        *,
        ad_account: str | int,
        campaign_id: Any,
        reference: str,
        status: str = "DRAFT",
        name: str | None = None,
        fields: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(ad_account=ad_account, **kwargs)
        self.campaign_id = campaign_id
        self.reference = reference
        self.status = status
        self.name = name
        self.fields = fields
        self._check_ids(campaign_id, "campaign", "campaign_id")
        self._check_fields(fields, "create")


class LinkedInUpdateCreativeOperator(_LinkedInUpdateAdObjectOperator):
    """Change creatives: by URN(s), or every creative of a campaign with a given status; diff-based.

    Reads (one GET for one creative, one BATCH_GET for a list, one ``q=criteria`` search for a
    campaign), then writes only the fields that differ, one PARTIAL_UPDATE per creative.

    .. code-block:: python

        # 20:00: pause the campaign's serving creatives
        LinkedInUpdateCreativeOperator(
            task_id="pause_creatives",
            ad_account=507000001,
            campaign_id=610000001,
            status="ACTIVE",
            fields={"intendedStatus": "PAUSED"},
        )

    :param ad_account: the ad account id or URN (templated).
    :param creative_id: one creative URN (or id), or a list (templated). Not with ``campaign_id``.
    :param campaign_id: update the creatives of this campaign (or these campaigns) (templated).
    :param status: with ``campaign_id``, only creatives with this ``intendedStatus`` (or these)
        (templated). This filters; the status to set goes in ``fields``.
    :param fields: LinkedIn fields to set: ``intendedStatus``, ``name``, ``leadgenCallToAction``
        (templated).
    :param unset: fields to remove (sent as ``$delete``) (templated).
    :param dry_run: read and log the diff, write nothing.
    :param allow_partial: with several creatives, succeed even if some failed.
    :return: ``{"id" (the creative URN), "changed": {field: [old, new]}, "written": bool}`` for one
        ``creative_id``; a list of them otherwise (a failed one also carries ``error``) (XCom).
    """

    kind = "creative"
    update_one = "update_creative"
    update_many = "update_creatives"
    template_fields: Sequence[str] = (
        "ad_account",
        "creative_id",
        "campaign_id",
        "status",
        "fields",
        "unset",
        "linkedin_version",
    )
    template_fields_renderers = {"fields": "json"}
    operator_extra_links = (LinkedInCreativeLink(),)

    def __init__(self, *, creative_id: Any = None, campaign_id: Any = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.creative_id = creative_id
        self.campaign_id = campaign_id
        self._check_ids(creative_id, "creative", "creative_id", many=True)
        self._check_ids(campaign_id, "campaign", "campaign_id", many=True)


class LinkedInDeleteCreativeOperator(_LinkedInDeleteAdObjectOperator):
    """Delete a DRAFT creative; ``confirm=True`` is required.

    This provider deletes only DRAFT creatives (LinkedIn also deletes those of a DRAFT campaign).
    For any other status the task fails and says so, unless ``archive_instead=True``, which sets
    ``intendedStatus`` to ARCHIVED. A creative already gone is a success unless ``missing_ok=False``.

    :param ad_account: the ad account id or URN (templated).
    :param creative_id: the creative URN or id (templated).
    :param confirm: must be ``True``.
    :param archive_instead: archive a creative that is not a DRAFT instead of failing.
    :param missing_ok: succeed when the creative does not exist.
    :return: ``{"id", "action", "status_before"}`` with action ``deleted``, ``archived``,
        ``already_archived`` or ``already_gone`` (XCom).
    """

    kind = "creative"
    delete_method = "delete_creative"
    template_fields: Sequence[str] = ("ad_account", "creative_id", "linkedin_version")

    def __init__(self, *, creative_id: str | int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.creative_id = creative_id
        self._check_ids(creative_id, "creative", "creative_id")


# --- ad accounts -----------------------------------------------------------------------------------


class LinkedInUpdateAdAccountOperator(_LinkedInUpdateAdObjectOperator):
    """Change an ad account (name, status, reference, notification settings), diff-based.

    :param ad_account: the ad account id or URN (templated).
    :param fields: LinkedIn fields to set, e.g. ``{"name": "Brand 2027"}`` (templated).
    :param unset: fields to remove (templated).
    :param dry_run: read and log the diff, write nothing.
    :return: ``{"id", "changed": {field: [old, new]}, "written": bool}`` (XCom).
    """

    kind = "account"
    update_one = "update_ad_account"
    template_fields: Sequence[str] = ("ad_account", "fields", "unset", "linkedin_version")
    template_fields_renderers = {"fields": "json"}
    operator_extra_links = (LinkedInAdAccountLink(),)

    def __init__(
        self,
        *,
        fields: dict[str, Any] | None = None,
        unset: list[str] | None = None,
        dry_run: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(fields=fields, unset=unset, dry_run=dry_run, **kwargs)
