"""Figures → Claims: what each figure is about (subject, metric, window, hedge), or why it is not checkable.

Every figure becomes exactly one :class:`~factcheck.model.Claim`. A checkable
one has ``kind="market"``; the others carry the reason as their kind
(forecast, aggregate, not_market, anchor, no_subject), so a reader sees every
number the article printed and what the tool made of it.

The stage reads the document in order, paragraph by paragraph, keeping the
context a reader keeps: the subjects named so far (for "the stock", "the
gauge", "it"), the window of a lead-in line ("On Friday:") or of an earlier
sentence ("extended gains on Monday ... The gauge was up as much as 1.7%"),
and the market the article is about (which listing "Alibaba" means, which
country "the 10-year yield" belongs to). All vocabulary is in ``rules/``
(entities, metrics, windows, claim kinds, hedges); this module only holds
the grammar that combines them.
"""

from __future__ import annotations

import datetime as _dt
import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from itertools import pairwise
from operator import itemgetter
from typing import Any, Generic, TypeVar

from factcheck.document import sentence_spans as _sentence_spans  # imported once, not per paragraph
from factcheck.model import Block, Claim, Document, Figure, Hedge, Subject, Window, to_json
from factcheck.rules_loader import (
    Entity,
    Listing,
    PhraseSet,
    Rules,
    load_rules,
    letter_runs,
    lowered,
    matches_from,
    norm,
    occurrences,
    text_words,
    words_and_runs,
)

_T = TypeVar("_T")
_FIRST_THREE = itemgetter(0, 1, 2)  # a found window's (start, -length, rule order): which of two overlapping ones wins
DATE_KINDS = frozenset({"date", "year"})
COUNT_KINDS = frozenset({"number", "ordinal", "duration", "fraction", "ratio_word"})
CHANGE_UNITS = frozenset({"percent", "percentage_point", "basis_point", "index_point", "index_points", "point", "points"})
CHANGE_KINDS = frozenset({"percent", "percentage_points", "basis_points", "points"})
# Window kinds that say where a move starts (their date figure is an anchor of the move).
_NOT_LEVELS = frozenset({"ordinal", "duration", "fraction", "ratio_word", "time"})
# Window kinds whose figure _inside_window may read as a look-back ("highest since", "first ... in 16
# years", "a record four years ago"): only these need the clause's superlative cue.
_SUP_KINDS = frozenset({"lookback", "since", "since_span", "from_extreme", "ago"})
BASE_KINDS = frozenset({"since", "from_extreme", "ago", "span", "to_date", "period", "session", "streak"})
# A money figure printed with a scale word of a billion or more ("$3 trillion") about a company is
# its market value: no share price is that large.
_VALUE_SCALE = 1e9
# Figures that state a move in relative terms ("gained 86%", "more than doubled"): parallel moves.
_MOVE_KINDS = frozenset({"percent", "ratio_word", "multiple"})
_CLAUSE_TAIL = " \t\n.,;:!?)\"”'’"  # what may follow a figure that ends its clause
_OWN_HEDGE: Any = object()  # make()'s default: the figure's own hedge (None says "no hedge")
LEVEL_WINDOWS = frozenset({"session", "period", "ago", "record", "implicit", "to_date"})
CURRENCY_MARKET = {"JPY": "jp", "CNY": "cn", "CNH": "cn", "CHF": "ch", "KRW": "kr", "INR": "in", "HKD": "hk", "GBP": "uk", "EUR": "eu"}

# The characters \s matches (str.isspace), space first.
_SPACE_CHARS = " \t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
# ";", ":", " — ", ", and ", " while " ...: written so that every alternative opens with a literal
# character (one per whitespace character for the two that open with \s), which lets `re` skip
# from one candidate character to the next instead of trying every position (twice as fast).
_CLAUSE_SPLIT = re.compile("|".join(
    [";", r":(?!\d)", r",\s+(?:while|whereas|but|although|though|and|compared\s+(?:with|to)|versus)\s"]
    + [re.escape(c) + r"(?:[—–]\s|(?:while|whereas|when)\s)" for c in _SPACE_CHARS]
))
# Where a _CLAUSE_SPLIT match can start: at the character itself, or one before (the whitespace).
_CLAUSE_AT = (";", ":", ",")
_CLAUSE_AFTER_SPACE = ("—", "–", "whe", "while")


def _clause_starts(text: str) -> list[int]:
    """The places of a block where a _CLAUSE_SPLIT match can start, in order (found once per block).

    Its class of opening characters holds every whitespace character, so `re` enters
    the pattern at each space; ``str.find`` finds the few places where a match can begin.
    """
    at = occurrences(text, _CLAUSE_AT)
    at.extend(i - 1 for i in occurrences(text, _CLAUSE_AFTER_SPACE, 1))
    at.sort()
    return at


def _clause_splits(text: str, start: int, end: int, at: list[int]) -> list[re.Match[str]]:
    """What ``_CLAUSE_SPLIT.finditer(text, start, end)`` finds, matched only at the places of
    ``at`` (:func:`_clause_starts` of ``text``) in [start, end): a match needs its opening
    characters before ``end``, so a place whose key runs past it only fails to match."""
    return matches_from(_CLAUSE_SPLIT, text, at[bisect_left(at, start) : bisect_left(at, end)], end)


# Relative clauses and appositives ("Microsoft, which ..., now has"; "the yield, a key
# reference point for ..., has") hide their nouns from the figures after them.
_RELATIVE = re.compile(r",\s+(?:which|who|a|an)\s[^,;:]*,")
_NEGATION = re.compile(r"\b(?:no|not|never|none)\b|n['’]t\b", re.IGNORECASE)
_NEGATORS = frozenset({"no", "not", "never", "none"})  # the words of _NEGATION (see _negated)
# Parts of a day that make a move an intraday one ("early Wednesday"); a close is in none of them, nor in
# the afternoon.
_INTRADAY_PARTS = frozenset({"early", "intraday", "morning", "midday"})
_DAY_PARTS = _INTRADAY_PARTS | {"afternoon"}
_AT_CLOSE = re.compile(r"\b(?:clos(?:e[sd]?|ing)|end(?:ed|s|ing)?|finish(?:ed|es|ing)?|settl(?:e[sd]?|ing))\s+"
                       r"(?:the\s+(?:day|session)\s+)?(?:(?:up|down|higher|lower)\s+)?(?:by\s+)?$", re.IGNORECASE)
_HEAD_OF = re.compile(r"\s+(?:between|of|on|in|for)\s")  # a measure noun with its complement after it
_BY_END = re.compile(r"\bby\s*$")
_BARE_SIZE_SUP = re.compile(r"\b(?:most|biggest|largest|sharpest|steepest)\s*$", re.IGNORECASE)  # no noun after it
_EACH_AFTER = re.compile(r"\s+(?:both|each)\b")  # "... both fell", "... each rose"
_LIST_JOIN = re.compile(r"\s*,\s*(?:and\s+)?(?:the\s+)?|\s+and\s+(?:the\s+)?")  # "the Dow, the S&P 500 and the"
_RESPECTIVELY = re.compile(r"\brespectively\b")
_ONE_WORD = re.compile(r"\s+[a-z][a-z-]*(?=\s)")  # a lower-case word after a number ("6 major peers")
_COUNT_OF = re.compile(r"^\s*(?:of|out\s+of)\s+(?:the|its|their|[A-Z])", re.IGNORECASE)
_CONTRACT_MONTH = re.compile(
    r"\b(?:for\s+)?(?P<m>January|February|March|April|May|June|July|August|September|October|November|December)\s+(?:delivery|contract)\b"
)
_FRONT_MONTH = re.compile(r"\bfront[-\s]month\b", re.IGNORECASE)
# "rose 1.2% to 5,012.48", "fell 12 points, or 0.3%", "jumped 2% to a record close of 38,000": the
# figure continues the move before it (a reference level "above the previous high of X" does not).
_COMPANION = re.compile(r"(?:\bto|\bat|\bor|,)\s*(?:about|around|nearly|almost|roughly)?\s*$", re.IGNORECASE)
_COMPANION_OF = re.compile(r"\bto\s+(?:a|an|its|the)\s+(?:[\w-]+\s+){0,3}?(?:close|level|high|low|finish|settlement|peak)\s+of"
                           r"\s*(?:about|around|nearly|almost|roughly)?\s*$", re.IGNORECASE)
_WORDS = re.compile(r"[\w'’&.-]+")
_EXTREME_OF = re.compile(r"\b(high|peak|top|low|trough|bottom)\s+of\s*$", re.IGNORECASE)
_NAME_BEFORE = re.compile(r"\b([A-Z][a-z]+)(?:\s+[A-Z][a-z]+)*\s+$")
_CAP_WORD = re.compile(r"\b[A-Za-z][a-z]{2,}\b")
# Which of two nouns with the same span a paragraph keeps (anaphora first).
_IN_HISTORY = re.compile(r"\b(?:in\s+(?:all\s+)?(?:its\s+|their\s+)?history|on\s+record|ever|of\s+all\s+time)\b", re.IGNORECASE)
_NOUN_RANK = {"anaphor": 0, "opaque": 1, "measure": 2, "activity": 3}
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_NOT_MOVED = re.compile(r"(?:\b(?:not|never)|n['’]t)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
_SEGMENT_BREAK = re.compile(r",|\b(?:after|before|and|but|then|while|following)\b", re.IGNORECASE)
_OF_FIGURE = re.compile(r"\s+of\s+\S")
_TO_GAP = re.compile(r"\s+to\s+")
_OF_LEVEL = re.compile(r"\s+of\s+(?:about\s+|around\s+|nearly\s+|almost\s+)?[$€£¥]?\d[\d,.]*\S*\s+")
# A date that says when a reference level was made: "the closing high it set on", "reached on".
# A sentence that opens with a subordinate phrase up to its first comma ("After a drop on Monday, ...").
_LEADING_SUBORDINATE = re.compile(r"(?:After|Before|Following|Despite|Although|Though|Unlike|Having|Compared\s+with)\b[^,;:]*,")
_SET_IN = re.compile(r"(?:set|reached|hit|recorded|notched|posted|established)\s", re.IGNORECASE)  # "set in December 1989"
# Patterns of the builder's own grammar, compiled once (re.sub(r"...") looks its pattern up on every call).
_PAREN_TAIL = re.compile(r"\s*\(.*$")
_ORDINAL_SUFFIX = re.compile(r"(?:st|nd|rd|th)$")
_LAST_WORD = re.compile(r"\s*\S+$")
_ARTICLE_END = re.compile(r"\b(?:the|a|an)\s*$", re.IGNORECASE)
_LOWS = re.compile(r"\blows?\b", re.IGNORECASE)
_LEADING_THE = re.compile(r"^[Tt]he\s+")
_PROXY_GAP = re.compile(r"(?:['’]s)?\s*(?:,?\s*whose\s*)?")
_NON_LETTERS = re.compile(r"[^a-z]+")
# "7% of the S&P 500", "3.7% of global demand": a share; "(cost the yen) 30 percent of its value": a move
_SHARE_OF = re.compile(r"\s+of\s+(?!(?:its|their|the\s+[\w-]+['’]s|[A-Z][\w&.-]*['’]s)\s+(?:[\w-]+\s+)?"
                       r"(?:value|worth|valuation|gains?|losses|capitali[sz]ation)\b)[\w$€£¥]")
_LEVEL_SUP = re.compile(r"\b(?:highest|lowest|strongest|weakest)\s+(?:clos(?:e|ing)|level|finish|settlement)\b",
                        re.IGNORECASE)  # "its highest close": a level look-back
# A past perfect move ("had lifted it", "had risen", "had already gained"): it ended before the story's session
_HAD_MOVED = re.compile(r"\bhad\s+(?:already\s+|been\s+)?[a-z]+(?:ed|en|ost|ain|id|unk|ank|ung|ed\s+it)\b(?:\s+\w+)?\s*$")
_CLOCK = re.compile(r"\d{3,4}$")  # "by 0930 GMT": a 24-hour clock time
_CONTRAST = re.compile(r",\s+(?:while|whereas)\s")  # a clause set against the one before it
_OWNED = re.compile(r"(['’]s)?[ \t]+(?:[\w.&-]+[ \t]+){0,2}")  # "'s New York-listed ": owner to its plural
_SHARE_CLASS = re.compile(r"[ \t]+[Cc]lass[ \t]+([A-Z])\b")  # "its class A shares"
_SET_ON = re.compile(r"\b(?:set|reached|hit|recorded|notched|posted|established|marked|registered|touched|seen|last\s+seen)\s*$",
                     re.IGNORECASE)


# --------------------------------------------------------------------------- internal records


class _once(Generic[_T]):  # a decorator, named like functools.cached_property
    """A property computed on first use and then stored on the instance (which then shadows it).

    ``functools.cached_property`` does the same but, on Python 3.11, takes a
    lock on every first use; a sentence's properties are read from one thread.
    """

    __slots__ = ("fn", "name")

    def __init__(self, fn: Callable[[Any], _T]) -> None:
        self.fn = fn
        self.name = fn.__name__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, obj: Any, owner: type | None = None) -> _T:
        value = obj.__dict__[self.name] = self.fn(obj)
        return value



@dataclass
class _Ref:
    """A subject as remembered for anaphora: entity + chosen listing, or an unknown name."""

    kind: str
    entity: Entity | None
    listing: Listing | None
    mention: str
    unresolved: str | None = None
    seq: int = 0  # sentence number where it was named (for "it", which reaches back one sentence)
    candidates: tuple[_Ref, ...] = ()  # "both benchmarks": the subjects it may mean (unresolved)
    each: bool = False  # the figure is about each of the candidates ("both benchmarks"), not one of them
    figured: bool = False  # a figure of its sentence is about it (the sentence's topic, not a passing name)


@dataclass
class _Mention:
    start: int  # block-local
    end: int
    text: str
    type: str  # entity | anaphor | unknown | opaque | measure | activity
    entity: Entity | None = None
    kinds: frozenset[str] = frozenset()
    group: str | None = None  # not_market group of a measure noun
    ref: _Ref | None = None  # after resolution
    strong: bool = False  # an unknown name marked as a company (suffix, ticker)


@dataclass
class _Win:
    start: int  # block-local
    end: int
    kind: str
    text: str
    spec: dict[str, Any]
    owner: int | None = None  # index of the figure whose window it is
    used_as_at: bool = False
    base: bool = False  # "from Wednesday": names the base session of a daily change
    no_lookback: bool = False  # "from July 16" never reads as "highest since"
    local: bool | None = None  # "the high it set on Jan. 3, 2022": its own figure's only (see _local; computed on use)
    sign: int = 0  # a streak written as a move: +1 "ninth straight gain", -1 "losing streak to 10 days"
    year_end: int | None = None  # "its 2023 closing level": the year whose last close it names
    filled: str | None = None  # "earlier in the session": where its session came from (sentence | context)
    when: int | None = None  # "early July, when ...": offset of the "when" whose clause alone it dates
    possessive: bool = False  # "Thursday's 9.2% drop": it opens a noun phrase (see _Builder._scoped)
    scoped: bool | None = None  # a possessive that places only its noun phrase (computed on use)
    ranked: bool | None = None  # "its best day in 16 years": a superlative makes the since_span a look-back (on use)
    # _superlative per clause, and whether the clause names a side before it (see _Builder._sup_at)
    sups: dict[tuple[int, int], tuple[int | None, bool]] | None = None


@dataclass
class _Shared:
    """What the sentences of a block share, worked out by the first one that needs it."""

    clause_at: list[int] | None = None  # _clause_starts of the block
    relative: bool | None = None  # whether _RELATIVE matches in the block (else it matches in none of its sentences)


@dataclass
class _Sentence:
    """A sentence of a block, with what its figures share worked out once (cached properties)."""

    block: int
    text: str  # the whole block text
    start: int
    end: int
    block_mentions: list[_Mention]  # all of the block's (a clause break inside a name is no break)
    mentions: list[_Mention]
    windows: list[_Win]
    figures: list[tuple[int, Figure]]  # (index in the figure list, figure)
    low: str | None = None  # lowered(text), for the rules' fast scans
    extended_cue: bool | None = None  # whether it holds a word of an extended-hours phrase (computed on use)
    cues: dict[tuple[int, int], list[tuple[int, int, str | None]]] | None = None  # see _Builder._cues
    shared: _Shared = field(default_factory=_Shared)  # one per block

    @_once
    def clauses(self) -> list[tuple[int, int]]:
        """[start, end) of the sentence's clauses (only figures need them: computed on first use)."""
        shared = self.shared
        if shared.clause_at is None:
            shared.clause_at = _clause_starts(self.text)
        cuts = [self.start]
        splits = _clause_splits(self.text, self.start, self.end, shared.clause_at)
        if splits:
            names = [(x.start, x.end) for x in self.block_mentions if x.start < self.end and x.end > self.start]
            for m in splits:
                p = m.start()
                if not any(a < p < b for a, b in names):
                    cuts.append(p)
        cuts.append(self.end)
        return [(a, b) for a, b in pairwise(cuts) if b > a]

    def in_figure(self, m: _Mention) -> bool:
        """Whether a name is part of a figure's unit ("149.66 per dollar"): it names no subject."""
        return any(f.local_start <= m.start and m.end <= f.local_end for _, f in self.figures)

    def clause_of(self, pos: int) -> tuple[int, int]:
        for a, b in self.clauses:
            if a <= pos < b:
                return a, b
        return self.start, self.end

    @_once
    def own_windows(self) -> list[_Win]:
        """The windows that place only some figures ("early July, when ...", "Thursday's 9.2% drop")."""
        return [w for w in self.windows if w.when is not None or w.possessive]

    @_once
    def body(self) -> str:
        return self.text[self.start : self.end]

    @_once
    def stripped(self) -> str:
        return self.body.strip()

    @_once
    def lead(self) -> int:
        """Block offset of the sentence's first non-space character."""
        return self.start + len(self.body) - len(self.body.lstrip())

    @_once
    def relatives(self) -> list[tuple[int, int]]:
        """Relative clauses and appositives (",  which ... ,") that hide their nouns from later figures."""
        shared = self.shared
        if shared.relative is None:
            shared.relative = _RELATIVE.search(self.text) is not None
        if not shared.relative:
            return []  # a match in a sentence is one in its block (the pattern looks at nothing around it)
        return [(m.start(), m.end()) for m in _RELATIVE.finditer(self.text, self.start, self.end)]

    @_once
    def free(self) -> list[_Mention]:
        """The mentions that are not part of a figure's unit (see in_figure)."""
        out = []
        for m in self.mentions:  # in_figure inline: a sentence's figures rarely hold a mention
            for _, f in self.figures:
                if f.local_start <= m.start and m.end <= f.local_end:
                    break
            else:
                out.append(m)
        return out

    @_once
    def names(self) -> list[_Mention]:
        return [m for m in self.mentions if m.type in ("entity", "unknown")]

    @_once
    def contract_month(self) -> str | None:
        """"for March delivery" → "March"; "front-month" → "front"; else None."""
        body = self.body  # both patterns need a word the sentence rarely holds: test for it first
        m = _CONTRACT_MONTH.search(self.text, self.start, self.end) if "delivery" in body or "contract" in body else None
        if m:
            return m.group("m")
        return "front" if "front" in body.lower() and _FRONT_MONTH.search(self.text, self.start, self.end) else None

    @_once
    def companions(self) -> dict[int, bool]:
        """Per figure start: whether the figure continues the move before it ("to", "or", ",")."""
        return {f.local_start: bool(_COMPANION.search(self.text, max(0, f.local_start - 12), f.local_start)
                                    or " of" in self.text[max(0, f.local_start - 20) : f.local_start]
                                    and _COMPANION_OF.search(self.text, max(0, f.local_start - 40), f.local_start))
                for _, f in self.figures}


