"""Unit tests of the figure stage: API shape, document offsets, units, cold start."""

from __future__ import annotations

import subprocess
import sys

import pytest

from factcheck.figures import figures_in_text, find_figures
from factcheck.model import Block, Document, Figure


def _doc(blocks: list[Block]) -> Document:
    raw = "".join(" " * 0 for _ in blocks)
    return Document(source="t", format="text", raw=raw, blocks=tuple(blocks), published=None)


def test_figures_in_text_returns_figures_in_order() -> None:
    figs = figures_in_text("The S&P 500 rose 1.2% to 5,123.41, its best week since March.")
    assert [f.text for f in figs] == ["1.2%", "5,123.41", "March"]
    assert all(isinstance(f, Figure) for f in figs)
    assert [f.kind for f in figs] == ["percent", "number", "date"]


def test_find_figures_uses_raw_offsets_and_skips_non_body_blocks() -> None:
    raw = "<p>Nav 99%</p><p>Shares rose &amp; gained 7.8% today</p>"
    body_text = "Shares rose & gained 7.8% today"
    # the entity makes text and raw differ: map every character explicitly
    start = raw.index("Shares")
    offsets = []
    r = start
    for ch in body_text:
        offsets.append(r)
        r += 5 if ch == "&" else 1
    offsets.append(r)
    doc = Document(
        source="t",
        format="html",
        raw=raw,
        blocks=(
            Block(text="Nav 99%", start=raw.index("Nav"), kind="list_item", in_body=False),
            Block(text=body_text, start=start, offsets=tuple(offsets)),
        ),
        published=None,
    )
    figs = find_figures(doc)
    assert len(figs) == 1
    f = figs[0]
    assert (f.block, f.text, f.value) == (1, "7.8%", 7.8)
    assert raw[f.start : f.end] == "7.8%"
    assert body_text[f.local_start : f.local_end] == "7.8%"


def test_find_figures_in_document_order_across_blocks() -> None:
    raw = "Up 3%.\nDown 4 points.\n"
    doc = Document(
        source="t",
        format="text",
        raw=raw,
        blocks=(Block(text="Up 3%.", start=0), Block(text="Down 4 points.", start=7)),
        published=None,
    )
    figs = find_figures(doc)
    assert [(f.block, f.text, raw[f.start : f.end], f.direction) for f in figs] == [
        (0, "3%", "3%", 1),
        (1, "4 points", "4 points", -1),
    ]


def test_figure_finding_does_not_import_pint_or_pandas() -> None:
    code = (
        "import sys; from factcheck.figures import figures_in_text; "
        "figures_in_text('up 3% to $4.5 billion on Jan. 13'); "
        "print('pint' in sys.modules, 'pandas' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


def test_every_figure_unit_is_defined_in_units_txt() -> None:
    from factcheck.units import is_unit

    text = (
        "Up 3%, 25 bp, 0.25 percentage point, 18.2x, 836.52 points, $5, HK$3 billion, 200 billion yuan, "
        "150 yen, 72 US cents, 470 pence, €3, £2, 12 years, a 90-day pause, 4,191.98, a third"
    )
    for f in figures_in_text(text):
        assert is_unit(f.unit), (f.text, f.unit)


def test_percent_and_percentage_point_do_not_convert() -> None:
    import pint

    from factcheck.units import convert, quantity

    with pytest.raises(pint.DimensionalityError):
        convert(1.0, "percent", "percentage_point")
    assert convert(25, "basis_point", "percentage_point") == pytest.approx(0.25)
    with pytest.raises(pint.DimensionalityError):
        convert(1.0, "USD", "HKD")
    with pytest.raises(pint.DimensionalityError):
        convert(1.0, "index_point", "percent")
    (f,) = figures_in_text("18.2 times")
    assert quantity(f).to("dimensionless").magnitude == pytest.approx(18.2)
    (c,) = figures_in_text("72 US cents")
    assert quantity(c).to("US_cent").magnitude == pytest.approx(72)


def test_dates_have_no_quantity() -> None:
    from factcheck.units import quantity

    (f,) = figures_in_text("since Jan. 13")
    with pytest.raises(ValueError):
        quantity(f)


def test_registry_is_built_from_rules_only() -> None:
    from factcheck.units import registry

    reg = registry()
    assert "percentage_point" in reg
    assert "furlong" not in reg  # pint's default file is not loaded


DEVSET = __import__("pathlib").Path(__file__).parent / "fixtures" / "devset"


def _gold_spans() -> list[dict]:
    """Gold rows with ``file`` relative to the articles folder."""
    import json

    path = DEVSET / "gold.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [{**r, "file": r["file"].removeprefix("articles/")} for r in rows]


def test_devset_figure_recall() -> None:
    """Every annotated devset figure is found (overlapping span) from the document stage's blocks."""
    from factcheck.document import read_document

    gold = _gold_spans()
    figs_by_file: dict[str, list[Figure]] = {}
    missed = []
    for g in gold:
        if g["file"] not in figs_by_file:
            figs_by_file[g["file"]] = find_figures(read_document(str(DEVSET / "articles" / g["file"])))
        if not any(f.start < g["end"] and g["start"] < f.end for f in figs_by_file[g["file"]]):
            missed.append((g["file"], g["text"]))
    recall = 1 - len(missed) / len(gold)
    assert recall >= 0.98, missed


def test_devset_aside_headlines_yield_no_figures() -> None:
    """The HTML pages' "Most read" asides hold numbers that are not the article's."""
    import re

    from factcheck.document import read_document

    pages = sorted((DEVSET / "articles").glob("*.html"))
    assert pages
    for path in pages:
        doc = read_document(str(path))
        asides = [(m.start(), m.end()) for m in re.finditer(r"<aside.*?</aside>", doc.raw, re.S)]
        assert asides, path.name
        for f in find_figures(doc):
            assert not any(s <= f.start < e for s, e in asides), (path.name, f.text)


def test_seed_article_figures() -> None:
    from factcheck.document import read_document

    doc = read_document(str(DEVSET.parent / "documents" / "fortune-2025-02-16-china-rally.txt"))
    got = {f.text: f for f in find_figures(doc)}
    for text in (
        "60%",
        "7.8%",
        "40%",
        "1.7%",
        "$16 trillion",
        "18.2 times",
        "44.9 times",
        "1.67%",
        "double-digit",
        "Jan. 13",
        "February 2022",
        "mid-January",
        "late January",
        "January",
        "third",
    ):
        assert text in got, text
    assert got["$16 trillion"].value == 16e12 and got["$16 trillion"].precision == 1e12
    assert got["third"].kind == "ordinal"
    assert not any(t in got for t in ("500", "300", "11th", "30-year", "10-year"))
