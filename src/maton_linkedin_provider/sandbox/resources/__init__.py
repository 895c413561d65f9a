"""Resource modules: each exposes ``routes() -> list[Route]`` and optionally ``seed(state)``.

To add a resource (posts, images, videos, ads, libraries...), write ``resources/<name>.py`` and list
it in :data:`MODULES`. ``seed(state)`` runs at start and after every ``Sandbox.reset()``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from maton_linkedin_provider.sandbox.resources import (
    ads,
    analytics,
    campaigns,
    connections,
    creatives,
    libraries,
    media,
    organizations,
    posts,
    profile,
    uploads,
)

if TYPE_CHECKING:
    from types import ModuleType

    from maton_linkedin_provider.sandbox.server import Sandbox

MODULES: list[ModuleType] = [
    connections,
    profile,
    organizations,
    ads,
    campaigns,
    creatives,
    libraries,
    analytics,
    uploads,
    media,
    posts,
]


def install(sb: Sandbox) -> None:
    """Register every module's routes (and seeders) on a sandbox."""
    for module in MODULES:
        for route in module.routes():
            sb.register(route)
        seed = getattr(module, "seed", None)
        if seed is not None:
            sb.state.add_seeder(seed)
