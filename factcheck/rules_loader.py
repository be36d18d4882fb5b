"""The claim stage's rules (entities, metrics, windows, claim kinds, hedges), loaded once.

Everything a newsroom may want to extend — company names, verbs, window
phrases, cue words — lives in ``rules/*.yaml``; this module turns those lists
into compiled regular expressions and lookup tables, once per process
(``load_rules`` is cached). Phrase lists are compiled as character tries so
that a few thousand aliases cost one regex scan per paragraph, not one per
alias.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Any

from factcheck.model import FactcheckError
from factcheck.resources import merge_rules, read_yaml, rules_dirs

_APOS = "'’"


@lru_cache(maxsize=8192)
def norm(text: str) -> str:
    """The lookup key of a phrase: lower case, one space, straight apostrophes.

    Cached: the names, cue words and units an article repeats are looked up again and again.
    """
    return " ".join(text.replace("’", "'").lower().split())


def _esc(ch: str) -> str:
    if ch == " ":
        return r"\s+"
    if ch == "'":
        return "['’]"
    if ch == "-":
        return "[-‐‑]"
    return re.escape(ch)


def trie_pattern(phrases: Iterable[str], *, lower: bool = True) -> str:
    """A regex alternation of ``phrases`` as a character trie (greedy: longest wins)."""
    trie: dict[str, Any] = {}
    for p in phrases:
        key = norm(p) if lower else " ".join(p.replace("’", "'").split())
        if not key:
            continue
        node = trie
        for ch in key:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        branches = [_esc(ch) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:
            return "(?:" + body + ")?"
        return body

    return emit(trie)


# A phrase must not start or end inside a word; a phrase ending in punctuation
# ("Inc.", "HK$") needs no right boundary.
_LEFT = r"(?<![\w&])"
_RIGHT = r"(?:(?<=[^\w&])|(?![\w&]))"


def phrase_regex(phrases: Iterable[str], *, ignore_case: bool = True, anchor: str = "") -> re.Pattern[str]:
    """Compile phrases into one bounded regex; ``anchor='$'`` matches only at the end."""
    body = trie_pattern(phrases, lower=ignore_case)
    if not body:
        return re.compile(_NEVER)
    flags = re.IGNORECASE if ignore_case else 0
    return re.compile(_LEFT + "(?:" + body + ")" + _RIGHT + anchor, flags)


# --------------------------------------------------------------------------- lower-case scanning
#
# Python's `re` scans about three times faster without IGNORECASE. A
# case-insensitive pattern whose literals are all lower case finds exactly the
# same spans in ``text.lower()`` as in ``text`` with the flag, as long as
# lower-casing keeps every offset ("İ" becomes two characters) and the text
# has none of the two letters IGNORECASE folds beyond lower() ("ı", "ſ").
# Callers scan the lower-cased copy and read what they found from the
# original text by offsets.

_NEVER = r"(?!x)x"

try:  # the regex parser's own view of a pattern, for the first-character look-ahead (_first_chars)
    from re import _constants as _sre
    from re import _parser as _sre_parser
except ImportError:  # another Python's private layout: patterns are compiled as written
    _sre = _sre_parser = None  # type: ignore[assignment]

_GLOBAL_FLAGS = re.IGNORECASE | re.MULTILINE | re.DOTALL | re.VERBOSE | re.ASCII | re.LOCALE


def _with_first_chars(source: str) -> str:
    r"""``source`` (compiled without flags) behind a look-ahead for the characters its matches can start with.

    `re` tries a pattern at every position of a text; a pattern that opens with
    a look-behind or an optional part (``(?<![\w-])(?P<name>[A-Z]...``) enters
    its matcher at each one. The look-ahead ``(?=[A-Z])`` rejects most positions
    at once and changes no match: every match starts with one of those
    characters. Patterns that can match the empty string, or whose first
    character may be anything (``.``, ``\w``, a negated class), are left alone.
    """
    if _sre_parser is None:
        return source
    try:
        parsed = _sre_parser.parse(source, 0)
        if parsed.state.flags & _GLOBAL_FLAGS:
            return source  # inline global flags must stay in front
        items = list(parsed)
        while items and items[0][0] == _sre.SUBPATTERN and len(items) == 1:
            items = list(items[0][1][-1])
        if not items or _has_prefix(*items[0]):
            return source  # `re` skips ahead to the first character by itself
        first = _first_chars(list(parsed))
    except (AttributeError, IndexError, TypeError, ValueError, re.error):  # a parser this code does not know
        return source
    if first is None or first[1] or not 0 < len(set(first[0])) <= _MAX_FIRST:
        return source
    return "(?=[" + "".join(dict.fromkeys(first[0])) + "])" + source


def _has_prefix(op: Any, av: Any) -> bool:
    """Whether a pattern opening with this item gets `re`'s own skip-ahead (a literal, a class, literal branches)."""
    if op == _sre.SUBPATTERN:
        inner = list(av[-1])
        return bool(inner) and _has_prefix(*inner[0])
    if op in (_sre.LITERAL, _sre.IN):
        return True
    return op == _sre.BRANCH and all(alt and next(iter(alt))[0] == _sre.LITERAL for alt in av[1])


def _first_chars(items: list[Any]) -> tuple[list[str], bool] | None:
    """(character-class items one of which starts every match, whether the sequence can match empty); None if unknown."""
    out: list[str] = []
    for op, av in items:
        found = _first_item(op, av)
        if found is None:
            return None
        out.extend(found[0])
        if not found[1]:
            return out, False
    return out, True


def _first_item(op: Any, av: Any) -> tuple[list[str], bool] | None:
    if op == _sre.LITERAL:
        return [_class_char(av)], False
    if op == _sre.IN:
        out = []
        for o, a in av:
            if o == _sre.LITERAL:
                out.append(_class_char(a))
            elif o == _sre.RANGE:
                out.append(_class_char(a[0]) + "-" + _class_char(a[1]))
            else:  # categories (\s, \w, ...), negation: too wide to help
                return None
        return out, False
    if op in (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT):
        return [], True  # zero width: the next item starts the match
    if op == _sre.SUBPATTERN:
        if av[1] & _GLOBAL_FLAGS:
            return None  # (?i:...): cased letters would need both cases
        return _first_chars(list(av[-1]))
    if op == _sre.BRANCH:
        out = []
        empty = False
        for alt in av[1]:
            found = _first_chars(list(alt))
            if found is None:
                return None
            out.extend(found[0])
            empty = empty or found[1]
        return out, empty
    if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, getattr(_sre, "POSSESSIVE_REPEAT", _sre.MAX_REPEAT)):
        found = _first_chars(list(av[2]))
        return None if found is None else (found[0], found[1] or av[0] == 0)
    return None


_MAX_FIRST = 16  # a class of more opening characters (a trie of names) rejects too few positions to pay


def _class_char(code: int) -> str:
    return re.escape(chr(code))
_ESCAPE = re.compile(r"\\.|\(\?P<\w+>|\(\?P=\w+\)")  # escapes and group names are not literals


