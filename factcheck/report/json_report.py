"""JSON: the result itself, so a saved file re-renders into every other format."""

from __future__ import annotations

import json
from typing import Any


def render(results: dict[str, Any], **_opts: Any) -> str:
    return json.dumps(results, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
