"""Little Text Format: escaping, markup that survives escaping, hashtags and the length limit."""

from __future__ import annotations

from typing import Any

import pytest

from maton_linkedin_provider.linkedin.errors import InvalidValue
from maton_linkedin_provider.linkedin.text import (
    MAX_COMMENTARY,
    RESERVED,
    Markup,
    check_length,
    compose,
    escape,
    hashtag,
    mention,
    parse_hashtags,
    sent_length,
    unescape,
)
from maton_linkedin_provider.linkedin.urns import Urn

ALL_RESERVED = "\\|{}@[]()<>#*_~"


def test_reserved_set() -> None:
    assert frozenset(ALL_RESERVED) == RESERVED


@pytest.mark.parametrize("char", [pytest.param(c, id=f"U+{ord(c):04X}") for c in ALL_RESERVED])
def test_escape_each_reserved_char(char: str) -> None:
    assert escape(f"a{char}b") == f"a\\{char}b"
    assert unescape(escape(f"a{char}b")) == f"a{char}b"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("", "", id="empty"),
        pytest.param("plain text, 100% fine! é 🚀\n", "plain text, 100% fine! é 🚀\n", id="nothing-reserved"),
        pytest.param(
            ALL_RESERVED[1:] + "\\", "".join("\\" + c for c in ALL_RESERVED[1:] + "\\"), id="all-reserved"
        ),
        pytest.param("C:\\path", "C:\\\\path", id="existing-backslash"),
        pytest.param("\\#", "\\#", id="already-escaped-is-kept"),
        pytest.param("snake_case (v2) #1", "snake\\_case \\(v2\\) \\#1", id="mixed"),
        pytest.param(
            "@[X (EU)](urn:li:person:1)", "@[X \\(EU\\)](urn:li:person:1)", id="mention-syntax-is-markup"
        ),
    ],
)
def test_escape(text: str, expected: str) -> None:
    escaped = escape(text)
    assert escaped == expected
    assert isinstance(escaped, Markup)
    assert escape(escaped) == escaped  # escaping twice changes nothing
    if "\\" not in text and "@[" not in text:  # escapes and markup in the input are kept, not text
        assert unescape(escaped) == text


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("a\\b", id="backslash-then-letter"),
        pytest.param("{hashtag x}", id="brace-text"),
        pytest.param("~~*bold*~~ <tag> _it_", id="mixed"),
    ],
)
def test_round_trip(text: str) -> None:
    assert unescape(escape(text)) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("\\q", "\\q", id="non-reserved-kept"),
        pytest.param("{hashtag|\\#|AI}", "{hashtag|#|AI}", id="template"),
        pytest.param("end\\", "end\\", id="trailing-backslash"),
    ],
)
def test_unescape(text: str, expected: str) -> None:
    assert unescape(text) == expected


@pytest.mark.parametrize(
    ("name", "urn", "expected"),
    [
        pytest.param(
            "Acme Corp", "urn:li:organization:1234", "@[Acme Corp](urn:li:organization:1234)", id="org"
        ),
        pytest.param(
            "Jane Doe", Urn("li", "person", "abc-1"), "@[Jane Doe](urn:li:person:abc-1)", id="person-obj"
        ),
        pytest.param(
            "Acme [EU] (Ltd) #1",
            "urn:li:organization:1",
            "@[Acme \\[EU\\] \\(Ltd\\) \\#1](urn:li:organization:1)",
            id="name-escaped",
        ),
    ],
)
def test_mention(name: str, urn: str | Urn, expected: str) -> None:
    built = mention(name, urn)
    assert built == expected
    assert isinstance(built, Markup)


