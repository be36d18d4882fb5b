"""file or stdin → :class:`~factcheck.model.Document`: readable blocks, the article body, the publication instant.

Three input formats, one result:

* **text** (a draft, or a web page saved as text): blocks are paragraphs (or
  single lines, for pages whose lines are separate elements). The body is the
  largest contiguous run of prose, found by scoring blocks on how much they
  read like sentences; navigation, bylines, captions, promotions and lists of
  other headlines (``rules/document.yaml``) break the run.
* **markdown** (a draft with YAML front matter): everything after the front
  matter is body, except code, comments, images and stand-alone datelines;
  the front matter ``title:`` is a body block (headline figures are claims).
* **html**: parsed with lxml; the article is the ``<article>`` /
  ``articleBody`` / densest-paragraph element; ``<nav>``, ``<aside>``,
  ``<footer>``, captions and chrome classes are outside the body.

Offsets: every block maps each of its characters to the offset in the file's
text as read (decoded str, newlines untouched, a UTF-8 byte-order mark
removed first). Plain paragraphs are exact slices (``Block.offsets`` None);
Markdown with inline markup and HTML carry an explicit offset map (HTML
through a second, position-reporting tokenizer; see :func:`_html_stream`).

Input limits: files over :data:`MAX_BYTES` (20 MB) are refused; empty,
binary (NUL bytes) and non-UTF-8 inputs raise :class:`InputError` with a
one-line message naming the file. UTF-16 with a byte-order mark is accepted.

lxml is imported only for HTML input (cold start of ``factcheck extract``).
"""

from __future__ import annotations

import functools
import os
import re
import sys
from collections import Counter
from dataclasses import dataclass, field, replace
from itertools import filterfalse
from typing import Any

try:  # the regex parser's own view of a rule pattern, for the substring pre-checks (_needles)
    from re import _constants as _sre
    from re import _parser as _sre_parser
except ImportError:  # another Python's private layout: rules run without pre-checks
    _sre = _sre_parser = None  # type: ignore[assignment]

from factcheck import dates
from factcheck.model import Block, Document, FactcheckError, InputError, Published
from factcheck.resources import load_rules_yaml
from factcheck.rules_loader import matches_from, occurrences

MAX_BYTES = 20 * 1024 * 1024
"""Largest input accepted: news articles are kilobytes; saved pages rarely exceed a few MB."""

FORMATS = ("text", "markdown", "html")
_EXTENSIONS = {
    ".txt": "text", ".text": "text",
    ".md": "markdown", ".markdown": "markdown", ".mdown": "markdown", ".mkd": "markdown",
    ".html": "html", ".htm": "html", ".xhtml": "html",
}  # fmt: skip

NO_PUBLISHED_NOTE = (
    "no publication date found: relative dates (\"on Monday\", \"since Jan. 13\") cannot be resolved; "
    "pass --published"
)


# --------------------------------------------------------------------------- reading


def read_document(
    source: str, *, published: str | None = None, text: str | None = None, fmt: str | None = None
) -> Document:
    """Read an article from a path (or ``-`` for stdin, or ``text`` when given) into a Document.

    ``published`` (an ISO string from ``--published``) overrides whatever the
    document says; ``fmt`` overrides format detection.
    """
    if text is None:
        text = read_stdin() if source == "-" else _read_file(source)
    else:
        _check_text(text, _label(source))
    if fmt is None:
        fmt = detect_format(source, text)
    elif fmt not in FORMATS:
        raise FactcheckError(f"unknown input format {fmt!r} (choose from {', '.join(FORMATS)})")
    override = dates.parse_published(published) if published else None
    reader = {"text": _read_text, "markdown": _read_markdown, "html": _read_html}[fmt]
    parsed = reader(text)
    notes = list(parsed.notes)
    found = parsed.published
    if override is not None:
        if found is not None and found.instant != override.instant:
            notes.append(f"publication time given by --published ({override.instant}); the document says {found.instant}")
        found = override
    notes.extend(_published_notes(found))
    return Document(
        source=source,
        format=fmt,  # type: ignore[arg-type]
        raw=text,
        blocks=tuple(parsed.blocks),
        published=found,
        title=parsed.title,
        notes=tuple(notes),
    )


def _published_notes(found: Published | None) -> list[str]:
    if found is None:
        return [NO_PUBLISHED_NOTE]
    out = []
    if not found.has_time:
        out.append(f"publication time of day unknown (date only: {found.instant})")
    if found.timezone is None:
        out.append("publication time zone unknown" + (" (only a UTC offset is given)" if found.has_time and _has_offset(found.instant) else ""))
    return out


def _has_offset(instant: str) -> bool:
    return bool(re.search(r"[+-]\d\d:\d\d$", instant))


def read_stdin() -> str:
    """Read standard input as bytes and validate it like a file (binary, UTF-8, size)."""
    data = sys.stdin.buffer.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise InputError(f"<stdin>: input is larger than the {MAX_BYTES // (1024 * 1024)} MB limit")
    return _decode(data, "<stdin>")


def _label(source: str) -> str:
    return "<stdin>" if source == "-" else source


def _read_file(path: str) -> str:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if os.path.isdir(path):
        raise InputError(f"{path}: is a directory, not an article file")
    if st.st_size > MAX_BYTES:
        raise InputError(
            f"{path}: file is {st.st_size / (1024 * 1024):.1f} MB, over the {MAX_BYTES // (1024 * 1024)} MB limit for an article"
        )
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if len(data) > MAX_BYTES:
        raise InputError(f"{path}: file is over the {MAX_BYTES // (1024 * 1024)} MB limit for an article")
    return _decode(data, path)


