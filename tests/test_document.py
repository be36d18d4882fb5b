"""Document stage: body detection, publication instant, offsets, bad input."""

from __future__ import annotations

import html
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from factcheck import document
from factcheck.dates import find_date, iana_zone, parse_published
from factcheck.document import (
    NO_PUBLISHED_NOTE,
    detect_format,
    raw_span,
    read_document,
    read_stdin,
    sentence_spans,
)
from factcheck.model import Block, Document, FactcheckError, InputError

FIX = Path(__file__).parent / "fixtures" / "documents"
SEED = FIX / "fortune-2025-02-16-china-rally.txt"
DEVSET = Path(__file__).parent / "fixtures" / "devset" / "articles"  # shared with test_devset.py
PAGES = FIX / "pages"
ALL_FIXTURES = sorted([SEED, *DEVSET.glob("*.txt"), *DEVSET.glob("*.md"), *DEVSET.glob("*.html"), *PAGES.glob("*.*")])


def body(doc: Document) -> list[Block]:
    return [b for b in doc.blocks if b.in_body]


def block_with(doc: Document, needle: str) -> Block:
    found = [b for b in doc.blocks if needle in b.text]
    assert len(found) == 1, (needle, [b.text[:60] for b in found])
    return found[0]


def assert_offsets(doc: Document) -> None:
    """Every character of every block points at the raw character it was read from."""
    raw = doc.raw
    for b in doc.blocks:
        assert b.text, b
        if b.offsets is None:
            assert raw[b.start : b.start + len(b.text)] == b.text
            continue
        assert len(b.offsets) == len(b.text) + 1
        assert b.offsets[0] == b.start
        assert list(b.offsets) == sorted(b.offsets), "offsets go backwards"
        for i, ch in enumerate(b.text):
            r = b.raw(i)
            if raw[r] == ch or (ch.isspace() and raw[r].isspace()):
                continue
            assert raw[r] in "&\\", (b.text, i, ch, raw[r : r + 10])
            if raw[r] == "&":
                semi = raw.index(";", r)
                assert ch in html.unescape(raw[r : semi + 1]), (ch, raw[r : semi + 1])
            else:
                assert raw[r + 1] in (ch, "u", "x", "U"), (ch, raw[r : r + 6])


# --------------------------------------------------------------------------- seed


@pytest.fixture(scope="module")
def seed() -> Document:
    return read_document(str(SEED))


def test_seed_body_runs_from_first_to_last_article_paragraph(seed: Document) -> None:
    paras = [b for b in body(seed) if b.kind == "paragraph"]
    assert paras[0].text.startswith("A potential encounter this week between President Xi Jinping")
    assert paras[-1].text.endswith("wrote in a note dated Monday.")
    assert len(paras) == 15
    # the body is contiguous: no non-body block between its first and last paragraph
    idx = [i for i, b in enumerate(seed.blocks) if b.in_body and b.kind != "title"]
    assert idx == list(range(idx[0], idx[-1] + 1))


def test_seed_subheading_is_body_and_headline_is_title(seed: Document) -> None:
    assert block_with(seed, "Crystal-clear message").kind == "heading"
    assert block_with(seed, "Crystal-clear message").in_body
    title = block_with(seed, "Xi-Jack Ma chat seen")
    assert (title.kind, title.in_body) == ("title", True)
    assert seed.title == "Xi-Jack Ma chat seen as next catalyst for blistering China rally"


def test_seed_page_furniture_is_not_body(seed: Document) -> None:
    promo = block_with(seed, "Join us at the Fortune Workplace Innovation Summit")
    assert not promo.in_body
    captions = [b for b in seed.blocks if b.text.startswith("Jack Ma, founder of Alibaba Group")]
    assert len(captions) == 2 and all(b.kind == "caption" and not b.in_body for b in captions)
    for needle in ("Most Popular", "Latest in Finance", "About the Authors", "See All Rankings", "Fortune 500 Europe"):
        assert not any(b.in_body for b in seed.blocks if needle in b.text), needle
    lorem = [b for b in seed.blocks if b.text.startswith("Lorem ipsum")]
    assert len(lorem) == 12 and not any(b.in_body for b in lorem)
    datelines = [b for b in seed.blocks if b.kind == "dateline"]
    assert {"February 16, 2025, 9:12 PM ET", "By Sangmi Cha"} <= {b.text for b in datelines}
    assert not any(b.in_body for b in datelines)


def test_seed_every_checkable_figure_is_in_body(seed: Document) -> None:
    text = " ".join(b.text for b in body(seed))
    for figure in ("about 60% since Jan. 13", "as much as 7.8%", "almost 40%", "as much as 1.7%", "18.2 times",
                   "44.9 times", "$16 trillion", "1.67%", "double-digit gains"):  # fmt: skip
        assert figure in text, figure


def test_seed_published_is_the_original_dateline_in_new_york_time(seed: Document) -> None:
    p = seed.published
    assert p is not None
    assert (p.instant, p.timezone, p.has_time, p.source) == (
        "2025-02-16T21:12:00-05:00", "America/New_York", True, "dateline")  # fmt: skip
    assert p.text == "February 16, 2025, 9:12 PM ET"
    assert seed.notes == ()


