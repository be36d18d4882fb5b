"""Inline suppression comments: which raw ranges they silence, and which claims become suppressed."""

from __future__ import annotations

from factcheck.model import CheckedClaim, Claim, Figure, Verdict
from factcheck.suppress import apply_suppression, suppressed_ranges


def silenced(raw: str) -> list[str]:
    return [raw[a:b] for a, b in suppressed_ranges(raw)]


def test_comment_on_a_line_silences_that_line() -> None:
    raw = "First 1%.\nShares rose 5% today. <!-- factcheck: ignore -->\nThen 3%.\n"
    assert silenced(raw) == ["Shares rose 5% today. <!-- factcheck: ignore -->"]


def test_comment_alone_silences_the_following_paragraph() -> None:
    raw = "Intro 1%.\n\n<!-- factcheck: ignore -->\nA paragraph with 5%\nover two lines 6%.\n\nNext paragraph 7%.\n"
    assert silenced(raw) == ["A paragraph with 5%\nover two lines 6%.\n"]


def test_blank_lines_between_comment_and_paragraph_are_skipped() -> None:
    raw = "<!-- factcheck: ignore -->\n\n\nThe paragraph 5%.\n\nOther 6%."
    assert silenced(raw) == ["The paragraph 5%.\n"]


def test_comment_before_an_html_element_silences_the_element() -> None:
    raw = "<p>Keep 1%.</p>\n<!-- factcheck: ignore -->\n<p>Drop 5% and\n<b>6%</b>.</p><p>Keep 7%.</p>"
    assert silenced(raw) == ["<p>Drop 5% and\n<b>6%</b>.</p>"]
    one_line = "<p>Keep 1%.</p><!-- factcheck: ignore --><p>Drop <p>nested</p> 5%.</p><p>Keep 7%.</p>"
    assert silenced(one_line) == ["<p>Drop <p>nested</p> 5%.</p>"]
    alone = "<!-- factcheck: ignore --><div>Drop <div>in</div> 5%.</div><p>Keep 7%.</p>"
    assert silenced(alone) == ["<div>Drop <div>in</div> 5%.</div>"]


def test_ignore_next_line() -> None:
    raw = "<!-- factcheck: ignore-next-line -->\nDrop 5%.\nKeep 6%.\n"
    assert silenced(raw) == ["Drop 5%."]
    assert silenced("Last line <!-- factcheck: ignore-next-line -->") == []


def test_spelling_variants_and_non_directives() -> None:
    assert silenced("x 5% <!--factcheck:IGNORE-->") == ["x 5% <!--factcheck:IGNORE-->"]
    assert silenced("x 5% <!-- factcheck: check -->\n<!-- other: ignore -->\ny 6%") == []


def test_overlapping_ranges_merge() -> None:
    raw = "<!-- factcheck: ignore-next-line -->\nA 5%. <!-- factcheck: ignore -->\n"
    assert suppressed_ranges(raw) == [(raw.index("A 5%"), raw.index("-->\n", 40) + 3)]


def make_claim(raw: str, text: str) -> Claim:
    start = raw.index(text)
    fig = Figure(text, start, start + len(text), 0, start, start + len(text), 5.0, "percent", "percent", 1.0)
    return Claim(fig, raw, 0, None, None, None, None, "market")


def test_apply_suppression_marks_only_claims_inside() -> None:
    raw = "Keep 4%.\n\n<!-- factcheck: ignore -->\nDrop 5%.\n\nKeep 6%.\n"
    claims = [make_claim(raw, t) for t in ("4%", "5%", "6%")]
    out = apply_suppression(raw, claims)
    assert [c.suppressed for c in out] == [False, True, False]
    assert out[0] is claims[0]  # untouched claims are passed through
    assert not claims[1].suppressed  # frozen inputs are not modified


def test_apply_suppression_on_checked_claims() -> None:
    raw = "Drop 5%. <!-- factcheck: ignore -->"
    cc = CheckedClaim(make_claim(raw, "5%"), Verdict("contradicted", None, (4.5, 5.5), (1.0, 1.0), 3.5, "m"))
    (out,) = apply_suppression(raw, [cc])
    assert out.claim.suppressed and out.verdict.status == "contradicted"


def test_no_comments_is_a_no_op() -> None:
    raw = "Shares rose 5%."
    claims = [make_claim(raw, "5%")]
    assert apply_suppression(raw, claims) == claims
