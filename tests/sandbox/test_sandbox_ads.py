"""The sandbox's advertising API with a plain HTTP client: seed, finders, creates, partial updates, deletes."""

from __future__ import annotations

import pytest

BRAND = "/rest/adAccounts/507000001"
GROUPS = f"{BRAND}/adCampaignGroups"
CAMPAIGNS = f"{BRAND}/adCampaigns"
ALWAYS_ON = 600000001
DRAFT_GROUP = 600000002
PATCH = {"X-RestLi-Method": "PARTIAL_UPDATE"}
START = 1772409600000  # 2026-03-02


def new_campaign(**over):
    body = {
        "campaignGroup": f"urn:li:sponsoredCampaignGroup:{ALWAYS_ON}",
        "name": "Launch",
        "status": "DRAFT",
        "type": "SPONSORED_UPDATES",
        "objectiveType": "WEBSITE_VISIT",
        "costType": "CPM",
        "dailyBudget": {"amount": "25.00", "currencyCode": "USD"},
        "locale": {"country": "US", "language": "en"},
        "runSchedule": {"start": START},
    }
    body.update(over)
    return {k: v for k, v in body.items() if v is not None}


def patch(api, path, patch_body, headers=PATCH):
    return api.post(path, json={"patch": patch_body}, headers=headers)


def error(response):
    body = response.json()
    return response.status_code, body.get("code"), body.get("message")


class TestSeed:
    def test_group_of_twenty_mixed_campaigns_in_usd(self, api, sandbox):
        campaigns = [
            c for c in sandbox.state.campaigns.values() if c["campaignGroup"].endswith(str(ALWAYS_ON))
        ]
        statuses = sorted(c["status"] for c in campaigns)
        assert len(campaigns) == 20
        assert statuses.count("ACTIVE") == 8 and statuses.count("PAUSED") == 6
        assert {"DRAFT", "ARCHIVED", "COMPLETED", "CANCELED"} <= set(statuses)
        assert {c["dailyBudget"]["currencyCode"] for c in campaigns} == {"USD"}
        assert sandbox.state.ad_accounts[507000001]["currency"] == "USD"

    def test_reset_restores_the_seed(self, api, sandbox):
        response = patch(api, f"{CAMPAIGNS}/610000001", {"$set": {"status": "PAUSED"}})
        assert response.status_code == 204
        sandbox.reset()
        assert sandbox.state.campaigns[610000001]["status"] == "ACTIVE"


class TestSearch:
    def test_status_and_group_criteria_with_cursor_pages(self, api):
        query = (
            "q=search&search=(status:(values:List(ACTIVE,PAUSED)),"
            f"campaignGroup:(values:List(urn%3Ali%3AsponsoredCampaignGroup%3A{ALWAYS_ON})))&pageSize=5"
        )
        ids, token, pages = [], None, 0
        while True:
            response = api.get(f"{CAMPAIGNS}?{query}" + (f"&pageToken={token}" if token else ""))
            assert response.status_code == 200
            body = response.json()
            ids += [e["id"] for e in body["elements"]]
            pages += 1
            token = body["metadata"].get("nextPageToken")
            if not token:
                break
        assert len(ids) == 14 and pages == 3
        assert ids == sorted(ids)

    def test_groups_by_status(self, api):
        response = api.get(f"{GROUPS}?q=search&search=(status:(values:List(DRAFT)))")
        assert [g["id"] for g in response.json()["elements"]] == [DRAFT_GROUP]

    @pytest.mark.parametrize(
        ("query", "says"),
        [
            pytest.param(
                "q=search&search=(campaignGroup:(values:List(600000001)))",
                "urn:li:sponsoredCampaignGroup",
                id="bare-group-id",
            ),
            pytest.param(
                "q=search&search=(color:(values:List(RED)))",
                "unknown search criterion",
                id="unknown-criterion",
            ),
            pytest.param(
                "q=search&search=(status:(values:List(RUNNING)))", "is not a status", id="bad-status"
            ),
            pytest.param("q=search&search=(status:List(ACTIVE))", "values:List", id="no-values-record"),
            pytest.param("q=criteria", "q=search", id="other-finder"),
        ],
    )
    def test_bad_criteria(self, api, query, says):
        response = api.get(f"{CAMPAIGNS}?{query}")
        assert response.status_code == 400
        assert says in response.json()["message"]

    def test_restli_1_syntax_refused(self, api):
        response = api.get(f"{CAMPAIGNS}?q=search&search.status.values[0]=ACTIVE")
        assert error(response)[:2] == (400, "QUERY_PARAM_NOT_ALLOWED")

    def test_batch_get_reports_missing_ids(self, api):
        response = api.get(
            f"{CAMPAIGNS}?ids=List(610000001,610000002,999)", headers={"X-RestLi-Method": "BATCH_GET"}
        )
        body = response.json()
        assert response.status_code == 200
        assert sorted(body["results"]) == ["610000001", "610000002"]
        assert body["errors"]["999"]["status"] == 404

    def test_other_accounts_objects_are_not_found(self, api):
        assert api.get("/rest/adAccounts/507000003/adCampaigns/610000001").status_code == 404
        assert api.get(f"{CAMPAIGNS}/abc").status_code == 400


