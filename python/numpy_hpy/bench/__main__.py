"""``python -m numpy_hpy.bench``: see ``numpy_hpy.bench.cli``."""

import sys

from .cli import main

sys.exit(main())
