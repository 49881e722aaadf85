"""Checks, with openpyxl, the workbooks the browser test downloads from `zakrila serve`.

Usage:
  python3 check_workbooks.py template PATH INSTITUTION
      opens the template; its sheet Институция has INSTITUTION in B1.
  python3 check_workbooks.py programme PATH ACCEPTED
      opens the programme workbook; it has the sheets Програма and Данни, and Данни's data
      rows come from ACCEPTED contribution rows (distinct Файл and Ред: a row whose
      Индикатор cell held several indicators is one Данни row per indicator). Prints
      {"sheets": [...], "data_rows": N, "source_rows": M} as JSON.
  python3 check_workbooks.py compare A B
      compares two .xlsx files part by part (after unzipping) and prints, for every part
      that differs, its name and the first place where the two differ. Exits 1 when any
      part differs.

Exits 1 with one line per failed check.
"""

import json
import sys
import zipfile

import openpyxl


def template(path, institution):
    wb = openpyxl.load_workbook(path)
    if "Институция" not in wb.sheetnames:
        return [f"no sheet Институция: {wb.sheetnames}"]
    got = wb["Институция"]["B1"].value
    return [] if got == institution else [f"Институция!B1 is {got!r}, expected {institution!r}"]


def programme(path, accepted):
    failures = []
    wb = openpyxl.load_workbook(path, read_only=True)
    for sheet in ("Програма", "Данни"):
        if sheet not in wb.sheetnames:
            failures.append(f"no sheet {sheet}: {wb.sheetnames}")
    if failures:
        return failures
    data = wb["Данни"].iter_rows(values_only=True)
    header = list(next(data))
    rows = [r for r in data if any(v is not None for v in r)]
    if "Файл" not in header or "Ред" not in header:
        return [f"Данни has no Файл and Ред columns: {header}"]
    file, row = header.index("Файл"), header.index("Ред")
    sources = {(r[file], r[row]) for r in rows}
    if len(sources) != int(accepted):
        failures.append(f"Данни's {len(rows)} rows come from {len(sources)} contribution rows, "
                        f"the merge reported {accepted} accepted")
    print(json.dumps({"sheets": wb.sheetnames, "data_rows": len(rows), "source_rows": len(sources)},
                     ensure_ascii=False))
    return failures


def compare(a, b):
    failures = []
    with zipfile.ZipFile(a) as za, zipfile.ZipFile(b) as zb:
        names_a, names_b = za.namelist(), zb.namelist()
        if names_a != names_b:
            failures.append(f"parts differ: only in {a}: {sorted(set(names_a) - set(names_b))}, "
                            f"only in {b}: {sorted(set(names_b) - set(names_a))}, "
                            f"order same: {[n for n in names_a if n in names_b] == [n for n in names_b if n in names_a]}")
        for name in names_a:
            if name not in names_b:
                continue
            x, y = za.read(name), zb.read(name)
            if x == y:
                continue
            at = next((i for i, (p, q) in enumerate(zip(x, y)) if p != q), min(len(x), len(y)))
            start = max(0, at - 120)
            failures.append(
                f"{name} differs at byte {at} (sizes {len(x)} and {len(y)}):\n"
                f"  {a}: …{x[start:at + 160].decode('utf-8', 'replace')}…\n"
                f"  {b}: …{y[start:at + 160].decode('utf-8', 'replace')}…")
        ia = {i.filename: (i.date_time, i.compress_type) for i in za.infolist()}
        ib = {i.filename: (i.date_time, i.compress_type) for i in zb.infolist()}
        for name in ia:
            if name in ib and ia[name] != ib[name]:
                failures.append(f"{name}: zip entry (date, compression) {ia[name]} vs {ib[name]}")
    return failures


def main():
    command, *args = sys.argv[1:]
    failures = {"template": template, "programme": programme, "compare": compare}[command](*args)
    for failure in failures:
        print(failure)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