@dataclass
class _Context:
    """What the reader remembers while reading on."""

    history: list[_Ref] = field(default_factory=list)
    heading_window: Window | None = None  # of a lead-in line ("For the week:"), for the blocks after it
    para_window: Window | None = None  # named in an earlier sentence of this paragraph
    # The period of the moves the previous sentence ended with ("Nvidia soared 171% in 2024, and
    # Tesla jumped 63%."), for a bare move right after it ("Apple gained 30%.").
    trailing: Window | None = None
    # The story's session: the first session named in a main clause that can be the story's
    # day (not a historical date). A later paragraph without a window of its own is about it,
    # not about another day named in passing ("adding to a gain of 3.5% on Tuesday").
    main_session: Window | None = None
    main_part: str | None = None  # the part of the day the story's session was first named with ("Early Wednesday")
    para_markets: list[str] = field(default_factory=list)
    seq: int = 0
    block: int = 0
    last_subject: _Ref | None = None


# --------------------------------------------------------------------------- public API


def build_claims(doc: Document, figures: list[Figure]) -> list[Claim]:
    """One Claim per figure, in the order of ``figures`` (document order)."""
    rules = load_rules()
    builder = _Builder(doc, rules)
    by_block: dict[int, list[tuple[int, Figure]]] = {}
    for i, f in enumerate(figures):
        by_block.setdefault(f.block, []).append((i, f))
    # The blocks read in order: body blocks, blocks with figures, and lines outside the body
    # that may head a list (True). Context only flows forward, so nothing after the last
    # block with figures can change a claim.
    steps: list[tuple[int, Block, bool]] = []
    for bi in range(max(by_block, default=-1) + 1):
        block = doc.blocks[bi]
        if block.in_body or bi in by_block:
            steps.append((bi, block, False))
        elif block.text.rstrip().endswith(":"):
            steps.append((bi, block, True))
    out: dict[int, Claim] = {}
    for k, (bi, block, lead_in_only) in enumerate(steps):
        if lead_in_only:
            builder.lead_in_only(block)
            continue
        out.update(builder.block(bi, block, by_block.get(bi, []), before_lead_in=k + 1 < len(steps) and steps[k + 1][2]))
    return [out[i] for i in range(len(figures))]


def claims_in_text(text: str) -> list[Claim]:
    """Claims of a plain-text snippet (tests, case files, the REPL)."""
    from factcheck.document import read_document
    from factcheck.figures import find_figures

    doc = read_document("<text>", text=text, fmt="text")
    return build_claims(doc, find_figures(doc))


# --------------------------------------------------------------------------- the builder


