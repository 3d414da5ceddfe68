"""Follower throughput: parse + read + store of recorded preview pages served on 127.0.0.1.

Posts are generated in the preview's structure (20 a page, overnight reports and alerts in
the Air Force's style, invented), served by a local HTTP server with no politeness delay, and
followed with ``--since`` from an empty ledger: every page fetched, archived and parsed, every
post read by the text reader and ingested (one transaction per post, its night resolved).
Baselines in the same run: parsing the same pages alone, and the ingest use case alone
(``ingest_document`` on the same texts into another empty ledger), which bounds the follower.

Goal: >= 500 posts/s end to end. Size: 1,000 posts by default; STRIKEWATCH_BENCH_POSTS=10000
for the full benchmark.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from tests.follow.conftest import PreviewServer  # noqa: E402
from tests.follow.preview import P, page  # noqa: E402

from strikewatch.follow.archive import Archive  # noqa: E402
from strikewatch.follow.channels import channel  # noqa: E402
from strikewatch.follow.client import PoliteClient  # noqa: E402
from strikewatch.follow.follower import follow_once  # noqa: E402
from strikewatch.follow.parse import parse_page  # noqa: E402
from strikewatch.ledger import connect  # noqa: E402

MONTHS = [
    "січня",
    "лютого",
    "березня",
    "квітня",
    "травня",
    "червня",
    "липня",
    "серпня",
    "вересня",
    "жовтня",
    "листопада",
    "грудня",
]
START = dt.date(2022, 3, 1)
PER_NIGHT = 6  # one overnight report and five alerts: 10,000 posts end before today


def _posts(n: int, per_night: int = PER_NIGHT, report_every: int = PER_NIGHT) -> list[P]:
    """n invented posts, ``per_night`` a night from START, every ``report_every``-th an
    overnight report (the rest alerts)."""
    out = []
    for i in range(n):
        night = START + dt.timedelta(days=i // per_night)
        at = dt.datetime.combine(night, dt.time(5, 0), tzinfo=dt.UTC) + dt.timedelta(
            seconds=(20 * 60 * (i % per_night)) % 64_800
        )
        launched, destroyed = 40 + (i * 37) % 500, 30 + (i * 29) % 400
        if i % report_every == 0:
            text = (
                f"У ніч на {night.day} {MONTHS[night.month - 1]} (з 18:00) противник атакував "
                f"{launched} ударними БпЛА типу Shahed, «Гербера» та дронами-імітаторами, а також "
                f"{1 + i % 7} балістичними ракетами Іскандер-М.\n"
                f"За попередніми даними, станом на 08:30 збито/подавлено {min(destroyed, launched)} "
                f"ворожих БпЛА.\nЗафіксовано влучання на {1 + i % 11} локаціях."
            )
        elif i % 2 == 1:
            text = f"⚡️ Увага! Група ударних БпЛА #{i} на півночі Чернігівщини, курс південний."
        else:
            text = f"❗️ Загроза застосування балістичного озброєння з півдня! ({i})"
        out.append(P(100 + i, at.isoformat(), text))
    return out


def _pages(posts: list[P]) -> dict[str, str]:
    """Head page = newest 20; each page links to the next older one."""
    pages: dict[str, str] = {}
    chunks = [posts[max(0, end - 20) : end] for end in range(len(posts), 0, -20)]
    for k, chunk in enumerate(chunks):
        before = chunk[0].post_id if k + 1 < len(chunks) else None
        path = "/s/kpszsu" if k == 0 else f"/s/kpszsu?before={chunks[k - 1][0].post_id}"
        pages[path] = page(chunk, before=before)
    return pages


def _warm_up() -> None:
    """Import the reader and resolver (and build the lexicon) before any timing."""
    import strikewatch.resolve  # noqa: F401
    from strikewatch.readers.text import read_document

    read_document("У ніч на 1 січня противник атакував 5 ударними БпЛА.")


def _ingest_alone(posts: list[P]) -> float:
    from strikewatch.ingest import Document, ingest_document

    docs = [
        Document(
            name=str(p.post_id),
            text=p.text,
            url=f"https://t.me/kpszsu/{p.post_id}",
            publisher=channel("kpszsu").publisher,
            published=dt.datetime.fromisoformat(p.at),
            identity_key=f"t.me/kpszsu/{p.post_id}",
            kind="channel_post",
        )
        for p in posts
    ]
    with tempfile.TemporaryDirectory() as tmp:
        engine = connect(Path(tmp) / "alone.sqlite")
        start = time.perf_counter()
        for doc in docs:
            ingest_document(engine, doc)
        return time.perf_counter() - start


def main() -> int:
    n = int(os.environ.get("STRIKEWATCH_BENCH_POSTS", "1000"))
    posts = _posts(n)
    pages = _pages(posts)
    _warm_up()
    print(f"follower: {n:,} posts on {len(pages):,} pages, 127.0.0.1, no delay")
    start = time.perf_counter()
    for path, body in pages.items():
        parse_page(body, "kpszsu", path)
    parse_s = time.perf_counter() - start
    ingest_s = _ingest_alone(posts)
    server = PreviewServer()
    server.pages.update(pages)
    server.thread.start()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            engine = connect(Path(tmp) / "bench.sqlite")
            client = PoliteClient(server.url, delay=0, backoff=0, allow_local=True)
            archive = Archive(Path(tmp) / "archive")
            start = time.perf_counter()
            report = follow_once(engine, [channel("kpszsu")], client, archive, START)
            full_s = time.perf_counter() - start
            start = time.perf_counter()
            again = follow_once(engine, [channel("kpszsu")], client, archive, START)
            noop_s = time.perf_counter() - start
            client.close()
    finally:
        server.httpd.shutdown()
        server.httpd.server_close()
    assert report.posts_new == n and not report.errors, report.as_dict()
    assert again.posts_new == 0 and again.claims_written == 0
    rate = n / full_s
    print(f"  parse only                      {n / parse_s:>10,.0f} posts/s  ({parse_s:.2f} s)")
    print(f"  ingest_document alone           {n / ingest_s:>10,.0f} posts/s  ({ingest_s:.2f} s)")
    print(
        f"  fetch + parse + read + store    {rate:>10,.0f} posts/s  ({full_s:.2f} s; "
        f"{full_s / parse_s:.1f}x parsing alone, {full_s / ingest_s:.2f}x ingest alone)  goal >= 500 posts/s "
        f"{'MET' if rate >= 500 else 'NOT MET'}"
    )
    print(f"  claims written {report.claims_written:,}; nights {len(report.nights_touched):,}")
    print(f"  second pass (head page only)    {noop_s:>10.3f} s, {again.pages_fetched} page(s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