def test_seed_blocks_are_exact_slices(seed: Document) -> None:
    assert all(b.offsets is None for b in seed.blocks)
    assert_offsets(seed)
    assert seed.raw == SEED.read_text(encoding="utf-8")


# --------------------------------------------------------------------------- devset

DEVSET_PUBLISHED = {
    "01-ap-indexes-may19": ("2023-05-19", "America/New_York", "dateline"),
    "02-ten-year-yield-tops-4pct": ("2022-09-28", None, "dateline"),
    "03-yen-weakest-since-1990": ("2022-10-20", "Asia/Tokyo", "dateline"),
    "04-apple-3-trillion": ("2022-01-05", None, "dateline"),
    "05-nikkei-record-close": ("2024-02-22", "Asia/Tokyo", "front_matter"),
    "06-gold-record-settlement": ("2024-07-31", "America/New_York", "front_matter"),
    "07-hang-seng-party-congress": ("2022-10-24", "Asia/Shanghai", "front_matter"),
    "08-tesla-share-price-leap": ("2024-10-25", "Australia/Sydney", "front_matter"),
    "09-bitcoin-tops-100k": ("2024-12-06", None, "meta"),
    "10-oil-jumps-israel-iran": ("2025-06-13", None, "meta"),
    "11-hk-stocks-plunge-mainland-rally": ("2024-10-08", None, "meta"),
    "12-tariff-pause-rally": ("2025-04-09", None, "meta"),
}
DEVSET_FILES = sorted(p for p in DEVSET.iterdir() if p.suffix in (".txt", ".md", ".html"))


@pytest.mark.parametrize("path", DEVSET_FILES, ids=lambda p: p.name)
def test_devset_published_date(path: Path) -> None:
    doc = read_document(str(path))
    instant, zone, source = DEVSET_PUBLISHED[path.stem.removesuffix("-wrong")]
    assert doc.published is not None
    assert (doc.published.instant, doc.published.timezone, doc.published.has_time, doc.published.source) == (
        instant, zone, False, source)  # fmt: skip
    assert any("date only" in n for n in doc.notes)


@pytest.mark.parametrize("path", DEVSET_FILES, ids=lambda p: p.name)
def test_devset_first_line_is_dateline_or_title(path: Path) -> None:
    doc = read_document(str(path))
    first = doc.blocks[0]
    if path.suffix == ".txt":
        assert (first.kind, first.in_body, first.start) == ("dateline", False, 0)
        assert doc.blocks[1].kind == "title" and doc.blocks[1].in_body
    else:
        title = next(b for b in doc.blocks if b.kind == "title")
        assert title.in_body and title.text == doc.title


