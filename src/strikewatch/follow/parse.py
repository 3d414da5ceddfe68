"""Reading a channel's public web preview (``https://t.me/s/CHANNEL``) with a real HTML parser.

What the preview looks like (from public parsers of it): about 20 posts, oldest first, each a
``div.tgme_widget_message`` with ``data-post="CHANNEL/ID"``; the text in
``.tgme_widget_message_text`` (``<br/>`` line breaks, emoji in ``<i class="emoji">`` or
``<tg-emoji>``, HTML entities); the time in the post's own footer as
``a.tgme_widget_message_date > time[datetime]``; ``.tgme_widget_message_edited`` on an edited
post; ``a.tme_messages_more[data-before]`` pointing at older posts. A reply quotes another
post's text inside ``.tgme_widget_message_reply``: that text is not this post's.

The parser never follows or returns links found in posts: only their visible text is kept.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from selectolax.lexbor import LexborHTMLParser, LexborNode

from strikewatch.errors import DeliveryError

PARSER_VERSION = "preview-1"
_MEDIA = (
    (".tgme_widget_message_grouped_wrap", "album"),
    (".tgme_widget_message_photo_wrap", "photo"),
    (".tgme_widget_message_video_player", "video"),
    (".tgme_widget_message_roundvideo_player", "video"),
    (".tgme_widget_message_document", "document"),
    (".tgme_widget_message_voice_player", "voice"),
    (".tgme_widget_message_poll", "poll"),
    (".tgme_widget_message_sticker_wrap", "sticker"),
)


class PageError(DeliveryError):
    """A fetched page cannot be read as a channel preview; nothing from it is stored."""


class TruncatedPage(PageError):
    """The page ended early (cut off in transit); worth fetching again."""


@dataclass(frozen=True, slots=True)
class Post:
    channel: str
    post_id: int
    posted_at: dt.datetime  # UTC
    text: str  # "" for a post with no text (a photo, a sticker)
    edited: bool = False
    media: str | None = None


@dataclass
class Page:
    channel: str
    posts: list[Post] = field(default_factory=list)  # by post id, each id once
    before: int | None = None  # the ?before= value of the next older page, if any
    foreign: int = 0  # posts of other channels on the page (skipped)

    @property
    def min_id(self) -> int | None:
        return self.posts[0].post_id if self.posts else None

    @property
    def max_id(self) -> int | None:
        return self.posts[-1].post_id if self.posts else None


def _looks_complete(body: str) -> bool:
    """A whole page ends with ``</html>``; a page cut off in transit does not."""
    return "</html>" in body[-4096:].lower()


def post_text(message: LexborNode) -> str:
    """The post's own text: line breaks kept, emoji as characters, links as their text."""
    nodes = [
        n
        for n in message.css(".tgme_widget_message_text")
        if "js-message_reply_text" not in (n.attributes.get("class") or "")
        and not _inside(n, "tgme_widget_message_reply", message)
    ]
    if not nodes:
        return ""
    node = nodes[0]
    for br in node.css("br"):
        br.replace_with("\n")
    lines = (node.text(deep=True) or "").replace("\xa0", " ").splitlines()
    return "\n".join(line.rstrip() for line in lines).strip()


def _inside(node: LexborNode, css_class: str, stop: LexborNode) -> bool:
    parent = node.parent
    while parent is not None and parent.mem_id != stop.mem_id:
        if css_class in (parent.attributes.get("class") or "").split():
            return True
        parent = parent.parent
    return False


def _post_time(message: LexborNode, where: str) -> dt.datetime:
    times = [
        t
        for t in message.css("a.tgme_widget_message_date time[datetime]")
        if not _inside(t, "tgme_widget_message_reply", message)
    ]
    if not times:
        raise PageError(f"{where}: no a.tgme_widget_message_date > time[datetime] in its footer")
    raw = times[-1].attributes.get("datetime") or ""
    try:
        when = dt.datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise PageError(f"{where}: time[datetime]={raw!r} is not an ISO 8601 time") from None
    if when.tzinfo is None:
        raise PageError(f"{where}: time[datetime]={raw!r} has no UTC offset")
    return when.astimezone(dt.UTC)


def _media(message: LexborNode) -> str | None:
    for selector, kind in _MEDIA:
        if message.css_first(selector) is not None:
            return kind
    return None


def _post(message: LexborNode, channel: str, url: str) -> Post | None:
    data_post = message.attributes.get("data-post") or ""
    name, _, ident = data_post.partition("/")
    if not ident.isdigit():
        raise PageError(f"{url}: data-post={data_post!r} is not CHANNEL/ID")
    if name.lower() != channel:
        return None
    where = f"{url}: post {data_post}"
    return Post(
        channel=channel,
        post_id=int(ident),
        posted_at=_post_time(message, where),
        text=post_text(message),
        edited=message.css_first(".tgme_widget_message_edited") is not None,
        media=_media(message),
    )


def parse_page(body: str, channel: str, url: str) -> Page:
    """The posts of one preview page, or PageError naming what was missing."""
    if not _looks_complete(body):
        raise TruncatedPage(f"{url}: the page is truncated (no closing </html>)")
    tree = LexborHTMLParser(body)
    messages = tree.css("div.tgme_widget_message[data-post]")
    page = Page(channel=channel)
    if not messages:
        if tree.css_first(".tgme_channel_info") is not None:
            return page  # a real channel with no public posts yet
        raise PageError(
            f"{url}: no posts found (no div.tgme_widget_message[data-post] and no "
            ".tgme_channel_info): the preview's structure has changed or this is not a "
            "channel preview; nothing was stored"
        )
    by_id: dict[int, Post] = {}
    for message in messages:
        post = _post(message, channel, url)
        if post is None:
            page.foreign += 1
            continue
        by_id[post.post_id] = post
    page.posts = [by_id[k] for k in sorted(by_id)]
    more = tree.css_first("a.tme_messages_more[data-before]")
    if more is not None:
        value = more.attributes.get("data-before") or ""
        page.before = int(value) if value.isdigit() else None
    return page