def _decode(data: bytes, label: str) -> str:
    """Bytes → str; a BOM is removed, so offsets count from the first character after it."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(f"{label}: not valid UTF-16 text despite its byte-order mark") from None
    else:
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        if b"\x00" in data:
            raise InputError(f"{label}: looks like a binary file (contains NUL bytes), not an article")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            bad = data[exc.start]
            raise InputError(
                f"{label}: not UTF-8 text (invalid byte 0x{bad:02x} at byte {exc.start}); convert it to UTF-8"
            ) from None
    _check_text(text, label)
    return text


_CONTROL = bytes([*range(0x09), 0x0B, *range(0x0E, 0x20), 0x7F])


def _check_text(text: str, label: str) -> None:
    if "\x00" in text:
        raise InputError(f"{label}: looks like a binary file (contains NUL bytes), not an article")
    sample = text[:65536]
    # Control characters are ASCII, and an ASCII byte in UTF-8 is always that character: count bytes.
    data = sample.encode("utf-8", "surrogatepass")
    if len(data) - len(data.translate(None, _CONTROL)) > 4 + len(sample) // 100:
        raise InputError(f"{label}: looks like a binary file (control characters), not an article")
    if not text.strip():
        raise InputError(f"{label}: is empty")


def detect_format(source: str, text: str) -> str:
    """By extension; for stdin and unknown extensions, by the first characters."""
    if source != "-":
        ext = os.path.splitext(source)[1].lower()
        if ext in _EXTENSIONS:
            return _EXTENSIONS[ext]
    head = text.lstrip()[:512].lower()
    if text.startswith(("---", "+++")) and text[3:4] in ("\n", "\r", " ", ""):
        return "markdown"
    if head.startswith(("<!doctype html", "<html", "<?xml")) or re.match(r"<(head|body|article|meta|div|p)\b", head):
        return "html"
    if re.match(r"#{1,6} \S", head):
        return "markdown"
    return "text"


@dataclass
class _Parsed:
    blocks: list[Block]
    published: Published | None
    title: str | None
    notes: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- rules


class _Search:
    """A rule pattern searched anywhere in a block, with a substring pre-check (:func:`_needles`).

    The caption and promotion patterns are long case-insensitive alternations
    that the regex engine tries at every position of a block; a few ``in``
    tests on the lower-cased block reject almost every block first. ``low``
    is the block's :func:`_folded` text (None: no pre-check).
    """

    __slots__ = ("gated", "lowered", "needles", "pattern", "plain")

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.needles = _needles(pattern)
        self.plain, self.gated = _gated(self.needles or ())
        self.lowered = _lowered(pattern)

    def search(self, text: str, low: str | None) -> bool:
        if low is not None and self.needles is not None:
            for needle in self.plain:
                if needle in low:
                    break
            else:
                for gate, group in self.gated:
                    if gate in low and any(needle in low for needle in group):
                        break
                else:
                    return False
            if self.lowered is not None:
                return self.lowered.search(low) is not None
        return self.pattern.search(text) is not None


def _gated(needles: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[tuple[str, tuple[str, ...]], ...]]:
    """(needles tested alone, (punctuation mark, needles starting with it) groups) of a needle set.

    A mark such as "/" is rare in text and found by one fast scan; the needles
    that start with it ("/ap", "/reuters", ...) are tested only in a text that
    holds it. A group has at least two needles.
    """
    groups: dict[str, list[str]] = {}
    for n in needles:
        groups.setdefault(n[0] if not n[0].isalnum() and not n[0].isspace() else "", []).append(n)
    plain = list(groups.pop("", []))
    for mark, group in list(groups.items()):
        if len(group) < 2:
            plain += groups.pop(mark)
    return tuple(plain), tuple((mark, tuple(group)) for mark, group in groups.items())


class _Openings:
    """Strings a text may start with, grouped by first character.

    ``str.startswith`` with a tuple tests every string in turn; a rule has
    dozens of openings and most texts start with the first character of few.
    """

    __slots__ = ("by_first", "empty")

    def __init__(self, strings: tuple[str, ...]) -> None:
        groups: dict[str, list[str]] = {}
        for s in strings:
            groups.setdefault(s[:1], []).append(s)
        self.empty = "" in groups  # "" opens every text
        self.by_first = {first: tuple(group) for first, group in groups.items()}

    def opens(self, text: str) -> bool:
        """``text.startswith(strings)``."""
        group = self.by_first.get(text[:1])
        return self.empty or (group is not None and text.startswith(group))


class _Whole:
    """A rule pattern that must match a whole block, with a pre-check (:func:`_openings`).

    Most of its alternatives start with known words, so a block that starts
    with none of them (and holds no needle of the others, such as
    ``.*all rights reserved.*``) cannot match; ``low`` as for :class:`_Search`.
    """

    __slots__ = ("lowered", "needles", "openings", "pattern", "prefixes")

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.lowered = _lowered(pattern)
        self.prefixes, self.needles = _openings(pattern) or (None, ())
        self.openings = None if self.prefixes is None else _Openings(self.prefixes)

    def fullmatch(self, text: str, low: str | None) -> bool:
        if low is not None and self.openings is not None and not self.openings.opens(low):
            for needle in self.needles:
                if needle in low:
                    break
            else:
                return False
        if low is not None and self.lowered is not None:
            return self.lowered.fullmatch(low) is not None
        return self.pattern.fullmatch(text) is not None


# The only non-ASCII characters that re.IGNORECASE matches to ASCII letters
# (İ ı ~ i, ſ ~ s, Kelvin sign ~ k); str.lower() does not map them the same way.
def _folded(text: str, lower: str | None = None) -> str | None:
    """``text`` lower-cased for :class:`_Search` pre-checks; None when lower-casing could hide a case-insensitive match.

    ``lower``: ``text.lower()`` when the caller has it already.
    """
    if text.isascii() or ("\u0130" not in text and "\u0131" not in text and "\u017f" not in text and "\u212a" not in text):
        return text.lower() if lower is None else lower
    return None


def _lowered(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """``pattern`` without IGNORECASE, for :func:`_folded` texts; None unless it matches a folded text as ``pattern`` matches the text.

    `re` matches two to three times faster without IGNORECASE. That holds when
    the pattern asks for no upper-case letter: its literals are lower-case
    ASCII letters or characters without case, its ranges are ASCII without
    upper-case letters, and it has no back-references (see :func:`_caseless`).
    Lower-casing keeps a folded text's length, so a match's span is the same.
    """
    if _sre_parser is None or not pattern.flags & re.IGNORECASE:
        return None
    try:
        if not _caseless(_sre_parser.parse(pattern.pattern, pattern.flags)):
            return None
    except (AttributeError, IndexError, TypeError, ValueError, re.error):  # a parser this code does not know
        return None
    return re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE)


def _caseless_char(code: int) -> bool:
    ch = chr(code)
    return ch.lower() == ch and (code < 128 or ch == ch.upper())


def _caseless(items: Any) -> bool:
    """Whether a parsed pattern asks for no upper-case letter (see :func:`_lowered`)."""
    for op, av in items:
        if op in (_sre.LITERAL, _sre.NOT_LITERAL):
            if not _caseless_char(av):
                return False
        elif op == _sre.IN:
            for iop, iav in av:
                if iop == _sre.LITERAL and not _caseless_char(iav):
                    return False
                if iop == _sre.RANGE and (iav[1] >= 128 or (iav[0] <= ord("Z") and iav[1] >= ord("A"))):
                    return False
                if iop not in (_sre.LITERAL, _sre.RANGE, _sre.CATEGORY, _sre.NEGATE):
                    return False
        elif op == _sre.SUBPATTERN:
            if not _caseless(av[-1]):
                return False
        elif op == _sre.BRANCH:
            if not all(_caseless(alt) for alt in av[1]):
                return False
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT):
            if not _caseless(av[2]):
                return False
        elif op in (_sre.ASSERT, _sre.ASSERT_NOT):
            if not _caseless(av[1]):
                return False
        elif op == _sre.ATOMIC_GROUP:
            if not _caseless(av):
                return False
        elif op not in (_sre.AT, _sre.ANY, _sre.CATEGORY):
            return False
    return True


def _needles(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Lower-cased strings, one of which occurs in every match of ``pattern``; None when it has none.

    Read from the parsed pattern (see :func:`_required`). Only ASCII and
    caseless characters are used, so that under IGNORECASE a match of a
    needle character is the same character after ``str.lower`` (see
    :func:`_folded` for the exceptions).
    """
    if _sre_parser is None:
        return None
    try:
        found = _required(_sre_parser.parse(pattern.pattern, pattern.flags))
    except (AttributeError, IndexError, TypeError, ValueError, re.error):  # a parser this code does not know
        return None
    if not found:
        return None
    return tuple(sorted(n for n in found if not any(m != n and m in n for m in found)))


def _openings(pattern: re.Pattern[str]) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """(openings, needles) of a whole-block pattern: a match starts with an opening or contains a needle.

    Each alternative contributes the strings spelled by its leading literal
    items or, when it has none, its :func:`_required` strings; None when an
    alternative has neither.
    """
    if _sre_parser is None:
        return None
    try:
        alternatives = _branches(list(_sre_parser.parse(pattern.pattern, pattern.flags)))
        prefixes: set[str] = set()
        needles: set[str] = set()
        for alt in alternatives:
            opening = _opening(alt)
            if opening is not None:
                prefixes |= opening
                continue
            found = _required(alt)
            if not found:
                return None
            needles |= found
    except (AttributeError, IndexError, TypeError, ValueError, re.error):  # a parser this code does not know
        return None
    return (
        tuple(sorted(p for p in prefixes if not any(q != p and p.startswith(q) for q in prefixes))),
        tuple(sorted(n for n in needles if not any(m != n and m in n for m in needles))),
    )


def _branches(items: list[Any]) -> list[list[Any]]:
    """The alternatives of a parsed sequence that opens with an alternation, each with the rest of the sequence."""
    if items:
        op, av = items[0]
        if op == _sre.SUBPATTERN:
            return _branches(list(av[-1]) + items[1:])
        if op == _sre.BRANCH:
            return [b for alt in av[1] for b in _branches(list(alt) + items[1:])]
    return [items]


def _opening(items: list[Any]) -> frozenset[str] | None:
    """The strings (lower-cased) spelled by the leading literal items of a parsed sequence; None if there are none."""
    spelled = frozenset([""])
    for op, av in items:
        exact = _exact_item(op, av)
        if exact is None or len(spelled) * len(exact) > _MAX_NEEDLES:
            break
        spelled = frozenset(a + b for a in spelled for b in exact)
    return None if "" in spelled else spelled


_MAX_NEEDLES = 8  # more alternatives per needle set cost more in ``in`` tests than they save


def _required(items: Any) -> frozenset[str] | None:
    """Strings one of which every match of the parsed sequence ``items`` contains, or None.

    Consecutive items that match one of a few known strings (literals,
    alternations of literals, optional literals; zero-width assertions match
    "") spell the strings of any stretch of them; any other item contributes
    what its own body requires (a group, an alternation whose every branch
    requires something, a repeat of at least one). Of these sets the most
    selective is kept (:func:`_selectivity`).
    """
    best: frozenset[str] | None = None
    run: list[frozenset[str]] = []

    def take(found: frozenset[str] | None) -> None:
        nonlocal best
        if found and "" not in found and (best is None or _selectivity(found) > _selectivity(best)):
            best = found

    def take_run() -> None:
        for i in range(len(run)):
            spelled = frozenset([""])
            for strings in run[i:]:
                if len(spelled) * len(strings) > _MAX_NEEDLES:
                    break
                spelled = frozenset(a + b for a in spelled for b in strings)
                take(spelled)
        run.clear()

    for op, av in items:
        exact = _exact_item(op, av)
        if exact is not None:
            if len(exact) == 1 and run and len(run[-1]) == 1:  # a literal string: one item (cheaper stretches)
                run[-1] = frozenset([next(iter(run[-1])) + next(iter(exact))])
            else:
                run.append(exact)
            continue
        take_run()
        take(_required_item(op, av))
    take_run()
    return best


def _selectivity(needles: frozenset[str]) -> tuple[int, int, int]:
    """Rank needle sets: four characters rarely occur by chance, and each extra needle is one more test."""
    shortest = min(map(len, needles))
    return min(shortest, 4), -len(needles), shortest


def _exact_item(op: Any, av: Any) -> frozenset[str] | None:
    """The strings (lower-cased) that one parsed item can match, when they are few and known; else None."""
    if op == _sre.LITERAL:
        ch = chr(av)
        return frozenset([ch.lower()]) if av < 128 or ch.lower() == ch == ch.upper() else None
    if op in (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT):
        return frozenset([""])
    if op == _sre.SUBPATTERN:
        return _exact_seq(av[-1])
    if op == _sre.BRANCH:
        alternatives = [_exact_seq(alt) for alt in av[1]]
        if all(a is not None for a in alternatives):
            union = frozenset().union(*alternatives)  # type: ignore[arg-type]
            return union if len(union) <= _MAX_NEEDLES else None
        return None
    if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT) and av[1] <= 1:
        body = _exact_seq(av[2])
        if body is None:
            return None
        return body | frozenset([""]) if av[0] == 0 else body
    return None


def _exact_seq(items: Any) -> frozenset[str] | None:
    out = frozenset([""])
    for op, av in items:
        exact = _exact_item(op, av)
        if exact is None or len(out) * len(exact) > _MAX_NEEDLES:
            return None
        out = frozenset(a + b for a in out for b in exact)
    return out


def _required_item(op: Any, av: Any) -> frozenset[str] | None:
    if op == _sre.SUBPATTERN:
        return _required(av[-1])
    if op == _sre.ATOMIC_GROUP:
        return _required(av)
    if op == _sre.BRANCH:
        alternatives = [_required(alt) for alt in av[1]]
        return frozenset().union(*alternatives) if all(alternatives) else None  # type: ignore[arg-type]
    if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT) and av[0] >= 1:
        return _required(av[2])
    return None


