"""Pytest fixtures for the sandbox.

In a ``conftest.py``::

    from maton_linkedin_provider.sandbox.testing import sandbox, sandbox_server  # noqa: F401

``sandbox_server`` is started once per session; ``sandbox`` resets it (state, log, faults) for
each test and yields it.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import pytest

from maton_linkedin_provider.sandbox.server import Sandbox

if TYPE_CHECKING:
    from collections.abc import Iterator


@pytest.fixture(scope="session")
def sandbox_server() -> Iterator[Sandbox]:
    """One sandbox on free ports for the whole session."""
    with Sandbox() as sb:
        yield sb


@pytest.fixture
def sandbox(sandbox_server: Sandbox) -> Iterator[Sandbox]:
    """The session sandbox, reset to its seed before the test."""
    sandbox_server.reset()
    yield sandbox_server


def sandbox_conn_uri(sb: Sandbox, **extra: Any) -> str:
    """An Airflow connection in JSON form (for ``AIRFLOW_CONN_MATON_LINKEDIN_DEFAULT``) aimed at ``sb``."""
    return json.dumps(
        {"conn_type": "maton_linkedin", "host": sb.base_url, "password": sb.api_key, "extra": extra}
    )
