"""The flow of DESIGN.md wired end to end: file → Document → Figures → Claims → Verdicts.

The pipeline only sequences the stages and serialises the result; every
decision lives in a stage module. ``extract`` never imports the market-data
or verification stages (they pull in pandas), which keeps ``factcheck
extract`` fast to start.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterable

from factcheck import __version__
from factcheck.model import SCHEMA_VERSION, Claim, CheckedClaim, Document, FactcheckError, claim_json, to_json

if TYPE_CHECKING:
    from factcheck.marketdata.base import Provider


@dataclass(frozen=True)
class Extracted:
    document: Document
    claims: tuple[Claim, ...]


def load(source: str, *, published: str | None = None, text: str | None = None) -> Document:
    """Read one input (a path or ``-`` for stdin) as a Document."""
    from factcheck import document

    if source == "-" and text is None:
        text = document.read_stdin()
    return document.read_document(source, published=published, text=text)


def extract_document(doc: Document) -> Extracted:
    """Figures and claims of one document, with inline suppressions applied."""
    from factcheck import claims, figures, suppress

    found = figures.find_figures(doc)
    built = claims.build_claims(doc, found)
    built = suppress.apply_suppression(doc.raw, built)
    return Extracted(doc, tuple(built))


def extract(sources: Iterable[str], *, published: str | None = None) -> list[Extracted]:
    return [extract_document(load(s, published=published)) for s in sources]


def check_document(extracted: Extracted, provider: "Provider",
                   tolerances: dict[str, Any] | None = None) -> list[CheckedClaim]:
    from factcheck import verify

    return verify.verify_claims(extracted.document, list(extracted.claims), provider, tolerances=tolerances)


def open_provider(*, offline: bool, cache_dir: str | None = None, series: Iterable[Any] = ()) -> "Provider":
    """The provider chain, with the configured user series imported (again only when the file changed)."""
    import hashlib

    from factcheck import marketdata

    provider = marketdata.open_provider(offline=offline, cache_dir=cache_dir)
    for spec in series:
        try:
            digest = hashlib.sha256(spec.path.read_bytes()).hexdigest()
        except OSError as exc:
            raise FactcheckError(f"series {spec.symbol}: cannot read {spec.path} ({exc.strerror})") from None
        stored = provider.series.info(spec.symbol)
        if stored is None or stored.get("sha256") != digest:
            provider.series.import_file(spec.path, spec.symbol, kind=spec.kind or "value", name=spec.name,
                                        unit=spec.unit)
    return provider


# --------------------------------------------------------------------------- JSON result


def _document_json(doc: Document) -> dict[str, Any]:
    return {
        "source": doc.source,
        "format": doc.format,
        "published": to_json(doc.published),
        "title": doc.title,
        "notes": list(doc.notes),
        "raw": doc.raw,
        "blocks": [to_json(b) for b in doc.blocks if b.in_body],
    }


def summarise(claims: list[dict[str, Any]]) -> dict[str, int]:
    """Counts by verdict status; suppressed claims are counted apart."""
    counts: Counter[str] = Counter({"supported": 0, "contradicted": 0, "unverifiable": 0, "suppressed": 0})
    for c in claims:
        if c.get("suppressed"):
            counts["suppressed"] += 1
        elif c.get("verdict"):
            counts[c["verdict"]["status"]] += 1
    return dict(counts)


def result_json(items: list[tuple[Document, list[dict[str, Any]]]], *, command: str) -> dict[str, Any]:
    """The versioned JSON result: exactly what the report formats consume."""
    documents = []
    total: Counter[str] = Counter()
    for doc, claims in items:
        entry = _document_json(doc)
        entry["claims"] = claims
        if command == "check":
            entry["summary"] = summarise(claims)
            total.update(entry["summary"])
        documents.append(entry)
    out: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "factcheck", "version": __version__},
        "command": command,
        "documents": documents,
    }
    if command == "check":
        out["summary"] = dict(total)
    return out


def extract_result(extracted: list[Extracted]) -> dict[str, Any]:
    return result_json([(e.document, [claim_json(c) for c in e.claims]) for e in extracted], command="extract")


def check_result(checked: list[tuple[Document, list[CheckedClaim]]]) -> dict[str, Any]:
    return result_json(
        [(doc, [claim_json(cc.claim, cc.verdict) for cc in ccs]) for doc, ccs in checked], command="check"
    )


def check(sources: Iterable[str], *, offline: bool = True, published: str | None = None,
          cache_dir: str | None = None, config: Any = None, progress: bool = False) -> dict[str, Any]:
    """Check files end to end and return the JSON result (used by tests and the CLI).

    Every input is read first, so a bad file fails the run before any market
    data is fetched (exit 2 without partial output).
    """
    sources = list(sources)
    extracted = extract(sources, published=published)
    provider = open_provider(offline=offline, cache_dir=cache_dir,
                             series=config.series if config is not None else ())
    tolerances = config.tolerances if config is not None else None
    items: Iterable[Extracted] = extracted
    if progress:
        from factcheck.report import progress as progress_bar

        items = progress_bar(extracted, total=len(extracted), enabled=True)
    return check_result([(e.document, check_document(e, provider, tolerances)) for e in items])