def _gold() -> dict[str, list[dict]]:
    rows: dict[str, list[dict]] = {}
    with open(DEVSET.parent / "gold.jsonl", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            rows.setdefault(row["file"].removeprefix("articles/"), []).append(row)
    return rows


@pytest.mark.parametrize("name", sorted(_gold()), ids=str)
def test_every_annotated_devset_figure_lies_in_a_body_block(name: str) -> None:
    doc = read_document(str(DEVSET / name))
    raw_to_block = {}
    for b in body(doc):
        for i in range(len(b.text)):
            raw_to_block[b.raw(i)] = (b, i)
    for row in _gold()[name]:
        assert doc.raw[row["start"] : row["end"]] == row["text"]
        assert row["start"] in raw_to_block, row
        b, i = raw_to_block[row["start"]]
        assert b.text[i : i + len(row["text"])] == row["text"], row
        assert raw_span(b, i, i + len(row["text"]), doc.raw) == (row["start"], row["end"])


@pytest.mark.parametrize("path", sorted(DEVSET.glob("*.html")), ids=lambda p: p.name)
def test_devset_nav_and_most_read_aside_are_not_body(path: Path) -> None:
    doc = read_document(str(path))
    raw = doc.raw
    chrome = [(raw.index("<nav"), raw.index("</nav>")), (raw.index("<aside"), raw.index("</aside>"))]
    inside = [b for b in doc.blocks if any(a <= b.start < z for a, z in chrome)]
    assert len(inside) >= 4  # nav links, "Most read", two headlines
    assert not any(b.in_body for b in inside)
    assert all(b.in_body for b in doc.blocks if raw.index("<article") <= b.start < raw.index("</article>"))
    assert doc.title == next(b.text for b in doc.blocks if b.kind == "title")


def test_devset_markdown_body_starts_after_front_matter() -> None:
    doc = read_document(str(DEVSET / "07-hang-seng-party-congress.md"))
    assert doc.blocks[0].kind == "title" and doc.blocks[0].text == "Party congress outcome sends the Hang Seng down 6%"
    assert doc.raw[doc.blocks[0].start - 8 : doc.blocks[0].start] == 'title: "'
    first = doc.blocks[1]
    assert first.text.startswith("Shanghai, China, Oct 24 (EFE).- Monday brought")
    assert first.in_body  # a date inside a body paragraph is body
    assert all(b.in_body for b in doc.blocks)


@pytest.mark.parametrize("path", ALL_FIXTURES, ids=lambda p: p.name)
def test_offsets_point_at_the_raw_characters(path: Path) -> None:
    if path.suffix not in (".txt", ".md", ".html"):
        pytest.skip("not an article")
    doc = read_document(str(path))
    assert doc.blocks
    assert_offsets(doc)


# --------------------------------------------------------------------------- HTML


@pytest.fixture(scope="module")
def rich() -> Document:
    return read_document(str(PAGES / "rich.html"))


def test_html_title_decodes_entities_and_keeps_offsets(rich: Document) -> None:
    title = next(b for b in rich.blocks if b.kind == "title")
    assert title.in_body
    assert title.text == "S&P\xa0500 sinks 2.7%, its worst day since\xa0December"
    i = title.text.index("2.7%")
    a, z = raw_span(title, i, i + 4, rich.raw)
    assert rich.raw[a:z] == "2.7%"
    a, z = raw_span(title, 0, 3, rich.raw)
    assert rich.raw[a:z] == "S&amp;P"
    assert rich.title == "S&P 500 sinks 2.7%, its worst day since December"


def test_html_paragraph_across_markup_and_entities(rich: Document) -> None:
    b = block_with(rich, "Stocks tumbled on Monday")
    assert b.in_body and b.offsets is not None
    assert "the S&P 500 fell 2.7%, while the Nasdaq Composite’s drop of 4% was its worst since 2022." in b.text
    i = b.text.index("4%")
    a, z = raw_span(b, i, i + 2, rich.raw)
    assert rich.raw[a:z] == "4&#x25;"
    i = b.text.index("S&P 500")
    a, z = raw_span(b, i, i + 7, rich.raw)
    assert rich.raw[a:z] == "S&amp;P 500"  # the end stops before </b>
    assert b.raw(i + 7) > z  # unlike the next character's start
    tesla = block_with(rich, "Tesla shares slid 15.4%")
    assert tesla.text == "Tesla shares slid 15.4% — the stock’s biggest decline since September 2020."
    assert "factcheck" not in tesla.text
    assert block_with(rich, "AT&T rose 1%").in_body


def test_html_chrome_inside_and_outside_the_article(rich: Document) -> None:
    not_body = {
        "By Jane Doe": "dateline",
        "March 10, 2025, 4:45 PM EDT": "dateline",
        "Traders work on the floor": "caption",
        "Bitcoin jumps 8%": "list_item",
        "Advertisement": "paragraph",
        "Ferry fares rise 12%": "list_item",
        "Top 10 stocks": "list_item",
        "Markets up 3% today": "paragraph",
        "All rights reserved": "paragraph",
    }
    for needle, kind in not_body.items():
        b = block_with(rich, needle)
        assert (b.kind, b.in_body) == (kind, False), needle
    texts = " ".join(b.text for b in rich.blocks)
    assert "99.5" not in texts and "12%\"" not in texts  # script
    assert "5 charts" not in texts  # noscript
    assert "Markets | Example Wire" not in texts  # <title> is metadata
    assert [b.text[:20] for b in body(rich)] == [
        "S&P\xa0500 sinks 2.7%, ", "Stocks tumbled on Mo", "Tesla shares slid 15", "The 10-year Treasury", "AT&T rose 1% and Dow"]  # fmt: skip


def test_html_json_ld_published_takes_zone_from_visible_dateline(rich: Document) -> None:
    p = rich.published
    assert p is not None
    assert (p.instant, p.timezone, p.has_time, p.source) == ("2025-03-10T16:45:00-04:00", "America/New_York", True, "json_ld")


def test_html_time_element_and_meta_precedence(tmp_path: Path) -> None:
    page = tmp_path / "t.html"
    page.write_text(
        '<html><head><meta property="article:published_time" content="2024-06-03T09:30:00Z"></head><body>'
        '<article><h1>Stocks rise 1%</h1><p><time datetime="2024-06-04T10:00:00+08:00">June 4</time></p>'
        "<p>The Hang Seng Index rose 1.2% on Monday, its best day in a month.</p></article></body></html>",
        encoding="utf-8",
    )
    p = read_document(str(page)).published
    assert p is not None and (p.instant, p.timezone, p.source) == ("2024-06-03T09:30:00+00:00", None, "meta")
    page.write_text(page.read_text().replace('<meta property="article:published_time" content="2024-06-03T09:30:00Z">', ""))
    p = read_document(str(page)).published
    assert p is not None and (p.instant, p.source) == ("2024-06-04T10:00:00+08:00", "time")


def test_html_without_article_element_uses_densest_paragraphs(tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    page.write_text(
        "<html><body><div class='menu'><p>Home</p><p>Top 5 picks</p></div>"
        "<div class='story'><p>Oil rose 3% on Friday as supply worries grew across the region.</p>"
        "<p>Brent settled at $80.12 a barrel, the highest since April.</p></div>"
        "<div class='rail'><p>Win 2 tickets</p></div></body></html>",
        encoding="utf-8",
    )
    doc = read_document(str(page))
    assert [b.text for b in body(doc)] == [
        "Oil rose 3% on Friday as supply worries grew across the region.",
        "Brent settled at $80.12 a barrel, the highest since April.",
    ]
    assert doc.published is None and NO_PUBLISHED_NOTE in doc.notes
    assert_offsets(doc)


def test_html_crlf_offsets(tmp_path: Path) -> None:
    page = tmp_path / "c.html"
    page.write_bytes(b"<html>\r\n<body>\r\n<article>\r\n<p>Gold rose\r\n2% &amp; silver\r\nfell 1%.</p>\r\n</article></body></html>")
    doc = read_document(str(page))
    (b,) = body(doc)
    assert b.text == "Gold rose 2% & silver fell 1%."
    assert "\r\n" in doc.raw
    assert_offsets(doc)
    i = b.text.index("fell 1%")
    a, z = raw_span(b, i, i + 7, doc.raw)
    assert doc.raw[a:z] == "fell 1%"


# --------------------------------------------------------------------------- Markdown


@pytest.fixture(scope="module")
def draft() -> Document:
    return read_document(str(PAGES / "draft.md"))


def test_markdown_front_matter_title_and_instant(draft: Document) -> None:
    title = draft.blocks[0]
    assert (title.kind, title.in_body, title.text) == ("title", True, 'Gold’s "record" run: up 28% in 2024')
    i = title.text.index("28%")
    assert raw_span(title, i, i + 3, draft.raw) == (title.raw(i), title.raw(i) + 3)
    assert draft.raw[title.raw(i) : title.raw(i) + 3] == "28%"
    p = draft.published
    assert p is not None
    assert (p.instant, p.timezone, p.has_time, p.source) == ("2024-12-31T17:30:00-05:00", "America/New_York", True, "front_matter")


def test_markdown_inline_markup_is_stripped_with_offsets(draft: Document) -> None:
    b = block_with(draft, "Gold rose 1.2%")
    assert b.text == "Gold rose 1.2% to $2,624.50 an ounce on Comex,\nits 27th record close & best year since 2010."
    i = b.text.index("$2,624.50")
    assert draft.raw[b.raw(i) - 1 : b.raw(i) + 9] == "\\$2,624.50"
    kinds = {b.text: b.kind for b in draft.blocks}
    assert kinds["A heading with 3%"] == "heading"
    assert kinds["Platinum fell 8%"] == "list_item"
    assert kinds["Palladium dropped 17%"] == "list_item"
    assert kinds["Headline Figures"] == "heading"
    assert kinds['Copper climbed 2%, said one trader.\n"It was a good year."'] == "paragraph"
    assert kinds["Silver gained 21% this year."] == "paragraph"


def test_markdown_code_images_and_comments_are_not_text(draft: Document) -> None:
    texts = "\n".join(b.text for b in draft.blocks)
    assert "99%" not in texts and "40% rise" not in texts and "factcheck" not in texts and "section" not in texts
    assert all(b.in_body for b in draft.blocks)


def test_markdown_without_front_matter_and_with_dateline(tmp_path: Path) -> None:
    md = tmp_path / "d.markdown"
    md.write_text("# Yen slides 1%\n\nTOKYO, March 3, 2025 (Kyodo) --\n\nThe yen fell 1% against the dollar.\n", encoding="utf-8")
    doc = read_document(str(md))
    assert [(b.kind, b.in_body) for b in doc.blocks] == [("title", True), ("dateline", False), ("paragraph", True)]
    assert doc.published is not None and (doc.published.instant, doc.published.timezone) == ("2025-03-03", "Asia/Tokyo")


def test_markdown_unknown_timezone_and_bad_yaml_are_noted(tmp_path: Path) -> None:
    md = tmp_path / "z.md"
    md.write_text("---\ntitle: Stocks\ndate: 2024-05-01\ntimezone: Mars/Olympus\n---\n\nStocks rose 1% on the day.\n")
    doc = read_document(str(md))
    assert doc.published is not None and doc.published.timezone is None
    assert any("Mars/Olympus" in n for n in doc.notes)
    md.write_text("---\ntitle: [unclosed\n---\n\nStocks rose 1% on the day.\n")
    doc = read_document(str(md))
    assert any("not valid YAML" in n for n in doc.notes) and doc.published is None


# --------------------------------------------------------------------------- plain text


def test_plain_draft_without_chrome_is_all_body(tmp_path: Path) -> None:
    txt = tmp_path / "draft.txt"
    txt.write_text(
        "Stocks slip as yields climb\n\n"
        "The S&P 500 fell 0.8% on Tuesday as the 10-year yield rose to 4.6%,\n"
        "its highest since November, weighing on technology shares across\n"
        "the market.\n\n"
        "The Nasdaq dropped 1.2%.\n",
        encoding="utf-8",
    )
    doc = read_document(str(txt))
    assert [(b.kind, b.in_body) for b in doc.blocks] == [("title", True), ("paragraph", True), ("paragraph", True)]
    assert doc.blocks[1].text.count("\n") == 2  # a hard-wrapped paragraph is one block
    assert doc.published is None and doc.notes == (NO_PUBLISHED_NOTE,)


@pytest.mark.parametrize("under", ["January 10, 2025, 4:45 PM ET", "By Jane Doe and Bloomberg"])
def test_a_dateline_or_byline_line_never_joins_a_wrapped_paragraph(under: str) -> None:
    text = f"Nvidia tops $3 trillion\n{under}\n\nNvidia shares rose 3% on Friday, lifting its value past $3 trillion.\n"
    doc = read_document("-", text=text)
    assert doc.blocks[0].text == "Nvidia tops $3 trillion"
    assert doc.blocks[1].text == under
    if under[0].isdigit():  # the headline no longer hides the publication instant
        assert doc.published is not None and doc.published.instant == "2025-01-10T16:45:00-05:00"


def test_short_snippet_without_prose_is_body(tmp_path: Path) -> None:
    doc = read_document("-", text="Apple up 5% today\n")
    assert [(b.text, b.in_body) for b in doc.blocks] == [("Apple up 5% today", True)]
    assert any("no running prose" in n for n in doc.notes)


def test_inline_dateline_gives_published_and_stays_body() -> None:
    doc = read_document("-", text="NEW YORK, March 3, 2025 (AP) — Stocks fell 2% on Monday, the worst day in months.\n")
    (b,) = doc.blocks
    assert b.in_body
    assert doc.published is not None and (doc.published.instant, doc.published.timezone) == ("2025-03-03", "America/New_York")


def test_only_update_time_is_used_with_a_note() -> None:
    doc = read_document("-", text="Updated July 1, 2025, 6:05 AM BST\n\nThe FTSE 100 rose 0.4% in early trading on Tuesday.\n")
    p = doc.published
    assert p is not None and (p.instant, p.timezone) == ("2025-07-01T06:05:00+01:00", "Europe/London")
    assert any("update time" in n for n in doc.notes)


def test_text_promo_bullets_and_copyright_are_not_body() -> None:
    text = (
        "• Markets\n• Economy\n\n"
        "Oil jumps 4% as supply fears grow\n\n"
        "By Jane Roe\n"
        "March 4, 2025 7:30 AM GMT+8\n\n"
        "Oil prices jumped 4% on Tuesday after producers signalled deeper output cuts.\n\n"
        "Brent rose to $85 a barrel, its highest level this year, traders said.\n\n"
        "Sign up for our daily newsletter to get 3 stories a day.\n\n"
        "Related\n\nGold hits $3,000 record in quiet trade.\n\n"
        "© 2025 Example Media. All rights reserved.\n"
    )
    doc = read_document("-", text=text)
    assert [b.text for b in body(doc)] == [
        "Oil jumps 4% as supply fears grow",
        "Oil prices jumped 4% on Tuesday after producers signalled deeper output cuts.",
        "Brent rose to $85 a barrel, its highest level this year, traders said.",
    ]
    p = doc.published
    assert p is not None and (p.instant, p.timezone) == ("2025-03-04T07:30:00+08:00", None)


def test_body_continues_across_an_ad_line() -> None:
    para = "The index rose 1% on Monday, and analysts said the rally could continue into the week ahead."
    text = f"{para}\n\n{para.replace('1%', '2%')}\n\nAdvertisement\n\n{para.replace('1%', '3%')}\n\n{para.replace('1%', '4%')}\n"
    doc = read_document("-", text=text)
    assert [b.in_body for b in doc.blocks] == [True, True, False, True, True]


def test_crlf_text_keeps_raw_and_exact_slices(tmp_path: Path) -> None:
    f = tmp_path / "crlf.txt"
    f.write_bytes(b"Stocks rise\r\n\r\nThe Dow rose 1.5% to 42,000.50 on Friday, a record close for the index.\r\n")
    doc = read_document(str(f))
    assert doc.raw.count("\r\n") == 3
    b = block_with(doc, "The Dow rose")
    assert doc.raw[b.start : b.start + len(b.text)] == b.text and b.offsets is None
    assert_offsets(doc)


def test_bom_is_removed_and_offsets_count_after_it(tmp_path: Path) -> None:
    f = tmp_path / "bom.txt"
    f.write_bytes(b"\xef\xbb\xbfThe yen fell 1% against the dollar on Monday, traders said.\n")
    doc = read_document(str(f))
    assert not doc.raw.startswith("\ufeff")
    assert doc.blocks[0].start == 0 and doc.raw.startswith("The yen")


def test_utf16_with_bom_is_accepted(tmp_path: Path) -> None:
    f = tmp_path / "u16.txt"
    f.write_bytes("The euro rose 0.3% to $1.09 on Tuesday, its best day in weeks.\n".encode("utf-16"))
    doc = read_document(str(f))
    assert doc.blocks[0].text.startswith("The euro rose 0.3%")


# --------------------------------------------------------------------------- bad input


def _one_line(exc: BaseException, name: str) -> None:
    msg = str(exc)
    assert "\n" not in msg and name in msg, msg


@pytest.mark.parametrize(
    "case,content,expect",
    [
        ("empty", b"", "is empty"),
        ("blank", b"  \n\t\n", "is empty"),
        ("binary", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("latin1", "Caf\u00e9 prices rose 5%.".encode("latin-1"), "not UTF-8"),
    ],
)
def test_bad_file_content_raises_one_line_input_error(tmp_path: Path, case: str, content: bytes, expect: str) -> None:
    f = tmp_path / f"{case}.txt"
    f.write_bytes(content)
    with pytest.raises(InputError, match=expect) as info:
        read_document(str(f))
    _one_line(info.value, str(f))


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file") as info:
        read_document(str(tmp_path / "nope.txt"))
    _one_line(info.value, "nope.txt")
    with pytest.raises(InputError, match="is a directory") as info:
        read_document(str(tmp_path))
    _one_line(info.value, str(tmp_path))


def test_oversized_file_is_refused_before_reading(tmp_path: Path) -> None:
    f = tmp_path / "huge.txt"
    with open(f, "wb") as fh:
        fh.truncate(document.MAX_BYTES + 1)  # sparse: no 20 MB written
    with pytest.raises(InputError, match="20 MB limit") as info:
        read_document(str(f))
    _one_line(info.value, str(f))


def test_input_error_is_a_factcheck_error() -> None:
    """The CLI prints FactcheckError on one line and exits 2 (factcheck.cli.main)."""
    assert issubclass(InputError, FactcheckError)


def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))


def test_read_stdin_validates_like_a_file(monkeypatch: pytest.MonkeyPatch) -> None:
    _stdin(monkeypatch, b"\xef\xbb\xbf---\ntitle: x\n---\n\nGold rose 1%.\n")
    text = read_stdin()
    assert text.startswith("---") and detect_format("-", text) == "markdown"
    for data, expect in ((b"", "is empty"), (b"a\x00b", "binary"), (b"\xff\xfe\xfa", "UTF-16"), (b"ok \xc3(", "not UTF-8")):
        _stdin(monkeypatch, data)
        with pytest.raises(InputError, match=expect) as info:
            read_stdin()
        _one_line(info.value, "<stdin>")


def test_read_document_dash_reads_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    _stdin(monkeypatch, b"<!doctype html><html><body><p>The Nikkei rose 2% on Monday to a record.</p></body></html>")
    doc = read_document("-")
    assert doc.format == "html" and doc.source == "-"
    assert body(doc)[0].text == "The Nikkei rose 2% on Monday to a record."


# --------------------------------------------------------------------------- formats, override


@pytest.mark.parametrize(
    "source,text,fmt",
    [
        ("a.txt", "<html>", "text"),
        ("a.MD", "x", "markdown"),
        ("a.markdown", "x", "markdown"),
        ("a.htm", "x", "html"),
        ("-", "---\ntitle: x\n---\nbody", "markdown"),
        ("-", "  <!DOCTYPE html><html></html>", "html"),
        ("-", "<html><body>x</body></html>", "html"),
        ("-", "# Heading\n\ntext", "markdown"),
        ("-", "Plain text --- with dashes", "text"),
        ("notes.rtf", "Plain", "text"),
    ],
)
def test_detect_format(source: str, text: str, fmt: str) -> None:
    assert detect_format(source, text) == fmt


def test_fmt_override_and_unknown_format() -> None:
    doc = read_document("x.txt", text="# Not a heading in text mode\n", fmt="text")
    assert doc.format == "text" and doc.blocks[0].text.startswith("#")
    with pytest.raises(FactcheckError, match="unknown input format"):
        read_document("x.txt", text="abc", fmt="pdf")


def test_published_override_wins_and_is_noted() -> None:
    doc = read_document(str(SEED), published="2025-02-17T10:12+08:00")
    assert doc.published is not None
    assert (doc.published.instant, doc.published.source) == ("2025-02-17T10:12:00+08:00", "option")
    assert any("--published" in n and "2025-02-16T21:12:00-05:00" in n for n in doc.notes)
    with pytest.raises(FactcheckError, match="--published"):
        read_document(str(SEED), published="next tuesday")


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    "value,instant,zone,has_time",
    [
        ("2025-02-16", "2025-02-16", None, False),
        ("2025-02-16T21:12:00-05:00", "2025-02-16T21:12:00-05:00", None, True),
        ("2025-02-16T21:12Z", "2025-02-16T21:12:00+00:00", None, True),
        ("2025-07-16T21:12 America/New_York", "2025-07-16T21:12:00-04:00", "America/New_York", True),
        ("2025-02-17T10:12[Asia/Hong_Kong]", "2025-02-17T10:12:00+08:00", "Asia/Hong_Kong", True),
        ("2025-02-16 21:12 ET", "2025-02-16T21:12:00-05:00", "America/New_York", True),
    ],
)
def test_parse_published(value: str, instant: str, zone: str | None, has_time: bool) -> None:
    p = parse_published(value)
    assert (p.instant, p.timezone, p.has_time, p.source) == (instant, zone, has_time, "option")


