"""The exact bytes the sync hook puts on the wire, as the sandbox recorded them before decoding.

The sandbox refuses what LinkedIn refuses (an unencoded URN in a path, an unencoded reserved
character in a query value), so these tests pin the request targets themselves: path keys encoded
whole, Rest.li structure literal with its leaves encoded, tunneled queries byte for byte, upload
URLs exactly as handed out, and a redirect's target kept as the Location gave it. The trigger's
bytes are pinned in tests/triggers/test_media_trigger.py.
"""

from __future__ import annotations

import pytest

from maton_linkedin_provider.example_dags._samples import write_mp4
from maton_linkedin_provider.hooks.linkedin import MatonLinkedInHook
from maton_linkedin_provider.sandbox import Fault

ADA = "urn:li:person:sAnDbOx01"
ENCODED_ADA = "urn%3Ali%3Aperson%3AsAnDbOx01"


@pytest.fixture(params=["gateway", "direct"])
def hook(request, set_conn, sandbox) -> MatonLinkedInHook:
    if request.param == "direct":
        set_conn(password=sandbox.access_token, direct=True)
    h = MatonLinkedInHook()
    h._sleep = lambda s: None
    return h


def prefix(hook: MatonLinkedInHook) -> str:
    return "/rest" if hook.settings.direct else "/linkedin/rest"


def api(sandbox) -> list:
    return [r for r in sandbox.requests if r.server == "api"]


def test_a_post_urn_path_key_is_encoded_whole(hook, sandbox):
    urn = hook.create_post("Bytes on the wire")
    hook.get_post(urn)
    hook.delete_post(urn)
    encoded = urn.replace(":", "%3A")
    targets = [r.raw_path for r in api(sandbox) if r.method in ("GET", "DELETE") and "/posts/" in r.raw_path]
    assert targets == [f"{prefix(hook)}/posts/{encoded}"] * 2


def test_a_finder_query_keeps_rest_li_structure_and_encodes_leaves(hook, sandbox):
    list(hook.iter_posts(ADA, max_items=1))
    hook.request("GET", "/adAccounts", {"q": "search", "search": {"status": {"values": ["ACTIVE", "DRAFT"]}}})
    targets = [r.raw_path for r in api(sandbox)]
    assert (
        f"{prefix(hook)}/posts?q=author&author={ENCODED_ADA}&sortBy=LAST_MODIFIED&start=0&count=50" in targets
    )
    assert f"{prefix(hook)}/adAccounts?q=search&search=(status:(values:List(ACTIVE,DRAFT)))" in targets


def test_a_long_query_is_tunneled_byte_for_byte(hook, sandbox):
    campaigns = [f"urn:li:sponsoredCampaign:{n}" for n in range(1, 200)]
    query = {"q": "analytics", "pivot": "CAMPAIGN", "timeGranularity": "ALL", "campaigns": campaigns}
    query["dateRange"] = {"start": {"year": 2026, "month": 1, "day": 1}}
    hook.request("GET", "/adAnalytics", query)
    record = api(sandbox)[-1]
    assert record.method == "POST" and record.raw_path == f"{prefix(hook)}/adAnalytics"
    assert record.header("X-HTTP-Method-Override") == "GET"
    body = (record.body or b"").decode("ascii")
    assert body.startswith(
        "q=analytics&pivot=CAMPAIGN&timeGranularity=ALL&campaigns=List(urn%3Ali%3AsponsoredCampaign%3A1,"
    )
    assert ":" not in body.split("campaigns=", 1)[1].split("&", 1)[0].replace("List(", "")


def test_upload_puts_use_the_handed_out_url_exactly(hook, sandbox, tmp_path):
    with sandbox.state.lock:
        before = set(sandbox.state.upload_slots)
    hook.upload_video(write_mp4(tmp_path / "v.mp4", 4 * 1024 * 1024 + 5000))
    with sandbox.state.lock:
        handed_out = set(sandbox.state.upload_slots) - before
    puts = [r for r in sandbox.requests if r.server == "upload"]
    assert len(puts) == 2 and {r.raw_path for r in puts} == handed_out
    assert all("%253D" in r.raw_path and r.header("Authorization") is None for r in puts)