class TestCreate:
    def test_created_with_numeric_id_header(self, api, sandbox):
        response = api.post(CAMPAIGNS, json=new_campaign())
        assert response.status_code == 201
        new_id = int(response.headers["x-restli-id"])
        stored = sandbox.state.campaigns[new_id]
        assert stored["account"] == "urn:li:sponsoredAccount:507000001"
        assert stored["changeAuditStamps"]["created"]["time"] > 0
        assert api.get(f"{CAMPAIGNS}/{new_id}").json()["name"] == "Launch"

    def test_plural_objective_is_not_an_enum_symbol(self, api, sandbox):
        before = len(sandbox.state.campaigns)
        response = api.post(CAMPAIGNS, json=new_campaign(objectiveType="WEBSITE_VISITS"))
        assert response.status_code == 422
        assert response.json()["message"].startswith(
            'ERROR :: /objectiveType :: "WEBSITE_VISITS" is not an enum symbol'
        )
        assert len(sandbox.state.campaigns) == before

    @pytest.mark.parametrize(
        ("over", "code"),
        [
            pytest.param(
                {"dailyBudget": {"amount": "25.00", "currencyCode": "EUR"}},
                "CURRENCY_MISMATCH",
                id="currency",
            ),
            pytest.param(
                {"status": "ACTIVE", "campaignGroup": f"urn:li:sponsoredCampaignGroup:{DRAFT_GROUP}"},
                "ONLY_DRAFT_CAMPAIGNS_ALLOWED_IN_DRAFT_CAMPAIGN_GROUPS",
                id="draft-group",
            ),
            pytest.param({"dailyBudget": None}, "MISSING_FIELD", id="no-budget"),
            pytest.param(
                {"dailyBudget": {"amount": "-1", "currencyCode": "USD"}},
                "INVALID_VALUE",
                id="negative-budget",
            ),
            pytest.param(
                {"runSchedule": {"start": START, "end": START}}, "START_DATE_AFTER_END_DATE", id="schedule"
            ),
            pytest.param({"status": "COMPLETED"}, "STATUS_CHANGE_NOT_ALLOWED", id="created-completed"),
            pytest.param(
                {"campaignGroup": "urn:li:sponsoredCampaignGroup:600000005"},
                "INVALID_VALUE",
                id="group-of-other-account",
            ),
        ],
    )
    def test_refused_with_400(self, api, over, code):
        response = api.post(CAMPAIGNS, json=new_campaign(**over))
        assert error(response)[:2] == (400, code)

    @pytest.mark.parametrize(
        ("over", "path"),
        [
            pytest.param(
                {"dailyBudget": {"amount": 25, "currencyCode": "USD"}},
                "/dailyBudget/amount",
                id="amount-not-string",
            ),
            pytest.param({"costType": "CPA"}, "/costType", id="cost-type"),
            pytest.param({"bidAmount": 3}, "/bidAmount", id="unknown-field"),
        ],
    )
    def test_refused_with_422(self, api, over, path):
        response = api.post(CAMPAIGNS, json=new_campaign(**over))
        assert response.status_code == 422
        assert f"ERROR :: {path} ::" in response.json()["message"]

    def test_group_rules(self, api):
        base = {"name": "Q2", "status": "ACTIVE", "runSchedule": {"start": START}}
        assert api.post(GROUPS, json=base).status_code == 201
        no_end = {**base, "totalBudget": {"amount": "1000.00", "currencyCode": "USD"}}
        assert error(api.post(GROUPS, json=no_end))[:2] == (400, "MISSING_FIELD")
        no_schedule = {"name": "Q3", "status": "ACTIVE"}
        assert error(api.post(GROUPS, json=no_schedule))[:2] == (400, "MISSING_FIELD")
        assert api.post(GROUPS, json={"name": "Draft", "status": "DRAFT"}).status_code == 201
        other = {**base, "account": "urn:li:sponsoredAccount:507000003"}
        assert error(api.post(GROUPS, json=other))[:2] == (400, "INVALID_VALUE")


