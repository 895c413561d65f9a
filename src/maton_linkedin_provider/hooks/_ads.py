"""Advertising: ad accounts, campaign groups, campaigns and targeting facets.

Every write is deliberate, because a wrong or repeated change costs money:

- Updates are diff-based partial updates: the hook reads the object (one GET; a BATCH_GET or one
  search for many), sends ``POST .../{id}`` with ``X-RestLi-Method: PARTIAL_UPDATE`` and
  ``{"patch": {"$set": {only the fields that differ}, "$delete": [...]}}``, and sends nothing when
  nothing differs. So a no-op costs one read, and an Airflow retry of an update is harmless (the
  second run finds nothing to change). ``dry_run=True`` reads and reports, and writes nothing.
  The result is ``{"id", "changed": {field: [old, new]}, "written": bool}``.
- Input is checked before any request (statuses, budgets, schedules, ids, field names: see
  :mod:`maton_linkedin_provider.linkedin.ads`). What needs the current object (the status
  transition, draft-only fields, the merged schedule) is checked after the read, before any write.
- Money given as a number is sent in the account's currency. The currency comes from the object
  just read when it has a money field, else from the account (one GET, cached per hook).
- Deletes need ``confirm=True``. LinkedIn deletes only DRAFT groups and campaigns; for any other
  status the hook explains that, and archives instead only when asked (``archive_instead=True``).
- Creates are sent once: after an ambiguous failure, or on an Airflow retry (``check_existing``),
  the hook first looks for an object of the same name made in the last 24 hours.
- Updating many objects continues past a failing one: each result is ``{"id", "changed",
  "written"}`` or, for a failure, the same with ``"error"``; the caller decides what to raise.

Each method checks its arguments against the kind's spec
(:mod:`maton_linkedin_provider.linkedin.adspec`) and hands the work to the composed
:class:`~._adobjects.AdObjects` helper, which holds the per-hook state (account currencies) and
the code every kind shares. Parameter names are the operators' (``ad_account``,
``campaign_group_id``, ``campaign_id``...).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from maton_linkedin_provider.hooks._adobjects import (
    ADS_PAGE_SIZE,
    BATCH_GET_SIZE,
    CREATE_DEDUPE_SECONDS,
    AdObjects,
    children_criteria,
    merge_named,
    prepare_update,
    status_criteria,
)
from maton_linkedin_provider.hooks._core import LinkedInHookCore
from maton_linkedin_provider.inputs import input_errors
from maton_linkedin_provider.linkedin import ads as rules
from maton_linkedin_provider.linkedin.adspec import (
    ACCOUNT,
    CAMPAIGN,
    CAMPAIGN_GROUP,
    CREATIVE,
)

__all__ = ["ADS_PAGE_SIZE", "BATCH_GET_SIZE", "CREATE_DEDUPE_SECONDS", "AdsMixin"]

Json = dict[str, Any]
IdOrIds = str | int | Sequence[str | int]


class AdsMixin(LinkedInHookCore):
    """Hook methods for ad accounts, their campaign groups and campaigns, and targeting facets.

    Accounts, groups and campaigns are named by their numeric id or their URN
    (``urn:li:sponsoredAccount:507000001``, ``urn:li:sponsoredCampaignGroup:...``,
    ``urn:li:sponsoredCampaign:...``). Field dicts use LinkedIn's field names (``dailyBudget``,
    ``runSchedule``...) with friendly values (numbers for money, datetimes or ISO strings for times).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._ad_objects = AdObjects(self)

    # --- ad accounts ----------------------------------------------------------------------------

    def list_ad_accounts(
        self,
        status: str | Sequence[str] | None = None,
        *,
        page_size: int = ADS_PAGE_SIZE,
        max_items: int | None = None,
    ) -> list[Json]:
        """Ad accounts the member can see (``GET /adAccounts?q=search``, every page).

        :param status: only accounts with this status (or one of these), e.g. ``"ACTIVE"``.
        """
        return self._ad_objects.list_in(ACCOUNT, "", status_criteria(ACCOUNT, status), page_size, max_items)

    def get_ad_account(self, ad_account: str | int) -> Json:
        """One ad account (``GET /adAccounts/{id}``); its currency is remembered for money fields."""
        return self._ad_objects.read(ACCOUNT, ad_account, ad_account)

    def get_account_currency(self, ad_account: str | int) -> str:
        """The account's currency code, read once per hook."""
        with input_errors():
            account_id = ACCOUNT.object_id(ad_account)
        return self._ad_objects.account_currency(account_id)

    def create_ad_account(
        self,
        name: str,
        currency: str,
        reference: str | int,
        *,
        account_type: str = "BUSINESS",
        test: bool = False,
        fields: Mapping[str, Any] | None = None,
        check_existing: bool = False,
    ) -> str:
        """Create an ad account (``POST /adAccounts``); return its numeric id.

        :param reference: the organization the account advertises for (URN or id).
        :param account_type: ``BUSINESS`` or ``ENTERPRISE``.
        :param test: a test account (one per developer application).
        :param fields: other account fields (``status``, ``notifiedOn...``).
        """
        named = {"name": name, "currency": currency, "reference": reference, "type": account_type}
        with input_errors():
            body = rules.normalize_fields(ACCOUNT, merge_named(named, fields), purpose="create")
            rules.check_create(ACCOUNT, body)
        if test:
            body["test"] = True
        return self._ad_objects.create(ACCOUNT, "", body, check_existing=check_existing)

    def update_ad_account(
        self,
        ad_account: str | int,
        fields: Mapping[str, Any] | None = None,
        *,
        unset: Sequence[str] | None = None,
        dry_run: bool = False,
    ) -> Json:
        """Diff-based partial update of an ad account (name, status, reference, notifications).

        :return: ``{"id", "changed": {field: [old, new]}, "written": bool}``.
        """
        with input_errors():
            account_id = ACCOUNT.object_id(ad_account)
            normalized, removed = prepare_update(ACCOUNT, fields, unset)
        ad = self._ad_objects
        current = ad.get(ACCOUNT, account_id, account_id)
        currency = ad.currency(account_id, normalized)
        plan = ad.plan(ACCOUNT, account_id, account_id, current, normalized, removed, currency)
        return ad.write(ACCOUNT, account_id, plan, dry_run)

    # --- campaign groups ---------------------------------------------------------------------------

    def list_campaign_groups(
        self,
        ad_account: str | int,
        status: str | Sequence[str] | None = None,
        *,
        page_size: int = ADS_PAGE_SIZE,
        max_items: int | None = None,
    ) -> list[Json]:
        """Campaign groups of an account (``q=search``, cursor pages followed), optionally by status."""
        criteria = status_criteria(CAMPAIGN_GROUP, status)
        return self._ad_objects.list_in(CAMPAIGN_GROUP, ad_account, criteria, page_size, max_items)

    def get_campaign_group(self, ad_account: str | int, campaign_group_id: str | int) -> Json:
        """One campaign group (``GET /adAccounts/{account}/adCampaignGroups/{id}``)."""
        return self._ad_objects.read(CAMPAIGN_GROUP, ad_account, campaign_group_id)

    def create_campaign_group(
        self,
        ad_account: str | int,
        name: str,
        *,
        status: str = "DRAFT",
        run_schedule: Mapping[str, Any] | None = None,
        total_budget: Any = None,
        fields: Mapping[str, Any] | None = None,
        check_existing: bool = False,
    ) -> str:
        """Create a campaign group; return its numeric id (from ``x-restli-id``).

        :param status: ``DRAFT`` (default: nothing serves until you activate it), ``ACTIVE`` or ``PAUSED``.
        :param run_schedule: ``{"start": ..., "end": ...}`` (datetimes, ISO strings or epoch ms);
            required unless DRAFT, and with an end when there is a total budget.
        :param total_budget: a number in the account's currency, or ``{"amount", "currencyCode"}``.
        :param fields: other group fields (``dailyBudget``, ``objectiveType``, ``budgetOptimization``).
        :param check_existing: first look for a group of this name made in the last 24 hours.
        """
        named = {"name": name, "status": status, "runSchedule": run_schedule, "totalBudget": total_budget}
        return self._ad_objects.create_checked(CAMPAIGN_GROUP, ad_account, named, fields, check_existing)

    def update_campaign_group(
        self,
        ad_account: str | int,
        campaign_group_id: str | int,
        fields: Mapping[str, Any] | None = None,
        *,
        unset: Sequence[str] | None = None,
        dry_run: bool = False,
    ) -> Json:
        """Diff-based partial update of one campaign group.

        :param fields: LinkedIn fields to set: ``name``, ``status``, ``runSchedule``,
            ``totalBudget``, ``dailyBudget``, ``budgetOptimization``.
        :param unset: fields to remove (``$delete``), e.g. ``["totalBudget"]``.
        :param dry_run: read and report the diff; write nothing.
        :return: ``{"id", "changed": {field: [old, new]}, "written": bool}``.
        """
        return self.update_campaign_groups(
            ad_account, [campaign_group_id], fields, unset=unset, dry_run=dry_run, raise_on_error=True
        )[0]

    def update_campaign_groups(
        self,
        ad_account: str | int,
        campaign_group_id: IdOrIds,
        fields: Mapping[str, Any] | None = None,
        *,
        unset: Sequence[str] | None = None,
        dry_run: bool = False,
        raise_on_error: bool = False,
    ) -> list[Json]:
        """Diff-based partial update of several campaign groups (one BATCH_GET, then one write per change).

        :param campaign_group_id: group ids or URNs.
        :param raise_on_error: raise the first failure instead of reporting it in the results.
        :return: one result per group, in order; a failed one carries ``"error"``.
        """
        return self._ad_objects.update_checked(
            CAMPAIGN_GROUP,
            ad_account,
            campaign_group_id,
            fields,
            unset,
            dry_run=dry_run,
            raise_on_error=raise_on_error,
        )

    def delete_campaign_group(
        self,
        ad_account: str | int,
        campaign_group_id: str | int,
        *,
        confirm: bool = False,
        archive_instead: bool = False,
        missing_ok: bool = True,
    ) -> Json:
        """Delete a DRAFT campaign group (and its draft campaigns), or archive a non-draft one if asked.

        :param confirm: must be ``True``: deletes are never implicit.
        :param archive_instead: for a group that is not a DRAFT (LinkedIn deletes drafts only), set
            its status to ARCHIVED instead of failing.
        :param missing_ok: a group that is already gone is a success.
        :return: ``{"id", "action", "status_before"}``; ``action`` is ``deleted``, ``archived``,
            ``already_archived`` or ``already_gone``.
        """
        return self._ad_objects.delete_checked(
            CAMPAIGN_GROUP, ad_account, campaign_group_id, confirm, archive_instead, missing_ok
        )

    # --- campaigns ---------------------------------------------------------------------------------

    def list_campaigns(
        self,
        ad_account: str | int,
        *,
        campaign_group: IdOrIds | None = None,
        status: str | Sequence[str] | None = None,
        page_size: int = ADS_PAGE_SIZE,
        max_items: int | None = None,
    ) -> list[Json]:
        """Campaigns of an account (``q=search``, cursor pages followed), by group(s) and status(es).

        Sent as ``search=(status:(values:List(ACTIVE)),campaignGroup:(values:List(urn%3Ali%3A...)))``.
        """
        criteria = children_criteria(CAMPAIGN, campaign_group, status)
        return self._ad_objects.list_in(CAMPAIGN, ad_account, criteria, page_size, max_items)

    def get_campaign(self, ad_account: str | int, campaign_id: str | int) -> Json:
        """One campaign (``GET /adAccounts/{account}/adCampaigns/{id}``)."""
        return self._ad_objects.read(CAMPAIGN, ad_account, campaign_id)

    def create_campaign(
        self,
        ad_account: str | int,
        campaign_group: str | int,
        name: str,
        *,
        campaign_type: str,
        cost_type: str,
        run_schedule: Mapping[str, Any],
        daily_budget: Any = None,
        total_budget: Any = None,
        unit_cost: Any = None,
        objective_type: str | None = None,
        locale: str | Mapping[str, str] = "en_US",
        targeting_criteria: Mapping[str, Any] | None = None,
        status: str = "DRAFT",
        fields: Mapping[str, Any] | None = None,
        check_existing: bool = False,
    ) -> str:
        """Create a campaign in a group; return its numeric id (from ``x-restli-id``).

        :param campaign_type: ``SPONSORED_UPDATES``, ``TEXT_AD``, ``SPONSORED_INMAILS`` or ``DYNAMIC``.
        :param cost_type: ``CPM``, ``CPC`` or ``CPV``.
        :param run_schedule: ``{"start": ..., "end": ...}``.
        :param daily_budget: money (a number in the account's currency); this or ``total_budget``.
        :param objective_type: singular values only (``WEBSITE_VISIT``, not ``WEBSITE_VISITS``).
        :param locale: ``"en_US"`` or ``{"country": "US", "language": "en"}``.
        :param status: ``DRAFT`` (default), ``ACTIVE`` or ``PAUSED`` (a DRAFT group holds only drafts).
        :param fields: other campaign fields (``targetingCriteria``, ``format``, ``politicalIntent``...).
        """
        named = {
            "campaignGroup": campaign_group,
            "name": name,
            "type": campaign_type,
            "costType": cost_type,
            "runSchedule": run_schedule,
            "dailyBudget": daily_budget,
            "totalBudget": total_budget,
            "unitCost": unit_cost,
            "objectiveType": objective_type,
            "locale": locale,
            "targetingCriteria": targeting_criteria,
            "status": status,
        }
        return self._ad_objects.create_checked(CAMPAIGN, ad_account, named, fields, check_existing)

    def update_campaign(
        self,
        ad_account: str | int,
        campaign_id: str | int,
        fields: Mapping[str, Any] | None = None,
        *,
        unset: Sequence[str] | None = None,
        dry_run: bool = False,
    ) -> Json:
        """Diff-based partial update of one campaign: one read, and one write only if something differs.

        :return: ``{"id", "changed": {field: [old, new]}, "written": bool}``.
        """
        return self.update_campaigns(
            ad_account, [campaign_id], fields, unset=unset, dry_run=dry_run, raise_on_error=True
        )[0]

    def update_campaigns(
        self,
        ad_account: str | int,
        campaign_id: IdOrIds | None = None,
        fields: Mapping[str, Any] | None = None,
        *,
        campaign_group: IdOrIds | None = None,
        status: str | Sequence[str] | None = None,
        unset: Sequence[str] | None = None,
        dry_run: bool = False,
        raise_on_error: bool = False,
    ) -> list[Json]:
        """Diff-based partial update of several campaigns: by ids, or every campaign of a group.

        Reads: one BATCH_GET per 50 ids, or one search (``campaignGroup`` + ``status``) for a group;
        then one PARTIAL_UPDATE per campaign that differs.

        :param campaign_id: campaign ids or URNs (not with ``campaign_group``).
        :param campaign_group: update the campaigns of this group (or these groups).
        :param status: with ``campaign_group``, only campaigns with this status (or these).
        :param raise_on_error: raise the first failure instead of reporting it in the results.
        :return: one result per campaign; a failed one carries ``"error"``.
        """
        return self._ad_objects.update_children(
            CAMPAIGN,
            ad_account,
            campaign_id,
            fields,
            parent=campaign_group,
            status=status,
            unset=unset,
            dry_run=dry_run,
            raise_on_error=raise_on_error,
        )

    def delete_campaign(
        self,
        ad_account: str | int,
        campaign_id: str | int,
        *,
        confirm: bool = False,
        archive_instead: bool = False,
        missing_ok: bool = True,
    ) -> Json:
        """Delete a DRAFT campaign, or archive a non-draft one if asked.

        :param confirm: must be ``True``: deletes are never implicit.
        :param archive_instead: for a campaign that is not a DRAFT, set its status to ARCHIVED instead.
        :param missing_ok: a campaign that is already gone is a success.
        :return: ``{"id", "action", "status_before"}`` as :meth:`delete_campaign_group`.
        """
        return self._ad_objects.delete_checked(
            CAMPAIGN, ad_account, campaign_id, confirm, archive_instead, missing_ok
        )

    # --- creatives ---------------------------------------------------------------------------------

    def list_creatives(
        self,
        ad_account: str | int,
        *,
        campaign_id: IdOrIds | None = None,
        status: str | Sequence[str] | None = None,
        page_size: int = ADS_PAGE_SIZE,
        max_items: int | None = None,
    ) -> list[Json]:
        """Creatives of an account (``GET /adAccounts/{id}/creatives?q=criteria``, cursor pages followed).

        Sent as ``campaigns=List(urn%3Ali%3AsponsoredCampaign%3A...)&intendedStatuses=List(ACTIVE)``.

        :param campaign_id: only the creatives of this campaign (or these campaigns).
        :param status: only creatives with this ``intendedStatus`` (or one of these).
        """
        criteria = children_criteria(CREATIVE, campaign_id, status)
        return self._ad_objects.list_in(CREATIVE, ad_account, criteria, page_size, max_items)

    def get_creative(self, ad_account: str | int, creative_id: str | int) -> Json:
        """One creative (``GET /adAccounts/{account}/creatives/{creative URN, encoded whole}``).

        :param creative_id: ``urn:li:sponsoredCreative:{id}`` or the number alone.
        """
        return self._ad_objects.read(CREATIVE, ad_account, creative_id)

    def create_creative(
        self,
        ad_account: str | int,
        campaign_id: str | int,
        reference: str,
        *,
        status: str = "DRAFT",
        name: str | None = None,
        fields: Mapping[str, Any] | None = None,
        check_existing: bool = False,
    ) -> str:
        """Sponsor an existing post in a campaign: create a creative; return its URN.

        :param campaign_id: the campaign (id or URN) the creative serves in.
        :param reference: the post to sponsor (``urn:li:share:...`` or ``urn:li:ugcPost:...``).
        :param status: the creative's ``intendedStatus``: ``DRAFT`` (default), ``ACTIVE`` or ``PAUSED``.
        :param name: the creative's name (LinkedIn-Version 202410 and later).
        :param fields: other creative fields (``leadgenCallToAction``).
        :param check_existing: first look for a creative of this post in this campaign made in the
            last 24 hours.
        :return: ``urn:li:sponsoredCreative:{id}``.
        """
        named = {"campaign": campaign_id, "content": reference, "intendedStatus": status, "name": name}
        return self._ad_objects.create_checked(CREATIVE, ad_account, named, fields, check_existing)

    def update_creative(
        self,
        ad_account: str | int,
        creative_id: str | int,
        fields: Mapping[str, Any] | None = None,
        *,
        unset: Sequence[str] | None = None,
        dry_run: bool = False,
    ) -> Json:
        """Diff-based partial update of one creative (``intendedStatus``, ``name``, ``leadgenCallToAction``).

        :return: ``{"id" (the creative URN), "changed": {field: [old, new]}, "written": bool}``.
        """
        return self.update_creatives(
            ad_account, [creative_id], fields, unset=unset, dry_run=dry_run, raise_on_error=True
        )[0]

    def update_creatives(
        self,
        ad_account: str | int,
        creative_id: IdOrIds | None = None,
        fields: Mapping[str, Any] | None = None,
        *,
        campaign_id: IdOrIds | None = None,
        status: str | Sequence[str] | None = None,
        unset: Sequence[str] | None = None,
        dry_run: bool = False,
        raise_on_error: bool = False,
    ) -> list[Json]:
        """Diff-based partial update of several creatives: by ids, or every creative of a campaign.

        :param creative_id: creative URNs or ids (not with ``campaign_id``).
        :param campaign_id: update the creatives of this campaign (or these campaigns).
        :param status: with ``campaign_id``, only creatives with this ``intendedStatus`` (or these).
        :param raise_on_error: raise the first failure instead of reporting it in the results.
        :return: one result per creative; a failed one carries ``"error"``.
        """
        return self._ad_objects.update_children(
            CREATIVE,
            ad_account,
            creative_id,
            fields,
            parent=campaign_id,
            status=status,
            unset=unset,
            dry_run=dry_run,
            raise_on_error=raise_on_error,
        )

    def delete_creative(
        self,
        ad_account: str | int,
        creative_id: str | int,
        *,
        confirm: bool = False,
        archive_instead: bool = False,
        missing_ok: bool = True,
    ) -> Json:
        """Delete a DRAFT creative, or archive another one if asked (``intendedStatus`` ARCHIVED).

        :return: ``{"id", "action", "status_before"}`` as :meth:`delete_campaign_group`.
        """
        return self._ad_objects.delete_checked(
            CREATIVE, ad_account, creative_id, confirm, archive_instead, missing_ok
        )

    # --- targeting ---------------------------------------------------------------------------------

    def get_targeting_facets(self) -> list[Json]:
        """Targeting facets (``GET /adTargetingFacets``), each with ``adTargetingFacetUrn`` (also when
        LinkedIn names it ``$URN``), ``facetName``, ``entityTypes`` and ``availableEntityFinders``."""
        facets = list(self.paginate("/adTargetingFacets", None, style="offset", page_size=100))
        for facet in facets:
            if "adTargetingFacetUrn" not in facet and "$URN" in facet:
                facet["adTargetingFacetUrn"] = facet["$URN"]
        return facets
