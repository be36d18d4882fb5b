"""Snapshot of the extraction output of every article in the repository, and a compare mode.

Speed work on the document, figures and claims stages must not change their
output. ``write DIR`` stores, per article file, the JSON ``factcheck extract
--format json`` produces plus what that JSON leaves out: every block (text,
start, kind, in_body, offsets, sentence spans), the publication instant and
the figures of each block. ``compare DIR`` recomputes them and reports every
file whose JSON differs (exit status 1), naming the first differing path.

Articles read: ``seeds/*``, ``tests/articles/*``, ``tests/fixtures/devset/**``
and ``tests/fixtures/documents/**`` (txt, md, html). A ``tests/articles`` file
whose case YAML gives ``published:`` is read a second time with it, as the
real-case tests do.

    python benchmarks/extract_snapshot.py write /tmp/snap-base
    python benchmarks/extract_snapshot.py compare /tmp/snap-base
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
_SUFFIXES = {".txt", ".md", ".html"}
_GLOBS = ("seeds/*", "tests/articles/*", "tests/fixtures/devset/**/*", "tests/fixtures/documents/**/*")


def articles() -> list[tuple[str, Path, str | None]]:
    """(snapshot name, path, published override) of every article to snapshot."""
    import yaml

    published: dict[str, str] = {}
    for case in sorted((ROOT / "tests" / "articles").glob("*.yaml")):
        data = yaml.safe_load(case.read_text(encoding="utf-8")) or {}
        if data.get("article") and data.get("published"):
            published[data["article"]] = str(data["published"])
    out: list[tuple[str, Path, str | None]] = []
    for pattern in _GLOBS:
        for path in sorted(ROOT.glob(pattern)):
            if not path.is_file() or path.suffix not in _SUFFIXES or path.name.upper().startswith(("README", "PROVENANCE")):
                continue
            rel = path.relative_to(ROOT).as_posix()
            out.append((rel, path, None))
            if path.parent == ROOT / "tests" / "articles" and path.name in published:
                out.append((rel + "@published", path, published[path.name]))
    return out


def snapshot(path: Path, published: str | None) -> dict[str, Any]:
    from factcheck import document, figures, pipeline
    from factcheck.model import to_json

    rel = path.relative_to(ROOT).as_posix()
    doc = pipeline.load(rel, published=published, text=path.read_text(encoding="utf-8"))
    extracted = pipeline.extract_document(doc)
    result = pipeline.extract_result([extracted])
    result["all_blocks"] = [
        {**to_json(b), "sentences": [list(s) for s in document.sentence_spans(b.text)]} for b in doc.blocks
    ]
    result["published"] = to_json(doc.published)
    result["figures"] = [to_json(f) for f in figures.find_figures(doc)]
    return result


def _dump(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def _file_name(name: str) -> str:
    return name.replace("/", "__") + ".json"


def _first_difference(a: Any, b: Any, where: str = "$") -> str:
    if type(a) is not type(b):
        return f"{where}: {type(a).__name__} vs {type(b).__name__}"
    if isinstance(a, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                return f"{where}.{k}: only in {'new' if k in b else 'baseline'}"
            if a[k] != b[k]:
                return _first_difference(a[k], b[k], f"{where}.{k}")
    if isinstance(a, list):
        for i, (x, y) in enumerate(zip(a, b)):
            if x != y:
                return _first_difference(x, y, f"{where}[{i}]")
        if len(a) != len(b):
            return f"{where}: length {len(a)} vs {len(b)}"
    return f"{where}: {a!r:.200} vs {b!r:.200}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("mode", choices=("write", "compare"))
    ap.add_argument("directory", type=Path)
    ns = ap.parse_args()
    items = articles()
    if ns.mode == "write":
        ns.directory.mkdir(parents=True, exist_ok=True)
        for name, path, published in items:
            (ns.directory / _file_name(name)).write_text(_dump(snapshot(path, published)), encoding="utf-8")
        print(f"wrote {len(items)} snapshots to {ns.directory}")
        return 0
    differ = 0
    for name, path, published in items:
        stored = ns.directory / _file_name(name)
        new = _dump(snapshot(path, published))
        if not stored.exists():
            print(f"{name}: no baseline")
            differ += 1
            continue
        old = stored.read_text(encoding="utf-8")
        if old != new:
            differ += 1
            print(f"{name}: DIFFERS at {_first_difference(json.loads(old), json.loads(new))}")
    expected = {_file_name(n) for n, _, _ in items}
    missing = sorted(p.name for p in ns.directory.glob("*.json") if p.name not in expected)
    for name in missing:
        print(f"{name}: in the baseline, no longer read")
    print(f"{len(items)} articles compared: {'identical' if not differ and not missing else f'{differ + len(missing)} differ'}")
    return 1 if differ or missing else 0


if __name__ == "__main__":
    sys.exit(main())