@dataclass(frozen=True)
class _Rules:
    section: _Whole
    line: _Whole
    promo: _Search
    caption: _Search
    byline: re.Pattern[str]
    byline_words: tuple[str, ...]
    byline_openings: tuple[str, ...]  # the byline words lower-cased: how a byline's folded text starts
    byline_max_words: int
    published_words: tuple[str, ...]
    updated: re.Pattern[str]
    dateline_words: re.Pattern[str]
    dateline_relative: re.Pattern[str]  # "2 hours ago": a revision time told relative to now
    dateline_max_words: int
    dateline_too_long: re.Pattern[str]  # matches a text of more words than a dateline has
    dateline_terms: frozenset[str]  # the words of dates and datelines: weekday and month names, "updated", "on", ...
    fm_date: tuple[str, ...]
    fm_timezone: tuple[str, ...]
    fm_title: tuple[str, ...]
    meta_published: tuple[str, ...]
    chrome_class: re.Pattern[str]

    @functools.cached_property
    def furniture_hint(self) -> tuple[re.Pattern[str], _Openings] | None:
        """(needles as one pattern, openings) of every test :func:`_furniture` makes of a block's text alone.

        The needles are those of the caption, section, line and promotion rules
        and a year (which every dateline holds); the openings those of the
        section and line rules and the byline words. A short line
        (:data:`_HINT_MAX_CHARS`) that holds none of the needles and starts with
        none of the openings is none of these: one test instead of six. None
        when a rule has no pre-check.
        """
        if self.caption.needles is None or self.promo.needles is None or self.section.prefixes is None \
                or self.line.prefixes is None:
            return None
        # Without their spaces (" read" -> "read") needles are weaker pre-checks, but a space no longer
        # starts a match attempt: `re` skips to the positions holding a needle's first character.
        needles = {n.strip() or n for n in (*self.caption.needles, *self.promo.needles, *self.section.needles, *self.line.needles)}
        pattern = re.compile("|".join([*sorted(map(re.escape, needles), key=len, reverse=True), _YEARISH.pattern]))
        return pattern, _Openings((*self.section.prefixes, *self.line.prefixes, *(w.lower() for w in self.byline_words)))


def _full(patterns: list[str]) -> _Whole:
    return _Whole(re.compile("(?:" + "|".join(f"(?:{p})" for p in patterns) + r")[\s.:!]*", re.IGNORECASE))


@functools.cache
def _rules() -> _Rules:
    d = load_rules_yaml("document.yaml")
    chrome = d["chrome"]
    dl = d["dateline"]
    words = sorted(dl["published"] + dl["updated"], key=len, reverse=True)
    return _Rules(
        section=_full(chrome["section"]),
        line=_full(chrome["line"]),
        promo=_Search(re.compile(r"(?:^|(?<=[.!?]\s))(?:" + "|".join(f"(?:{p})" for p in chrome["promo"]) + ")", re.IGNORECASE)),
        caption=_Search(re.compile("|".join(f"(?:{p})" for p in d["caption_credit"]), re.IGNORECASE)),
        byline=re.compile(r"(?:" + "|".join(re.escape(w) for w in d["byline_words"]) + r")\b:?\s*", re.IGNORECASE),
        byline_words=tuple(d["byline_words"]),
        byline_openings=tuple(w.lower() for w in d["byline_words"]),
        byline_max_words=int(d["byline_max_words"]),
        published_words=tuple(dl["published"]),
        updated=re.compile(r"^\W*(?:" + "|".join(re.escape(w) for w in dl["updated"]) + r")\b", re.IGNORECASE),
        # The lookahead of the words' first letters lets most positions fail before the word alternation.
        dateline_words=re.compile(
            "(?=[" + "".join(sorted({re.escape(w[0]) for w in words})) + r"])\b(?:" + "|".join(re.escape(w) for w in words) + r")\b:?",
            re.IGNORECASE,
        ),
        dateline_relative=re.compile(r"\b(?:" + "|".join(f"(?:{p})" for p in dl.get("relative", ())) + r")\b",
                                     re.IGNORECASE) if dl.get("relative") else re.compile(r"(?!)"),
        dateline_max_words=int(dl["max_words"]),
        dateline_too_long=re.compile(f"(?:{_SKIP_TO_WORD}){{{int(dl['max_words']) + 1}}}"),
        dateline_terms=frozenset(dates.NAMES) | {part.lower() for w in words for part in w.split()},
        fm_date=tuple(d["front_matter"]["date"]),
        fm_timezone=tuple(d["front_matter"]["timezone"]),
        fm_title=tuple(d["front_matter"]["title"]),
        meta_published=tuple(m.lower() for m in d["html"]["meta_published"]),
        chrome_class=re.compile("|".join(f"(?:{p})" for p in d["html"]["chrome_class"]), re.IGNORECASE),
    )


@functools.cache
def _abbreviations() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    d = load_rules_yaml("abbreviations.yaml")
    return frozenset(d["never_end"]), frozenset(d["may_end"]), frozenset(d["sentence_starters"])


# --------------------------------------------------------------------------- block classification

_WORD = re.compile(r"[^\W\d_][\w'’.\-&]*")
# What finditer(_WORD) steps over to its next word (characters that cannot start one), then that
# word; possessive, so that repeated it counts the same words in one match call.
_SKIP_TO_WORD = r"[\W\d_]*+[^\W\d_][\w'’.\-&]*+"
_WORD_INITIAL = re.compile(r"([^\W\d_])[\w'’.\-&]*")  # the same words; findall gives their first letters
_BULLET = re.compile(r"(?:[•·▪◦‣●■►*\-–—]|\d{1,2}[.)])\s+")
_BULLET_MARKS = frozenset("•·▪◦‣●■►*-–—")


def _bullet(text: str) -> re.Match[str] | None:
    """``_BULLET.match(text)``, skipped for the many lines whose first character cannot open a bullet."""
    first = text[:1]
    if first in _BULLET_MARKS or first.isdecimal():
        return _BULLET.match(text)
    return None
_CLOSERS = "\"'”’)]"  # what may follow a sentence's final punctuation


def _ends_sentence(t: str) -> bool:
    """Whether a stripped text ends with terminal punctuation (closing quotes and brackets allowed);
    read from the end, where a ``$``-anchored pattern would scan the whole paragraph."""
    u = t.rstrip(_CLOSERS)
    return bool(u) and u[-1] in ".!?…"


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def is_prose(text: str) -> bool:
    """Does the block read like running text (sentences), rather than a label or a headline?

    Sentence-like: at least three tokens (two of them words), ends with
    terminal punctuation, and a fair share of its words start in lower case
    (headlines and name lists are capitalised; "The Nasdaq dropped 1.2%." passes).
    """
    t = text.strip()
    if not _ends_sentence(t):
        return False
    if _surely_prose(t):
        return True
    tokens = t.split()
    if len(tokens) < 3:
        return False
    # A token of letters only is one word; the words of the others cost a regex scan. There are
    # at most (characters + 1) // 2 of them in a token (a character between two words): a share
    # of lower-case initials that this many more words could not bring under a quarter needs no scan.
    initials = [token[0] for token in filter(str.isalpha, tokens)]
    words = len(initials)
    lower = sum(map(str.islower, initials))
    if words < len(tokens):
        others = list(filterfalse(str.isalpha, tokens))
        if words >= 2 and 4 * lower >= words + (sum(map(len, others)) + len(others)) // 2:
            return True
        initials = _WORD_INITIAL.findall(" ".join(others))
        words += len(initials)
        lower += sum(map(str.islower, initials))
    if words < 2:
        return False
    return lower / words >= 0.25


def _byte_classes() -> bytes:
    """The :func:`_surely_prose` class of each UTF-8 byte: ``a`` an ASCII lower-case letter,
    ``A`` an upper-case one, a space ASCII whitespace, ``.`` any other byte."""
    table = bytearray(b"." * 256)
    for code in range(128):
        if chr(code).isspace():
            table[code] = ord(" ")
    table[ord("a") : ord("z") + 1] = b"a" * 26
    table[ord("A") : ord("Z") + 1] = b"A" * 26
    return bytes(table)


_BYTE_CLASSES = _byte_classes()


def _surely_prose(t: str) -> bool:
    """A sufficient test of :func:`is_prose`'s counts (``t`` stripped): a few byte scans instead of per-token work.

    A lower-case ASCII letter after whitespace opens a token other than the first, and a
    word (a ``_WORD`` match) with a lower-case initial; two of them make three tokens.
    Every word starts at a letter that follows a non-letter (or opens ``t``): there are
    at most as many as those lower-case letters, the lower-case letters after other
    non-letters, the upper-case letters, and the non-ASCII characters (fewer than the
    extra bytes of UTF-8). When a quarter of that many are lower-case, so is a quarter of the words.
    """
    data = t.encode("utf-8", "surrogatepass")
    classes = data.translate(_BYTE_CLASSES)
    after_space = classes.count(b" a")
    if after_space < 2:
        return False
    lower = after_space + (classes[:1] == b"a")
    most = lower + classes.count(b".a") + classes.count(b"A") + len(data) - len(t)
    return 4 * lower >= most


def _is_title_like(text: str) -> bool:
    """A headline or subheading: 2-30 words, starts with a capital, digit or quote, no closing period."""
    t = text.strip()
    if not 2 <= len(_words(t)) <= 30 or len(t) > 250 or t.endswith((".", ",", ";", ":")):
        return False
    return t[:1].isupper() or t[:1].isdigit() or t[:1] in "\"“‘'"