class _Builder:
    def __init__(self, doc: Document, rules: Rules) -> None:
        self.doc = doc
        self.R = rules
        self.ctx = _Context()
        self._named: frozenset[str] | None = None
        self._entities_of: dict[int, list[Entity]] = {}  # block index → entities its names name (blocks read so far)
        self._names_of: dict[int, list[_Mention]] = {}  # block index → names read ahead by _doc_entities
        # Paragraphs put off (_defer): (block index, block, first sentence number, number of
        # subjects named before it).
        self._pending: list[tuple[int, Block, int, int]] = []

    # ------------------------------------------------------------------ blocks and sentences

    def block(self, bi: int, block: Block, figs: list[tuple[int, Figure]], before_lead_in: bool = False) -> dict[int, Claim]:
        """The claims of a block's figures; every block also feeds the context.

        ``before_lead_in``: the next block read is a line outside the body that may
        head a list (it reads the session this block leaves in the context).
        """
        text = block.text
        if not figs and self.ctx.main_session is not None and not before_lead_in and not _lead_in_shape(text):
            self._defer(bi, block)
            return {}
        return self._read(bi, block, figs, before_lead_in)

    def _defer(self, bi: int, block: Block) -> None:
        """Put off reading a paragraph without figures until a later one reads the subjects named so far.

        Once the story's session is known, such a paragraph only adds the subjects it
        names (for "the stock", "it" later on): if no later paragraph looks back past
        the subjects named after it (_latest_first), it is never read, nor split into
        sentences. It counts as one sentence until then (_flush numbers what was named
        after it again) and its place in the list of subjects is kept.
        """
        self._pending.append((bi, block, self.ctx.seq, len(self.ctx.history)))
        self.ctx.para_window = self.ctx.trailing = None
        self.ctx.para_markets = []
        self.ctx.block += 1
        if block.kind in ("heading", "title"):
            self.ctx.heading_window = None
        self.ctx.seq += 1

    def _history(self) -> list[_Ref]:
        """The subjects named so far, in reading order (paragraphs put off are read first)."""
        if self._pending:
            self._flush()
        return self.ctx.history

    def _latest_first(self, floor: int | None = None) -> Iterator[_Ref]:
        """What ``reversed(self._history())`` gives, reading the paragraphs put off only when the
        caller reads on past the subjects named after them.

        Most look-backs stop at a subject named since. ``floor``: the caller wants no
        subject named before that sentence number; then the paragraphs put off are not
        read at all when they all come before it (the last one counts as the sentence
        before the first subject named after it).
        """
        history = self.ctx.history
        i = len(history)
        settled = self._pending[-1][3] if self._pending else 0
        while i > settled:
            i -= 1
            yield history[i]
        done = len(history) - i
        if self._pending:
            if floor is not None and floor > self._pending[-1][2] + 1:
                return
            self._flush()  # the subjects named after them stay last, renumbered with ctx.seq
        history = self.ctx.history
        for j in range(len(history) - done - 1, -1, -1):
            yield history[j]

    def _flush(self) -> None:
        """Read the paragraphs put off, each against the subjects named before it, as if in order.

        Each was counted as one sentence: the sentences after one of k sentences move
        k - 1 places on. Sentence numbers are only compared (same sentence, the one
        before) once the paragraphs put off are read, so numbering them now is exact.
        """
        pending, self._pending = self._pending, []
        ctx = self.ctx
        saved = (ctx.para_window, ctx.para_markets, ctx.block, ctx.heading_window, ctx.seq, ctx.trailing)
        later, history, taken, shift = ctx.history, [], 0, 0
        for bi, block, seq, pos in pending:
            for ref in later[taken:pos]:  # what the paragraphs read since named before this one
                ref.seq += shift
            history.extend(later[taken:pos])
            taken = pos
            ctx.history, ctx.seq = history, seq + shift
            spans = _sentence_spans(block.text) or [(0, len(block.text))]
            self._read(bi, block, [], False, spans)
            shift += len(spans) - 1
        for ref in later[taken:]:
            ref.seq += shift
        history.extend(later[taken:])
        ctx.history = history
        ctx.para_window, ctx.para_markets, ctx.block, ctx.heading_window, ctx.seq, ctx.trailing = saved
        ctx.seq += shift

    def _read(self, bi: int, block: Block, figs: list[tuple[int, Figure]], before_lead_in: bool,
              spans: list[tuple[int, int]] | None = None) -> dict[int, Claim]:
        text = block.text
        # A paragraph without figures only feeds the context (names, the session):
        # it skips the patterns that only matter next to a figure. Its windows only
        # matter while the story's session is unknown, when it is a lead-in line
        # itself, or when a lead-in line follows (see sentence()).
        low = lowered(text)
        # one copy of the letter runs for the phrase scans of names and nouns
        words, runs = words_and_runs(text, low) if low is not None else (text_words(text), None)
        names = self._names_of.pop(bi, None)
        if names is None:
            names = self._names(text, low, words, runs)
        # The entities as named, kept before resolution picks one for a generic name (_doc_entities).
        self._entities_of[bi] = [m.entity for m in names if m.type == "entity" and m.entity is not None]
        mentions = self._mentions(text, low, words, full=bool(figs), names=names, runs=runs)
        if figs or self.ctx.main_session is None or before_lead_in or _lead_in_shape(text):
            windows = self._windows(text, low, words, full=bool(figs))
        else:
            windows = []
        self.ctx.para_window = self.ctx.trailing = None
        self.ctx.para_markets = []
        self.ctx.block += 1
        if block.kind in ("heading", "title"):
            self.ctx.heading_window = None  # a new section ends the list a lead-in line opened
        if self._lead_in(text, windows, figs):
            return {}
        if spans is None:
            spans = _sentence_spans(text) or [(0, len(text))]
        out: dict[int, Claim] = {}
        # Mentions and windows are in order of their starts: each sentence takes a slice.
        m_starts = [m.start for m in mentions]
        w_starts = [w.start for w in windows]
        shared = _Shared()
        for si, (s, e) in enumerate(spans):
            if si == len(spans) - 1:
                e = max(e, len(text))
            sfigs = [(i, f) for i, f in figs if s <= f.local_start < e or (si == 0 and f.local_start < s)]
            m_a, m_b = bisect_left(m_starts, s), bisect_left(m_starts, e)
            w_a, w_b = bisect_left(w_starts, s), bisect_left(w_starts, e)
            if not sfigs and m_a == m_b and w_a == w_b:
                # what sentence() does with a sentence that has nothing to read: it is counted, and
                # its moves are the last ones (none)
                self.ctx.seq += 1
                self.ctx.trailing = None
                continue
            sent = _Sentence(
                block=bi,
                text=text,
                start=s,
                end=e,
                block_mentions=mentions,
                mentions=mentions[m_a:m_b],
                windows=windows[w_a:w_b],
                figures=sfigs,
                low=low,
                shared=shared,
            )
            out.update(self.sentence(sent, block))
        return out

    def lead_in_only(self, block: Block) -> None:
        """A line outside the body may still be a list header ("On Friday:") for the body after it."""
        if block.text.rstrip().endswith(":") and len(block.text.split()) <= 8:
            low = lowered(block.text)
            self._lead_in(block.text, self._windows(block.text, low, text_words(block.text, low)), [])

    def _lead_in(self, text: str, windows: list[_Win], figs: list[tuple[int, Figure]]) -> bool:
        """A short line ending in a colon that names a window ("For the week:") sets it for what follows."""
        if figs or not _lead_in_shape(text):
            return False
        for w in windows:
            if w.kind in self.R.windows.inheritable:
                self.ctx.heading_window = Window(w.kind, w.text, self._fill_session(w), "context")
                return True
        return False

    def sentence(self, sent: _Sentence, block: Block) -> dict[int, Claim]:
        self.ctx.seq += 1
        named: list[_Mention] = []
        for m in sent.mentions:
            self._resolve(m, sent)
            if m.ref is not None:
                m.ref.seq = self.ctx.seq
            if m.ref is not None and m.type in ("entity", "anaphor", "unknown") and (m.type != "unknown" or m.strong) \
                    and not m.ref.candidates and not sent.in_figure(m):
                if named and self._counter_side(m, sent, named):
                    continue  # "the yen fell 2% against the dollar, its ...": "its" is the yen
                named.append(m)
                self.ctx.history.append(m.ref)
                if m.ref.listing is not None and m.ref.listing.market:
                    self.ctx.para_markets.append(m.ref.listing.market)
        for i, w in enumerate(sent.windows):
            if w.kind == "span" and w.spec.get("back"):
                # "has risen for five straight sessions, gaining 4.2% in that span": that streak's sessions
                # (after any other window: "since ... January 2007, ... over the same period" is that window)
                prior = [x for x in sent.windows[:i] if not x.spec.get("back") and x.kind not in ("record", "lookback")]
                if prior and prior[-1].kind == "streak":
                    p = prior[-1].spec
                    w.spec = {"amount": p.get("count"), "unit": p.get("unit") or "session"}
                elif prior:
                    w.kind, w.spec = prior[-1].kind, dict(prior[-1].spec)
                continue
            if w.kind == "session" and not _concrete(w.spec):
                # "earlier in the session": the session named before it in the sentence, else the story's.
                prior = [x for x in sent.windows[:i] if x.kind == "session" and _concrete(x.spec)]
                base = {k: v for k, v in prior[-1].spec.items() if k != "part"} if prior else self._context_session_spec()
                w.spec = {**base, **w.spec}
                w.filled = "sentence" if prior else "context"
            elif w.kind == "from_extreme" and "period" not in w.spec and i + 1 < len(sent.windows):
                # "from its record close of 42,224.02 on July 11": the date after the level places the extreme
                nxt = sent.windows[i + 1]
                if nxt.kind == "session" and isinstance(nxt.spec.get("date"), dict) and _OF_LEVEL.fullmatch(
                        sent.text, w.end, nxt.start):
                    w.spec = {**w.spec, "period": dict(nxt.spec["date"])}
        out: dict[int, Claim] = {}
        plans = [self._plan(i, f, sent) for i, f in sent.figures]
        # Windows owned by a non-anchor figure make the figures inside them anchors.
        for plan in plans:
            out[plan["index"]] = self._claim(plan, sent, plans)
        if len(out) > 1:
            _anchors_of_non_market(out)
        self.ctx.trailing = self._trailing(sent, plans, out) if plans else None
        # Remember the session of this sentence for the next ones of the paragraph: only a
        # session named here (not "later in the session", filled from the story; not the date
        # of a historical reference), without its part of the day ("early Wednesday" makes
        # later figures Wednesday's, not early ones). A period to date ("this year") carries
        # on only when it heads the sentence ("For the week, ..."): at the end of a clause
        # it belongs to that clause's figures.
        for w in sent.windows:
            if w.kind not in self.R.windows.inheritable or w.used_as_at or not _concrete(w.spec) or w.base \
                    or w.filled or w.kind != "session" and w.start > sent.lead:
                continue
            if self._local(w, sent) or self._scoped(w, sent):  # scans: only for a window that may carry on
                continue
            if _CONTRAST.match(sent.text, sent.clause_of(w.start)[0]):
                continue  # "..., while its New York-listed shares rose 3.9% overnight": that clause's own
            spec = {k: v for k, v in w.spec.items() if k != "part"}
            win = Window(w.kind, w.text, spec, "context")
            self.ctx.para_window = win
            # a list item's session is that item's ("- Bitcoin: topped $100,000 on Thursday" in a
            # weekly wrap), not the story's
            if w.kind == "session" and self.ctx.main_session is None and self._recent(spec) \
                    and block.kind != "list_item":
                self.ctx.main_session = win
                self.ctx.main_part = w.spec.get("part")
            break
        return out

    # ------------------------------------------------------------------ mentions

    def _mentions(self, text: str, low: str | None, words: frozenset[str], full: bool = True,
                  names: list[_Mention] | None = None, runs: bytes | None = None) -> list[_Mention]:
        """Names, anaphora and cue nouns of a block (``low``: its lower-cased copy for fast scans).

        ``names``: the block's :meth:`_names` when already read; ``runs``: ``letter_runs(low)`` when at hand.
        """
        E = self.R.entities
        out = list(names) if names is not None else self._names(text, low, words, runs)
        taken = [(m.start, m.end) for m in out]
        extra: list[_Mention] = []
        # Anaphora, and next to figures the opaque, not-market and activity nouns: one scan.
        scan, opaque, activity = self.R.nouns if full else (E.anaphora_re, frozenset(), frozenset())
        for m in scan.finditer(text, low=low, words=words, runs=runs):
            found = text[m.start() : m.end()]
            key = norm(found)
            kinds = E.anaphora.get(key)
            if kinds:
                extra.append(_Mention(m.start(), m.end(), found, "anaphor", kinds=kinds))
            elif key in opaque:
                extra.append(_Mention(m.start(), m.end(), found, "opaque"))
            elif key in self.R.not_market and full and not _proper_case_clash(found, text, m.start()) \
                    and not self._in_move_phrase(text, m.start(), m.end()):
                extra.append(_Mention(m.start(), m.end(), found, "measure", group=self.R.not_market[key]))
            elif key in activity:
                extra.append(_Mention(m.start(), m.end(), found, "activity"))
        for rx, kinds, needs in E.anaphora_extra:
            if needs is not None and needs.isdisjoint(words):
                continue
            for m in rx.finditer(text):
                extra.append(_Mention(m.start(), m.end(), m.group(), "anaphor", kinds=kinds))
        extra.sort(key=lambda x: (x.start, -(x.end - x.start), _NOUN_RANK[x.type]))
        for m in _drop_overlaps(extra):
            if not any(a < m.end and m.start < b for a, b in taken):
                out.append(m)
        out.sort(key=lambda x: x.start)
        return out

    def _in_move_phrase(self, text: str, a: int, b: int) -> bool:
        """Whether a measure noun is the last word of a move phrase ("pared losses", "extended losses"):
        a market's move, not a company's financials."""
        phrases = self.R.move_tails.get(norm(text[a:b]))
        if not phrases:
            return False
        before = " " + norm(text[max(0, a - 24) : b])
        return any(before.endswith(" " + p) for p in phrases)

    def _names(self, text: str, low: str | None, words: frozenset[str], runs: bytes | None = None) -> list[_Mention]:
        """The known and unknown names of a block, overlaps settled (the part of :meth:`_mentions`
        that :meth:`_doc_entities` reads for every block); ``runs``: ``letter_runs(low)`` when at hand."""
        E = self.R.entities
        ents: list[_Mention] = []
        longer_names: list[_Mention] = []
        for m in E.alias_re.finditer(text, low=low, words=words, runs=runs):
            found = text[m.start() : m.end()]
            if m.start() > 1 and text[m.start() - 1] in "-‐‑" and text[m.start() - 2].isalnum():
                continue  # the end of a compound: "blue-chip index" is not the "chip index"
            for alias in E.aliases.get(norm(found), ()):  # keys (and so matches) never start with "the "
                if alias.entity.kind in ("commodity", "crypto") and E.modifier_re.match(text, _skip_space(text, m.end()), low=low):
                    break  # "oil installations", "gold miners": a modifier, not the price
                if not alias.case_sensitive or _case_ok(alias.text, found):
                    longer = _longer_name(E, text, m.start(), m.end()) if found[:1].isupper() else None
                    if longer is not None and not _title_case(text):
                        if norm(longer.text) not in E.not_companies:  # "Dow Jones Newswires": neither
                            longer_names.append(longer)  # "Toyota Industries" is not Toyota
                        break
                    ents.append(_Mention(m.start(), m.end(), found, "entity", entity=alias.entity))
                    break
        unknowns: list[_Mention] = longer_names
        for rx, needs, holds in E.unknown_res:
            if needs is not None and needs.isdisjoint(words) or holds and not any(h in text for h in holds):
                continue
            for m in rx.finditer(text):
                name_start, name = m.start("name"), m.group("name")
                parts = name.split()
                while parts and parts[0].strip(".,") in E.not_names:
                    name_start += text.find(parts[0], name_start) - name_start + len(parts[0])
                    name_start = _skip_space(text, name_start)
                    parts = parts[1:]
                if not parts:
                    continue
                if "s " in name or "s\t" in name:
                    # "Hong Kong's Hang Seng Index", "South Korea's Kospi Index": a name never runs across
                    # a possessive onto a known name; the possessive place only qualifies it
                    cut = _possessive_cut(E, text, name_start, m.end("name"), ents)
                    if cut is not None and cut < 0:
                        continue
                    if cut is not None:
                        name_start, parts = cut, text[cut : m.end("name")].split()
                name = " ".join(parts)
                if norm(name) in E.not_companies or norm(_PAREN_TAIL.sub("", name)) in E.not_companies:
                    continue
                ticker = m.groupdict().get("ticker")
                if ticker:
                    ent = E.symbols.get(ticker.upper().lstrip(".")) or _alias_entity(E, ticker)
                    if ent is not None:
                        ents.append(_Mention(name_start, m.end(), text[name_start : m.end()], "entity", entity=ent))
                        continue
                strong = bool(ticker) or not name.endswith(("Index", "Average", "Composite", "Gauge"))
                unknowns.append(_Mention(name_start, m.end(), text[name_start : m.end()].rstrip(" ."), "unknown", strong=strong))
        if not unknowns and len(ents) < 2:
            return ents  # nothing to settle (most lines of a saved page name nothing)
        ents = _drop_overlaps(sorted(ents, key=lambda x: (x.start, -(x.end - x.start))))
        # A known proper name wins over an unknown one it overlaps; an unknown
        # name wins over a common-word alias inside it ("Gold" in "New Gold").
        keep_unknown: list[_Mention] = []
        for u in unknowns:
            over = [e for e in ents if e.start < u.end and u.start < e.end]
            if any(e.entity is not None and (e.entity.case_sensitive or (e.start <= u.start and e.end >= u.end - 1)) for e in over):
                continue
            if any(e.start <= u.start and e.end >= u.end for e in over):
                continue
            ents = [e for e in ents if e not in over]
            keep_unknown.append(u)
        out = ents + _drop_overlaps(sorted(keep_unknown, key=lambda x: (x.start, -(x.end - x.start))))
        return _drop_proxies(out, text)

    def _resolve(self, m: _Mention, sent: _Sentence) -> None:
        if m.type == "entity" and m.entity is not None and m.entity.one_of:
            named = [n for n in m.entity.one_of if n in self._doc_entities()]
            if len(named) > 1:
                cands = tuple(self._entity_ref(self.R.entities.by_name[n], sent, m) for n in named)
                m.ref = _Ref(m.entity.kind, None, None, m.text, unresolved=m.text, candidates=cands,
                             each=m.entity.several == "each")
                return
            if named:
                m.entity = self.R.entities.by_name[named[0]]
        if m.type == "entity" and m.entity is not None:
            m.ref = self._entity_ref(m.entity, sent, m)
        elif m.type == "anaphor":
            key = norm(m.text)
            if key in self.R.entities.several:
                m.ref = self._several(m.kinds, m.text)
                return
            if key in self.R.entities.weak:
                m.ref = self._owner(m, sent) or self._market_antecedent(m, sent)
            else:
                m.ref = self._antecedent(m.kinds, near=key in self.R.entities.near)
            if m.ref is not None:
                m.ref = self._share_class(m, sent) or _Ref(m.ref.kind, m.ref.entity, m.ref.listing, m.text, m.ref.unresolved)
        elif m.type == "unknown":
            kind = "index" if m.text.endswith(("Index", "Average", "Composite", "Gauge")) else "stock"
            m.ref = _Ref(kind, None, None, m.text, unresolved=m.text)

    def _owner(self, m: _Mention, sent: _Sentence) -> _Ref | None:
        """"Toyota Motor's shares", "its New York-listed shares": a bare plural owned by the name or
        possessive right before it (a few qualifying words between) is that subject's, not a market's."""
        prev = None
        for x in sent.mentions:
            if x.end > m.start:
                break
            prev = x
        if prev is None or prev.ref is None or prev.ref.entity is None or prev.type not in ("entity", "anaphor"):
            return None
        gap = _OWNED.match(sent.text, prev.end, m.start)
        if gap is None or gap.end() != m.start:
            return None
        if prev.type == "entity" and not gap.group(1):
            return None  # "Toyota shares": a name before a plural owns it only with a possessive
        if prev.type == "anaphor" and norm(prev.text) not in ("its", "their"):
            return None
        return prev.ref

    def _share_class(self, m: _Mention, sent: _Sentence) -> _Ref | None:
        """"Berkshire Hathaway fell 2%. Its class A shares ...": an anaphor followed by a share class is the
        line the rules name after the antecedent (an alias "<antecedent> class A"), when there is one."""
        text = sent.text
        if m.ref is None or m.ref.entity is None or "lass" not in text[m.end : m.end + 8]:
            return None
        c = _SHARE_CLASS.match(text, m.end)
        if c is None:
            return None
        for alias in self.R.entities.aliases.get(norm(f"{m.ref.mention} class {c.group(1)}"), ()):
            if alias.entity is not m.ref.entity:
                return self._entity_ref(alias.entity, sent, m)
        return None

    def _local(self, w: _Win, sent: _Sentence) -> bool:
        """Whether a window dates a historical reference ("the closing high it set on Jan. 3, 2022",
        "a record reached on July 17", inside ", which ... ,"): then it is its own figure's only."""
        if w.local is None:
            lead = _LEADING_SUBORDINATE.match(sent.text, sent.lead, sent.end)
            w.local = any(a <= w.start < b for a, b in sent.relatives) or bool(
                _SET_ON.search(sent.text, max(sent.clause_of(w.start)[0], w.start - 30), w.start)) or bool(
                _SET_IN.match(sent.text, w.start, w.end)) or bool(
                lead and w.end <= lead.end()) or (  # "After falling on Monday, stocks rebounded on Tuesday"
                self._back_reference(w, sent))
        return w.local

    def _scoped(self, w: _Win, sent: _Sentence) -> bool:
        """Whether a possessive window places only the figure of the noun phrase it opens
        ("Apple slid 7.3%, extending Thursday's 9.2% drop"): not when it heads its clause
        ("Thursday's selloff sent stocks down 4.8%") or a preposition makes it the clause's time
        ("fell 2% in Friday's session"; rules/windows.yaml possessive_adverbial)."""
        if not w.possessive:
            return False
        if w.scoped is None:
            cue = self.R.windows.possessive_adverbial
            p = w.start + max(w.text.find("'s"), w.text.find("’s"))
            if p < w.start:
                p = w.end
            cs = sent.clause_of(w.start)[0]
            w.scoped = not _heads_clause(sent, w) and not (
                cue is not None and cue.search(sent.text, max(cs, p - 40), p) is not None)
        return w.scoped

    def _np_figure(self, w: _Win, sent: _Sentence) -> Figure | None:
        """The figure of the noun phrase a possessive window opens ("Thursday's 9.2% drop", "Monday's
        close of 5,100.25"): the first figure after it, at most three words on, with no break between."""
        for _, f in sent.figures:
            if f.local_start < w.end or f.kind in DATE_KINDS or f.kind == "time":
                continue
            gap = sent.text[w.end : f.local_start]
            if len(gap.split()) > 3 or _SEGMENT_BREAK.search(gap):
                return None
            return f
        return None

    def _back_reference(self, w: _Win, sent: _Sentence) -> bool:
        """Whether the clause before a window speaks of an earlier time than the story's ("The
        benchmark had closed at 23,099.78 on Monday"): its window places that clause only."""
        cue = self.R.windows.back_reference
        return cue is not None and cue.search(sent.text, sent.clause_of(w.start)[0], w.start) is not None

    def _recent(self, spec: dict[str, Any]) -> bool:
        """Whether a session can be the story's day: a weekday or relative day, or a date at most
        ten days before publication (a date-less article takes any date)."""
        date = spec.get("date")
        if not isinstance(date, dict) or not date.get("day") or not date.get("month"):
            return not isinstance(date, dict)
        pub = self._pub_date()
        if pub is None:
            return True
        year = date.get("year") or (pub.year if (date["month"], date["day"]) <= (pub.month, pub.day) else pub.year - 1)
        try:
            days = (pub - _dt.date(int(year), int(date["month"]), int(date["day"]))).days
        except ValueError:
            return False
        return 0 <= days <= 10

    def _pub_date(self) -> _dt.date | None:
        pub = self.doc.published
        if pub is None:
            return None
        try:
            return _dt.date.fromisoformat(pub.instant[:10])
        except ValueError:
            return None

    def _entity_ref(self, entity: Entity, sent: _Sentence, m: _Mention) -> _Ref:
        listing = self._listing(entity, sent, m.start, m.end)
        return _Ref(listing.kind if listing else entity.kind, entity, listing, m.text)

    def _doc_entities(self) -> frozenset[str]:
        """Names of the entities the whole article names (read once, for generic names like "oil")."""
        if self._named is None:
            names: set[str] = set()
            for bi, block in enumerate(self.doc.blocks):
                entities = self._entities_of.get(bi)
                if entities is None:  # a block not read yet: its names are kept for block()
                    low = lowered(block.text)
                    found = self._names_of[bi] = self._names(block.text, low, text_words(block.text, low))
                    entities = [m.entity for m in found if m.type == "entity" and m.entity is not None]
                names.update(e.name for e in entities)
            self._named = frozenset(names)
        return self._named

    def _market_antecedent(self, m: _Mention, sent: _Sentence) -> _Ref | None:
        """What a bare "shares"/"stocks" means: a market. A place named next to it ("In Shanghai,
        shares ...") picks the latest subject listed there (one whose name starts with the place
        first); otherwise the first of the subjects the latest such sentence named (the headline
        index comes first: "The Shanghai Composite ..., and the Shenzhen Component ...")."""
        E = self.R.entities
        places = list(E.cue_re.finditer(sent.text, max(sent.start, m.start - 30), min(sent.end, m.end + 30)))
        cands = [r for r in reversed(self._history()) if "any" in m.kinds or r.kind in m.kinds] if places else []
        for cm in places:
            place = cm.group()
            exchanges = E.cue_exchanges.get(E.cues.get(" ".join(place.replace("’", "'").split()), ""), frozenset())
            there = [r for r in cands if r.entity is not None and r.listing is not None and r.listing.exchange in exchanges]
            named = [r for r in there if r.entity is not None and r.entity.name.startswith(place)]
            if named:
                return named[0]
            # "Shares in Shanghai rose 0.3%" after the Hang Seng: the market the place and the plural name
            for alias in E.aliases.get(norm(f"{place} {m.text}"), ()):
                if "any" in m.kinds or alias.entity.kind in m.kinds:
                    return self._entity_ref(alias.entity, sent, m)
            if there:
                return there[0]
        one = self._one_stock(m, sent)
        if one is not None:
            return one
        latest = next((r for r in self._latest_first() if "any" in m.kinds or r.kind in m.kinds), None)
        if latest is None:
            return self._market_named_next(m, sent)
        if latest.entity is None:
            return latest
        first = latest  # the first of its kind its sentence named (the subjects of a sentence are in a row)
        for r in self._latest_first(floor=latest.seq):
            if r.seq < latest.seq:
                break
            if r.seq == latest.seq and r.kind == latest.kind and r.entity is not None:
                first = r
        return first

    def _one_stock(self, m: _Mention, sent: _Sentence) -> _Ref | None:
        """"The stock had closed down 2.1% at $125.61, Nvidia said. Shares have more than doubled
        this year": a sentence that opens with a company's bare plural (rules/entities/_common.yaml
        `company_plurals`) and names no index, market or place, right after a sentence whose only
        subject is one stock, is about that stock."""
        E = self.R.entities
        if m.start != sent.lead or norm(m.text) not in E.company_plurals:
            return None
        prev: list[_Ref] = []  # the previous sentence's subjects, latest first
        for r in self._latest_first(floor=self.ctx.seq - 1):
            if r.seq < self.ctx.seq - 1:
                break
            if r.seq == self.ctx.seq - 1:
                prev.append(r)
        prev.reverse()
        if not prev or any(r.entity is None or r.kind != "stock" or r.entity is not prev[0].entity for r in prev):
            return None
        if any(x.type == "entity" and x.entity is not None and x.entity.kind != "stock" for x in sent.mentions) \
                or E.cue_re.search(sent.text, sent.start, sent.end):
            return None
        return prev[-1]

    def _market_named_next(self, m: _Mention, sent: _Sentence) -> _Ref | None:
        """"Stocks fell for a third straight day. The S&P 500 declined 0.85%, ...": a bare plural
        with nothing before it to point at opens the paragraph's account of a market; the first
        index (market) the paragraph names after it is that market."""
        for x in sent.block_mentions:
            if x.start < sent.end or x.type != "entity" or x.entity is None or x.entity.one_of:
                continue
            if "any" in m.kinds or x.entity.kind in m.kinds:
                return self._entity_ref(x.entity, sent, x)
        return None

    def _several(self, kinds: frozenset[str], text: str) -> _Ref | None:
        """ "both benchmarks": unresolved, with the two latest distinct subjects of one kind as candidates."""
        picked: list[_Ref] = []
        for r in self._latest_first():
            if r.entity is None or not ("any" in kinds or r.kind in kinds):
                continue
            if picked and (r.kind != picked[0].kind or any(p.entity is r.entity for p in picked)):
                continue
            picked.append(r)
            if len(picked) == 2:
                break
        if not picked:
            return None
        return _Ref(picked[0].kind, None, None, text, unresolved=text, candidates=tuple(reversed(picked)), each=True)

    def _antecedent(self, kinds: frozenset[str], near: bool = False) -> _Ref | None:
        """The subject "the stock" / "it" points back to: in the latest sentence naming a compatible
        subject, the first one a figure was about, else the first named (the sentence's topic:
        "Nvidia rose 3.5%, ahead of Microsoft and Apple. The stock ..." is Nvidia)."""
        latest: _Ref | None = None
        for ref in self._latest_first(floor=self.ctx.seq - 1 if near else None):
            if near and ref.seq < self.ctx.seq - 1:
                return None
            if "any" in kinds or ref.kind in kinds:
                latest = ref
                break
        if latest is None or latest.seq == self.ctx.seq:
            return latest  # named earlier in this sentence: the nearest ("the Tech Index, the gauge that ...")
        same: list[_Ref] = []  # the latest sentence's compatible names, in order (history is in reading order)
        for r in self._latest_first(floor=latest.seq):
            if r.seq < latest.seq:
                break
            if r.seq == latest.seq and ("any" in kinds or r.kind in kinds):
                same.append(r)
        same.reverse()
        figured = [r for r in same if r.figured]
        return (figured or same)[0]

    def _listing(self, entity: Entity, sent: _Sentence, a: int, b: int, figure: Figure | None = None,
                 keep: Listing | None = None) -> Listing:
        """Pick the listing (or country variant) of an entity from the cues around it; ``keep`` when none decides."""
        listings = entity.listings
        if len(listings) == 1:
            return listings[0]
        markets = _markets(entity)
        if figure is not None:
            cur = (figure.currency or "").upper()
            if cur and entity.select == "sentence" and not any(lst.currency == cur for lst in listings if lst.default):
                # a price in one listing's own currency is that listing's (not when the default is quoted
                # in it too: LME and Comex copper are both in dollars)
                for lst in listings:
                    if lst.currency == cur and lst.market != "us":
                        return lst
        select = entity.select or "adjacent"
        if select == "adjacent":
            lo, hi = max(sent.start, a - 40), min(sent.end, max(b, figure.local_end if figure else b) + 30)
        else:
            lo, hi = sent.start, sent.end
        best: tuple[int, Listing] | None = None
        for start, end, grp in self._cues(sent, lo, hi):
            if a <= start < b:
                continue
            if grp in markets:
                dist = start - b if start >= b else a - end
                if best is None or dist < best[0]:
                    best = (dist, markets[grp])
        if best is not None:
            return best[1]
        if select == "context":
            for grp in reversed(self.ctx.para_markets):
                if grp in markets:
                    return markets[grp]
            for _, _, grp in reversed(self._cues(sent, 0, sent.start)):
                if grp in markets:
                    return markets[grp]
        if select in ("adjacent", "context"):
            for ref in self._latest_first():
                if ref.listing is not None and ref.listing.market in markets and ref.entity is not entity:
                    return markets[ref.listing.market]
                if ref.listing is not None and ref.listing.exchange:
                    for lst in listings:
                        if lst.exchange == ref.listing.exchange:
                            return lst
        if keep is not None:
            return keep
        for lst in listings:
            if lst.default:
                return lst
        return listings[0]

    def _cues(self, sent: _Sentence, lo: int, hi: int) -> list[tuple[int, int, str | None]]:
        """(start, end, market group) of the listing cues in [lo, hi) of the sentence's block, scanned
        once per range: every figure of a sentence asks which listing its subject is."""
        if sent.cues is None:
            sent.cues = {}
        found = sent.cues.get((lo, hi))
        if found is None:
            E = self.R.entities
            found = sent.cues[(lo, hi)] = [(m.start(), m.end(), E.cues.get(" ".join(m.group().replace("’", "'").split())))
                                           for m in E.cue_re.finditer(sent.text, lo, hi)]
        return found

    # ------------------------------------------------------------------ windows

    def _windows(self, text: str, low: str | None, words: frozenset[str], full: bool = True) -> list[_Win]:
        """Window phrases of a block; where two overlap, the earlier, then the longer, then the first rule wins."""
        W = self.R.windows
        found: list[tuple[int, int, int, re.Match[str], str]] = []
        flat: str | None = None  # the lower-cased text with one space for each whitespace run, for `needs_text`
        brk = W.subordinate_break
        runs: list[bytes] = []

        def runs_of_low() -> bytes:  # for the rules that try only where they can start (computed once)
            if not runs:
                runs.append(letter_runs(low))  # type: ignore[arg-type]  # called only when low is not None
            return runs[0]

        for order in W.candidates(words):
            pat = W.patterns[order]
            if not full and pat.kind not in W.inheritable:
                continue
            if pat.needs_text and low is not None:
                if flat is None:  # a text whose only whitespace is single spaces is its own flat form
                    flat = low if low.isprintable() and "  " not in low else " ".join(low.split())
                if not any(t in flat for t in pat.needs_text):
                    continue
            for m in pat.finditer(text, low, runs_of_low, words):
                # A window phrase never runs across a clause break ("since February 2022, and the
                # benchmark is up 17% in 2025"), nor into a subordinate clause ("since November 2023,
                # after payrolls rose ... in December"): a shorter reading at the same place is taken instead.
                if m.end() > m.start() and _names_capitalised(m, text) \
                        and not _CLAUSE_SPLIT.search(text, m.start() + 1, m.end()) \
                        and not (brk is not None and brk.search(text, m.start() + 1, m.end())):
                    found.append((m.start(), -(m.end() - m.start()), order, m, pat.kind))
        found.sort(key=_FIRST_THREE)
        out: list[_Win] = []
        end = -1
        for start, _neg, _order, m, kind in found:
            if start < end:
                continue
            win = self._parse_window(kind, m, text)
            if win is None:
                continue
            out.append(win)
            end = m.end()
        return out

    def _parse_window(self, kind: str, m: re.Match[str], block_text: str) -> _Win | None:
        """The window of match ``m`` (found in ``block_text`` or its lower-cased copy: read text by offsets)."""
        W = self.R.windows
        g = {}  # each named group that took part, by its name without trailing digits (the first one)
        regs = m.regs  # every group's span at once (one call instead of one per group)
        for i, k in _group_keys(m.re)[0]:
            a, b = regs[i]
            if a >= 0 and k not in g:
                g[k] = block_text[a:b]
        text = block_text[m.start() : m.end()].strip()
        spec: dict[str, Any] = {}
        date: dict[str, Any] = {}
        if "month" in g:
            date["month"] = W.months[g["month"].lower().rstrip(".")]
        if "day" in g:
            date["day"] = int(g["day"])
        if "year" in g:
            date["year"] = int(g["year"])
        if "named" in g:
            day = self._named_day(norm(g["named"]))
            if day is None:
                return None
            date.update(day)
        if "dpart" in g:
            date["part"] = W.parts.get(norm(g["dpart"]), norm(g["dpart"]))
        if "pord" in g:  # "the third quarter", "the first half"
            date[g["punit"].lower()] = _number(g["pord"].lower(), W.ordinals) or _number(
                _ORDINAL_SUFFIX.sub("", g["pord"].lower()), W.ordinals)
        amount = None
        if "num" in g:
            amount = _number(g["num"], W.numbers)
        if "ord" in g:
            amount = _number(_ORDINAL_SUFFIX.sub("", g["ord"].lower()), W.ordinals) or _number(g["ord"], W.ordinals)
        unit = W.units.get(norm(g["unit"]), norm(g["unit"]).rstrip("s")) if "unit" in g else None
        if "sunit" in g:
            unit = "session"  # "in two days" of a move: two trading sessions
        part = g.get("part") or g.get("part2")
        base = False
        if kind == "streak":
            spec = {"count": amount, "unit": unit or "day"}
        elif kind == "lookback":
            spec = {"amount": amount, "unit": unit}
            if "ext" in g:
                spec["extreme"] = "low" if g["ext"].lower().startswith(("low", "trough", "bottom")) else "high"
        elif kind == "since_span":
            spec = {"amount": amount, "unit": unit}
        elif kind in ("since", "from_date", "year_close"):
            if "wd" in g:
                # "from Wednesday": the base session of a daily change, not a window of its own.
                base = True
                spec = {"weekday": W.weekdays[g["wd"].lower()]}
            elif date:
                spec = {"date": date}
            elif "back" in g:
                spec = {"back": True}  # "has since rebounded": a moment told of before (timeframe cannot place it)
            else:
                return None
        elif kind == "from_extreme":
            ext = g.get("ext", "low").lower()
            spec = {"extreme": "low" if ext.startswith(("low", "trough", "bottom")) else "high"}
            period = dict(date)
            if amount is not None and unit:
                spec.update({"amount": amount, "unit": unit})
            if g.get("rec"):
                spec["qualifier"] = g["rec"].lower()
            elif ext.startswith("record") and not period:
                spec["qualifier"] = "record"  # "below its record": the standing high of the whole history
            if period:
                spec["period"] = period
        elif kind == "ago":
            if g.get("rel"):
                amount, unit = 1, norm(g["rel"]).split()[-1]
            spec = {"amount": amount, "unit": unit}
        elif kind == "to_date":
            spec = {"unit": unit or "year"}
            if date.get("year"):
                spec["year"] = date["year"]
            if part:
                spec["part"] = W.parts.get(norm(part), norm(part))
        elif kind == "span" and "back" in g:
            spec = {"back": True}  # "in that span": the streak or span named before it (sentence())
        elif kind == "span" and unit == "weekend":
            spec = {"amount": 2, "unit": "day", "at": {"weekday": "sunday"}}  # Friday's close to Sunday's
        elif kind == "span":
            spec = {"amount": amount if amount is not None else 1, "unit": unit}
            if g.get("rel"):
                spec["relative"] = "last"
        elif kind == "session":
            if "shift" in g or "shift2" in g or "shift3" in g or "shift4" in g:
                spec = {"shift": -1}  # filled with the story's session in sentence()
            elif "wd" in g:
                spec = {"weekday": W.weekdays[g["wd"].lower()]}
                rel = (g.get("rel") or "").lower()
                if rel in ("last", "previous"):
                    spec["last"] = True
                elif rel == "next":
                    spec["next"] = True
            elif g.get("rel"):
                spec = {"relative": norm(g["rel"]).replace(" ", "_")}
            elif date:
                spec = {"date": date}
            elif unit or (date.get("year") and "first" in text.lower()):
                spec = {"first_session": True}
            if "first trading day" in text.lower():
                spec = {"date": {"year": date["year"]}, "first_session": True} if date.get("year") else {"first_session": True}
            if part:
                spec["part"] = W.parts.get(norm(part), norm(part))
        elif kind == "period":
            if not date:
                return None
            spec = {"period": date}
        elif kind == "record":
            spec = {}
            if g.get("ext"):
                spec["extreme"] = "low" if g["ext"].lower().startswith("low") else "high"
        if kind == "from_date":
            return _Win(m.start(), m.end(), "since", text, spec, no_lookback=True)
        if kind == "year_close":
            year = int(g["year"])
            return _Win(m.start(), m.end(), "since", text, {"date": {"year": year, "month": 12, "day": 31}},
                        no_lookback=True, year_end=year)
        sign = 1 if "up" in g else (-1 if "down" in g else 0)
        when = m.start("when") if "when" in g else None
        possessive = "s" in text and ("'s" in text or "’s" in text) or block_text.startswith(("'s", "’s"), m.end())
        return _Win(m.start(), m.end(), kind, text, spec, base=base, sign=sign, when=when, possessive=possessive)

    def _named_day(self, name: str) -> dict[str, int] | None:
        """The date of a day known by name ("Election Day") in the publication's year (or the year
        before, when it would fall after publication), or the fixed date of an era ("World War II");
        None when it cannot be placed."""
        rule = self.R.windows.named_days.get(name)
        pub = self._pub_date()
        if rule is None:
            return None
        if "year" in rule:  # an era known by name ("World War II"): a fixed date
            return {"year": int(rule["year"]), "month": int(rule["month"]), "day": int(rule["day"])}
        if "day" in rule and pub is None:
            return {"month": int(rule["month"]), "day": int(rule["day"])}
        if pub is None:
            return None
        for year in (pub.year, pub.year - 1):
            if "day" in rule:
                d = _dt.date(year, int(rule["month"]), int(rule["day"]))
            else:
                d = _dt.date(year, int(rule["month"]), int(rule["on_or_after"]))
                d += _dt.timedelta(days=(_WEEKDAYS.index(str(rule["weekday"])) - d.weekday()) % 7)
            if d <= pub:
                return {"year": d.year, "month": d.month, "day": d.day}
        return None

    def _context_session_spec(self) -> dict[str, Any]:
        for w in (self.ctx.heading_window, self.ctx.para_window, self.ctx.main_session):
            if w is not None and w.kind == "session" and _concrete(w.spec):
                return {k: v for k, v in w.spec.items() if k != "part"}
        return {}

    def _fill_session(self, w: _Win) -> dict[str, Any]:
        if w.kind == "session" and not _concrete(w.spec):
            return {**self._context_session_spec(), **w.spec}
        return dict(w.spec)

    # ------------------------------------------------------------------ per figure

    def _plan(self, index: int, fig: Figure, sent: _Sentence) -> dict[str, Any]:
        """First pass: the figure's own window, if it sits inside one, and its provisional class."""
        inside = [w for w in sent.windows if w.start <= fig.local_start and fig.local_end <= w.end]
        container = inside[0] if inside else None
        return {"index": index, "fig": fig, "container": container}

    def _claim(self, plan: dict[str, Any], sent: _Sentence, plans: list[dict[str, Any]]) -> Claim:
        fig: Figure = plan["fig"]
        text = sent.text
        sentence = sent.stripped
        s_start = self._raw(sent.block, sent.lead)
        cs, ce = sent.clause_of(fig.local_start)
        pre = text[cs : fig.local_start]
        post = text[fig.local_end : ce]
        # The figure's hedge is read on first use: most figures inside a window (dates, anchors) are
        # reported with no hedge, and it takes a few scans.
        hedged: list[tuple[Hedge | None, str, int | None]] = []

        def hedge_of() -> tuple[Hedge | None, str, int | None]:
            if not hedged:
                hedged.append(self._hedge(fig, pre, post))
            return hedged[0]

        def make(kind: str, reason: str | None = None, subject: Subject | None = None, metric: str | None = None,
                 window: Window | None = None, hedge: Any = _OWN_HEDGE, **kw: Any) -> Claim:
            return Claim(figure=fig, sentence=sentence, sentence_start=s_start, kind=kind, reason=reason, subject=subject,
                         metric=metric, window=window, hedge=hedge_of()[0] if hedge is _OWN_HEDGE else hedge, **kw)

        # Numbers that are part of a name ("S&P 500") are reported, not checked.
        for m in sent.mentions:
            if m.type == "entity" and m.start <= fig.local_start and fig.local_end <= m.end:
                return make("not_market", f"part of the name '{m.text}'")
        if fig.kind == "time" or (fig.parts.get("hour") is not None and not fig.parts.get("month")) or (
                fig.kind == "number" and _CLOCK.match(fig.text) and int(fig.text) % 100 < 60 and int(fig.text) < 2400
                and self.R.times.start.search(text[fig.local_end : fig.local_end + 8])):
            return make("not_market", "a time of day")  # also "by 0930 GMT"
        container: _Win | None = plan["container"]
        name = self._name_number(fig, sent) if container is None else None  # "the post World War 2 era": a window
        if name is not None:
            return make("not_market", f"part of the name '{name}'", hedge=None)

        if container is not None:
            claim = self._inside_window(fig, container, sent, plans, make, pre, post)
            if claim is not None:
                return claim
        if fig.kind in DATE_KINDS:
            return make("not_market", "a date that places no market figure")
        if fig.kind == "ordinal" and self.R.ordinal_idioms.start.search(post):
            return make("not_market", "an ordinal in a set phrase", hedge=None)

        own_hedge, pre_bare, hedge_start = hedge_of()
        mention, via = self._subject_mention(fig, sent)
        if mention is not None and mention.type == "anaphor" and mention.ref is None:
            mention = None  # "it" with nothing to point at: judge the figure by its own words
        clause = text[cs:ce]
        args = (sent, plans, pre, pre_bare, post, clause, own_hedge, hedge_start, make)
        if mention is not None and mention.type == "measure":
            if self.R.probability.any.search(text, mention.end, fig.local_start, low=sent.low):  # "raised the odds of a recession to 60%"
                return make("forecast", "a forecast, target or expectation")
            return make("not_market", f"{mention.group or 'not a market figure'}: '{mention.text}'")
        if fig.kind == "money" and self._aggregate(fig, pre_bare, post, loose=mention is None or mention.type == "context") and not (
                mention is not None and mention.ref is not None and mention.ref.kind == "stock" and (
                    self._value_change(post) or self._value_reached(fig, pre))):
            return make("aggregate", "an aggregate value of a whole market, with no single series")
        if self._forecast(pre_bare, post) and (  # without relatives to drop, the second question is the first
                (outside := self._outside_relatives(pre_bare, cs, sent)) is pre_bare or self._forecast(outside, post)):
            subj = self._subject(mention, sent, fig) if mention is not None else None
            return make("forecast", "a forecast, target or expectation", subject=subj)
        if fig.kind == "percent" and post[:1].isspace() and _SHARE_OF.match(post) and not fig.direction \
                and not self.R.direction.end.search(pre_bare):
            return make("not_market", "a share of a total, not a move")  # "or about 3.7% of global demand"
        share = self._value_share(fig, pre_bare, post)
        if fig.kind in COUNT_KINDS and container is None and not share:
            span = self._count_span(fig, sent)
            if span is not None and mention is not None and mention.ref is not None and mention.type in ("entity", "anaphor") \
                    and not mention.ref.unresolved:
                return self._session_count(fig, span, mention, via, sent, pre_bare, post, make)
        if fig.kind in COUNT_KINDS and (self._counted(fig, post) or _COUNT_OF.search(post)) and container is None \
                and not (mention is not None and mention.type == "activity") and not share:
            return make("not_market", "a count, not a market figure")
        if mention is not None and mention.type == "opaque":
            return self._market(fig, None, _Ref("index", None, None, mention.text), *args, kind="no_subject",
                                reason="a component or sector the rules do not cover", unresolved_subject=mention.text)
        if mention is not None and mention.type == "activity":
            subj_ref = self.ctx.last_subject
            subj = self._subject_from_ref(subj_ref, sent, fig, mention) if subj_ref else None
            return make("market", f"{mention.text}: no data series for this measure", subject=subj,
                        window=self._pick_window(fig, sent, plans, level=True, ref=subj_ref),
                        related={"measure": norm(mention.text)})
        if mention is None or mention.ref is None:
            if self._market_cues(fig, pre_bare, post):
                return self._market(fig, None, _Ref("stock", None, None, ""), *args, kind="no_subject",
                                    reason="no instrument named for this figure")
            return make("not_market", "a number with no market subject")
        ref = mention.ref
        if ref.each and ref.candidates:
            return self._market(fig, None, ref, *args, subjects=self._each_subject(ref, sent, fig, mention))
        if ref.unresolved is not None:
            reason = _several_reason(ref.candidates) if ref.candidates else "the article names something the rules do not know"
            return self._market(fig, None, ref, *args, kind="no_subject", reason=reason, unresolved_subject=ref.unresolved)
        subject = self._subject_from_ref(ref, sent, fig, mention, via=via)
        self.ctx.last_subject = ref
        ref.figured = True
        return self._market(fig, subject, ref, *args)

    def _name_number(self, fig: Figure, sent: _Sentence) -> str | None:
        """"World War 2", "Apollo 11": a small whole number printed right after a capitalised word
        inside a sentence (not a known instrument, not a headline in title case) is part of a name."""
        if fig.kind != "number" or not fig.text.isdigit() or fig.value >= 1000:
            return None
        m = _NAME_BEFORE.search(sent.text, max(sent.start, fig.local_start - 40), fig.local_start)
        if m is None or any(x.start < m.end() and m.start() < x.end for x in sent.mentions if x.type == "entity"):
            return None
        before = sent.text[sent.start : m.start()].rstrip()
        if not before or before[-1] in ".!?:;\"“(" or m.group(1) in self.R.entities.not_names:
            return None
        words = _CAP_WORD.findall(sent.body)
        if words and sum(w[:1].isupper() for w in words) > 0.6 * len(words):
            return None  # a title-case headline: every word is capitalised
        return m.group(0).strip() + " " + fig.text

    # ------------------------------------------------------------------ counts of sessions

    def _count_span(self, fig: Figure, sent: _Sentence) -> _Win | None:
        """The span a count is taken over: "rose on five (out) of the past seven trading days"."""
        for w in sent.windows:
            if w.kind == "span" and w.start >= fig.local_end and sent.text[fig.local_end : w.start].strip() in ("", "out") \
                    and w.text[:2].lower() == "of" and w.spec.get("unit") in ("session", "day", "week", "month") \
                    and fig.value <= (w.spec.get("amount") or 0):
                return w
        return None

    def _session_count(self, fig: Figure, span: _Win, mention: _Mention, via: str, sent: _Sentence,
                       pre: str, post: str, make: Any) -> Claim:
        """A count of up (or down) sessions over a span: a market fact, kept as a claim with its subject
        and window and ``related.measure = "count"``; no metric computes it yet (metric None)."""
        assert mention.ref is not None
        subject = self._subject_from_ref(mention.ref, sent, fig, mention, via=via)
        self.ctx.last_subject = mention.ref
        count = int(fig.value) if float(fig.value).is_integer() else fig.value
        related = {"measure": "count", "count": count, "of": span.spec.get("amount"), "unit": span.spec.get("unit")}
        window = self._as_window(span)
        pub = self.doc.published
        at = self._count_at() if pub is not None and not pub.has_time else None
        if at:
            window = Window(window.kind, window.text, {**window.spec, "at": at}, window.source)
        return make("market", None, subject=subject, metric=None, window=window,
                    direction=self._direction(fig, pre, post), related=related)

    def _count_at(self) -> dict[str, Any] | None:
        """Where "the past seven trading days" end in a date-only article: at the story's session
        (with the part of the day it was named with: a story told "early Wednesday" was written
        before Wednesday's close, so only the sessions before it are complete), not at the end of
        the publication day the missing time stands for."""
        for w in (self.ctx.heading_window, self.ctx.para_window, self.ctx.main_session):
            if w is not None and w.kind == "session" and _concrete(w.spec):
                spec = {k: v for k, v in w.spec.items() if k != "part"}
                if w is self.ctx.main_session and self.ctx.main_part:
                    spec["part"] = self.ctx.main_part
                return spec
        return None

    # ------------------------------------------------------------------ figures inside window phrases

    def _inside_window(self, fig: Figure, w: _Win, sent: _Sentence, plans: list[dict[str, Any]], make: Any,
                       pre: str, post: str) -> Claim | None:
        cs, ce = sent.clause_of(w.start)
        cs_end = ce
        before = sent.text[cs : w.start]
        # the superlative cue only matters to the kinds that can be look-backs (a scan or two)
        sup = self._sup_at(w, sent, cs, ce) if w.kind in _SUP_KINDS else None
        lookback = w.kind == "lookback" or (w.kind in ("since", "since_span") and sup is not None and not w.no_lookback) or (
            w.kind == "from_extreme" and sup is not None and w.text[:5].lower() == "since")  # "highest since its 2020 low"
        if lookback:
            mention, via = self._subject_mention(fig, sent, before=w.start)
            if mention is None or mention.ref is None:
                return make("no_subject", "a look-back with no instrument named")
            if mention.type == "measure":
                return make("not_market", f"{mention.group}: '{mention.text}'")
            several = mention.ref.candidates
            subjects = self._each_subject(mention.ref, sent, fig, mention) if several and mention.ref.each else None
            if mention.ref.unresolved and not several:
                return make("no_subject", "the article names something the rules do not know",
                            unresolved_subject=mention.ref.unresolved)
            subject = None if several else self._subject_from_ref(mention.ref, sent, fig, mention, via=via)
            direction = sup if sup is not None else (-1 if w.spec.get("extreme") == "low" else 1)
            spec = dict(w.spec)
            spec.pop("extreme", None)
            if w.kind in ("since",):
                spec = {"period": spec.get("date", {})}
            related: dict[str, Any] = {}
            at = self._at_session(w, sent) or self._at_period(w, sent)
            if at is not None:
                spec["at"] = at.spec
                at.used_as_at = False
                as_of = {k: v for k, v in at.spec.items() if k != "last"}
                if at.spec.get("last"):
                    as_of["relative"] = "last"
                related["as_of"] = as_of
                related["as_of_text"] = at.text
            tail = before[-60:]
            last_sup = self._last_superlative(tail)
            measure = self._superlative_measure(tail, last_sup)
            if measure is None and "no " in before:
                measure = self._negated_measure(before, related)
            elif sup is not None and (measure is None or measure.startswith("change:")):
                measure, direction = self._ranked_move(tail, last_sup, measure, direction)
            if measure:
                related["measure"] = measure
            ref_fig = self._previous_figure(fig, sent, plans, w)
            if ref_fig is not None and ref_fig.kind != "percent" and _BARE_SIZE_SUP.search(before[-30:]):
                # "rose 3.2% to HK$420, the most since March": the size of the move, not the level
                moves = [p["fig"] for p in plans if cs <= p["fig"].local_end <= w.start and p["fig"].kind == "percent"
                         and p["container"] is None]
                ref_fig = moves[-1] if moves else ref_fig
            if ref_fig is not None:
                related["of"] = ref_fig.text
                if not measure and ref_fig.kind == "percent" and _LEVEL_SUP.search(before[-40:]):
                    related["measure"] = "level"  # "rose 5.9%, its highest close since": the close, not the move
            threshold = self._lookback_threshold(ref_fig, w, sent, plans, cs)
            directed = self._sup_of(w, sent, cs, ce)[1]
            if threshold is not None and directed and not threshold[2]:
                threshold = None  # "weakened past 161.9, its weakest since": the day's level is the reference
            if threshold is not None:
                related.update(threshold[0])
                if not directed:
                    direction = threshold[1]  # "its first close below 38,000 since": the crossing's way
            elif not measure:
                move = self._first_move(before)
                if move is not None:  # "its first weekly loss since March": the last earlier move of that sign
                    related["measure"], direction = move
                    related["threshold"] = 0
            if threshold is None and not related.get("measure") and ref_fig is not None and not w.spec.get("extreme") \
                    and not self._sup_word(before, sent.text[w.end : cs_end]):
                # "fell to 4.21%, a level last seen in October": no side said; the move to the level says it
                # (the yen's fall is its quote's rise)
                moved = self._direction(ref_fig, sent.text[cs : ref_fig.local_start], "")
                if moved:
                    direction = -moved if _inverted(mention.ref) else moved
            metric = "low_since" if direction < 0 else "high_since"
            if _inverted(mention.ref) and (w.spec.get("extreme") or self._sup_word(before, sent.text[w.end : cs_end])):
                # "the yen's strongest level since March": the quote's (yen per dollar) lowest; a
                # move ranked ("its biggest gain since") is the subject's own, on the inverse quote.
                # ("For the first time since" says no side: it stays with the quote, as printed.)
                if measure:
                    related["invert"] = True
                else:
                    direction, metric = -direction, _FLIP_SINCE[metric]
            if several:
                related["candidates"] = _candidate_names(several)
                if subjects:
                    related.update(subjects=subjects, each=True)
                    return make("market", None, metric=metric, window=Window("lookback", w.text, spec),
                                direction=direction, related=related, hedge=None)
                return make("no_subject", _several_reason(several), metric=metric, window=Window("lookback", w.text, spec),
                            direction=direction, related=related, hedge=None, unresolved_subject=mention.ref.unresolved)
            self.ctx.last_subject = mention.ref
            return make("market", None, subject=subject, metric=metric,
                        window=Window("lookback", w.text, spec), direction=direction, related=related, hedge=None)
        if w.kind == "streak":
            mention, via = self._subject_mention(fig, sent, before=w.start)
            if mention is None or mention.ref is None or mention.ref.unresolved or mention.type == "measure":
                return make("no_subject", "a streak with no instrument named",
                            unresolved_subject=mention.ref.unresolved if mention and mention.ref else None)
            subject = self._subject_from_ref(mention.ref, sent, fig, mention, via=via)
            self.ctx.last_subject = mention.ref
            direction = w.sign or self._direction(fig, sent.text[cs : w.start], "")
            spec = dict(w.spec)
            at = self._at_session(w, sent)  # "fell on Friday for a fifth straight session"
            if at is not None:
                spec["at"] = {k: v for k, v in at.spec.items() if k != "part"}
                at.used_as_at = False  # the streak's session is the story's: the clause's moves share it
            return make("market", None, subject=subject, metric="streak", window=Window("streak", w.text, spec),
                        direction=direction, related={"streak_count": w.spec.get("count")}, hedge=None)
        # A date or amount that places another figure's window: an anchor.
        owner = self._owner_of(w, sent, plans)
        if owner is not None:
            return make("anchor", "the figure only places another claim in time",
                        related={"claim_text": self._claim_text(owner, sent), "window": w.text}, hedge=None)
        if w.kind == "ago" and (self.R.record.any.search(sent.text[cs:ce]) or sup is not None):
            mention, via = self._subject_mention(fig, sent, before=w.start)
            if mention is not None and mention.ref is not None and not mention.ref.unresolved and mention.type != "measure":
                subject = self._subject_from_ref(mention.ref, sent, fig, mention, via=via)
                metric = "low_since" if sup is not None and sup < 0 else ("high_since" if sup is not None else "record_high")
                direction = sup or 1
                if _inverted(mention.ref) and (sup is None or self._sup_word(before, sent.text[w.end : ce])):
                    direction, metric = -direction, _FLIP_SINCE[metric]
                return make("market", None, subject=subject, metric=metric,
                            window=Window("lookback", w.text, {"amount": w.spec.get("amount"), "unit": w.spec.get("unit")}),
                            direction=direction, hedge=None)
        if fig.kind in DATE_KINDS or fig.kind in COUNT_KINDS:
            return make("not_market", "a date or period that places no market figure", hedge=None)
        return None

    def _lookback_threshold(self, ref_fig: Figure | None, w: _Win, sent: _Sentence, plans: list[dict[str, Any]],
                            cs: int) -> tuple[dict[str, Any], int, bool] | None:
        """A look-back at a printed level (R6 with a threshold): "its first close above 19,000
        since May", "had not been at 4% or higher on an intraday basis since April 5, 2010", "had
        not closed ... at or above that level since Oct. 15, 2008" (the level printed earlier in
        the sentence). Gives ({threshold, basis}, direction, whether the level is named as a
        threshold in so many words: "or higher" after it, "that level"); the basis is the close or
        the day's extreme when the clause says so (rules/metrics.yaml close_basis, intraday)."""
        R, text = self.R, sent.text
        lt = R.lookback_threshold
        cue, explicit = None, True
        if ref_fig is not None:
            pre = text[max(cs, ref_fig.local_start - 40) : ref_fig.local_start]
            post = text[ref_fig.local_end : w.start]
            m = lt["after"].start.search(post)
            if m is not None:
                cue = m.group()
            else:
                m = R.threshold_before.end.search(pre)
                cue, explicit = (m.group(), False) if m is not None else (None, False)
            level = ref_fig
        else:
            pre = text[max(cs, w.start - 60) : w.start]
            m = lt["anaphora"].end.search(pre)
            if m is None:
                return None
            t = R.threshold_before.end.search(pre[: m.start()])
            if t is None:
                return None
            cue = t.group()
            earlier = [p["fig"] for p in plans if sent.start <= p["fig"].local_end <= cs and p["container"] is None
                       and p["fig"].kind not in DATE_KINDS and p["fig"].kind not in _NOT_LEVELS]
            if not earlier:
                return None
            level = earlier[-1]
        if cue is None or level.kind in DATE_KINDS or level.kind in _NOT_LEVELS:
            return None
        out: dict[str, Any] = {"threshold": float(level.value)}
        clause = text[cs : w.start]
        if R.intraday.any.search(clause):
            out["basis"] = "intraday"
        elif R.close_basis.any.search(clause):
            out["basis"] = "close"
        return out, -1 if lt["below"].any.search(cue) else 1, explicit

    def _owner_of(self, w: _Win, sent: _Sentence, plans: list[dict[str, Any]]) -> Figure | None:
        """The figure whose window ``w`` is (the nearest checkable figure of the clause)."""
        if w.possessive:
            np_fig = self._np_figure(w, sent)  # "2024's 23% rally": the figure of its noun phrase
            if np_fig is not None:
                return np_fig
        cs, ce = sent.clause_of(w.start if w.when is None else w.when)
        best: tuple[int, Figure] | None = None
        for p in plans:
            f: Figure = p["fig"]
            if p["container"] is not None or f.kind in DATE_KINDS or f.kind in ("time", "duration") \
                    or f.kind == "ordinal" and not (w.kind == "since" and self._ranks(f, sent)):
                continue  # ages and counts of years place nothing; a rank only its scope ("since 1945")
            if f.local_start >= w.start and f.local_end <= w.end:
                continue
            fc = sent.clause_of(f.local_start)
            if fc != (cs, ce) and not (w.kind in ("since",) and sent.start <= f.local_start < sent.end):
                continue
            if f.local_end <= w.start:
                between = [q for q in plans if f.local_end <= q["fig"].local_start < w.start and q["container"] is None
                           and q["fig"].kind not in DATE_KINDS]
                dist = w.start - f.local_end + (1000 if between else 0)
            else:
                dist = f.local_start - w.end + 500
            if fc != (cs, ce):
                dist += 700  # a figure of the window's own clause first
            if best is None or dist < best[0]:
                best = (dist, f)
        return best[1] if best else None

    def _claim_text(self, fig: Figure, sent: _Sentence) -> str:
        pre = sent.text[max(0, fig.local_start - 30) : fig.local_start]
        m = self.R.hedges.phrases.end.search(pre)
        if m:
            return sent.text[fig.local_start - (len(pre) - m.start()) : fig.local_end]
        return fig.text

    def _at_session(self, w: _Win, sent: _Sentence) -> _Win | None:
        cs, ce = sent.clause_of(w.start)
        cands = [x for x in sent.windows if x.kind == "session" and x is not w and cs <= x.start < ce and _concrete(x.spec)
                 and not self._scoped(x, sent)]
        # not the day of a subordinate clause of another time ("..., ahead of data due on Jan. 15")
        after = [x for x in cands if x.start >= w.end and not self._subordinate(sent, w.end, x)]
        if after:
            after[0].used_as_at = True
            return after[0]
        before = [x for x in cands if x.end <= w.start]
        if before:
            return before[-1]
        return None

    def _at_period(self, w: _Win, sent: _Sentence) -> _Win | None:
        """"Tumbled to a 15-month low of $66.74 in mid-March": a named period after a look-back in its
        clause places it (on the period's extreme day), when no session does."""
        cs, ce = sent.clause_of(w.start)
        return next((x for x in sent.windows if x.kind == "period" and x.start >= w.end and x.start < ce
                     and isinstance(x.spec.get("period"), dict) and x.spec["period"].get("month")), None)

    def _previous_figure(self, fig: Figure, sent: _Sentence, plans: list[dict[str, Any]], w: _Win) -> Figure | None:
        cs, _ = sent.clause_of(w.start)
        prev = [p["fig"] for p in plans if cs <= p["fig"].local_end <= w.start and p["fig"] is not fig
                and p["fig"].kind not in DATE_KINDS and p["fig"].kind not in ("time", "ordinal") and p["container"] is None]
        return prev[-1] if prev else None

    def _sup_at(self, w: _Win, sent: _Sentence, cs: int, ce: int) -> int | None:
        """The look-back side :meth:`_superlative` gives window ``w`` in the clause [cs, ce) (see :meth:`_sup_of`)."""
        return self._sup_of(w, sent, cs, ce)[0]

    def _sup_of(self, w: _Win, sent: _Sentence, cs: int, ce: int) -> tuple[int | None, bool]:
        """:meth:`_superlative` of window ``w`` in the clause [cs, ce), worked out once and kept on the
        window: every figure of the sentence asks about the windows around it."""
        if w.sups is None:
            w.sups = {}
        found = w.sups.get((cs, ce))
        if found is None:
            found = w.sups[(cs, ce)] = self._superlative(sent.text[cs : w.start], sent.text[w.end : ce], w)
        return found

    def _superlative(self, before: str, after: str, w: _Win) -> tuple[int | None, bool]:
        """+1/-1 when the clause makes "since X" a look-back (highest/lowest since), else None; and
        whether the last 80 characters of ``before`` hold a superlative of a side."""
        # Each scan runs only when its answer is needed: the words after the window only without
        # one before it, the neutral cues only without a side.
        R, tail, head = self.R, before[-80:], after[:40]
        words = _words(tail)
        hi_tail = list(R.sup_high.any.finditer(tail)) if _may(R.sup_high, words) else []
        lo_tail = list(R.sup_low.any.finditer(tail)) if _may(R.sup_low, words) else []
        hi, lo = bool(hi_tail), bool(lo_tail)
        if not (hi and lo):
            head_words = _words(head)
            hi = hi or _may(R.sup_high, head_words) and R.sup_high.any.search(head) is not None
            lo = lo or _may(R.sup_low, head_words) and R.sup_low.any.search(head) is not None
        if not hi and not lo:
            return (1 if _may(R.sup_neutral, words) and R.sup_neutral.any.search(tail) or _negated(tail, words)
                    or self._first_cue(tail) else None), False
        if hi and lo:
            last_hi = max(m.end() for m in hi_tail) if hi_tail else -1
            last_lo = max(m.end() for m in lo_tail) if lo_tail else -1
            return (1 if last_hi >= last_lo else -1), bool(hi_tail or lo_tail)
        return (1 if hi else -1), bool(hi_tail or lo_tail)

    def _last_superlative(self, tail: str) -> int:
        """Where the last superlative of ``tail`` ("highest", "worst") starts; -1 when it has none."""
        words = _words(tail)
        last = -1
        for ps in (self.R.sup_high, self.R.sup_low):
            if _may(ps, words):
                for m in ps.any.finditer(tail):
                    last = max(last, m.start())
        return last

    def _ranked_move(self, tail: str, last: int, measure: str | None, direction: int) -> tuple[str | None, int]:
        """The moves a superlative ranks, as its words say: a period word before the move noun
        gives their length ("its largest weekly decline since": weekly changes, not one day's),
        and a superlative of size takes its side from the move ("its biggest one-day drop since":
        the most negative change; rules/metrics.yaml superlative_size, superlative_move).
        ``last``: where the last superlative of ``tail`` starts (:meth:`_last_superlative`)."""
        move = self.R.sup_move.any.search(tail, max(last, 0)) if last >= 0 else None
        if move is None:
            return measure, direction
        units = self.R.windows.units
        period = [p for p in self.R.sup_change.any.finditer(tail, last, move.start())
                  if units.get(norm(p.group())) in ("week", "month", "quarter", "year")]
        measure = "change:" + norm((period[-1] if period else move).group())
        side = self._size_side(tail)
        return measure, side if side is not None else direction

    def _size_side(self, text: str) -> int | None:
        """+1/-1 when the last superlative of ``text`` is one of size ("biggest", "sharpest") with a
        move noun after it ("the second-biggest one-day drop": -1); else None."""
        size = None
        for m in self.R.sup_size.any.finditer(text):
            size = m
        if size is None or any(ps.any.search(text, size.end()) for ps in (self.R.sup_high, self.R.sup_low)):
            return None
        move = self.R.sup_move.any.search(text, size.end())
        return self.R.sup_move_of.get(norm(move.group())) if move else None

    def _negated_measure(self, before: str, related: dict[str, Any]) -> str | None:
        """What "no (intraday) move had been larger since 2022" ranks: the move noun after "no"
        (an intraday move: the day's extreme against the previous close, ``related.basis``)."""
        m = _NO_NOUN.search(before)
        if m is None:
            return None
        noun = self.R.sup_change.any.search(m.group("noun"))
        if noun is None or noun.end() - noun.start() != len(m.group("noun")):
            return None
        if "intraday" in m.group("adj").lower():
            related["basis"] = "intraday"
        return "change:" + norm(m.group("noun"))

    def _sup_word(self, before: str, after: str) -> bool:
        """Whether a look-back's clause says its side ("highest", "weakest"), not only "first time since"."""
        tail, head = before[-80:], after[:40]
        return any(ps.any.search(tail) or ps.any.search(head) for ps in (self.R.sup_high, self.R.sup_low))

    def _first_cue(self, tail: str) -> re.Match[str] | None:
        """"Its first close above 19,000 since", "its first annual advance in": "first" at most
        six words before the window (not across a clause-like comma) makes a look-back."""
        if "first" not in tail and "1st" not in tail:
            return None
        found = None
        for m in self.R.sup_first.any.finditer(tail):
            found = m
        if found is None:
            return None
        rest = tail[found.end() :]
        if ", " in rest or ";" in rest or len(rest.split()) > 6:
            return None
        return found

    def _superlative_measure(self, tail: str, last: int) -> str | None:
        """What the look-back ranks: a move ("best week since"), a streak ("the longest winning
        streak since") or the level ("highest since"), from the last superlative of ``tail`` (the
        clause's last 60 characters before the window) on, which starts at ``last`` (-1: none)."""
        if last < 0:
            return None
        if "streak" in tail or " run" in tail:
            st = self.R.sup_streak.any.search(tail, last)
            if st:
                return "streak:" + ("up" if self.R.sup_streak_of.get(norm(st.group()), 1) > 0 else "down")
        m = list(self.R.sup_change.any.finditer(tail, last))
        if m:
            return "change:" + norm(m[-1].group())
        return None

    def _first_move(self, before: str) -> tuple[str, int] | None:
        """"Its first weekly decline since March", "its first annual advance in five years": a
        look-back on the sign of moves, ("change:<period>", +1/-1), the period as the words say
        (rules/windows.yaml units: weekly, annual ...; a day when none is said)."""
        first = self._first_cue(before[-80:])
        if first is None:
            return None
        words = before[-80:][first.end() :]
        moves = list(self.R.first_move.any.finditer(words))
        if not moves:
            return None
        sign = self.R.first_move_of.get(norm(moves[-1].group()), 1)
        units = self.R.windows.units
        freq = next((units[w] for w in _NON_LETTERS.split(words.lower()) if w in units), "day")
        return f"change:{'day' if freq == 'session' else freq}", sign

    # ------------------------------------------------------------------ subject

    def _subject_mention(self, fig: Figure, sent: _Sentence, before: int | None = None) -> tuple[_Mention | None, str]:
        """The mention a figure is about: nearest before it in its clause, then after it, then the sentence, then context."""
        pos = fig.local_start if before is None else before
        cs, ce = sent.clause_of(fig.local_start)
        hidden = [(a, b) for a, b in sent.relatives if not (a <= fig.local_start < b)]
        usable = [m for m in sent.free
                  if not (m.start <= fig.local_start < m.end) and not (hidden and any(a <= m.start < b for a, b in hidden))]
        pre_clause = [m for m in usable if cs <= m.start and m.end <= pos]
        if len(pre_clause) > 1 and self._counter_side(pre_clause[-1], sent, pre_clause[:-1]):
            pre_clause.pop()  # "gold rose 2% against the dollar, the best week since": the other side of the pair
        if len(pre_clause) > 1:
            listed = _listed(pre_clause, sent.text)
            if len(listed) > 1:
                each = self._each_of(listed, sent)
                if each is not None:
                    return each, "alias"
                if "respectively" in sent.text:
                    own = self._respective(fig, listed, sent)
                    if own is not None:
                        return own, "alias"
        if len(pre_clause) > 1 and pre_clause[0].type == "activity" and _HEAD_OF.match(sent.text, pre_clause[0].end) \
                and self._qualifies(pre_clause, sent, pos):
            # "The spread between two- and 10-year yields widened to 25 basis points", "Turnover on the Hong
            # Kong exchange rose to ...": the measure heads the clause; the names after it only qualify it
            return pre_clause[0], "alias"
        if pre_clause:
            pick = pre_clause[-1]
            if self._weak(pick):
                named = [m for m in usable if sent.start <= m.start and m.end <= pick.start
                         and m.type in ("entity", "anaphor", "unknown") and not self._weak(m)]
                if named:
                    return named[-1], "alias"
                # "Shares rose 2% as the Nikkei hit a record": an index named later in the sentence.
                later = [m for m in usable if m.start >= pick.end and m.type == "entity" and m.ref is not None
                         and ("any" in pick.kinds or m.ref.kind in pick.kinds)]
                if later:
                    return later[0], "alias"
            return pick, "alias"
        post_clause = [m for m in usable if m.start >= fig.local_end and m.start < ce
                       and m.type in ("entity", "anaphor", "unknown", "measure", "activity")]
        if post_clause:
            return post_clause[0], "alias"
        pre_sent = [m for m in usable if m.end <= cs and m.type != "measure"]
        if pre_sent:
            return pre_sent[-1], "alias"
        post_sent = [m for m in usable if m.start >= ce and m.type in ("entity", "unknown")]
        if post_sent:
            return post_sent[0], "alias"
        if self.ctx.last_subject is not None and self._continues(sent):
            return _Mention(fig.local_start, fig.local_start, self.ctx.last_subject.mention, "context",
                            ref=self.ctx.last_subject), "context"
        return None, "alias"

    def _qualifies(self, pre: list[_Mention], sent: _Sentence, pos: int) -> bool:
        """Whether the names after a measure noun all come before the clause's first move or level word
        (its noun phrase: "the spread between 2- and 10-year yields widened"), not after it ("turnover
        rose, as the Hang Seng Index gained 2%")."""
        head = pre[0].end
        verb = [m.start() for rx in (self.R.direction.any, self.R.level_before.any)
                if (m := rx.search(sent.text, head, pos)) is not None]
        return bool(verb) and all(m.end <= min(verb) for m in pre[1:])

    def _respective(self, fig: Figure, names: list[_Mention], sent: _Sentence) -> _Mention | None:
        """"The Dow, the S&P 500 and the Nasdaq fell 0.9%, 1.1% and 1.5%, respectively": the k-th
        figure before "respectively" is about the k-th of the names listed (:func:`_listed`) before them."""
        tail = _RESPECTIVELY.search(sent.text, fig.local_end, sent.end)
        if tail is None:
            return None
        figs = sorted((f for _, f in sent.figures if names[-1].end <= f.local_start and f.local_end <= tail.start()
                       and f.kind == fig.kind), key=lambda f: f.local_start)
        if len(figs) != len(names) or fig not in figs:
            return None
        return names[figs.index(fig)]

    def _each_of(self, names: list[_Mention], sent: _Sentence) -> _Mention | None:
        """"The S&P 500 and the Nasdaq both fell about 2%", "Alphabet, Amazon and Tesla each carry market
        values above $1 trillion": names listed (:func:`_listed`), then "both" or "each": the figure is
        about each of them (checked on all, as for "both benchmarks")."""
        refs = [m.ref for m in names if m.ref is not None]
        if len(refs) != len(names) or any(r.candidates for r in refs) or len({r.kind for r in refs}) != 1 \
                or len({id(r.entity) for r in refs}) != len(refs) or not _EACH_AFTER.match(sent.text, names[-1].end):
            return None
        text = sent.text[names[0].start : names[-1].end]
        ref = _Ref(refs[0].kind, None, None, text, unresolved=text, candidates=tuple(refs), each=True)
        return _Mention(names[0].start, names[-1].end, text, "entity", ref=ref)

    def _counter_side(self, m: _Mention, sent: _Sentence, earlier: list[_Mention]) -> bool:
        """Whether a name is the other side of a pair ("against the dollar", "versus the yen"; rules/
        entities/_common.yaml counter_before) after a name earlier in its clause: not a subject."""
        rx = self.R.entities.counter_re
        if rx is None or m.type != "entity" or rx.search(sent.text, max(sent.start, m.start - 14), m.start) is None:
            return False
        cs = sent.clause_of(m.start)[0]
        return any(x.start >= cs for x in earlier)

    def _weak(self, m: _Mention) -> bool:
        return m.type == "anaphor" and norm(m.text) in self.R.entities.weak

    def _continues(self, sent: _Sentence) -> bool:
        """Whether a sentence without any name continues the previous subject (same paragraph, market wording)."""
        body = sent.body
        return bool(self.R.direction.any.search(body) or self.R.level_before.any.search(body)) and sent.start > 0

    def _each_subject(self, ref: _Ref, sent: _Sentence, fig: Figure, mention: _Mention) -> list[dict[str, Any]] | None:
        """The subjects a figure about each of several instruments is checked against ("both
        benchmarks", generic "oil" in a story on Brent and WTI), as JSON; None when one is unknown."""
        out = []
        for cand in ref.candidates:
            subj = self._subject_from_ref(cand, sent, fig, mention)
            if subj is None:
                return None
            out.append(to_json(subj))
        return out

    def _subject(self, mention: _Mention | None, sent: _Sentence, fig: Figure) -> Subject | None:
        if mention is None or mention.ref is None or mention.ref.unresolved or mention.type in ("measure", "opaque"):
            return None
        return self._subject_from_ref(mention.ref, sent, fig, mention)

    def _subject_from_ref(self, ref: _Ref, sent: _Sentence, fig: Figure, mention: _Mention, via: str = "alias") -> Subject | None:
        if ref.entity is None:
            return None
        listing = ref.listing
        if len(ref.entity.listings) > 1 and mention.type != "context":
            # an anaphor with no cue of its own keeps the listing its name was given ("the dollar ... against the yen. It")
            picked = self._listing(ref.entity, sent, mention.start, mention.end, fig,
                                   keep=listing if mention.type == "anaphor" else None)
            if mention.type == "entity" or picked is not ref.entity.listings[0] or listing is None:
                listing = picked
        if listing is None:
            return None
        if mention.type == "anaphor":
            via = "anaphora"
        elif mention.type == "context":
            via = "context"
        return Subject(
            name=listing.name,
            symbol=listing.symbol if listing.data else None,
            kind=listing.kind,
            mention=mention.text if mention.type != "context" else ref.mention,
            exchange=listing.exchange,
            currency=listing.currency,
            via=via,
        )

    # ------------------------------------------------------------------ checks for non-market kinds

    def _value_change(self, post: str) -> bool:
        """Whether a money figure changes one holder's market value: "(wiped $279 billion) off its
        market value", "(added $197 billion) to Meta's market capitalisation"."""
        m = _VALUE_OF_ONE.match(post)
        return bool(m and (self.R.market_value.start.search(post[m.end() :]) or _BARE_VALUE.match(post, m.end())))

    def _value_reached(self, fig: Figure, pre: str) -> bool:
        """Whether a company's own market value reaches a money figure ("Nvidia tops $3 trillion in
        market value", "rose to $1 trillion of market value"): a threshold or level word before it."""
        return fig.scale >= _VALUE_SCALE and bool(
            self.R.threshold_before.end.search(pre) or self.R.level_before.end.search(pre)) \
            and not self.R.aggregate_before.any.search(pre)  # "Apple and Microsoft together topped"

    def _aggregate(self, fig: Figure, pre: str, post: str, loose: bool = False) -> bool:
        """``loose``: the sentence names no subject of its own, so an aggregate word anywhere before the
        figure counts ("The total value of all cryptocurrencies rose by roughly $300 billion")."""
        if fig.value < 1e9:
            return False
        if loose and (self.R.aggregate_before.any.search(pre) or self.R.aggregate_after.any.search(post)):
            return True  # "HK$2.5 trillion was wiped off the city's stock market value"
        head = " ".join(post.split()[:6])
        m = self.R.aggregate_after.any.search(head)
        if m and not self.R.market_value.start.search(post):
            return True
        return bool(self.R.aggregate_before.end.search(_strip_article(pre)))

    def _forecast(self, pre: str, post: str) -> bool:
        before = self.R.forecast_before
        words = _words(pre)
        for m in before.any.finditer(pre) if _may_key(before, words) else ():
            word = pre[m.start() : m.end()]
            if word[:1].isupper() and not word.isupper():
                continue  # "May 19", "Target Corp.": a proper noun
            return True
        return bool(self.R.forecast_after.start.search(post[:40]) or self.R.forecast_after.any.search(post[:25]))

    def _outside_relatives(self, pre: str, cs: int, sent: _Sentence) -> str:
        """``pre`` (the clause from ``cs`` up to the figure) without the ", which ... ," clauses closed before
        the figure: "The two-year yield, which is more sensitive to expectations, gained 10 basis points"
        is no forecast."""
        end = cs + len(pre)
        spans = [(a, b) for a, b in sent.relatives if cs <= a and b <= end]
        if not spans:
            return pre
        parts, i = [], cs
        for a, b in spans:
            parts.append(sent.text[i:a])
            i = b
        parts.append(sent.text[i:end])
        return " ".join(parts)

    def _market_cues(self, fig: Figure, pre: str, post: str) -> bool:
        return bool(fig.kind in CHANGE_KINDS and (self.R.direction.any.search(pre) or fig.direction)) or bool(
            self.R.direction.end.search(pre) or self.R.level_before.end.search(pre) and fig.kind == "money"
        )

    # ------------------------------------------------------------------ hedge and direction

    def _hedge(self, fig: Figure, pre: str, post: str) -> tuple[Hedge | None, str, int | None]:
        H = self.R.hedges
        m = H.phrases.start.match(fig.text) if _may_open(H.phrases, fig.text) else None
        if m:
            phrase = fig.text[m.start() : m.end()].strip()
            return Hedge(phrase, H.modes[norm(phrase)]), pre, None
        m = H.phrases.end.search(pre)
        if m is None:
            stripped = _strip_article(pre)
            if stripped != pre.rstrip():
                m = H.phrases.end.search(stripped)
                pre = stripped + pre[len(stripped):] if m else pre
        if m is None and self.R.threshold_after.start.search(post):
            words = pre.rstrip()
            for _ in range(3):
                words = _LAST_WORD.sub("", words)
                m = H.phrases.end.search(words)
                if m:
                    break
        if m is None:
            return None, pre, None
        phrase = pre[m.start() : m.end()].strip()  # m matched a prefix of pre
        return Hedge(phrase, H.modes[norm(phrase)]), pre[: m.start()], m.start()

    def _counted(self, fig: Figure, post: str) -> bool:
        """Whether the words after a number name what it counts ("six peers"; after a cardinal one adjective
        may come between: "6 major peers"), or it is a number spelled in words ("its eighth weekly gain
        in nine"): prices and levels are printed in digits, or as a band of them ("six figures")."""
        if self.R.counts.start.search(post) or fig.kind == "number" and fig.approx_word is None \
                and fig.high is None and not any(map(str.isdigit, fig.text)):  # ("six figures" is a band of levels)
            return True
        m = _ONE_WORD.match(post) if fig.kind == "number" else None
        return m is not None and bool(self.R.counts.start.search(post[m.end():]))

    def _value_share(self, fig: Figure, pre: str, post: str) -> bool:
        """A fraction of a holding's value that a move took or added ("has lost about half of its value"):
        a change, when a direction word says which way."""
        return fig.kind == "fraction" and bool(self.R.value_share.start.search(post)) \
            and self._direction(fig, pre, post) != 0

    def _direction(self, fig: Figure, pre: str, post: str) -> int:
        if fig.direction and fig.text.lstrip()[:1] in "+-−–":
            return fig.direction  # a printed sign beats any verb
        m = self.R.direction_after.start.search(post[:20])
        if m:
            return self.R.direction_after_of.get(norm(m.group()), 0)
        last = None
        for m in self.R.direction.any.finditer(pre):
            last = m
        if last is not None:
            return self.R.direction_of.get(norm(last.group()), 0)
        return fig.direction

    # ------------------------------------------------------------------ market claims

    def _market(self, fig: Figure, subject: Subject | None, ref: _Ref, sent: _Sentence, plans: list[dict[str, Any]],
                pre: str, pre_bare: str, post: str, clause: str, hedge: Hedge | None, hedge_start: int | None,
                make: Any, kind: str = "market", reason: str | None = None,
                subjects: list[dict[str, Any]] | None = None, **extra: Any) -> Claim:
        R = self.R
        related: dict[str, Any] = {}
        dm = R.direction.end.search(pre_bare)
        level_before = bool(R.level_before.end.search(pre_bare))
        # "the lower 150 yen range": a direction word after an article is an adjective, not a move.
        direct_change = bool(dm) and not level_before and not _ARTICLE_END.search(
            pre_bare[: dm.start()] if dm else "")
        level_cue = level_before and not direct_change
        share = self._value_share(fig, pre_bare, post)
        is_change_unit = fig.kind in CHANGE_KINDS or fig.unit in CHANGE_UNITS or share
        if share:
            related["value_share"] = True  # "lost a third of its value": a change of -33% (verify.py)
        level = not is_change_unit and not direct_change and fig.kind in ("money", "number", "points") or level_cue and not is_change_unit
        if fig.kind == "points" and not level_cue:
            level = False
        window = self._pick_window(fig, sent, plans, level=level, ref=ref)
        if window is not None and window.spec.get("part") in _DAY_PARTS and _AT_CLOSE.search(pre_bare[-40:]):
            # "fell as much as 6.5% in early trading before paring losses to close down 2.1%": the close
            # is the session's end, not the part of the day named for the move before it
            spec = {k: v for k, v in window.spec.items() if k != "part"}
            window = Window(window.kind, window.text, spec, window.source) if _concrete(spec) else None
        direction: int | None = None  # the figure's own (_direction, a scan), read below unless a rule sets it
        extreme = hedge is not None and hedge.mode == "extreme"

        # The cues below are read only by the branches that need them (each is a scan).
        def intraday() -> bool:
            return bool(R.intraday.any.search(self._own_text(fig, sent, plans))) or (
                window is not None and window.spec.get("part") in _INTRADAY_PARTS)

        def threshold() -> bool:
            return bool(R.threshold_before.end.search(pre_bare)) or bool(
                hedge is not None and R.threshold_before.end.search(pre[: len(pre_bare) + len(hedge.text) + 1].rstrip())
                and not is_change_unit) or bool(
                hedge is not None and hedge.mode in ("above", "less_than", "below") and R.threshold_after.start.search(post)
            ) or bool(hedge is not None and norm(hedge.text) in ("topped", "topping", "tops", "top", "surpassed", "past")
                      and not is_change_unit)

        metric: str | None
        if fig.kind == "multiple" and (R.valuation.any.search(clause) or R.valuation.any.search(sent.body)):
            metric = "valuation_multiple"
        elif fig.kind == "money" and (R.market_value.any.search(pre_bare[-40:]) or R.market_value.start.search(post)
                                      or R.market_value.any.search(" ".join(post.split()[:3]))):
            metric = "market_value"
            if _BY_END.search(pre_bare) and (moved := self._direction(fig, pre_bare, post)):
                related["change"] = True  # "its market value fell by ¥2tn": the change, not the value
                direction = moved
        elif fig.kind == "money" and ref.kind == "stock" and self._value_change(post):
            metric = "market_value"
            related["change"] = True  # "wiped $279 billion off its market value": a change, with its direction
        elif fig.kind == "money" and ref.kind == "stock" and fig.scale >= _VALUE_SCALE:
            metric = "market_value"  # "Nvidia tops $3 trillion": billions are a company's value, never its share price
        elif fig.kind in ("ratio_word", "multiple"):
            metric = "change"  # "more than doubled", "twice as high as"
            related["ratio"] = fig.value
        elif fig.kind in COUNT_KINDS and fig.kind != "number" and not share:
            metric = None
            related["measure"] = "rank" if fig.kind == "ordinal" else "count"
            if fig.kind == "ordinal":
                related.update(self._rank(fig, sent))
        elif fig.kind == "number" and _COUNT_OF.search(post):
            metric = None
            related["measure"] = "count"
        elif window is not None and window.kind == "from_extreme" or R.from_low.start.search(post) or R.from_high.start.search(post):
            high = (window is not None and window.kind == "from_extreme" and window.spec.get("extreme") == "high") or bool(
                R.from_high.start.search(post))
            metric = "change_from_high" if high else "change_from_low"
        elif (not is_change_unit or fig.kind == "percent" and ref.kind == "yield") and threshold():
            metric = "threshold"
            related["threshold"] = fig.value
            if R.close_basis.any.search(pre_bare[-25:]):
                related["basis"] = "close"  # "its first close above 19,000": the close crossed it
        elif extreme:
            metric = "intraday_change" if (is_change_unit and not (ref.kind == "yield" and fig.kind == "percent")) and not level_cue else "intraday_level"
        elif ref.kind == "yield":
            if fig.unit in ("basis_point", "percentage_point") or fig.kind in ("basis_points", "percentage_points"):
                metric = "yield_change"
            else:
                metric = "intraday_level" if level_cue and intraday() else "yield_level"
        elif is_change_unit and not level_cue or direct_change:
            metric = "intraday_change" if window is not None and window.spec.get("part") and "touch" not in pre_bare[-20:] \
                and intraday() else "change"  # the scan last
            if metric == "change" and _found(clause, R.bull, R.bear):
                # "tumbled 5.8% to 15,587.79, leaving it down 23% from its record and in a bear market":
                # the market's state belongs to the figure of its own part of the clause
                own = self._own_text(fig, sent, plans)
                if R.bull.any.search(own) or R.bear.any.search(own):
                    metric = "change_from_low" if R.bull.any.search(own) else "change_from_high"
        elif is_change_unit and level_cue:
            # "closed up 1.1% at 557.04 points" (not "a loss of 300 points")
            metric = "level" if fig.kind == "points" and not dm and not pre_bare.rstrip().endswith("of") else "change"
        else:
            metric = "intraday_level" if intraday() else "level"
        if metric in ("change", "intraday_change", "yield_change") and _NOT_MOVED.search(pre_bare[-30:]):
            # "had not moved 1%, in either direction, for six straight weeks": a bound over a
            # stretch, not a move to compare; kept with its subject, no metric computes it.
            metric = None
            related["negated"] = True
        elif metric in ("change", "intraday_change") and R.range_move.end.search(pre_bare) \
                and not R.direction_after.start.search(post[:20]):
            metric = None  # "after swinging more than 3%": the day's range, not a move from the previous close
            related["measure"] = "range"
            direction = 0
        extreme_to = metric in ("level", "yield_level") and self._extreme_before(fig, sent, plans)
        if extreme_to:
            metric = "intraday_level"  # "rose as much as 5.2% to $103,900": the move's extreme, the day's high
        elif metric in ("level", "intraday_level", "record_high", "record_low", "market_value", "valuation_multiple") \
                and not related.get("change"):
            direction = 0  # a level has no direction (a yield level keeps the move that led to it)
        if metric in ("intraday_level", "level", "threshold", "yield_level") and R.record.any.search(pre_bare[-40:]):
            # "to a record close of 44,729.93": the level is checked, and the record with it.
            related["record"] = True
            if _LOWS.search(post[:30] + pre_bare[-30:]):
                direction = -1  # a record low: the lowest close, not the highest
            elif metric == "threshold" and hedge is not None and hedge.mode == "above":
                direction = 1  # "down 10% from the record above $108,000": a high above it, whatever the verb
        if metric in ("level", "intraday_level", "yield_level"):
            ext = _EXTREME_OF.search(pre_bare[-40:])
            if ext:  # "the closing high of 4,796.56 it set on ...": the window's extreme, not any close
                related["extreme"] = "low" if ext.group(1).lower() in ("low", "trough", "bottom") else "high"
                if metric == "level" and "clos" not in pre_bare[-40:].lower() and (
                        ref.kind == "crypto" or R.reach_before.any.search(pre_bare[-40:])):
                    # "bitcoin's record high of $109,000": round the clock, no close; "the Nasdaq hit an
                    # all-time high of 20,204.58": a level the session reached, not its close
                    metric = "intraday_level"
            elif not extreme and level_before and R.reach_before.end.search(pre_bare):
                related["reached"] = True  # "when the rate hit 145": a level passed at some moment, not an extreme
        if window is not None and metric in ("level", "intraday_level", "yield_level") and window.kind == "since":
            date = window.spec.get("date", {})
            if date.get("day"):
                window = Window("session", window.text, {"date": date}, window.source)
        if window is not None and window.source == "context" and metric in ("valuation_multiple", "market_value") \
                and not related.get("change") and not any(w.text == window.text for w in sent.windows):
            window = None  # valuations are read "now", not on an earlier day of the story
        if window is not None and window.kind in ("since", "to_date") and "at" not in window.spec \
                and "had" in pre_bare and _HAD_MOVED.search(pre_bare[-50:]):
            own = next((x for x in sent.windows if x.kind == "session" and _concrete(x.spec) and not x.spec.get("shift")
                        and not self._local(x, sent)), None)
            at = {k: v for k, v in own.spec.items() if k != "part"} if own is not None else self._context_session_spec()
            if at:  # "a rally that had lifted it more than 30% since mid-September": up to the session before
                window = Window(window.kind, window.text, {**window.spec, "at": {**at, "shift": -1}}, window.source)
        if window is not None and window.kind == "from_extreme" and "at" not in window.spec:
            own = next((x for x in sent.windows if x.kind == "session" and _concrete(x.spec) and not x.spec.get("shift")
                        and not self._local(x, sent) and not (
                            "period" in window.spec and x.spec.get("date") == window.spec["period"])), None)
            # "ended 6.6% below its record close on Thursday": measured at Thursday's close (not "its record
            # close of 42,224.02 on July 11": that date places the record)
            if own is not None:
                window = Window(window.kind, window.text, {**window.spec, "at": {k: v for k, v in own.spec.items()
                                                                                  if k != "part"}}, window.source)
        if window is None:
            window = Window("implicit")
        if direction is None:
            direction = self._direction(fig, pre_bare, post)
        inv = _inverted(ref)
        if inv and related.get("record") and not direction:
            direction = 1  # a record (high) of the yen: flipped below to the quote's record low
        if inv and "extreme" in related:
            related["extreme"] = "low" if related["extreme"] == "high" else "high"
        if inv and metric in ("change", "intraday_change", "change_from_low", "change_from_high") and fig.unit in ("percent",):
            related["invert"] = True
        elif inv and direction and metric in ("threshold", "level", "intraday_level"):
            direction = -direction  # "the yen weakened past 160 per dollar": USD/JPY rose
        if fig.approx_word:
            related["approx_word"] = fig.approx_word
        if ref.candidates:
            related["candidates"] = _candidate_names(ref.candidates)
        if subjects:
            related.update(subjects=subjects, each=True)  # checked against each (verify.py)
        month = sent.contract_month
        if month is not None and month != "front" and ref.kind in ("commodity", "bond_future"):
            related["contract_month"] = month
        elif month is not None and ref.kind == "commodity":
            related["contract_month"] = "front"
        for p in plans:
            f = p["fig"]
            if f.kind == "time" and sent.clause_of(f.local_start) == sent.clause_of(fig.local_start):
                related["time_of_day"] = f.text
        for w in sent.windows:
            if w.base and sent.clause_of(w.start) == sent.clause_of(fig.local_start):
                related["base"] = w.spec
        if self._extended_hours(fig, sent, plans):
            related["session_part"] = "extended"  # "fell 6.9% in extended trading": not the session's move
        return make(kind, reason, subject=subject, metric=metric, window=window, direction=direction, related=related, **extra)

    def _extended_hours(self, fig: Figure, sent: _Sentence, plans: list[dict[str, Any]]) -> bool:
        """Whether the figure's own words place it in extended-hours trading ("rose 4% after hours",
        "in premarket trading"; rules/metrics.yaml extended_hours)."""
        if sent.extended_cue is None:
            needs = self.R.extended_hours_needs
            sent.extended_cue = needs is not None and needs.search(
                sent.low if sent.low is not None else sent.text.lower(), sent.start, sent.end) is not None
        if not sent.extended_cue:
            return False
        return self.R.extended_hours.any.search(self._own_text(fig, sent, plans)) is not None

    def _extreme_before(self, fig: Figure, sent: _Sentence, plans: list[dict[str, Any]]) -> bool:
        """Whether the figure is the "to" level of a move hedged as an extreme just before it
        ("rose as much as 5.2% to $103,900"): the level the move reached, the day's extreme."""
        if not sent.text[max(0, fig.local_start - 5) : fig.local_start].rstrip().endswith(" to"):
            return False  # most levels: no "to" right before them
        cs = sent.clause_of(fig.local_start)[0]
        prev = [p["fig"] for p in plans if cs <= p["fig"].local_start and p["fig"].local_end <= fig.local_start
                and p["container"] is None and p["fig"].kind not in DATE_KINDS]
        if not prev or not _TO_GAP.fullmatch(sent.text, prev[-1].local_end, fig.local_start):
            return False
        f = prev[-1]
        hedge = self._hedge(f, sent.text[cs : f.local_start], "")[0]
        return hedge is not None and hedge.mode == "extreme"

    def _rank(self, fig: Figure, sent: _Sentence) -> dict[str, Any]:
        """What an ordinal ranks: "the fifth highest (close) in history", "ranks third among the
        index's biggest increases", "the second-best day": {rank, ranked: level|change, extreme,
        among: record} as far as the words say (no metric computes ranks yet)."""
        cs, ce = sent.clause_of(fig.local_start)
        after = sent.text[fig.local_end : min(ce, fig.local_end + 60)]
        out: dict[str, Any] = {"rank": int(fig.value)}
        hi = self.R.sup_high.any.search(after)
        lo = self.R.sup_low.any.search(after)
        if hi or lo:
            out["extreme"] = "high" if hi and (not lo or hi.start() <= lo.start()) else "low"
            side = self._size_side(after)
            if side is not None:  # "the second-biggest one-day drop": the lows of the moves
                out["extreme"] = "high" if side > 0 else "low"
            out["ranked"] = "change" if self.R.sup_change.any.search(after) else "level"
        if _IN_HISTORY.search(sent.text, cs, ce):
            out["among"] = "record"
        return out

    def _ranks(self, fig: Figure, sent: _Sentence) -> bool:
        """Is the ordinal a rank ("ranks third among the biggest increases", "third-best day")?"""
        _, ce = sent.clause_of(fig.local_start)
        after = sent.text[fig.local_end : min(ce, fig.local_end + 60)]
        return bool(self.R.sup_high.any.search(after) or self.R.sup_low.any.search(after))

    def _own_text(self, fig: Figure, sent: _Sentence, plans: list[dict[str, Any]]) -> str:
        """The words of the clause that belong to ``fig``: a cue such as "touching" or "during the
        session" qualifies its own figure, not one across a comma or "after" ("settled at a record
        $2,178.60 ..., after touching as high as $2,194.90 during the session"). Figures with no
        break between them ("rose 1.2% to 5,012.48 intraday") share their words."""
        cs, ce = sent.clause_of(fig.local_start)
        text = sent.text
        figs = sorted((p["fig"] for p in plans if cs <= p["fig"].local_start < ce and p["container"] is None
                       and p["fig"].kind not in DATE_KINDS), key=lambda f: f.local_start)
        if len(figs) < 2:
            return text[cs:ce]
        k = next((i for i, f in enumerate(figs) if f is fig), None)
        if k is None:
            return text[cs:ce]
        a, b = cs, ce
        for i in range(k, 0, -1):
            gap = list(_SEGMENT_BREAK.finditer(text, figs[i - 1].local_end, figs[i].local_start))
            if gap:
                a = gap[-1].end()
                break
        for i in range(k, len(figs) - 1):
            m = _SEGMENT_BREAK.search(text, figs[i].local_end, figs[i + 1].local_start)
            if m:
                b = m.start()
                break
        return text[a:b]

    def _pick_window(self, fig: Figure, sent: _Sentence, plans: list[dict[str, Any]], level: bool,
                     ref: _Ref | None = None) -> Window | None:
        cs, ce = sent.clause_of(fig.local_start)
        others = [p["fig"] for p in plans if p["container"] is None and p["fig"] is not fig and p["fig"].kind not in DATE_KINDS
                  and p["fig"].kind not in ("ordinal", "duration") and p["fig"].kind != "time"]
        names = sent.names

        def usable(w: _Win) -> bool:
            if w.base or w.used_as_at or w.kind in ("record", "lookback"):
                return False  # look-backs are owned by their own figure
            if w.kind == "since_span":  # "in 16 years": a look-back after a superlative, else a span
                if w.ranked is None:
                    wa, wb = sent.clause_of(w.start)
                    w.ranked = self._sup_at(w, sent, wa, wb) is not None
                if w.ranked:
                    return False
            if w.possessive and self._scoped(w, sent):
                return False  # "extending Thursday's 9.2% drop": its noun phrase's figure only (above)
            if w.when is not None:
                return False  # "early July, when ...": the "when" clause's only (below)
            if w.start <= fig.local_start and fig.local_end <= w.end:
                return False
            if w.kind == "since" and not w.no_lookback and any(w.start <= p["fig"].local_start < w.end for p in plans) \
                    and self._sup_at(w, sent, cs, ce) is not None:
                return False  # "highest since 2008": owned by its own figure ("since World War II" has none)
            if w.kind == "streak" and any(w.start <= p["fig"].local_start and p["fig"].local_end <= w.end for p in plans):
                return False
            if w.kind == "from_extreme" and _OF_FIGURE.match(sent.text, w.end) and any(
                    w.end < p["fig"].local_start <= w.end + 6 and p["fig"] is not fig for p in plans) \
                    and sent.text[fig.local_end : w.start].strip():
                # "above the previous closing high of 38,915.87": names that level, not the base of a
                # move before it ("lost 25% from its record close of 42,224.02" is that move's base)
                return False
            return not (level and w.kind not in LEVEL_WINDOWS and w.year_end is None and not _last_calendar(w))

        for w in sent.own_windows:
            if w.when is not None and sent.clause_of(w.when) == (cs, ce) and w.end <= fig.local_start:
                return self._as_window(w, level=level)
            if w.possessive and w.end <= fig.local_start and self._np_figure(w, sent) is fig:
                if w.base:  # "from Monday's close of 5,100.25": that session's close
                    return Window("session", w.text, {k: v for k, v in w.spec.items() if k == "weekday"})
                return self._as_window(w, level=level)
        cands = [w for w in sent.windows if usable(w)]
        # A figure between this one and a window blocks it, unless it continues the
        # same move ("rose 1.2% to 5,012.48 on Tuesday", "fell 12 points, or 0.3%, on ...").
        blockers = [o for o in others if not sent.companions[o.local_start]]
        after = [w for w in cands if cs <= w.start < ce and w.start >= fig.local_end
                 and not any(fig.local_end <= o.local_start < w.start for o in blockers)
                 and not self._subordinate(sent, fig.local_end, w)
                 and not any(fig.local_end <= m.start < w.start and self.R.direction.any.search(sent.text, m.end, m.end + 25, low=sent.low)
                             for m in names)]
        if after:
            return self._span_at(after[0], sent, self._as_window(after[0], level=level))
        before = [w for w in cands if cs <= w.start and w.end <= fig.local_start]
        if before:
            return self._span_at(before[-1], sent, self._as_window(before[-1], level=level))
        # Parallel moves share the window of the clause before ("The Nasdaq surged 43.4% in 2023,
        # while the Dow gained 13.7%"): the clause just before holds a figure of the same kind.
        # Only when this clause ends with its figure (the window is what it leaves out) and the
        # window follows the figure before ("43.4% in 2023"): "up 20% over a year, and it helped
        # the Nasdaq to a 0.8% gain" is another move.
        prev = [c for c in sent.clauses if c[1] <= cs]
        ends_clause = not sent.text[fig.local_end : ce].strip(_CLAUSE_TAIL)
        if prev and (ends_clause or self.R.comparison.start.search(sent.text[cs : fig.local_start].lstrip(" ,;"))):
            pa, pb = prev[-1]
            figs = [p["fig"] for p in plans if pa <= p["fig"].local_start < pb and p["container"] is None
                    and (p["fig"].kind == fig.kind or {p["fig"].kind, fig.kind} <= _MOVE_KINDS)]
            parallel = [w for w in cands if pa <= w.start and w.end <= pb and not (w.spec.get("part") and w.kind == "session")
                        and not self._local(w, sent)
                        and any(not sent.text[f.local_end : w.start].strip() for f in figs)]
            if parallel:
                return self._as_window(parallel[-1], source="context")
        # An earlier clause's session carries its day, not its part of the day ("during the
        # session", "early Wednesday"), as from an earlier sentence. A period (to date) carries on
        # only when it heads its clause ("For the year, ..."): at the end of a clause ("has gained
        # 12% year-to-date, and the Nasdaq climbed 2%") it is that clause's own.
        sent_before = [w for w in cands if w.end <= cs and w.kind in self.R.windows.inheritable and not w.filled
                       and not self._local(w, sent) and (w.kind == "session" or _heads_clause(sent, w))]
        if sent_before:
            w = sent_before[-1]
            spec = {k: v for k, v in w.spec.items() if k != "part"}
            return Window(w.kind, w.text, spec, "context")
        # "Nvidia soared 171% in 2024, and Tesla jumped 63%. Apple gained 30%.": a sentence that is
        # one bare move shares the period the sentence before ended its moves with.
        t = self.ctx.trailing
        if t is not None and not level and not prev and fig.kind in _MOVE_KINDS and ends_clause \
                and sum(1 for p in plans if p["container"] is None) == 1:
            return Window(t.kind, t.text, dict(t.spec), "context")
        for w in (self.ctx.heading_window, self.ctx.para_window, self.ctx.main_session):
            if w is not None and (not level or w.kind in LEVEL_WINDOWS):
                return Window(w.kind, w.text, dict(w.spec), "context")
        return None

    def _trailing(self, sent: _Sentence, plans: list[dict[str, Any]], out: dict[int, Claim]) -> Window | None:
        """The period the sentence's last move ends with ("soared 171% in 2024." or "..., and Tesla
        jumped 63%." sharing it), which a bare move in the next sentence shares."""
        last = next((p for p in reversed(plans) if p["container"] is None), None)
        if last is None or last["fig"].kind not in _MOVE_KINDS:
            return None
        c = out.get(last["index"])
        w = c.window if c is not None else None
        # only a named period: a period to date at the end of a sentence ("..., up 8% for the
        # week.") is that move's, and the next bare move is the day's again
        if w is None or w.kind != "period" or c.kind != "market" or c.metric != "change":
            return None
        rest = sent.text[last["fig"].local_end : sent.end]
        if w.source == "sentence":
            rest = rest.replace(w.text or "", "", 1)
        if rest.strip(_CLAUSE_TAIL):
            return None
        return Window(w.kind, w.text, dict(w.spec), "context")

    def _span_at(self, w: _Win, sent: _Sentence, win: Window) -> Window:
        """Where a count of sessions ends ("fell 5.97% on Friday and lost 10.5% over the two
        sessions"): at the session its clause names, else (date-only article) the story's."""
        if win.kind != "span" or win.spec.get("unit") != "session" or "at" in win.spec:
            return win
        at = self._at_session(w, sent)
        spec = {k: v for k, v in at.spec.items() if k != "part"} if at is not None else None
        if spec is None:
            pub = self.doc.published
            spec = self._count_at() if pub is not None and not pub.has_time else None
        return Window(win.kind, win.text, {**win.spec, "at": spec}, win.source) if spec else win

    def _subordinate(self, sent: _Sentence, a: int, w: _Win) -> bool:
        """Whether window ``w`` sits in a subordinate clause opened between ``a`` and it: one of
        another time (", after closing Wednesday"), or a participle clause for a window longer
        than the session it shares with the main clause (", taking its gain for the year to ...")."""
        cue = self.R.windows.subordinate_break
        # ", a day after the company announced ...": the window opens the break itself
        end = w.end if w.kind == "session" and w.spec.get("shift") else w.start
        m = cue.search(sent.text, a, end) if cue is not None else None
        return m is not None and (m.group("participle") is None or w.kind != "session")

    def _as_window(self, w: _Win, source: str = "sentence", level: bool = False) -> Window:
        if level and w.year_end is not None:
            return Window("period", w.text, {"period": {"year": w.year_end}}, source)  # the year's last close
        spec = self._fill_session(w)
        if w.kind == "session" and (w.filled == "context" or not _concrete(w.spec) and _concrete(spec)):
            source = "context"  # "ended the session": which session comes from the story
        if level and _last_calendar(w):
            # "hit $108,000 last week": a level at some time in that calendar week, not a move over it
            return Window("period", w.text, {"period": {"relative": f"last {spec['unit']}"}}, source)
        if w.kind == "span" and spec.get("relative") == "last":
            return Window("span", w.text, spec, source)
        if w.kind == "since_span":
            return Window("span", w.text, spec, source)  # "lost 16% in two trading days" (not a look-back)
        return Window(w.kind, w.text, spec, source)

    def _raw(self, bi: int, i: int) -> int:
        block = self.doc.blocks[bi]
        return block.raw(min(max(i, 0), len(block.text)))


