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


def test_clause_split_spelled_out_finds_what_the_plain_pattern_finds() -> None:
    """_CLAUSE_SPLIT, written with one literal-led alternative per whitespace character, splits
    where the plain pattern with \\s splits (and its characters are exactly those of \\s)."""
    import re

    from factcheck.claims import _CLAUSE_SPLIT, _SPACE_CHARS

    assert set(_SPACE_CHARS) == {chr(c) for c in range(0x110000) if chr(c).isspace()}
    plain = re.compile(r";|:(?!\d)|\s[—–]\s|,\s+(?:while|whereas|but|although|though|and|compared\s+(?:with|to)|versus)\s"
                       r"|\s(?:while|whereas|when)\s")
    rng = random.Random(3)
    pieces = [";", ":", ":5", ",", " ", "\n", "\t", "\u00a0", "\u3000", "\u2028", "—", "–", " — ", "while", "when", "whereas",
              "but", "and", "compared", "with", "to", "versus", "though", "x", "1", ",  and ", ", compared  to ", " when "]
    texts = _block_texts() + ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 15))) for _ in range(5000)]
    for text in texts:
        assert [m.span() for m in _CLAUSE_SPLIT.finditer(text)] == [m.span() for m in plain.finditer(text)], text
        for i in range(0, len(text), 11):
            got, want = _CLAUSE_SPLIT.search(text, i, len(text) - i // 3), plain.search(text, i, len(text) - i // 3)
            assert (got and got.span()) == (want and want.span()), text


def test_unknown_name_holds_is_a_necessary_condition() -> None:
    """An unknown-name rule's ``holds`` strings (a substring test that skips its scan) are in every
    paragraph where the rule matches, on every paragraph of the articles."""
    rules = load_rules()
    texts = _block_texts() + ["shares of Orient Harbour Robotics", "the Foo Bar Gauge rose", "Hang Seng China Enterprises Index"]
    for rx, _needs, holds in rules.entities.unknown_res:
        if holds:
            for text in texts:
                if rx.search(text) is not None:
                    assert any(h in text for h in holds), (rx.pattern[:60], text)


def test_bounded_re_with_its_class_first_finds_what_the_look_behind_form_finds() -> None:
    """_bounded_re's form for a rule that opens with a character class (the left bound after the
    class) finds the spans of the plain form (the left bound in front)."""
    import re

    from factcheck.rules_loader import _LEFT, _RIGHT, _bounded_re, _with_first_chars

    rules = ["[TtIiA-Z](?:(?<=[Tt])he|(?<=[Ii])ts|(?<=[A-Z])[\\w&.-]*+['’]s)\\s++(?:[\\w-]++\\s++){0,5}?(?:company|bank)",
             "[TtIi](?:(?<=[Tt])he|(?<=[Ii])ts)\\s++(?:[\\w-]++\\s++){0,4}?(?:contract|futures)(?!\\s+(?:for|of)\\b)"]
    texts = _block_texts() + ["The company's shares", "x-The bank", "&The company", "U.S.'s bank", "\nThe\ncompany", "ITS bank",
                              "TheBank's company", "Ithe contract", "its contract for", "The company"]
    for rx in rules:
        fast, plain = _bounded_re(rx), re.compile(_with_first_chars(_LEFT + "(?:" + rx + ")" + _RIGHT))
        assert fast.pattern != plain.pattern
        for text in texts:
            assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)], (rx[:40], text)


def test_words_and_runs_year() -> None:
    """"#year" is a 19xx/20xx number with no decimal digit (of any script) either side."""
    import itertools

    from factcheck.rules_loader import letter_runs, words_and_runs

    def year(text: str) -> bool:
        return any(text[i : i + 2] in ("19", "20") and len(text[i + 2 : i + 4]) == 2 and text[i + 2 : i + 4].isdecimal()
                   and (i == 0 or not text[i - 1].isdecimal()) and (i + 4 == len(text) or not text[i + 4].isdecimal())
                   for i in range(len(text)))

    for chars in itertools.product("0129١x", repeat=5):
        text = "".join(chars)
        words, runs = words_and_runs(text, text.lower())
        assert ("#year" in words) == year(text), text
        assert runs == letter_runs(text.lower())
