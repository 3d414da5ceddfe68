"""Letters of the other script inside a word (decision 163): "бaлістичні рaкети" typed with
Latin "a"s reads as Cyrillic, "Shаhed" with a Cyrillic "а" as Latin, and offsets stay valid;
"not all" is no "all"."""

from __future__ import annotations

from tests.readers.conftest import PUB

from strikewatch.domain import ClaimKind
from strikewatch.readers.text import read_document
from strikewatch.readers.text.lexicon import get_lexicon
from strikewatch.readers.text.tokens import normalise, tokenize


def _counts(text: str) -> set[tuple[str, str, float | None]]:
    return {
        (str(c.outcome), str(c.weapon_class), c.quantity.value if c.quantity else None)
        for c in read_document(text, published=PUB).claims
        if c.kind == ClaimKind.COUNT
    }


def test_mixed_script_words_are_read_in_their_main_script() -> None:
    for raw, want in (
        ("Збили чотири бaлістичні рaкети", "збили чотири балістичні ракети"),
        ("Shаhed-136", "shahed-136"),
        ("нa жаль", "на жаль"),  # a tie takes the first letter's script
        ("KN-23 і Х-101", "kn-23 і х-101"),  # words of one script are left alone
    ):
        low = normalise(raw)
        assert len(low) == len(raw), raw  # offsets stay valid
        got = " ".join(t.text for t in tokenize(low, get_lexicon().lemma))
        assert got == " ".join(t.text for t in tokenize(want, get_lexicon().lemma)), raw


def test_a_text_with_latin_look_alikes_is_read() -> None:
    text = "Сили протиповітряної оборони збили чотири бaлістичні рaкети нaд Києвом."
    assert _counts(text) == {("destroyed", "ballistic_missile", 4.0)}
    claims = read_document(text, published=PUB).claims
    assert all(text[c.span[0] : c.span[1]] == c.text for c in claims if c.span)


def test_not_all_intercepted_says_no_launch_figure() -> None:
    text = "Сили ППО збили чотири балістичні ракети. На жаль, не всі ракети були перехоплені."
    assert _counts(text) == {("destroyed", "ballistic_missile", 4.0)}
    text = "Air defences shot down four ballistic missiles. All the missiles were intercepted."
    assert ("launched", "ballistic_missile", 4.0) in _counts(text)