# --------------------------------------------------------------------------- helpers


def _words(text: str) -> list[str] | None:
    """The a-z words of ``text`` as a rule scan reads it (lower-cased), for :func:`_may`; None when
    it cannot be lower-cased safely (the scan then reads it case-insensitively: no pre-check)."""
    low = lowered(text)
    return None if low is None else letter_runs(low).decode("ascii").split()


def _may(phrases: PhraseSet, words: list[str] | None) -> bool:
    """Whether a phrase list may match a text with these :func:`_words`: every match holds the
    first word of its phrase (``needs``), so a text without any is not scanned (a scan costs
    far more than the test)."""
    needs = phrases.any.needs
    return needs is None or words is None or not needs.isdisjoint(words)


# PhraseSet → the longest word of each of its phrases (see _may_key); None when a phrase has no letters.
_KEY_WORDS: dict[PhraseSet, frozenset[str] | None] = {}
_AZ = re.compile("[a-z]+")


def _may_key(phrases: PhraseSet, words: list[str] | None) -> bool:
    """Whether a phrase list may match a text with these :func:`_words`: a match holds every word
    of its phrase, so also its longest one, which is rarer than the first (:func:`_may`) in lists
    of phrases that open with "is", "in" or "by" ("is expected to", "by the end of")."""
    keys = _KEY_WORDS.get(phrases, frozenset())
    if keys is not None and not keys:
        runs = [_AZ.findall(norm(p)) for p in phrases.phrases]
        keys = _KEY_WORDS[phrases] = None if not all(runs) else frozenset(max(r, key=len) for r in runs)
    return keys is None or words is None or not keys.isdisjoint(words)


