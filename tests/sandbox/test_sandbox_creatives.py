"""The sandbox's creatives with a plain HTTP client: URN keys, the q=criteria finder, create, update, delete."""

from __future__ import annotations

import itertools
from urllib.parse import quote

import pytest
from test_sandbox_posts import body as post_body

BRAND = "/rest/adAccounts/507000001"
CREATIVES = f"{BRAND}/creatives"
CAMPAIGN = "urn:li:sponsoredCampaign:610000001"
DRAFT_CAMPAIGN = "urn:li:sponsoredCampaign:610000015"
PATCH = {"X-RestLi-Method": "PARTIAL_UPDATE"}
_POSTS = itertools.count(1)


def key(number: int) -> str:
    return quote(f"urn:li:sponsoredCreative:{number}", safe="")


def new_post(api) -> str:
    # distinct texts: the sandbox refuses a duplicate post
    response = api.post("/rest/posts", json=post_body(commentary=f"Sponsor me ({next(_POSTS)})"))
    assert response.status_code == 201, response.text
    return response.headers["x-restli-id"]


def create(api, **over):
    body = {"campaign": CAMPAIGN, "content": {"reference": over.pop("reference", None) or new_post(api)}}
    body.update(over)
    return api.post(CREATIVES, json={k: v for k, v in body.items() if v is not None})


class TestFinder:
    def test_criteria_by_campaign_and_status_with_cursor_pages(self, api):
        first = api.get(f"{CREATIVES}?q=criteria&campaigns=List({quote(CAMPAIGN, safe='')})&pageSize=1")
        assert first.status_code == 200
        page = first.json()
        assert [c["id"] for c in page["elements"]] == ["urn:li:sponsoredCreative:700000001"]
        token = page["metadata"]["nextPageToken"]
        second = api.get(
            f"{CREATIVES}?q=criteria&campaigns=List({quote(CAMPAIGN, safe='')})&pageSize=1&pageToken={token}"
        ).json()
        assert [c["id"] for c in second["elements"]] == ["urn:li:sponsoredCreative:700000002"]
        assert "nextPageToken" not in second["metadata"]
        paused = api.get(f"{CREATIVES}?q=criteria&intendedStatuses=List(PAUSED)").json()["elements"]
        assert [c["intendedStatus"] for c in paused] == ["PAUSED"]

    def test_serving_state_follows_the_campaign(self, api):
        active = api.get(f"{CREATIVES}/{key(700000001)}").json()
        assert active["isServing"] is True and active["servingHoldReasons"] == []
        draft = api.get(f"{CREATIVES}/{key(700000003)}").json()
        assert draft["isServing"] is False and "CAMPAIGN_STOPPED" in draft["servingHoldReasons"]

    def test_search_finder_does_not_exist_and_start_is_ignored(self, api):
        assert api.get(f"{CREATIVES}?q=search").status_code == 404
        rows = api.get(f"{CREATIVES}?q=criteria&start=2&count=1").json()["elements"]
        assert len(rows) == 3

    def test_batch_get_by_urns(self, api):
        ids = f"List({key(700000001)},{key(799999999)})"
        body = api.get(f"{CREATIVES}?ids={ids}", headers={"X-RestLi-Method": "BATCH_GET"}).json()
        assert list(body["results"]) == ["urn:li:sponsoredCreative:700000001"]
        assert body["errors"]["urn:li:sponsoredCreative:799999999"]["status"] == 404

    def test_a_raw_urn_in_the_path_is_refused(self, api):
        response = api.get(f"{CREATIVES}/urn:li:sponsoredCreative:700000001")
        assert response.status_code == 400
        assert "Syntax exception in path variables" in response.text

    def test_another_accounts_creative_is_not_found(self, api):
        assert api.get(f"/rest/adAccounts/507000002/creatives/{key(700000001)}").status_code == 404


class TestCreate:
    def test_sponsors_an_existing_post_and_answers_the_urn(self, api, sandbox):
        post = new_post(api)
        response = create(api, reference=post, intendedStatus="ACTIVE")
        assert response.status_code == 201
        urn = response.headers["x-restli-id"]
        assert urn.startswith("urn:li:sponsoredCreative:")
        stored = sandbox.state.creatives[int(urn.rsplit(":", 1)[1])]
        assert (
            stored["content"] == {"reference": post}
            and stored["account"] == "urn:li:sponsoredAccount:507000001"
        )
        assert create(api).headers["x-restli-id"] != urn

    def test_defaults_to_draft(self, api):
        urn = create(api).headers["x-restli-id"]
        assert api.get(f"{CREATIVES}/{quote(urn, safe='')}").json()["intendedStatus"] == "DRAFT"

    @pytest.mark.parametrize(
        ("over", "status", "text"),
        [
            pytest.param({"reference": "urn:li:share:1"}, 400, "does not exist", id="unknown-post"),
            pytest.param(
                {"campaign": "urn:li:sponsoredCampaign:610000040"}, 400, "does not exist", id="other-account"
            ),
            pytest.param(
                {"account": "urn:li:sponsoredAccount:507000001"}, 422, "unrecognized", id="account-read-only"
            ),
            pytest.param({"intendedStatus": "PAUSE"}, 422, "not an enum symbol", id="bad-status"),
            pytest.param({"intendedStatus": "REMOVED"}, 400, "set by LinkedIn", id="system-status"),
            pytest.param({"content": {"textAd": {}}}, 422, "Sponsored Content", id="other-format"),
        ],
    )
    def test_refusals(self, api, over, status, text):
        response = create(api, **over)
        assert response.status_code == status, response.text
        assert text in response.text


class TestUpdateAndDelete:
    def test_partial_update_of_the_status(self, api, sandbox):
        response = api.post(
            f"{CREATIVES}/{key(700000001)}",
            json={"patch": {"$set": {"intendedStatus": "PAUSED"}}},
            headers=PATCH,
        )
        assert response.status_code == 204
        assert sandbox.state.creatives[700000001]["intendedStatus"] == "PAUSED"

    def test_campaign_and_content_are_fixed(self, api):
        response = api.post(
            f"{CREATIVES}/{key(700000001)}",
            json={"patch": {"$set": {"campaign": DRAFT_CAMPAIGN}}},
            headers=PATCH,
        )
        assert response.status_code == 400 and "FIELD_NOT_UPDATABLE" in response.text

    def test_nothing_goes_back_to_draft(self, api):
        response = api.post(
            f"{CREATIVES}/{key(700000001)}",
            json={"patch": {"$set": {"intendedStatus": "DRAFT"}}},
            headers=PATCH,
        )
        assert response.status_code == 400 and "INVALID_STATUS_TRANSITION" in response.text

    def test_delete_rules(self, api, sandbox):
        delete = {"X-RestLi-Method": "DELETE"}
        assert api.request("DELETE", f"{CREATIVES}/{key(700000003)}").status_code == 400  # no header
        refused = api.request("DELETE", f"{CREATIVES}/{key(700000001)}", headers=delete)
        assert refused.status_code == 400 and "only in draft state" in refused.text
        assert api.request("DELETE", f"{CREATIVES}/{key(700000003)}", headers=delete).status_code == 204
        assert 700000003 not in sandbox.state.creatives
        # an ACTIVE creative of a DRAFT campaign may be deleted too
        sandbox.state.creatives[700000002]["campaign"] = DRAFT_CAMPAIGN
        assert api.request("DELETE", f"{CREATIVES}/{key(700000002)}", headers=delete).status_code == 204