def lowered(text: str) -> str | None:
    """``text.lower()`` when it can stand in for ``text`` in a case-insensitive scan, else None."""
    low = text.lower()
    if text.isascii():
        return low  # ASCII lower-casing keeps every offset
    if len(low) != len(text) or "ı" in low or "ſ" in low:
        return None
    return low


class Scan:
    """A case-insensitive pattern, compiled on first use, that scans lower-cased text when it can.

    ``search``, ``match`` and ``finditer`` take the original text and return
    matches whose offsets (not necessarily whose group text) belong to it: read
    what was found from the original by offsets. ``low`` is ``lowered(text)``
    when the caller already has it (None: the text cannot be lower-cased
    safely); by default it is computed. Compiling lazily keeps the cold start
    short: many rule lists are only needed by some articles.
    """

    __slots__ = ("_ci", "_lc", "first", "needs", "source")

    def __init__(self, source: str, needs: frozenset[str] | None = None, *, first: bool = False) -> None:
        self.source = source
        self.needs = needs  # words (see text_words) one of which every match contains
        self.first = first  # compile the lower-case form behind its first-character look-ahead (_with_first_chars)
        self._ci: re.Pattern[str] | None = None
        self._lc: re.Pattern[str] | None | bool = False  # False: not compiled yet; None: not usable

    @property
    def ci(self) -> re.Pattern[str]:
        """The pattern with IGNORECASE, for any text."""
        if self._ci is None:
            self._ci = re.compile(self.source, re.IGNORECASE)
        return self._ci

    @property
    def lc(self) -> re.Pattern[str] | None:
        """The same pattern without the flag, for lower-cased text (None if it names upper-case letters)."""
        if self._lc is False:
            if any(c.isupper() for c in _ESCAPE.sub("", self.source)):
                self._lc = None
            else:
                self._lc = re.compile(_with_first_chars(self.source) if self.first else self.source)
        return self._lc  # type: ignore[return-value]

    # search, match and finditer each pick the pattern inline (lower-case form when ``low``
    # allows, else IGNORECASE), and lower-case the text only when that form exists: together
    # they run a few hundred times per article, mostly on short texts.
    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize, low: Any = ...) -> re.Match[str] | None:
        lc = self._lc
        if lc is False:
            lc = self.lc
        if lc is not None:
            if low is ...:
                low = lowered(text)
            if low is not None:
                return lc.search(low, pos, endpos)  # type: ignore[union-attr]
        return (self._ci or self.ci).search(text, pos, endpos)

    def match(self, text: str, pos: int = 0, endpos: int = sys.maxsize, low: Any = ...) -> re.Match[str] | None:
        lc = self._lc
        if lc is False:
            lc = self.lc
        if lc is not None:
            if low is ...:
                low = lowered(text)
            if low is not None:
                return lc.match(low, pos, endpos)  # type: ignore[union-attr]
        return (self._ci or self.ci).match(text, pos, endpos)

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize, *, low: Any = ...,
                 words: frozenset[str] | None = None) -> Iterator[re.Match[str]]:
        """All matches; with ``words`` (the text's ``text_words``) a text without any needed word is not scanned."""
        if words is not None and self.needs is not None and low is not None and self.needs.isdisjoint(words):
            return iter(())
        lc = self._lc
        if lc is False:
            lc = self.lc
        if lc is not None:
            if low is ...:
                low = lowered(text)
            if low is not None:
                return lc.finditer(low, pos, endpos)  # type: ignore[union-attr]
        return (self._ci or self.ci).finditer(text, pos, endpos)


class PhraseScan(Scan):
    """The :class:`Scan` of a phrase list that, given a paragraph's words, tries phrases only where they can start.

    Scanning a paragraph with a large phrase trie (the entity aliases) costs `re`
    a try at every character, with a program large enough to leave the
    processor's caches between paragraphs. But a bounded match has every letter
    run of its phrase as a whole word of the lower-cased text (``text_words``),
    the first one a fixed number of characters after the match start (what
    precedes it, "10-" in "10-year treasury", has no space). So ``finditer`` with
    ``words`` takes the first words of the phrases whose first two words the
    paragraph has, finds where they occur, and there, in order, matches the small
    trie of the phrases with that first word, skipping what a match covers. Every
    phrase that can match at a place starts with the word the text has there, and
    the small trie takes the same path as the large one: the matches are the
    scan's (tests/test_scan_speed.py checks it on every paragraph of the articles).
    Without ``words`` (or with a range, or a text that cannot be lower-cased
    safely) it scans.
    """

    __slots__ = ("_groups", "_index", "phrases")

    def __init__(self, phrases: tuple[str, ...]) -> None:
        body = trie_pattern(phrases)
        super().__init__(_LEFT + "(?:" + body + ")" + _RIGHT if body else _NEVER, _first_words(phrases))
        self.phrases = phrases
        self._index: dict[str, tuple[bytes, tuple[int, ...], frozenset[str] | None]] | None | bool = False
        self._groups: dict[str, re.Pattern[str]] = {}

    @property
    def index(self) -> dict[str, tuple[bytes, tuple[int, ...], frozenset[str] | None]] | None:
        """First word → (the word between spaces, as in ``letter_runs``; the distances from the
        starts of its phrases to it; their second words, None when one has no other word). None
        when a phrase has a space before its first word (built on first use)."""
        if self._index is False:
            if any(c.isupper() for c in _ESCAPE.sub("", self.source)):  # no lower-case form (see Scan.lc)
                self._index = None
                return None
            found: dict[str, tuple[set[int], set[str] | None]] = {}
            for p in self.phrases:
                key = norm(p)
                runs = _WORD.findall(key)
                m = _WORD.search(key)
                if m is None or " " in key[: m.start()]:
                    self._index = None
                    return None
                offs, seconds = found.get(m.group(), (set(), set()))
                offs.add(m.start())
                if seconds is not None:
                    seconds = seconds | {runs[1]} if len(runs) > 1 else None
                found[m.group()] = offs, seconds
            self._index = {w: ((" " + w + " ").encode("ascii"), tuple(sorted(offs)),
                               None if seconds is None else frozenset(seconds))
                           for w, (offs, seconds) in found.items()}
        return self._index  # type: ignore[return-value]

    def group(self, word: str) -> re.Pattern[str]:
        """The lower-case pattern of the phrases whose first letter run is ``word`` (compiled on first use)."""
        rx = self._groups.get(word)
        if rx is None:
            mine = [p for p in self.phrases if (m := _WORD.search(norm(p))) is not None and m.group() == word]
            rx = self._groups[word] = re.compile(_LEFT + "(?:" + trie_pattern(mine) + ")" + _RIGHT)
        return rx

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize, *, low: Any = ...,
                 words: frozenset[str] | None = None, runs: bytes | None = None) -> Iterator[re.Match[str]]:
        """``runs``: ``letter_runs(low)`` when the caller has it (a paragraph's scans share one)."""
        if words is None or low is None or low is ... or pos or endpos != sys.maxsize:
            return Scan.finditer(self, text, pos, endpos, low=low, words=words)
        index = self._index
        if index is False:
            index = self.index
        if index is None:
            return Scan.finditer(self, text, pos, endpos, low=low, words=words)
        starts: list[tuple[int, str]] = []
        for w in self.needs & words:  # type: ignore[operator]
            key, offs, seconds = index[w]
            if seconds is not None and seconds.isdisjoint(words):
                continue  # no phrase of this word has its second word in the text
            if runs is None:
                runs = letter_runs(low)
            i = runs.find(key)
            while i >= 0:  # i: where the word starts in ``low`` (``runs`` has one more space in front)
                for o in offs:
                    starts.append((i - o, w))
                i = runs.find(key, i + len(key) - 1)
        if not starts:
            return iter(())
        starts.sort()
        out = []
        end = 0
        groups = self._groups
        for p, w in starts:
            if p >= end:
                m = (groups.get(w) or self.group(w)).match(low, p)
                if m is not None:
                    out.append(m)
                    end = m.end()
        return iter(out)


