"""The flag bytes of ``codes.py`` say exactly what the per-token tests they replace say, on
every labelled development text (the passes pick tokens from them)."""

from __future__ import annotations

from pathlib import Path

from strikewatch.readers.text.codes import (
    BREAK,
    BREAKS,
    CYR,
    LAT,
    NEGATOR,
    NEGATORS,
    NUMBER,
    PHRASE,
    TARGET,
    how_many,
    number_keys,
    stem_fits,
    where,
)
from strikewatch.readers.text.doc import build_doc
from strikewatch.readers.text.lexicon import get_lexicon
from strikewatch.readers.text.tokens import NUM, WORD

REPORTS = Path(__file__).resolve().parents[1] / "data" / "reports"


def _texts() -> list[str]:
    paths = sorted(REPORTS.glob("*.txt")) + sorted((REPORTS / "heldout").glob("*.txt"))
    assert len(paths) > 100  # the dev set is part of the repository
    return [p.read_text(encoding="utf-8") for p in paths] + ["10th x101 a_b l'x ’ Х-101 İ"]


def test_flags_match_the_per_token_tests_on_the_dev_set() -> None:
    lex = get_lexicon()
    numkeys = number_keys(lex)
    for text in _texts():
        doc = build_doc(text, lex)
        idx = range(len(doc.tokens))
        t, k, y = doc.texts, doc.kinds, doc.keys
        assert where(doc.codes, BREAK) == [i for i in idx if t[i] in BREAKS]
        assert where(doc.codes, NEGATOR) == [i for i in idx if t[i] in NEGATORS]
        assert where(doc.codes, PHRASE) == [i for i in idx if y[i] in lex.starts]
        stems = lex.target_stems
        assert where(doc.codes, TARGET) == [
            i
            for i in idx
            if k[i] == WORD and any(stem_fits(c[0], t[i]) for c in stems.get(t[i][:3], ()))
        ]
        assert where(doc.codes, NUMBER) == [i for i in idx if k[i] == NUM or y[i] in numkeys]
        words = [t[i] for i in idx if k[i] == WORD]
        assert how_many(doc.codes, CYR) == sum("\u0400" <= w[0] <= "\u04ff" for w in words)
        assert how_many(doc.codes, LAT) == sum("a" <= w[0] <= "z" for w in words)


def test_a_sentence_mark_is_not_a_number_and_a_figure_is() -> None:
    doc = build_doc("Збито 12 ракет. Не влучили", get_lexicon())
    assert doc.texts == ["збито", "12", "ракет", ".", "не", "влучили"]
    assert where(doc.codes, NUMBER) == [1]
    assert where(doc.codes, BREAK) == [3]
    assert where(doc.codes, NEGATOR) == [4]
    assert how_many(doc.codes, CYR) == 4 and how_many(doc.codes, LAT) == 0
