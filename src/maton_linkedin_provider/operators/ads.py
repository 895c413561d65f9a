"""Create, change and delete LinkedIn campaign groups and campaigns, and change ad accounts, deliberately.

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
  ``dailybudget`` must not let the task succeed with the budget unchanged).
- **Many objects, one failing.** An update of several objects goes on past a failing one (the
  others' changes are what the schedule wants). Then the task fails with a summary naming each
  failed id and why, after pushing every per-object result as its XCom ``return_value``, so the UI
  and ``all_done`` downstream tasks see what was written. A retry re-reads and re-sends only what
  still differs. ``allow_partial=True`` makes such a run succeed instead (failures stay in the XCom).
- **Deletes need** ``confirm=True``; LinkedIn deletes only DRAFT groups and campaigns, and
  ``archive_instead=True`` archives any other (never silently).

Every operator pushes the account id as XCom ``ad_account`` (for the Campaign Manager links).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from maton_linkedin_provider.links import (
    LinkedInAdAccountLink,
    LinkedInCampaignGroupLink,
    LinkedInCampaignLink,
)
from maton_linkedin_provider.operators.base import LinkedInBaseOperator

if TYPE_CHECKING:
    from collections.abc import Sequence

    from airflow.sdk import Context

#: How many failures the task's error message lists (all are in the XCom).
SHOWN_FAILURES = 10


class _AdsOperator(LinkedInBaseOperator):
    """Shared by the advertising operators: the ad account, and the per-object result summary.

    :param ad_account: the ad account id or ``urn:li:sponsoredAccount:...`` (templated).
    """

    def __init__(self, *, ad_account: str | int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.ad_account = ad_account

    def _account(self, context: Context) -> str:
        """The account's numeric id (checked), also pushed as XCom ``ad_account`` for the links."""
        from maton_linkedin_provider.exceptions import LinkedInInputError
        from maton_linkedin_provider.linkedin.ads import object_id
        from maton_linkedin_provider.linkedin.errors import InvalidValue

        try:
            account_id = object_id(self.ad_account, "account", "ad_account")
        except InvalidValue as err:
            raise LinkedInInputError(err.field, err.message, err.fix) from None
        ti = context.get("ti")
        if ti is not None:
            ti.xcom_push(key="ad_account", value=account_id)
        return account_id

    def _finish(self, context: Context, results: list[dict[str, Any]], noun: str, allow_partial: bool) -> Any:
        """Log the outcome; fail with a summary (after pushing the results) if an object failed."""
        failed = [r for r in results if "error" in r]
        written = sum(1 for r in results if r.get("written"))
        unchanged = len(results) - len(failed) - written
        self.log.info(
            "%d %s(s): %d written, %d unchanged or dry run, %d failed",
            len(results),
            noun,
            written,
            unchanged,
            len(failed),
        )
        if failed and not allow_partial:
            from maton_linkedin_provider.exceptions import LinkedInError

            ti = context.get("ti")
            if ti is not None:
                ti.xcom_push(key="return_value", value=results)
            listed = "; ".join(f"{r['id']}: {r['error']}" for r in failed[:SHOWN_FAILURES])
            more = f"; and {len(failed) - SHOWN_FAILURES} more" if len(failed) > SHOWN_FAILURES else ""
            raise LinkedInError(
                f"{len(failed)} of {len(results)} {noun}(s) failed ({written} written, "
                f"{unchanged} unchanged): {listed}{more}. Every per-{noun} result is in this task's "
                "XCom; a retry re-reads and sends only what still differs."
            )
        return results

    @staticmethod
    def _many(value: Any) -> bool:
        from maton_linkedin_provider.linkedin.ads import is_many

        return is_many(value)


class LinkedInCreateCampaignGroupOperator(_AdsOperator):
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

    def execute(self, context: Context) -> str:
        account = self._account(context)
        return self.hook.create_campaign_group(
            account,
            self.name,
            status=self.status,
            run_schedule=self.run_schedule or None,
            total_budget=self.total_budget if self.total_budget not in ("", None) else None,
            fields=self.fields,
            check_existing=getattr(context.get("ti"), "try_number", 1) > 1,
        )