# PhraseSet → whether every one of its phrases opens with a letter (see _may_open).
_LETTER_LED: dict[PhraseSet, bool] = {}


def _may_open(phrases: PhraseSet, text: str) -> bool:
    """Whether a phrase list may match at the start of ``text`` (``start``): not when all its phrases
    open with a letter and the text does not ("$16 trillion", "1.7%"); cheaper than the scan."""
    led = _LETTER_LED.get(phrases)
    if led is None:
        led = _LETTER_LED[phrases] = all(norm(p)[:1].isalpha() for p in phrases.phrases)
    return not led or text.lstrip()[:1].isalpha()


def _found(text: str, *phrase_sets: PhraseSet) -> bool:
    """Whether one of the phrase lists matches ``text`` (each scanned only when :func:`_may` allows)."""
    words = _words(text)
    return any(_may(ps, words) and ps.any.search(text) is not None for ps in phrase_sets)


def _negated(text: str, words: list[str] | None) -> bool:
    """Whether ``text`` (with these :func:`_words`) holds a negation: scanned only when it holds
    one of its words or an apostrophe ("n't")."""
    if words is not None and _NEGATORS.isdisjoint(words) and "'" not in text and "’" not in text:
        return False
    return _NEGATION.search(text) is not None


def _heads_clause(sent: _Sentence, w: _Win) -> bool:
    """Whether a window opens its clause ("For the week, ...", "; this year, ...")."""
    return not sent.text[sent.clause_of(w.start)[0] : w.start].strip(" \t\n,;:—–-")


