"""Checks a council document zakrila wrote (a .docx) with python-docx, an independent reader,
against what the test expects, and the PDF LibreOffice printed of it.

Usage: python3 check_document.py DOCUMENT.docx EXPECTED.json [DOCUMENT.pdf]

EXPECTED: {
  "kind": "programme" | "report",
  "activities": [{"code": "1.1.1", "text": "…", "word": "изпълнено"}],  # word: report only
  "priorities": 7,                      # rows across the table
  "proposal": "ПЕНЧО МИЛКОВ" | null,    # the mayor's name the document must start with
  "sections": ["portrait", "landscape"],
  "paragraphs": ["…"],                  # paragraphs the document must have, in this order
  "missing": ["РЗИ – Русе"]             # report: institutions named as not reporting
}
Exits 1 with one line per problem. Also checks the .docx against the Office Open XML schemas
(excel_rules.schema_findings, with openxml-audit).
"""

import json
import re
import sys
import zipfile

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from excel_rules import schema_findings


def cell_text(cell):
    return "\n".join(p.text for p in cell.paragraphs)


def rows_of(table):
    """Each row's cells as (text, vMerge value or None, gridSpan), straight from the XML:
    python-docx's table.cell() repeats merged cells, the test wants them as written."""
    rows = []
    for tr in table._tbl.tr_lst:
        cells = []
        for tc in tr.tc_lst:
            pr = tc.tcPr
            vmerge = None
            span = 1
            if pr is not None:
                v = pr.find(qn("w:vMerge"))
                if v is not None:
                    vmerge = v.get(qn("w:val")) or "continue"
                g = pr.find(qn("w:gridSpan"))
                if g is not None:
                    span = int(g.get(qn("w:val")))
            text = "\n".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in tc.iter(qn("w:p")))
            cells.append((text, vmerge, span))
        header = tr.trPr is not None and tr.trPr.find(qn("w:tblHeader")) is not None
        rows.append((cells, header))
    return rows


def check(path, expected, pdf):
    problems = list(schema_findings(path))
    document = Document(path)
    kind = expected["kind"]

    orientations = ["landscape" if s.orientation == WD_ORIENT.LANDSCAPE else "portrait"
                    for s in document.sections]
    if orientations != expected["sections"]:
        problems.append(f"sections {orientations}, expected {expected['sections']}")
    for section in document.sections:
        if section.page_width is None or min(section.page_width, section.page_height) != 7560310:
            problems.append(f"a section is not A4: {section.page_width} × {section.page_height}")

    with zipfile.ZipFile(path) as package:
        footer = package.read("word/footer1.xml").decode("utf-8")
    for field in ("PAGE", "NUMPAGES"):
        if f" {field} " not in footer:
            problems.append(f"the footer has no {field} field")
    if "стр. " not in footer or " от " not in footer:
        problems.append("the footer does not say „стр. N от M“")

    paragraphs = [p.text for p in document.paragraphs if p.text.strip()]
    if expected.get("proposal"):
        if paragraphs[:3] != ["ДО", "ОБЩИНСКИ СЪВЕТ", paragraphs[2]] or "ПРЕДЛОЖЕНИЕ" not in paragraphs[:6]:
            problems.append(f"the document does not start with the proposal: {paragraphs[:6]}")
        if expected["proposal"] not in paragraphs:
            problems.append(f"the proposal is not signed by {expected['proposal']}")
    elif "ПРЕДЛОЖЕНИЕ" in paragraphs:
        problems.append("a proposal without [council]")
    at = 0
    for wanted in expected.get("paragraphs", []):
        try:
            at = paragraphs.index(wanted, at) + 1
        except ValueError:
            problems.append(f"no paragraph „{wanted}“ (in order)")

    tables = [rows_of(t) for t in document.tables]
    main = [t for t in tables if t and "Дейност" in [c[0] for c in t[0][0]]]
    if len(main) != 1:
        problems.append(f"{len(main)} tables with a „Дейност“ column, expected 1")
        return problems
    rows = main[0]
    headers = [c[0] for c in rows[0][0]]
    if not rows[0][1] or any(header for _, header in rows[1:]):
        problems.append("the header row is not (only) the first row repeated on every page")
    activity_col = headers.index("Дейност")
    across = [cells[0][0] for cells, _ in rows[1:] if len(cells) == 1 and cells[0][2] == len(headers)]
    if len(across) != expected["priorities"]:
        problems.append(f"{len(across)} rows across the table, expected {expected['priorities']}")
    if any(not t.startswith("Приоритет ") for t in across):
        problems.append(f"a row across the table is no priority: {across}")
    activity_rows = [cells for cells, _ in rows[1:] if len(cells) == len(headers)]
    merges = [cells[0][1] for cells in activity_rows]
    if "restart" not in merges or "continue" not in merges:
        problems.append("the goal cells are not merged down over their activities")
    found = {}
    for cells in activity_rows:
        text = cells[activity_col][0]
        code = text.split(". ", 1)[0]
        found[code] = cells
    for activity in expected["activities"]:
        cells = found.get(activity["code"])
        if cells is None:
            problems.append(f"activity {activity['code']} is not in the table")
            continue
        written = cells[activity_col][0]
        if written != f"{activity['code']}. {activity['text']}":
            problems.append(f"activity {activity['code']} reads „{written[:80]}“")
        if kind == "report":
            word = cells[headers.index("Изпълнение")][0]
            if word != activity["word"]:
                problems.append(f"activity {activity['code']} is „{word}“, expected „{activity['word']}“")
    if len(found) != len(expected["activities"]):
        problems.append(f"{len(found)} activities in the table, expected {len(expected['activities'])}")

    for name in expected.get("missing", []):
        if not any(p.startswith(f"• {name} ") for p in paragraphs):
            problems.append(f"{name} is not named among those that did not report")

    if pdf:
        data = open(pdf, "rb").read()
        pages = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data)
        landscape = [w for w, h in pages if float(w) > float(h)]
        if not pages or not landscape:
            problems.append(f"the PDF has {len(pages)} pages, {len(landscape)} of them landscape")
        if "landscape" in expected["sections"] and len(landscape) < 2:
            problems.append("the table does not run over several landscape pages")
    return problems


def main():
    path, expected_path = sys.argv[1:3]
    pdf = sys.argv[3] if len(sys.argv) > 3 else None
    with open(expected_path, encoding="utf-8") as f:
        expected = json.load(f)
    problems = check(path, expected, pdf)
    for problem in problems:
        print(f"{path}: {problem}")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
