"""Batch ingest (``ingest_documents_batch``, the follower's page transaction) writes the very
ledger that ingesting the same documents one by one writes, on the real August 2025 rows.

The documents are invented Air Force-style reports keyed like channel posts, on nights the
dataset covers and nights it lacks, with an edited post (a revision inside the batch), a
repeated post and a post whose edit comes back to an earlier text.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select
from tests.follow.conftest import PreviewServer
from tests.follow.ledger_dump import dump
from tests.follow.preview import NIGHT_12, P, page
from tests.follow.test_follow import FAST, count, follow
from tests.identity.test_ingest_kill import base  # noqa: F401  (the real August 2025 rows)
from typer.testing import CliRunner

from strikewatch.cli import app
from strikewatch.errors import InputError
from strikewatch.ingest import (
    Document,
    ingest_document,
    ingest_documents,
    ingest_documents_batch,
)
from strikewatch.ledger import connect
from strikewatch.ledger.schema import channel_posts, raw_pages, sources

MONTHS = {8: "серпня", 9: "вересня"}


def post(i: int, launched: int, night: dt.date, note: str = "") -> Document:
    text = (
        f"У ніч на {night.day} {MONTHS[night.month]} противник атакував {launched} ударними БпЛА "
        f"типу Shahed та {1 + i % 5} балістичними ракетами Іскандер-М. Протиповітряною обороною "
        f"збито/подавлено {launched - i % 17} ворожих БпЛА.{note}"
    )
    key = f"t.me/kpszsu/{5000 + i}"
    return Document(
        name=key, text=text, url=f"https://{key}", publisher="Повітряні Сили ЗСУ",
        published=dt.datetime.combine(night, dt.time(6, 30), tzinfo=dt.UTC),
        identity_key=key, kind="channel_post",
    )  # fmt: skip


def documents() -> list[Document]:
    docs = [
        post(i, 40 + (i * 37) % 600, dt.date(2025, 8, 1) + dt.timedelta(days=i % 45))
        for i in range(90)
    ]
    edited = post(3, 333, docs[3].published.date(), " Уточнено.")  # type: ignore[union-attr]
    back = post(7, 40 + (7 * 37) % 600, docs[7].published.date(), " Оновлено.")  # type: ignore[union-attr]
    # an edit inside the batch, the same post twice, an edit of an edit, and an edit back
    return [*docs[:50], edited, docs[10], *docs[50:], back, post(7, 1, back.published.date()),
            docs[7]]  # fmt: skip


def copy(base: Path, name: str) -> Path:  # noqa: F811
    target = base.with_name(name)
    shutil.copy(base, target)
    return target


def test_batch_writes_the_ledger_of_one_by_one(base: Path) -> None:  # noqa: F811
    docs = documents()
    one_db, batch_db = copy(base, "one.sqlite"), copy(base, "batch.sqlite")
    one = [ingest_document(connect(one_db), d) for d in docs]
    batch = ingest_documents_batch(connect(batch_db), docs)
    assert [r.as_dict() for r in batch] == [r.as_dict() for r in one]
    assert dump(batch_db) == dump(one_db)
    # the comparison is not vacuous: revisions, skipped repeats and resolved figures are there
    with sqlite3.connect(batch_db) as conn:
        revisions = dict(
            conn.execute(
                "SELECT identity_key, max(revision) FROM sources WHERE kind = 'channel_post' "
                "GROUP BY identity_key"
            )
        )
        text_figures = conn.execute(
            "SELECT count(*) FROM attacks WHERE night >= '2025-08-01' AND night < '2025-09-15'"
        ).fetchone()[0]
    assert revisions["t.me/kpszsu/5003"] == 2 and revisions["t.me/kpszsu/5007"] == 3
    assert len(revisions) == 90 and text_figures > 0
    assert sum(r.claims_written == 0 for r in batch) == 2  # the repeat and the edit back
    assert {n for r in batch for n in r.nights} >= {dt.date(2025, 9, 14), dt.date(2025, 8, 4)}
    # a second batch of the same documents writes nothing
    again = ingest_documents_batch(connect(batch_db), docs)
    assert sum(r.claims_written for r in again) == 0 and dump(batch_db) == dump(one_db)


def test_a_bad_document_stops_the_batch_before_anything_is_written(base: Path) -> None:  # noqa: F811
    db = copy(base, "bad.sqlite")
    before = dump(db)
    docs = documents()[:20]
    docs.insert(
        12,
        Document(name="late.txt", text="У ніч на 3 серпня противник атакував 50 ударними БпЛА.",
                 published=dt.datetime(2031, 8, 3, 5, tzinfo=dt.UTC)),
    )  # fmt: skip
    with pytest.raises(InputError, match=r"late\.txt.*published"):
        ingest_documents_batch(connect(db), docs)
    after = dump(db)
    assert after == before
    assert not [s for s in after["sources"] if s["kind"] == "channel_post"]


def test_ingest_in_bounded_batches_writes_the_ledger_of_one_by_one(base: Path) -> None:  # noqa: F811
    """``strikewatch ingest``'s use case: batches of 25 (the edit, the repeat and the edit back
    fall in different batches) give the results and the ledger of one document at a time."""
    docs = documents()
    one_db, batch_db = copy(base, "one.sqlite"), copy(base, "batches.sqlite")
    one = [ingest_document(connect(one_db), d).as_dict() for d in docs]
    summary = ingest_documents(connect(batch_db), docs, batch=25)
    assert summary["documents"] == one
    assert dump(batch_db) == dump(one_db)
    assert summary["claims_written"] == sum(r["claims_written"] for r in one) > 0
    assert summary["nights"] == sorted({n for r in one for n in r["nights"]})


def test_a_bad_document_stops_its_batch_and_earlier_batches_stay(base: Path) -> None:  # noqa: F811
    docs = documents()[:60]
    late = Document(name="late.txt", text="У ніч на 3 серпня противник атакував 50 ударними БпЛА.",
                    published=dt.datetime(2031, 8, 3, 5, tzinfo=dt.UTC))  # fmt: skip
    db, first_only = copy(base, "stopped.sqlite"), copy(base, "first.sqlite")
    with pytest.raises(InputError, match=r"late\.txt.*published") as err:
        ingest_documents(connect(db), [*docs[:37], late, *docs[37:]], batch=25)
    assert "nothing of its batch of 25 document(s) was stored" in str(err.value)
    assert "the 25 document(s) before that batch were" in str(err.value)
    ingest_documents(connect(first_only), docs[:25], batch=25)
    assert dump(db) == dump(first_only)  # the first batch whole, nothing of the second
    with sqlite3.connect(db) as conn:
        keys = {
            k
            for (k,) in conn.execute("SELECT identity_key FROM sources WHERE kind = 'channel_post'")
        }
    assert keys == {d.identity_key for d in docs[:25]}


def test_cli_ingest_of_json_lines_refuses_a_bad_line_and_stores_nothing_of_its_batch(
    tmp_path: Path,
) -> None:
    good = [
        f'{{"text": "У ніч на {d} серпня 2025 року противник атакував {40 + d} ударними БпЛА.", '
        f'"published": "2025-08-{d:02d}T09:00:00"}}'
        for d in (3, 4, 5)
    ]
    bad = '{"text": "У ніч на 6 серпня 2031 року противник атакував 50 ударними БпЛА."}'
    feed, db = tmp_path / "feed.jsonl", tmp_path / "l.sqlite"
    feed.write_text("\n".join([good[0], good[1], bad, good[2]]) + "\n", encoding="utf-8")
    out = CliRunner().invoke(app, ["ingest", str(feed), "--db", str(db)])
    assert out.exit_code == 2, out.output
    assert "feed.jsonl:3" in out.output and "field 'night'" in out.output
    assert "nothing of its batch of 4 document(s) was stored" in out.output
    assert count(db, sources) == 0
    feed.write_text("\n".join(good) + "\n", encoding="utf-8")
    ok = CliRunner().invoke(app, ["ingest", str(feed), "--db", str(db), "--json"])
    assert ok.exit_code == 0, ok.output
    assert [r["document"] for r in json.loads(ok.stdout)["documents"]] == [
        f"{feed}:{n}" for n in (1, 2, 3)
    ]
    assert count(db, sources) == 3


def test_a_page_is_stored_whole_or_not_at_all(preview: PreviewServer, tmp_path: Path) -> None:
    """A post the ingest refuses (dated years ahead) stops its page: none of the page's posts,
    readings or position is stored, where one transaction per post kept the posts before it."""
    db = tmp_path / "l.sqlite"
    late = P(110, "2031-07-12T06:00:00+00:00", NIGHT_12.text.replace("12 липня", "12 липня 2031"))
    preview.pages["/s/kpszsu"] = page([NIGHT_12, late])
    out = CliRunner().invoke(
        app, ["follow", "--base-url", preview.url, "--db", str(db), "--once", *FAST]
    )
    assert out.exit_code == 2 and "2031" in out.output, out.output
    assert count(db, sources) == 0 and count(db, channel_posts) == 0
    assert count(db, raw_pages) == 1  # the fetch itself is recorded, for reread
    preview.pages["/s/kpszsu"] = page([NIGHT_12])  # the channel deletes the bad post
    again = follow(preview, db, "--once")
    assert again["posts_new"] == 1 and count(db, channel_posts) == 1
    assert count(db, sources, sources.c.identity_key == "t.me/kpszsu/109") == 1
    # the post row points at its reading (it was never filled before the page transaction)
    assert count(db, channel_posts, channel_posts.c.source_id.in_(
        select(sources.c.id).where(sources.c.identity_key == "t.me/kpszsu/109"))) == 1  # fmt: skip


def _content(url: str | Path) -> dict[str, list[tuple[object, ...]]]:
    """Readings, claims and figures by content, through SQLAlchemy (any database)."""
    from strikewatch.ledger.schema import attacks, claims

    with connect(url).connect() as conn:
        by_id = dict(conn.execute(select(sources.c.id, sources.c.content_hash)).all())
        return {
            "sources": sorted(
                (h, k, r, by_id.get(s))
                for h, k, r, s in conn.execute(
                    select(
                        sources.c.content_hash,
                        sources.c.identity_key,
                        sources.c.revision,
                        sources.c.superseded_by,
                    )
                )
            ),
            "claims": sorted(
                (h, by_id[s])
                for h, s in conn.execute(select(claims.c.claim_hash, claims.c.source_id))
            ),
            "figures": sorted(
                tuple(map(str, r))
                for r in conn.execute(
                    select(
                        attacks.c.night,
                        attacks.c.model,
                        attacks.c.launched,
                        attacks.c.destroyed,
                        attacks.c.status,
                    )
                )
            ),
        }


@pytest.mark.postgres
def test_batch_on_each_database_matches_one_by_one(ledger_url: str, tmp_path: Path) -> None:
    docs = documents()
    one_db = tmp_path / "one-by-one.sqlite"
    one = [ingest_document(connect(one_db), d) for d in docs]
    batch = ingest_documents_batch(connect(ledger_url), docs)
    assert [r.as_dict() for r in batch] == [r.as_dict() for r in one]
    expected, got = _content(one_db), _content(ledger_url)
    assert got == expected and len(got["figures"]) > 0
    assert max(r for _, _, r, _ in got["sources"]) == 3
