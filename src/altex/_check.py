"""Temporary curator shim: same as ``python -m altex validate PATH...``."""

import sys

from .cli import main

# Guarded so that pytest's --doctest-modules can import this module without exiting.
if __name__ == "__main__":
    sys.exit(main(["validate", *(sys.argv[1:] or ["data"])]))