def phrase_scan(phrases: Iterable[str]) -> PhraseScan:
    """Like :func:`phrase_regex` (case-insensitive), as a lazily compiled :class:`PhraseScan`."""
    return PhraseScan(tuple(phrases))


def letter_runs(low: str) -> bytes:
    """``low`` with every character but a-z as a space, between two more spaces (bytes: one per character)."""
    return b" " + low.encode("ascii", "replace").translate(_LETTERS_ONLY) + b" "


def _first_words(phrases: Iterable[str]) -> frozenset[str] | None:
    """The first letter run of each phrase: a bounded match in a lower-cased text has it as one of its words.

    None when some phrase has no letters (no pre-check possible).
    """
    out: set[str] = set()
    for p in phrases:
        m = _WORD.search(norm(p))
        if m is None:
            return None
        out.add(m.group())
    return frozenset(out)


# --------------------------------------------------------------------------- entities


@dataclass(frozen=True)
class Listing:
    """One tradable series of an entity (a share line, a country's yield)."""

    name: str
    symbol: str | None
    kind: str
    exchange: str | None
    currency: str | None
    market: str | None = None
    default: bool = False
    invert: bool = False
    data: bool = True
    note: str | None = None


@dataclass(frozen=True)
class Entity:
    name: str
    kind: str
    listings: tuple[Listing, ...]
    select: str | None = None  # adjacent | sentence | context
    proxy: bool = False
    case_sensitive: bool = False
    one_of: tuple[str, ...] = ()  # a generic name ("oil") for one of these entities, chosen by the article
    several: str | None = None  # "each": when the article names several of one_of, the figure is about each


@dataclass(frozen=True)
class Alias:
    text: str
    entity: Entity
    case_sensitive: bool


@dataclass
class EntityRules:
    aliases: dict[str, list[Alias]]
    alias_re: Scan
    symbols: dict[str, Entity]
    by_name: dict[str, Entity]
    cues: dict[str, str]  # cue phrase (one space, straight apostrophes) → market group
    cue_re: re.Pattern[str]
    cue_exchanges: dict[str, frozenset[str]]  # cue group → exchanges of the instruments its places name
    anaphora: dict[str, frozenset[str]]  # normalised phrase → subject kinds
    anaphora_re: Scan
    anaphora_extra: list[tuple[re.Pattern[str], frozenset[str], frozenset[str] | None]]
    weak: frozenset[str]  # bare plurals ("shares") that yield to any named subject
    near: frozenset[str]  # "it", "its": antecedent in this or the previous sentence only
    several: frozenset[str]  # "both benchmarks": two subjects at once, reported rather than pinned on one
    not_companies: frozenset[str]
    modifier_re: Scan
    opaque_re: Scan
    opaque_phrases: tuple[str, ...]
    # (pattern, needs, holds: strings one of which every match's text holds as written; empty: no test)
    unknown_res: list[tuple[re.Pattern[str], frozenset[str] | None, tuple[str, ...]]]
    not_names: frozenset[str]
    # Capitalised words that may follow a known name without making a longer, other name
    # ("Apple Inc", "Brent Crude", "Tesla Chief Executive"); any other one does ("Toyota Industries").
    name_followers: frozenset[str] = frozenset()
    company_plurals: frozenset[str] = frozenset()  # "shares": opening a sentence after one stock's, that stock's
    counter_re: re.Pattern[str] | None = None  # "against", "versus" right before a name: the other side of a pair


def _listing(raw: dict[str, Any], ent: dict[str, Any]) -> Listing:
    def get(key: str, default: Any = None) -> Any:
        return raw.get(key, ent.get(key, default))

    return Listing(
        name=str(get("name")),
        symbol=get("symbol"),
        kind=str(get("kind", "stock")),
        exchange=get("exchange"),
        currency=get("currency"),
        market=raw.get("market"),
        default=bool(raw.get("default", False)),
        invert=bool(get("invert", False)),
        data=bool(get("data", get("symbol") is not None)),
        note=get("note"),
    )


_PLACE_STOCKS = re.compile(r"(?P<place>[A-Z][\w.]*(?: [A-Z][\w.]*)*) (?P<what>stocks|shares|equities)")


def _with_place_variants(names: list[str]) -> list[str]:
    """A market phrase "Shanghai stocks" is also written "stocks in Shanghai" ("Stocks in Shanghai rose"):
    both orders, without listing each."""
    out = dict.fromkeys(names)
    for name in names:
        m = _PLACE_STOCKS.fullmatch(name)
        if m is not None:
            for what in (m["what"], m["what"].capitalize()):
                out.setdefault(f"{what} in {m['place']}")
    return list(out)


_TENOR = re.compile(r"(?<![\w-])(\w+)(?=-(?:year|month|week)\b)")


def _with_tenor_variants(names: list[str], tenors: dict[str, str]) -> list[str]:
    """``names`` and each written with its tenor the other way ("10-year yield" and "ten-year yield"),
    without repeats; only entity rules spell tenors, so both spellings need not be listed."""
    back = {w: n for n, w in tenors.items()}
    out = dict.fromkeys(names)
    for name in names:
        for variant in (
            _TENOR.sub(lambda m: tenors.get(m.group(1), m.group(1)), name),
            _TENOR.sub(lambda m: back.get(m.group(1).lower(), m.group(1)), name),
        ):
            out.setdefault(variant)
    return list(out)


