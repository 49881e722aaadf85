"""Prints a sheet's values as JSON (a list of rows), read with openpyxl.

Usage: python3 dump_sheet.py FILE.xlsx SHEET [--data-only]

--data-only gives formula cells' cached values (as a spreadsheet program last calculated
them) instead of the formulas. Dates become "YYYY-MM-DD".
"""

import datetime
import json
import sys

import openpyxl


def plain(value):
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.strftime("%Y-%m-%d")
    return value


def main():
    path, sheet = sys.argv[1], sys.argv[2]
    wb = openpyxl.load_workbook(path, data_only="--data-only" in sys.argv[3:])
    ws = wb[sheet]
    rows = [[plain(v) for v in row] for row in ws.iter_rows(values_only=True)]
    json.dump(rows, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
