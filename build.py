#!/usr/bin/env python3
"""newsdigest command line: `python build.py` builds the site; `python build.py --help` for more."""

import sys

from newsdigest.cli import main

if __name__ == "__main__":
    sys.exit(main())
