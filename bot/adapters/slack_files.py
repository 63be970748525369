"""Sharing files in Slack the current way (files.upload is retired): slack_sdk's ``files_upload_v2`` asks
files.getUploadURLExternal for an upload URL per file, POSTs the bytes there, then files.completeUploadExternal
shares them all in one message. That last call takes a channel *id*, so a ``#name`` or a user id (their DM) is
looked up first, as ``SlackChat`` does for its own lookups."""

from __future__ import annotations

from collections.abc import Sequence

from aiohttp import ClientError
from slack_sdk.errors import SlackApiError, SlackRequestError

from bot.adapters.slack_chat import SlackChat
from bot.adapters.slack_client import PERMANENT_ERRORS, classify
from bot.core.errors import PermanentDeliveryError, TemporaryDeliveryError
from bot.core.ports import Upload


async def upload_files(chat: SlackChat, channel: str, files: Sequence[Upload], *, comment: str | None = None) -> int:
    """Share ``files`` in ``channel`` in one message; returns how many Slack shared."""
    channel_id = await chat._conversation_id(channel)  # noqa: SLF001  (the adapter's own lookup, same package)
    if channel_id is None:
        raise PermanentDeliveryError(f"Slack has no channel {channel} the bot can see", service="Slack",
                                     fix=PERMANENT_ERRORS["channel_not_found"])
    uploads = [{"file": f.content, "filename": f.filename, "title": f.title, "alt_txt": f.alt_text} for f in files]
    try:
        response = await chat.client.files_upload_v2(file_uploads=uploads, channel=channel_id,
                                                     initial_comment=comment)
    except SlackApiError as exc:
        raise classify("files.completeUploadExternal", exc) from None
    except SlackRequestError as exc:  # the upload URL answered with an error status: nothing was shared
        raise TemporaryDeliveryError(f"Slack did not take an upload: {exc}", service="Slack") from None
    except (TimeoutError, OSError, ClientError) as exc:
        raise TemporaryDeliveryError(f"Slack did not answer an upload ({type(exc).__name__})", service="Slack",
                                     uncertain=True) from None
    shared = response.get("files") or []
    return len(shared) if isinstance(shared, list) else 0
