"""``python -m altex``: the same as the ``altex`` command."""

import sys

from .cli import main

sys.exit(main())