def _load_entities(files: list[Path]) -> EntityRules:
    if not files:
        raise FactcheckError("no entity rules found (rules/entities/*.yaml)")
    common: dict[str, Any] = {}
    entities: list[tuple[Entity, list[str]]] = []
    for path in files:
        data = read_yaml(path) or {}
        for key in ("cues", "cue_exchanges", "anaphora", "opaque", "unknown_names", "not_names", "not_companies", "modifier_nouns",
                    "name_followers", "company_plurals", "counter_before", "tenor_words"):
            if key in data:
                common[key] = merge_rules(common[key], data[key]) if key in common else data[key]
        for group in data.get("groups", ()):
            defaults = group.get("defaults", {})
            for raw in group.get("entities", ()):
                ent = {**defaults, **raw}
                if "listings" in ent:
                    listings = tuple(_listing(lst, {**ent, "name": lst.get("name", ent["name"])}) for lst in ent["listings"])
                else:
                    listings = (_listing(ent, ent),)
                entity = Entity(
                    name=str(ent["name"]),
                    kind=str(ent.get("kind", "stock")),
                    listings=listings,
                    select=ent.get("select"),
                    proxy=bool(ent.get("proxy", False)),
                    case_sensitive=ent.get("case") == "sensitive",
                    one_of=tuple(str(x) for x in ent.get("one_of", ())),
                    several=ent.get("several"),
                )
                entities.append((entity, [str(a) for a in ent.get("aliases", ())] + [entity.name]))

    aliases: dict[str, list[Alias]] = {}
    symbols: dict[str, Entity] = {}
    tenors = {str(k): str(v) for k, v in (common.get("tenor_words") or {}).items()}
    for entity, names in entities:
        for lst in entity.listings:
            if lst.symbol:
                symbols.setdefault(lst.symbol.upper(), entity)
        if entity.kind == "market":
            names = _with_place_variants(names)
        for name in _with_tenor_variants(names, tenors):
            # A leading article is not part of a name: "the S&P 500" must not
            # stop at the alias "the S&P" before "S&P 500" gets its chance.
            key = re.sub(r"^the\s+", "", norm(name))
            aliases.setdefault(key, []).append(Alias(name, entity, entity.case_sensitive))

    # Cues are proper names ("US" is not "us"): matched with their case.
    cues = {" ".join(p.replace("’", "'").split()): grp for grp, phrases in (common.get("cues") or {}).items() for p in phrases}
    anaphora: dict[str, set[str]] = {}
    extra: list[tuple[re.Pattern[str], frozenset[str], frozenset[str] | None]] = []
    weak: set[str] = set()
    near: set[str] = set()
    several: set[str] = set()
    for entry in common.get("anaphora", ()):
        kinds = frozenset(entry.get("kinds", ("any",)))
        for p in entry.get("phrases", ()):
            anaphora.setdefault(norm(p), set()).update(kinds)
            if entry.get("weak"):
                weak.add(norm(p))
            if entry.get("near"):
                near.add(norm(p))
            if entry.get("several"):
                several.add(norm(p))
        needs = _needs_words(entry["needs"], {}) if entry.get("needs") else None
        for rx in entry.get("re", ()):
            extra.append((_bounded_re(rx), kinds, needs))
    return EntityRules(
        aliases=aliases,
        alias_re=phrase_scan(aliases.keys()),
        symbols=symbols,
        by_name={e.name: e for e, _ in entities},
        cues=cues,
        cue_re=phrase_regex(cues.keys(), ignore_case=False),
        cue_exchanges={g: frozenset(x) for g, x in (common.get("cue_exchanges") or {}).items()},
        anaphora={k: frozenset(v) for k, v in anaphora.items()},
        anaphora_re=phrase_scan(anaphora.keys()),
        anaphora_extra=extra,
        weak=frozenset(weak),
        near=frozenset(near),
        company_plurals=frozenset(norm(x) for x in common.get("company_plurals", ())),
        several=frozenset(several),
        not_companies=frozenset(norm(x) for x in common.get("not_companies", ())),
        modifier_re=phrase_scan(common.get("modifier_nouns", ())),
        opaque_re=phrase_scan(common.get("opaque", ())),
        opaque_phrases=tuple(common.get("opaque", ())),
        unknown_res=[(re.compile(_with_first_chars(u["re"])), _needs_words(u["needs"], {}) if u.get("needs") else None,
                      tuple(u.get("holds", ()))) for u in common.get("unknown_names", ())],
        not_names=frozenset(common.get("not_names", ())),
        name_followers=frozenset(common.get("name_followers", ())),
        counter_re=re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, common["counter_before"])) + r")\s+(?:the\s+)?$", re.IGNORECASE)
        if common.get("counter_before") else None,
    )


_LEAD_CLASS = re.compile(r"\[(?:\\.|[^\]\\])+\]")  # a character class ("[TtIiA-Z]") at the start of a rule


def _bounded_re(rx: str) -> re.Pattern[str]:
    r"""``rx`` between the phrase bounds (``_LEFT``, ``_RIGHT``), compiled.

    A rule that opens with a character class taken once (and has no top-level ``|``)
    gets the left bound after that class, as ``(?<![\w&][\s\S])``, which tests the
    same character: `re` then skips to the class's characters by itself instead of
    entering the rule at every character for the look-behind.
    """
    m = _LEAD_CLASS.match(rx)
    if m is not None and rx[m.end() : m.end() + 1] not in _QUANTIFIER and len(_split_bars(rx)) == 1:
        return re.compile(m.group() + r"(?<![\w&][\s\S])(?:" + rx[m.end() :] + ")" + _RIGHT)
    return re.compile(_with_first_chars(_LEFT + "(?:" + rx + ")" + _RIGHT))


# --------------------------------------------------------------------------- windows


@dataclass(frozen=True)
class WindowPattern:
    """A window rule with its cheap pre-checks (a paragraph that fails them is not scanned).

    ``needs``: word sets (lower case; "#digit" any digit, "#year" a 19xx/20xx
    number) each of which must meet the paragraph's words. ``needs_text``:
    phrases one of which must occur in the paragraph, lower-cased with its
    whitespace runs collapsed to one space.
    """

    kind: str
    regex: Scan
    needs: tuple[frozenset[str], ...] = ()
    needs_text: tuple[str, ...] = ()
    rule: str = ""  # the rule's expression as written (placeholders expanded), before bounding
    # [(lead words that a letter may follow, {whole lead word: its key})] (see _lead_words), once computed
    _starts: list[Any] = field(default_factory=list, repr=False, compare=False)

    def finditer(self, text: str, low: str | None, runs: Callable[[], bytes],
                 words: frozenset[str] | None = None) -> Iterable[re.Match[str]]:
        """What ``regex.finditer(text, low=low)`` finds, tried only where the rule can start.

        `re` enters a rule that opens with optional words or a named group ("(?:early\\s+)?(?:on\\s+)?
        <WEEKDAY>") at every character; but each of its matches starts with one of a few words
        (:func:`_lead_words`), at the start of a letter run of ``runs()`` (the paragraph's
        ``letter_runs``). Matching the rule there, in order and past what each match covers,
        finds what the scan finds. With ``words`` (the paragraph's ``text_words``), a whole lead
        word the paragraph lacks is not looked for (most of a rule's lead words are absent).
        """
        if not self._starts:
            lead = _lead_words(self.regex)
            self._starts.append(None if lead is None else (
                tuple(k for k in lead if not k.endswith(b" ")),
                {k.decode("ascii").strip(): k for k in lead if k.endswith(b" ")}))
        starts = self._starts[0]
        lc = self.regex.lc
        if starts is None or low is None or lc is None:
            return self.regex.finditer(text, low=low)
        prefixes, whole = starts
        # a place in ``runs`` is where the word starts in ``low`` (``runs`` has one more space in front)
        keys = (*prefixes, *(whole.values() if words is None else (whole[w] for w in whole.keys() & words)))
        found = occurrences(runs(), keys)
        return matches_from(lc, low, found)


