"""Recorded pages in the structure of a channel's public web preview, written for these tests.

The texts are invented in the style of the Air Force's overnight reports (no real posts). Two
layouts: ``wrap`` (the full page: wrap divs, author line, views, emoji as <i class="emoji">)
and ``bare`` (no wraps, attributes in another order, <br> without a slash, <tg-emoji>).
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass

EMOJI = ("🇺🇦", "⚡️", "🚀", "🫡", "❗️", "⚠️")


@dataclass
class P:
    post_id: int
    at: str  # ISO UTC
    text: str = ""
    media: str | None = None  # "photo", "sticker"
    edited: bool = False
    reply_to: P | None = None


def _text_html(text: str, layout: str) -> str:
    out = html.escape(text, quote=True).replace("'", "&#39;")
    for e in EMOJI:
        if layout == "wrap":
            tag = f'<i class="emoji" style="background-image:url(\'//telegram.org/img/emoji/40/x.png\')"><b>{e}</b></i>'
        else:
            tag = f'<tg-emoji emoji-id="5368324170671202286"><i class="emoji"><b>{e}</b></i></tg-emoji>'
        out = out.replace(e, tag)
    out = out.replace(
        "джерело", '<a href="https://example.invalid/never" target="_blank">джерело</a>'
    )
    return out.replace("\n", "<br/>" if layout == "wrap" else "<br>")


def _media(p: P) -> str:
    if p.media == "photo":
        return (
            f'<a class="tgme_widget_message_photo_wrap blured" href="https://t.me/kpszsu/{p.post_id}" '
            "style=\"width:800px;background-image:url('https://cdn.invalid/file/x.jpg')\"></a>"
        )
    if p.media == "sticker":
        return '<div class="tgme_widget_message_sticker_wrap"><i class="tgme_widget_message_sticker"></i></div>'
    return ""


def _reply(p: P, layout: str) -> str:
    if p.reply_to is None:
        return ""
    q = p.reply_to
    return (
        f'<a class="tgme_widget_message_reply" href="https://t.me/kpszsu/{q.post_id}">'
        '<div class="tgme_widget_message_author accent_color"><span class="tgme_widget_message_author_name">'
        "Повітряні сили ЗСУ</span></div>"
        f'<div class="tgme_widget_message_text js-message_reply_text" dir="auto">{html.escape(q.text[:120])}</div></a>'
    )


def _footer(p: P, channel: str, layout: str) -> str:
    local = dt.datetime.fromisoformat(p.at).astimezone(dt.timezone(dt.timedelta(hours=3)))
    edited = '<span class="tgme_widget_message_edited">edited</span> ' if p.edited else ""
    time = (
        f'<a class="tgme_widget_message_date" href="https://t.me/{channel}/{p.post_id}">'
        f'<time datetime="{p.at}" class="time">{local:%H:%M}</time></a>'
    )
    if layout == "wrap":
        return (
            '<div class="tgme_widget_message_footer compact js-message_footer">'
            '<div class="tgme_widget_message_info short js-message_info">'
            '<span class="tgme_widget_message_views">48.2K</span><span class="copyonly"> views</span>'
            f'<span class="tgme_widget_message_meta">{edited}{time}</span></div></div>'
        )
    return f"<div class='js-message_footer tgme_widget_message_footer'><span class='tgme_widget_message_meta'>{edited}{time}</span></div>"


def _post(p: P, channel: str, layout: str) -> str:
    text = ""
    if p.text:
        text = f'<div class="tgme_widget_message_text js-message_text" dir="auto">{_text_html(p.text, layout)}</div>'
    body = _reply(p, layout) + _media(p) + text + _footer(p, channel, layout)
    if layout == "wrap":
        return (
            '<div class="tgme_widget_message_wrap js-widget_message_wrap">'
            f'<div class="tgme_widget_message text_not_supported_wrap js-widget_message" data-post="{channel}/{p.post_id}" data-view="eyJjIjotMTAwMX0">'
            '<div class="tgme_widget_message_user"><a href="https://t.me/kpszsu"><i class="tgme_widget_message_user_photo"></i></a></div>'
            '<div class="tgme_widget_message_bubble"><i class="tgme_widget_message_bubble_tail"></i>'
            '<div class="tgme_widget_message_author accent_color"><a class="tgme_widget_message_owner_name" href="https://t.me/kpszsu">'
            '<span dir="auto">Повітряні сили ЗС України / Ukrainian Air Force</span></a></div>'
            f"{body}</div></div></div>"
        )
    return f"<div data-post='{channel}/{p.post_id}' class='js-widget_message tgme_widget_message'>{body}</div>"


def page(
    posts: list[P], *, channel: str = "kpszsu", before: int | None = None,
    layout: str = "wrap", order: list[int] | None = None,
) -> str:  # fmt: skip
    """A whole preview page; ``order`` lists post ids in the order they appear (default oldest first)."""
    chosen = posts if order is None else [next(p for p in posts if p.post_id == i) for i in order]
    more = (
        f'<a class="tme_messages_more js-messages_more" data-before="{before}" href="/s/{channel}?before={before}"></a>'
        if before is not None
        else ""
    )
    items = "".join(_post(p, channel, layout) for p in chosen)
    return (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>Повітряні сили ЗС України – Telegram</title></head>'
        '<body class="widget_frame_base tgme_webpreview_body">'
        '<header class="tgme_header"><div class="tgme_channel_info"><div class="tgme_channel_info_header_title">'
        "<span>Повітряні сили ЗС України / Ukrainian Air Force</span></div></div></header>"
        f'<main class="tgme_main"><section class="tgme_channel_history js-message_history">{more}{items}</section></main>'
        "</body></html>\n"
    )


# --- the posts (invented texts in the Air Force's style) ---------------------------------------

ALERT = P(
    101,
    "2026-07-09T20:15:03+00:00",
    "⚡️ Увага! Ворожі ударні БпЛА на півночі Сумщини, курсом на Чернігівщину.",
)
PHOTO = P(102, "2026-07-09T21:40:00+00:00", media="photo")
NIGHT_10 = P(
    103,
    "2026-07-10T06:05:41+00:00",
    "🇺🇦 У ніч на 10 липня (з 18:00 9 липня) противник атакував 186 ударними БпЛА типу Shahed, "
    "«Гербера» та дронами-імітаторами різних типів з напрямків: Курськ, Орел, Міллерово.\n"
    "Повітряний напад відбивали авіація, зенітні ракетні війська, підрозділи РЕБ та безпілотних систем, "
    "мобільні вогневі групи Сил оборони України.\n"
    "За попередніми даними, станом на 08:30 протиповітряною обороною збито/подавлено 161 ворожий БпЛА "
    "на півночі, сході та півдні країни.\n"
    "Зафіксовано влучання 19 ударних БпЛА на 7 локаціях, а також падіння уламків на 3 локаціях.\n"
    "Атака триває, в повітряному просторі кілька ворожих БпЛА. Деталі – джерело.\n"
    "Дотримуйтеся правил безпеки! 🫡",
)
STICKER = P(104, "2026-07-10T06:20:00+00:00", media="sticker")
NIGHT_11 = P(
    105,
    "2026-07-11T05:50:12+00:00",
    "У ніч на 11 липня (з 19:00 10 липня) противник атакував 64 ударними БпЛА типу Shahed та "
    "дронами-імітаторами з напрямків Брянськ та Курськ.\n"
    "За попередніми даними, станом на 08:00 збито/подавлено 50 ворожих БпЛА.\n"
    "Зафіксовано влучання 9 ударних БпЛА на 4 локаціях.",
)
NIGHT_11_EDITED = P(
    105, NIGHT_11.at, NIGHT_11.text.replace("50 ворожих", "58 ворожих"), edited=True
)
BALLISTIC = P(
    106, "2026-07-11T12:02:00+00:00", "❗️ Загроза застосування балістичного озброєння з півдня!"
)
REPLY = P(
    107,
    "2026-07-11T12:30:00+00:00",
    "Відбій загрози балістики для Дніпропетровщини.",
    reply_to=NIGHT_10,
)
NIGHT_12 = P(
    109,
    "2026-07-12T05:41:09+00:00",
    "🚀 У ніч на 12 липня (з 18:30 11 липня) противник атакував 2 балістичними ракетами Іскандер-М "
    "з Брянської області та 97 ударними БпЛА типу Shahed, «Гербера» та іншими.\n"
    "За попередніми даними, станом на 08:30 протиповітряною обороною збито/подавлено 80 ворожих БпЛА.\n"
    "Зафіксовано влучання 2 ракет та 15 ударних БпЛА на 6 локаціях.",
)
OLD = P(
    95,
    "2026-07-01T05:00:00+00:00",
    "У ніч на 1 липня противник атакував 40 ударними БпЛА типу Shahed. Збито/подавлено 33 ворожі БпЛА.",
)


def channel_pages(*, edited: bool = False) -> dict[str, str]:
    """The channel as the server shows it: head page (newest), an older page, the oldest page.

    Post 108 is missing (a gap: deleted upstream), post 105 is on two pages, the older page
    lists its posts out of order and uses the other layout.
    """
    night11 = NIGHT_11_EDITED if edited else NIGHT_11
    return {
        "/s/kpszsu": page([night11, BALLISTIC, REPLY, NIGHT_12], before=105),
        "/s/kpszsu?before=105": page(
            [ALERT, PHOTO, NIGHT_10, STICKER], before=101, layout="bare", order=[103, 101, 104, 102]
        ),
        "/s/kpszsu?before=101": page([OLD], before=95, layout="bare"),
        "/s/kpszsu?before=95": page([], layout="wrap"),
    }
