"""Document → Figures: the number grammar of financial news.

A *figure* is a number as printed together with what makes it a quantity:
sign, currency, scale word, unit, per-unit tail, range partner
("US$25,18 billion", "+ 4.12%", "150.12-14 yen", "3% to 4%", "a third",
"Feb. 14, 2025", "8:54 a.m. ET"). The vocabulary lives in
``rules/numbers.yaml``; numbers that belong to names and idioms ("S&P 500",
"10-year yield", "the 11th hour") are listed in ``rules/names.yaml`` and any
figure overlapping one is dropped.

This module is pure regex + data (no pint): ``factcheck extract`` has a
cold-start budget, and pint is only needed when quantities are compared
(:mod:`factcheck.units`).

Conventions (the claims stage relies on them):

* ``value`` keeps the printed sign: "-0.5%" → value -0.5, direction -1;
  "+4.12%" → 4.12, direction +1. Direction *words* inside the figure phrase
  ("up 2.5 per cent", "21.9% higher", "down 2,172 points") set ``direction``
  but never the sign of ``value``.
* ``precision`` is the place value of the last printed digit in ``unit``,
  after the scale word ("$2.5 billion" → 1e8, "72 US cents" → 0.01 USD).
  Words without digits ("a third", "doubled", "double-digit") have precision 0
  and ``approx_word`` set: their vagueness is the word's, not rounding's.
* Ranges ("3-4%", "between 5% and 6%", bid-ask "150.12-14 yen") have
  ``value`` = low and ``high`` = high; magnitude words are half-open bands
  ("double-digit" → 10..100 percent, "six figures" → 1e5..1e6).
* Dates and times (kinds ``date``, ``time``) carry their meaning in ``parts``
  ({year, month, day, part, quarter, half, hour, minute, tz, ...}); their
  ``value`` is 0.0, ``precision`` 0.0 and ``unit`` "". A bare year has kind
  ``year``, value = the year, unit "".
* Durations ("12 years", "12-year high", "90-day") have kind ``duration`` and
  a time unit (year, month, week, day, hour, minute); ``parts["adjectival"]``
  is True for the hyphenated form that qualifies a noun ("12-year high").
* Money: "$" alone is USD and "¥" alone is JPY (the usual reading in English
  financial news); ``parts["per"]`` holds a per-unit tail ("/oz" →
  "troy_ounce", "a barrel" → "barrel", "per dollar" → "USD").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache, partial
from typing import Any

import bisect

import regex

from factcheck.document import raw_span
from factcheck.model import Document, Figure
from factcheck.resources import load_rules_yaml

# The hot pattern calls pass concurrent=False by position (``match(text, pos, None, False)``): by
# default regex releases and retakes the GIL around each call, which costs more than a short match.

# Digit groups: Western (1,234,567.89), Indian (12,34,567.89), plain (1234.5), bare decimal (.5).
_NUM = r"(?:\d{1,2}(?:,\d\d)+,\d{3}(?:\.\d+)?(?![\d,])|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"

# Figure kind of a unit that rules/numbers.yaml does not map in `unit_kind`.
_UNIT_KIND_DEFAULT = "number"


def _alt(words: Iterable[str], reverse: bool = False) -> str:
    """A regex alternation of literal phrases, longest first (regex takes the first that matches).

    The alternation is written as a tree on shared first characters
    ("per(?:centage|cent)" for "percentage|percent"), which regex tries several
    times faster than a flat list of a hundred phrases. It matches exactly what
    the flat list matches, in the same order of preference (see _alt_tree).
    ``reverse`` is for patterns matched right to left (``(?r)``): the tree is
    then on shared last characters.
    """
    uniq = sorted(set(words), key=lambda w: (-len(w), w))
    seqs = [[r"\s+" if ch == " " else regex.escape(ch) for ch in w] for w in uniq]
    if reverse:
        seqs = [q[::-1] for q in seqs]
    return _alt_tree(seqs, reverse)


def _alt_tree(seqs: list[list[str]], reverse: bool) -> str:
    """The alternation of atom sequences ``seqs`` (in order of preference), factored on their first atoms.

    Phrases whose first atoms differ (ignoring case) never match at the same
    place, so grouping the phrases by first atom only drops tries that fail;
    within a group the order is kept. A group is factored only when its
    members share the very same first atom (not just up to case) and, for a
    white-space atom, each member goes on with a literal character: then the
    factored atom matches as the member's own would, with no other way to
    backtrack. Sequences are reversed for a right-to-left pattern.
    """
    groups: dict[str | None, list[list[str]]] = {}
    for q in seqs:
        groups.setdefault(q[0].casefold() if q else None, []).append(q)
    out = []
    for key, members in groups.items():
        head = members[0][0] if key is not None else None
        if (
            len(members) > 1
            and all(q[0] == head for q in members)
            and (head != r"\s+" or all(len(q) > 1 and q[1] != r"\s+" for q in members))
        ):
            sub = _alt_tree([q[1:] for q in members], reverse)
            out.append(f"(?:{sub}){head}" if reverse else f"{head}(?:{sub})")
        else:
            out.extend("".join(q[::-1] if reverse else q) for q in members)
    return "|".join(out)


def _norm(phrase: str) -> str:
    """Lower case with single spaces: the key under which a matched phrase is looked up."""
    return " ".join(phrase.lower().split())


_ASCII_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_DECIMAL_COMMA = regex.compile(r"\d{1,3},\d{1,2}")
_ORD_SUFFIX = regex.compile(r"(?:st|nd|rd|th)(?![A-Za-z])")
_RUNS_ON = regex.compile(r"[,.]\d")
_AND_GAP = regex.compile(r"\s+and\s+")
_NEXT_WORD = regex.compile(r"\s+([A-Za-z]+(?:\s+cent)?)")
_FRAC_UNIT_LEAD = regex.compile(r"^\s+(?:an?\s+)?")


def _letters3(word: str) -> str:
    """The first (up to three) letters of a word, up to the first non-letter: "U.S. dollars" → "U"."""
    k = 0
    while k < 3 and k < len(word) and word[k].isalpha():
        k += 1
    return word[:k]


def _mark_key(mark: str) -> str:
    """ "us $", "U.S $", "HK$" → "US$", "US$", "HK$": the key of a loosely printed currency mark."""
    return "".join(mark.split()).replace(".", "").upper()


class _LazyPattern:
    """A name pattern compiled on first use: most articles need few of them, and cold start counts."""

    __slots__ = ("source", "flags", "lead", "_compiled")

    def __init__(self, source: str, flags: int) -> None:
        self.source, self.flags, self._compiled = source, flags, None
        self.lead = _literal_lead(source, flags)

    def finditer(self, text: str, pos: int, endpos: int) -> Any:
        if self._compiled is None:
            self._compiled = regex.compile(self.source, self.flags)
        return self._compiled.finditer(text, pos, endpos, False, False)  # overlapped=False, concurrent=False


def _literal_lead(source: str, flags: int) -> str | None:
    """The character every match of ``source`` starts with, when that is plain to see ("#" of "#\\d+\\b").

    A search whose range lacks that character cannot match and is skipped.
    Only a pattern without alternatives qualifies, and only a character that
    has no case or is matched case-sensitively.
    """
    body = source[2:] if source.startswith(r"\b") else source
    if "|" in source or not body or body[0] in "\\^$.|?*+()[]{}" or body[1:2] in ("?", "*", "{"):
        return None
    lead = body[0]
    if flags & regex.I and lead.lower() != lead.upper():
        return None
    return lead


@dataclass
class _Grammar:
    """The compiled figure grammar: built once from rules/numbers.yaml and rules/names.yaml."""

    data: dict[str, Any]
    scale_words: dict[str, float]
    scale_short: dict[str, float]
    prefix_cur: dict[str, str]
    codes: dict[str, str]
    code_scale: dict[str, float]  # "MUSD" → 1e6: the scale a code carries in itself
    tail_map: dict[str, tuple[str, str]]  # lower-case spelling → (class, name)
    per_units: dict[str, str]
    unit_kind: dict[str, str]
    months: dict[str, int]
    number_words: dict[str, float]
    multipliers: dict[str, float]
    ordinals: dict[str, int]
    fractions: dict[str, float]
    ratio_words: dict[str, float]
    magnitude: dict[str, dict[str, Any]]
    fraction_points: dict[str, float]
    period_parts: dict[str, str]
    quarters: dict[str, int]
    halves: dict[str, int]
    direction_before: dict[str, int]
    direction_after: dict[str, int]
    num_match: Any = None
    num_group: dict[str, int] = field(default_factory=dict)  # group name → number in num_match (see _parse_single)
    single_groups: tuple[int, ...] = ()  # the numbers of _SINGLE_GROUPS
    # Group name → number of the other patterns whose groups are read per match (see _parse_single).
    tail_group: dict[str, int] = field(default_factory=dict)
    words_group: dict[str, int] = field(default_factory=dict)
    month_group: dict[str, int] = field(default_factory=dict)
    tail: Any = None
    range_sep: Any = None
    words_re: Any = None
    word_leads: frozenset[str] | None = None
    word_tok: Any = None
    time_re: Any = None
    names: list[tuple[frozenset[bytes], Any]] = field(default_factory=list)
    names_always: list[Any] = field(default_factory=list)
    name_words: frozenset[bytes] = frozenset()
    names_by_word: dict[bytes, list[Any]] = field(default_factory=dict)
    triggers: dict[bytes, frozenset[str]] = field(default_factory=dict)  # word → families
    trigger_words: frozenset[bytes] = frozenset()
    watch_words: frozenset[bytes] = frozenset()  # trigger_words | name_words: the only words _cands keeps
    digit_run: Any = None
    wide_digits: frozenset[str] = frozenset()
    prefix_rev: Any = None
    part_rev: Any = None
    month_re: Any = None
    digit_date_re: Any = None
    period_re: Any = None
    prev_word_rev: Any = None
    am_words: frozenset[str] = frozenset()
    sign_word_rev: Any = None
    prefix_end_chars: frozenset[str] = frozenset()
    prefix_loose: dict[str, str] = field(default_factory=dict)
    num_only: Any = None
    tail_prefixes: frozenset[str] = frozenset()
    code_prefixes: frozenset[str] = frozenset()
    tail_symbols: frozenset[str] = frozenset()
    prefix_space_chars: frozenset[str] = frozenset()
    dir_before_re: Any = None
    dir_after_re: Any = None
    between_re: Any = None
    from_re: Any = None
    by_re: Any = None
    a_per_re: Any = None
    month_ctx_re: Any = None
    year_min: int = 1800
    level_before_rev: Any = None
    year_max: int = 2100


@lru_cache(maxsize=1)
def grammar() -> _Grammar:
    """Load the rules and compile every pattern once per process."""
    d = load_rules_yaml("numbers.yaml")
    names = load_rules_yaml("names.yaml")
    g = _Grammar(
        data=d,
        scale_words={k.lower(): float(v) for k, v in d["scale"]["words"].items()},
        scale_short={k: float(v) for k, v in d["scale"]["short"].items()},
        prefix_cur=dict(d["currency_prefix"]),
        codes=dict(d["currency_codes"]),
        code_scale={},
        tail_map={},
        per_units={k.lower(): v for k, v in d["per_units"].items()},
        unit_kind=dict(d["unit_kind"]),
        months={k: int(v) for k, v in d["months"].items()},
        number_words={k: float(v) for k, v in d["number_words"].items()},
        multipliers={k: float(v) for k, v in d["number_multipliers"].items()},
        ordinals={k: int(v) for k, v in d["ordinals"].items()},
        fractions={k.lower(): float(v) for k, v in d["fractions"].items()},
        ratio_words={k.lower(): float(v) for k, v in d["ratio_words"].items()},
        magnitude={k.lower(): v for k, v in d["magnitude_words"].items()},
        fraction_points={k.lower(): float(v) for k, v in d["fraction_points"].items()},
        period_parts={k.lower(): v for k, v in d["period_parts"].items()},
        quarters=dict(d["quarters"]),
        halves=dict(d["halves"]),
        direction_before={k.lower(): int(v) for k, v in d["direction_before"].items()},
        direction_after={k.lower(): int(v) for k, v in d["direction_after"].items()},
    )
    for letter, factor in d["code_scale_prefixes"].items():
        for code in d["code_scale_currencies"]:
            g.codes[letter + code] = g.codes[code]
            g.code_scale[letter + code] = float(factor)
    tail_map: dict[str, tuple[str, str]] = {}
    for unit, spellings in d["units"].items():
        for s in spellings:
            tail_map[s.strip().lstrip("-").lower()] = ("unit", unit)
    for word, code in d["currency_words"].items():
        tail_map[word.lower()] = ("cur", code)
    for sym, code in d["currency_suffix_symbols"].items():
        tail_map[sym] = ("cur", code)
    for word, code in d["currency_minor"].items():
        tail_map[word.lower()] = ("minor", code)
    for unit, spellings in d["durations"].items():
        for s in spellings:
            tail_map[s.lower()] = ("dur", unit)
    g.tail_map = tail_map
    g.year_min, g.year_max = (int(y) for y in d["year_range"])
    g.level_before_rev = regex.compile(rf"(?r)\b(?i:{_alt(d['level_not_year_after'], reverse=True)})\s+")
    g.prefix_loose = {_mark_key(m): c for m, c in g.prefix_cur.items() if m.endswith("$")}

    sign = r"(?P<sign>\+\s?|[-−](?=[\d$€£¥.])|(?i:minus|negative)\s+)?"
    # Multi-letter marks before "$" ("US$", "HK$") are also printed with a space
    # or in lower case ("US $", "hk $"); one-letter ones ("C$", "A$") only as
    # printed, or "a $5 million deal" would be Australian.
    loose = [m for m in g.prefix_cur if m.endswith("$") and len(m.rstrip("$").replace(".", "")) >= 2]
    strict = [m for m in g.prefix_cur if m not in loose]
    loose_re = "|".join(regex.escape(m[:-1]).replace(r"\.", r"\.?") for m in sorted(loose, key=len, reverse=True))
    marks = rf"(?:\b(?i:{loose_re})\s?\$|{_alt(strict)})"
    marks_rev = rf"(?:\b(?i:{loose_re})\s?\$|{_alt(strict, reverse=True)})"
    cur = rf"(?P<cur>{marks}\s?|(?:{_alt(g.codes)})(?:\s|(?=\d)))?"
    cur_rev = rf"(?P<cur>{marks_rev}\s?|(?:{_alt(g.codes, reverse=True)})\s?)?"
    short = _alt(g.scale_short)
    # A decimal comma ("US$25,18 billion", "7,5%") is read only before a scale word or a percent sign:
    # elsewhere "7,5" is a list or a thousands group.
    deccomma = rf"\d{{1,3}},\d{{1,2}}(?=[\s-]?(?:(?i:{_alt(g.scale_words)})|{short})(?![A-Za-z])|\s?%)"
    frac = r"[1-9]\d?\s?/\s?(?:2|3|4|5|8|10|16|32|64)(?![\d/])"
    core = rf"{sign}{cur}(?P<num>{deccomma}|{frac}|{_NUM})"
    # endpos hides the digit from a lookahead, so the reverse prefix has none
    all_marks = list(g.prefix_cur) + list(g.codes)
    g.prefix_end_chars = frozenset(m[-1] for m in all_marks) | frozenset("+-−")
    g.prefix_space_chars = frozenset(m[-1] for m in all_marks) | frozenset(
        "+sSeE$"
    )  # "USD 5", "+ 4", "minus 5", "negative 5"
    g.prefix_rev = regex.compile(rf"(?r)(?P<sign>\+\s?|[-−]|(?i:minus|negative)\s+)?{cur_rev}")
    g.digit_run = regex.compile(r"\d[\d,.]*")
    # The characters up to U+2FFF outside ASCII that digit_run takes for digits ("٣", "५"): see _digit_runs.
    g.wide_digits = frozenset(regex.findall(r"\d", "".join(map(chr, range(0x80, 0x3000)))))

    alpha_tails = [s for s in tail_map if s[0].isalpha()]
    sym_tails = [s for s in tail_map if not s[0].isalpha()]
    cur_syms = [s for s in sym_tails if tail_map[s][0] == "cur"]  # "10 €", but not "10 $30"
    unit_syms = [s for s in sym_tails if s not in cur_syms]
    g.tail = regex.compile(
        rf"""
        (?P<scale>[\s-]?(?i:{_alt(g.scale_words)})(?![A-Za-z])|(?P<short>{short})(?![A-Za-z]))?
        (?:
            (?P<usep>\s|-)?(?P<unit>(?i:{_alt(alpha_tails)}))(?![A-Za-z])
          | \s?(?P<sym>{_alt(unit_syms)}|(?:{_alt(cur_syms)})(?!\s?\d))
          | \s?(?P<code>{_alt(g.codes)})(?![A-Za-z])(?P<scale2>\s(?i:{_alt(g.scale_words)})(?![A-Za-z]))?
        )?
        (?P<per>\s?/\s?(?P<per1>(?i:{_alt(g.per_units)}))(?![A-Za-z])
          | \s+per\s+(?P<per2>(?i:{_alt(g.per_units)}))(?![A-Za-z]))?
        """,
        regex.X,
    )
    g.num_match = regex.compile(core + g.tail.pattern, regex.X)
    g.num_group = dict(g.num_match.groupindex)
    g.single_groups = tuple(g.num_group[name] for name in _SINGLE_GROUPS)
    g.num_only = regex.compile(rf"{deccomma}|{frac}|{_NUM}")
    alpha_lead = list(alpha_tails) + list(g.scale_words)
    g.tail_prefixes = frozenset(_letters3(w).lower() for w in alpha_lead)
    g.code_prefixes = frozenset(c[:3] for c in g.codes) | frozenset(g.scale_short)
    g.tail_symbols = frozenset(w[0] for w in sym_tails)
    g.a_per_re = regex.compile(rf"\s+(?:an?|per)\s+(?P<per>(?i:{_alt(g.per_units)}))(?![A-Za-z])")
    g.range_sep = regex.compile(r"\s?(?P<sep>[-–—~])\s?|\s+(?P<sep>to|through|and)\s+")
    g.between_re = regex.compile(r"(?r)(?i:\bbetween)\s+")
    g.from_re = regex.compile(r"(?r)(?i:\bfrom)\s+")
    g.by_re = regex.compile(r"(?r)(?i:\bby)\s+")
    g.sign_word_rev = regex.compile(r"(?r)\b(?i:minus|negative)\s+")
    g.prev_word_rev = regex.compile(r"(?r)\b[A-Za-z]+[\s-]+")

    # Word figures: magnitude bands, Fed fractions, fractions, ratio words, number words, ordinals.
    nw = _alt(list(g.number_words) + list(g.multipliers))
    unit_tail = _alt(alpha_tails)
    g.words_re = regex.compile(
        rf"""(?i)\b(?:
            (?P<mag>{_alt(g.magnitude)})
          | (?P<fp>{_alt(g.fraction_points)})
          | (?P<frac>{_alt(g.fractions)})(?:(?P<frac_mult>\s+(?:an?\s+)?(?:{_alt(g.multipliers)}))|(?P<frac_unit>\s+(?:an?\s+)?(?:{unit_tail}))?)
          | (?P<ratio>{_alt(g.ratio_words)})
          | (?P<nw>(?:{nw})(?:(?:[\s-]+|(?<=hundred|thousand|million|billion|trillion)\s+and\s+)(?:{nw}))*)
          | (?P<ord>{_alt(g.ordinals)})
        )(?![A-Za-z])""",
        regex.X,
    )
    # The first words of all word-figure phrases (None when a phrase is not plain ASCII: no shortcut then).
    leads = list(g.magnitude) + list(g.fraction_points) + list(g.fractions) + list(g.ratio_words)
    leads += list(g.number_words) + list(g.multipliers) + list(g.ordinals)
    if all(w.isascii() for w in leads):
        g.word_leads = frozenset(regex.match(r"[A-Za-z]*", w).group().lower() for w in leads)
    g.word_tok = regex.compile(rf"(?i)\b(?:{nw}|and)\b")

    full = [m for m in g.months if len(m) > 4 or m in ("May", "June", "July")]
    abbr = [m for m in g.months if m not in full]
    month_tok = rf"(?:{_alt(full)})\b|(?:{_alt(abbr)})(?:\.|\b)"
    parts = _alt(g.period_parts, reverse=True)
    year = r"(?:19|20)\d\d(?![\d%]|[.,]\d)"
    g.part_rev = regex.compile(rf"(?r)\b(?i:{parts})\s*")
    g.month_re = regex.compile(
        rf"""\b(?P<month>{month_tok})
        (?:\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?!\d)(?:\s?[-–]\s?(?P<day2>[0-3]?\d)(?!\d))?(?![\d%]|[.,]\d)
             (?:,?\s+(?P<year>{year}))?
         | ,?\s+(?P<year2>{year})
        )?""",
        regex.X,
    )
    g.digit_date_re = regex.compile(
        rf"""(?P<iy>(?:19|20)\d\d)-(?P<im>[01]\d)-(?P<id>[0-3]\d)\b
          | (?P<um>[01]?\d)/(?P<ud>[0-3]?\d)/(?P<uy>(?:19|20)\d\d)\b
          | (?P<day3>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month3>{month_tok})(?:,?\s+(?P<year3>{year}))?""",
        regex.X,
    )
    g.period_re = regex.compile(
        rf"""(?:(?P<qw>{_alt(g.quarters)})|(?P<hw>{_alt(g.halves)}))\b(?!-)(?:\s+(?:of\s+)?(?P<py>{year}))?""",
        regex.X,
    )
    g.month_ctx_re = regex.compile(rf"(?r)(?i:\b(?:{_alt(d['month_alone_after'], reverse=True)}))\s*")
    mer = _alt(d["meridiem"]["am"] + d["meridiem"]["pm"])
    tz = _alt(d["time_zones"])
    g.time_re = regex.compile(
        rf"""(?<![\w.:/])
        (?:(?P<hh>[01]?\d|2[0-3])(?::(?P<mm>[0-5]\d))?\s?(?P<mer>{mer})(?![A-Za-z])
          | (?P<hh2>[01]?\d|2[0-3]):(?P<mm2>[0-5]\d)(?![\d:])
          | (?P<tw>(?i:{_alt(d["time_words"])}))\b
        )(?:\s+(?P<tz>{tz})\b)?""",
        regex.X,
    )
    hedges = load_rules_yaml("hedges.yaml").get("hedges", [])
    hedge_phrases = [p for h in hedges for p in h.get("phrases", [])]
    g.dir_before_re = regex.compile(
        rf"(?r)(?i:\b(?P<w>{_alt(g.direction_before, reverse=True)}))\s+(?:(?i:{_alt(hedge_phrases, reverse=True)})\s+)?"
    )
    g.am_words = frozenset(w.lower() for w in d["meridiem"]["am"])
    g.dir_after_re = regex.compile(rf"\s+(?i:(?P<w>{_alt(g.direction_after)}))\b")
    g.tail_group = dict(g.tail.groupindex)
    g.words_group = dict(g.words_re.groupindex)
    g.month_group = dict(g.month_re.groupindex)

    for entry in names.get("names", []):
        pat = _LazyPattern(entry["match"], 0 if entry.get("case") else regex.I)
        when = entry.get("when") or ["*"]
        if "*" in when:
            g.names_always.append(pat)
        else:
            g.names.append((frozenset(str(w).lower().encode() for w in when), pat))
    for words, pat in g.names:
        for w in words:
            g.names_by_word.setdefault(w, []).append(pat)
    g.name_words = frozenset(g.names_by_word)

    # Words that can start or end a word figure, a date or a time. A text that
    # contains none of them skips those passes (see _scan).
    trig: dict[bytes, set[str]] = {}

    def add(phrases: Iterable[str], family: str) -> None:
        for ph in phrases:
            for w in regex.split(r"[\s-]+", ph.lower()):
                if w.isalnum() and w not in ("a", "an", "of", "the"):
                    trig.setdefault(w.encode(), set()).add(family)

    add(g.months, "month")
    add(d["time_words"], "time")
    add(list(g.quarters) + list(g.halves), "period")
    add(
        list(g.number_words)
        + list(g.multipliers)
        + list(g.ordinals)
        + list(g.fractions)
        + list(g.ratio_words)
        + list(g.magnitude)
        + list(g.fraction_points),
        "words",
    )
    g.triggers = {w: frozenset(f) for w, f in trig.items()}
    g.trigger_words = frozenset(trig)
    g.watch_words = g.trigger_words | g.name_words
    return g


# --------------------------------------------------------------------------- candidates


@dataclass
class _Cand:
    start: int
    end: int
    value: float
    unit: str
    kind: str
    precision: float
    high: float | None = None
    direction: int = 0
    scale: float = 1.0
    currency: str | None = None
    approx_word: str | None = None
    parts: dict[str, Any] = field(default_factory=dict)
    priority: int = 0  # tie-break among overlapping candidates of equal length


def _num_value(num: str) -> tuple[float, int, bool]:
    """(value, decimals, is_fraction) of a printed number core."""
    if "/" in num:
        a, b = num.replace(" ", "").split("/")
        return int(a) / int(b), 0, True
    if "," in num and _DECIMAL_COMMA.fullmatch(num):  # decimal comma, only admitted before a scale word
        ip, dp = num.split(",")
        return float(f"{ip}.{dp}"), len(dp), False
    clean = num.replace(",", "")
    dec = len(clean.split(".", 1)[1]) if "." in clean else 0
    return float(clean), dec, False


@dataclass
class _Single:
    """One parsed number with its tail, before range assembly."""

    start: int
    end: int
    value: float
    decimals: int
    is_frac: bool
    sign: int
    cur: str | None
    scale: float
    short_scale: bool
    cls: str | None  # unit | cur | minor | dur | None
    name: str | None  # unit name / currency code / duration unit
    per: str | None
    adjectival: bool
    num_text: str


_SINGLE_GROUPS = ("sign", "cur", "num", "scale", "short", "usep", "unit", "sym", "code", "per", "per1", "per2")


def _parse_single(g: _Grammar, text: str, m: Any) -> _Single:
    """Read one match of the number pattern (core + tail) into its parts.

    Groups are addressed by number (``ix``): regex first tries a group name as
    a number, and raising and clearing that error costs more than the match.
    """
    ix = g.num_group
    sign_txt, cur_txt, num, scale_txt, short, usep, unit, sym, code, per_txt, per1, per2 = m.group(*g.single_groups)
    sign = 0
    if sign_txt:
        sign = 1 if sign_txt[0] == "+" else -1
    cur = None
    if cur_txt:
        cur_txt = cur_txt.strip()
        cur = g.prefix_cur.get(cur_txt) or g.codes.get(cur_txt) or g.prefix_loose.get(_mark_key(cur_txt))
        code_scale = g.code_scale.get(cur_txt, 1.0)
    else:
        code_scale = 1.0
    value, dec, is_frac = _num_value(num)
    start = m.start()
    end = m.end(ix["num"])
    if short and cur is None and short not in ("k", "K") and not code:
        # "5m" is metres as often as millions: a bare letter scales money only.
        return _Single(start, end, value, dec, is_frac, sign, cur, 1.0, False, None, None, None, False, num)
    scale, short_scale = code_scale, False
    cls = name = per = None
    adjectival = False
    if scale_txt and code_scale == 1.0:
        if short:
            scale, short_scale = g.scale_short[short], True
        else:
            scale = g.scale_words[scale_txt.strip(" -\t\n").lower()]
        end = m.end(ix["scale"])
    if unit:
        cls, name = g.tail_map[_norm(unit)]
        ok = not (name == "multiple" and usep and unit.lower() == "x")
        if unit == "P" or unit == "p" and (usep or _AM_PM_TAIL.match(text, m.end(ix["unit"]))):
            ok = False  # pence are "2,650p" (attached, lower case), not "5 p.m." nor "3 P"
        if ok and cls in ("cur", "minor") and cur is not None:
            ok = False  # "$5 dollars" does not happen; keep the prefix reading
        if ok:
            adjectival = usep == "-"
            end = m.end(ix["unit"])
        else:
            cls = name = None
    elif sym and not (cur is not None and g.tail_map[sym.lower()][0] == "cur"):
        cls, name = g.tail_map[sym.lower()]
        end = m.end(ix["sym"])
    elif code and cur is None:
        cls, name = "cur", g.codes[code]
        end = m.end(ix["code"])
        if code in g.code_scale and scale == 1.0:
            scale = g.code_scale[code]
        elif m.group(ix["scale2"]) and scale == 1.0:
            # "75 USD million": the code is printed before the scale word
            scale = g.scale_words[m.group(ix["scale2"]).strip().lower()]
            end = m.end(ix["scale2"])
    if per_txt and end == m.start(ix["per"]):
        per = g.per_units[(per1 or per2).lower()]
        end = m.end(ix["per"])
    if cls is None and cur is None and scale == 1.0 and _ORD_SUFFIX.match(text, end, end + 3):
        return _Single(start, end + 2, value, dec, is_frac, sign, None, 1.0, False, "ord", None, None, False, num)
    return _Single(start, end, value, dec, is_frac, sign, cur, scale, short_scale, cls, name, per, adjectival, num)


def _single_to_cand(s: _Single, text: str) -> _Cand | None:
    """Turn a parsed number into a candidate figure (None when it is not a figure)."""
    nxt = text[s.end : s.end + 1]
    if nxt.isalpha() or (nxt.isdigit()):
        # glued to letters ("5G", "3D", "2Q24") unless it is a decade ("1990s")
        if (
            s.cls is None
            and s.cur is None
            and nxt == "s"
            and len(s.num_text) == 4
            and not text[s.end + 1 : s.end + 2].isalpha()
        ):
            return _Cand(s.start, s.end + 1, float(s.num_text), "", "year", 1.0, parts={"decade": int(s.num_text)})
        return None
    value = s.value * (s.sign if s.sign else 1)
    direction = s.sign
    base_prec = 0.0 if s.is_frac else 10.0**-s.decimals
    parts: dict[str, Any] = {}
    if s.per:
        parts["per"] = s.per
    if s.cls == "ord":
        return _Cand(s.start, s.end, value, "dimensionless", "ordinal", 1.0)
    if s.cur or s.cls in ("cur", "minor"):
        code = s.cur or s.name
        div = 100.0 if s.cls == "minor" else 1.0
        v = value * s.scale / div
        prec = s.scale / (10**s.decimals) / div
        return _Cand(
            s.start, s.end, v, code, "money", prec, direction=direction, scale=s.scale, currency=code, parts=parts
        )
    if s.cls == "unit":
        g = grammar()
        kind = g.unit_kind.get(s.name, _UNIT_KIND_DEFAULT)
        prec = base_prec * s.scale
        return _Cand(
            s.start, s.end, value * s.scale, s.name, kind, prec, direction=direction, scale=s.scale, parts=parts
        )
    if s.cls == "dur":
        if s.adjectival:
            parts["adjectival"] = True
        return _Cand(s.start, s.end, value, s.name, "duration", base_prec, parts=parts)
    if s.is_frac:
        return _Cand(
            s.start,
            s.end,
            value,
            "dimensionless",
            "fraction",
            0.0,
            direction=direction,
            approx_word=text[s.start : s.end],
        )
    if (
        s.scale == 1.0
        and not s.sign
        and s.decimals == 0
        and len(s.num_text) == 4
        and s.num_text.isdigit()
        and grammar().year_min <= int(s.num_text) <= grammar().year_max
        and not grammar().level_before_rev.match(text, max(0, s.start - 16), s.start)
    ):
        return _Cand(s.start, s.end, float(s.num_text), "", "year", 1.0, parts={"year": int(s.num_text)})
    return _Cand(
        s.start,
        s.end,
        value * s.scale,
        "dimensionless",
        "number",
        base_prec * s.scale,
        direction=direction,
        scale=s.scale,
        parts=parts,
    )


def _same_unit(a: _Cand, b: _Cand) -> bool:
    return a.unit == b.unit and a.kind == b.kind


_NO_BEFORE = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.,/-−+$€£¥")


# ASCII digits → "0", "," and "." → ".", any other byte → " ":
# a digit run of the text is then a "0" up to the next " ".
_DIGIT_TABLE = bytes(48 if 48 <= i <= 57 else 46 if i in (44, 46) else 32 for i in range(256))


def _digit_runs(g: _Grammar, text: str, enc: bytes) -> list[tuple[int, int]]:
    """The [start, end) of each match of ``g.digit_run`` in ``text``; ``enc`` is ``text.encode("ascii", "replace")``.

    The pattern scans at about 80 instructions a character, bytes.find at a
    few: the runs are found in ``enc``, which has the text's offsets and its
    ASCII digits. That is exact unless a character outside ASCII is a digit to
    the pattern: a text with such a character ("٣"), one beyond U+2FFF (not
    checked) or many outside ASCII (slower to check than to scan) is scanned
    with the pattern.
    """
    if not text.isascii():
        pieces = enc.split(b"?")  # "?": each character outside ASCII, and any "?" of the text
        if len(pieces) > len(text) >> 4:
            return [m.span() for m in g.digit_run.finditer(text)]
        wide = g.wide_digits
        i = -1
        for piece in pieces[:-1]:
            i += len(piece) + 1
            c = text[i]
            if c >= "\u3000" or c in wide:
                return [m.span() for m in g.digit_run.finditer(text)]
    db = enc.translate(_DIGIT_TABLE)
    runs = []
    i = db.find(48)
    while i >= 0:
        j = db.find(32, i)
        if j < 0:
            runs.append((i, len(db)))
            break
        runs.append((i, j))
        i = db.find(48, j)
    return runs


def _numeric_cands(g: _Grammar, text: str, runs: list[tuple[int, int]], out: list[_Cand]) -> None:
    """Numbers with their sign, currency, scale, unit and range partner; also digit dates and times.

    Driven by the runs of digits (``runs``, from _digit_runs); each costly
    pattern is tried only when the characters around the run allow it (a time
    needs ":" or "a.m."/"p.m." after it, a currency prefix needs one of its
    characters before it).
    """
    last_end = 0
    n = len(text)
    pre1, pre2 = g.prefix_end_chars, g.prefix_space_chars
    for p, e in runs:
        if p < last_end:
            continue
        before = text[p - 1] if p else " "
        nx = text[e] if e < n else " "
        if before not in _NO_BEFORE or before in pre1:
            if nx == ":" or (nx in " aApP" and text[e : e + 3].lstrip()[:1] in ("a", "A", "p", "P")):
                tm = g.time_re.match(text, p)
                if tm:
                    c = _time_cand(g, tm)
                    if c:
                        out.append(c)
            if (
                nx in "-/"
                or (nx == " " and text[e + 1 : e + 2].isupper())
                or text[e : e + 2] in ("st", "nd", "rd", "th")
            ):
                dm = g.digit_date_re.match(text, p)
                if dm and not before.isalnum():
                    c = _digit_date_cand(g, dm)
                    if c:
                        out.append(c)
        start = p
        if before in pre1 or (before == " " and p > 1 and text[p - 2] in pre2):
            pm = g.prefix_rev.match(text, 0, p, False)
            if pm:
                start = pm.start()
        if start > 0 and text[start - 1] in _NO_BEFORE:
            start = p
            if before in _NO_BEFORE:
                continue
        lo = None
        if start == p:
            fm = g.num_only.match(text, p, None, False)
            if fm is None:
                continue
            q = fm.end()
            if not _needs_tail(g, text, q):
                num = fm.group()
                value, dec, is_frac = _num_value(num)
                lo = _Single(p, q, value, dec, is_frac, 0, None, 1.0, False, None, None, None, False, num)
            elif text[q] == "%" and _bare_percent(text, q):
                # the commonest tail, read without the tail pattern (its sym "%" alone)
                num = fm.group()
                value, dec, is_frac = _num_value(num)
                cls, name = g.tail_map["%"]
                lo = _Single(p, q + 1, value, dec, is_frac, 0, None, 1.0, False, cls, name, None, False, num)
        if lo is None:
            m = g.num_match.match(text, start, None, False)
            if m is None:
                continue
            lo = _parse_single(g, text, m)
        lo_c = _single_to_cand(lo, text)
        end = lo.end
        if lo_c is not None:
            if lo.end < n and text[lo.end] in _RANGE_START:
                merged = _try_range(g, text, lo, lo_c)
                if merged is not None:
                    lo_c = merged
            if lo_c.kind == "year" and lo_c.high is None and lo_c.start > 1 and text[lo_c.start - 2].isalpha():
                pr = g.part_rev.match(text, 0, lo_c.start, False)
                if pr:
                    lo_c.parts["part"] = g.period_parts[_norm(pr.group(0))]
                    lo_c.start = pr.start()
            out.append(lo_c)
            end = lo_c.end
        last_end = max(end, lo.start + 1)


def _needs_tail(g: _Grammar, text: str, q: int) -> bool:
    """Whether the text after a number could hold a scale word, unit or currency (cheap test)."""
    if q >= len(text):
        return False
    c = text[q]
    if c in " \u00a0":
        w = text[q + 1 : q + 5]
        key = _letters3(w)
        return key.lower() in g.tail_prefixes or key in g.code_prefixes or w[:1] in g.tail_symbols
    return c.isalpha() or c in g.tail_symbols or c in "-/"


_AM_PM_TAIL = regex.compile(r"\.\s?[A-Za-z]")  # "5 p.m.": the "p" of a clock time


def _bare_percent(text: str, q: int) -> bool:
    """Whether the tail at ``text[q] == "%"`` is that sign alone: no "% points" nor per-unit part can follow."""
    nxt = text[q + 1 : q + 2]
    if not nxt or (nxt.isascii() and nxt.isalnum()):
        return True
    after = text[q + 2 : q + 3]
    return nxt == " " and after.isascii() and after.isalpha() and after not in "pP"


_RANGE_START = frozenset(" -–—~\u00a0")


def _try_range(g: _Grammar, text: str, lo: _Single, lo_c: _Cand) -> _Cand | None:
    """Extend ``lo`` into a range ("3-4%", "3% to 4%", "150.12-14 yen") when the partner fits."""
    if lo_c.kind in ("ordinal", "fraction"):
        return None
    # A separator is "-", "–", "—", "~", "to", "through" or "and" after white space: a cheap first test.
    head = text[lo.end : lo.end + 40].lstrip()
    if head and head[0] not in "-–—~ta":
        return None
    sep = g.range_sep.match(text, lo.end)
    if sep is None:
        return None
    sep_word = sep.group(1)  # "sep", the pattern's only group (named twice)
    if sep_word == "and" and not g.between_re.match(text, max(0, lo.start - 12), lo.start):
        return None
    if sep_word in ("to", "-", "–", "—") and g.from_re.match(text, max(0, lo.start - 8), lo.start):
        return None  # "rose from 3% to 4%" is a move between two levels, not a range
    m2 = g.num_match.match(text, sep.end())
    if m2 is None:
        return None
    hi = _parse_single(g, text, m2)
    # bid-ask pair: "150.12-14" (the second number repeats only the last digits)
    if (
        sep_word in ("-", "–")
        and sep.group(0) == sep_word
        and lo.decimals > 0
        and lo.cls is None
        and not lo.cur
        and hi.decimals == 0
        and not hi.sign
        and not hi.cur
        and len(hi.num_text) == lo.decimals
    ):
        hi_c = _single_to_cand(hi, text)
        if hi_c is None:
            return None
        hi_val = float(lo.num_text.replace(",", "").rsplit(".", 1)[0] + "." + hi.num_text)
        sc = hi_c.scale if hi_c.kind == "money" else 1.0
        div = 100.0 if hi.cls == "minor" else 1.0
        c = _Cand(
            lo.start,
            hi_c.end,
            lo.value * sc / div,
            hi_c.unit,
            hi_c.kind,
            10.0**-lo.decimals * sc / div,
            high=hi_val * sc / div,
            direction=lo_c.direction,
            scale=hi_c.scale,
            currency=hi_c.currency,
            parts={**hi_c.parts, "quote": "bid_ask"},
        )
        return c
    hi_c = _single_to_cand(hi, text)
    if hi_c is None or hi_c.kind in ("ordinal", "fraction"):
        return None
    if sep_word == "to" and lo_c.value and lo.scale == hi.scale and (abs(hi_c.value) > 10 * abs(lo_c.value) or abs(
            hi_c.value) > 3 * abs(lo_c.value) and g.by_re.match(text, max(0, lo.start - 6), lo.start)):
        return None  # "fell by ¥2tn to ¥40 trillion", "rose 3p to 2,650p": the move, then the level it reached
    lo_has_unit = lo.cls is not None or lo.cur is not None
    hi_has_unit = hi.cls is not None or hi.cur is not None
    if lo.cur and not hi_has_unit and sep_word in ("-", "–") and lo.scale == 1.0:
        # "$1-2 billion", "$70-80": the currency mark is printed once
        sc = hi.scale
        hi_val = hi.value * (hi.sign or 1) * sc
        lo_val = lo.value * (lo.sign or 1) * sc
        if hi_val <= lo_val:
            return None
        return _Cand(
            lo.start,
            hi.end,
            lo_val,
            lo.cur,
            "money",
            min(sc / 10**lo.decimals, sc / 10**hi.decimals),
            high=hi_val,
            direction=lo_c.direction,
            scale=sc,
            currency=lo.cur,
            parts=dict(lo_c.parts),
        )
    if lo_has_unit and not hi_has_unit:
        return None
    if lo_has_unit and hi_has_unit and not _same_unit(lo_c, hi_c):
        return None
    if lo_c.kind == "year" and hi_c.kind == "year":
        if hi_c.value <= lo_c.value:
            return None
        return _Cand(
            lo.start,
            hi_c.end,
            lo_c.value,
            "",
            "year",
            1.0,
            high=hi_c.value,
            parts={"year": int(lo_c.value), "year_end": int(hi_c.value)},
        )
    if not lo_has_unit and hi_has_unit:
        # the unit and scale of the high end apply to both ("3-4%", "$1-2 billion", "18 to 19 million")
        if lo.scale > 1 and hi.scale != lo.scale:
            return None
        proto = hi_c
        scale = hi.scale if lo.scale == 1.0 else lo.scale
        div = 100.0 if hi.cls == "minor" else 1.0
        lo_val = lo.value * (lo.sign or 1) * scale / div
        lo_prec = (0.0 if lo.is_frac else 10.0**-lo.decimals) * scale / div
    elif not lo_has_unit and not hi_has_unit:
        if lo.scale == 1.0 and hi.scale > 1.0:
            scale = hi.scale
        elif lo.scale == hi.scale:
            scale = lo.scale
        else:
            return None
        proto = hi_c
        lo_val = lo.value * (lo.sign or 1) * scale
        lo_prec = 10.0**-lo.decimals * scale
        if sep_word == "-" and lo_c.kind == "year":
            return None
    else:
        proto = hi_c
        lo_val, lo_prec = lo_c.value, lo_c.precision
    hi_val = hi_c.value if not (not lo_has_unit and not hi_has_unit) else hi.value * (hi.sign or 1) * scale
    if hi_val <= lo_val:
        return None
    prec = min(lo_prec, proto.precision) if proto.precision else lo_prec
    start = lo.start
    if sep_word == "and":
        start = g.between_re.match(text, max(0, lo.start - 12), lo.start).start()
    return _Cand(
        start,
        hi_c.end,
        lo_val,
        proto.unit,
        proto.kind,
        prec,
        high=hi_val,
        direction=lo_c.direction if (lo_val < 0) == (hi_val < 0) else 0,
        scale=proto.scale,
        currency=proto.currency,
        parts=dict(proto.parts),
    )


def _parse_number_words(g: _Grammar, text: str, start: int, end: int) -> tuple[float, int, float] | None:
    """Value, end offset and precision of the longest valid number-word sequence at ``start``."""
    total = 0.0
    current = 0.0
    last = None  # small | tens | hundred | big | and
    value_end = start
    prec = 1.0
    ok_val: tuple[float, int, float] | None = None
    for tok in g.word_tok.finditer(text, start, end):
        w = tok.group(0).lower()
        if w == "and":
            if last not in ("hundred", "big"):
                break
            last = "and"
            continue
        if w in g.number_words:
            v = g.number_words[w]
            if v >= 20 or w == "dozen":
                if last in ("small", "tens"):
                    break
                current += v
                last = "tens"
            else:
                if last == "small" or (last == "tens" and current % 10 != 0):
                    break
                current += v
                last = "small"
            prec = 1.0
        elif w == "hundred":
            if last not in ("small", "tens") or current >= 100:
                break
            current *= 100
            last = "hundred"
            prec = 100.0
        else:
            mult = g.multipliers[w]
            if last not in ("small", "tens", "hundred"):
                break
            total += current * mult
            current = 0.0
            last = "big"
            prec = mult
        value_end = tok.end()
        ok_val = (total + current, value_end, prec)
    return ok_val


def _may_lead(g: _Grammar, prev: str) -> bool:
    """Whether a word figure can start with the word of ``prev`` (a prev_word_rev match: letters, then [\\s-]+).

    A phrase matches there only if its leading letters are that very word, so
    words_re is tried only then.
    """
    if g.word_leads is None:
        return True
    return prev[: len(prev) - len(prev.lstrip(_ASCII_LETTERS))].lower() in g.word_leads


def _word_matches(g: _Grammar, text: str, positions: list[int]) -> Iterable[Any]:
    """Matches of the word grammar that start one word before, or at, each trigger position.

    Both are yielded ("a quarter-point": "a quarter" and "quarter-point"); the
    overlap resolution keeps the longer figure.
    """
    last_end = 0
    for p in positions:
        if p < last_end:
            continue
        pw = g.prev_word_rev.match(text, 0, p, False)
        if pw is not None and pw.start() >= last_end and _may_lead(g, pw.group()):
            m = g.words_re.match(text, pw.start())
            if m is not None and m.end() > p:
                last_end = max(last_end, m.end())
                yield m
        m = g.words_re.match(text, p, None, False)
        if m is not None:
            last_end = max(last_end, m.end())
            yield m


def _word_tail_cand(
    g: _Grammar, text: str, s: int, vend: int, value: float, prec: float, t: Any, sign: int = 0
) -> _Cand | None:
    """A word number with the unit, currency or duration that follows it (None when nothing follows)."""
    tx = g.tail_group
    cls = name = per = None
    tend = vend
    scale = 1.0
    if t.group(tx["unit"]):
        cls, name = g.tail_map[_norm(t.group(tx["unit"]))]
        if name == "multiple" and t.group(tx["unit"]).lower() == "x":
            cls = name = None
        else:
            tend = t.end(tx["unit"])
    elif t.group(tx["sym"]):
        cls, name = g.tail_map[t.group(tx["sym"]).lower()]
        tend = t.end(tx["sym"])
    elif t.group(tx["code"]):
        code = t.group(tx["code"])
        cls, name = "cur", g.codes[code]
        tend = t.end(tx["code"])
        scale = g.code_scale.get(code, 1.0)
    if cls is None:
        return None
    if t.group(tx["per"]) and tend == t.start(tx["per"]):
        per = g.per_units[(t.group(tx["per1"]) or t.group(tx["per2"])).lower()]
        tend = t.end(tx["per"])
    parts: dict[str, Any] = {"per": per} if per else {}
    if cls in ("cur", "minor"):
        div = 100.0 if cls == "minor" else 1.0
        return _Cand(
            s,
            tend,
            value * scale / div,
            name,
            "money",
            prec * scale / div,
            direction=sign,
            scale=scale,
            currency=name,
            parts=parts,
        )
    if cls == "unit":
        return _Cand(s, tend, value, name, g.unit_kind.get(name, "number"), prec, direction=sign, parts=parts)
    if text[vend : vend + 1] == "-":
        parts["adjectival"] = True
    return _Cand(s, tend, value, name, "duration", prec, parts=parts)


def _word_cands(g: _Grammar, text: str, positions: list[int], out: list[_Cand]) -> None:
    d = g.data
    wx = g.words_group
    for m in _word_matches(g, text, positions):
        s, e = m.start(), m.end()
        if m.group(wx["mag"]):
            spec = g.magnitude[_norm(m.group(wx["mag"]))]
            unit = spec["unit"]
            kind = "percent" if unit == "percent" else "number"
            out.append(
                _Cand(s, e, float(spec["low"]), unit, kind, 0.0, high=float(spec["high"]), approx_word=m.group(0))
            )
        elif m.group(wx["fp"]):
            out.append(
                _Cand(
                    s,
                    e,
                    g.fraction_points[_norm(m.group(wx["fp"]))],
                    "percentage_point",
                    "percentage_points",
                    0.0,
                    approx_word=m.group(0),
                )
            )
        elif m.group(wx["frac"]):
            key = _norm(m.group(wx["frac"]))
            needs = d["fraction_needs_after"].get(key)
            if needs and not m.group(wx["frac_unit"]) and not m.group(wx["frac_mult"]):
                after = text[e : e + 20].lower().lstrip()
                if not any(after.startswith(w) and not after[len(w) : len(w) + 1].isalpha() for w in needs):
                    continue
            before = text[max(0, s - 12) : s].lower().split()
            if before and before[-1] in d["fraction_not_after"]:
                parsed = _parse_number_words(g, text, s, e)
                if parsed is not None:
                    out.append(_Cand(s, parsed[1], parsed[0], "dimensionless", "number", parsed[2]))
                continue
            if key.startswith("a ") and not m.group(wx["frac_unit"]) and not m.group(wx["frac_mult"]):
                nxt = _NEXT_WORD.match(text, e, e + 24)
                if nxt and nxt.group(1).lower() not in d["fraction_ordinal_unless_before"]:
                    word = m.group(wx["frac"]).split()[-1].lower()
                    if word in g.ordinals:
                        os_ = s + len(m.group(wx["frac"])) - len(word)
                        out.append(_Cand(os_, e, float(g.ordinals[word]), "dimensionless", "ordinal", 1.0))
                        continue
            v = g.fractions[key]
            if m.group(wx["frac_mult"]):
                mult = g.multipliers[m.group(wx["frac_mult"]).split()[-1].lower()]
                c = _word_tail_cand(g, text, s, e, v * mult, mult / 10, g.tail.match(text, e, None, False))
                out.append(c or _Cand(s, e, v * mult, "dimensionless", "number", mult / 10))
                continue
            if m.group(wx["frac_unit"]):
                u = _FRAC_UNIT_LEAD.sub("", m.group(wx["frac_unit"]).lower())
                cls, name = g.tail_map.get(_norm(u), (None, None))
                if cls == "unit":
                    out.append(_Cand(s, e, v, name, g.unit_kind.get(name, "number"), 0.0, approx_word=m.group(wx["frac"])))
                    continue
                e = m.end(wx["frac"])
            out.append(_Cand(s, e, v, "dimensionless", "fraction", 0.0, approx_word=text[s:e]))
        elif m.group(wx["ratio"]):
            key = m.group(wx["ratio"]).lower()
            needs = d["ratio_word_needs_before"].get(key)
            if needs:
                before = text[max(0, s - 15) : s].lower().rstrip()
                if not any(before.endswith(w) for w in needs):
                    continue
            out.append(_Cand(s, e, g.ratio_words[key], "multiple", "multiple", 0.0, approx_word=m.group(0)))
        elif m.group(wx["nw"]):
            parsed = _parse_number_words(g, text, s, e)
            if parsed is None:
                lead = m.group(wx["nw"]).split()[0].lower()
                if lead in g.multipliers and text[max(0, s - 2) : s].lower() == "a ":
                    # "a thousand", "a million": the article stands for one
                    parsed = (g.multipliers[lead], s + len(lead), g.multipliers[lead])
                    s -= 2
                else:
                    continue
            value, vend, prec = parsed
            sw = g.sign_word_rev.match(text, max(0, s - 10), s)
            sign = 0
            if sw:
                value, s, sign = -value, sw.start(), -1
            t = g.tail.match(text, vend, None, False)
            c = _word_tail_cand(g, text, s, vend, value, prec, t, sign)
            if c is None:
                if abs(value) < d["lone_word_minimum"] and vend - s < 8:
                    continue
                c = _Cand(s, vend, value, "dimensionless", "number", prec, direction=sign)
            out.append(c)
        elif m.group(wx["ord"]):
            out.append(_Cand(s, e, float(g.ordinals[m.group(wx["ord"]).lower()]), "dimensionless", "ordinal", 1.0))


def _month_cands(g: _Grammar, text: str, positions: list[int], out: list[_Cand]) -> None:
    ambiguous = set(g.data["month_alone_ambiguous"])
    mx = g.month_group
    for p in positions:
        m = g.month_re.match(text, p, None, False)
        if m is None:
            continue
        mon_txt = m.group(mx["month"]).rstrip(".")
        parts: dict[str, Any] = {"month": g.months[mon_txt]}
        start = p
        pr = g.part_rev.match(text, 0, p, False)
        if pr:
            parts["part"] = g.period_parts[_norm(pr.group(0))]
            start = pr.start()
        if m.group(mx["day"]):
            parts["day"] = int(m.group(mx["day"]))
            if m.group(mx["day2"]):
                parts["day_end"] = int(m.group(mx["day2"]))
        year = m.group(mx["year"]) or m.group(mx["year2"])
        if year:
            parts["year"] = int(year)
        if "day" not in parts and "year" not in parts and "part" not in parts:
            abbrev = len(mon_txt) <= 4 and mon_txt not in ("May", "June", "July")
            if (mon_txt in ambiguous or abbrev) and not g.month_ctx_re.match(text, 0, p):
                continue
        if "day" in parts and not 1 <= parts["day"] <= 31:
            continue
        if "day_end" in parts and not parts["day"] < parts["day_end"] <= 31:
            continue
        out.append(_Cand(start, m.end(), 0.0, "", "date", 0.0, parts=parts, priority=2))


def _digit_date_cand(g: _Grammar, m: Any) -> _Cand | None:
    if m.group("iy"):
        parts = {"year": int(m.group("iy")), "month": int(m.group("im")), "day": int(m.group("id"))}
    elif m.group("uy"):
        parts = {"year": int(m.group("uy")), "month": int(m.group("um")), "day": int(m.group("ud"))}
    else:
        parts = {"day": int(m.group("day3")), "month": g.months[m.group("month3").rstrip(".")]}
        if m.group("year3"):
            parts["year"] = int(m.group("year3"))
    if not (1 <= parts["month"] <= 12 and 1 <= parts["day"] <= 31):
        return None
    return _Cand(m.start(), m.end(), 0.0, "", "date", 0.0, parts=parts, priority=2)


def _period_cands(g: _Grammar, text: str, positions: list[int], out: list[_Cand]) -> None:
    """Quarters and halves: "third quarter", "Q3 2024", "first half"."""
    for p in positions:
        starts = [p]
        pw = g.prev_word_rev.match(text, 0, p, False)
        if pw is not None:
            starts.insert(0, pw.start())
        for st in starts:
            m = g.period_re.match(text, st)
            if m is None or m.end() <= p or (st > 0 and text[st - 1].isalnum()):
                continue
            if m.group("qw"):
                k = m.group("qw")
                parts = {"quarter": g.quarters.get(k) or g.quarters.get(k.lower()) or g.quarters.get(k.upper())}
            else:
                k = m.group("hw")
                parts = {"half": g.halves.get(k) or g.halves.get(k.lower()) or g.halves.get(k.upper())}
            if m.group("py"):
                parts["year"] = int(m.group("py"))
            out.append(_Cand(st, m.end(), 0.0, "", "date", 0.0, parts=parts, priority=2))
            break


def _time_cand(g: _Grammar, m: Any) -> _Cand | None:
    am = g.am_words
    if m.group("tw"):
        parts: dict[str, Any] = {"hour": int(g.data["time_words"][m.group("tw").lower()]), "minute": 0}
    elif m.group("mer"):
        h = int(m.group("hh"))
        if not 1 <= h <= 12:
            return None
        is_am = m.group("mer").lower() in am
        parts = {"hour": (h % 12) + (0 if is_am else 12), "minute": int(m.group("mm") or 0)}
    else:
        parts = {"hour": int(m.group("hh2")), "minute": int(m.group("mm2"))}
    if m.group("tz"):
        parts["tz"] = m.group("tz")
    return _Cand(m.start(), m.end(), 0.0, "", "time", 0.0, parts=parts, priority=2)


def _drop_names(
    g: _Grammar, text: str, positions: Callable[[bytes], Iterable[int]], toks: set[bytes], cands: list[_Cand]
) -> list[_Cand]:
    """Drop candidates that overlap a name or idiom of rules/names.yaml.

    A name pattern is tried only around the places where one of its ``when``
    words occurs, so a long article costs a few small searches, not one scan
    per pattern.
    """
    n = len(text)
    spans: list[tuple[int, int]] = []

    def collect(pat: Any, lo: int, hi: int) -> None:
        if pat.lead is not None and text.find(pat.lead, lo, hi) < 0:
            return
        for m in pat.finditer(text, lo, hi):
            if not _RUNS_ON.match(text, m.end(), m.end() + 2):  # "Dow 30,000" is a level
                spans.append((m.start(), m.end()))

    starts = sorted(c.start for c in cands)
    for w in toks & g.name_words:
        near = []
        for p in positions(w):
            # only where a candidate figure lies within reach of the name
            i = bisect.bisect_left(starts, p - 64)
            if i < len(starts) and starts[i] <= p + 64:
                near.append(p)
        for p in near:
            lo, hi = max(0, p - 48), min(n, p + 64)
            # a name found in [lo, hi) can only drop a candidate that overlaps it
            if any(c.start < hi and lo < c.end for c in cands):
                for pat in g.names_by_word[w]:
                    collect(pat, lo, hi)
    for pat in g.names_always:
        collect(pat, 0, n)
    if not spans:
        return cands
    spans.sort()
    return [c for c in cands if not any(s < c.end and c.start < e for s, e in spans)]


def _direction(g: _Grammar, text: str, c: _Cand) -> int:
    if c.direction or c.kind in ("date", "time", "year", "ordinal", "duration"):
        return c.direction
    # Both patterns need white space right next to the figure, the one before also a direction word
    # in its window (case-insensitive): test those first.
    lo = max(0, c.start - 32)
    b = (
        c.start > 0
        and text[c.start - 1].isspace()
        and any(w in text[lo : c.start].casefold() for w in g.direction_before)
        and g.dir_before_re.match(text, lo, c.start)
    )
    if b:
        return g.direction_before[b.group(1).lower()]  # "w", the pattern's only group
    a = text[c.end : c.end + 1].isspace() and g.dir_after_re.match(text, c.end, None, False)
    if a:
        return g.direction_after[a.group(1).lower()]  # "w", the pattern's only group
    return 0


def _merge_between(g: _Grammar, text: str, cands: list[_Cand]) -> list[_Cand]:
    """'between 5% and 6%': two figures joined by 'and' after 'between' become one range."""
    out: list[_Cand] = []
    i = 0
    while i < len(cands):
        c = cands[i]
        if i + 1 < len(cands):
            d = cands[i + 1]
            gap = text[c.end : d.start]
            if (
                "and" in gap
                and _AND_GAP.fullmatch(gap)
                and g.between_re.match(text, max(0, c.start - 12), c.start)
                and c.kind == d.kind
                and (c.unit == d.unit or c.unit == "dimensionless")
                and c.kind not in ("date", "time", "ordinal")
                and d.value > c.value
            ):
                bw = g.between_re.match(text, max(0, c.start - 12), c.start)
                out.append(
                    _Cand(
                        bw.start(),
                        d.end,
                        c.value,
                        d.unit,
                        d.kind,
                        min(c.precision, d.precision) or c.precision,
                        high=d.value,
                        direction=c.direction,
                        scale=d.scale,
                        currency=d.currency,
                        parts=d.parts,
                    )
                )
                i += 2
                continue
        out.append(c)
        i += 1
    return out


def _select(cands: list[_Cand]) -> list[_Cand]:
    """Keep the longest of overlapping candidates (ties: higher priority, then earlier)."""
    starts: list[int] = []  # chosen spans, sorted by start (they never overlap)
    ends: list[int] = []
    chosen: list[_Cand] = []
    for c in sorted(cands, key=lambda c: (c.start - c.end, -c.priority, c.start)):
        i = bisect.bisect_right(starts, c.start)
        if i and ends[i - 1] > c.start:
            continue
        if i < len(starts) and starts[i] < c.end:
            continue
        starts.insert(i, c.start)
        ends.insert(i, c.end)
        chosen.append(c)
    chosen.sort(key=lambda c: c.start)
    return chosen


_TOK_TABLE = bytes(
    32 if (chr(i) in "!\"#$%'()*+,-./:;<=>?@[\\]^_`{|}~" or i < 33) else (i + 32 if 65 <= i <= 90 else i)
    for i in range(256)
)


def _positions(low: Any, chars: str, word: Any) -> Iterable[int]:
    """Start offsets of ``word`` as a whole word in the lower-cased text ``low``.

    ``chars`` is a text of the same length whose characters are alphanumeric
    where ``low``'s are (``low`` itself, or the text it was lowered from).
    """
    n = len(word)
    i = low.find(word)
    while i >= 0:
        j = i + n
        if (i == 0 or not chars[i - 1].isalnum()) and (j >= len(chars) or not chars[j].isalnum()):
            yield i
        i = low.find(word, j)


# The two characters whose lower case is ASCII or longer than one character.
_LOWER_ODD = ("\u0130", "\u212a")


def _word_finder(text: str, tb: bytes) -> Callable[[bytes], Iterable[int]]:
    """Where a word of ``[a-z0-9]`` occurs as a whole word in ``text.lower()``.

    ``tb`` (the text as ASCII, lower case, anything else a space) has the
    text's offsets and holds such a word exactly where ``text.lower()`` does,
    unless the text has a character of _LOWER_ODD: only then is the text
    lowered (that costs more than the whole search on typical text).
    """
    if _LOWER_ODD[0] in text or _LOWER_ODD[1] in text:
        low = text.lower()
        return lambda w: _positions(low, low, w.decode())
    return partial(_positions, tb, text)


def _cands(text: str) -> list[_Cand]:
    g = grammar()
    # The words of the text (lower case, punctuation as spaces) that trigger a
    # word pass or a name pattern, as a set: a cheap test of which can match at
    # all. Intersecting the split words directly skips building a set of them all.
    enc = text.encode("ascii", "replace")
    tb = enc.translate(_TOK_TABLE)
    toks = g.watch_words.intersection(tb.split())
    raw: list[_Cand] = []
    runs = _digit_runs(g, text, enc)
    if runs:
        _numeric_cands(g, text, runs, raw)
    present = toks & g.trigger_words
    positions = _word_finder(text, tb)
    if present:
        fam: dict[str, list[int]] = {"words": [], "month": [], "time": [], "period": []}
        for w in present:
            pos = list(positions(w))
            for f in g.triggers[w]:
                fam[f].extend(pos)
        if fam["words"]:
            _word_cands(g, text, sorted(fam["words"]), raw)
        if fam["month"]:
            _month_cands(g, text, sorted(fam["month"]), raw)
        if fam["period"]:
            _period_cands(g, text, sorted(fam["period"]), raw)
        for p in fam["time"]:
            tm = g.time_re.match(text, p)
            if tm:
                c = _time_cand(g, tm)
                if c:
                    raw.append(c)
    if not raw:
        return []
    raw = _drop_names(g, text, positions, toks, raw)
    chosen = _merge_between(g, text, _select(raw))
    for c in chosen:
        c.direction = _direction(g, text, c)
        if c.kind == "money" and "per" not in c.parts:
            a = g.a_per_re.match(text, c.end)
            if a:
                c.parts["per"] = g.per_units[a.group("per").lower()]
    return chosen


def _clean(x: float) -> float:
    """Round away binary noise (0.1 * 1e9 → 100000000.00000001) without losing printed digits."""
    if x == 0 or x != x:
        return x
    if x.is_integer() and -1e12 < x < 1e12:
        return x  # at most 12 digits, all printed: the round trip gives x back
    return float(f"{x:.12g}")


def _figure(c: _Cand, text: str, block: int, span: Any) -> Figure:
    """``span(i, j)`` maps a block-text slice to its raw [start, end)."""
    start, end = span(c.start, c.end)
    # Positional, in Figure's field order (text, start, end, block, local_start, local_end, value, unit,
    # kind, precision, high, direction, scale, currency, approx_word, parts): sixteen keywords cost
    # more than the rest of this function.
    return Figure(
        text[c.start : c.end],
        start,
        end,
        block,
        c.start,
        c.end,
        _clean(c.value),
        c.unit,
        c.kind,
        _clean(c.precision),
        None if c.high is None else _clean(c.high),
        c.direction,
        c.scale,
        c.currency,
        c.approx_word,
        c.parts,
    )


def figures_in_text(text: str) -> list[Figure]:
    """The figures of a bare string (block 0; offsets are offsets into ``text``)."""
    return [_figure(c, text, 0, lambda i, j: (i, j)) for c in _cands(text)]


def find_figures(doc: Document) -> list[Figure]:
    """The figures of the document's body blocks, in document order, with raw-file offsets."""
    out: list[Figure] = []
    raw = doc.raw
    for i, block in enumerate(doc.blocks):
        if not block.in_body:
            continue
        cands = _cands(block.text)
        if cands:

            def span(a: int, b: int, block: Any = block) -> tuple[int, int]:
                return raw_span(block, a, b, raw)

            out.extend(_figure(c, block.text, i, span) for c in cands)
    return out