def test_a_redirect_target_is_sent_as_the_location_gave_it(hook, sandbox):
    urn = hook.create_post("Moved")
    moved = f"{prefix(hook)}/posts/{urn.replace(':', '%3A')}"
    sandbox.add_fault(Fault(status=307, location=moved, path="/posts/urn:li:share:99$", count=1))
    assert hook.get_post("urn:li:share:99")["id"] == urn
    first, second = api(sandbox)[-2:]
    assert first.raw_path == f"{prefix(hook)}/posts/urn%3Ali%3Ashare%3A99" and first.status == 307
    assert second.raw_path == moved and second.status == 200


@pytest.fixture
def odd_upload_urls(sandbox):
    from maton_linkedin_provider.sandbox.resources.uploads import ODD_PATH, ODD_QUERY

    with sandbox.state.lock:
        sandbox.state.upload_path_extra = ODD_PATH
        sandbox.state.upload_query_extra = ODD_QUERY
    return ODD_PATH, ODD_QUERY


def handed_out_targets(sandbox, action) -> set[str]:
    with sandbox.state.lock:
        before = set(sandbox.state.upload_slots)
    action()
    with sandbox.state.lock:
        return set(sandbox.state.upload_slots) - before


def test_upload_urls_with_lower_case_escapes_plus_tilde_and_bar_arrive_byte_for_byte(
    hook, sandbox, tmp_path, odd_upload_urls
):
    from maton_linkedin_provider.example_dags._samples import png_bytes

    odd_path, odd_query = odd_upload_urls
    image = tmp_path / "a.png"
    image.write_bytes(png_bytes(8, 8))
    video = write_mp4(tmp_path / "v.mp4", 2 * 4 * 1024 * 1024 + 5000)
    handed_out = handed_out_targets(sandbox, lambda: (hook.upload_image(image), hook.upload_video(video)))
    puts = [r for r in sandbox.requests if r.server == "upload"]
    assert len(puts) == 4 and all(r.status == 201 for r in puts)
    assert {r.raw_path for r in puts} == handed_out
    for put in puts:
        path, _, query = put.raw_path.partition("?")
        assert path.endswith(odd_path) and query.endswith(odd_query)
        assert "%2f" in put.raw_path and "%7e" in put.raw_path and "%2b" in put.raw_path
        assert "+" in put.raw_path and "|" in put.raw_path and "%253D" in put.raw_path


def test_without_the_exact_adapter_urllib3_would_re_encode_them(set_conn, sandbox, odd_upload_urls):
    """Why the upload session needs its adapter: a plain session changes the target's bytes."""
    from maton_linkedin_provider.hooks._sessions import new_session

    url = (
        sandbox.upload_base_url + "/dms-uploads/sp/video/X/0" + odd_upload_urls[0] + "?" + odd_upload_urls[1]
    )
    for exact in (False, True):
        session = new_session(exact_targets=exact)
        prepared = session.prepare_exact("PUT", url, {}, b"x")
        assert session.send(prepared).status_code == 403  # no such slot: only the bytes matter here
        session.close()
    plain, exact = [r.raw_path for r in sandbox.requests if r.server == "upload"]
    assert exact == url[len(sandbox.upload_base_url) :]
    assert plain != exact and "%2F" in plain and "%7C" in plain


@pytest.mark.parametrize(
    ("url", "target"),
    [
        ("https://h/p%2fq?a=%7e+b|c~d%253D", "/p%2fq?a=%7e+b|c~d%253D"),
        ("https://h:8443?x=1", "/?x=1"),
        ("https://h", "/"),
        ("https://h/a b?c=d e#frag", "/a%20b?c=d%20e"),
        ("https://h/caf\u00e9?\x7f=\t", "/caf%C3%A9?%7F=%09"),
    ],
)
def test_sendable_target_changes_only_what_a_request_line_cannot_carry(url, target):
    from maton_linkedin_provider.hooks._sessions import sendable_target

    assert sendable_target(url) == target


def test_api_targets_arrive_as_the_encoder_built_them(hook, sandbox):
    """The API session keeps urllib3's encoding: it is a no-op on what the Rest.li encoder builds."""
    params = {"q": "search", "keyword": "a b+c/d~e|f%g\u00e9", "search": {"name": {"values": ["x,y", "(z)"]}}}
    hook.request("GET", "/adAccounts", params)
    url, query = hook.settings.rest_url("/adAccounts", params)
    built = f"{url}?{query}"
    (record,) = [r for r in api(sandbox) if "/adAccounts" in r.raw_path]
    assert record.raw_path == built[built.index("/", len("http://")) :]
