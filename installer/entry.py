"""Frozen-bundle entry point: the same `main` as the `township-desk` console script."""

import sys

from desktop.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
