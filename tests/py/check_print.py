"""Checks how every visible sheet of zakrila's workbooks goes on paper, read back with openpyxl.

Usage: python3 check_print.py FILE.xlsx...   (exits 1 with one line per problem)

For every visible sheet: A4; fitted to one page wide and any number of pages tall; landscape
when its printed columns are wider than a portrait page (about 100 characters); a print area
from A1 holding every filled cell (whole columns on a sheet the user fills); the header rows
repeated on every page of a table (REPEATED below); a footer with the page number; every
chart at the top of its sheet and lower than a page, so that it prints whole; and every row
whose wrapped text needs more than one line given a height (LibreOffice does not grow rows
when it opens a file, and prints such texts over each other).
"""

import re
import sys
import zipfile
from xml.etree import ElementTree

import warnings

import openpyxl
from openpyxl.utils import column_index_from_string, get_column_letter

# openpyxl warns that it cannot take a print area of whole columns; print_areas reads them.
warnings.filterwarnings("ignore", message="Print area cannot be set")

# The rows each table repeats at the top of every page; a sheet not named here is no table
# with a header (a guide, a summary with charts, a form) and repeats none.
REPEATED = {
    "Програма": "$2:$2",
    "Данни": "$1:$1",
    "Източници": "$1:$1",
    "Отхвърлени": "$1:$1",
    "Бележки": "$1:$1",
    "Изпълнение": "$1:$1",
    "Липсващи": "$1:$1",
    "Отчет": "$1:$1",
    "Проверка": "$1:$1",
    "Дейности": "$1:$1",
    "Редове": "$1:$1",
    "ДАЗД": "$1:$1",
}
NOT_REPEATED = {"Обобщение", "Указания", "Институция", "За преглед"}

# Characters across a portrait A4 page with zakrila's margins (0.4 in each side).
PORTRAIT_CHARS = 100
# Points of sheet a landscape A4 page holds at 100 % below the top margin: a chart must end
# above this to print whole on the first page (fitting to the width only shrinks a sheet).
PAGE_POINTS = 480
LAST_ROW = 1048576


def column_dimension(ws, col):
    """The dimension of a column: openpyxl keeps neighbours of one width as one dimension,
    under the first one's letter."""
    for dim in ws.column_dimensions.values():
        if dim.min is not None and dim.max is not None and dim.min <= col <= dim.max:
            return dim
    return ws.column_dimensions.get(get_column_letter(col))


def column_width(ws, col):
    dim = column_dimension(ws, col)
    return dim.width if dim is not None and dim.width else 8.43


def column_hidden(ws, col):
    dim = column_dimension(ws, col)
    return dim is not None and bool(dim.hidden)


def row_points(ws, row):
    dim = ws.row_dimensions.get(row)
    return dim.height if dim is not None and dim.height else 15.0


def wrapped_lines(text, per_line):
    """The lines a text takes in a column of `per_line` characters, wrapped at spaces."""
    lines = 0
    for paragraph in str(text).split("\n"):
        used, count = 0, 1
        for word in paragraph.split(" "):
            need = len(word) if used == 0 else used + 1 + len(word)
            if need <= per_line:
                used = need
            elif used == 0:
                # A word longer than the line, alone on its lines.
                count += (len(word) - 1) // per_line
                used = (len(word) - 1) % per_line + 1
            else:
                count += 1 + max(len(word) - 1, 0) // per_line
                used = (len(word) - 1) % per_line + 1 if word else 0
        lines += count
    return lines


def print_areas(path):
    """The print area of each sheet, by sheet index, read from the workbook's XML: openpyxl
    does not take an area of whole columns ("$A:$Q")."""
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    with zipfile.ZipFile(path) as package:
        root = ElementTree.fromstring(package.read("xl/workbook.xml"))
    areas = {}
    for name in root.iterfind("m:definedNames/m:definedName", ns):
        if name.get("name") == "_xlnm.Print_Area":
            areas[int(name.get("localSheetId"))] = name.text
    return areas