@pytest.mark.parametrize(
    ("name", "urn", "message"),
    [
        pytest.param("Acme", "urn:li:group:1", "is not a person or organization URN", id="group-urn"),
        pytest.param("Acme", "urn:li:organization:abc", "invalid organization id", id="bad-id"),
        pytest.param("Acme", "1234", "is not a person or organization URN", id="bare-id"),
        pytest.param("Acme", "", "is empty", id="empty-urn"),
        pytest.param("", "urn:li:organization:1", "display name", id="empty-name"),
        pytest.param("   ", "urn:li:organization:1", "display name", id="blank-name"),
        pytest.param("Ac\nme", "urn:li:organization:1", "line break", id="newline-name"),
    ],
)
def test_mention_refuses(name: str, urn: str, message: str) -> None:
    with pytest.raises(InvalidValue) as err:
        mention(name, urn)
    assert err.value.field == "mention"
    assert message in str(err.value)


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        pytest.param("AI", "{hashtag|\\#|AI}", id="plain"),
        pytest.param("#AI", "{hashtag|\\#|AI}", id="leading-hash"),
        pytest.param("\uff03AI", "{hashtag|\\#|AI}", id="full-width-hash"),
        pytest.param("data_eng2", "{hashtag|\\#|data_eng2}", id="underscore-digits"),
        pytest.param("café", "{hashtag|\\#|café}", id="unicode-letters"),
    ],
)
def test_hashtag(tag: str, expected: str) -> None:
    built = hashtag(tag)
    assert built == expected
    assert isinstance(built, Markup)


@pytest.mark.parametrize(
    "tag",
    [
        pytest.param("", id="empty"),
        pytest.param("#", id="only-hash"),
        pytest.param("##AI", id="double-hash"),
        pytest.param("two words", id="space"),
        pytest.param("AI!", id="punctuation"),
        pytest.param("a-b", id="dash"),
        pytest.param("x}", id="brace"),
        pytest.param("AI\n", id="newline"),
        pytest.param(3, id="not-a-string"),
    ],
)
def test_hashtag_refuses(tag: Any) -> None:
    with pytest.raises(InvalidValue) as err:
        hashtag(tag)
    assert err.value.field == "hashtag"


def test_compose_keeps_markup_and_escapes_text() -> None:
    text = compose("Hi (all) ", mention("Acme", "urn:li:organization:1"), " see ", hashtag("AI"), " #no")
    assert text == "Hi \\(all\\) @[Acme](urn:li:organization:1) see {hashtag|\\#|AI} \\#no"
    assert isinstance(text, Markup)
    assert escape(text) == text
    assert compose(text) == text
    assert parse_hashtags(text) == ["AI"]


def test_compose_empty_and_refuses_non_text() -> None:
    assert compose() == ""
    with pytest.raises(InvalidValue, match=r"^commentary: expected text, got int"):
        compose("a", 3)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("{hashtag|\\#|AI} and {hashtag|#|ML}", ["AI", "ML"], id="both-forms"),
        pytest.param("{hashtag|\uff03|Data}", ["Data"], id="full-width"),
        pytest.param("#bare text", [], id="bare-hash-ignored"),
        pytest.param("{hashtag|\\#|}", [], id="empty-tag"),
        pytest.param("{hashtag|x|AI}", [], id="wrong-sign"),
        pytest.param("{hashtag|\\#|AI", [], id="unclosed"),
        pytest.param("", [], id="empty"),
    ],
)
def test_parse_hashtags(text: str, expected: list[str]) -> None:
    assert parse_hashtags(text) == expected


@pytest.mark.parametrize(
    ("text", "length"),
    [
        pytest.param("a" * MAX_COMMENTARY, 3000, id="3000-plain"),
        pytest.param("a" * 2999 + "#", 3001, id="2999-plus-escaped-hash"),
        pytest.param("a" * 1500 + "_" * 750, 3000, id="escapes-reach-exactly-3000"),
        pytest.param(Markup("a" * 2998 + "\\#"), 3000, id="markup-counted-as-is"),
        pytest.param("é" * 3000, 3000, id="accents-count-one"),
        pytest.param("🚀" * 1500, 3000, id="emoji-count-two"),
    ],
)
def test_sent_length(text: str, length: int) -> None:
    assert sent_length(text) == length


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("a" * 3000, id="3000"),
        pytest.param("#" * 1500, id="1500-reserved-is-3000"),
        pytest.param(compose("a" * 2980, hashtag("AI")), id="3000-with-markup"),
        pytest.param("🚀" * 1500, id="1500-emoji"),
    ],
)
def test_check_length_accepts(text: str) -> None:
    check_length(text)


