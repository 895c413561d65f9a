"""The three base operators behind :mod:`.ads`: create, update and delete any kind of ad object.

Each is driven by its subclass's class attributes: ``spec`` (the kind, from
:mod:`maton_linkedin_provider.linkedin.adspec`) and the names of the hook methods to call. The
public operators in :mod:`.ads` are thin wrappers: their arguments, templated fields and links.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, Literal

from maton_linkedin_provider.operators.base import LinkedInBaseOperator, check_literal, is_templated

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from types import ModuleType

    from airflow.sdk import Context

    from maton_linkedin_provider.linkedin.adspec import AdObjectSpec

#: How many failures the task's error message lists (all are in the XCom).
SHOWN_FAILURES = 10


def _given(value: Any) -> Any:
    """``None`` for an argument left empty (``None``, ``""``, or an empty dict or list from a template)."""
    if value is None or value == "" or (isinstance(value, (dict, list)) and not value):
        return None
    return value


def _literal_fields(fields: Any, markers: Sequence[str]) -> Any:
    """The entries of a ``fields`` dict that are not templated (all of a non-dict, checked whole)."""
    if isinstance(fields, dict):
        return {name: value for name, value in fields.items() if not is_templated(value, markers)} or None
    return fields


class _AdsOperator(LinkedInBaseOperator):
    """Shared by the advertising operators: the ad account, and the per-object result summary.

    :param ad_account: the ad account id or ``urn:li:sponsoredAccount:...`` (templated).
    """

    #: The kind of ad object the operator works on.
    #: the kind's key in :data:`~maton_linkedin_provider.linkedin.adspec.SPECS` (``"campaign"``); the
    #: spec itself is looked up on first use, so importing an operator module stays cheap at DAG parse.
    kind: ClassVar[str]

    @property
    def spec(self) -> AdObjectSpec:
        """This operator's ad object kind (:class:`~maton_linkedin_provider.linkedin.adspec.AdObjectSpec`)."""
        from maton_linkedin_provider.linkedin.adspec import SPECS

        return SPECS[self.kind]

    def __init__(self, *, ad_account: str | int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.ad_account = ad_account
        self._check_ids(ad_account, "account", "ad_account")

    def _check(self, value: Any, rule: Callable[[ModuleType, Any], object]) -> None:
        """Parse-time check of a literal argument: ``rule(linkedin.ads, value)``, imported only then."""

        def check(literal: Any) -> None:
            from maton_linkedin_provider.linkedin import ads

            rule(ads, literal)

        check_literal(value, check, self.template_markers)

    def _check_ids(self, value: Any, kind: str, field: str, *, many: bool = False) -> None:
        """Parse-time check of a literal id argument: an id or URN of ``kind`` (or a list, if ``many``)."""
        self._check(value, lambda ads, ids: (ads.object_ids if many else ads.object_id)(ids, kind, field))

    def _check_fields(self, fields: Any, purpose: Literal["create", "update"], unset: Any = None) -> None:
        """Parse-time check of the literal entries of ``fields`` (names and values) and of ``unset``."""
        self._check(
            _literal_fields(fields, self.template_markers),
            lambda ads, f: ads.normalize_fields(self.kind, f, purpose=purpose),
        )
        if isinstance(fields, dict) or not is_templated(
            fields, self.template_markers
        ):  # the names set are known
            self._check(unset, lambda ads, u: ads.check_unset(self.kind, u, ads.parse_fields(fields) or {}))

    def _account(self, context: Context) -> str:
        """The account's numeric id (checked), also pushed as XCom ``ad_account`` for the links."""
        from maton_linkedin_provider.hooks._adobjects import ad_object_id
        from maton_linkedin_provider.linkedin.adspec import ACCOUNT

        account_id = ad_object_id(self.ad_account, ACCOUNT)
        ti = context.get("ti")
        if ti is not None:
            ti.xcom_push(key="ad_account", value=account_id)
        return account_id

    def _finish(self, context: Context, results: list[dict[str, Any]], allow_partial: bool) -> Any:
        """Log the outcome; fail with a summary (after pushing the results) if an object failed."""
        noun = self.spec.noun
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


class _LinkedInCreateAdObjectOperator(_AdsOperator):
    """Create one ad object through the hook's ``create_method``; an Airflow retry looks for it first.

    Subclasses name the hook method and list the attributes it takes: ``positional`` (after the
    account, in order) and ``keywords`` (passed by the same name; ``optional`` ones left empty in
    the DAG, such as ``""`` from a template, are not sent).
    """

    create_method: ClassVar[str]
    positional: ClassVar[tuple[str, ...]] = ()
    keywords: ClassVar[tuple[str, ...]] = ()
    optional: ClassVar[frozenset[str]] = frozenset()

    def execute(self, context: Context) -> str:
        account = self._account(context)
        arguments = {
            name: _given(getattr(self, name)) if name in self.optional else getattr(self, name)
            for name in self.keywords
        }
        create = getattr(self.hook, self.create_method)
        result: str = create(
            account,
            *(getattr(self, name) for name in self.positional),
            **arguments,
            check_existing=getattr(context.get("ti"), "try_number", 1) > 1,
        )
        return result


class _LinkedInUpdateAdObjectOperator(_AdsOperator):
    """Diff-based update of one object, or of several (by ids, or by a parent with a status filter).

    The id argument is the spec's ``id_argument``; its ``parent_argument`` (``campaign_group`` for
    campaigns, ``campaign_id`` for creatives) selects every child of a parent instead. Subclasses
    name the hook methods for one object (``update_one``) and for several (``update_many``).

    :param fields: LinkedIn fields to set (templated).
    :param unset: fields to remove, sent as ``$delete`` (templated).
    :param dry_run: read and log the diff, write nothing.
    :param allow_partial: with several objects, succeed even if some failed.
    :param status: with the parent argument, only objects in this status (or these) (templated).
    """

    update_one: ClassVar[str]
    update_many: ClassVar[str | None] = None

    def __init__(
        self,
        *,
        ad_account: str | int,
        fields: dict[str, Any] | None = None,
        unset: list[str] | None = None,
        dry_run: bool = False,
        allow_partial: bool = False,
        status: str | list[str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(ad_account=ad_account, **kwargs)
        self.fields = fields
        self.unset = unset
        self.is_dry_run = dry_run
        self.allow_partial = allow_partial
        self.status = status  # a selection by status: only kinds with a parent use it
        self._check_fields(fields, "update", unset)
        self._check(status, lambda ads, statuses: ads.check_statuses(statuses, self.kind, "status"))

    def execute(self, context: Context) -> Any:
        account = self._account(context)
        options: dict[str, Any] = {"unset": self.unset or None, "dry_run": self.is_dry_run}
        if self.spec.top_level:  # the account itself
            return getattr(self.hook, self.update_one)(account, self.fields, **options)
        ident = getattr(self, self.spec.id_argument)
        parent_argument = self.spec.parent_argument
        from maton_linkedin_provider.linkedin.ads import is_many

        if parent_argument is None:
            single = not is_many(ident)
        else:
            single = (
                ident not in (None, "")
                and not is_many(ident)
                and getattr(self, parent_argument) in (None, "")
                and self.status in (None, "")
            )
        if single:
            return getattr(self.hook, self.update_one)(account, ident, self.fields, **options)
        if parent_argument is not None:
            parent = getattr(self, parent_argument)
            ident = ident if ident not in (None, "") else None
            options[parent_argument] = parent if parent not in (None, "") else None
            options["status"] = self.status or None
        results = getattr(self.hook, str(self.update_many))(account, ident, self.fields, **options)
        return self._finish(context, results, self.allow_partial)


class _LinkedInDeleteAdObjectOperator(_AdsOperator):
    """What the delete operators share: the guard arguments (``confirm``, ``archive_instead``,
    ``missing_ok``) and the call of the hook's ``delete_method`` with the spec's id argument."""

    delete_method: ClassVar[str]

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
        if confirm is not True:  # not templated: refused at parse, as the hook would in execute
            from maton_linkedin_provider.exceptions import LinkedInInputError

            raise LinkedInInputError(
                "confirm",
                f"deleting a {self.spec.noun} needs confirm=True.",
                "pass confirm=True to show the delete is deliberate.",
            )

    def execute(self, context: Context) -> dict[str, Any]:
        result: dict[str, Any] = getattr(self.hook, self.delete_method)(
            self._account(context),
            getattr(self, self.spec.id_argument),
            confirm=self.confirm,
            archive_instead=self.archive_instead,
            missing_ok=self.missing_ok,
        )
        return result