@pytest.mark.parametrize("value", ["", "yesterday", "2025-02-30", "2025-02-16T25:00", "2025-02-16T10:00 Mars/Base"])
def test_parse_published_rejects(value: str) -> None:
    with pytest.raises(FactcheckError):
        parse_published(value)


@pytest.mark.parametrize(
    "line,expected",
    [
        ("February 16, 2025, 9:12 PM ET", "2025-02-16T21:12:00-05:00"),
        ("Updated July 16, 2025, 9:12 PM ET", "2025-07-16T21:12:00-04:00"),  # daylight saving time
        ("9:12 PM EST Sun, February 16, 2025", "2025-02-16T21:12:00-05:00"),
        ("Mon 17 Feb 2025 02.12 GMT", "2025-02-17T02:12:00+00:00"),
        ("Feb. 17, 2025 10:12 a.m. HKT", "2025-02-17T10:12:00+08:00"),
        ("17 February 2025 11:12 JST", "2025-02-17T11:12:00+09:00"),
        ("March 30, 2025 at 3:00 CEST", "2025-03-30T03:00:00+02:00"),
        ("2025-02-16 21:12 (SGT)", "2025-02-16T21:12:00+08:00"),
        ("February 16, 2025 9:12 PM UTC+05:30", "2025-02-16T21:12:00+05:30"),
    ],
)
def test_dateline_instants(line: str, expected: str) -> None:
    from factcheck.dates import published_from_match

    m = find_date(line)
    assert m is not None
    assert published_from_match(m, source="dateline", text=line).instant == expected


