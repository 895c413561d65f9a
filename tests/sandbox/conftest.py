"""Fixtures for the sandbox's own tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests
from sandbox_client import Api

from maton_linkedin_provider.sandbox import Sandbox


@pytest.fixture
def api(sandbox: Sandbox) -> Iterator[Api]:
    client = Api(sandbox)
    yield client
    client.session.close()


@pytest.fixture
def control(sandbox: Sandbox) -> Iterator[requests.Session]:
    """A session for ``/_sandbox/*`` calls: it sends the control key."""
    from maton_linkedin_provider.sandbox.testing import control_headers

    session = requests.Session()
    session.headers.update(control_headers(sandbox))
    yield session
    session.close()