def _is_byline(text: str) -> bool:
    r = _rules()
    t = text.strip()
    m = r.byline.match(t)
    if not m:
        return False
    rest = t[m.end() :]
    words = rest.replace(",", " ").split()
    if len(words) > r.byline_max_words or re.search(r"\d|[.!?]\s", rest) or rest.endswith("."):
        return False
    if m.group(0).strip().lower() == "from" and not words:
        return False
    return all(w[:1].isupper() or w.lower() in ("and", "&", "in", "de", "van", "von", "of") for w in words)


# A year 1900-2099. Every alternative opens with a literal, so `re` skips to the
# positions holding one of their first characters (also inside furniture_hint).
_YEARISH = re.compile(r"19\d\d|20\d\d")


def dateline_match(text: str) -> dates.DateMatch | None:
    """The date of a dateline block ("NEW YORK, May 19, 2023 (AP) --"), or None if the block is text.

    A dateline is short, holds a full date, and apart from the date, place,
    agency and words such as "Updated"/"Published" has no running text (no
    lower-case word).
    """
    t = text.strip()
    if not _has_year(t):
        return None
    return _dateline_of(t)


def _has_year(t: str) -> bool:
    """``_YEARISH.search(t)``, skipped when ``t`` lacks "19" and "20" (``str`` finds them many times faster than ``re``)."""
    return ("20" in t or "19" in t) and _YEARISH.search(t) is not None


def _dateline_of(t: str) -> dates.DateMatch | None:
    """:func:`dateline_match` of a stripped text that holds a year."""
    r = _rules()
    # n + 1 words need n + 1 letters and a separator between each two: a shorter text is never too long.
    if len(t) > 2 * r.dateline_max_words and r.dateline_too_long.match(t):
        return None  # more words than a dateline has
    if _running_word(t, r):
        return None
    m = dates.find_date(t)
    if m is None:
        return None
    rest = r.dateline_words.sub(" ", t[: m.start] + " " + t[m.end :])
    initials = _WORD_INITIAL.findall(rest)  # the first letter of each word
    if any(map(str.islower, initials)):
        initials = _WORD_INITIAL.findall(r.dateline_relative.sub(" ", rest))  # "Updated 2 hours ago"
    if any(map(str.islower, initials)) or len(initials) > 8:
        return None
    return m


def _running_word(t: str, r: _Rules) -> bool:
    """Whether ``t`` opens with words of letters, one of them a lower-case word that no date or dateline
    word can be: then :func:`_dateline_of` is None, without the date scans (the costly part).

    A date with its time and zone can start before the text's first digit only with a
    weekday or month name (a time, a day or an ISO year starts with a digit), so such a
    word stays in the text around the date and makes it running text. The words are read
    up to the first token that is not letters (with a closing comma, colon or period).
    """
    for token in t.split():
        word = token.rstrip(",;:.")
        if not word.isalpha():
            return False
        if word.islower() and word.isascii() and word not in r.dateline_terms:
            return True
    return False


def _published_from_dateline(text: str, m: dates.DateMatch) -> Published:
    place = dates.place_zone(text.strip()[: m.start]) if m.zone is None and m.offset_minutes is None else None
    return dates.published_from_match(m, source="dateline", text=text.strip(), default_zone=place)


def _inline_dateline(text: str) -> Published | None:
    """A dateline opening the first paragraph: "NEW YORK, May 19, 2023 (AP) -- Stocks fell ..."."""
    head = text[:120]
    m = dates.find_date(head)
    if m is None or m.start > 40:
        return None
    if not re.match(r"\s*(?:\([^)]{1,25}\))?\s*(?:--|[—–:]|-\s|\.-)", head[m.end :]):
        return None
    return _published_from_dateline(head[: m.end], m)


# --------------------------------------------------------------------------- plain text


@dataclass(slots=True)
class _Cand:
    start: int
    end: int
    text: str
    group: int
    standalone: bool
    bullet: bool = False
    role: str = "neutral"  # prose | neutral | chrome | section | dateline | caption
    kind: str = "paragraph"
    date: dates.DateMatch | None = None
    updated: bool = False


_NEWLINE = re.compile(r"\r\n|\r|\n")


def _lines(raw: str) -> list[tuple[int, int]]:
    """(start, end) of each line's content, newline excluded."""
    out, pos = [], 0
    if "\r" not in raw:
        for line in raw.split("\n"):
            out.append((pos, pos + len(line)))
            pos += len(line) + 1
        return out
    for m in _NEWLINE.finditer(raw):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(raw)))
    return out


def _line_texts(raw: str) -> list[tuple[int, str]]:
    """(start, content) of each line, newline excluded."""
    if "\r" in raw:
        return [(a, raw[a:b]) for a, b in _lines(raw)]
    out, pos = [], 0
    for line in raw.split("\n"):
        out.append((pos, line))
        pos += len(line) + 1
    return out


def _strip_span(raw: str, a: int, b: int) -> tuple[int, int]:
    text = raw[a:b]
    stripped = text.strip()
    if not stripped:
        return b, b
    a += len(text) - len(text.lstrip())
    return a, a + len(stripped)


def _is_wrapped(texts: list[str]) -> bool:
    """Is a group of lines (stripped) one hard-wrapped paragraph (a draft) rather than separate page elements?"""
    if len(texts) < 2:
        return False
    body = [len(t) for t in texts[:-1]]
    width = max(body)
    if width > 100 or min(body) < max(20, 0.5 * width):
        return False  # tested first: it rejects most groups of page lines at the cost of their lengths
    if any(_bullet(t) for t in texts):
        return False
    continued = any(not _ends_sentence(t) for t in texts[:-1]) or any(t[:1].islower() for t in texts[1:])
    # a headline right above its dateline or byline: separate page elements, never one paragraph
    return continued and not any(dateline_match(t) or _is_byline(t) for t in texts)


_COMMENT_LINE = re.compile(r"\s*<!--.*?-->\s*")


def _text_candidates(raw: str) -> list[_Cand]:
    """A candidate block per line, or per group of lines (between blank lines) that is one hard-wrapped paragraph.

    One pass: each line's candidate is made as it is read; a group's own tests
    (one line alone, a wrapped paragraph) are made when a blank line or the end closes it.
    """
    cands: list[_Cand] = []
    texts: list[str] = []  # the stripped lines of the open group
    gi = 0  # the open group's number
    for a, line in _line_texts(raw):
        text = line.strip()
        if not text:
            if texts:
                _close_group(raw, cands, texts)
                texts = []
                gi += 1
            continue
        if "<!--" in text and _COMMENT_LINE.fullmatch(line):
            continue  # an inline directive (<!-- factcheck: ignore -->) is not text
        if text is not line:  # stripped (str.strip returns an unchanged text itself): the offset of its first non-space character
            a += len(line) - len(line.lstrip())
        texts.append(text)
        b = a + len(text)
        first = text[:1]
        bullet = _BULLET.match(text) if first in _BULLET_MARKS or first.isdecimal() else None
        if bullet is None:
            cands.append(_Cand(a, b, text, gi, False, False))
        elif bullet.end() < len(text):
            cands.append(_Cand(a + bullet.end(), b, text[bullet.end() :], gi, False, True))
        else:
            cands.append(_Cand(a, b, text, gi, False, True))
    if texts:
        _close_group(raw, cands, texts)
    return cands


def _close_group(raw: str, cands: list[_Cand], texts: list[str]) -> None:
    """Mark a group's only line stand-alone, or make a hard-wrapped group one candidate; ``texts`` are its lines, the last candidates."""
    if len(texts) == 1:
        cands[-1].standalone = True
    elif _is_wrapped(texts):
        # a wrapped group has no bullet line: its candidates' spans are its lines' spans
        k = len(cands) - len(texts)
        a, b = cands[k].start, cands[-1].end
        cands[k:] = [_Cand(a, b, raw[a:b], cands[k].group, True, False)]


def _norm(text: str, lower: str) -> str:
    """``text`` with its whitespace runs made single spaces, lower-cased; ``lower`` is ``text.lower()``."""
    # A printable text has no whitespace but the ASCII space: with no run of two and
    # none at either end, splitting and joining would give it back unchanged.
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return lower
    if "\xa0" in lower:  # web pages put no-break spaces between words: as spaces, the text may need no split
        spaced = lower.replace("\xa0", " ")
        if spaced.isprintable() and "  " not in spaced and spaced[:1] != " " and spaced[-1:] != " ":
            return spaced
    return " ".join(lower.split())  # lower-casing neither makes nor removes whitespace


def _classify(cands: list[_Cand], *, repeated_is_chrome: bool = True) -> None:
    r = _rules()
    # Saved pages repeat lines (menus, bylines, teasers): each distinct text is examined once.
    norm_of: dict[str, str] = {}
    lower_of: dict[str, str] = {}  # shared by _norm and the furniture pre-checks
    own_of: dict[str, tuple[str, str | None, dates.DateMatch | None, bool] | None] = {}
    prose_of: dict[str, bool] = {}

    def prose(t: str) -> bool:
        if t not in prose_of:
            prose_of[t] = is_prose(t)
        return prose_of[t]

    counts: dict[str, int] = {}  # of each normalised text
    for t, k in Counter([c.text for c in cands]).items():
        lower = lower_of[t] = t.lower()
        n = norm_of[t] = _norm(t, lower)
        counts[n] = counts.get(n, 0) + k
    for i, (c, nxt) in enumerate(zip(cands, [*cands[1:], None])):
        t = c.text
        if len(t) >= 20 and nxt is not None and nxt.group == c.group and nxt.text.startswith(t):
            c.role, c.kind = "caption", "caption"
            nxt.role, nxt.kind = "caption", "caption"
            continue
        if c.role == "caption":
            continue
        if t in own_of:
            own = own_of[t]
        else:
            own = own_of[t] = _furniture(t, r, lower_of[t])
        if own is not None:
            c.role, kind, c.date, c.updated = own
            if kind is not None:
                c.kind = kind
        elif repeated_is_chrome and counts[norm_of[t]] > 1:
            c.role = "chrome"
            if i and norm_of[cands[i - 1].text] == norm_of[t] and prose(t):
                c.kind = cands[i - 1].kind = "caption"
        elif prose(t):
            c.role = "prose"
        if c.bullet and c.kind == "paragraph":
            c.kind = "list_item"


