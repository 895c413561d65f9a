"""Pytest fixtures for DAG tests against the sandbox, loaded by pytest wherever the provider is installed.

``pyproject.toml`` registers this module as the ``pytest11`` entry point ``maton_linkedin_sandbox``,
so a test just names the fixtures:

- ``sandbox_server``: one :class:`~maton_linkedin_provider.sandbox.Sandbox` on free ports for the
  whole session, started when a test first asks for it;
- ``sandbox``: that sandbox, reset to its seed (state, request log, faults) before the test;
- ``maton_linkedin_conn``: points ``maton_linkedin_default`` (``AIRFLOW_CONN_MATON_LINKEDIN_DEFAULT``,
  for this test only) at ``sandbox`` and returns the connection id.

Importing this module starts nothing and imports neither the sandbox's server nor Airflow (pytest
loads plugins before a ``conftest.py`` sets ``AIRFLOW_HOME``). Turn it off with
``-p no:maton_linkedin_sandbox``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from maton_linkedin_provider.constants import DEFAULT_CONN_ID

if TYPE_CHECKING:
    from collections.abc import Iterator

    from maton_linkedin_provider.sandbox.server import Sandbox


@pytest.fixture(scope="session")
def sandbox_server() -> Iterator[Sandbox]:
    """One sandbox on free ports for the whole session."""
    from maton_linkedin_provider.sandbox.server import Sandbox

    with Sandbox() as sb:
        yield sb


@pytest.fixture
def sandbox(sandbox_server: Sandbox) -> Iterator[Sandbox]:
    """The session sandbox, reset to its seed before the test."""
    sandbox_server.reset()
    yield sandbox_server


@pytest.fixture
def maton_linkedin_conn(sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch) -> str:
    """The default connection id, aimed at ``sandbox`` (the env var is undone after the test)."""
    from maton_linkedin_provider.sandbox.testing import sandbox_conn_uri

    monkeypatch.setenv(f"AIRFLOW_CONN_{DEFAULT_CONN_ID.upper()}", sandbox_conn_uri(sandbox))
    return DEFAULT_CONN_ID
