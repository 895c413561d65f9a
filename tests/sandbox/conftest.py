"""Fixtures for the sandbox's own tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sandbox_client import Api

from maton_linkedin_provider.sandbox import Sandbox


@pytest.fixture
def api(sandbox: Sandbox) -> Iterator[Api]:
    client = Api(sandbox)
    yield client
    client.session.close()