def _furniture(t: str, r: _Rules, lower: str) -> tuple[str, str | None, dates.DateMatch | None, bool] | None:
    """(role, kind or None to keep, dateline date, is an update time) of a block that its text alone marks as page furniture.

    None for other text: whether that is prose, chrome repeated on the page
    or neutral depends on the rest of the page. ``t`` is stripped; ``lower`` is ``t.lower()``.
    """
    low = _folded(t, lower)
    if low is not None and len(t) <= _HINT_MAX_CHARS:
        hint = r.furniture_hint
        if hint is not None and not hint[1].opens(low) and hint[0].search(low) is None:
            return None
    m = _dateline_of(t) if _has_year(t) else None  # dateline_match without its strip and second year scan
    if m is not None:
        return "dateline", "dateline", m, bool(r.updated.search(t))
    if (low is None or low.startswith(r.byline_openings)) and _is_byline(t):  # the byline pattern's pre-check
        return "chrome", "dateline", None, False
    if len(t) <= _CAPTION_MAX_CHARS and r.caption.search(t, low):
        return "caption", "caption", None, False
    if r.section.fullmatch(t, low):
        return "section", None, None, False
    if r.line.fullmatch(t, low) or r.promo.search(t, low):
        return "chrome", None, None, False
    return None


_CAPTION_MAX_CHARS = 400  # a photo caption with its credit is short; paragraphs are not searched
_HINT_MAX_CHARS = 100  # menu items, labels, teasers: one pre-check of all furniture tests pays (see _Rules.furniture_hint)
_MAX_NEUTRAL_RUN = 4  # more consecutive non-prose blocks than this is a list, not the article
_MERGE_GAP = 2  # chrome blocks (a caption, an ad line) the body may continue across
_MERGE_MIN_CHARS = 150


def _regions(cands: list[_Cand]) -> list[tuple[int, int, int]]:
    """Runs of prose (with short non-prose interruptions): (first, last, prose chars)."""
    out: list[tuple[int, int, int]] = []
    first = last = -1  # first < 0: no run is open
    score = neutral = 0
    for i, c in enumerate(cands):
        role = c.role
        if role == "prose":
            if first < 0:
                first = i
            last, neutral = i, 0
            score += len(c.text)
        elif first < 0:
            continue  # page furniture between runs: nothing to close
        elif role == "neutral" and neutral < _MAX_NEUTRAL_RUN:
            neutral += 1
        else:
            out.append((first, last, score))
            first, last, score, neutral = -1, -1, 0, 0
    if first >= 0:
        out.append((first, last, score))
    return out


def _body_span(cands: list[_Cand]) -> tuple[int, int] | None:
    regions = _regions(cands)
    if not regions:
        return None
    best = max(range(len(regions)), key=lambda k: regions[k][2])
    lo, hi = regions[best][0], regions[best][1]

    def bridgeable(a: int, b: int) -> bool:
        gap = cands[a:b]
        return len(gap) <= _MERGE_GAP and all(c.role in ("chrome", "caption") for c in gap)

    k = best + 1
    while k < len(regions) and bridgeable(hi + 1, regions[k][0]) and regions[k][2] >= _MERGE_MIN_CHARS:
        hi = regions[k][1]
        k += 1
    k = best - 1
    while k >= 0 and bridgeable(regions[k][1] + 1, lo) and regions[k][2] >= _MERGE_MIN_CHARS:
        lo = regions[k][0]
        k -= 1
    return lo, hi


def _read_text(raw: str) -> _Parsed:
    cands = _text_candidates(raw)
    _classify(cands)
    notes: list[str] = []
    span = _body_span(cands)
    title_i: int | None = None
    if span is None:
        notes.append("no running prose found: every block that is not page furniture is treated as body")
        body = {i for i, c in enumerate(cands) if c.role in ("neutral", "prose")}
        first_body = min(body) if body else len(cands)
    else:
        lo, hi = span
        body = {i for i in range(lo, hi + 1) if cands[i].role in ("neutral", "prose")}
        first_body = lo
        title_i = _find_headline(cands, lo)
        if title_i is not None:
            # a standfirst (dek) between the headline and the body belongs to the article
            body.update(i for i in range(title_i + 1, lo) if cands[i].role == "prose")
    blocks: list[Block] = []
    for i, c in enumerate(cands):
        kind = c.kind
        in_body = i in body
        if i == title_i:
            kind, in_body = "title", True
        elif in_body and c.role == "neutral" and kind == "paragraph" and _is_title_like(c.text):
            kind = "heading"
        blocks.append(Block(c.text, c.start, kind, in_body))
    published = _pick_dateline(cands, first_body, notes)
    if published is None:
        first = next((cands[i] for i in sorted(body) if cands[i].role == "prose"), None)
        if first is not None:
            published = _inline_dateline(first.text)
    title = cands[title_i].text if title_i is not None else None
    return _Parsed(blocks, published, title, notes)


def _find_headline(cands: list[_Cand], lo: int) -> int | None:
    """The headline: the nearest title-like line before the body, preferably a paragraph of its own.

    Pages saved without blank lines have no stand-alone lines; then a title-like
    line of at least four words is taken.
    """
    window = range(lo - 1, max(-1, lo - 26), -1)
    for strict in (True, False):
        for i in window:
            c = cands[i]
            if c.role == "section":
                break
            if c.role != "neutral" or c.bullet or not _is_title_like(c.text):
                continue
            if c.standalone if strict else len(_words(c.text)) >= 4:
                return i
    return None


def _pick_dateline(cands: list[_Cand], first_body: int, notes: list[str]) -> Published | None:
    """The original publication time: the dateline nearest before the body that is not an "Updated" line."""
    before = [c for c in cands[:first_body] if c.role == "dateline" and c.date is not None]
    if not before:
        before = [c for c in cands if c.role == "dateline" and c.date is not None and _rules().dateline_words.match(c.text.strip()) and not c.updated]
    original = [c for c in before if not c.updated]
    if original:
        c = original[-1]
        return _published_from_dateline(c.text, c.date)  # type: ignore[arg-type]
    if before:
        c = before[0]
        notes.append(f"only an update time was printed ({c.text.strip()!r}); it is used as the publication time")
        return _published_from_dateline(c.text, c.date)  # type: ignore[arg-type]
    return None


# --------------------------------------------------------------------------- character maps


_HTML_SPACE = " \t\n\r\f"
# A whitespace run (not at the start) that rendering changes, matched whole:
# longer than one character, or one character other than a space.
_HTML_SPACE_CHANGE = re.compile(r"[ \t\n\r\f](?:[ \t\n\r\f]+|(?<=[\t\n\r\f]))")


@dataclass(slots=True)
class _Chars:
    """Characters of a block under construction, each with the raw span it came from.

    The text is kept as pieces (joined when needed); ``starts`` and ``ends``
    have one entry per character.
    """

    parts: list[str] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)

    def text(self) -> str:
        return "".join(self.parts)

    def add(self, ch: str, start: int, end: int) -> None:
        self.parts.append(ch)
        self.starts.append(start)
        self.ends.append(end)

    def add_slice(self, raw: str, a: int, b: int) -> None:
        self.parts.append(raw[a:b])
        self.starts.extend(range(a, b))
        self.ends.extend(range(a + 1, b + 1))

    def extend(self, chars: str, starts: list[int], ends: list[int]) -> None:
        self.parts.append(chars)
        self.starts.extend(starts)
        self.ends.extend(ends)

    def collapse_space(self) -> None:
        """HTML rendering: a run of whitespace reads as one space (mapped to the run's first character).

        A leading run is dropped; of the others only those that change (longer
        than one character, or not a space) are visited.
        """
        text = self.text()
        lead = len(text) - len(text.lstrip(_HTML_SPACE))
        if lead == len(text):
            self.parts, self.starts, self.ends = [], [], []
            return
        runs = list(_HTML_SPACE_CHANGE.finditer(text, lead))
        if not lead and not runs:
            return
        out = _Chars()
        pos = lead
        for m in runs:
            a = m.start()
            out.extend(text[pos:a], self.starts[pos:a], self.ends[pos:a])
            out.add(" ", self.starts[a], self.ends[a])
            pos = m.end()
        out.extend(text[pos:], self.starts[pos:], self.ends[pos:])
        self.parts, self.starts, self.ends = out.parts, out.starts, out.ends

    def strip(self) -> None:
        text = self.text()
        a = len(text) - len(text.lstrip())
        b = max(a, len(text.rstrip()))
        self.parts, self.starts, self.ends = [text[a:b]], self.starts[a:b], self.ends[a:b]

    def block(self, raw: str, kind: str, in_body: bool) -> Block | None:
        text = self.text()
        if not text:
            return None
        start = self.starts[0]
        end = self.ends[-1]
        if end - start == len(text) and raw[start:end] == text:
            return Block(text, start, kind, in_body)
        return Block(text, start, kind, in_body, tuple(self.starts) + (end,))


def raw_span(block: Block, i: int, j: int, raw: str) -> tuple[int, int]:
    """Raw [start, end) of ``block.text[i:j]`` (the end excludes markup after the last character).

    ``Block.offsets`` gives each character's raw start; a character decoded from
    an entity (``&amp;``) is wider than one raw character, so the end is the
    last character's start plus its raw width.
    """
    if j <= i:
        s = block.raw(i)
        return s, s
    start = block.raw(i)
    last = block.raw(j - 1)
    if block.offsets is None or j == len(block.text):
        return start, block.raw(j)
    width = 1
    if raw[last : last + 1] == "&":
        semi = raw.find(";", last, last + 34)
        if semi > 0:
            width = semi + 1 - last
    return start, last + width


