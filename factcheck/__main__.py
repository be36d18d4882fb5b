"""``python -m factcheck``."""

from factcheck.cli import main

raise SystemExit(main())