class TestPartialUpdate:
    def test_set_answers_204_and_applies(self, api, sandbox):
        response = patch(api, f"{CAMPAIGNS}/610000009", {"$set": {"status": "ACTIVE"}})
        assert response.status_code == 204 and response.content == b""
        campaign = sandbox.state.campaigns[610000009]
        assert campaign["status"] == "ACTIVE" and campaign["servingStatuses"] == ["RUNNABLE"]
        assert campaign["version"]["versionTag"] == "2"

    def test_needs_the_restli_method_header(self, api, sandbox):
        response = api.post(f"{CAMPAIGNS}/610000009", json={"patch": {"$set": {"status": "ACTIVE"}}})
        assert error(response)[:2] == (400, "INVALID_RESTLI_METHOD")
        assert sandbox.state.campaigns[610000009]["status"] == "PAUSED"

    def test_delete_removes_and_unset_is_refused(self, api, sandbox):
        response = patch(api, f"{CAMPAIGNS}/610000001", {"$unset": ["unitCost"]})
        assert error(response)[:2] == (400, "INVALID_PATCH") and "$delete" in response.json()["message"]
        assert patch(api, f"{CAMPAIGNS}/610000001", {"$delete": ["unitCost"]}).status_code == 204
        assert "unitCost" not in sandbox.state.campaigns[610000001]

    def test_deleting_a_required_field_is_422(self, api):
        response = patch(api, f"{CAMPAIGNS}/610000001", {"$delete": ["locale"]})
        assert response.status_code == 422 and "/locale" in response.json()["message"]

    def test_nested_patch(self, api, sandbox):
        assert (
            patch(api, f"{CAMPAIGNS}/610000001", {"runSchedule": {"$set": {"end": START}}}).status_code == 204
        )
        assert sandbox.state.campaigns[610000001]["runSchedule"]["end"] == START

    @pytest.mark.parametrize(
        ("campaign", "patch_body", "code"),
        [
            pytest.param(
                610000017,
                {"$set": {"status": "ACTIVE"}},
                "INVALID_STATUS_TRANSITION",
                id="archived-to-active",
            ),
            pytest.param(
                610000019,
                {"$set": {"status": "ACTIVE"}},
                "INVALID_STATUS_TRANSITION",
                id="completed-to-active",
            ),
            pytest.param(
                610000020,
                {"$set": {"status": "PAUSED"}},
                "INVALID_STATUS_TRANSITION",
                id="canceled-to-paused",
            ),
            pytest.param(
                610000001, {"$set": {"status": "DRAFT"}}, "INVALID_STATUS_TRANSITION", id="back-to-draft"
            ),
            pytest.param(
                610000001, {"$set": {"status": "COMPLETED"}}, "STATUS_CHANGE_NOT_ALLOWED", id="set-completed"
            ),
            pytest.param(
                610000001,
                {"$set": {"objectiveType": "ENGAGEMENT"}},
                "IMMUTABLE_CAMPAIGN_OBJECTIVE_TYPE",
                id="objective",
            ),
            pytest.param(
                610000001, {"$set": {"type": "TEXT_AD"}}, "FIELD_IMMUTABLE_FOR_NON_DRAFT_CAMPAIGNS", id="type"
            ),
            pytest.param(610000001, {"$set": {"id": 5}}, "FIELD_NOT_UPDATABLE", id="read-only"),
            pytest.param(
                610000001,
                {"$set": {"totalBudget": {"amount": "9.00", "currencyCode": "EUR"}}},
                "CURRENCY_MISMATCH",
                id="currency",
            ),
            pytest.param(
                610000021,
                {"$set": {"status": "ACTIVE"}},
                "ONLY_DRAFT_CAMPAIGNS_ALLOWED_IN_DRAFT_CAMPAIGN_GROUPS",
                id="draft-group",
            ),
        ],
    )
    def test_refused(self, api, sandbox, campaign, patch_body, code):
        before = dict(sandbox.state.campaigns[campaign])
        response = patch(api, f"{CAMPAIGNS}/{campaign}", patch_body)
        assert error(response)[:2] == (400, code)
        assert sandbox.state.campaigns[campaign] == before

    def test_draft_fields_change_while_draft(self, api, sandbox):
        assert (
            patch(api, f"{CAMPAIGNS}/610000015", {"$set": {"objectiveType": "ENGAGEMENT"}}).status_code == 204
        )
        assert patch(api, f"{CAMPAIGNS}/610000015", {"$set": {"status": "ACTIVE"}}).status_code == 204

    def test_group_update(self, api, sandbox):
        response = patch(
            api,
            f"{GROUPS}/{ALWAYS_ON}",
            {"$set": {"totalBudget": {"amount": "5000.00", "currencyCode": "USD"}}},
        )
        assert error(response)[:2] == (400, "MISSING_FIELD")
        body = {
            "$set": {
                "totalBudget": {"amount": "5000.00", "currencyCode": "USD"},
                "runSchedule": {"start": START, "end": START + 1},
            }
        }
        assert patch(api, f"{GROUPS}/{ALWAYS_ON}", body).status_code == 204
        assert error(patch(api, f"{GROUPS}/{ALWAYS_ON}", {"$set": {"objectiveType": "ENGAGEMENT"}}))[:2] == (
            400,
            "FIELD_NOT_UPDATABLE",
        )


