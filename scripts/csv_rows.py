#!/usr/bin/env python3
"""Reads CSV from standard input with Python's csv module and prints its rows as JSON.

The end-to-end suite (tests/api/csv_export) pipes LMS's CSV exports through this, so an
export is checked by a reader other than the one that wrote it: the bytes must be UTF-8,
and the records what the JSON list says, whatever commas, quotes or line breaks they hold.
"""

import csv
import io
import json
import sys


def main() -> None:
    raw = sys.stdin.buffer.read()
    # Strict: a byte that is not UTF-8 is an error, not a replacement character.
    text = raw.decode("utf-8")
    # newline="" leaves line breaks inside quoted fields to the csv module (RFC 4180).
    rows = list(csv.reader(io.StringIO(text, newline=""), dialect="excel", strict=True))
    json.dump(rows, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
