"""Entry point for ``python -m skillmatrix``."""

import sys

from skillmatrix.cli import main

sys.exit(main())
