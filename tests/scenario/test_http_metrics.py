"""/metrics counts the HTTP requests of each route by status, and times them."""

from __future__ import annotations

from tests.scenario.test_spine import open_modal
from tests.signing import slash_command_body


async def test_each_route_counts_its_requests_by_status_and_times_them(bot, fake_slack):
    await open_modal(bot, fake_slack, "Pods crash-loop on our Kubernetes cluster")
    await open_modal(bot, fake_slack, "")
    forged = slash_command_body(command="/rfh", text="hi", trigger_id=fake_slack.new_trigger_id())
    refused = await bot.slack(forged, {"X-Slack-Request-Timestamp": "1", "X-Slack-Signature": "v0=bad",
                                       "Content-Type": "application/x-www-form-urlencoded"})
    assert refused.status == 401

    metrics = (await bot.get("/metrics")).text
    assert 'rfh_http_requests_total{route="/slack/events",status="200"} 2.0' in metrics
    assert 'rfh_http_requests_total{route="/slack/events",status="401"} 1.0' in metrics
    assert 'rfh_http_request_seconds_count{route="/slack/events"} 3.0' in metrics
    assert 'rfh_http_request_seconds_bucket{le="+Inf",route="/slack/events"} 3.0' in metrics
