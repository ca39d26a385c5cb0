"""`python -m game`: the `four-islands` command."""

import sys

from game.cli import main

sys.exit(main())
