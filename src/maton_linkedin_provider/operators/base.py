"""What every LinkedIn operator and sensor shares: the connection arguments and a lazily built hook."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal

from airflow.sdk import BaseOperator

from maton_linkedin_provider.constants import DEFAULT_CONN_ID
from maton_linkedin_provider.inputs import input_errors

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from maton_linkedin_provider.hooks.linkedin import MatonLinkedInHook


#: Name the operator's argument in the hook's input errors (hook ``owner`` -> ``owner_urn``): the one
#: translation of :mod:`maton_linkedin_provider.inputs`.
argument_names = input_errors

#: What makes a string a Jinja template (Airflow renders it before ``execute``), by default.
JINJA_MARKERS = ("{{", "{%", "{#")
#: The ``jinja_environment_kwargs`` of a DAG that change what starts a template.
_MARKER_OPTIONS = (
    "variable_start_string",
    "block_start_string",
    "comment_start_string",
    "line_statement_prefix",
    "line_comment_prefix",
)


def template_markers(dag: Any) -> tuple[str, ...]:
    """What starts a template in ``dag``: Jinja's markers, and any its ``jinja_environment_kwargs`` set."""
    options = getattr(dag, "jinja_environment_kwargs", None) or {}
    extra = [
        options[name] for name in _MARKER_OPTIONS if isinstance(options.get(name), str) and options[name]
    ]
    return (*JINJA_MARKERS, *extra)


def is_templated(value: Any, markers: Sequence[str] = JINJA_MARKERS) -> bool:
    """Whether Airflow replaces ``value`` before ``execute``, so it cannot be checked at DAG parse.

    True for a string holding one of ``markers`` (Jinja's ``{{``, ``{%``, ``{#``, or the DAG's own:
    :func:`template_markers`), for an object Airflow resolves or renders (an ``XComArg`` such as
    ``task.output``, a ``Param``, an ``ObjectStoragePath``: anything with ``resolve`` or
    ``template_fields``), and for a list, tuple, set or dict holding one at any depth.
    """
    try:
        if isinstance(value, str):
            return any(marker in value for marker in markers)
        if isinstance(value, (list, tuple, set, frozenset)):
            return any(is_templated(item, markers) for item in value)
        if isinstance(value, dict):
            return any(
                is_templated(key, markers) or is_templated(item, markers) for key, item in value.items()
            )
    except RecursionError:  # a list holding itself: left to execute, which refuses it
        return True
    return hasattr(value, "resolve") or hasattr(value, "template_fields")


def check_literal(value: Any, check: Callable[[Any], object], markers: Sequence[str] = JINJA_MARKERS) -> None:
    """Run ``check(value)`` now, in ``__init__``, when ``value`` is a literal (given and not templated).

    A mistake in a literal argument then fails the DAG's import, so Airflow's UI shows it (field and
    fix) before any run. A templated value (see :func:`is_templated`; an operator passes its DAG's
    ``markers``) is left to ``execute``, which checks it once rendered. ``check`` imports the
    validators it needs itself: nothing is imported for templated or empty arguments, and importing
    an operator module stays cheap.

    :raises LinkedInInputError: naming the field and the fix.
    """
    if value is None or (isinstance(value, str) and not value) or is_templated(value, markers):
        return
    with input_errors():
        check(value)


def check_urn(
    value: Any, field: str, kind: Literal["author", "media", "post"], markers: Sequence[str] = JINJA_MARKERS
) -> None:
    """:func:`check_literal` for a URN argument: a person or organization, a media, or a post URN."""

    def check(urn: Any) -> None:
        from maton_linkedin_provider.linkedin import urns

        types = {"author": urns.AUTHOR_TYPES, "media": urns.MEDIA_TYPES, "post": urns.POST_TYPES}[kind]
        urns.parse_urn(urn, field=field, types=types)

    check_literal(value, check, markers)


def _check_version(version: Any) -> None:
    from maton_linkedin_provider.versions import check_version

    check_version(version)


class LinkedInHookMixin:
    """``maton_conn_id``, ``linkedin_version`` and a hook built on first use (never at parse time)."""

    maton_conn_id: str
    linkedin_version: str | None

    @cached_property
    def hook(self) -> MatonLinkedInHook:
        from maton_linkedin_provider.hooks.linkedin import MatonLinkedInHook

        return MatonLinkedInHook(
            maton_conn_id=self.maton_conn_id, linkedin_version=self.linkedin_version or None
        )


class LinkedInBaseOperator(LinkedInHookMixin, BaseOperator):
    """Base of the provider's operators. Nothing is read or imported until ``execute``.

    :param maton_conn_id: the ``maton_linkedin`` connection id.
    :param linkedin_version: ``YYYYMM`` for the ``LinkedIn-Version`` header, overriding the
        connection's (templated).

    Literal arguments are checked here, so a mistake is a DAG import error (see
    :func:`check_literal`); templated ones are checked in ``execute`` once rendered.
    """

    ui_color = "#cfe3f7"

    def __init__(
        self,
        *,
        maton_conn_id: str = DEFAULT_CONN_ID,
        linkedin_version: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.maton_conn_id = maton_conn_id
        self.linkedin_version = linkedin_version
        check_literal(linkedin_version, _check_version, self.template_markers)

    @property
    def template_markers(self) -> tuple[str, ...]:
        """What starts a template in this task's DAG (:func:`template_markers`), for the parse-time checks."""
        return template_markers(self.get_dag())