def occurrences(text: Any, keys: Iterable[Any], start: int = 0) -> list[int]:
    """Where each of ``keys`` occurs in ``text`` (a str or bytes) from ``start`` on, key after key
    (unsorted): the places ``str.find`` jumps to, for :func:`matches_from`."""
    found: list[int] = []
    for key in keys:
        i = text.find(key, start)
        while i >= 0:
            found.append(i)
            i = text.find(key, i + 1)
    return found


def matches_from(pattern: re.Pattern[str], text: str, positions: list[int],
                 endpos: int = sys.maxsize) -> list[re.Match[str]]:
    """``pattern.match`` at each of ``positions`` in order (sorted here), past what each match covers.

    When every match of a pattern that never matches empty starts at one of the
    positions, this is what ``pattern.finditer`` finds, without `re` entering the
    pattern at every other character (the callers find the positions with ``str.find``).
    """
    positions.sort()
    out = []
    end = 0
    for p in positions:
        if p >= end:
            m = pattern.match(text, p, endpos)
            if m is not None:
                out.append(m)
                end = m.end()
    return out


def _lead_words(scan: Scan) -> tuple[bytes, ...] | None:
    """The lower-case words one of which starts every match of ``scan``'s lower-case pattern, each as
    ``b" word"`` (a word's start in ``letter_runs``), or ``b" word "`` when no letter can follow it
    in a match; None when a match may start otherwise (a digit, a class, an empty match), when
    `re` finds the rule's one first word faster by itself, or when the parser is not the one this
    code knows."""
    lc = scan.lc
    if lc is None or _sre_parser is None:
        return None
    try:
        parsed = _sre_parser.parse(lc.pattern, 0)
        if parsed.getwidth()[0] == 0 or parsed.state.flags & _GLOBAL_FLAGS:
            return None
        found = _leads(list(parsed), [])
    except (AttributeError, IndexError, TypeError, ValueError, re.error):
        return None
    if found is None or found[1] or len(found[0]) == 1:
        return None
    keys = sorted(found[0], key=len)
    kept = [k for i, k in enumerate(keys) if not any(k.startswith(v) and not v.endswith(" ") for v in keys[:i])]
    return tuple(k.encode("ascii") for k in kept)  # " earl" covers " early" and " earl "


def _leads(items: list[Any], after: list[list[Any]]) -> tuple[set[str], bool] | None:
    """(keys of the letter words one of which starts every match of the sequence, whether it can match
    empty); ``after``: the sequences that follow it in the pattern. None if unknown."""
    out: set[str] = set()
    for k, (op, av) in enumerate(items):
        if op in (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT):
            continue  # zero width: the next item starts the match
        rest = [items[k + 1 :], *after]
        if op == _sre.LITERAL:
            word = ""
            for op2, av2 in items[k:]:
                if op2 != _sre.LITERAL or not 97 <= av2 <= 122:
                    break
                word += chr(av2)
            if not word:
                return None
            whole = not _letter_next([items[k + len(word) :], *after])
            out.add(" " + word + (" " if whole else ""))
            return out, False
        if op == _sre.SUBPATTERN:
            if av[1] & _GLOBAL_FLAGS:
                return None
            found = _leads(list(av[-1]), rest)
        elif op == _sre.BRANCH:
            found = (set(), False)
            for alt in av[1]:
                sub = _leads(list(alt), rest)
                if sub is None:
                    return None
                found = (found[0] | sub[0], found[1] or sub[1])
        elif op in _REPEATS:
            sub = _leads(list(av[2]), [items[k : k + 1], *rest])  # another turn may follow one
            found = None if sub is None else (sub[0], sub[1] or av[0] == 0)
        else:
            return None
        if found is None:
            return None
        out |= found[0]
        if not found[1]:
            return out, False
    return out, True


_REPEATS = (_sre.MAX_REPEAT, _sre.MIN_REPEAT, getattr(_sre, "POSSESSIVE_REPEAT", _sre.MAX_REPEAT)) if _sre else ()


def _letter_next(seqs: list[list[Any]]) -> bool:
    """Whether the next character a match takes (or sees) after these sequences may be a letter a-z; True when unsure.

    A bounded rule ends with ``(?![\\w])``: after its last item comes no letter.
    """
    for n, items in enumerate(seqs):
        for k, (op, av) in enumerate(items):
            if op == _sre.LITERAL:
                return 97 <= av <= 122
            if op == _sre.IN:
                return not all(o == _sre.LITERAL and not 97 <= a <= 122 or o == _sre.CATEGORY and a in _NO_LETTERS
                               for o, a in av)
            if op == _sre.ASSERT_NOT and av[0] == 1 and list(av[1]) == _NOT_WORD:
                return False
            if op in (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT):
                continue
            rest = [items[k + 1 :], *seqs[n + 1 :]]
            if op == _sre.SUBPATTERN:
                return _letter_next([list(av[-1]), *rest])
            if op == _sre.BRANCH:
                return any(_letter_next([list(alt), *rest]) for alt in av[1])
            if op in _REPEATS:
                return _letter_next([list(av[2]), *rest]) or av[0] == 0 and _letter_next(rest)
            return True
    return True  # the end: anything may follow


_NO_LETTERS = (_sre.CATEGORY_SPACE, _sre.CATEGORY_DIGIT) if _sre else ()
_NOT_WORD = [(_sre.IN, [(_sre.CATEGORY, _sre.CATEGORY_WORD)])] if _sre else None


@dataclass(frozen=True)
class Cue:
    """A clause-shape pattern that runs only on text holding its ``needs`` substring (most text does not)."""

    needs: str
    regex: re.Pattern[str]

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        if self.needs not in text[pos:endpos]:
            return None
        return self.regex.search(text, pos, endpos)


def _cue(raw: dict[str, Any] | None) -> Cue | None:
    """A :class:`Cue` from its rule entry (``needs``, ``re``; case-sensitive), or None when not given."""
    if not raw:
        return None
    return Cue(str(raw.get("needs", "")), re.compile(str(raw["re"])))


