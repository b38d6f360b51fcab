"""Temporary curator shim: same as ``python -m altex validate PATH...``."""

import sys

from .cli import main

if __name__ == "__main__":  # importing it (pytest --doctest-modules does) must not exit
    sys.exit(main(["validate", *(sys.argv[1:] or ["data"])]))
