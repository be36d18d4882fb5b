"""The claim stage's fast paths find exactly what the plain scans they stand in for find."""

from __future__ import annotations

import random
from pathlib import Path

from factcheck.rules_loader import PhraseScan, PhraseSet, Scan, load_rules, lowered, text_words

ROOT = Path(__file__).resolve().parents[1]


def _block_texts() -> list[str]:
    from factcheck.document import read_document

    texts: list[str] = []
    for pattern in ("seeds/*", "tests/articles/*", "tests/fixtures/devset/**/*"):
        for path in sorted(ROOT.glob(pattern)):
            if path.is_file() and path.suffix in (".txt", ".md", ".html"):
                doc = read_document(str(path), text=path.read_text(encoding="utf-8"))
                texts.extend(b.text for b in doc.blocks)
    return texts


def _tricky_texts(scans: list[PhraseScan], n: int = 3000) -> list[str]:
    """Phrases glued to each other and to the characters that bound, join or break words."""
    rng = random.Random(7)
    phrases = [p for s in scans for p in s.phrases]
    pieces = ["10-year", "2-year", "year-old", "S&P 500", "s&p", "AT&T", ".IXIC", "3M", "Hang Seng", "Hong  Kong", "Apple's",
              "apple’s", "é", "İ", "K", "\u00a0", "\n", "-", "‐", "’", "'", " ", "&", "_", "9", "x", "YEAR"]
    out = []
    for _ in range(n):
        parts = [rng.choice(pieces) if rng.random() < 0.5 else rng.choice(phrases) for _ in range(rng.randint(1, 8))]
        out.append("".join(p + rng.choice(["", " ", ",", ".", "-", "’s ", "  "]) for p in parts))
    return out


def test_phrase_scan_by_words_finds_what_the_scan_finds() -> None:
    """``PhraseScan.finditer`` given a text's words (it matches only where phrases can start) returns
    the spans of a scan of the whole text, for every phrase list, on every paragraph of the articles."""
    rules = load_rules()
    scans = [rules.entities.alias_re, rules.entities.anaphora_re, rules.entities.opaque_re, rules.entities.modifier_re,
             rules.not_market_re, rules.nouns[0]]
    scans += [ps.any for ps in [*vars(rules).values(), rules.hedges.phrases] if isinstance(ps, PhraseSet)]
    assert all(isinstance(s, PhraseScan) for s in scans)
    assert rules.entities.alias_re.index is not None  # the fast path is taken, not the scan
    for text in _block_texts() + _tricky_texts(scans[:6]):
        low = lowered(text)
        words = text_words(text, low)
        for scan in scans:
            want = [m.span() for m in Scan.finditer(scan, text, low=low)]
            assert [m.span() for m in scan.finditer(text, low=low, words=words)] == want, (scan.source[:60], text)