@pytest.mark.parametrize(
    ("text", "length"),
    [
        pytest.param("a" * 3001, 3001, id="3001"),
        pytest.param("a" * 2999 + "#", 3001, id="escape-pushes-over"),
        pytest.param("#" * 1501, 3002, id="1501-reserved"),
        pytest.param("a" * 2999 + "🚀", 3001, id="emoji-pushes-over"),
    ],
)
def test_check_length_refuses(text: str, length: int) -> None:
    with pytest.raises(InvalidValue) as err:
        check_length(text, field="text")
    assert err.value.field == "text"
    message = str(err.value)
    assert f"is {length} characters as sent" in message
    assert "limit of 3000" in message
    assert "escapes" in message


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Q3 (final) #win data_team {x} <3 ~ * | @ \\", id="plain"),
        pytest.param("thanks @[Acme (EU)](urn:li:organization:1) {hashtag|#|AI}", id="with-markup"),
        pytest.param("a\\(b", id="escaped-paren"),
    ],
)
def test_escape_is_idempotent_on_plain_strings(text: str) -> None:
    """Escaped text that lost its Markup type (a rendered template, an XCom) is not escaped twice."""
    once = escape(text)
    assert escape(str(once)) == once


def test_concatenated_markup_survives_template_rendering() -> None:
    import jinja2

    template = (
        "Report for {{ ds }} (green). Thanks "
        + mention("Acme", "urn:li:organization:1")
        + " "
        + hashtag("AI")
    )
    rendered = jinja2.Template(template).render(ds="2026-11-28")
    assert escape(rendered) == (
        "Report for 2026\\-11\\-28 \\(green\\). Thanks @[Acme](urn:li:organization:1) {hashtag|\\#|AI}"
    ).replace("\\-", "-")


def _all_escaped(text: str) -> str:
    return "".join("\\" + c if c in RESERVED else c for c in text)


#: Markup that looks like a mention or a hashtag but is not one LinkedIn can resolve: text, escaped whole.
NEAR_MISSES = [
    pytest.param("Thanks @[Acme](urn:li:organization:acme)", id="org-id-not-digits"),
    pytest.param("@[Acme](urn:li:organization:007)", id="org-id-leading-zeros"),
    pytest.param("@[Acme](urn:li:organization:0)", id="org-id-zero"),
    pytest.param("@[Acme](urn:li:organization:)", id="org-id-empty"),
    pytest.param("@[Acme](urn:li:company:1)", id="wrong-entity-type"),
    pytest.param("@[Acme](urn:li:organization:1 )", id="space-in-urn"),
    pytest.param("@[Acme] (urn:li:organization:1)", id="space-before-urn"),
    pytest.param("@[Acme](urn:li:person:a.b)", id="person-id-with-dot"),
    pytest.param("@[Acme](URN:li:organization:1)", id="upper-case-urn"),
    pytest.param("@[ ](urn:li:person:abc)", id="blank-name"),
    pytest.param("@[A\tB](urn:li:person:abc)", id="tab-in-name"),
    pytest.param("@[A\nB](urn:li:person:abc)", id="newline-in-name"),
    pytest.param("@[](urn:li:person:abc)", id="empty-name"),
    pytest.param("@Acme(urn:li:organization:1)", id="no-brackets"),
    pytest.param("@[Acme](urn:li:organization:1", id="unclosed-urn"),
    pytest.param("@[Acme(urn:li:organization:1)", id="unclosed-name"),
    pytest.param("{hashtag|#|}", id="empty-tag"),
    pytest.param("{hashtag|#|two words}", id="tag-with-space"),
    pytest.param("{hashtag|#|a-b}", id="tag-with-dash"),
    pytest.param("{hashtag|##|AI}", id="double-sign"),
    pytest.param("{hashtag|x|AI}", id="wrong-sign"),
    pytest.param("{hashtag||AI}", id="no-sign"),
    pytest.param("{Hashtag|#|AI}", id="capital-keyword"),
    pytest.param("{hashtag|#|AI", id="unclosed-tag"),
    pytest.param("{hashtag#AI}", id="no-bars"),
    pytest.param("{hashtag|#|AI|x}", id="extra-part"),
]


