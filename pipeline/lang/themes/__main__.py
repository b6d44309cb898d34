"""``python -m pipeline.lang.themes``: print the vocabulary tables (docs/themes.md has them too)."""

import sys

from pipeline.lang.themes.docs import markdown_tables


def main() -> int:
    sys.stdout.write("\n".join(markdown_tables()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
