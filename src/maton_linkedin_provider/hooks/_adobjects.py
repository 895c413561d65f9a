"""The generic half of the advertising hook: read, create, update and delete any kind of ad object.

:class:`AdObjects` is a small helper the hook composes (``hook._ad_objects``): every method takes
the kind's :class:`~maton_linkedin_provider.linkedin.adspec.AdObjectSpec` and does what the spec
says, through the hook's one request path. Its state, the account currencies learned from reads,
lives in its ``__init__``. Nothing here is kind-specific: a new kind of ad object is a spec row.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from maton_linkedin_provider.exceptions import (
    LinkedInError,
    LinkedInInputError,
    LinkedInNotFoundError,
    error_from_response,
)
from maton_linkedin_provider.inputs import input_errors
from maton_linkedin_provider.linkedin import ads as rules
from maton_linkedin_provider.linkedin.ads_diff import describe
from maton_linkedin_provider.linkedin.adspec import ACCOUNT, SPECS, AdObjectSpec, spec_of
from maton_linkedin_provider.linkedin.errors import InvalidValue
from maton_linkedin_provider.linkedin.restli import encode_key

if TYPE_CHECKING:
    from maton_linkedin_provider.hooks._core import LinkedInHookCore

#: Page size of the ads finders (cursor paging; LinkedIn's default is 100).
ADS_PAGE_SIZE = 100
#: Ids per BATCH_GET request.
BATCH_GET_SIZE = 50
#: A create counts as "the one we meant" if a matching object is at most this old.
CREATE_DEDUPE_SECONDS = 24 * 3600

Json = dict[str, Any]
Target = tuple[str, "Json | BaseException"]
IdOrIds = str | int | Sequence[str | int]


def ad_object_id(value: Any, kind: str | AdObjectSpec, field: str | None = None) -> str:
    """The checked numeric id of an ad object (``LinkedInInputError`` naming ``field`` otherwise)."""
    with input_errors():
        return spec_of(kind).object_id(value, field)


def prepare_update(
    spec: AdObjectSpec, fields: Mapping[str, Any] | None, unset: Sequence[str] | None
) -> tuple[Json, list[str]]:
    """The checked fields to set and names to remove; refuses an update that changes nothing."""
    normalized = rules.normalize_fields(spec, fields)
    removed = rules.check_unset(spec, unset, normalized)
    if not normalized and not removed:
        raise InvalidValue("fields", "nothing to change.", "give fields to set, or unset=[...] to remove.")
    return normalized, removed


def merge_named(named: Mapping[str, Any], fields: Mapping[str, Any] | None) -> Json:
    """Named arguments (``None`` left out) plus ``fields``; a field given both ways is refused."""
    out = {key: value for key, value in named.items() if value is not None}
    fields = rules.parse_fields(fields)  # a template may have rendered the dict to text
    if fields is not None and not isinstance(fields, Mapping):
        raise InvalidValue("fields", f"expected a dict of LinkedIn field names, got {type(fields).__name__}.")
    for key, value in (fields or {}).items():
        if key in out:
            raise InvalidValue(f"fields.{key}", f"{key} is given twice (as an argument and in fields).")
        out[key] = value
    return out


def failure(object_id: str, err: BaseException, changed: Mapping[str, Any] | None = None) -> Json:
    """A per-object failure in a many-object result (the error's text, its class and HTTP status)."""
    return {
        "id": object_id,
        "changed": dict(changed or {}),
        "written": False,
        "error": str(err),
        "error_type": type(err).__name__,
        "status": getattr(err, "status", None),
    }


def created_time(row: Mapping[str, Any]) -> int:
    """When LinkedIn made an object (``changeAuditStamps.created.time``, or ``createdAt``), epoch ms."""
    stamps = ((row.get("changeAuditStamps") or {}).get("created") or {}).get("time")
    value = stamps if stamps is not None else row.get("createdAt")
    return int(value) if isinstance(value, (int, float)) else 0


class AdObjects:
    """Reads and writes ad objects of any kind for one hook; remembers each account's currency.

    :param hook: the hook whose request path (``call``, ``paginate``) and log are used.
    """

    def __init__(self, hook: LinkedInHookCore) -> None:
        self.hook = hook
        self.log = hook.log
        #: Account id -> currency, learned from reads (one account read at most, per hook).
        self.currencies: dict[str, str] = {}

    # --- the hook methods' steps: arguments as the user gave them, checked here ----------------

    def list_in(
        self,
        spec: AdObjectSpec,
        ad_account: str | int,
        criteria: Mapping[str, Any],
        page_size: int,
        max_items: int | None,
    ) -> list[Json]:
        with input_errors():
            account_id = "" if spec.top_level else ACCOUNT.object_id(ad_account)
        return self.search(spec, account_id, criteria, page_size, max_items)

    def read(self, spec: AdObjectSpec, ad_account: str | int, object_id: str | int) -> Json:
        with input_errors():
            account_id = ACCOUNT.object_id(ad_account)
            one = spec.object_id(object_id)
        return self.get(spec, account_id, one)

    def create_checked(
        self,
        spec: AdObjectSpec,
        ad_account: str | int,
        named: Mapping[str, Any],
        fields: Mapping[str, Any] | None,
        check_existing: bool,
    ) -> str:
        """Check the body, resolve money in the account's currency, add the account URN, create once."""
        with input_errors():
            account_id = ACCOUNT.object_id(ad_account)
            body = rules.normalize_fields(spec, merge_named(named, fields), purpose="create")
            rules.check_create(spec, body)
        currency = self.currency(account_id, body)
        with input_errors():
            body = rules.resolve_money(body, currency)
        if isinstance(body.get("runSchedule"), Mapping):
            body["runSchedule"] = {k: v for k, v in body["runSchedule"].items() if v is not None}
        if spec.account_in_body:
            body = {"account": ACCOUNT.urn(account_id), **body}
        return self.create(spec, account_id, body, check_existing=check_existing)

    def update_checked(
        self,
        spec: AdObjectSpec,
        ad_account: str | int,
        ids: IdOrIds | None,
        fields: Mapping[str, Any] | None,
        unset: Sequence[str] | None,
        *,
        dry_run: bool,
        raise_on_error: bool,
        select: Callable[[], Mapping[str, Any] | None] | None = None,
    ) -> list[Json]:
        """Read the targets (by ids, or every object ``select``'s criteria find), then diff and write each.

        :param select: checks how the objects are chosen; returns finder criteria, or ``None`` for ids.
        """
        with input_errors():
            account_id = ACCOUNT.object_id(ad_account)
            normalized, removed = prepare_update(spec, fields, unset)
            criteria = select() if select is not None else None
            id_list = rules.object_ids(ids, spec, spec.id_argument) if ids is not None else []
        ad = self
        if criteria is not None:
            rows = ad.search(spec, account_id, criteria)
            self.log.info("%d %s(s) match %s", len(rows), spec.noun, criteria)
            targets: list[Target] = [(str(row.get("id")).rsplit(":", 1)[-1], row) for row in rows]
        else:
            targets = ad.read_targets(spec, account_id, id_list, raise_on_error)
        currency = ad.currency(account_id, normalized) if targets else None
        return ad.apply_all(
            spec,
            account_id,
            targets,
            normalized,
            removed,
            currency=currency,
            dry_run=dry_run,
            raise_on_error=raise_on_error,
        )

    def delete_checked(
        self,
        spec: AdObjectSpec,
        ad_account: str | int,
        object_id: str | int,
        confirm: bool,
        archive_instead: bool,
        missing_ok: bool,
    ) -> Json:
        with input_errors():
            account_id = ACCOUNT.object_id(ad_account)
            one = spec.object_id(object_id)
        return self.delete(
            spec, account_id, one, confirm=confirm, archive_instead=archive_instead, missing_ok=missing_ok
        )

    def update_children(
        self,
        spec: AdObjectSpec,
        ad_account: str | int,
        ids: IdOrIds | None,
        fields: Mapping[str, Any] | None,
        *,
        parent: IdOrIds | None,
        status: str | Sequence[str] | None,
        unset: Sequence[str] | None,
        dry_run: bool,
        raise_on_error: bool,
    ) -> list[Json]:
        """Update objects chosen by ids, or every child of ``parent`` (optionally in ``status``)."""

        def select() -> Json | None:
            one_selection(spec, ids, parent, status)
            return children_criteria(spec, parent, status) if parent is not None else None

        return self.update_checked(
            spec,
            ad_account,
            ids,
            fields,
            unset,
            dry_run=dry_run,
            raise_on_error=raise_on_error,
            select=select,
        )

    # --- reads ----------------------------------------------------------------------------------

    def get(self, spec: AdObjectSpec, account_id: str, object_id: str) -> Json:
        body: Json = self.hook.call("GET", spec.path(account_id, object_id)).json() or {}
        self.learn_currency(account_id, body)  # for an ad account, account_id is its own id
        return body

    def search(
        self,
        spec: AdObjectSpec,
        account_id: str,
        criteria: Mapping[str, Any],
        page_size: int = ADS_PAGE_SIZE,
        max_items: int | None = None,
    ) -> list[Json]:
        """Every page of the kind's finder: ``q=search&search=(...)`` or ``q=criteria&...``."""
        params: Json = {"q": spec.finder}
        if spec.finder == "search" and criteria:
            params["search"] = dict(criteria)
        elif criteria:
            params.update(criteria)
        rows = list(
            self.hook.paginate(
                spec.path(account_id), params, style="cursor", page_size=page_size, max_items=max_items
            )
        )
        self.learn_currency(account_id, *rows)
        return rows

    def batch_get(
        self, spec: AdObjectSpec, account_id: str, ids: Sequence[str]
    ) -> tuple[dict[str, Json], Json]:
        """``(found, errors)`` for ids of one account: ``GET ...?ids=List(...)`` (BATCH_GET) per 50 ids."""
        found: dict[str, Json] = {}
        errors: Json = {}
        for start in range(0, len(ids), BATCH_GET_SIZE):
            chunk = list(ids[start : start + BATCH_GET_SIZE])
            keys: list[Any] = [spec.urn(i) for i in chunk] if spec.urn_in_path else [int(i) for i in chunk]
            result = self.hook.call(
                "GET", spec.path(account_id), params={"ids": keys}, restli_method="BATCH_GET"
            )
            body = result.json() or {}
            results = body.get("results") or {}
            failed = body.get("errors") or {}
            for object_id, key in zip(chunk, keys, strict=True):
                # Keyed by the id as sent: a number, or a URN (seen decoded; encoded accepted too).
                names = (str(key), encode_key(key))
                hit = next((results[name] for name in names if name in results), None)
                if hit is not None:
                    found[object_id] = hit
                else:
                    detail = next((failed[name] for name in names if name in failed), None)
                    errors[object_id] = detail or {"message": "not returned by BATCH_GET"}
        self.learn_currency(account_id, *found.values())
        return found, errors

    def read_targets(
        self, spec: AdObjectSpec, account_id: str, ids: Sequence[str], raise_on_error: bool
    ) -> list[Target]:
        """The objects to update, in the order given: one GET for one id, BATCH_GET for several."""
        if len(ids) == 1:
            try:
                return [(ids[0], self.get(spec, account_id, ids[0]))]
            except LinkedInError as err:
                if raise_on_error:
                    raise
                return [(ids[0], err)]
        found, errors = self.batch_get(spec, account_id, ids)
        targets: list[Target] = []
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
                path=spec.path(account_id, object_id),
                conn_id=self.hook.settings.conn_id,
            )
            if raise_on_error:
                raise missing
            targets.append((object_id, missing))
        return targets

    # --- currency ---------------------------------------------------------------------------------

    def learn_currency(self, account_id: str, *objects: Mapping[str, Any]) -> None:
        """Remember the account's currency from the first object read that has a money field."""
        if not account_id or account_id in self.currencies:
            return
        for obj in objects:
            currency = rules.currency_of(obj)
            if currency:
                self.currencies[account_id] = currency
                return

    def currency(self, account_id: str, fields: Mapping[str, Any]) -> str | None:
        """The account's currency when the fields hold money (one account read at most, cached)."""
        if not any(isinstance(v, rules.Money) for v in fields.values()):
            return None
        return self.account_currency(account_id)

    def account_currency(self, account_id: str) -> str:
        """The account's currency code, read once per hook."""
        if account_id not in self.currencies:
            self.get(ACCOUNT, account_id, account_id)
        if account_id not in self.currencies:
            raise LinkedInError(f"Ad account {account_id} has no currency in LinkedIn's answer.")
        return self.currencies[account_id]

    # --- creates ----------------------------------------------------------------------------------

    def create(self, spec: AdObjectSpec, account_id: str, body: Json, *, check_existing: bool) -> str:
        """POST the body once; after an ambiguous failure (or with ``check_existing``) look first."""
        if check_existing:
            found = self.find_created(spec, account_id, body)
            if found:
                self.log.warning(
                    "%s %s exists already (%s): not creating it again", spec.noun, _named(spec, body), found
                )
                return spec.key(found)
        result = self.hook.call(
            "POST",
            spec.path(account_id),
            json=body,
            reconcile=lambda: self.find_created(spec, account_id, body),
        )
        # A number (campaigns), or a URN (creatives), maybe reduced-encoded (restli_id decodes it).
        new_id = (result.restli_id or "").rsplit(":", 1)[-1]
        if not new_id:
            raise LinkedInError(f"LinkedIn created the {spec.noun} but sent no x-restli-id header.")
        self.log.info("Created %s %s (%s)", spec.noun, new_id, _named(spec, body))
        return spec.key(new_id)

    def find_created(self, spec: AdObjectSpec, account_id: str, body: Mapping[str, Any]) -> str | None:
        """The id of a recent object matching the create body's ``match_fields``, if any."""
        criteria = spec.match_criteria(body)
        since = (time.time() - CREATE_DEDUPE_SECONDS) * 1000
        rows = self.search(spec, account_id, criteria)
        recent = [row for row in rows if spec.matches(row, body) and created_time(row) >= since]
        if not recent:
            return None
        newest = max(recent, key=created_time)
        return str(newest.get("id")).rsplit(":", 1)[-1]

    # --- updates ----------------------------------------------------------------------------------

    def apply_all(
        self,
        spec: AdObjectSpec,
        account_id: str,
        targets: Sequence[Target],
        fields: Json,
        removed: list[str],
        *,
        currency: str | None,
        dry_run: bool,
        raise_on_error: bool,
    ) -> list[Json]:
        """Plan and write each target; a failure is reported (or raised) and the others go on."""
        results: list[Json] = []
        for object_id, current in targets:
            plan: rules.UpdatePlan | None = None
            try:
                if isinstance(current, BaseException):
                    raise current
                plan = self.plan(spec, account_id, object_id, current, fields, removed, currency)
                results.append(self.write(spec, account_id, plan, dry_run))
            except LinkedInError as err:
                if raise_on_error:
                    raise
                self.log.error("%s %s failed: %s", spec.noun, object_id, err)
                results.append(failure(spec.key(object_id), err, plan.changed if plan else None))
        return results

    def plan(
        self,
        spec: AdObjectSpec,
        account_id: str,
        object_id: str,
        current: Json,
        fields: Json,
        removed: list[str],
        currency: str | None,
    ) -> rules.UpdatePlan:
        with input_errors():
            return rules.plan_update(
                spec,
                spec.key(object_id),
                current,
                fields,
                removed,
                currency=currency or self.currencies.get(account_id),
                field=f"fields ({spec.noun} {object_id})",
            )

    def write(self, spec: AdObjectSpec, account_id: str, plan: rules.UpdatePlan, dry_run: bool) -> Json:
        """Send the plan's patch (PARTIAL_UPDATE) unless it is empty or this is a dry run."""
        if plan.patch is None:
            self.log.info("%s %s: no change, nothing sent", spec.noun, plan.id)
            return plan.result(written=False)
        if dry_run:
            self.log.info("%s %s (dry run, not written): %s", spec.noun, plan.id, describe(plan.changed))
            return plan.result(written=False)
        self.hook.call(
            "POST", spec.path(account_id, plan.id), json=plan.patch, restli_method="PARTIAL_UPDATE"
        )
        self.log.info("%s %s updated: %s", spec.noun, plan.id, describe(plan.changed))
        return plan.result(written=True)

    # --- deletes ----------------------------------------------------------------------------------

    def delete(
        self,
        spec: AdObjectSpec,
        account_id: str,
        object_id: str,
        *,
        confirm: bool,
        archive_instead: bool,
        missing_ok: bool,
    ) -> Json:
        """Delete an object in a deletable status, or archive it when asked; needs ``confirm=True``."""
        noun = spec.noun
        if confirm is not True:
            raise LinkedInInputError(
                "confirm",
                f"deleting {noun} {object_id} needs confirm=True.",
                "pass confirm=True to show the delete is deliberate.",
            )
        try:
            current = self.get(spec, account_id, object_id)
        except LinkedInNotFoundError:
            if not missing_ok:
                raise
            self.log.info("%s %s does not exist: nothing to delete", noun, object_id)
            return {"id": spec.key(object_id), "action": "already_gone", "status_before": None}
        status = current.get(spec.status_field)
        if status in spec.deletable:
            try:
                self.hook.call("DELETE", spec.path(account_id, object_id), restli_method="DELETE")
            except LinkedInNotFoundError:  # a retried DELETE whose first attempt went through
                if not missing_ok:
                    raise
            self.log.info("Deleted %s %s (%s)", noun, object_id, status)
            return {"id": spec.key(object_id), "action": "deleted", "status_before": status}
        if not archive_instead:
            allowed = " or ".join(sorted(spec.deletable))
            raise LinkedInInputError(
                spec.id_argument,
                f"{noun} {object_id} is {status}: LinkedIn deletes only {allowed} {noun}s (it answers "
                f"{spec.delete_refusal}).",
                f"pass archive_instead=True to set its status to {spec.archived} (it stops serving and keeps "
                "its history), or leave it as it is.",
            )
        if status == spec.archived:
            return {"id": spec.key(object_id), "action": "already_archived", "status_before": status}
        plan = self.plan(spec, account_id, object_id, current, {spec.status_field: spec.archived}, [], None)
        self.write(spec, account_id, plan, dry_run=False)
        return {"id": spec.key(object_id), "action": "archived", "status_before": status}


