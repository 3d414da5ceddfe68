"""A cited post's URL in canonical form: the dataset's identities are built from it, so two
spellings of one post must give one key, and two posts never one."""

from __future__ import annotations

import pytest

from strikewatch.identity import canonical_url


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("HTTPS://WWW.Facebook.com/kpszsu/posts/1/", "https://www.facebook.com/kpszsu/posts/1"),
        ("https://t.me/kpszsu/100?utm_source=x&utm_medium=y", "https://t.me/kpszsu/100"),
        ("https://t.me/kpszsu/100?single&utm_source=x", "https://t.me/kpszsu/100?single="),
        ("https://example.org/a?b=2&a=1#comments", "https://example.org/a?b=2&a=1"),
        ("https://example.org/a?", "https://example.org/a"),
        ("  https://example.org/  ", "https://example.org"),
        ("https://example.org/Path/Case", "https://example.org/Path/Case"),
    ],
)
def test_spellings_of_one_url_agree(url: str, canonical: str) -> None:
    assert canonical_url(url) == canonical
    assert canonical_url(url) == canonical  # asked again (remembered), the same answer


@pytest.mark.parametrize("url", [None, "", "   ", "ftp://example.org/x", "kpszsu/posts/1"])
def test_no_canonical_form_without_an_http_url(url: str | None) -> None:
    assert canonical_url(url) is None