def _lead_in_shape(text: str) -> bool:
    """A short line ending in a colon ("For the week:"), which may set the window of what follows."""
    stripped = text.strip()
    return stripped.endswith(":") and len(stripped.split()) <= 8


def _concrete(spec: dict[str, Any]) -> bool:
    return any(k in spec for k in ("weekday", "date", "relative", "unit", "period", "amount", "first_session"))


def _number(word: str, table: dict[str, int]) -> int | None:
    w = word.lower().replace(",", "")
    if w.isdigit():
        return int(w)
    return table.get(w)


# By id(pattern): hashing a compiled pattern hashes its whole program (the pattern is kept to check the id).
_GROUP_KEYS: dict[int, tuple[re.Pattern[str], tuple[tuple[int, str], ...], tuple[int, ...]]] = {}
_CASED_GROUPS = frozenset({"month", "wd", "named"})  # names written with a capital in prose


def _group_keys(rx: re.Pattern[str]) -> tuple[tuple[tuple[int, str], ...], tuple[int, ...]]:
    """(index, name without its trailing digits) of each named group of a rule pattern, in order,
    and the indexes of the groups that name a month, weekday or named day.

    A name may repeat with a number ("month5") when a placeholder is used twice; read once per pattern.
    """
    keys = _GROUP_KEYS.get(id(rx))
    if keys is None or keys[0] is not rx:
        named = tuple((i, re.sub(r"\d+$", "", k)) for k, i in rx.groupindex.items())
        keys = _GROUP_KEYS[id(rx)] = rx, named, tuple(i for i, k in named if k in _CASED_GROUPS)
    return keys[1], keys[2]


