"""Who is who: auth.test, users.info and users.lookupByEmail, and user groups (list, members, update); with the user
and user group objects as Slack shapes them."""

from __future__ import annotations

import copy
import time
from typing import Any

from fakes.slack.model import TRUTHY, USER_ID_RE, JSONDict, SlackApiFailure, Team, split_users
from fakes.slack.workspace import Workspace

AVATAR = "https://a.slack-edge.com/80588/img/avatars/ava_0001-{}.png"


def _profile(team: Team, user_id: str, *, name: str, real_name: str, email: str | None, is_bot: bool) -> JSONDict:
    profile: JSONDict = {
        "title": "", "phone": "", "skype": "", "real_name": real_name, "real_name_normalized": real_name,
        "display_name": name, "display_name_normalized": name, "fields": None, "status_text": "",
        "status_emoji": "", "status_expiration": 0, "avatar_hash": "g0000000000",
        "first_name": real_name.split(" ")[0], "last_name": " ".join(real_name.split(" ")[1:]),
        "image_24": AVATAR.format(24), "image_48": AVATAR.format(48), "team": team.team_id,
    }
    if email:
        profile["email"] = email
    if is_bot:
        profile["bot_id"] = team.bot_id if user_id == team.bot_user_id else f"B{user_id[1:]}"
    return profile


def user_object(
    team: Team, user_id: str, *, name: str | None = None, real_name: str | None = None, email: str | None = None,
    is_bot: bool = False, deleted: bool = False, tz: str = "America/Los_Angeles", **profile: Any,
) -> JSONDict:
    """A user as users.info answers it (``profile`` entries override the generated profile's)."""
    name = name or user_id.lower()
    real_name = real_name if real_name is not None else name.replace(".", " ").title()
    prof = _profile(team, user_id, name=name, real_name=real_name, email=email, is_bot=is_bot)
    prof.update(profile)
    return {
        "id": user_id, "team_id": team.team_id, "name": name, "deleted": deleted, "color": "9f69e7",
        "real_name": real_name, "tz": tz, "tz_label": "Pacific Standard Time", "tz_offset": -28800,
        "profile": prof, "is_admin": False, "is_owner": False, "is_primary_owner": False,
        "is_restricted": False, "is_ultra_restricted": False, "is_bot": is_bot, "is_app_user": False,
        "updated": int(time.time()), "is_email_confirmed": bool(email), "who_can_share_contact_card": "EVERYONE",
    }


def usergroup_object(team: Team, group_id: str, handle: str, members: list[str], *, name: str | None,
                     description: str, disabled: bool) -> JSONDict:
    """A user group as usergroups.list answers it with ``include_users`` and ``include_count``."""
    now = int(time.time())
    return {
        "id": group_id, "team_id": team.team_id, "is_usergroup": True, "is_subteam": True,
        "name": name or handle, "description": description, "handle": handle, "is_external": False,
        "date_create": now, "date_update": now, "date_delete": now if disabled else 0, "auto_type": None,
        "auto_provision": False, "enterprise_subteam_id": "", "created_by": "U0ADMIN",
        "updated_by": "U0ADMIN", "deleted_by": "U0ADMIN" if disabled else None,
        "prefs": {"channels": [], "groups": []}, "users": members, "user_count": len(members),
        "channel_count": 0,
    }


def auth_test(ws: Workspace, args: JSONDict) -> JSONDict:
    team = ws.team
    return {
        "ok": True, "url": f"https://{team.team_domain}.slack.com/", "team": team.team_name,
        "user": team.bot_name, "team_id": team.team_id, "user_id": team.bot_user_id, "bot_id": team.bot_id,
        "is_enterprise_install": False,
    }


def users_info(ws: Workspace, args: JSONDict) -> JSONDict:
    user = ws.users.get(str(args["user"]))
    if user is None:
        raise SlackApiFailure("user_not_found")
    return {"ok": True, "user": copy.deepcopy(user)}


def users_lookup_by_email(ws: Workspace, args: JSONDict) -> JSONDict:
    email = str(args["email"]).lower()
    for user in ws.users.values():
        if str(user["profile"].get("email", "")).lower() == email:
            return {"ok": True, "user": copy.deepcopy(user)}
    raise SlackApiFailure("users_not_found")


def usergroups_list(ws: Workspace, args: JSONDict) -> JSONDict:
    include_users = args.get("include_users") in TRUTHY
    include_disabled = args.get("include_disabled") in TRUTHY
    include_count = args.get("include_count") in TRUTHY
    groups = []
    for group in ws.usergroups.values():
        if group["date_delete"] and not include_disabled:
            continue
        item = copy.deepcopy(group)
        if not include_users:
            item.pop("users")
        if not include_count:
            item.pop("user_count")
        groups.append(item)
    return {"ok": True, "usergroups": groups}


def usergroups_users_list(ws: Workspace, args: JSONDict) -> JSONDict:
    group = ws.usergroups.get(str(args["usergroup"]))
    if group is None or (group["date_delete"] and args.get("include_disabled") not in TRUTHY):
        raise SlackApiFailure("no_such_subteam")
    return {"ok": True, "users": list(group["users"])}


def usergroups_users_update(ws: Workspace, args: JSONDict) -> JSONDict:
    group = ws.usergroups.get(str(args["usergroup"]))
    if group is None:
        raise SlackApiFailure("no_such_subteam")
    users = split_users(args["users"])
    if any(not USER_ID_RE.match(u) for u in users):
        raise SlackApiFailure("invalid_users")
    group["users"] = users
    group["user_count"] = len(users)
    group["date_update"] = int(time.time())
    group["updated_by"] = ws.team.bot_user_id
    return {"ok": True, "usergroup": copy.deepcopy(group)}


METHODS = {
    "auth.test": auth_test,
    "users.info": users_info,
    "users.lookupByEmail": users_lookup_by_email,
    "usergroups.list": usergroups_list,
    "usergroups.users.list": usergroups_users_list,
    "usergroups.users.update": usergroups_users_update,
}
