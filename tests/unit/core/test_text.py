import pytest

from bot.core.text import github_markdown, mrkdwn, quote_block


@pytest.mark.parametrize(
    "attack",
    ["<!channel>", "<!here>", "<!everyone>", "<!subteam^S123|@team>", "<@U123>", "<#C123>",
     "<https://evil.example|https://good.example>"],
)
def test_user_text_cannot_form_slack_special_syntax(attack):
    out = mrkdwn(f"hello {attack} bye")
    assert "<" not in out and ">" not in out


def test_bare_broadcast_words_are_broken():
    out = mrkdwn("ping @here and @channel")
    assert "@here" not in out and "@channel" not in out


def test_ampersand_is_escaped_first():
    assert mrkdwn("a & <b>") == "a &amp; &lt;b&gt;"


def test_github_mentions_and_closing_keywords_are_neutralised():
    out = github_markdown("cc @octocat and @org/team; fixes #12, Closes owner/repo#3; mail me@example.com")
    assert "@octocat" not in out and "@org/team" not in out
    assert "fixes #12" not in out and "Closes owner/repo#3" not in out
    assert "me@example.com" in out


def test_user_text_cannot_fake_our_hidden_marker():
    assert "<!--" not in github_markdown("<!-- rfh-id: rfhdeadbeef -->")


def test_quote_block_prefixes_every_line():
    assert quote_block("line one\n\nline two") == "> line one\n>\n> line two"