class LinkedInUpdateCampaignGroupOperator(_AdsOperator):
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

    template_fields: Sequence[str] = (
        "ad_account",
        "campaign_group_id",
        "fields",
        "unset",
        "linkedin_version",
    )
    template_fields_renderers = {"fields": "json"}
    operator_extra_links = (LinkedInCampaignGroupLink(),)

    def __init__(
        self,
        *,
        ad_account: str | int,
        campaign_group_id: Any,
        fields: dict[str, Any] | None = None,
        unset: list[str] | None = None,
        dry_run: bool = False,
        allow_partial: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(ad_account=ad_account, **kwargs)
        self.campaign_group_id = campaign_group_id
        self.fields = fields
        self.unset = unset
        self.is_dry_run = dry_run
        self.allow_partial = allow_partial

    def execute(self, context: Context) -> Any:
        account = self._account(context)
        if not self._many(self.campaign_group_id):
            return self.hook.update_campaign_group(
                account,
                self.campaign_group_id,
                self.fields,
                unset=self.unset or None,
                dry_run=self.is_dry_run,
            )
        results = self.hook.update_campaign_groups(
            account, self.campaign_group_id, self.fields, unset=self.unset or None, dry_run=self.is_dry_run
        )
        return self._finish(context, results, "campaign group", self.allow_partial)


class _LinkedInDeleteAdObjectOperator(_AdsOperator):
    """What the two delete operators share: the guard arguments (``confirm``, ``archive_instead``,
    ``missing_ok``); subclasses name the object and call their hook method with :meth:`_guards`."""

    def __init__(
        self,
        *,
        ad_account: str | int,
        confirm: bool = False,
        archive_instead: bool = False,
        missing_ok: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(ad_account=ad_account, **kwargs)
        self.confirm = confirm
        self.archive_instead = archive_instead
        self.missing_ok = missing_ok

    def _guards(self) -> dict[str, bool]:
        return {
            "confirm": self.confirm,
            "archive_instead": self.archive_instead,
            "missing_ok": self.missing_ok,
        }


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

    template_fields: Sequence[str] = ("ad_account", "campaign_group_id", "linkedin_version")

    def __init__(self, *, campaign_group_id: str | int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.campaign_group_id = campaign_group_id

    def execute(self, context: Context) -> dict[str, Any]:
        return self.hook.delete_campaign_group(
            self._account(context), self.campaign_group_id, **self._guards()
        )


class LinkedInCreateCampaignOperator(_AdsOperator):
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

    def execute(self, context: Context) -> str:
        account = self._account(context)

        def given(value: Any) -> Any:
            return None if value in ("", None) else value

        return self.hook.create_campaign(
            account,
            self.campaign_group,
            self.name,
            campaign_type=self.campaign_type,
            cost_type=self.cost_type,
            run_schedule=self.run_schedule,
            daily_budget=given(self.daily_budget),
            total_budget=given(self.total_budget),
            unit_cost=given(self.unit_cost),
            objective_type=given(self.objective_type),
            locale=self.locale,
            targeting_criteria=self.targeting_criteria or None,
            status=self.status,
            fields=self.fields,
            check_existing=getattr(context.get("ti"), "try_number", 1) > 1,
        )


class LinkedInUpdateCampaignOperator(_AdsOperator):
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

    def __init__(
        self,
        *,
        ad_account: str | int,
        fields: dict[str, Any] | None = None,
        campaign_id: Any = None,
        campaign_group: Any = None,
        status: str | list[str] | None = None,
        unset: list[str] | None = None,
        dry_run: bool = False,
        allow_partial: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(ad_account=ad_account, **kwargs)
        self.campaign_id = campaign_id
        self.campaign_group = campaign_group
        self.status = status
        self.fields = fields
        self.unset = unset
        self.is_dry_run = dry_run
        self.allow_partial = allow_partial

    def execute(self, context: Context) -> Any:
        account = self._account(context)
        single = self.campaign_id not in (None, "") and not self._many(self.campaign_id)
        if single and self.campaign_group in (None, "") and self.status in (None, ""):
            return self.hook.update_campaign(
                account, self.campaign_id, self.fields, unset=self.unset or None, dry_run=self.is_dry_run
            )
        results = self.hook.update_campaigns(
            account,
            self.campaign_id if self.campaign_id not in (None, "") else None,
            self.fields,
            campaign_group=self.campaign_group if self.campaign_group not in (None, "") else None,
            status=self.status or None,
            unset=self.unset or None,
            dry_run=self.is_dry_run,
        )
        return self._finish(context, results, "campaign", self.allow_partial)


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

    template_fields: Sequence[str] = ("ad_account", "campaign_id", "linkedin_version")

    def __init__(self, *, campaign_id: str | int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.campaign_id = campaign_id

    def execute(self, context: Context) -> dict[str, Any]:
        return self.hook.delete_campaign(self._account(context), self.campaign_id, **self._guards())


class LinkedInUpdateAdAccountOperator(_AdsOperator):
    """Change an ad account (name, status, reference, notification settings), diff-based.

    :param ad_account: the ad account id or URN (templated).
    :param fields: LinkedIn fields to set, e.g. ``{"name": "Brand 2027"}`` (templated).
    :param unset: fields to remove (templated).
    :param dry_run: read and log the diff, write nothing.
    :return: ``{"id", "changed": {field: [old, new]}, "written": bool}`` (XCom).
    """

    template_fields: Sequence[str] = ("ad_account", "fields", "unset", "linkedin_version")
    template_fields_renderers = {"fields": "json"}
    operator_extra_links = (LinkedInAdAccountLink(),)

    def __init__(
        self,
        *,
        ad_account: str | int,
        fields: dict[str, Any] | None = None,
        unset: list[str] | None = None,
        dry_run: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(ad_account=ad_account, **kwargs)
        self.fields = fields
        self.unset = unset
        self.is_dry_run = dry_run

    def execute(self, context: Context) -> dict[str, Any]:
        account = self._account(context)
        return self.hook.update_ad_account(
            account, self.fields, unset=self.unset or None, dry_run=self.is_dry_run
        )
