"""Corrects a contribution the way an institution would after reading zakrila's findings.

Usage: python3 fix_contribution.py IN.xlsx OUT.xlsx FINDINGS.json

FINDINGS.json is `zakrila validate --format json IN.xlsx`. Every finding of severity
"error" is corrected in its cell, doing what its message says to write; warnings are left
alone (they do not stop a file). A finding whose code this script does not know makes it
fail, so a new kind of error in the sample cannot pass unnoticed. Prints one line per
corrected cell; exits 1 on anything it cannot correct.
"""

import json
import re
import sys

import openpyxl


def header_column(ws, title):
    """The column letter of the header cell `title` on row 1."""
    for cell in ws[1]:
        if cell.value == title:
            return cell.column_letter
    raise SystemExit(f"no column „{title}“ on {ws.title}")


def first_example(message):
    """The first quoted example after „напр.“ in a message: what it says to write."""
    found = re.search(r"напр\. „([^“]+)“", message)
    if not found:
        raise SystemExit(f"no example in: {message}")
    return found.group(1)


def first_year_of_period(message):
    """„2025 г.“ from a message naming the period „(01.01.2025 – 31.12.2026)“."""
    found = re.search(r"\(\d\d\.\d\d\.(\d{4}) – \d\d\.\d\d\.\d{4}\)", message)
    if not found:
        raise SystemExit(f"no period in: {message}")
    return f"{found.group(1)} г."


def main():
    source, target, findings_path = sys.argv[1:4]
    with open(findings_path, encoding="utf-8") as f:
        report = json.load(f)
    findings = [x for file in report["files"] for x in file["findings"]]
    errors = [x for x in findings if x["severity"] == "error"]
    if not errors:
        raise SystemExit("the file has no errors to correct")
    wb = openpyxl.load_workbook(source)
    for finding in errors:
        ws = wb[finding["sheet"]]
        cell = ws[finding["cell"]]
        code, message = finding["code"], finding["message"]
        if code == "missing-value":
            # "… е задължителна, а е празна; напишете срок, напр. „2025 г.“ …"
            cell.value = first_example(message)
        elif code == "deadline-outside-period":
            # "… е извън периода на програмата (01.01.2025 – 31.12.2026); напишете срок в този период."
            cell.value = first_year_of_period(message)
        elif code == "not-a-number":
            # "… не е число; напишете само числото …, а обясненията — в „Пояснение за
            # финансирането“ или „Бележка“." The cell holds only an explanation, no number:
            # the explanation moves to Пояснение за финансирането and the cell is emptied.
            if "Пояснение за финансирането" not in message:
                raise SystemExit(f"unexpected message: {message}")
            note = ws[f"{header_column(ws, 'Пояснение за финансирането')}{finding['row']}"]
            if note.value not in (None, ""):
                raise SystemExit(f"{note.coordinate} is not empty: {note.value!r}")
            note.value = cell.value
            cell.value = None
        else:
            raise SystemExit(f"no correction known for {code} at {finding['cell']}: {message}")
        print(f"{finding['sheet']}!{finding['cell']} ({code}) → {cell.value!r}")
    wb.save(target)


if __name__ == "__main__":
    main()
