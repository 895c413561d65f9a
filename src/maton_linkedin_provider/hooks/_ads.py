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
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import cached_property
from typing import Any

from maton_linkedin_provider.exceptions import (
    LinkedInError,
    LinkedInInputError,
    LinkedInNotFoundError,
    error_from_response,
)
from maton_linkedin_provider.hooks._core import LinkedInHookCore
from maton_linkedin_provider.linkedin import ads as rules
from maton_linkedin_provider.linkedin.errors import InvalidValue
from maton_linkedin_provider.linkedin.restli import decode_reduced

#: Page size of the ads search finders (cursor paging; LinkedIn's default is 100).
ADS_PAGE_SIZE = 100
#: Ids per BATCH_GET request.
BATCH_GET_SIZE = 50
#: A create counts as "the one we meant" if an object of that name is at most this old.
CREATE_DEDUPE_SECONDS = 24 * 3600

_COLLECTIONS = {"campaign_group": "adCampaignGroups", "campaign": "adCampaigns"}
_NOUNS = {"account": "ad account", "campaign_group": "campaign group", "campaign": "campaign"}
_ID_FIELDS = {"account": "ad_account", "campaign_group": "campaign_group_id", "campaign": "campaign_id"}

Json = dict[str, Any]
Kind = rules.Kind


@contextmanager
def _inputs() -> Iterator[None]:
    """Turn the protocol helpers' :class:`InvalidValue` into :class:`LinkedInInputError`."""
    try:
        yield
    except InvalidValue as err:
        raise LinkedInInputError(err.field, err.message, err.fix) from None


def _failure(object_id: str, err: BaseException, changed: Mapping[str, Any] | None = None) -> Json:
    """A per-object failure in a many-object result (the error's text, its class and HTTP status)."""
    return {
        "id": object_id,
        "changed": dict(changed or {}),
        "written": False,
        "error": str(err),
        "error_type": type(err).__name__,
        "status": getattr(err, "status", None),
    }


def _describe(changed: Mapping[str, list[Any]]) -> str:
    return "; ".join(f"{name}: {old!r} -> {new!r}" for name, (old, new) in changed.items()) or "no change"


