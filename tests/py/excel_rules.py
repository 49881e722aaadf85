"""What Excel needs of a workbook beyond what openpyxl and LibreOffice forgive: the order of
a worksheet's rows and cells, read from the .xlsx's XML itself, and the Office Open XML
schemas, checked by openxml-audit (a Python port of the Open XML SDK's validator, which
scripts/test installs).

Usage: python3 excel_rules.py FILE.xlsx...   (exits 1 with one line per problem; the
checkers of the programme, template, marked-up copy and reports import it)

ECMA-376 sets no order on `<row>` elements, but Office does ([MS-OI29500] 2.1.873: "In
Office, rows must appear in ascending order"), and a row's cells go left to right: a sheet
whose rows or cells repeat or go back opens in Excel only after its "repair" prompt.
openpyxl and LibreOffice read such a sheet without a word, so the checkers look at the XML.
"""

import json
import re
import subprocess
import zipfile

ROW = re.compile(rb'<row\b[^>]*?\br="(\d+)"[^>]*?(?:/>|>(.*?)</row>)', re.S)
CELL = re.compile(rb'<c\b[^>]*?\br="([A-Z]+)(\d+)"')


def column_number(letters):
    number = 0
    for letter in letters:
        number = number * 26 + letter - ord("A") + 1
    return number


def order_problems(path):
    """One line per worksheet of the .xlsx at `path` whose rows do not strictly ascend, or
    one of whose rows holds cells of another row or not strictly left to right."""
    problems = []
    with zipfile.ZipFile(path) as package:
        for name in package.namelist():
            if not re.fullmatch(r"xl/worksheets/sheet\d+\.xml", name):
                continue
            rows = ROW.findall(package.read(name))
            numbers = [int(r) for r, _ in rows]
            back = [b for a, b in zip(numbers, numbers[1:]) if b <= a]
            if back:
                problems.append(
                    f"{name}: rows not in ascending order (row {back[0]} after a row at or "
                    f"below it; {len(rows)} rows)")
                continue
            for row, cells in rows:
                refs = CELL.findall(cells or b"")
                columns = [column_number(letters) for letters, _ in refs]
                if any(r != row for _, r in refs) or any(b <= a for a, b in zip(columns, columns[1:])):
                    problems.append(f"{name}: the cells of row {int(row)} are not in order")
                    break
    return problems


def schema_findings(path):
    """One line per error openxml-audit finds in the .xlsx at `path` against the schemas of
    the Office version it checks by default."""
    try:
        run = subprocess.run(
            ["openxml-audit", "--output", "json", "--max-errors", "20", str(path)],
            capture_output=True, text=True)
    except FileNotFoundError:
        return ["openxml-audit is not installed: run scripts/test, or pip install openxml-audit"]
    try:
        reports = json.loads(run.stdout)
    except json.JSONDecodeError:
        reports = None
    if not isinstance(reports, list):
        return [f"openxml-audit did not answer in JSON (status {run.returncode}): "
                f"{run.stdout[:300]}{run.stderr[:300]}"]
    found = [f"{error.get('part_uri')} {error.get('path')}: {error.get('description')}"
             for report in reports for error in report.get("errors", [])]
    # A failing status with no error listed is a failure too, not a pass.
    if run.returncode != 0 and not found:
        found.append(f"openxml-audit failed (status {run.returncode}) without listing an "
                     f"error: {run.stderr[:300]}")
    return found


def excel_problems(path):
    """The order problems and the schema errors of the .xlsx at `path`."""
    return order_problems(path) + schema_findings(path)


if __name__ == "__main__":
    import sys

    found = [f"{path}: {problem}" for path in sys.argv[1:] for problem in excel_problems(path)]
    for line in found:
        print(line)
    sys.exit(1 if found else 0)
