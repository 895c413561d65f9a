"""Shared values are defined once (in ``constants.py``) and every default reads them."""

from __future__ import annotations

import inspect
import subprocess
import sys

import pytest

from maton_linkedin_provider import constants
from maton_linkedin_provider.constants import DEFAULT_CONN_ID, DEFAULT_LINKEDIN_VERSION, install_hint


def test_constants_module_imports_nothing_of_ours_or_airflow():
    probe = (
        "import sys; before = set(sys.modules); import maton_linkedin_provider.constants; "
        "print(sorted(m for m in set(sys.modules) - before if m.startswith(('maton', 'airflow'))))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['maton_linkedin_provider', 'maton_linkedin_provider.constants']"


def test_every_default_connection_id_is_the_constant():
    from maton_linkedin_provider.hooks.linkedin import MatonLinkedInHook
    from maton_linkedin_provider.operators.base import LinkedInBaseOperator
    from maton_linkedin_provider.sensors.media import LinkedInMediaProcessingSensor
    from maton_linkedin_provider.triggers.media import LinkedInMediaStatusTrigger

    assert MatonLinkedInHook.default_conn_name == DEFAULT_CONN_ID == "maton_linkedin_default"
    for callable_ in (
        MatonLinkedInHook,
        LinkedInBaseOperator,
        LinkedInMediaProcessingSensor,
        LinkedInMediaStatusTrigger,
    ):
        assert inspect.signature(callable_).parameters["maton_conn_id"].default == DEFAULT_CONN_ID


def test_default_version_is_shown_in_the_connection_form():
    from maton_linkedin_provider.get_provider_info import get_provider_info
    from maton_linkedin_provider.hooks import settings

    assert settings.DEFAULT_LINKEDIN_VERSION is DEFAULT_LINKEDIN_VERSION
    (conn_type,) = get_provider_info()["connection-types"]
    assert f"({DEFAULT_LINKEDIN_VERSION})" in conn_type["conn-fields"]["linkedin_version"]["description"]


def test_filesystem_packages_defined_once():
    from maton_linkedin_provider.hooks import sources
    from maton_linkedin_provider.operators import _files

    assert not hasattr(sources, "FILESYSTEM_PACKAGES")
    assert not hasattr(_files, "FILESYSTEM_PACKAGES")


@pytest.mark.parametrize(
    ("scheme", "hint"),
    [
        ("s3", "pip install 'apache-airflow-providers-amazon[s3fs]'"),
        ("S3A", "pip install 'apache-airflow-providers-amazon[s3fs]'"),
        ("gs", "pip install 'apache-airflow-providers-google'"),
        ("abfss", "pip install 'apache-airflow-providers-microsoft-azure'"),
        ("sftp", "pip install 'apache-airflow-providers-sftp[sshfs]'"),
        ("az", None),  # no Airflow provider registers az:// for ObjectStoragePath
        ("hdfs", None),  # nor hdfs://: pyarrow alone does not make ObjectStoragePath resolve it
    ],
)
def test_install_hint(scheme, hint):
    assert install_hint(scheme) == hint
    assert set(constants.FILESYSTEM_PACKAGES) >= {"s3", "gs", "abfs"}
