"""Temporary curator aid: python -m altex._check PATH... prints every data problem."""

import sys

from ._load import read_records
from .errors import DataError

try:
    r = read_records(sys.argv[1:] or ["data"])
except DataError as exc:
    print(exc)
    sys.exit(1)
print(f"ok: {len(r.sources)} sources, {len(r.mechanisms)} mechanisms, {len(r.conditions)} conditions, "
      f"{len(r.exercises)} exercises, {len(r.rules)} rules")
