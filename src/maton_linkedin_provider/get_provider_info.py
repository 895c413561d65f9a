"""Provider metadata that Airflow's ProvidersManager reads (entry point ``apache_airflow_provider``).

Kept free of imports beyond ``__version__``: Airflow calls it during provider discovery.
"""

from __future__ import annotations

from typing import Any

from maton_linkedin_provider import __version__
from maton_linkedin_provider.constants import DEFAULT_LINKEDIN_VERSION

_INTEGRATION = "LinkedIn (Maton)"
_PKG = "maton_linkedin_provider"


def get_provider_info() -> dict[str, Any]:
    """Describe the provider: hooks, operators, sensors, triggers, the connection type, extra links."""
    return {
        "package-name": "airflow-provider-maton-linkedin",
        "name": "Maton LinkedIn",
        "description": "Publish posts, upload media, manage ad campaigns and export data from the "
        "LinkedIn REST API through the Maton gateway.",
        "versions": [__version__],
        "integrations": [
            {
                "integration-name": _INTEGRATION,
                "external-doc-url": "https://learn.microsoft.com/linkedin/",
                "tags": ["service"],
            }
        ],
        "hooks": [{"integration-name": _INTEGRATION, "python-modules": [f"{_PKG}.hooks.linkedin"]}],
        "operators": [
            {
                "integration-name": _INTEGRATION,
                "python-modules": [
                    f"{_PKG}.operators.generic",
                    f"{_PKG}.operators.posts",
                    f"{_PKG}.operators.media",
                    f"{_PKG}.operators.ads",
                    f"{_PKG}.operators.data",
                ],
            }
        ],
        "extra-links": [
            f"{_PKG}.links.LinkedInPostLink",
            f"{_PKG}.links.LinkedInCampaignLink",
            f"{_PKG}.links.LinkedInCampaignGroupLink",
            f"{_PKG}.links.LinkedInAdAccountLink",
            f"{_PKG}.links.LinkedInCreativeLink",
        ],
        "sensors": [{"integration-name": _INTEGRATION, "python-modules": [f"{_PKG}.sensors.media"]}],
        "triggers": [{"integration-name": _INTEGRATION, "python-modules": [f"{_PKG}.triggers.media"]}],
        "connection-types": [
            {
                "connection-type": "maton_linkedin",
                "hook-class-name": f"{_PKG}.hooks.linkedin.MatonLinkedInHook",
                "hook-name": _INTEGRATION,
                "ui-field-behaviour": {
                    # The port stays visible: the connections list's Test button (Airflow 3.3) answers
                    # "Bad Request" for a connection stored without one; 443 (or 0) fixes it.
                    "hidden-fields": ["login", "schema"],
                    "relabeling": {"password": "Maton API key", "host": "Gateway URL"},
                    "placeholders": {
                        "host": "https://api.maton.ai (or https://api.linkedin.com for a direct token)",
                        "password": "Maton API key (direct mode: LinkedIn access token)",
                        "port": "443 so the UI's Test button works; a port in the URL wins",
                    },
                },
                "conn-fields": {
                    "maton_connection": {
                        "label": "Maton connection id",
                        "description": "Sent as Maton-Connection to pick one of several LinkedIn "
                        "accounts. Leave empty to use the key's only active LinkedIn connection.",
                        "schema": {"type": ["string", "null"]},
                    },
                    "linkedin_version": {
                        "label": "LinkedIn-Version",
                        "description": "YYYYMM of the LinkedIn API version, or 'latest' (the newest one "
                        "LinkedIn serves, found once per process). Empty: the provider's pinned default "
                        f"({DEFAULT_LINKEDIN_VERSION}). Versions sunset about a year after release.",
                        "schema": {
                            "type": ["string", "null"],
                            "pattern": "^((\\d{6}(\\.\\d{2})?)|[Ll][Aa][Tt][Ee][Ss][Tt])?$",
                        },
                    },
                    "timeout": {
                        "label": "Timeout (seconds)",
                        "description": "Request timeout. Default 30.",
                        "schema": {"type": ["number", "null"], "minimum": 0},
                    },
                    "client_id": {
                        "label": "LinkedIn client id (direct mode)",
                        "description": "The LinkedIn app's client id: with the client secret and a refresh "
                        "token the hook renews the access token itself, and the Test button shows when it "
                        "expires. Not used through the Maton gateway.",
                        "schema": {"type": ["string", "null"]},
                    },
                    "client_secret": {
                        "label": "LinkedIn client secret (direct mode)",
                        "description": "The app's client secret; sent only to LinkedIn's OAuth endpoint.",
                        "schema": {"type": ["string", "null"], "format": "password"},
                    },
                    "refresh_token": {
                        "label": "LinkedIn refresh token (direct mode)",
                        "description": "Exchanged for access tokens (60 days each) when there is none or one "
                        "is refused; lasts about a year, then the member must re-authorize the app.",
                        "schema": {"type": ["string", "null"], "format": "password"},
                    },
                    "oauth_base_url": {
                        "label": "OAuth base URL (direct mode)",
                        "description": "LinkedIn's OAuth endpoints. Default https://www.linkedin.com/oauth/v2.",
                        "schema": {"type": ["string", "null"]},
                    },
                    "max_requests_per_second": {
                        "label": "Max requests per second",
                        "description": "A request budget shared by every task thread of a worker "
                        "process using this connection (empty or 0: none). For a limit across workers, "
                        "use an Airflow pool.",
                        "schema": {"type": ["number", "null"], "minimum": 0},
                    },
                    "max_retries": {
                        "label": "Max retries",
                        "description": "Retries on 429, 5xx and network errors (never a repeat of a "
                        "create that may have gone through). Default 5.",
                        "schema": {"type": ["integer", "null"], "minimum": 0},
                    },
                },
            }
        ],
    }