# --------------------------------------------------------------------------- markdown

_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_ATX = re.compile(r" {0,3}(#{1,6})(?:[ \t]+|$)")
_SETEXT = re.compile(r" {0,3}(=+|-+)[ \t]*$")
_HR = re.compile(r" {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_LIST = re.compile(r" {0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$)")
_QUOTE = re.compile(r" {0,3}>[ \t]?")
_HTML_LINE = re.compile(r"\s*</?[A-Za-z][^>]*>\s*$")
_INLINE = re.compile(
    r"""(?=[<!\[`\\&*_~])  # every kind of markup below starts with one of these: skip other positions quickly
      (?:(?P<comment><!--.*?-->)
      |(?P<image>!\[[^\]]*\]\([^)]*\))
      |(?P<link>\[(?P<ltext>[^\]]+)\](?:\([^)]*\)|\[[^\]]*\]))
      |(?P<auto><(?P<url>(?:https?|mailto):[^>\s]+)>)
      |(?P<tag></?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>)
      |(?P<code>(?P<ticks>`+)(?P<ctext>.+?)(?P=ticks))
      |(?P<esc>\\(?P<ech>[!-/:-@\[-`{-~]))
      |(?P<ent>&(?:\#[0-9]{1,7}|\#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)
      |(?P<strong>(?P<sd>\*\*|__)(?=\S)(?P<stext>.+?)(?<=\S)(?P=sd))
      |(?P<em>(?<![\w*\\])(?P<ed>[*_])(?=[^\s*_])(?P<etext>.+?)(?<=[^\s*_\\])(?P=ed)(?![\w*]))
      |(?P<strike>~~(?P<ktext>.+?)~~))""",
    re.S | re.X,
)


def _inline(src: _Chars, out: _Chars, i: int, j: int, s: str | None = None) -> None:
    """Markdown inline markup → visible characters (links keep their text, images and comments go).

    ``s`` is ``src``'s text (joined once, passed to nested calls).
    """
    import html

    if s is None:
        s = src.text()

    def keep(a: int, b: int) -> None:
        out.extend(s[a:b], src.starts[a:b], src.ends[a:b])

    pos = i
    for m in _INLINE.finditer(s, i, j):
        keep(pos, m.start())
        pos = m.end()
        if m["comment"] or m["image"] or m["tag"]:
            continue
        if m["link"]:
            _inline(src, out, m.start("ltext"), m.end("ltext"), s)
        elif m["auto"]:
            keep(m.start("url"), m.end("url"))
        elif m["code"]:
            keep(m.start("ctext"), m.end("ctext"))
        elif m["esc"]:
            keep(m.start("ech"), m.end("ech"))
        elif m["ent"]:
            decoded = html.unescape(m["ent"])
            if decoded == m["ent"]:
                keep(m.start(), m.end())
            else:
                for ch in decoded:
                    out.add(ch, src.starts[m.start()], src.ends[m.end() - 1])
        elif m["strong"]:
            _inline(src, out, m.start("stext"), m.end("stext"), s)
        elif m["em"]:
            _inline(src, out, m.start("etext"), m.end("etext"), s)
        elif m["strike"]:
            _inline(src, out, m.start("ktext"), m.end("ktext"), s)
    keep(pos, j)


@dataclass
class _MdBlock:
    kind: str
    spans: list[tuple[int, int]]  # raw content span of each line, markers removed


def _front_matter(raw: str) -> tuple[int, int, int, str] | None:
    """(content start, content end, end of the closing line, "yaml"|"toml") of a leading front matter block.

    YAML between ``---`` lines (Jekyll, Pandoc) or TOML between ``+++`` lines (Hugo).
    """
    head = raw[: raw.find("\n") + 1 or len(raw)].rstrip()
    if head not in ("---", "+++"):
        return None
    closing = ("---", "...") if head == "---" else ("+++",)
    lines = _lines(raw)
    for a, b in lines[1:]:
        if raw[a:b].rstrip() in closing:
            nl = _NEWLINE.match(raw, b)
            return lines[1][0], a, nl.end() if nl else b, "yaml" if head == "---" else "toml"
    return None


def _fm_value_span(raw: str, a: int, b: int, keys: tuple[str, ...]) -> tuple[str, _Chars] | None:
    """Locate ``key: value`` in the front matter and map the (unquoted) value's characters."""
    for la, lb in _lines(raw[:b]):
        if la < a:
            continue
        m = re.match(r"([A-Za-z_][\w-]*)[ \t]*[:=][ \t]*", raw[la:lb])
        if not m or m.group(1) not in keys:
            continue
        vs, ve = _strip_span(raw, la + m.end(), lb)
        out = _Chars()
        if ve - vs >= 2 and raw[vs] == '"' and raw[ve - 1] == '"':
            k = vs + 1
            while k < ve - 1:
                if raw[k] == "\\" and k + 1 < ve - 1:
                    width = {"x": 4, "u": 6, "U": 10}.get(raw[k + 1], 2)
                    esc = raw[k : k + width]
                    try:
                        ch = esc.encode("ascii").decode("unicode_escape") if width > 2 or esc[1] in "nt" else esc[1]
                    except (UnicodeError, ValueError):
                        ch, width = esc[1], 2
                    out.add(ch, k, k + width)
                    k += width
                else:
                    out.add(raw[k], k, k + 1)
                    k += 1
        elif ve - vs >= 2 and raw[vs] == "'" and raw[ve - 1] == "'":
            k = vs + 1
            while k < ve - 1:
                out.add(raw[k], k, k + 1)
                k += 2 if raw[k : k + 2] == "''" else 1
        elif raw[vs:ve] in ("|", ">", "|-", ">-", "|+", ">+", ""):
            continue
        else:
            out.add_slice(raw, vs, ve)
        return m.group(1), out
    return None


def _md_blocks(raw: str, start: int) -> list[_MdBlock]:
    blocks: list[_MdBlock] = []
    cur: _MdBlock | None = None
    fence: str | None = None
    in_comment = False
    for a, b in _lines(raw):
        if a < start:
            continue
        line = raw[a:b]
        if fence is not None:
            if line.strip().startswith(fence):
                fence = None
            continue
        if in_comment:
            if "-->" in line:
                in_comment = False
                a = a + line.index("-->") + 3
                line = raw[a:b]
            else:
                continue
        if _COMMENT_LINE.fullmatch(line):
            continue
        if "<!--" in line and "-->" not in line[line.index("<!--") :]:
            in_comment = True
            b = a + line.index("<!--")
            line = raw[a:b]
        f = _FENCE.match(line)
        if f:
            fence, cur = f.group(1), None
            continue
        if not line.strip():
            cur = None
            continue
        if _HTML_LINE.match(line):
            cur = None
            continue
        h = _ATX.match(line)
        if h:
            ca, cb = _strip_span(raw, a + h.end(), b)
            closing = re.search(r"[ \t]+#+$", raw[ca:cb])
            if closing:
                cb = ca + closing.start()
            blocks.append(_MdBlock(f"h{len(h.group(1))}", [(ca, cb)]))
            cur = None
            continue
        if cur is not None and cur.kind == "paragraph" and _SETEXT.match(line):
            cur.kind = "h1" if "=" in line else "h2"
            cur = None
            continue
        if _HR.match(line):
            cur = None
            continue
        q = _QUOTE.match(line)
        if q:
            a = a + q.end()
            line = raw[a:b]
        li = _LIST.match(line)
        if li:
            cur = _MdBlock("list_item", [_strip_span(raw, a + li.end(), b)])
            blocks.append(cur)
            continue
        span = _strip_span(raw, a, b)
        if cur is None:
            cur = _MdBlock("paragraph", [])
            blocks.append(cur)
        cur.spans.append(span)
    return blocks


def _md_chars(raw: str, blk: _MdBlock) -> _Chars:
    src = _Chars()
    for k, (a, b) in enumerate(blk.spans):
        if k:
            pa, pb = blk.spans[k - 1]
            gap = raw[pb:a]
            if gap.strip() == "":
                src.add_slice(raw, pb, a)
            else:
                nl = _NEWLINE.search(raw, pb, a)
                src.add("\n", nl.start() if nl else pb, nl.start() + 1 if nl else pb + 1)
        src.add_slice(raw, a, b)
    out = _Chars()
    _inline(src, out, 0, len(src.starts))
    out.strip()
    return out


def _read_markdown(raw: str) -> _Parsed:
    notes: list[str] = []
    r = _rules()
    blocks: list[Block] = []
    published: Published | None = None
    title: str | None = None
    body_start = 0
    fm = _front_matter(raw)
    if fm is not None:
        ca, cb, body_start, lang = fm
        meta = _load_front_matter(raw[ca:cb], lang, notes)
        found = _fm_value_span(raw, ca, cb, r.fm_title)
        if found is not None:
            _, chars = found
            blk = chars.block(raw, "title", True)
            if blk is not None:
                blocks.append(blk)
                title = blk.text
        published = _fm_published(meta, notes)
    md = _md_blocks(raw, body_start)
    for mb in md:
        chars = _md_chars(raw, mb)
        kind = {"paragraph": "paragraph", "list_item": "list_item"}.get(mb.kind, "heading")
        if kind == "heading" and mb.kind == "h1" and title is None:
            kind = "title"
        blk = chars.block(raw, kind, True)
        if blk is None:
            continue
        if kind == "title":
            title = blk.text
        if kind == "paragraph" and len(mb.spans) == 1:
            m = dateline_match(blk.text)
            if m is not None:
                blk = replace(blk, kind="dateline", in_body=False)
                if published is None and not r.updated.search(blk.text):
                    published = _published_from_dateline(blk.text, m)
            elif _is_byline(blk.text):
                blk = replace(blk, kind="dateline", in_body=False)
        blocks.append(blk)
    if published is None:
        first = next((b for b in blocks if b.in_body and b.kind == "paragraph"), None)
        if first is not None:
            published = _inline_dateline(first.text)
    return _Parsed(blocks, published, title, notes)


def _load_front_matter(text: str, lang: str, notes: list[str]) -> dict[str, str]:
    """Front matter as strings (YAML's BaseLoader: dates are not converted, so no zone is lost)."""
    if lang == "toml":
        import tomllib

        try:
            table = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            notes.append(f"front matter is not valid TOML ({exc}); ignored")
            return {}
        return {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in table.items() if isinstance(v, str) or hasattr(v, "isoformat")}
    simple = _simple_yaml(text)
    if simple is not None:
        return simple
    import yaml

    try:
        data = yaml.load(text, Loader=yaml.BaseLoader)  # noqa: S506 - BaseLoader builds only str/list/dict
    except yaml.YAMLError as exc:
        notes.append(f"front matter is not valid YAML ({str(exc).splitlines()[0]}); ignored")
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(k): v for k, v in data.items() if isinstance(v, str)}


