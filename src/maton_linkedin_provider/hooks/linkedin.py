"""MatonLinkedInHook: LinkedIn's REST API through the Maton gateway (or directly with a LinkedIn token).

The transport (auth, encoding, retries, errors, pagination) lives in :mod:`._core`; each group
of resource methods is a small mixin in its own module; :mod:`._httpcompat` routes the methods
inherited from ``HttpHook`` (``run()`` and friends) through the same request path.
"""

from __future__ import annotations

from maton_linkedin_provider.hooks._ads import AdsMixin
from maton_linkedin_provider.hooks._core import ApiResult, LinkedInHookCore
from maton_linkedin_provider.hooks._data import DataMixin
from maton_linkedin_provider.hooks._httpcompat import HttpHookCompatMixin
from maton_linkedin_provider.hooks._maton import MatonConnectionsMixin
from maton_linkedin_provider.hooks._media import MediaMixin
from maton_linkedin_provider.hooks._posts import PostsMixin

__all__ = ["ApiResult", "LinkedInHookCore", "MatonLinkedInHook"]


class MatonLinkedInHook(
    HttpHookCompatMixin, PostsMixin, MediaMixin, AdsMixin, DataMixin, MatonConnectionsMixin
):
    """Call the LinkedIn REST API through the Maton gateway (or directly with a LinkedIn token).

    The connection (type ``maton_linkedin``): password = Maton API key (direct mode: a LinkedIn
    access token); host = gateway URL, default ``https://api.maton.ai`` (``https://api.linkedin.com``
    means direct mode); extras ``maton_connection``, ``linkedin_version``, ``timeout``, ``max_retries``.

    :param maton_conn_id: the Airflow connection id.
    :param linkedin_version: ``YYYYMM`` for the ``LinkedIn-Version`` header; overrides the connection's.
    :param timeout: request timeout in seconds; overrides the connection's.
    :param max_retries: retry budget for retryable failures; overrides the connection's.
    :param method: the method ``run()`` sends (HttpHook's argument, so ``HttpOperator`` works), default GET.
    """
