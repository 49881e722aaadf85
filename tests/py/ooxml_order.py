"""The order Office requires of a worksheet's rows, read from the .xlsx's XML itself.

Usage: python3 ooxml_order.py FILE.xlsx...   (exits 1 with one line per sheet out of order;
the checkers of the programme, template, marked-up copy and reports import it)

ECMA-376 sets no order on `<row>` elements, but Office does ([MS-OI29500] 2.1.873: "In
Office, rows must appear in ascending order"): a sheet whose rows repeat or go back opens
in Excel only after its "repair" prompt. openpyxl and LibreOffice read such a sheet
without a word, so the checkers look at the XML.
"""

import re
import zipfile

ROW = re.compile(rb'<row\b[^>]*?\br="(\d+)"')


def rows_out_of_order(path):
    """One line per worksheet of the .xlsx at `path` whose rows do not strictly ascend."""
    problems = []
    with zipfile.ZipFile(path) as package:
        for name in package.namelist():
            if not re.fullmatch(r"xl/worksheets/sheet\d+\.xml", name):
                continue
            rows = [int(r) for r in ROW.findall(package.read(name))]
            back = [b for a, b in zip(rows, rows[1:]) if b <= a]
            if back:
                problems.append(
                    f"{name}: rows not in ascending order (row {back[0]} after a row at or "
                    f"below it; {len(rows)} rows)")
    return problems


if __name__ == "__main__":
    import sys

    found = [f"{path}: {problem}" for path in sys.argv[1:] for problem in rows_out_of_order(path)]
    for line in found:
        print(line)
    sys.exit(1 if found else 0)