class TestDelete:
    def test_only_drafts(self, api, sandbox):
        response = api.request("DELETE", f"{CAMPAIGNS}/610000001")
        assert error(response)[:2] == (400, "DELETE_ALLOWED_ONLY_FOR_DRAFT_STATUS")
        assert api.request("DELETE", f"{CAMPAIGNS}/610000015").status_code == 204
        assert api.get(f"{CAMPAIGNS}/610000015").status_code == 404

    def test_draft_group_goes_with_its_drafts(self, api, sandbox):
        assert api.request("DELETE", f"{GROUPS}/{ALWAYS_ON}").status_code == 400
        assert api.request("DELETE", f"{GROUPS}/{DRAFT_GROUP}").status_code == 204
        assert not any(
            c["campaignGroup"].endswith(str(DRAFT_GROUP)) for c in sandbox.state.campaigns.values()
        )


class TestAccounts:
    def test_search_create_update_delete(self, api, sandbox):
        found = api.get("/rest/adAccounts?q=search&search=(status:(values:List(ACTIVE)),test:false)").json()
        assert [a["id"] for a in found["elements"]] == [507000001, 507000002, 507000003]
        body = {
            "name": "New",
            "currency": "USD",
            "reference": "urn:li:organization:2414183",
            "type": "BUSINESS",
        }
        response = api.post("/rest/adAccounts", json=body)
        assert response.status_code == 201
        new_id = int(response.headers["x-restli-id"])
        assert patch(api, f"/rest/adAccounts/{new_id}", {"$set": {"name": "Renamed"}}).status_code == 204
        assert sandbox.state.ad_accounts[new_id]["name"] == "Renamed"
        assert error(patch(api, f"/rest/adAccounts/{new_id}", {"$set": {"currency": "EUR"}}))[:2] == (
            400,
            "FIELD_NOT_UPDATABLE",
        )
        assert error(api.request("DELETE", f"/rest/adAccounts/{new_id}"))[:2] == (400, "DELETE_NOT_ALLOWED")
        assert api.request("DELETE", "/rest/adAccounts/507000005").status_code == 204

    def test_bad_currency_and_transition(self, api):
        body = {"name": "New", "currency": "XXX", "reference": "urn:li:organization:1"}
        assert api.post("/rest/adAccounts", json=body).status_code == 422
        response = patch(api, "/rest/adAccounts/507000004", {"$set": {"status": "ACTIVE"}})
        assert error(response)[:2] == (400, "INVALID_STATUS_TRANSITION")


def test_targeting_facets(api):
    body = api.get("/rest/adTargetingFacets").json()
    names = [f["facetName"] for f in body["elements"]]
    assert "locations" in names and len(names) == body["paging"]["total"]
    assert body["elements"][0]["adTargetingFacetUrn"] == "urn:li:adTargetingFacet:locations"
