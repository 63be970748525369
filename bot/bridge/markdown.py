"""GitHub markdown → Slack mrkdwn, with markdown-it-py's parser: code blocks, links, lists, quotes, emphasis.

Every piece of text goes through ``bot.core.text.mrkdwn`` (so nothing a commenter types can form a Slack mention,
a broadcast or a disguised link); only the link syntax this module writes itself reaches Slack as markup. HTML is
shown as text, except HTML comments, which GitHub does not show either.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

from bot.core.text import mrkdwn

_PARSER = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
_SAFE_SCHEMES = ("http://", "https://", "mailto:")
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_FENCE = "```"


def github_to_mrkdwn(markdown: str) -> str:
    """The comment as Slack shows it; blank lines between blocks, as on GitHub."""
    tree = SyntaxTreeNode(_PARSER.parse(_HTML_COMMENT.sub("", markdown or "")))
    return _blocks(tree.children).strip()


def cut(text: str, limit: int, *, link: str | None) -> str:
    """At most ``limit`` characters; a cut text keeps its code block closed and ends with a link to the whole."""
    if len(text) <= limit:
        return text
    more = f"\n… <{_url(link)}|read the whole comment on GitHub>" if link else "\n…"
    head = text[: max(0, limit - len(more) - 4)].rstrip()
    if head.count(_FENCE) % 2:
        head += "\n" + _FENCE
    return head + more


def _blocks(nodes: list[SyntaxTreeNode], *, tight: bool = False) -> str:
    parts = [_block(node) for node in nodes]
    return ("\n" if tight else "\n\n").join(p for p in parts if p)


def _block(node: SyntaxTreeNode) -> str:
    kind = node.type
    if kind == "paragraph":
        return _inline(node.children)
    if kind == "heading":
        return f"*{_inline(node.children)}*"
    if kind in ("fence", "code_block"):
        return f"{_FENCE}\n{mrkdwn(node.content.rstrip(chr(10)))}\n{_FENCE}"
    if kind == "blockquote":
        return "\n".join(f"> {line}" if line else ">" for line in _blocks(node.children).splitlines())
    if kind in ("bullet_list", "ordered_list"):
        return _list(node)
    if kind == "table":
        return _table(node)
    if kind == "hr":
        return "───"
    if kind == "html_block":
        return mrkdwn(node.content.strip())
    return _blocks(node.children) if node.children else mrkdwn(node.content)


def _list(node: SyntaxTreeNode) -> str:
    ordered = node.type == "ordered_list"
    start = int(node.attrs.get("start", 1) or 1) if ordered else 1
    lines: list[str] = []
    for n, item in enumerate(node.children):
        bullet = f"{start + n}." if ordered else "•"
        body = _blocks(item.children, tight=True).splitlines() or [""]
        lines.append(f"{bullet} {body[0]}")
        lines += [f"    {line}" for line in body[1:]]
    return "\n".join(lines)


def _table(node: SyntaxTreeNode) -> str:
    rows = [row for section in node.children for row in section.children]
    return "\n".join(" | ".join(_inline(cell.children) for cell in row.children) for row in rows)


def _inline(nodes: list[SyntaxTreeNode]) -> str:
    out: list[str] = []
    for node in nodes:
        if node.type == "inline":
            out.append(_inline(node.children))
        elif node.type == "text":
            out.append(mrkdwn(node.content))
        elif node.type in ("softbreak", "hardbreak"):
            out.append("\n")
        elif node.type == "code_inline":
            out.append(f"`{mrkdwn(node.content)}`")
        elif node.type in ("strong", "em", "s"):
            mark = {"strong": "*", "em": "_", "s": "~"}[node.type]
            out.append(f"{mark}{_inline(node.children)}{mark}")
        elif node.type == "link":
            out.append(_link(str(node.attrs.get("href", "")), _inline(node.children)))
        elif node.type == "image":
            out.append(_link(str(node.attrs.get("src", "")), mrkdwn(node.content or "image")))
        elif node.type == "html_inline":
            out.append(mrkdwn(node.content))
        else:
            out.append(_inline(node.children) if node.children else mrkdwn(node.content))
    return "".join(out)


def _link(href: str, label: str) -> str:
    if not href.startswith(_SAFE_SCHEMES):
        return label
    label = label.replace("|", "¦") or _url(href)
    return f"<{_url(href)}|{label}>"


def _url(href: str) -> str:
    """A URL inside <…|…>: Slack reads &, <, > as entities and | as the label separator."""
    return href.replace("&", "&amp;").replace("<", "%3C").replace(">", "%3E").replace("|", "%7C")