@dataclass
class WindowRules:
    patterns: list[WindowPattern]
    weekdays: dict[str, str]
    months: dict[str, int]
    numbers: dict[str, int]
    ordinals: dict[str, int]
    units: dict[str, str]
    parts: dict[str, str]
    inheritable: frozenset[str]
    named_days: dict[str, dict[str, Any]] = field(default_factory=dict)  # "election day" → {month, weekday, on_or_after}
    back_reference: Cue | None = None  # "had closed at ... on Monday": a window of an earlier time than the story's
    subordinate_break: Cue | None = None  # ", after closing Wednesday": a window after it is that clause's
    possessive_adverbial: Cue | None = None  # "in Friday's session": a possessive day that times its clause
    # word → (the patterns with one `needs` entry that it meets, the entries of patterns with several that it
    # meets): a paragraph's words give both as unions of sets (C), without a loop over the patterns.
    _of: dict[str, tuple[frozenset[int], frozenset[int]]] = field(default_factory=dict)
    _words: frozenset[str] = frozenset()  # the keys of _of
    _multi: tuple[tuple[int, frozenset[int]], ...] = ()  # (pattern, its entries) of the patterns with several
    _unconditional: tuple[int, ...] = ()  # the patterns with no `needs`

    def __post_init__(self) -> None:
        single: dict[str, set[int]] = {}
        entries: dict[str, set[int]] = {}
        multi, unconditional, entry = [], [], 0
        for i, p in enumerate(self.patterns):
            if len(p.needs) == 1:
                for w in p.needs[0]:
                    single.setdefault(w, set()).add(i)
            elif p.needs:
                first = entry
                for words in p.needs:
                    for w in words:
                        entries.setdefault(w, set()).add(entry)
                    entry += 1
                multi.append((i, frozenset(range(first, entry))))
            else:
                unconditional.append(i)
        self._of = {w: (frozenset(single.get(w, ())), frozenset(entries.get(w, ()))) for w in single.keys() | entries.keys()}
        self._words = frozenset(self._of)
        self._multi = tuple(multi)
        self._unconditional = tuple(unconditional)

    def candidates(self, words: frozenset[str]) -> list[int]:
        """Indexes (in rule order) of the patterns whose `needs` the words of a paragraph meet."""
        out = set(self._unconditional)
        met: set[int] = set()
        of = self._of
        for w in words & self._words:
            single, entries = of[w]
            out |= single
            met |= entries
        if met:
            out.update([i for i, mine in self._multi if mine <= met])
        return sorted(out)


def _load_windows(data: dict[str, Any]) -> WindowRules:
    named_days = {norm(k): v for k, v in (data.get("named_days") or {}).items()}
    vocab = {**data["vocab"], "NAMED_DAY": trie_pattern(named_days) or _NEVER}

    def expand(rx: str) -> str:
        for _ in range(3):  # DATE contains <MONTH>
            for key, val in vocab.items():
                rx = rx.replace(f"<{key}>", f"(?:{val})")
        return rx

    patterns = []
    for i, p in enumerate(data["patterns"]):
        rx = expand(p["re"])
        # The same DATE placeholder may appear in several patterns; names only need to be unique per pattern.
        raw = p.get("needs") or ()
        needs = tuple(_needs_words(n, vocab) for n in ([raw] if isinstance(raw, str) else raw))
        needs_text = tuple(norm(t) for t in p.get("needs_text", ()))
        patterns.append(WindowPattern(p["kind"], Scan(_bounded(rx), first=True), needs, needs_text, rx))
    return WindowRules(
        patterns=patterns,
        weekdays=data["weekdays"],
        months=data["months"],
        numbers=data["numbers"],
        ordinals=data["ordinals"],
        units={norm(k): v for k, v in data["units"].items()},
        parts={norm(k): v for k, v in data["parts"].items()},
        inheritable=frozenset(data.get("inheritable", ("session", "to_date"))),
        named_days=named_days,
        back_reference=_cue(data.get("back_reference")),
        subordinate_break=_cue(data.get("subordinate_break")),
        possessive_adverbial=_cue(data.get("possessive_adverbial")),
    )


_LEAD_WORD = re.compile(r"[a-z0-9]+")
_GROUP_OPEN = re.compile(r"\((?:\?:|\?P<\w+>)")
_QUANTIFIER = frozenset("?*+{")


def _bounded(rx: str) -> str:
    r"""``rx`` bounded by non-word characters, written so that `re` can skip ahead to its first word.

    ``(?<![\w-])since\s+...`` makes `re` try every position; ``since(?<![\w-]since)\s+...``
    means the same and lets it jump from one "since" to the next (about five times faster).
    Done when every alternative of the rule starts with a word (see :func:`_guard_lead`).
    """
    guarded = _guard_lead(rx)
    if guarded is None:
        return r"(?<![\w-])(?:" + rx + r")(?![\w])"
    return "(?:" + guarded + r")(?![\w])"


def _guard_lead(rx: str) -> str | None:
    r"""``rx`` with the left bound put after the word each of its matches starts with, or None.

    Each top-level alternative, and each alternative of a leading group (not repeated or
    optional), must start with a word or number: ``(?:in|set\s+in)\s+...`` becomes
    ``(?:in(?<![\w-]in)|set(?<![\w-]set)\s+in)\s+...``; a last letter under a quantifier
    ("gains?") stays outside the guarded word. Then every alternative opens with a literal,
    which `re` skips ahead to.
    """
    alternatives = _split_bars(rx)
    if len(alternatives) > 1:
        parts = [_guard_lead(a) for a in alternatives]
        return None if None in parts else "|".join(parts)  # type: ignore[arg-type]
    m = _LEAD_WORD.match(rx)
    if m:
        word = m.group()
        if rx[m.end() : m.end() + 1] in _QUANTIFIER:
            word = word[:-1]
        return word + r"(?<![\w-]" + word + ")" + rx[len(word) :] if word else None
    m = _GROUP_OPEN.match(rx)
    if m:
        end = _group_end(rx)
        if end is None or rx[end : end + 1] in _QUANTIFIER:
            return None
        inner = _guard_lead(rx[m.end() : end - 1])
        return None if inner is None else m.group() + inner + rx[end - 1 :]
    return None


def _split_bars(rx: str) -> list[str]:
    """The top-level alternatives of ``rx``."""
    cuts = [i for i, c, depth in _scan_chars(rx) if c == "|" and depth == 0]
    return [rx[a + 1 : b] for a, b in pairwise([-1, *cuts, len(rx)])]


def _group_end(rx: str) -> int | None:
    """The index after the ``)`` that closes the group ``rx`` opens with (None if unbalanced)."""
    for i, c, depth in _scan_chars(rx):
        if c == ")" and depth == 0:
            return i + 1
    return None