def test_zone_descriptions() -> None:
    assert iana_zone("Asia/Tokyo (JST, UTC+09:00)") == "Asia/Tokyo"
    assert iana_zone("HKT") == "Asia/Hong_Kong"
    assert iana_zone("somewhere") is None


# --------------------------------------------------------------------------- sentences


def _sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in sentence_spans(text)]


def test_sentences_of_the_seed_paragraph(seed: Document) -> None:
    b = block_with(seed, "One major driver of the rally")
    assert _sentences(b.text) == [
        "One major driver of the rally is Alibaba Group Holding Ltd., whose Hong Kong-listed shares have surged about 60% since Jan. 13.",
        "Tencent Holdings Ltd. is also catching up, with its shares rising as much as 7.8% on Monday after the company said it’s integrating DeepSeek’s artificial intelligence chatbot into WeChat.",
        "The stock is up almost 40% from a January low.",
    ]
    quote = block_with(seed, "The recent developments align")
    assert len(_sentences(quote.text)) == 2 and _sentences(quote.text)[1].startswith("“Nevertheless")


@pytest.mark.parametrize(
    "text,count",
    [
        ("Xi has pushed amid the U.S. curbs on chips to China. That’s only prompted Beijing to act.", 2),
        ("The dollar was at 150.12 yen at 5 p.m. Wednesday in Tokyo.", 1),
        ("Stocks rose in the U.S. The dollar fell.", 2),
        ("Mr. Powell spoke. Jerome H. Powell said rates would hold.", 2),
        ("Shares of Apple Inc. The stock rose 2.5%.", 2),
        ("Goldman Sachs Group Inc. raised its target to 1.7% on Sept. 28, 2022.", 1),
        ("“Such an endorsement sends a clear message,” said analyst Robert Lea. He added more.", 2),
        ("Is it a bubble? Analysts say no!", 2),
        ("Heading without a period", 1),
        ("First paragraph ends here\n\nSecond one", 2),
    ],
)
def test_sentence_spans(text: str, count: int) -> None:
    spans = sentence_spans(text)
    assert len(spans) == count, _sentences(text)
    for a, b in spans:
        assert text[a:b] == text[a:b].strip() and text[a:b]


