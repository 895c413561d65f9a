"""Maton's connection management API and the in-process / HTTP authorize helpers."""

from __future__ import annotations

import re

import requests
from sandbox_client import Api

from maton_linkedin_provider.sandbox import Sandbox
from maton_linkedin_provider.sandbox.state import ACTIVE_CONNECTION_ID, PENDING_CONNECTION_ID

TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z")
KEYS = {"connection_id", "status", "creation_time", "last_updated_time", "url", "app", "method", "metadata"}


def test_list_and_filter(api: Api) -> None:
    every = api.get("/connections", mode="maton").json()["connections"]
    assert [c["connection_id"] for c in every] == [ACTIVE_CONNECTION_ID, PENDING_CONNECTION_ID]
    assert all(set(c) == KEYS and TIMESTAMP.fullmatch(c["creation_time"]) for c in every)
    active = api.get("/connections", mode="maton", params={"app": "linkedin", "status": "ACTIVE"}).json()
    assert [c["connection_id"] for c in active["connections"]] == [ACTIVE_CONNECTION_ID]
    assert api.get("/connections", mode="maton", params={"app": "slack"}).json() == {"connections": []}
    assert api.get("/connections", mode="maton", params={"status": "WEIRD"}).status_code == 400


def test_create_authorize_get_delete(api: Api, sandbox: Sandbox, control: requests.Session) -> None:
    resp = api.post("/connections", mode="maton", json={"app": "linkedin"})
    assert resp.status_code == 200
    conn = resp.json()["connection"]
    assert set(conn) == KEYS
    assert conn["status"] == "PENDING" and conn["app"] == "linkedin" and conn["method"] == "OAUTH2"
    assert conn["url"].startswith("https://connect.maton.ai/?session_token=")
    assert TIMESTAMP.fullmatch(conn["last_updated_time"])
    cid = conn["connection_id"]

    got = api.get(f"/connections/{cid}", mode="maton").json()["connection"]
    assert got == conn

    authorized = control.post(f"{sandbox.base_url}/_sandbox/connections/{cid}/authorize", timeout=10)
    assert authorized.json()["connection"]["status"] == "ACTIVE"
    assert api.get("/rest/me", headers={"Maton-Connection": cid}).status_code == 200

    deleted = api.request("DELETE", f"/connections/{cid}", mode="maton")
    assert deleted.status_code == 200
    assert deleted.json()["deleted"] is True and deleted.json()["connection"]["connection_id"] == cid
    assert api.get(f"/connections/{cid}", mode="maton").status_code == 404
    assert api.request("DELETE", f"/connections/{cid}", mode="maton").status_code == 404


def test_create_needs_app(api: Api) -> None:
    assert api.post("/connections", mode="maton", json={}).status_code == 400
    assert (
        api.post("/connections", mode="maton", json={"app": "linkedin", "method": "NOPE"}).status_code == 400
    )


def test_authorize_in_process(api: Api, sandbox: Sandbox, control: requests.Session) -> None:
    record = sandbox.state.authorize_connection(PENDING_CONNECTION_ID)
    assert record["status"] == "ACTIVE"
    listed = api.get("/connections", mode="maton", params={"status": "ACTIVE"}).json()["connections"]
    assert {c["connection_id"] for c in listed} == {ACTIVE_CONNECTION_ID, PENDING_CONNECTION_ID}
    missing = control.post(f"{sandbox.base_url}/_sandbox/connections/nope/authorize", timeout=10)
    assert missing.status_code == 404


def test_ids_are_deterministic_across_resets(api: Api, sandbox: Sandbox) -> None:
    first = api.post("/connections", mode="maton", json={"app": "linkedin"}).json()["connection"]
    sandbox.reset()
    assert len(sandbox.state.connections) == 2
    again = api.post("/connections", mode="maton", json={"app": "linkedin"}).json()["connection"]
    assert again["connection_id"] == first["connection_id"]