def check_sheet(path, ws, area, failures):
    name = f"{path}: {ws.title}"

    def check(ok, what):
        if not ok:
            failures.append(f"{name}: {what}")

    setup = ws.page_setup
    check(str(setup.paperSize) == "9", f"paper {setup.paperSize}, not A4")
    check(bool(ws.sheet_properties.pageSetUpPr and ws.sheet_properties.pageSetUpPr.fitToPage),
          "not fitted to the page")
    check(setup.fitToWidth in (None, 1) and setup.fitToHeight == 0,
          f"fitted to {setup.fitToWidth} x {setup.fitToHeight} pages, not 1 wide")
    check("&P" in (ws.oddFooter.center.text or "") + (ws.oddFooter.right.text or ""),
          f"no page number in the footer {ws.oddFooter.center.text!r}")

    match = re.fullmatch(r"'?.*?'?!\$A(?:\$1)?:\$([A-Z]+)(?:\$(\d+))?", area or "")
    check(match is not None, f"print area {area!r} does not start at A1")
    if match is None:
        return
    last_col = column_index_from_string(match.group(1))
    # Whole columns: a sheet the user fills, printed down to its last filled row.
    last_row = int(match.group(2)) if match.group(2) else LAST_ROW
    filled = [(c.row, c.column) for row in ws.iter_rows() for c in row
              if c.value is not None and not column_hidden(ws, c.column)]
    if filled:
        check(max(r for r, _ in filled) <= last_row,
              f"a filled cell on row {max(r for r, _ in filled)} is below the print area {area}")
        check(max(c for _, c in filled) <= last_col,
              f"a filled cell in column {max(c for _, c in filled)} is right of the print area {area}")

    width = sum(column_width(ws, c) for c in range(1, last_col + 1) if not column_hidden(ws, c))
    if width > PORTRAIT_CHARS:
        check(setup.orientation == "landscape",
              f"{width:.0f} characters wide, printed {setup.orientation}")

    if ws.title in REPEATED:
        check(ws.print_title_rows == REPEATED[ws.title],
              f"repeated rows {ws.print_title_rows}, expected {REPEATED[ws.title]}")
    else:
        check(ws.title in NOT_REPEATED, "a sheet this checker does not know")
        check(not ws.print_title_rows, f"repeats {ws.print_title_rows}")

    for chart in ws._charts:
        start, end = chart.anchor._from, chart.anchor.to
        check(start.row == 0, f"a chart starts on row {start.row + 1}, not at the top")
        bottom = sum(row_points(ws, r) for r in range(1, end.row + 1)) + end.rowOff / 12700
        check(bottom <= PAGE_POINTS, f"a chart ends {bottom:.0f} points down, below a page")

    # Every wrapped text has the lines it needs: its rows (all the rows of its merged range)
    # are as tall as its lines. `Данни` is the exception: a table to filter, one line per
    # row, its 100,000 rows written fast; its texts keep their line breaks in the cell.
    if ws.title == "Данни" or ws.max_row > 5000:
        return
    merged = {}
    covered = set()
    for cells in ws.merged_cells.ranges:
        merged[(cells.min_row, cells.min_col)] = cells
        covered.update((r, c) for r in range(cells.min_row, cells.max_row + 1)
                       for c in range(cells.min_col, cells.max_col + 1))
    for row in ws.iter_rows():
        for cell in row:
            if (cell.value is None or not isinstance(cell.value, str) or cell.data_type == "f"
                    or not cell.alignment.wrap_text):
                continue
            span = merged.get((cell.row, cell.column))
            if span is None and (cell.row, cell.column) in covered:
                continue
            rows = range(cell.row, (span.max_row if span else cell.row) + 1)
            cols = range(cell.column, (span.max_col if span else cell.column) + 1)
            # Spreadsheet width units, less the padding openpyxl reads back with them.
            width = sum(column_width(ws, c) - 0.71 for c in cols)
            lines = wrapped_lines(cell.value, max(int(width * 1.1), 1))
            points = sum(row_points(ws, r) for r in rows)
            check(lines == 1 or points >= min(15 * lines, 409) - 1,
                  f"{cell.coordinate} needs {lines} lines and its rows are {points} points tall")


def main():
    failures = []
    for path in sys.argv[1:]:
        wb = openpyxl.load_workbook(path)
        areas = print_areas(path)
        for index, ws in enumerate(wb.worksheets):
            if ws.sheet_state == "visible":
                check_sheet(path, ws, areas.get(index), failures)
    for failure in failures[:40]:
        print(failure)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
