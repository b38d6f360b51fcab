"""``python -m altex``: the same as the ``altex`` command."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
