"""Post bodies: every content kind, escaping, and every refusal, before anything is sent."""

from __future__ import annotations

import pytest

from maton_linkedin_provider.linkedin.errors import InvalidValue
from maton_linkedin_provider.linkedin.posts import build_post, signature
from maton_linkedin_provider.linkedin.text import hashtag, mention

ME = "urn:li:person:abc123"
ORG = "urn:li:organization:2414183"
IMG = [f"urn:li:image:C4E10AQimg{i}" for i in range(25)]


def test_text_post_defaults_and_escaping():
    body = build_post(ME, "Q3 results (final) #data_team")
    assert body == {
        "author": ME,
        "commentary": "Q3 results \\(final\\) \\#data\\_team",
        "visibility": "PUBLIC",
        "distribution": {
            "feedDistribution": "MAIN_FEED",
            "targetEntities": [],
            "thirdPartyDistributionChannels": [],
        },
        "lifecycleState": "PUBLISHED",
        "isReshareDisabledByAuthor": False,
    }


def test_markup_survives_escaping():
    from maton_linkedin_provider.linkedin.text import compose

    text = compose("Thanks ", mention("Acme Corp", ORG), " for 2026! ", hashtag("DataEngineering"))
    body = build_post(ME, text)
    assert (
        body["commentary"]
        == "Thanks @[Acme Corp](urn:li:organization:2414183) for 2026! {hashtag|\\#|DataEngineering}"
    )


def test_escape_can_be_turned_off():
    assert build_post(ME, "raw (text)", escape_commentary=False)["commentary"] == "raw (text)"


@pytest.mark.parametrize(
    ("kwargs", "content"),
    [
        pytest.param(
            {"article": "https://example.com/a"},
            {"article": {"source": "https://example.com/a"}},
            id="article-url",
        ),
        pytest.param(
            {"article": {"source": "https://example.com/a", "title": "T", "thumbnail": IMG[0]}},
            {"article": {"source": "https://example.com/a", "title": "T", "thumbnail": IMG[0]}},
            id="article-dict",
        ),
        pytest.param(
            {"media": IMG[0], "alt_text": "a chart"},
            {"media": {"id": IMG[0], "altText": "a chart"}},
            id="image",
        ),
        pytest.param(
            {"media": "urn:li:video:C5505AQvid", "media_title": "Demo"},
            {"media": {"id": "urn:li:video:C5505AQvid", "title": "Demo"}},
            id="video",
        ),
        pytest.param(
            {"media": "urn:li:document:D4D10AQdoc", "media_title": "Deck"},
            {"media": {"id": "urn:li:document:D4D10AQdoc", "title": "Deck"}},
            id="document",
        ),
        pytest.param(
            {"images": IMG[:2], "alt_text": ["a", "b"]},
            {"multiImage": {"images": [{"id": IMG[0], "altText": "a"}, {"id": IMG[1], "altText": "b"}]}},
            id="multi-image",
        ),
        pytest.param(
            {"poll": {"question": "Which?", "options": ["A", "B", "C"], "duration": "ONE_DAY"}},
            {
                "poll": {
                    "question": "Which?",
                    "options": [{"text": "A"}, {"text": "B"}, {"text": "C"}],
                    "settings": {"duration": "ONE_DAY"},
                }
            },
            id="poll",
        ),
    ],
)
def test_content_kinds(kwargs, content):
    assert build_post(ORG, "hi", **kwargs)["content"] == content


def test_reshare_without_text():
    body = build_post(ME, "", reshare_of="urn:li:share:7000")
    assert body["reshareContext"] == {"parent": "urn:li:share:7000"}
    assert body["commentary"] == ""


@pytest.mark.parametrize(
    ("author", "text", "kwargs", "field"),
    [
        pytest.param(ME, "", {}, "commentary", id="empty-and-nothing-else"),
        pytest.param(ME, "x" * 3001, {}, "commentary", id="over-3000"),
        pytest.param(ME, "(" * 1501, {}, "commentary", id="escapes-count"),
        pytest.param("urn:li:group:1", "hi", {}, "author", id="group-author"),
        pytest.param("abc123", "hi", {}, "author", id="bare-id-author"),
        pytest.param(ME, "hi", {"visibility": "FRIENDS"}, "visibility", id="visibility"),
        pytest.param(ME, "hi", {"feed_distribution": "EVERYWHERE"}, "feed_distribution", id="distribution"),
        pytest.param(ME, "hi", {"images": IMG[:1]}, "images", id="one-image"),
        pytest.param(ME, "hi", {"images": IMG[:21]}, "images", id="21-images"),
        pytest.param(ME, "hi", {"images": IMG[:2], "alt_text": ["a"]}, "alt_text", id="alt-count"),
        pytest.param(ME, "hi", {"images": [IMG[0], "urn:li:video:C1"]}, "images[1]", id="video-in-images"),
        pytest.param(ME, "hi", {"media": "urn:li:share:1"}, "media", id="post-as-media"),
        pytest.param(ME, "hi", {"article": "ftp://x"}, "article.source", id="article-scheme"),
        pytest.param(ME, "hi", {"article": {"title": "no source"}}, "article.source", id="article-no-source"),
        pytest.param(
            ME, "hi", {"poll": {"question": "Q", "options": ["A"]}}, "poll.options", id="poll-1-option"
        ),
        pytest.param(
            ME,
            "hi",
            {"poll": {"question": "Q", "options": list("ABCDE")}},
            "poll.options",
            id="poll-5-options",
        ),
        pytest.param(
            ME,
            "hi",
            {"poll": {"question": "Q", "options": ["A", "B"], "duration": "ONE_WEEK"}},
            "poll.duration",
            id="poll-duration",
        ),
        pytest.param(ME, "hi", {"media": IMG[0], "article": "https://e.com"}, "media", id="two-contents"),
        pytest.param(ME, "hi", {"reshare_of": "urn:li:image:C1"}, "reshare_of", id="reshare-not-a-post"),
    ],
)
def test_refusals_name_the_field(author, text, kwargs, field):
    with pytest.raises(InvalidValue) as info:
        build_post(author, text, **kwargs)
    assert info.value.field == field


def test_signature_matches_a_read_back_post():
    body = build_post(ME, "Hello (world)", media=IMG[3])
    stored = {
        **body,
        "id": "urn:li:share:1",
        "createdAt": 1,
        "content": {"media": {"id": IMG[3], "title": None}},
    }
    assert signature(stored) == signature(body)
    assert signature({**stored, "commentary": "Hello"}) != signature(body)