# --------------------------------------------------------------------------- cold start


def test_importing_document_does_not_load_lxml_or_pandas() -> None:
    code = (
        "import sys, factcheck.document as d; "
        "d.read_document('x.txt', text='The Dow rose 1% on Monday, its best day in weeks.'); "
        "print(sorted(m for m in ('lxml', 'pandas', 'trafilatura') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_text_standfirst_between_headline_and_body_is_body() -> None:
    text = (
        "Home\nMarkets\n\n"
        "Yen slides past 150 per dollar\n\n"
        "Investors bet the Bank of Japan will hold rates near 0.1% for longer.\n\n"
        "By Ken Sato\n"
        "October 20, 2022 10:05 AM JST\n\n"
        "The yen weakened past 150 per dollar on Thursday for the first time since 1990, traders said.\n\n"
        "The currency has lost about 23% of its value this year.\n"
    )
    doc = read_document("-", text=text)
    assert [b.text[:20] for b in body(doc)] == [
        "Yen slides past 150 ", "Investors bet the Ba", "The yen weakened pas", "The currency has los"]  # fmt: skip
    assert doc.published is not None and doc.published.instant == "2022-10-20T10:05:00+09:00"


def test_toml_front_matter(tmp_path: Path) -> None:
    md = tmp_path / "hugo.md"
    md.write_text(
        '+++\ntitle = "Copper hits $5 a pound"\ndate = 2024-05-14T16:00:00-04:00\ntimezone = "America/New_York"\n+++\n\n'
        "Copper futures rose 2% to a record.\n",
        encoding="utf-8",
    )
    doc = read_document(str(md))
    assert detect_format("-", md.read_text()) == "markdown"
    assert [(b.kind, b.text) for b in doc.blocks] == [("title", "Copper hits $5 a pound"), ("paragraph", "Copper futures rose 2% to a record.")]
    p = doc.published
    assert p is not None and (p.instant, p.timezone, p.source) == ("2024-05-14T16:00:00-04:00", "America/New_York", "front_matter")
    assert_offsets(doc)


def test_control_characters_mean_binary(tmp_path: Path) -> None:
    f = tmp_path / "x.txt"
    f.write_bytes(bytes(range(1, 32)) * 20)
    with pytest.raises(InputError, match="binary") as info:
        read_document(str(f))
    _one_line(info.value, str(f))


@pytest.mark.parametrize("variant", ["crlf", "no_blank_lines", "extra_blank_lines", "no_dateline"])
def test_seed_body_does_not_depend_on_layout_details(variant: str) -> None:
    import re

    raw = SEED.read_text(encoding="utf-8")
    text = {
        "crlf": raw.replace("\n", "\r\n"),
        "no_blank_lines": raw.replace("\n\n", "\n"),
        "extra_blank_lines": re.sub(r"\n\n+", "\n\n\n", raw),
        "no_dateline": raw.replace("February 16, 2025, 9:12 PM ET\n", ""),
    }[variant]
    doc = read_document("-", text=text)
    got = [b.text for b in body(doc)]
    want = [b.text for b in body(read_document(str(SEED)))]
    assert got == want
    assert_offsets(doc)
    p = doc.published
    assert p is not None
    if variant == "no_dateline":  # only the "Updated" line is left: used, with a note
        assert p.instant == "2025-02-16T22:43:00-05:00" and any("update time" in n for n in doc.notes)
    else:
        assert p.instant == "2025-02-16T21:12:00-05:00"


def test_suppression_comment_lines_in_text_are_not_blocks() -> None:
    text = "The Dow rose 1% on Monday.\n\n<!-- factcheck: ignore-next-line -->\nThe Nasdaq fell 2% on Monday.\n"
    doc = read_document("draft.txt", text=text)
    assert [b.text for b in doc.blocks] == ["The Dow rose 1% on Monday.", "The Nasdaq fell 2% on Monday."]
    assert all(b.in_body for b in doc.blocks)


def test_html_div_layout_without_article_element() -> None:
    doc = read_document(str(PAGES / "div-layout.html"))
    assert [b.text for b in body(doc)] == [
        "10-year Treasury yield nears 5%, highest since 2007",
        "The yield on the 10-year Treasury note climbed to 4.99% on Thursday, nearing the 5% mark for the first time since 2007.",
        "Federal Reserve Chair Jerome Powell said inflation was still too high, and the 2-year yield rose 6 basis points to 5.22%.",
        "Yields move opposite to prices. One basis point equals 0.01%.",
        "The 30-year bond yield rose to 5.09%.",
        "Stocks fell, with the S&P\xa0500 down 0.85%.",
    ]
    assert body(doc)[0].kind == "title"
    # ticker strip, "READ MORE" list, newsletter box, sidebar and footer are outside the body
    for needle in ("DOW 33,414", "Mortgage rates top 8%", "Sign up for our free newsletter", "Gold is up 12%", "Copyright 2023"):
        assert not block_with(doc, needle).in_body, needle
    p = doc.published
    assert p is not None
    assert (p.instant, p.timezone, p.source) == ("2023-10-19T10:05:00-04:00", "America/New_York", "meta")


def test_month_name_with_a_long_s_is_read_not_a_crash() -> None:
    """Case-insensitive matching accepts 'ſ' for 's'; the month table must too."""
    doc = read_document("x.txt", text="NEW YORK, 16 \u017fept 2024 --\n\nApple rose 2% on Monday.\n")
    assert doc.published is not None and doc.published.instant.startswith("2024-09-16")


@pytest.mark.parametrize("line", ["October 1, 2024 4:02 PM EDT Updated 2 hours ago",
                                  "October 1, 2024 4:02 PM EDT Updated an hour ago",
                                  "October 1, 2024 4:02 PM EDT Updated 35 mins ago"])
def test_a_dateline_with_a_relative_revision_time_is_a_dateline(line: str) -> None:
    """Wire-service pages print the revision relative to now beside the publication instant."""
    text = f"Oil rises as tensions flare\n\n{line}\n\nOil prices rose 2% on Tuesday after the attack on the region.\n"
    doc = read_document("page.txt", text=text, fmt="text")
    assert doc.published is not None and doc.published.instant == "2024-10-01T16:02:00-04:00"
    assert [b.kind for b in doc.blocks if b.text == line] == ["dateline"]


def test_relative_time_words_in_running_text_are_no_dateline() -> None:
    text = "Oil rises\n\nStocks rose 2 hours ago on October 1, 2024, traders said.\n\nOil rose 2% on Tuesday.\n"
    assert read_document("page.txt", text=text, fmt="text").published is None
