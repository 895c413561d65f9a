"""Values the whole provider shares, each defined once.

This module imports nothing, so operators, sensors and ``get_provider_info`` can use it at
DAG-parse time without loading the HTTP stack.
"""

from __future__ import annotations

#: The connection id hooks, operators, sensors and triggers use when none is given.
DEFAULT_CONN_ID = "maton_linkedin_default"

#: The owner of media uploaded without ``owner_urn``: the connection's member (in the hook's
#: ``media_owners``, before the member's URN is known).
CONNECTION_MEMBER = "the connection's member"

#: The ``LinkedIn-Version`` sent when neither the connection nor the call names one. LinkedIn
#: releases a version a month and sunsets each about a year later; 202609 is the newest version
#: confirmed released (it lives until about 2027-09-15). Maton's page shows 202506, sunset 2026-06-15.
DEFAULT_LINKEDIN_VERSION = "202609"

#: What to ``pip install`` so that ``ObjectStoragePath`` knows a URL scheme: Airflow resolves only
#: schemes a provider registers (no fallback to plain fsspec), so each entry names the provider
#: that registers the scheme, with the extra that brings its fsspec filesystem where that is
#: optional (the Google and Azure providers depend on gcsfs and adlfs outright).
FILESYSTEM_PACKAGES = {
    "s3": "apache-airflow-providers-amazon[s3fs]",
    "s3a": "apache-airflow-providers-amazon[s3fs]",
    "gs": "apache-airflow-providers-google",
    "gcs": "apache-airflow-providers-google",
    "abfs": "apache-airflow-providers-microsoft-azure",
    "abfss": "apache-airflow-providers-microsoft-azure",
    "adl": "apache-airflow-providers-microsoft-azure",
    "sftp": "apache-airflow-providers-sftp[sshfs]",
    "ssh": "apache-airflow-providers-sftp[sshfs]",
}


def install_hint(scheme: str) -> str | None:
    """The shell command that brings ``scheme://`` to ``ObjectStoragePath``; None if unknown."""
    package = FILESYSTEM_PACKAGES.get(scheme.lower())
    return f"pip install '{package}'" if package else None