def _last_calendar(w: _Win) -> bool:
    """"last week", "last month", "last year": a calendar period before the story's, which places a level."""
    return w.kind == "span" and w.spec.get("relative") == "last" and w.spec.get("amount") == 1 \
        and w.spec.get("unit") in ("week", "month", "year")


def _listed(pre: list[_Mention], text: str) -> list[_Mention]:
    """The names that close ``pre`` as a list ("the Dow, the S&P 500 and the Nasdaq"): known names
    joined by commas or "and", in order (one name when they are not a list)."""
    names = [pre[-1]]
    for m in reversed(pre[:-1]):
        if m.type != "entity" or names[0].type != "entity" or not _LIST_JOIN.fullmatch(text, m.end, names[0].start):
            break
        names.insert(0, m)
    return names


def _anchors_of_non_market(out: dict[int, Claim]) -> None:
    """A date that places only a figure that is no market claim ("GDP expanded 4.9% in the third
    quarter") places nothing checkable: it is a date of no market figure, not an anchor."""
    for k, c in out.items():
        if c.kind != "anchor":
            continue
        text = str(c.related.get("claim_text") or "")
        owners = [o for o in out.values() if o is not c and text.endswith(o.figure.text)]
        if owners and all(o.kind in ("not_market", "forecast", "aggregate") for o in owners) and not any(
                o.kind == "market" and o.window is not None and o.window.text == c.related.get("window")
                for o in out.values()):  # unless a market claim of the sentence is read in its window
            out[k] = replace(c, kind="not_market", reason="a date that places no market figure", related={})