@pytest.mark.parametrize("text", NEAR_MISSES)
def test_near_miss_markup_is_escaped_whole(text: str) -> None:
    escaped = escape(text)
    assert escaped == _all_escaped(text)
    assert escape(str(escaped)) == escaped  # idempotent
    assert unescape(escaped) == text
    from maton_linkedin_provider.sandbox.littletext import read

    assert read(escaped).stored == escaped  # nothing cut, and
    assert read(escaped).mentions == [] and read(escaped).hashtags == []  # no markup read into it


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("@[Acme](urn:li:organization:1)", "@[Acme](urn:li:organization:1)", id="org"),
        pytest.param("@[Jane D.](urn:li:person:AbC-1_x)", "@[Jane D.](urn:li:person:AbC-1_x)", id="person"),
        pytest.param(
            "@[A (B)](urn:li:organization:10)", "@[A \\(B\\)](urn:li:organization:10)", id="name-escaped"
        ),
        pytest.param("{hashtag|#|AI}", "{hashtag|\\#|AI}", id="hashtag-plain-sign"),
        pytest.param("{hashtag|\\#|café_2}", "{hashtag|\\#|café_2}", id="hashtag-escaped-sign"),
    ],
)
def test_valid_markup_is_kept(text: str, expected: str) -> None:
    escaped = escape(text)
    assert escaped == expected
    assert escape(str(escaped)) == escaped
    from maton_linkedin_provider.sandbox.littletext import read

    seen = read(escaped)
    assert seen.stored == escaped and len(seen.mentions) + len(seen.hashtags) == 1


@pytest.mark.parametrize(
    ("urn", "message"),
    [
        pytest.param("urn:li:organization:007", "leading zeros", id="leading-zeros"),
        pytest.param("urn:li:organization:0", "leading zeros", id="zero"),
    ],
)
def test_mention_refuses_unresolvable_organization(urn: str, message: str) -> None:
    with pytest.raises(InvalidValue, match=message) as err:
        mention("Acme", urn)
    assert err.value.field == "mention"


def test_mention_name_holds_no_markup() -> None:
    built = mention("@[x](urn:li:person:1) {hashtag|#|AI}", "urn:li:person:2")
    assert built == "@[\\@\\[x\\]\\(urn:li:person:1\\) \\{hashtag\\|\\#\\|AI\\}](urn:li:person:2)"
    from maton_linkedin_provider.sandbox.littletext import read

    assert read(built).mentions == [
        ("\\@\\[x\\]\\(urn:li:person:1\\) \\{hashtag\\|\\#\\|AI\\}", "urn:li:person:2")
    ]


def test_near_miss_and_markup_survive_template_rendering() -> None:
    import jinja2

    template = "{{ who }} @[Acme](urn:li:organization:acme) " + mention("Acme", "urn:li:organization:1")
    rendered = jinja2.Template(template).render(who="Thanks")
    assert escape(rendered) == (
        "Thanks \\@\\[Acme\\]\\(urn:li:organization:acme\\) @[Acme](urn:li:organization:1)"
    )


class TestNearMissOnTheSandbox:
    """The user's text is published whole: what the sandbox stores reads back as the text given."""

    @pytest.mark.parametrize("text", NEAR_MISSES)
    def test_published_whole(self, set_conn, sandbox, text: str) -> None:
        from maton_linkedin_provider.hooks.linkedin import MatonLinkedInHook

        hook = MatonLinkedInHook()
        urn = hook.create_post(f"Before {text} after")
        stored = hook.get_post(urn)["commentary"]
        assert unescape(stored) == f"Before {text} after"
        assert stored == escape(f"Before {text} after")