def _scan_chars(rx: str) -> Iterator[tuple[int, str, int]]:
    """(index, character, group depth outside it) of the characters of ``rx`` outside escapes and classes."""
    depth, i, in_class = 0, 0, False
    while i < len(rx):
        c = rx[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            if rx[i + 1 : i + 2] == "]":
                i += 1
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            yield i, c, depth
        else:
            yield i, c, depth
        i += 1


def _needs_words(spec: str, vocab: dict[str, str]) -> frozenset[str]:
    """The first word of each alternative of a `needs` entry (placeholders expanded)."""
    words: set[str] = set()
    for alt in spec.split("|"):
        key = alt.strip()
        if key.startswith("<") and key.endswith(">"):
            words |= _needs_words(re.sub(r"\\.\?|\\.", "", vocab[key[1:-1]]), vocab)
        elif key.startswith(("\\d", "#")):
            words.add("#digit" if key.startswith("\\d") else key)
        else:
            m = re.match(r"[a-z]+", key.lower())
            if m:
                words.add(m.group())
    return frozenset(words)


_WORD = re.compile(r"[a-z]+")
_DIGIT = re.compile(r"\d")


# Every byte but a-z becomes a space: the words left by ``split`` are the runs of ``_WORD``.
_LETTERS_ONLY = bytes(i if 97 <= i <= 122 else 32 for i in range(256))
_NOT_DIGITS = bytes(i for i in range(256) if not 48 <= i <= 57)  # deleted, what is left are the ASCII digits


def text_words(text: str, low: str | None = None) -> frozenset[str]:
    """The lower-case words of a text, plus "#digit", "#year" and "#paren" pseudo-words (for `needs`).

    ``low`` is ``text.lower()`` when the caller has it. The words are the runs
    of a-z; they are cut out with bytes operations (a non-ASCII character
    encodes to one "?", a separator like any other), which is faster than
    ``_WORD.findall``.
    """
    return words_and_runs(text, low if low is not None else text.lower())[0]


def words_and_runs(text: str, low: str) -> tuple[frozenset[str], bytes]:
    """``text_words(text, low)`` and ``letter_runs(low)``, from one encoding of ``low`` (a paragraph needs both)."""
    encoded = low.encode("ascii", "replace")
    letters = encoded.translate(_LETTERS_ONLY)
    words = letters.decode("ascii").split()
    # An ASCII digit settles "#digit" without a scan (other decimal digits encode to "?").
    if encoded.translate(None, _NOT_DIGITS) or not text.isascii() and _DIGIT.search(text):
        words.append("#digit")
        if ("19" in text or "20" in text) and _STANDALONE_YEAR.search(text) is not None:  # substring tests are cheaper
            words.append("#year")
    if "(" in text:
        words.append("#paren")
    return frozenset(words), b" " + letters + b" "


# A 19xx/20xx number with no digit either side: the look-behind comes after "19"/"20" (it tests
# the character before them), so `re` skips from one "1" or "2" to the next by itself.
_STANDALONE_YEAR = re.compile(r"(?:19|20)(?<!\d\d\d)\d\d(?!\d)")


# --------------------------------------------------------------------------- metrics, kinds, hedges


class PhraseSet:
    """A phrase list for search anywhere (``any``), at the end of a text (``end``) and at its start (``start``).

    Each form is a :class:`Scan` built on first use: most articles need only a few of them.
    """

    def __init__(self, phrases: Iterable[str]) -> None:
        self.phrases = tuple(phrases)

    @cached_property
    def any(self) -> Scan:
        return phrase_scan(self.phrases)

    @cached_property
    def end(self) -> EndScan:
        return EndScan(self.phrases, self.any.source + r"\s*$")

    @cached_property
    def start(self) -> Scan:
        return Scan(r"^\s*" + self.any.source)

    @classmethod
    def of(cls, phrases: Iterable[str]) -> PhraseSet:
        return cls(phrases)


class EndScan:
    """A phrase list matched only at the end of a text (trailing whitespace allowed).

    ``search`` answers what ``re.search(r"<phrases>\\s*$", text, re.I)`` answers, but matches
    the reversed phrases at the start of the reversed lower-cased text: one attempt instead
    of one per position. The leftmost such match is the longest phrase that ends the text,
    which is what the reversed trie (greedy) finds first.
    """

    __slots__ = ("_ci", "_rev", "phrases", "source")

    def __init__(self, phrases: tuple[str, ...], source: str) -> None:
        self.phrases = phrases
        self.source = source  # the forward pattern, for texts that cannot be lower-cased safely
        self._rev: re.Pattern[str] | None = None
        self._ci: re.Pattern[str] | None = None

    @property
    def ci(self) -> re.Pattern[str]:
        if self._ci is None:
            self._ci = re.compile(self.source, re.IGNORECASE)
        return self._ci

    @property
    def rev(self) -> re.Pattern[str]:
        if self._rev is None:
            body = trie_pattern([norm(p)[::-1] for p in self.phrases])
            self._rev = re.compile(r"\s*(?:" + body + r")(?![\w&])" if body else _NEVER)
        return self._rev

    def search(self, text: str) -> re.Match[str] | _Tail | None:
        low = lowered(text)
        if low is None:
            return self.ci.search(text)
        m = (self._rev or self.rev).match(low[::-1])
        return None if m is None else _Tail(text, len(text) - m.end())


class _Tail:
    """The part of a match object :class:`EndScan` callers use: the match runs to the end of ``string``."""

    __slots__ = ("_start", "string")

    def __init__(self, string: str, start: int) -> None:
        self.string = string
        self._start = start

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return len(self.string)

    def group(self) -> str:
        return self.string[self._start :]


@dataclass
class Hedges:
    modes: dict[str, str]  # normalised phrase → mode
    phrases: PhraseSet


@dataclass
class Rules:
    entities: EntityRules
    windows: WindowRules
    direction: PhraseSet  # up and down verbs in one scan, so "gave up" is not read as "up"
    direction_of: dict[str, int]
    direction_after: PhraseSet
    direction_after_of: dict[str, int]
    level_before: PhraseSet
    intraday: PhraseSet
    threshold_before: PhraseSet
    threshold_after: PhraseSet
    market_value: PhraseSet
    valuation: PhraseSet
    from_low: PhraseSet
    from_high: PhraseSet
    value_share: PhraseSet
    bull: PhraseSet
    bear: PhraseSet
    sup_high: PhraseSet
    sup_low: PhraseSet
    sup_neutral: PhraseSet
    sup_change: PhraseSet
    sup_first: PhraseSet  # "first" a few words before a since window: a neutral look-back cue
    sup_streak: PhraseSet  # "winning streak", "losing run": a look-back over streaks
    sup_streak_of: dict[str, int]  # normalised streak phrase → +1 / -1
    first_move: PhraseSet  # the move words of a "first" look-back ("first weekly loss since")
    first_move_of: dict[str, int]  # normalised move word → +1 / -1
    lookback_threshold: dict[str, PhraseSet]  # after, below, anaphora
    close_basis: PhraseSet
    reach_before: PhraseSet
    record: PhraseSet
    forecast_before: PhraseSet
    forecast_after: PhraseSet
    aggregate_after: PhraseSet
    aggregate_before: PhraseSet
    not_market: dict[str, str]  # normalised phrase → group ("economic data", "counts", ...)
    not_market_re: Scan
    counts: PhraseSet
    times: PhraseSet
    activity: PhraseSet
    ordinal_idioms: PhraseSet
    sup_size: PhraseSet  # "biggest", "sharpest": superlatives whose side the ranked move says
    sup_move: PhraseSet  # the move nouns of `sup_move_of`
    sup_move_of: dict[str, int]  # normalised move noun ("drop", "gain") → +1 / -1
    hedges: Hedges
    extended_hours: PhraseSet = field(default_factory=lambda: PhraseSet.of(()))  # "after hours", "premarket"
    extended_hours_needs: re.Pattern[str] | None = None  # the substrings one of which each of those phrases holds
    probability: PhraseSet = field(default_factory=lambda: PhraseSet.of(()))  # "odds", "chance of": a forecast
    range_move: PhraseSet = field(default_factory=lambda: PhraseSet.of(()))  # "swung", "swinging": the day's range
    comparison: PhraseSet = field(default_factory=lambda: PhraseSet.of(()))  # "compared with": the clause before's window
    extra: dict[str, Any] = field(default_factory=dict)

    @cached_property
    def move_tails(self) -> dict[str, tuple[str, ...]]:
        """Direction phrases of two or more words by their last word ("losses": "pared losses")."""
        out: dict[str, list[str]] = {}
        for p in self.direction_of:
            head, _, last = p.rpartition(" ")
            if head:
                out.setdefault(last, []).append(p)
        return {k: tuple(v) for k, v in out.items()}

    @cached_property
    def nouns(self) -> tuple[Scan, frozenset[str], frozenset[str]]:
        """One scan for the anaphora, opaque, not-market and activity phrases (a paragraph with
        figures needs all four), with the normalised opaque and activity phrases to tell them apart."""
        opaque = frozenset(norm(p) for p in self.entities.opaque_phrases)
        activity = frozenset(norm(p) for p in self.activity.phrases)
        phrases = [*self.entities.anaphora, *opaque, *self.not_market, *activity]
        return phrase_scan(phrases), opaque, activity


def load_rules_from(*folders: Path) -> Rules:
    """Read and compile the claim-stage rules of ``folders``; later folders extend earlier ones."""

    def data(name: str) -> dict[str, Any]:
        merged: dict[str, Any] = {}
        for folder in folders:
            if (folder / name).exists():
                merged = merge_rules(merged, read_yaml(folder / name) or {})
        return merged

    metrics = data("metrics.yaml")
    kinds = data("claim_kinds.yaml")
    hedges = data("hedges.yaml")
    modes: dict[str, str] = {}
    for entry in hedges.get("hedges", ()):
        for p in entry["phrases"]:
            modes.setdefault(norm(p), entry["mode"])
    not_market = {norm(p): grp for grp, phrases in kinds["not_market"].items() if grp not in ("counts", "time") for p in phrases}
    sup = metrics["superlative"]
    direction = {norm(p): sign for key, sign in (("up", 1), ("down", -1)) for p in metrics["direction"][key]}
    direction_after = {norm(p): sign for key, sign in (("up", 1), ("down", -1)) for p in metrics["direction_after"][key]}
    streak_of = {norm(p): sign for key, sign in (("up", 1), ("down", -1))
                 for p in metrics.get("superlative_streak", {}).get(key, ())}
    first_move = {norm(p): sign for key, sign in (("up", 1), ("down", -1)) for p in metrics.get("first_move", {}).get(key, ())}
    return Rules(
        entities=_load_entities([p for folder in folders for p in sorted((folder / "entities").glob("*.yaml"))]),
        windows=_load_windows(data("windows.yaml")),
        direction=PhraseSet.of(list(direction)),
        direction_of=direction,
        direction_after=PhraseSet.of(list(direction_after)),
        direction_after_of=direction_after,
        level_before=PhraseSet.of(metrics["level_before"]),
        intraday=PhraseSet.of(metrics["intraday"]),
        threshold_before=PhraseSet.of(metrics["threshold_before"]),
        threshold_after=PhraseSet.of(metrics["threshold_after"]),
        market_value=PhraseSet.of(metrics["market_value"]),
        valuation=PhraseSet.of(metrics["valuation"]),
        from_low=PhraseSet.of(metrics["from_low"]),
        from_high=PhraseSet.of(metrics["from_high"]),
        value_share=PhraseSet.of(metrics["value_share"]),
        bull=PhraseSet.of(metrics["bull_market"]),
        bear=PhraseSet.of(metrics["bear_market"]),
        sup_high=PhraseSet.of(sup["high"]),
        sup_low=PhraseSet.of(sup["low"]),
        sup_neutral=PhraseSet.of(sup.get("neutral", ())),
        sup_change=PhraseSet.of(metrics["superlative_change"]),
        sup_first=PhraseSet.of(sup.get("first", ())),
        sup_streak=PhraseSet.of(list(streak_of)),
        sup_streak_of=streak_of,
        first_move=PhraseSet.of(list(first_move)),
        first_move_of=first_move,
        lookback_threshold={k: PhraseSet.of(metrics.get("lookback_threshold", {}).get(k, ()))
                            for k in ("after", "below", "anaphora")},
        close_basis=PhraseSet.of(metrics.get("close_basis", ())),
        reach_before=PhraseSet.of(metrics.get("reach_before", ())),
        record=PhraseSet.of(metrics["record"]),
        forecast_before=PhraseSet.of([*kinds["forecast"]["before"], *kinds["forecast"].get("probability", ())]),
        forecast_after=PhraseSet.of(kinds["forecast"]["after"]),
        aggregate_after=PhraseSet.of(kinds["aggregate"]["after"]),
        aggregate_before=PhraseSet.of(kinds["aggregate"]["before"]),
        not_market=not_market,
        not_market_re=phrase_scan(not_market.keys()),
        counts=PhraseSet.of(kinds["not_market"].get("counts", ())),
        times=PhraseSet.of(kinds["not_market"].get("time", ())),
        activity=PhraseSet.of(kinds.get("activity", ())),
        ordinal_idioms=PhraseSet.of(kinds.get("ordinal_idioms", ())),
        sup_size=PhraseSet.of(metrics.get("superlative_size", ())),
        sup_move=PhraseSet.of(_signed(metrics.get("superlative_move", {}))),
        sup_move_of=_signed(metrics.get("superlative_move", {})),
        hedges=Hedges(modes, PhraseSet.of(modes.keys())),
        extended_hours=PhraseSet.of(metrics.get("extended_hours", {}).get("phrases", ())),
        extended_hours_needs=re.compile("|".join(map(re.escape, metrics["extended_hours"]["needs"])))
        if metrics.get("extended_hours", {}).get("needs") else None,
        probability=PhraseSet.of(kinds["forecast"].get("probability", ())),
        range_move=PhraseSet.of(metrics.get("range_move", ())),
        comparison=PhraseSet.of(metrics.get("comparison", ())),
    )


def _signed(groups: dict[str, Iterable[str]]) -> dict[str, int]:
    """{normalised phrase: +1 | -1} of a mapping with `up` and `down` phrase lists."""
    return {norm(p): sign for key, sign in (("up", 1), ("down", -1)) for p in groups.get(key, ())}


def load_rules() -> Rules:
    """The compiled rules of the shipped and configured rules folders, built once per process."""
    return _compiled(rules_dirs())


@lru_cache(maxsize=4)
def _compiled(folders: tuple[Path, ...]) -> Rules:
    return load_rules_from(*folders)