_FM_SIMPLE = re.compile(r'(?P<key>[A-Za-z_][A-Za-z0-9_-]*): +(?:"(?P<quoted>[^"\\]*)"|(?P<plain>[^\W_](?:[^#: ]|:(?! |$)| (?! |$))*))')


def _simple_yaml(text: str) -> dict[str, str] | None:
    """Front matter made only of ``key: value`` lines, read without PyYAML; None when it is not that simple.

    PyYAML's pure-Python loader takes most of a Markdown draft's reading time.
    Accepted values are those whose YAML string is the text itself: double
    quoted without quotes or backslashes inside, or plain text that starts
    with a letter or digit and has no ``#``, no ``: ``, no double or trailing
    space; every character printable (no tabs, no YAML line breaks).
    """
    out: dict[str, str] = {}
    for line in text.split("\n"):
        if not line:
            continue
        m = _FM_SIMPLE.fullmatch(line)
        if m is None or not line.isprintable():
            return None
        out[m["key"]] = m["quoted"] if m["quoted"] is not None else m["plain"]
    return out or None


def _fm_published(meta: dict[str, str], notes: list[str]) -> Published | None:
    r = _rules()
    zone = None
    tz_value = next((meta[k] for k in r.fm_timezone if meta.get(k)), None)
    if tz_value:
        zone = dates.iana_zone(tz_value)
        if zone is None:
            notes.append(f"front matter timezone {tz_value!r} is not a known zone name")
    date_value = next((meta[k] for k in r.fm_date if meta.get(k)), None)
    if not date_value:
        return None
    found = dates.parse_any(date_value, source="front_matter", zone=zone)
    if found is None:
        notes.append(f"front matter date {date_value!r} could not be read")
        return None
    if zone and found.timezone is None and not found.has_time:
        found = replace(found, timezone=zone)
    return replace(found, text=date_value)


# --------------------------------------------------------------------------- html

_BLOCK_TAGS = frozenset(
    "address article aside blockquote body caption center dd details dialog div dl dt fieldset figcaption figure "
    "footer form h1 h2 h3 h4 h5 h6 header hgroup hr html li main menu nav ol p pre section summary table tbody "
    "td tfoot th thead title tr ul br head legend option select textarea".split()
)
_SKIP_TAGS = frozenset("script style".split())  # their text is not in the tokenizer's stream either
_HIDDEN_TAGS = frozenset("head noscript template svg math button select option textarea iframe object canvas".split())
_CHROME_TAGS = frozenset("nav aside footer form".split())


def _html_stream(raw: str) -> tuple[str, list[int], list[int]]:
    """The visible character stream of the raw HTML with each character's raw span.

    lxml (libxml2) gives the document tree but no character positions; the
    standard library's tokenizer reports the position of every text run and
    entity, so its stream is aligned with lxml's text nodes to map offsets.
    Carriage returns before a newline are dropped, as libxml2 does.
    """
    tok = _tokenizer()(raw)
    tok.feed(raw)
    tok.close()
    return "".join(tok.chars), tok.starts, tok.ends


@functools.cache
def _tokenizer() -> type:
    """The class behind :func:`_html_stream` (built on first use: html.parser is only needed for HTML)."""
    import html
    from html.parser import HTMLParser

    class _Tok(HTMLParser):
        def __init__(self, raw: str) -> None:
            super().__init__(convert_charrefs=False)
            self.raw = raw
            self.line_starts = [0] + [m.end() for m in re.finditer("\n", raw)]
            self.chars: list[str] = []
            self.starts: list[int] = []
            self.ends: list[int] = []
            self.cdata: str | None = None

        def _off(self) -> int:
            line, col = self.getpos()
            return self.line_starts[line - 1] + col

        def handle_starttag(self, tag: str, attrs: Any) -> None:
            if tag in _SKIP_TAGS:
                self.cdata = tag

        def handle_endtag(self, tag: str) -> None:
            if tag == self.cdata:
                self.cdata = None

        def handle_data(self, data: str) -> None:
            if self.cdata:
                return
            o = self._off()
            if "\r" not in data:
                self.chars.append(data)
                offsets = list(range(o, o + len(data) + 1))  # each character ends where the next starts
                self.starts += offsets[:-1]
                self.ends += offsets[1:]
                return
            for k, ch in enumerate(data):
                if ch == "\r" and data[k + 1 : k + 2] == "\n":
                    continue
                self.chars.append("\n" if ch == "\r" else ch)
                self.starts.append(o + k)
                self.ends.append(o + k + 1)

        def _ref(self, ref: str, o: int) -> None:
            raw = self.raw
            width = len(ref) + (1 if raw[o + len(ref) : o + len(ref) + 1] == ";" else 0)
            decoded = html.unescape(raw[o : o + width])
            if decoded == raw[o : o + width]:
                self.chars.append(decoded)
                self.starts.extend(range(o, o + width))
                self.ends.extend(range(o + 1, o + width + 1))
                return
            for ch in decoded:
                self.chars.append(ch)
                self.starts.append(o)
                self.ends.append(o + width)

        def handle_entityref(self, name: str) -> None:
            if not self.cdata:
                self._ref("&" + name, self._off())

        def handle_charref(self, name: str) -> None:
            if not self.cdata:
                self._ref("&#" + name, self._off())

    return _Tok


class _Aligner:
    """Maps lxml text nodes, in document order, onto the tokenizer's character stream."""

    def __init__(self, raw: str) -> None:
        self.stream, self.starts, self.ends = _html_stream(raw)
        self.cursor = 0
        self.lost = 0

    def _find(self, text: str) -> int:
        if self.stream.startswith(text, self.cursor):
            return self.cursor
        if not text.strip():
            return -1
        return self.stream.find(text, self.cursor)

    def _take(self, k: int, n: int, out: _Chars | None) -> None:
        if out is not None:
            out.extend(self.stream[k : k + n], self.starts[k : k + n], self.ends[k : k + n])
        self.cursor = k + n

    def map(self, text: str, out: _Chars | None) -> None:
        """Append ``text``'s characters with their raw spans to ``out`` (None: only advance)."""
        k = self._find(text)
        if k >= 0:
            self._take(k, len(text), out)
            return
        # The two parsers disagree on this node (entity or whitespace handling):
        # place it word by word, keeping the source's own spaces between words.
        for n, tok in enumerate(re.finditer(r"\S+", text)):
            kt = self._find(tok.group())
            if kt < 0:
                self.lost += len(tok.group())
                continue
            if n and out is not None and kt > self.cursor and self.stream[kt - 1].isspace():
                self._take(kt - 1, 1, out)
            self._take(kt, len(tok.group()), out)


def _class_words(el: Any) -> list[str]:
    """Class and id tokens, whole and split at - and _ ("c-byline__name" → byline)."""
    tokens = f"{el.get('class') or ''} {el.get('id') or ''}".split()
    return tokens + [w for t in tokens for w in re.split(r"[_\-]+", t) if w and w != t]


@dataclass
class _HtmlBlock:
    chars: _Chars
    kind: str
    in_body: bool


def _article_root(doc: Any) -> Any:
    """The element holding the article: articleBody, <article>, <main>, or the densest-paragraph parent."""

    def ptext(el: Any) -> int:
        return sum(len(p.text_content()) for p in el.iter("p"))

    for query in ('//*[@itemprop="articleBody"]', "//article", '//main | //*[@role="main"]'):
        found = doc.xpath(query)
        if found:
            best = max(found, key=ptext)
            if ptext(best) > 0:
                return best
    parents: dict[Any, int] = {}
    for p in doc.iter("p"):
        parent = p.getparent()
        if parent is not None:
            parents[parent] = parents.get(parent, 0) + len(p.text_content())
    if parents:
        return max(parents, key=lambda k: parents[k])
    body = doc.find("body")
    return body if body is not None else doc


