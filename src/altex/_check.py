"""Temporary curator shim: same as ``python -m altex validate PATH...``."""

import sys

from .cli import main

sys.exit(main(["validate", *(sys.argv[1:] or ["data"])]))