class AdsMixin(LinkedInHookCore):
    """Hook methods for ad accounts, their campaign groups and campaigns, and targeting facets.

    Accounts, groups and campaigns are named by their numeric id or their URN
    (``urn:li:sponsoredAccount:507000001``, ``urn:li:sponsoredCampaignGroup:...``,
    ``urn:li:sponsoredCampaign:...``). Field dicts use LinkedIn's field names (``dailyBudget``,
    ``runSchedule``...) with friendly values (numbers for money, datetimes or ISO strings for times).
    """

    @cached_property
    def _ads_currencies(self) -> dict[str, str]:
        """Account id -> currency, learned from reads (one account read at most, per hook)."""
        return {}

    # --- paths and reads ----------------------------------------------------------------------

    @staticmethod
    def _ads_path(kind: Kind, account_id: str, object_id: str | None = None) -> str:
        if kind == "account":
            return "/adAccounts" + (f"/{object_id}" if object_id else "")
        base = f"/adAccounts/{account_id}/{_COLLECTIONS[kind]}"
        return f"{base}/{object_id}" if object_id else base

    def _ads_get(self, kind: Kind, account_id: str, object_id: str) -> Json:
        body: Json = self._call("GET", self._ads_path(kind, account_id, object_id)).json() or {}
        self._ads_learn_currency(account_id, body)
        return body

    def _ads_search(
        self, kind: Kind, account_id: str, criteria: Mapping[str, Any], page_size: int, max_items: int | None
    ) -> list[Json]:
        params: Json = {"q": "search"}
        if criteria:
            params["search"] = dict(criteria)
        path = "/adAccounts" if kind == "account" else self._ads_path(kind, account_id)
        rows = list(self.paginate(path, params, style="cursor", page_size=page_size, max_items=max_items))
        self._ads_learn_currency(account_id, *rows)
        return rows

    def _ads_batch_get(self, kind: Kind, account_id: str, ids: Sequence[str]) -> tuple[dict[str, Json], Json]:
        """``(found, errors)`` for ids of one account: ``GET ...?ids=List(...)`` (BATCH_GET) per 50 ids."""
        found: dict[str, Json] = {}
        errors: Json = {}
        path = self._ads_path(kind, account_id)
        for start in range(0, len(ids), BATCH_GET_SIZE):
            chunk = list(ids[start : start + BATCH_GET_SIZE])
            body = (
                self._call(
                    "GET", path, params={"ids": [int(i) for i in chunk]}, restli_method="BATCH_GET"
                ).json()
                or {}
            )
            results = body.get("results") or {}
            failed = body.get("errors") or {}
            for object_id in chunk:
                if object_id in results:
                    found[object_id] = results[object_id]
                else:
                    errors[object_id] = failed.get(object_id) or {"message": "not returned by BATCH_GET"}
        self._ads_learn_currency(account_id, *found.values())
        return found, errors

    def _ads_learn_currency(self, account_id: str, *objects: Mapping[str, Any]) -> None:
        """Remember the account's currency from the first object read that has a money field."""
        if not account_id or account_id in self._ads_currencies:
            return
        for obj in objects:
            currency = rules.currency_of(obj)
            if currency:
                self._ads_currencies[account_id] = currency
                return

    def _ads_currency_for(self, account_id: str, fields: Mapping[str, Any]) -> str | None:
        """The account's currency when the fields hold money (cached; one account read at most)."""
        if not any(isinstance(v, rules.Money) for v in fields.values()):
            return None
        return self.get_account_currency(account_id)

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
        with _inputs():
            criteria = {"status": {"values": rules.check_statuses(status, "account")}} if status else {}
        return self._ads_search("account", "", criteria, page_size, max_items)

    def get_ad_account(self, account: str | int) -> Json:
        """One ad account (``GET /adAccounts/{id}``); its currency is remembered for money fields."""
        with _inputs():
            account_id = rules.object_id(account, "account", "ad_account")
        body = self._ads_get("account", "", account_id)
        if isinstance(body.get("currency"), str):
            self._ads_currencies[account_id] = body["currency"]
        return body

    def get_account_currency(self, account: str | int) -> str:
        """The account's currency code, read once per hook."""
        with _inputs():
            account_id = rules.object_id(account, "account", "ad_account")
        if account_id not in self._ads_currencies:
            self.get_ad_account(account_id)
        if account_id not in self._ads_currencies:
            raise LinkedInError(f"Ad account {account_id} has no currency in LinkedIn's answer.")
        return self._ads_currencies[account_id]

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
        with _inputs():
            body = rules.normalize_fields("account", _merge(named, fields), purpose="create")
            rules.check_create("account", body)
        if test:
            body["test"] = True
        return self._ads_create("account", "", body, check_existing=check_existing)

    def update_ad_account(
        self,
        account: str | int,
        fields: Mapping[str, Any] | None = None,
        *,
        unset: Sequence[str] | None = None,
        dry_run: bool = False,
    ) -> Json:
        """Diff-based partial update of an ad account (name, status, reference, notifications).

        :return: ``{"id", "changed": {field: [old, new]}, "written": bool}``.
        """
        with _inputs():
            account_id = rules.object_id(account, "account", "ad_account")
            normalized, removed = self._ads_prepare("account", fields, unset)
        current = self.get_ad_account(account_id)
        return self._ads_apply("account", account_id, account_id, current, normalized, removed, dry_run)

    # --- campaign groups ---------------------------------------------------------------------------

    def list_campaign_groups(
        self,
        account: str | int,
        status: str | Sequence[str] | None = None,
        *,
        page_size: int = ADS_PAGE_SIZE,
        max_items: int | None = None,
    ) -> list[Json]:
        """Campaign groups of an account (``q=search``, cursor pages followed), optionally by status."""
        with _inputs():
            account_id = rules.object_id(account, "account", "ad_account")
            criteria = (
                {"status": {"values": rules.check_statuses(status, "campaign_group")}} if status else {}
            )
        return self._ads_search("campaign_group", account_id, criteria, page_size, max_items)

    def get_campaign_group(self, account: str | int, campaign_group: str | int) -> Json:
        """One campaign group (``GET /adAccounts/{account}/adCampaignGroups/{id}``)."""
        with _inputs():
            account_id = rules.object_id(account, "account", "ad_account")
            group_id = rules.object_id(campaign_group, "campaign_group", "campaign_group_id")
        return self._ads_get("campaign_group", account_id, group_id)

    def create_campaign_group(
        self,
        account: str | int,
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
        with _inputs():
            account_id = rules.object_id(account, "account", "ad_account")
            body = rules.normalize_fields("campaign_group", _merge(named, fields), purpose="create")
            rules.check_create("campaign_group", body)
        body = self._ads_create_body("campaign_group", account_id, body)
        return self._ads_create("campaign_group", account_id, body, check_existing=check_existing)

    def update_campaign_group(
        self,
        account: str | int,
        campaign_group: str | int,
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
        results = self.update_campaign_groups(
            account, [campaign_group], fields, unset=unset, dry_run=dry_run, raise_on_error=True
        )
        return results[0]

    def update_campaign_groups(
        self,
        account: str | int,
        campaign_groups: str | int | Sequence[str | int],
        fields: Mapping[str, Any] | None = None,
        *,
        unset: Sequence[str] | None = None,
        dry_run: bool = False,
        raise_on_error: bool = False,
    ) -> list[Json]:
        """Diff-based partial update of several campaign groups (one BATCH_GET, then one write per change).

        :param raise_on_error: raise the first failure instead of reporting it in the results.
        :return: one result per group, in order; a failed one carries ``"error"``.
        """
        with _inputs():
            account_id = rules.object_id(account, "account", "ad_account")
            ids = rules.object_ids(campaign_groups, "campaign_group", "campaign_group_id")
            normalized, removed = self._ads_prepare("campaign_group", fields, unset)
        targets = self._ads_read_targets("campaign_group", account_id, ids, raise_on_error)
        return self._ads_apply_all(
            "campaign_group", account_id, targets, normalized, removed, dry_run, raise_on_error
        )

    def delete_campaign_group(
        self,
        account: str | int,
        campaign_group: str | int,
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
        return self._ads_delete(
            "campaign_group", account, campaign_group, confirm, archive_instead, missing_ok
        )

    # --- campaigns ---------------------------------------------------------------------------------

    def list_campaigns(
        self,
        account: str | int,
        *,
        campaign_group: str | int | Sequence[str | int] | None = None,
        status: str | Sequence[str] | None = None,
        page_size: int = ADS_PAGE_SIZE,
        max_items: int | None = None,
    ) -> list[Json]:
        """Campaigns of an account (``q=search``, cursor pages followed), by group(s) and status(es).

        Sent as ``search=(status:(values:List(ACTIVE)),campaignGroup:(values:List(urn%3Ali%3A...)))``.
        """
        with _inputs():
            account_id = rules.object_id(account, "account", "ad_account")
            criteria = self._ads_campaign_criteria(campaign_group, status)
        return self._ads_search("campaign", account_id, criteria, page_size, max_items)

    def get_campaign(self, account: str | int, campaign: str | int) -> Json:
        """One campaign (``GET /adAccounts/{account}/adCampaigns/{id}``)."""
        with _inputs():
            account_id = rules.object_id(account, "account", "ad_account")
            campaign_id = rules.object_id(campaign, "campaign", "campaign_id")
        return self._ads_get("campaign", account_id, campaign_id)

    def create_campaign(
        self,
        account: str | int,
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
        with _inputs():
            account_id = rules.object_id(account, "account", "ad_account")
            body = rules.normalize_fields("campaign", _merge(named, fields), purpose="create")
            rules.check_create("campaign", body)
        body = self._ads_create_body("campaign", account_id, body)
        return self._ads_create("campaign", account_id, body, check_existing=check_existing)

    def update_campaign(
        self,
        account: str | int,
        campaign: str | int,
        fields: Mapping[str, Any] | None = None,
        *,
        unset: Sequence[str] | None = None,
        dry_run: bool = False,
    ) -> Json:
        """Diff-based partial update of one campaign: one read, and one write only if something differs.

        :return: ``{"id", "changed": {field: [old, new]}, "written": bool}``.
        """
        return self.update_campaigns(
            account, [campaign], fields, unset=unset, dry_run=dry_run, raise_on_error=True
        )[0]

    def update_campaigns(
        self,
        account: str | int,
        campaigns: str | int | Sequence[str | int] | None = None,
        fields: Mapping[str, Any] | None = None,
        *,
        campaign_group: str | int | Sequence[str | int] | None = None,
        status: str | Sequence[str] | None = None,
        unset: Sequence[str] | None = None,
        dry_run: bool = False,
        raise_on_error: bool = False,
    ) -> list[Json]:
        """Diff-based partial update of several campaigns: by ids, or every campaign of a group.

        Reads: one BATCH_GET per 50 ids, or one search (``campaignGroup`` + ``status``) for a group;
        then one PARTIAL_UPDATE per campaign that differs.

        :param campaigns: campaign ids or URNs (not with ``campaign_group``).
        :param campaign_group: update the campaigns of this group (or these groups).
        :param status: with ``campaign_group``, only campaigns with this status (or these).
        :param raise_on_error: raise the first failure instead of reporting it in the results.
        :return: one result per campaign; a failed one carries ``"error"``.
        """
        with _inputs():
            account_id = rules.object_id(account, "account", "ad_account")
            normalized, removed = self._ads_prepare("campaign", fields, unset)
            if (campaigns is None) == (campaign_group is None):
                raise InvalidValue(
                    "campaign_id",
                    "give either campaign ids or a campaign_group (with an optional status filter), not "
                    + ("both." if campaigns is not None else "neither."),
                )
            if campaigns is not None and status is not None:
                raise InvalidValue(
                    "status", "the status filter applies to campaign_group, not to a list of ids."
                )
            ids = rules.object_ids(campaigns, "campaign", "campaign_id") if campaigns is not None else []
            criteria = (
                self._ads_campaign_criteria(campaign_group, status) if campaign_group is not None else {}
            )
        if campaign_group is not None:
            rows = self._ads_search("campaign", account_id, criteria, ADS_PAGE_SIZE, None)
            self.log.info(
                "%d campaign(s) of group(s) %s match %s", len(rows), campaign_group, status or "any status"
            )
            targets: list[tuple[str, Json | BaseException]] = [(str(row.get("id")), row) for row in rows]
        else:
            targets = self._ads_read_targets("campaign", account_id, ids, raise_on_error)
        return self._ads_apply_all(
            "campaign", account_id, targets, normalized, removed, dry_run, raise_on_error
        )

    def delete_campaign(
        self,
        account: str | int,
        campaign: str | int,
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
        return self._ads_delete("campaign", account, campaign, confirm, archive_instead, missing_ok)

    # --- targeting ---------------------------------------------------------------------------------

    def get_targeting_facets(self) -> list[Json]:
        """Targeting facets (``GET /adTargetingFacets``), each with ``adTargetingFacetUrn`` (also when
        LinkedIn names it ``$URN``), ``facetName``, ``entityTypes`` and ``availableEntityFinders``."""
        facets = list(self.paginate("/adTargetingFacets", None, style="offset", page_size=100))
        for facet in facets:
            if "adTargetingFacetUrn" not in facet and "$URN" in facet:
                facet["adTargetingFacetUrn"] = facet["$URN"]
        return facets

    # --- internals: inputs -------------------------------------------------------------------------

    @staticmethod
    def _ads_prepare(
        kind: Kind, fields: Mapping[str, Any] | None, unset: Sequence[str] | None
    ) -> tuple[Json, list[str]]:
        normalized = rules.normalize_fields(kind, fields)
        removed = rules.check_unset(kind, unset, normalized)
        if not normalized and not removed:
            raise InvalidValue(
                "fields", "nothing to change.", "give fields to set, or unset=[...] to remove."
            )
        return normalized, removed

    @staticmethod
    def _ads_campaign_criteria(
        campaign_group: str | int | Sequence[str | int] | None, status: str | Sequence[str] | None
    ) -> Json:
        criteria: Json = {}
        if status is not None:
            criteria["status"] = {"values": rules.check_statuses(status, "campaign")}
        if campaign_group is not None:
            ids = rules.object_ids(campaign_group, "campaign_group", "campaign_group")
            criteria["campaignGroup"] = {"values": [f"urn:li:sponsoredCampaignGroup:{i}" for i in ids]}
        return criteria

    def _ads_create_body(self, kind: Kind, account_id: str, body: Json) -> Json:
        """The create body: money in the account's currency, no empty schedule keys, the account URN."""
        currency = self._ads_currency_for(account_id, body)
        with _inputs():
            body = rules.resolve_money(body, currency)
        if isinstance(body.get("runSchedule"), Mapping):
            body["runSchedule"] = {k: v for k, v in body["runSchedule"].items() if v is not None}
        return {"account": f"urn:li:sponsoredAccount:{account_id}", **body}

    # --- internals: creates ------------------------------------------------------------------------

    def _ads_create(self, kind: Kind, account_id: str, body: Json, *, check_existing: bool) -> str:
        noun = _NOUNS[kind]
        if check_existing:
            found = self._ads_find_created(kind, account_id, body)
            if found:
                self.log.warning(
                    "%s %r exists already (%s): not creating it again", noun, body.get("name"), found
                )
                return found
        path = self._ads_path(kind, account_id)
        result = self._call(
            "POST", path, json=body, reconcile=lambda: self._ads_find_created(kind, account_id, body)
        )
        raw = result.restli_id or ""
        new_id = raw.rsplit(":", 1)[-1] if raw.startswith("urn:") else decode_reduced(raw)
        if not new_id:
            raise LinkedInError(f"LinkedIn created the {noun} but sent no x-restli-id header.")
        self.log.info("Created %s %s (%r)", noun, new_id, body.get("name"))
        return new_id

    def _ads_find_created(self, kind: Kind, account_id: str, body: Mapping[str, Any]) -> str | None:
        """The id of a recent object with the create body's name (and group, reference), if any."""
        criteria: Json = {"name": {"values": [body["name"]]}}
        if kind == "campaign":
            criteria["campaignGroup"] = {"values": [body["campaignGroup"]]}
        if kind == "account":
            criteria["reference"] = {"values": [body["reference"]]}
        since = (time.time() - CREATE_DEDUPE_SECONDS) * 1000
        rows = self._ads_search(kind, account_id, criteria, ADS_PAGE_SIZE, None)
        recent = [
            row
            for row in rows
            if row.get("name") == body["name"]
            and ((row.get("changeAuditStamps") or {}).get("created") or {}).get("time", 0) >= since
        ]
        if not recent:
            return None
        newest = max(recent, key=lambda row: row["changeAuditStamps"]["created"]["time"])
        return str(newest.get("id"))

    # --- internals: updates ------------------------------------------------------------------------

    def _ads_read_targets(
        self, kind: Kind, account_id: str, ids: Sequence[str], raise_on_error: bool
    ) -> list[tuple[str, Json | BaseException]]:
        """The objects to update, in the order given: one GET for one id, BATCH_GET for several."""
        if len(ids) == 1:
            try:
                return [(ids[0], self._ads_get(kind, account_id, ids[0]))]
            except LinkedInError as err:
                if raise_on_error:
                    raise
                return [(ids[0], err)]
        found, errors = self._ads_batch_get(kind, account_id, ids)
        targets: list[tuple[str, Json | BaseException]] = []
        for object_id in ids:
            if object_id in found:
                targets.append((object_id, found[object_id]))
                continue
            # A BATCH_GET answers 200 with per-id errors: map each through the one status table.
            detail = errors.get(object_id) or {}
            missing = error_from_response(
                int(detail.get("status") or 404),
                detail,
                method="GET",
                path=self._ads_path(kind, account_id, object_id),
                conn_id=self.settings.conn_id,
            )
            if raise_on_error:
                raise missing
            targets.append((object_id, missing))
        return targets

    def _ads_apply_all(
        self,
        kind: Kind,
        account_id: str,
        targets: Sequence[tuple[str, Json | BaseException]],
        fields: Json,
        removed: list[str],
        dry_run: bool,
        raise_on_error: bool,
    ) -> list[Json]:
        """Plan and write each target; a failure is reported (or raised) and the others go on."""
        currency = self._ads_currency_for(account_id, fields) if targets else None
        results: list[Json] = []
        for object_id, current in targets:
            plan: rules.UpdatePlan | None = None
            try:
                if isinstance(current, BaseException):
                    raise current
                plan = self._ads_plan(kind, account_id, object_id, current, fields, removed, currency)
                results.append(self._ads_write(kind, account_id, plan, dry_run))
            except LinkedInError as err:
                if raise_on_error:
                    raise
                self.log.error("%s %s failed: %s", _NOUNS[kind], object_id, err)
                results.append(_failure(object_id, err, plan.changed if plan else None))
        return results

    def _ads_apply(
        self,
        kind: Kind,
        account_id: str,
        object_id: str,
        current: Json,
        fields: Json,
        removed: list[str],
        dry_run: bool,
    ) -> Json:
        """Diff one object and write the difference (unless a dry run or nothing differs)."""
        currency = self._ads_currency_for(account_id, fields)
        plan = self._ads_plan(kind, account_id, object_id, current, fields, removed, currency)
        return self._ads_write(kind, account_id, plan, dry_run)

    def _ads_plan(
        self,
        kind: Kind,
        account_id: str,
        object_id: str,
        current: Json,
        fields: Json,
        removed: list[str],
        currency: str | None,
    ) -> rules.UpdatePlan:
        with _inputs():
            return rules.plan_update(
                kind,
                object_id,
                current,
                fields,
                removed,
                currency=currency or self._ads_currencies.get(account_id),
                field=f"fields ({_NOUNS[kind]} {object_id})",
            )

    def _ads_write(self, kind: Kind, account_id: str, plan: rules.UpdatePlan, dry_run: bool) -> Json:
        """Send the plan's patch (PARTIAL_UPDATE) unless it is empty or this is a dry run."""
        noun = _NOUNS[kind]
        if plan.patch is None:
            self.log.info("%s %s: no change, nothing sent", noun, plan.id)
            return plan.result(written=False)
        if dry_run:
            self.log.info("%s %s (dry run, not written): %s", noun, plan.id, _describe(plan.changed))
            return plan.result(written=False)
        self._call(
            "POST", self._ads_path(kind, account_id, plan.id), json=plan.patch, restli_method="PARTIAL_UPDATE"
        )
        self.log.info("%s %s updated: %s", noun, plan.id, _describe(plan.changed))
        return plan.result(written=True)

    # --- internals: deletes ------------------------------------------------------------------------

    def _ads_delete(
        self,
        kind: Kind,
        account: str | int,
        target: str | int,
        confirm: bool,
        archive_instead: bool,
        missing_ok: bool,
    ) -> Json:
        noun = _NOUNS[kind]
        field = _ID_FIELDS[kind]
        with _inputs():
            account_id = rules.object_id(account, "account", "ad_account")
            object_id = rules.object_id(target, kind, field)
        if confirm is not True:
            raise LinkedInInputError(
                "confirm",
                f"deleting {noun} {object_id} needs confirm=True.",
                "pass confirm=True to show the delete is deliberate.",
            )
        try:
            current = self._ads_get(kind, account_id, object_id)
        except LinkedInNotFoundError:
            if not missing_ok:
                raise
            self.log.info("%s %s does not exist: nothing to delete", noun, object_id)
            return {"id": object_id, "action": "already_gone", "status_before": None}
        status = current.get("status")
        if status == "DRAFT":
            try:
                self._call("DELETE", self._ads_path(kind, account_id, object_id))
            except LinkedInNotFoundError:  # a retried DELETE whose first attempt went through
                if not missing_ok:
                    raise
            self.log.info("Deleted %s %s (DRAFT)", noun, object_id)
            return {"id": object_id, "action": "deleted", "status_before": status}
        if not archive_instead:
            raise LinkedInInputError(
                field,
                f"{noun} {object_id} is {status}: LinkedIn deletes only DRAFT {noun}s (it answers 400 "
                "DELETE_ALLOWED_ONLY_FOR_DRAFT_STATUS).",
                "pass archive_instead=True to set its status to ARCHIVED (it stops serving and keeps its "
                "history), or leave it as it is.",
            )
        if status == "ARCHIVED":
            return {"id": object_id, "action": "already_archived", "status_before": status}
        self._ads_apply(kind, account_id, object_id, current, {"status": "ARCHIVED"}, [], False)
        return {"id": object_id, "action": "archived", "status_before": status}


def _merge(named: Mapping[str, Any], fields: Mapping[str, Any] | None) -> Json:
    """Named arguments (``None`` left out) plus ``fields``; a field given both ways is refused."""
    out = {key: value for key, value in named.items() if value is not None}
    if fields is not None and not isinstance(fields, Mapping):
        raise InvalidValue("fields", f"expected a dict of LinkedIn field names, got {type(fields).__name__}.")
    for key, value in (fields or {}).items():
        if key in out:
            raise InvalidValue(f"fields.{key}", f"{key} is given twice (as an argument and in fields).")
        out[key] = value
    return out
