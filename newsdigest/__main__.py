"""``python -m newsdigest``: the same command line as the installed ``newsdigest`` and ``build.py``."""

import sys

from .cli import main

sys.exit(main())
