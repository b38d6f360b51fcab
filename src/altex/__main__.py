"""``python -m altex``: the same as the ``altex`` command."""

import sys

from .cli import main

# Guarded so that pytest's --doctest-modules can import this module without exiting.
if __name__ == "__main__":
    sys.exit(main())