def _read_html(raw: str) -> _Parsed:
    import lxml.etree
    import lxml.html

    notes: list[str] = []
    r = _rules()
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    try:
        doc = lxml.html.document_fromstring(raw.encode("utf-8"), parser=parser)
    except (lxml.etree.ParserError, ValueError) as exc:
        return _Parsed([], None, None, [f"HTML could not be parsed ({exc}); no text read"])
    root = _article_root(doc)
    in_root = {id(el) for el in root.iter()}
    h1s = [el for el in doc.iter("h1")]
    title_el = next((h for h in h1s if id(h) in in_root), None)
    if title_el is None:
        order = {id(el): n for n, el in enumerate(doc.iter())}
        before = [h for h in h1s if order[id(h)] < order[id(root)]]
        title_el = before[-1] if before else None

    aligner = _Aligner(raw)
    out: list[_HtmlBlock] = []
    cur: list[_HtmlBlock | None] = [None]

    def context(el: Any, tag: str, outer: tuple[str, bool, bool, bool]) -> tuple[str, bool, bool, bool]:
        """(kind, in_body, visible, inside the article) of text in ``el``, from that of its parent's text."""
        kind, body, visible, inside = outer
        if tag in _HIDDEN_TAGS:
            visible = False
        if el is root:
            inside, body = True, True
        elif inside and (tag in _CHROME_TAGS or tag == "figure" or any(r.chrome_class.fullmatch(w) for w in _class_words(el))):
            body = False
        if tag == "figcaption":
            kind = "caption"
        elif tag in ("h2", "h3", "h4", "h5", "h6") or (tag == "h1" and el is not title_el):
            kind = "heading"
        elif tag == "li" and kind == "paragraph":
            kind = "list_item"
        if el is title_el:
            kind, body = "title", True
        return kind, body, visible, inside

    def emit(text: str | None, ctx: tuple[str, bool, bool, bool]) -> None:
        if not text:
            return
        kind, body, visible, _ = ctx
        if not visible:
            aligner.map(text, None)
            return
        blk = cur[0]
        if blk is None or blk.kind != kind or blk.in_body != body:
            blk = _HtmlBlock(_Chars(), kind, body)
            out.append(blk)
            cur[0] = blk
        aligner.map(text, blk.chars)

    def visit(el: Any, outer: tuple[str, bool, bool, bool]) -> None:
        tag = el.tag
        if not isinstance(tag, str) or tag in _SKIP_TAGS:
            return
        ctx = context(el, tag, outer)
        block = tag in _BLOCK_TAGS
        if block:
            cur[0] = None
        emit(el.text, ctx)
        for child in el:
            visit(child, ctx)
            if child.tag in _BLOCK_TAGS:
                cur[0] = None
            emit(child.tail, ctx)
        if block:
            cur[0] = None

    visit(doc, ("paragraph", False, True, False))
    if aligner.lost:
        notes.append(f"{aligner.lost} characters of the HTML text could not be located in the source and were left out")

    blocks: list[Block] = []
    datelines: list[tuple[Block, dates.DateMatch]] = []
    for hb in out:
        hb.chars.collapse_space()
        hb.chars.strip()
        blk = hb.chars.block(raw, hb.kind, hb.in_body)
        if blk is None:
            continue
        if blk.kind in ("paragraph", "heading", "list_item"):
            m = dateline_match(blk.text)
            if m is not None:
                blk = replace(blk, kind="dateline", in_body=False)
                datelines.append((blk, m))
            elif _is_byline(blk.text):
                blk = replace(blk, kind="dateline", in_body=False)
            elif blk.in_body and _is_chrome_line(blk.text, r):
                blk = replace(blk, in_body=False)
        blocks.append(blk)

    published = _html_published(doc, root, notes)
    printed = [_published_from_dateline(b.text, m) for b, m in datelines if not r.updated.search(b.text)]
    printed += [_published_from_dateline(b.text, m) for b, m in datelines if r.updated.search(b.text)]
    if published is None and printed:
        published = printed[0]
    elif published is not None and published.timezone is None:
        published = _zone_from_printed(published, printed)
    if published is None:
        first = next((b for b in blocks if b.in_body and b.kind == "paragraph"), None)
        if first is not None:
            published = _inline_dateline(first.text)
    title = None
    if title_el is not None:
        title = " ".join(title_el.text_content().split()) or None
    if title is None:
        t = doc.find(".//title")
        title = " ".join(t.text_content().split()) if t is not None and t.text_content().strip() else None
    return _Parsed(blocks, published, title, notes)


def _is_chrome_line(text: str, r: _Rules) -> bool:
    low = _folded(text)
    return r.line.fullmatch(text, low) or r.section.fullmatch(text, low) or r.promo.search(text, low)


def _zone_from_printed(found: Published, printed: list[Published]) -> Published:
    """A machine-readable stamp with only an offset takes the zone of a visible dateline of the same instant."""
    import datetime as dt

    if not found.has_time:
        return found
    at = dt.datetime.fromisoformat(found.instant)
    for p in printed:
        if p.timezone and p.has_time and at.tzinfo is not None and dt.datetime.fromisoformat(p.instant) == at:
            zoned = at.astimezone(dates.tzinfo_for(p.timezone, None))
            return replace(found, instant=zoned.isoformat(), timezone=p.timezone)
    return found


def _html_published(doc: Any, root: Any, notes: list[str]) -> Published | None:
    """meta article:published_time (and kin) → JSON-LD datePublished → <time datetime>."""
    import json

    r = _rules()
    candidates: list[Published] = []
    metas: dict[str, str] = {}
    for meta in doc.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        content = (meta.get("content") or "").strip()
        if key and content and key not in metas:
            metas[key] = content
    for key in r.meta_published:
        if key in metas:
            found = dates.parse_any(metas[key], source="meta")
            if found is not None:
                candidates.append(replace(found, text=f'<meta {key}="{metas[key]}">'))
                break
    for script in doc.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except ValueError:
            notes.append("a JSON-LD block is not valid JSON; ignored")
            continue
        value = _find_key(data, "datePublished")
        if isinstance(value, str):
            found = dates.parse_any(value, source="json_ld")
            if found is not None:
                candidates.append(found)
                break
    times = [t for t in doc.iter("time") if t.get("datetime")]
    preferred = [t for t in times if t.get("itemprop") == "datePublished" or t.get("pubdate") is not None]
    in_root = {id(el) for el in root.iter()}
    for t in preferred + [t for t in times if id(t) in in_root] + times:
        found = dates.parse_any(t.get("datetime"), source="time")
        if found is not None:
            candidates.append(replace(found, text=f'<time datetime="{t.get("datetime")}">'))
            break
    if not candidates:
        return None
    first = candidates[0]
    if not first.has_time:
        richer = [c for c in candidates[1:] if c.has_time and c.instant[:10] == first.instant[:10]]
        if richer:
            return richer[0]
    return first


def _find_key(data: Any, key: str) -> Any:
    if isinstance(data, dict):
        if key in data:
            return data[key]
        children: Any = data.values()
    elif isinstance(data, list):
        children = data
    else:
        return None
    for v in children:
        found = _find_key(v, key)
        if found is not None:
            return found
    return None


# --------------------------------------------------------------------------- sentences

_SENT_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s|$)")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """[start, end) of each sentence of a block's text, whitespace excluded.

    A period ends a sentence unless the word it closes is an abbreviation from
    ``rules/abbreviations.yaml`` ("Jan. 13", "Mr. Xi", "U.S. Treasury"), an
    initial ("Jerome H. Powell"), or the next word starts in lower case or
    with a digit. A blank line always ends a sentence.
    """
    never, may, starters = _abbreviations()
    spans: list[tuple[int, int]] = []
    start = _skip_ws(text, 0)
    n = len(text)
    for m in _sentence_ends(text):
        e = m.end()
        if e <= start:
            continue
        # Most sentence ends are followed by one space: no need to scan a whitespace run.
        nxt = e + 1 if text[e : e + 1] == " " and not text[e + 1 : e + 2].isspace() else _skip_ws(text, e)
        if nxt < n and (nxt - e < 2 or "\n\n" not in text[e:nxt].replace("\r", "")) \
                and not _ends_here(text, m, nxt, never, may, starters):
            continue
        spans.append((start, m.end()))
        start = nxt
    end = len(text.rstrip())
    if start < end:
        spans.append((start, end))
    for para in _BLANK_LINE.finditer(text) if "\n" in text else ():
        for k, (a, b) in enumerate(spans):
            if a < para.start() and para.end() < b:
                left = len(text[a : para.start()].rstrip())
                spans[k : k + 1] = [(a, a + left), (_skip_ws(text, para.end()), b)]
                break
    return spans


def _sentence_ends(text: str) -> list[re.Match[str]]:
    """What ``_SENT_END.finditer(text)`` finds, matched only where a sentence-ending character is.

    `re` checks every character of the text against the class of sentence-ending
    characters (slowly: "…" makes it a large class); ``str.find`` jumps from one
    to the next. Tried in order, past what each match covers, they give the scan's matches.
    """
    return matches_from(_SENT_END, text, occurrences(text, _SENT_END_CHARS))


_SENT_END_CHARS = ".!?…"  # the first class of _SENT_END
_SPACES = re.compile(r"\s*")  # \s is exactly str.isspace
_BLANK_LINE = re.compile(r"\n[ \t]*\r?\n")
_FOLLOWING = re.compile(r"[\"'“‘(\[]*(\S*)")
_INITIAL = re.compile(r"[A-Z]\.")
_INITIALISM = re.compile(r"(?:[A-Za-z]\.){2,}")


def _skip_ws(text: str, i: int) -> int:
    return _SPACES.match(text, i).end()  # type: ignore[union-attr]


def _ends_here(text: str, m: re.Match[str], nxt: int, never: frozenset[str], may: frozenset[str], starters: frozenset[str]) -> bool:
    following = _FOLLOWING.match(text, nxt).group(1)  # type: ignore[union-attr]  # always matches
    first = following[:1]
    if first.islower() or first.isdigit() or first in "%$,;:":
        return False
    punct = m.group(0)
    if not punct.startswith(".") or len(punct.rstrip("\"'”’)]")) > 1:
        return True
    start = end = m.start() + 1  # the word the period closes: the non-space run ending there
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    word = text[start:end].lstrip("\"'“‘(")
    if word in never or _INITIAL.fullmatch(word):
        return False
    if word in may or _INITIALISM.fullmatch(word):
        return following.rstrip(",.;:") in starters
    return True
