"""Claim stage: the seed article's expectations, the one-claim-per-figure contract, rules loading."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from factcheck.claims import build_claims, claims_in_text
from factcheck.document import read_document
from factcheck.figures import find_figures
from factcheck.model import CLAIM_KINDS, METRICS, Claim
from factcheck.rules_loader import load_rules, phrase_regex, trie_pattern

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "fortune-2025-02-16-china-rally.txt"


@pytest.fixture(scope="module")
def seed_claims() -> list[Claim]:
    doc = read_document(str(SEED), text=SEED.read_text(encoding="utf-8"))
    return build_claims(doc, find_figures(doc))


def _one(claims: list[Claim], text: str) -> Claim:
    hits = [c for c in claims if c.figure.text == text]
    assert len(hits) == 1, [c.figure.text for c in claims]
    return hits[0]


def test_seed_alibaba_since_jan_13(seed_claims: list[Claim]) -> None:
    c = _one(seed_claims, "60%")
    assert c.kind == "market" and c.subject is not None
    assert c.subject.symbol == "9988.HK" and c.subject.exchange == "XHKG"
    assert c.metric == "change" and c.direction == 1
    assert c.window is not None and c.window.kind == "since"
    assert c.window.spec["date"] == {"month": 1, "day": 13}
    assert c.hedge is not None and c.hedge.text == "about" and c.hedge.mode == "around"
    anchor = _one(seed_claims, "Jan. 13")
    assert anchor.kind == "anchor" and anchor.related["claim_text"] == "about 60%"


def test_seed_tencent_intraday_and_from_low(seed_claims: list[Claim]) -> None:
    c = _one(seed_claims, "7.8%")
    assert c.subject is not None and c.subject.symbol == "0700.HK"
    assert c.metric == "intraday_change" and c.hedge is not None and c.hedge.mode == "extreme"
    assert c.window is not None and c.window.kind == "session" and c.window.spec["weekday"] == "monday"
    low = _one(seed_claims, "40%")
    assert low.subject is not None and low.subject.symbol == "0700.HK" and low.subject.via == "anaphora"
    assert low.metric == "change_from_low" and low.hedge is not None and low.hedge.mode == "below"
    assert low.window is not None and low.window.kind == "from_extreme"
    assert low.window.spec == {"extreme": "low", "period": {"month": 1}}


def test_seed_hsce_high_since_and_gauge(seed_claims: list[Claim]) -> None:
    c = _one(seed_claims, "February 2022")
    assert c.kind == "market" and c.subject is not None and c.subject.symbol == "^HSCE"
    assert c.metric == "high_since"
    assert c.window is not None and c.window.kind == "lookback"
    assert c.window.spec["period"] == {"year": 2022, "month": 2}
    assert c.related["as_of"] == {"weekday": "friday", "relative": "last"}
    assert c.window.spec["at"] == {"weekday": "friday", "last": True}
    g = _one(seed_claims, "1.7%")
    assert g.subject is not None and g.subject.symbol == "^HSCE" and g.subject.via == "anaphora"
    assert g.metric == "intraday_change" and g.hedge is not None and g.hedge.mode == "extreme"
    assert g.window is not None and g.window.kind == "session" and g.window.source == "context"
    assert g.window.spec["weekday"] == "monday"


def test_seed_unverifiable_figures(seed_claims: list[Claim]) -> None:
    pe = _one(seed_claims, "18.2 times")
    assert pe.metric == "valuation_multiple" and pe.subject is not None and pe.subject.name == "Hang Seng TECH Index"
    old = _one(seed_claims, "44.9 times")
    assert old.window is not None and old.window.kind == "ago" and old.window.spec == {"amount": 4, "unit": "year"}
    assert _one(seed_claims, "$16 trillion").kind == "aggregate"
    y = _one(seed_claims, "1.67%")
    assert y.metric == "yield_level" and y.subject is not None and y.subject.symbol is None
    assert y.subject.name == "China 10-year government bond yield"
    streak = _one(seed_claims, "third")
    assert streak.metric == "streak" and streak.subject is not None and streak.subject.symbol is None
    assert streak.window is not None and streak.window.spec == {"count": 3, "unit": "day"}
    assert _one(seed_claims, "double-digit").kind == "forecast"
    assert _one(seed_claims, "2020").kind == "not_market"


def test_one_claim_per_figure_in_order(seed_claims: list[Claim]) -> None:
    doc = read_document(str(SEED), text=SEED.read_text(encoding="utf-8"))
    figs = find_figures(doc)
    assert [c.figure for c in seed_claims] == figs
    for c in seed_claims:
        assert c.kind in CLAIM_KINDS
        assert c.metric is None or c.metric in METRICS
        if c.kind != "market":
            assert c.reason, c
        assert doc.raw[c.sentence_start : c.sentence_start + 10] == c.sentence[:10]


def test_nothing_from_navigation_or_most_popular(seed_claims: list[Claim]) -> None:
    assert not any("2026" in c.figure.text for c in seed_claims)


def test_empty_and_figureless_input() -> None:
    assert claims_in_text("Markets were quiet as traders awaited the Fed.") == []
    doc = read_document("x", text="Nothing here.", fmt="text")
    assert build_claims(doc, []) == []


def test_trie_regex_prefers_longest_alias() -> None:
    rx = phrase_regex(["S&P", "S&P 500", "Hang Seng", "Hang Seng China Enterprises Index"])
    assert rx.findall("the S&P 500 and the Hang Seng China Enterprises Index") == ["S&P 500", "Hang Seng China Enterprises Index"]
    assert "(?:" in trie_pattern(["ab", "ac"])


def test_rules_hold_no_company_names_in_code() -> None:
    """Names live in rules/: no string constant of the code (docstrings aside) holds one."""
    tree = ast.parse((ROOT / "factcheck" / "claims.py").read_text(encoding="utf-8"))
    docs = {id(n.body[0].value) for n in ast.walk(tree)
            if isinstance(n, (ast.Module, ast.FunctionDef, ast.ClassDef)) and n.body
            and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
    strings = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs]
    for name in ("Alibaba", "Tencent", "Hang Seng", "Nikkei", "Apple", "9988.HK", "^GSPC"):
        assert not any(name in s for s in strings), name


def test_rules_load_once_and_cover_the_desk_list() -> None:
    rules = load_rules()
    assert rules is load_rules()
    symbols = set(rules.entities.symbols)
    for sym in ("^GSPC", "^DJI", "^IXIC", "^NDX", "^RUT", "^VIX", "^TNX", "^TYX", "^FVX", "^IRX", "DGS2", "^HSI", "^HSCE",
                "000001.SS", "000300.SS", "0700.HK", "9988.HK", "BABA", "^STOXX", "^FTSE", "^N225", "^KS11", "JPY=X",
                "EURUSD=X", "CNH=X", "DX-Y.NYB", "GC=F", "SI=F", "CL=F", "BZ=F", "BTC-USD", "ETH-USD", "AAPL", "NVDA", "BRK-B"):
        assert sym in symbols, sym
    stocks = {e.name for e in rules.entities.symbols.values() if e.kind == "stock" and any(
        lst.exchange == "XNYS" for lst in e.listings)}
    assert len(stocks) >= 60


# --------------------------------------------------------------------------- fast scans keep the rules' meaning


_SCAN_TEXTS = [
    "Shares of Apple Inc. rose 2% on Monday; the S&P 500 added 0.5% since Jan. 13, its highest since February 2022.",
    "The yen’s slide past 160 per dollar — the weakest since 1990 — came early Wednesday, Japan’s finance ministry said.",
    "İstanbul-listed shares and the ſtock of KOSPI names fell for a third straight day in the past seven trading days.",
    "On Friday: Brent crude gained $4.87, or 7.02%, to settle at $74.23 a barrel; earlier in the session it had surged over 13%.",
]


def test_lowered_text_scans_find_what_ignorecase_finds() -> None:
    """Every phrase list and window rule finds the same spans through ``Scan`` as with IGNORECASE on the text."""
    from factcheck.rules_loader import PhraseSet, Scan, lowered, text_words

    rules = load_rules()
    scans: list[Scan] = [rules.entities.alias_re, rules.entities.anaphora_re, rules.entities.opaque_re, rules.not_market_re,
                         rules.nouns[0]]
    scans += [p.regex for p in rules.windows.patterns]
    sets = [ps for ps in [*vars(rules).values(), rules.hedges.phrases] if isinstance(ps, PhraseSet)]
    scans += [form for ps in sets for form in (ps.any, ps.start)]
    tails = [t for text in _SCAN_TEXTS for t in (text, text[:40], text[:61] + "  ", text + " as much as", text + " rose to the")]
    for text in _SCAN_TEXTS:
        low = lowered(text)
        words = text_words(text, low)
        for scan in scans:
            want = [m.span() for m in scan.ci.finditer(text)]
            assert [m.span() for m in scan.finditer(text, low=low, words=words)] == want, (scan.source[:60], text)
    for ps in sets:
        for t in tails:
            for cut in range(len(t) - 30, len(t) + 1):
                want = ps.end.ci.search(t[:cut])
                got = ps.end.search(t[:cut])
                assert (got and (got.start(), got.end(), got.group())) == (want and (want.start(), want.end(), want.group())), t[:cut]
    assert lowered("İstanbul") is None and lowered("ſtock") is None and lowered("Yen’s") == "yen’s"


def test_window_pre_checks_never_hide_a_match() -> None:
    """A window rule the `needs` pre-checks skip has no match in the paragraph."""
    from factcheck.rules_loader import lowered, text_words

    W = load_rules().windows
    for text in _SCAN_TEXTS + ["Gains in 2024 so far beat the year-to-date record set a year ago, over a year ago."]:
        low = lowered(text)
        words = text_words(text, low)
        flat = " ".join((low or text.lower()).split())
        run = set(W.candidates(words))
        for i, pat in enumerate(W.patterns):
            if i not in run or (pat.needs_text and not any(t in flat for t in pat.needs_text)):
                assert not list(pat.regex.ci.finditer(text)), (pat.kind, pat.regex.source[:60], text)


def test_text_words_pseudo_words() -> None:
    from factcheck.rules_loader import text_words

    assert {"#digit", "#year"} <= text_words("since 2009.")
    assert "#year" not in text_words("up 20190 points, 120 or 120201")
    assert "#year" in text_words("(2020)") and "#paren" in text_words("(2020)")
    assert "#digit" not in text_words("no digits here")


def test_article_strip_matches_its_definition() -> None:
    import re

    from factcheck.claims import _strip_article

    rx = re.compile(r"(?:\s+(?:the|a|an))?\s*$", re.IGNORECASE)
    for s in ["rose to the ", "rose to The", "data", "is a", "is  AN\n", "the", " a", "climbed to", ""]:
        assert _strip_article(s) == rx.sub("", s), s


def test_rules_compile_lazily() -> None:
    """A fresh rules load compiles few patterns: the cold start pays only for what an article uses."""
    from factcheck.resources import rules_dir
    from factcheck.rules_loader import load_rules_from

    rules = load_rules_from(rules_dir())
    assert rules.entities.alias_re._ci is None and rules.entities.alias_re._lc is False
    assert all(p.regex._lc is False for p in rules.windows.patterns)


def test_window_rules_bounded_for_fast_search_mean_the_same() -> None:
    """A rule rewritten so `re` can skip to its first word finds what the plainly bounded rule finds."""
    import re

    from factcheck.rules_loader import letter_runs, lowered, text_words

    texts = _SCAN_TEXTS + [
        "Since 2009, and since last Friday; from Wednesday's close, from July 16, 2024, above its 2023 closing level, off its record high.",
        "In more than 11 years, for the first time in 16 years; year-to-date, for the week, in the year, where it started the year.",
        "Last week, over a year, at midday, by the close, on Jan. 3, 2022, earlier in the day, whence insince fromage sinceJan",
    ]
    for pat in load_rules().windows.patterns:
        plain = re.compile(r"(?<![\w-])(?:" + pat.rule + r")(?![\w])", re.IGNORECASE)
        for text in texts:
            for t in (text, text.lower(), text.upper()):
                assert [m.span() for m in pat.regex.ci.finditer(t)] == [m.span() for m in plain.finditer(t)], (pat.rule[:50], t)
                assert [m.groupdict() for m in pat.regex.ci.finditer(t)] == [m.groupdict() for m in plain.finditer(t)]
                low = lowered(t)
                tried = list(pat.finditer(t, low, lambda low=low: letter_runs(low)))  # only where the rule can start
                spans = [(m.span(), [m.span(k) for k in plain.groupindex]) for m in plain.finditer(t)]
                assert [(m.span(), [m.span(k) for k in plain.groupindex]) for m in tried] == spans
                if low is not None:  # lead words looked for only when the paragraph has them
                    tried = list(pat.finditer(t, low, lambda low=low: letter_runs(low), text_words(t, low)))
                    assert [(m.span(), [m.span(k) for k in plain.groupindex]) for m in tried] == spans


def test_superlative_lookback_and_extremes_carry_no_threshold_or_reached() -> None:
    """'Weakened past 161.9 ..., its weakest since December 1986' looks back from the day's level (no
    related.threshold); 'touching as high as $2,194.90' names the day's extreme, not a level
    merely reached (no related.reached). 'When the rate hit 145' is one."""
    yen = _one(claims_in_text("The yen weakened past 161.9 per dollar on Wednesday, its weakest level since "
                              "December 1986."), "December 1986")
    # the yen's weakest is the quote's (yen per dollar) highest
    assert yen.metric == "high_since" and "threshold" not in (yen.related or {})
    gold = _one(claims_in_text("Gold settled at $2,178.60 an ounce on Friday, after touching as high as $2,194.90 "
                               "during the session."), "$2,194.90")
    assert gold.metric == "intraday_level" and "reached" not in (gold.related or {})
    hit = _one(claims_in_text("In September the yen weakened when the rate hit 145 yen per dollar."),
               "145 yen per dollar")
    assert (hit.related or {}).get("reached") is True


def test_flat_form_shortcut_premise() -> None:
    """_windows takes a lower-cased paragraph as its own flat form (one space per whitespace run) when it
    is printable and has no double space: every other whitespace character is non-printable."""
    import sys

    assert all(not c.isprintable() for c in map(chr, range(sys.maxunicode + 1)) if c.isspace() and c != " ")
