"""`python -m county` = the county-platform console script."""

from county.cli import main

raise SystemExit(main())