def status_criteria(spec: AdObjectSpec, status: str | Sequence[str] | None) -> Json:
    """The finder's status filter (none for no status)."""
    with input_errors():
        return spec.criterion(spec.status_criterion, rules.check_statuses(status, spec)) if status else {}


def children_criteria(spec: AdObjectSpec, parent: IdOrIds | None, status: str | Sequence[str] | None) -> Json:
    """The finder's filters for the children of ``parent`` (by the spec's parent kind) in ``status``."""
    criteria = status_criteria(spec, status)
    if parent is not None and spec.parent is not None:
        parent_spec = SPECS[spec.parent]
        with input_errors():
            ids = rules.object_ids(parent, parent_spec, str(spec.parent_argument))
        criteria.update(spec.criterion(str(spec.parent_criterion), [parent_spec.urn(i) for i in ids]))
    return criteria


def one_selection(spec: AdObjectSpec, ids: Any, parent: Any, status: Any) -> None:
    """Objects are chosen by ids, or by a parent (with an optional status filter): exactly one way."""
    if (ids is None) == (parent is None):
        raise InvalidValue(
            spec.id_argument,
            f"give either {spec.noun} ids or a {spec.parent_argument} (with an optional status filter), not "
            + ("both." if ids is not None else "neither."),
        )
    if ids is not None and status is not None:
        raise InvalidValue(
            "status", f"the status filter applies to {spec.parent_argument}, not to a list of ids."
        )


def _named(spec: AdObjectSpec, body: Mapping[str, Any]) -> str:
    """How a log line names a create: its match fields' values (``'Launch'``)."""
    return ", ".join(repr(body.get(name)) for name in spec.match_fields)
