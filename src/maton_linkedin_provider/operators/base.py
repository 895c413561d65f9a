"""What every LinkedIn operator and sensor shares: the connection arguments and a lazily built hook."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Any

from airflow.sdk import BaseOperator

from maton_linkedin_provider.constants import DEFAULT_CONN_ID
from maton_linkedin_provider.inputs import input_errors

if TYPE_CHECKING:
    from maton_linkedin_provider.hooks.linkedin import MatonLinkedInHook


#: Name the operator's argument in the hook's input errors (hook ``owner`` -> ``owner_urn``): the one
#: translation of :mod:`maton_linkedin_provider.inputs`.
argument_names = input_errors


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
