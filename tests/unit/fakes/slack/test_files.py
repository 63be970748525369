"""The fake Slack takes file uploads the way Slack does (files_upload_v2's three steps) and refuses what Slack
refuses: an unknown or unsent file, a size other than announced, a channel name where an id is needed."""

from __future__ import annotations

import aiohttp
import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from fakes.slack import FakeSlack


def client(fake: FakeSlack) -> AsyncWebClient:
    return AsyncWebClient(token="xoxb-test-token", base_url=fake.url)


async def test_files_upload_v2_shares_the_bytes_in_the_channel(fake_slack: FakeSlack) -> None:
    channel = fake_slack.add_channel("reports")
    answer = await client(fake_slack).files_upload_v2(
        file_uploads=[{"file": b"\x89PNG one", "filename": "a.png", "title": "A"},
                      {"content": "two", "filename": "b.txt"}],
        channel=channel, initial_comment="charts")
    assert [f["name"] for f in answer["files"]] == ["a.png", "b.txt"]
    files = fake_slack.files("#reports")
    assert [(f["name"], f["title"], f["content"], f["size"]) for f in files] == [
        ("a.png", "A", b"\x89PNG one", 8), ("b.txt", "b.txt", b"two", 3)]
    [message] = fake_slack.messages("#reports")
    assert message["text"] == "charts" and [f["id"] for f in message["files"]] == [f["id"] for f in files]
    assert [c.method for c in fake_slack.calls] == ["files.getUploadURLExternal", "files.getUploadURLExternal",
                                                     "upload", "upload", "files.completeUploadExternal"]


async def test_what_slack_refuses(fake_slack: FakeSlack) -> None:
    web = client(fake_slack)
    fake_slack.add_channel("reports")
    url = await web.files_getUploadURLExternal(filename="a.png", length=5)
    with pytest.raises(SlackApiError) as refused:
        await web.files_completeUploadExternal(files=[{"id": url["file_id"]}])
    assert refused.value.response["error"] == "file_not_found"  # announced, never sent
    async with aiohttp.ClientSession() as http:
        async with http.post(url["upload_url"], data=b"123") as answer:
            assert answer.status == 200
        async with http.post(url["upload_url"], data=b"123") as answer:
            assert answer.status == 404  # an upload URL takes one file
    with pytest.raises(SlackApiError) as refused:
        await web.files_completeUploadExternal(files=[{"id": url["file_id"]}])
    assert refused.value.response["error"] == "file_upload_size_mismatch"
    good = await web.files_getUploadURLExternal(filename="b.png", length=2)
    async with aiohttp.ClientSession() as http, http.post(good["upload_url"], data=b"ok"):
        pass
    with pytest.raises(SlackApiError) as refused:
        await web.files_completeUploadExternal(files=[{"id": good["file_id"]}], channel_id="#reports")
    assert refused.value.response["error"] == "channel_not_found"
    with pytest.raises(SlackApiError) as refused:
        await web.files_getUploadURLExternal(filename="c.png", length=0)
    assert refused.value.response["error"] == "invalid_arguments"
    assert fake_slack.files("#reports") == []