def _names_capitalised(m: re.Match[str], text: str) -> bool:
    """Months and weekdays are capitalised in prose; "may" and "sat" in lower case are words."""
    for i in _group_keys(m.re)[1]:
        a, b = m.span(i)
        if b > a and not text[a].isupper():
            return False
    return True


def _case_ok(alias: str, found: str) -> bool:
    a = _LEADING_THE.sub("", " ".join(alias.replace("’", "'").split()))
    f = " ".join(found.replace("’", "'").split())
    if len(a) != len(f):
        return a.lower() == f.lower() or a[:1].isupper() == f[:1].isupper()
    return all(not ca.isupper() or cf.isupper() for ca, cf in zip(a, f))


def _alias_entity(E: Any, ticker: str) -> Entity | None:
    for alias in E.aliases.get(norm(ticker), ()):
        return alias.entity
    return None


# A look-back or record of a subject quoted inversely (the yen as yen per dollar) is the quote's opposite one.
_FLIP_SINCE = {"high_since": "low_since", "low_since": "high_since", "record_high": "record_low", "record_low": "record_high"}


def _inverted(ref: _Ref | None) -> bool:
    """Whether the subject is the reciprocal of its quote ("the yen" of USD/JPY, rules `invert`)."""
    return ref is not None and ref.entity is not None and ref.listing is not None and ref.listing.invert


# "no intraday move had been larger (since 2022)": the noun a negated comparison ranks.
_NO_NOUN = re.compile(r"\b[Nn]o\s+(?P<adj>(?:[\w-]+\s+){0,2}?)(?P<noun>[\w-]+)\s+(?:had|has|have)\s+(?:been|seen|brought)\b")
# "off its", "to Meta's", "from the chipmaker's": the one holder of the market value a money figure changes.
_VALUE_OF_ONE = re.compile(r"\s*(?:off|from|to|onto)\s+(?:its|the\s+[\w-]+['’]s|[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,3}['’]s?)\s+")
_BARE_VALUE = re.compile(r"(?:value|valuation)\b")  # "wiping €13bn off its value": its market value
_NAME_WORD = re.compile(r"[ \t]([A-Z][a-z][\w&-]*)")


def _longer_name(E: Any, text: str, start: int, end: int) -> _Mention | None:
    """The longer unknown name a known name starts ("Toyota Industries", "Siemens Energy AG"), or None.

    The known name runs on into a capitalised word (with a lower-case second letter: not
    "AG", "CEO", "H20") that is neither a word that opens a phrase (``not_names``), nor one
    that may follow a name (``name_followers``: "Inc", "Shares", "Chief"), nor a listing place.
    """
    m = _NAME_WORD.match(text, end)
    if m is None:
        return None
    word = m.group(1)
    if word in E.not_names or word in E.name_followers or E.cue_re.match(text, m.start(1)):
        return None
    stop = m.end()
    while (n := _NAME_WORD.match(text, stop)) or (n := _NAME_TAIL.match(text, stop)):
        if n.group(1) in E.not_names:
            break
        stop = n.end()
    return _Mention(start, stop, text[start:stop], "unknown", strong=True)


_POSSESSIVE = re.compile(r"['’]s[ \t]+")


def _possessive_cut(E: Any, text: str, start: int, end: int, ents: list[_Mention]) -> int | None:
    """Where an unknown name [start, end) must start when a possessive inside it follows a place
    ("Germany's", a listing cue) or is followed by a known name: after the possessive; -1 when
    the known name, with only words that may follow a name (``name_followers``: "Index",
    "Average"), is the whole rest. None: no such possessive ("Moody's Analytics" stays whole)."""
    cut = None
    for p in _POSSESSIVE.finditer(text, start, end):
        if any(e.start <= p.end() < e.end for e in ents) or any(
                c.end() == p.start() for c in E.cue_re.finditer(text, max(0, start - 20), p.start())):
            cut = p.end()
    if cut is None:
        return None
    known = [e for e in ents if e.start <= cut < e.end]
    if known and all(w in E.name_followers for w in text[max(e.end for e in known) : end].split()):
        return -1
    return cut


_NAME_TAIL = re.compile(r"[ \t]((?:AG|SE|SA|NV|ASA|AB|PLC|plc|Inc|Corp|Co|Ltd)\b\.?)")


def _title_case(text: str) -> bool:
    """A headline in title case ("Toyota Shares Jump As Yen Slides"): a short line, its words capitalised."""
    if len(text) > 200:
        return False
    words = _CAP_WORD.findall(text)
    return bool(words) and sum(w[:1].isupper() for w in words) > 0.6 * len(words)


# By id(entity): an entity's listings by market (the entity is kept to check the id).
_MARKETS: dict[int, tuple[Entity, dict[str, Listing]]] = {}


def _markets(entity: Entity) -> dict[str, Listing]:
    """The listings of an entity by market, the last of a market winning (read once per entity)."""
    kept = _MARKETS.get(id(entity))
    if kept is None or kept[0] is not entity:
        kept = _MARKETS[id(entity)] = entity, {lst.market: lst for lst in entity.listings if lst.market}
    return kept[1]


def _candidate_names(refs: tuple[_Ref, ...]) -> list[str]:
    return [r.listing.name if r.listing is not None else r.mention for r in refs]


def _several_reason(refs: tuple[_Ref, ...]) -> str:
    return f"may mean several instruments ({' and '.join(_candidate_names(refs))}); not guessed"


def _strip_article(text: str) -> str:
    """``text`` without its trailing whitespace and a final article ("rose to the" → "rose to")."""
    t = text.rstrip()
    if t[-1:] not in "eEnNaA":
        return t  # most texts end in another letter: no article to try
    for art in ("the", "an", "a"):
        n = len(art)
        if len(t) > n and t[-n - 1].isspace() and t[-n:].lower() == art:
            return t[:-n].rstrip()
    return t


def _skip_space(text: str, i: int) -> int:
    while i < len(text) and text[i].isspace():
        i += 1
    return i


def _drop_overlaps(ms: Iterable[_Mention]) -> list[_Mention]:
    out: list[_Mention] = []
    for m in ms:
        if out and m.start < out[-1].end:
            continue
        out.append(m)
    return out


def _drop_proxies(ms: list[_Mention], text: str) -> list[_Mention]:
    """A market phrase right after a company ("Alibaba's Hong Kong shares") qualifies the company's listing;
    a generic name right after one it may mean ("West Texas Intermediate crude futures") is part of it."""
    out: list[_Mention] = []
    for m in ms:
        if m.type == "entity" and m.entity is not None and m.entity.one_of and out:
            prev = out[-1]
            if prev.type == "entity" and prev.entity is not None and prev.entity.name in m.entity.one_of \
                    and not text[prev.end : m.start].strip():
                prev.end, prev.text = m.end, text[prev.start : m.end]
                continue
        if m.type == "entity" and m.entity is not None and m.entity.proxy and out:
            prev = out[-1]
            gap = text[prev.end : m.start]
            if prev.type == "entity" and prev.entity is not None and prev.entity.kind == "stock" and \
                    _PROXY_GAP.fullmatch(gap):
                continue
        out.append(m)
    return out


def _proper_case_clash(found: str, text: str, start: int) -> bool:
    """A lower-case cue word written with a capital inside a sentence is a name ("Cash App", "Sales Corp")."""
    if not found[:1].isupper() or found.isupper():
        return False
    before = text[:start].rstrip()
    return bool(before) and before[-1] not in ".!?:;\"“("
