"""`factcheck data`: placeholder until its issue lands."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("data", help="(not built yet)")
    p.set_defaults(func=lambda args: 2)
