#!/usr/bin/env python3
"""Writes the files that sit right AT zakrila's reading limits, where memory is highest.

    python3 tests/strange/worst_case.py OUT_DIR                   # every file
    python3 tests/strange/worst_case.py OUT_DIR max-rows.xlsx     # only some

The files are large (up to 20 MB each, 100 MB unpacked), so they are written into OUT_DIR and
never into the repository; `scripts/limits-report` makes them (into target/worst-case/) and
measures what zakrila's release binary costs on each. The limits are those of
../shared/spec/limits.md and src/read/limits.rs with the default file-size limit of 20 MB:
file 20 MiB; one zip part unpacked 100 MiB, all parts 200 MiB; 100,000 filled rows per sheet
(+20 header rows); 2,000,000 filled cells and 100 MiB of cell text kept per workbook; a cell
32,767 characters. (MiB throughout: the limits are 20 * 1024 * 1024 bytes and so on.)

| file | what sits at a limit |
| --- | --- |
| max-rows.xlsx | 100,000 valid data rows on `Дейности` (the row limit), each its own activity: the sample's 16 activities in turn with every column filled, a distinct № на дейност, Дейност (the sample's text and the row's number) and Бележка (a random reference that brings the file to just under 20 MiB): 300,000 distinct shared strings, 99.6 MiB of cell text (the limit is 100) |
| max-cells-unique-strings.xlsx | 1,990,000 filled cells (99,500 rows x A:T; the limit is 2,000,000), each its own shared string; sharedStrings.xml 200 KB under 100 MiB unpacked, the file just under 20 MiB. The strings are no valid values: every row has errors |
| max-text-under.xlsx | one 32,767-character shared string (one byte a character) in D, F, G and Q of as many rows as keep the cell text under 100 MiB, within TEXT_MARGIN bytes (797 rows, 3,188 cells): read. Nearer the limit than the "about 95 MB" first asked for, on purpose: the point is the most memory that is still read |
| max-text-over.xlsx | the same with one more row: the text passes 100 MiB, refused as file-too-large |
| max-part.xlsx | the sheet XML of max-rows.xlsx (№ на дейност and Дейност as inline strings, no random Бележка) padded with spaces between the cells to 50 KB under 100 MiB: read |
| max-rows.ods | 100,000 valid rows as .ods, content.xml 400 KB under 100 MiB (see below) |
| max-rows-full.ods | max-rows.xlsx's very rows (without the random Бележка) as .ods: content.xml is 231 MiB, refused |
| max-grid.xls | `Дейности` spans all 65,536 rows and columns A:AE (a number at AE65536; 65,535 valid activities): the largest grid that fits calamine's budget in src/read/xls.rs (2,097,152 dense cells over all sheets: A:AF alone would fill it, and the other four sheets push it over); made by LibreOffice |
| max-grid-over.xls | the same spanning A:AF: over that budget, so it should be refused; it is not, because xls.rs only enforces the budget when some cell lies right of AF (it then renames those cells away and checks again) |
| max-grid-sheets.xls | the sample plus GRID_SHEETS hidden sheets holding two numbers each, at A1 and AF65536: 64 MiB of dense grid per sheet in a 137 KB file, never checked, for the same reason |
| many-merges.xlsx | the sample with 100,000 merged ranges on `Дейности` (A31:A32, A33:A34, ...) |

Why max-rows.ods is not max-rows.xlsx's rows: an .ods has no shared strings, every cell
carries its own markup (about 80 bytes for a text cell), so 100,000 rows as filled as those of
max-rows.xlsx need about 2 KB each, 200 MB of content.xml, twice the part limit
(max-rows-full.ods shows it). max-rows.ods therefore fills Приоритет and Цел only on the
first row of each block of the same goal (the template's fill-down: a blank cell takes the
value above), leaves № на дейност and the other optional columns blank, writes numbers
without their (optional) text:p and shortens the activity texts, so that 100,000 valid rows
fit in just under 100 MiB of content.xml.

Everything is built from samples/ruse-2025 by editing XML, like make.py (whose zip writer,
sample paths and LibreOffice helpers are reused): the `Институция` and `_meta` sheets stay as
in the sample, so each file belongs to samples/ruse-2025/programme.toml. Output written by
this script is byte-for-byte reproducible (sorted entries, 1980-01-01, deflate level 9, fixed
random seeds); the .xls files are saved by LibreOffice (`soffice`), in a profile of its own.
Large parts are written to temporary files and streamed into the zip, so the script itself
needs little memory. Needs Python 3.11+ only (and LibreOffice for the .xls files).
"""

from __future__ import annotations

import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from html import unescape
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.dont_write_bytecode = True  # no __pycache__ beside make.py in the repository
import make as strange  # noqa: E402  (the helpers of tests/strange/make.py)

MIB = 1024 * 1024
FILE_LIMIT = 20 * MIB
PART_LIMIT = 100 * MIB
TEXT_LIMIT = 100 * MIB
CELL_LIMIT = 2_000_000
ROW_LIMIT = 100_000
CELL_CHARS = 32_767
XLS_GRID_BUDGET = 2_097_152  # src/read/xls.rs DENSE_BUDGET

ACT = strange.ACT  # "Дейности"
STYLE = "10"  # the data cells' style in 02-ruo-ruse.xlsx
COLS = 17  # A:Q

# Tuned so that the files land just under 20 MiB (checked after writing; see `report`).
MAX_ROWS_NOTE_CHARS = 160  # random reference characters in Бележка, max-rows.xlsx
CELLS_ROWS, CELLS_COLS = 99_500, 20  # max-cells-unique-strings.xlsx: 1,990,000 cells
CELLS_SST_TARGET = PART_LIMIT - 200_000  # sharedStrings.xml bytes
CELLS_RANDOM_CHARS = 3.05  # random Latin characters per string, on average
ODS_ACTIVITY_CHARS = 78  # characters kept of each activity text in max-rows.ods
ODS_BLOCK = 6_250  # rows per block of the same goal in max-rows.ods (16 blocks)
XLS_ACTIVITY_CHARS = 62  # characters kept of each activity text in max-grid.xls
PART_TARGET = PART_LIMIT - 50_000  # bytes of max-part.xlsx's sheet XML
TEXT_MARGIN = 40_000  # max-text-under.xlsx stays this many bytes under the text limit

ALNUM = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz0123456789"


# --------------------------------------------------------------------------------------------
# the sample, taken apart


class Sample:
    """02-ruo-ruse.xlsx: its shared strings, its `Дейности` sheet around the data rows, and
    its 16 activities (the rows that start one), Приоритет and Цел filled down."""

    def __init__(self) -> None:
        self.book = strange.Book(strange.RUO)
        sst = self.book.text("xl/sharedStrings.xml")
        self.sst_head = sst[:sst.index("<si>")]
        self.si = re.findall(r"<si>.*?</si>", sst, re.S)
        self.strings = [unescape("".join(re.findall(r"<t[^>]*>(.*?)</t>", si, re.S)))
                        for si in self.si]
        self.part = self.book.sheet_part(ACT)
        xml = self.book.text(self.part)
        start = xml.index("<sheetData>") + len("<sheetData>")
        end = xml.index("</sheetData>")
        self.head, self.tail = xml[:start], xml[end:]
        rows = re.findall(r'(<row r="(\d+)"[^>]*>(.*?)</row>)', xml[start:end], re.S)
        self.header_row = rows[0][0]
        self.templates: list[dict[int, tuple[str, str]]] = []
        above: dict[int, tuple[str, str]] = {}
        for _, _, cells in rows[1:]:
            row = {}
            for ref, attrs, value in re.findall(
                    r'<c r="([A-Z]+)\d+"([^>]*?)(?:/>|>(?:<v>([^<]*)</v>)?</c>)', cells):
                if value:
                    col = col_index(ref)
                    row[col] = ("s" if 't="s"' in attrs else "n", value)
            for col in (0, 1):
                if col in row:
                    above[col] = row[col]
                else:
                    row[col] = above[col]
            if 3 in row:  # Дейност filled: the row starts an activity
                self.templates.append(row)
        assert len(self.templates) == 16, len(self.templates)

    def text(self, value: tuple[str, str]) -> str:
        kind, raw = value
        return self.strings[int(raw)] if kind == "s" else raw

    def kept_text_elsewhere(self) -> int:
        """Bytes of cell text on the sheets zakrila reads besides `Дейности` (Институция,
        _meta), and the header row: what the text budget has spent before the data rows."""
        total = 0
        for name in ("Институция", "_meta"):
            for raw in re.findall(r'<c [^>]*t="s"[^>]*><v>(\d+)</v>', self.book.sheet(name)):
                total += len(self.strings[int(raw)].encode())
        for raw in re.findall(r"<v>(\d+)</v>", self.header_row):
            total += len(self.strings[int(raw)].encode())
        return total


def col_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


col_letter = strange.col_letter


def goal_code(sample: Sample, template: dict) -> str:
    return sample.text(template[1]).split(" ", 1)[0].rstrip(".")


# --------------------------------------------------------------------------------------------
# writing an .xlsx whose `Дейности` rows are generated
#
# A row is a list of (column, kind, value): kind "sst" = an index into the sample's shared
# strings; "str" = a new shared string (every one distinct, appended after the sample's);
# "inline" = an inline string; "num" = a number (its XML text).


class Spill:
    """A temporary file that collects a large part, to be streamed into the zip later."""

    def __init__(self, tmp: Path, name: str) -> None:
        self.path = tmp / name
        self.file = open(self.path, "wb", buffering=1 << 20)
        self.size = 0

    def write(self, text: str) -> None:
        data = text.encode("utf-8")
        self.size += len(data)
        self.file.write(data)

    def close(self) -> None:
        self.file.close()

    def chunks(self):
        def gen():
            with open(self.path, "rb") as f:
                while chunk := f.read(1 << 20):
                    yield chunk
        return gen


class Stats:
    def __init__(self) -> None:
        self.rows = 0
        self.cells = 0
        self.text = 0  # bytes of cell text, as zakrila's budget counts it (cut at 32,767)
        self.new_strings = 0
        self.refs = 0


def write_xlsx(path: Path, sample: Sample, rows, *, dim: str, pad=None,
               tail_extra: str = "", extra_strings: list[str] | None = None,
               dry: bool = False) -> Stats:
    """02-ruo-ruse.xlsx with the data rows of `Дейности` replaced by `rows` (an iterable of
    (row number, cells)). `pad(row number, xml)` may return whitespace to put after a cell.
    `extra_strings` are appended to the shared strings before the new ones (for "str" values
    given as ("sstx", i)). `dry` only measures: nothing is written."""
    stats = Stats()
    base = len(sample.si)
    extra_strings = extra_strings or []
    first_new = base + len(extra_strings)
    with tempfile.TemporaryDirectory(prefix="zakrila-worst-") as tmp:
        tmp = Path(tmp)
        sheet = Spill(tmp, "sheet.xml")
        sst = Spill(tmp, "sst.xml")
        head = re.sub(r'<dimension ref="[^"]*"/>', f'<dimension ref="{dim}"/>', sample.head)
        sheet.write(head + sample.header_row)
        kept_text = {i: len(s.encode()) for i, s in enumerate(sample.strings)}
        for i, s in enumerate(extra_strings):
            kept_text[base + i] = len(s[:CELL_CHARS].encode())
        buf: list[str] = []
        for r, cells in rows:
            stats.rows += 1
            parts = [f'<row r="{r}">']
            for col, kind, value in cells:
                ref = f"{col_letter(col)}{r}"
                if kind == "sst":
                    parts.append(f'<c r="{ref}" s="{STYLE}" t="s"><v>{value}</v></c>')
                    stats.text += kept_text[value]
                    stats.refs += 1
                elif kind == "sstx":
                    parts.append(f'<c r="{ref}" s="{STYLE}" t="s"><v>{base + value}</v></c>')
                    stats.text += kept_text[base + value]
                    stats.refs += 1
                elif kind == "str":
                    index = first_new + stats.new_strings
                    stats.new_strings += 1
                    stats.refs += 1
                    sst.write(f"<si><t>{escape(value)}</t></si>")
                    parts.append(f'<c r="{ref}" s="{STYLE}" t="s"><v>{index}</v></c>')
                    stats.text += len(value[:CELL_CHARS].encode())
                elif kind == "inline":
                    parts.append(f'<c r="{ref}" s="{STYLE}" t="inlineStr"><is><t>'
                                 f"{escape(value)}</t></is></c>")
                    stats.text += len(value[:CELL_CHARS].encode())
                else:
                    parts.append(f'<c r="{ref}" s="{STYLE}"><v>{value}</v></c>')
                stats.cells += 1
                if pad is not None:
                    parts.append(pad(r, col))
            parts.append("</row>")
            buf.append("".join(parts))
            if len(buf) >= 2_000:
                sheet.write("".join(buf))
                buf.clear()
        sheet.write("".join(buf))
        sheet.write(insert_after_protection(sample.tail, tail_extra) if tail_extra
                    else sample.tail)
        sheet.close()
        sst.close()
        stats.sheet_bytes = sheet.size
        if dry:
            return stats

        others = "".join(sample.book.text(p) for p in sample.book.parts
                         if p.startswith("xl/worksheets/") and p != sample.part)
        count = stats.refs + others.count('t="s"') + sample.header_row.count('t="s"')
        unique = first_new + stats.new_strings
        sst_head = re.sub(r'count="\d+" uniqueCount="\d+"',
                          f'count="{count}" uniqueCount="{unique}"', sample.sst_head)
        sst_pre = (sst_head + "".join(sample.si)
                   + "".join(f"<si><t>{escape(s)}</t></si>" for s in extra_strings)).encode()
        sst_post = b"</sst>"

        def sst_chunks():
            yield sst_pre
            yield from sst.chunks()()
            yield sst_post

        entries = dict(sample.book.parts)
        entries[sample.part] = sheet.chunks()
        entries["xl/sharedStrings.xml"] = sst_chunks
        strange.write_zip(path, entries)
        stats.sst_bytes = len(sst_pre) + sst.size + len(sst_post)
    return stats


def insert_after_protection(tail: str, extra: str) -> str:
    """Puts `extra` (mergeCells) where the schema wants it: after sheetProtection."""
    m = re.search(r"<sheetProtection[^>]*/>", tail)
    return tail[:m.end()] + extra + tail[m.end():]


# --------------------------------------------------------------------------------------------
# the rows


def activity_rows(sample: Sample, count: int, *, note_chars: int = 0, inline: bool = False,
                  seed: int = 20250601):
    """`count` valid rows, each its own activity: the sample's 16 activities in turn, with
    their Приоритет and Цел on every row; a distinct № на дейност ("1.4.12345") and a
    distinct Дейност (the sample's text and the row's number); the sample's Срок, Индикатор,
    Мерна единица, Източник, Пояснение, Водеща институция, Партньори; random Текуща and
    Целева стойност and Бюджет; and, with `note_chars`, a distinct Бележка of random
    reference characters (to make the file as large as the limit allows)."""
    rng = random.Random(seed)
    new = "inline" if inline else "str"
    for i in range(count):
        t = sample.templates[i % len(sample.templates)]
        n = i + 1
        cells = []
        for col in range(COLS):
            if col == 2:
                cells.append((col, new, f"{goal_code(sample, t)}.{n}"))
            elif col == 3:
                cells.append((col, new, f"{sample.text(t[3])} (дейност {n})"))
            elif col == 8:
                base = rng.randint(1, 5_000)
                cells.append((col, "num", str(base)))
            elif col == 9:
                cells.append((col, "num", str(base + rng.randint(1, 500))))
            elif col == 10:
                cells.append((col, "num", f"{rng.randint(100, 9_999_999) / 100:.2f}"))
            elif col == 16:
                if note_chars:
                    ref = "".join(rng.choice(ALNUM) for _ in range(note_chars))
                    ref = " ".join(ref[k:k + 8] for k in range(0, len(ref), 8))
                    cells.append((col, new, f"Реф. {ref}"))
                elif 16 in t:
                    cells.append((col, "sst", int(t[16][1])))
            elif col in t:
                kind, raw = t[col]
                if kind == "s":
                    cells.append((col, "sst", int(raw)))
                else:
                    cells.append((col, "num", raw))
        yield i + 2, cells


def report(name: str, path: Path, stats: Stats | None = None, note: str = "") -> None:
    size = path.stat().st_size
    flag = "" if size <= FILE_LIMIT else "  OVER THE 20 MiB FILE LIMIT"
    line = f"  {name}: {size:,} bytes ({size / MIB:.2f} MiB){flag}"
    if stats is not None:
        line += (f"; {stats.rows:,} rows, {stats.cells:,} cells on {ACT}, "
                 f"{stats.new_strings:,} new shared strings, sheet XML "
                 f"{stats.sheet_bytes:,} B, sharedStrings.xml {stats.sst_bytes:,} B, "
                 f"cell text ~{stats.text / MIB:.1f} MiB")
    print(line + (f"; {note}" if note else ""), flush=True)
    if size > FILE_LIMIT:
        raise SystemExit(f"worst_case.py: {name} is over the file limit; lower its tuning")


def check_parts(path: Path) -> int:
    """The largest unpacked part (and a check against the part and total limits)."""
    with zipfile.ZipFile(path) as zf:
        sizes = [info.file_size for info in zf.infolist()]
    if max(sizes) > PART_LIMIT or sum(sizes) > 2 * PART_LIMIT:
        print(f"  note: {path.name} has a part of {max(sizes):,} B (limit {PART_LIMIT:,})")
    return max(sizes)


# --------------------------------------------------------------------------------------------
# the files

MAKERS = []


def maker(*names: str):
    def deco(fn):
        MAKERS.append((names, fn))
        return fn
    return deco


@maker("max-rows.xlsx")
def max_rows(out: Path, sample: Sample) -> None:
    last = ROW_LIMIT + 1
    stats = write_xlsx(out / "max-rows.xlsx", sample,
                       activity_rows(sample, ROW_LIMIT, note_chars=MAX_ROWS_NOTE_CHARS),
                       dim=f"A1:Q{last}")
    stats.text += sample.kept_text_elsewhere()
    report("max-rows.xlsx", out / "max-rows.xlsx", stats)
    if stats.text > TEXT_LIMIT:
        raise SystemExit("worst_case.py: max-rows.xlsx is over the text limit")


@maker("max-cells-unique-strings.xlsx")
def max_cells(out: Path, sample: Sample) -> None:
    """1,990,000 cells, each a distinct shared string: its own number, then the start of one
    of the sample's longer texts (so that the 100 MiB of strings still pack into 20 MiB)
    and, in every string, a few random Latin characters (CELLS_RANDOM_CHARS on average) that bring the file to
    just under 20 MiB; sharedStrings.xml just under 100 MiB unpacked."""
    phrases = [s for s in sample.strings if len(s.encode()) >= 80]
    cells = CELLS_ROWS * CELLS_COLS
    assert cells <= CELL_LIMIT - 1_000 and CELLS_ROWS <= ROW_LIMIT
    room = CELLS_SST_TARGET - sum(len(si.encode()) for si in sample.si) - 200
    per_string = room / cells - len("<si><t></t></si>")  # bytes of text, on average

    def rows():
        rng = random.Random(20250602)
        n = 0
        for i in range(CELLS_ROWS):
            row = []
            for col in range(CELLS_COLS):
                n += 1
                k = int(n * CELLS_RANDOM_CHARS) - int((n - 1) * CELLS_RANDOM_CHARS)
                noise = "".join(rng.choice(ALNUM) for _ in range(k))
                size = int(n * per_string) - int((n - 1) * per_string)
                raw = f"{n} {noise} {phrases[n % len(phrases)]}".encode()[:size]
                text = raw.decode("utf-8", "ignore")
                text += "." * (size - len(text.encode()))  # a Cyrillic letter cut in two
                row.append((col, "str", text))
            yield i + 2, row

    stats = write_xlsx(out / "max-cells-unique-strings.xlsx", sample, rows(),
                       dim=f"A1:{col_letter(CELLS_COLS - 1)}{CELLS_ROWS + 1}")
    stats.text += sample.kept_text_elsewhere()
    report("max-cells-unique-strings.xlsx", out / "max-cells-unique-strings.xlsx", stats)
    check_parts(out / "max-cells-unique-strings.xlsx")


LONG_TEXT_WORDS = ("Deynost za zakrila na deteto: informatsionni kampanii, konsultatsii, "
                   "obucheniya i podkrepa za detsata i semeystvata im v obshtina Ruse. ")


def long_text() -> str:
    """32,767 characters, one byte each in UTF-8 (transliterated Bulgarian), so that a cell
    costs 32 KiB and ~3,200 cells reach the 100 MiB text limit."""
    text = (LONG_TEXT_WORDS * (CELL_CHARS // len(LONG_TEXT_WORDS) + 1))[:CELL_CHARS - 1] + "."
    assert len(text) == CELL_CHARS and len(text.encode()) == CELL_CHARS
    return text


def text_rows(sample: Sample, count: int):
    """`count` valid activities whose Дейност, Очакван резултат, Индикатор and Бележка are
    all the one 32,767-character shared string (extra string 0)."""
    rng = random.Random(20250603)
    for i in range(count):
        t = sample.templates[i % len(sample.templates)]
        cells = [(0, "sst", int(t[0][1])), (1, "sst", int(t[1][1])),
                 (2, "str", f"{goal_code(sample, t)}.{i + 1}"), (3, "sstx", 0),
                 (4, "sst", int(t[4][1])), (5, "sstx", 0), (6, "sstx", 0),
                 (8, "num", str(rng.randint(1, 100))), (9, "num", str(rng.randint(101, 200))),
                 (12, "sst", int(t[12][1])), (14, "sst", int(t[14][1])), (16, "sstx", 0)]
        yield i + 2, cells


@maker("max-text-under.xlsx", "max-text-over.xlsx")
def max_text(out: Path, sample: Sample) -> None:
    text = long_text()
    # Text a row keeps: four long cells and its short ones.
    elsewhere = sample.kept_text_elsewhere()

    def kept(count: int) -> int:
        total = elsewhere
        for _, cells in text_rows(sample, count):
            for _, kind, value in cells:
                if kind == "sst":
                    total += len(sample.strings[value].encode())
                elif kind == "sstx":
                    total += CELL_CHARS
                elif kind == "str":
                    total += len(value.encode())
        return total

    n = (TEXT_LIMIT - TEXT_MARGIN) // (4 * CELL_CHARS)
    while kept(n + 1) <= TEXT_LIMIT - TEXT_MARGIN:
        n += 1
    while kept(n) > TEXT_LIMIT - TEXT_MARGIN:
        n -= 1
    over = n + 1
    while kept(over) <= TEXT_LIMIT:
        over += 1
    for name, count in (("max-text-under.xlsx", n), ("max-text-over.xlsx", over)):
        stats = write_xlsx(out / name, sample, text_rows(sample, count),
                           dim=f"A1:Q{count + 1}", extra_strings=[text])
        stats.text += elsewhere
        assert stats.text == kept(count), (stats.text, kept(count))
        report(name, out / name, stats,
               f"{4 * count:,} cells hold the 32,767-character string; text "
               f"{stats.text:,} B vs limit {TEXT_LIMIT:,} B "
               f"({'under' if stats.text <= TEXT_LIMIT else 'over'})")


@maker("max-part.xlsx")
def max_part(out: Path, sample: Sample) -> None:
    """max-rows.xlsx's rows without the random Бележка, № на дейност and Дейност as inline
    strings, and spaces between the cells so that the sheet XML is just under 100 MiB."""
    # First pass: the XML size without padding, to spread the padding evenly over the cells.
    stats = write_xlsx(out / "max-part.xlsx", sample,
                       activity_rows(sample, ROW_LIMIT, inline=True),
                       dim=f"A1:Q{ROW_LIMIT + 1}", dry=True)
    room = PART_TARGET - stats.sheet_bytes
    per_cell, extra = divmod(room, stats.cells)
    counter = {"n": 0}

    def pad(r: int, col: int) -> str:
        counter["n"] += 1
        return " " * (per_cell + (1 if counter["n"] <= extra else 0))

    stats = write_xlsx(out / "max-part.xlsx", sample,
                       activity_rows(sample, ROW_LIMIT, inline=True),
                       dim=f"A1:Q{ROW_LIMIT + 1}", pad=pad)
    stats.text += sample.kept_text_elsewhere()
    report("max-part.xlsx", out / "max-part.xlsx", stats,
           f"sheet XML {stats.sheet_bytes:,} B vs part limit {PART_LIMIT:,} B")
    assert stats.sheet_bytes <= PART_LIMIT


@maker("many-merges.xlsx")
def many_merges(out: Path, sample: Sample) -> None:
    """The sample with 100,000 two-row merged ranges in column A below its table."""
    count = 100_000
    refs = "".join(f'<mergeCell ref="A{r}:A{r + 1}"/>' for r in range(31, 31 + 2 * count, 2))
    book = strange.Book(strange.RUO)
    xml = book.sheet(ACT)
    xml = insert_after_protection(xml, f'<mergeCells count="{count}">{refs}</mergeCells>')
    book.put_sheet(ACT, xml)
    book.write(out / "many-merges.xlsx")
    report("many-merges.xlsx", out / "many-merges.xlsx",
           note=f"{count:,} merged ranges A31:A32 … A{29 + 2 * count}:A{30 + 2 * count}")


# --------------------------------------------------------------------------------------------
# .ods


class Rzi:
    """03-rzi-ruse.ods: its parts, and its content.xml around the data rows of `Дейности`."""

    def __init__(self) -> None:
        self.parts = strange.read_zip(strange.RZI)
        content = self.parts["content.xml"].decode("utf-8")
        start = content.index('<table:table table:name="Дейности"')
        rows_at = content.index("</table:table-header-rows>", start) + len(
            "</table:table-header-rows>")
        end = content.index("</table:table>", rows_at)
        self.head, self.tail = content[:rows_at], content[end:]


def ods_cell(kind: str, value: str = "") -> str:
    if kind == "blank":
        return "<table:table-cell/>"
    if kind == "num":
        return f'<table:table-cell office:value-type="float" office:value="{value}"/>'
    if kind == "num-p":  # as LibreOffice writes a number: with its text
        return (f'<table:table-cell office:value-type="float" office:value="{value}">'
                f"<text:p>{value}</text:p></table:table-cell>")
    return (f'<table:table-cell office:value-type="string"><text:p>{escape(value)}</text:p>'
            "</table:table-cell>")


def ods_row(cells: list[tuple[str, str]]) -> str:
    """A row from (kind, value) for columns A.. in order; runs of blanks are repeated
    cells, trailing blanks left out."""
    while cells and cells[-1][0] == "blank":
        cells = cells[:-1]
    out, blanks = [], 0
    for kind, value in cells:
        if kind == "blank":
            blanks += 1
            continue
        if blanks:
            out.append("<table:table-cell/>" if blanks == 1 else
                       f'<table:table-cell table:number-columns-repeated="{blanks}"/>')
            blanks = 0
        out.append(ods_cell(kind, value))
    return "<table:table-row>" + "".join(out) + "</table:table-row>"


def write_ods(path: Path, rows) -> tuple[int, int]:
    """03-rzi-ruse.ods with the data rows of `Дейности` replaced by `rows` (row XML strings).
    Returns (rows, content.xml bytes)."""
    rzi = Rzi()
    n = 0
    with tempfile.TemporaryDirectory(prefix="zakrila-worst-") as tmp:
        content = Spill(Path(tmp), "content.xml")
        content.write(rzi.head)
        buf = []
        for row in rows:
            n += 1
            buf.append(row)
            if len(buf) >= 2_000:
                content.write("".join(buf))
                buf.clear()
        content.write("".join(buf))
        content.write(rzi.tail)
        content.close()
        entries = dict(rzi.parts)
        entries["content.xml"] = content.chunks()
        # directory entries (Configurations2/…/) are kept as LibreOffice wrote them
        strange.write_zip(path, entries, ods=True)
        return n, content.size


def ods_rows_full(sample: Sample):
    """max-rows.xlsx's rows, cell for cell, as .ods rows, but without the random Бележка
    (which would take the file itself past 20 MiB: an .ods is packed less tightly)."""
    for _, cells in activity_rows(sample, ROW_LIMIT):
        by_col = {col: (kind, value) for col, kind, value in cells}
        row = []
        for col in range(COLS):
            kind, value = by_col.get(col, ("blank", ""))
            if kind == "sst":
                row.append(("str", sample.strings[value]))
            elif kind in ("str", "inline"):
                row.append(("str", value))
            else:
                row.append(("num-p", value))
        yield ods_row(row)


def ods_rows_fit(sample: Sample, stats: Stats):
    """100,000 valid activities in blocks of the same goal: Приоритет and Цел on the first
    row of a block only (fill-down), a shortened distinct Дейност, Срок, Индикатор, Мерна
    единица, Текуща and Целева стойност (numbers without their text:p), Източник на
    финансиране, Водеща институция; № на дейност (optional: merge numbers the activities)
    and the other optional columns blank."""
    rng = random.Random(20250604)
    for i in range(ROW_LIMIT):
        block, _ = divmod(i, ODS_BLOCK)
        t = sample.templates[block % len(sample.templates)]
        n = i + 1
        head = sample.text(t[3])[:ODS_ACTIVITY_CHARS].rstrip()
        first = i % ODS_BLOCK == 0
        base = rng.randint(1, 5_000)
        values = {
            0: ("str", sample.text(t[0])) if first else ("blank", ""),
            1: ("str", sample.text(t[1])) if first else ("blank", ""),
            3: ("str", f"{head} {n}"),
            4: ("str", sample.text(t[4])),
            6: ("str", sample.text(t[6])),
            7: ("str", sample.text(t[7])) if 7 in t else ("blank", ""),
            8: ("num", str(base)),
            9: ("num", str(base + rng.randint(1, 500))),
            12: ("str", sample.text(t[12])),
            14: ("str", sample.text(t[14])),
        }
        row = [values.get(col, ("blank", "")) for col in range(COLS)]
        stats.cells += sum(1 for kind, _ in row if kind != "blank")
        stats.text += sum(len(v.encode()) for kind, v in row if kind == "str")
        yield ods_row(row)


@maker("max-rows.ods")
def max_rows_ods(out: Path, sample: Sample) -> None:
    stats = Stats()
    rows, size = write_ods(out / "max-rows.ods", ods_rows_fit(sample, stats))
    report("max-rows.ods", out / "max-rows.ods",
           note=f"{rows:,} rows, {stats.cells:,} cells, content.xml {size:,} B "
                f"(part limit {PART_LIMIT:,} B), cell text ~{stats.text / MIB:.1f} MiB")
    if size > PART_LIMIT:
        raise SystemExit("worst_case.py: max-rows.ods content.xml is over the part limit; "
                         "lower ODS_ACTIVITY_CHARS")


@maker("max-rows-full.ods")
def max_rows_full_ods(out: Path, sample: Sample) -> None:
    rows, size = write_ods(out / "max-rows-full.ods", ods_rows_full(sample))
    report("max-rows-full.ods", out / "max-rows-full.ods",
           note=f"{rows:,} rows, content.xml {size:,} B: "
                f"{'OVER' if size > PART_LIMIT else 'under'} the part limit {PART_LIMIT:,} B")


# --------------------------------------------------------------------------------------------
# .xls, saved by LibreOffice from an .xlsx written here


def grid_rows(sample: Sample, last_col: int):
    """`Дейности` for an .xls spanning all 65,536 rows: 65,535 valid activities (distinct
    texts cut short: an .xls is not compressed and its strings are UTF-16) and one number
    in `last_col` on the last row, so that the sheet's grid spans A1 to that column's row
    65,536."""
    rng = random.Random(20250605)
    rows = 65_536
    for i in range(rows - 1):
        r = i + 2
        t = sample.templates[i % len(sample.templates)]
        n = i + 1
        base = rng.randint(1, 5_000)
        cells = [(0, "sst", int(t[0][1])), (1, "sst", int(t[1][1])),
                 (2, "inline", f"{goal_code(sample, t)}.{n}"),
                 (3, "inline", f"{sample.text(t[3])[:XLS_ACTIVITY_CHARS].rstrip()} {n}"),
                 (4, "sst", int(t[4][1])),
                 (6, "sst", int(t[6][1]))]
        if 7 in t:
            cells.append((7, "sst", int(t[7][1])))
        cells += [(8, "num", str(base)), (9, "num", str(base + rng.randint(1, 500))),
                  (12, "sst", int(t[12][1])), (14, "sst", int(t[14][1]))]
        if r == rows:
            cells.append((last_col, "num", "1"))
        yield r, cells


def xls_from(out: Path, sample: Sample, name: str, last_col: int) -> None:
    with tempfile.TemporaryDirectory(prefix="zakrila-worst-") as tmp:
        src = Path(tmp) / "grid.xlsx"
        write_xlsx(src, sample, grid_rows(sample, last_col),
                   dim=f"A1:{col_letter(last_col)}65536")
        t0 = time.monotonic()
        outdir = Path(tmp) / "out"
        try:
            strange.soffice("--convert-to", "xls:MS Excel 97", "--outdir", str(outdir),
                            str(src))
        except subprocess.TimeoutExpired:
            raise SystemExit(f"worst_case.py: LibreOffice took over 5 minutes for {name}")
        secs = time.monotonic() - t0
        made = outdir / "grid.xls"
        if not made.exists():
            raise SystemExit(f"worst_case.py: LibreOffice did not write {name}")
        shutil.move(made, out / name)
    grid = 65_536 * (last_col + 1)
    report(name, out / name,
           note=f"A1:{col_letter(last_col)}65536 on {ACT} = {grid:,} grid cells "
                f"(budget {XLS_GRID_BUDGET:,} over all sheets); LibreOffice took {secs:.0f} s")


@maker("max-grid.xls")
def max_grid(out: Path, sample: Sample) -> None:
    xls_from(out, sample, "max-grid.xls", col_index("AE"))


@maker("max-grid-over.xls")
def max_grid_over(out: Path, sample: Sample) -> None:
    xls_from(out, sample, "max-grid-over.xls", col_index("AF"))


GRID_SHEETS = 16  # extra sheets of max-grid-sheets.xls


@maker("max-grid-sheets.xls")
def max_grid_sheets(out: Path, sample: Sample) -> None:
    """The sample plus GRID_SHEETS hidden sheets, each holding just two numbers, at A1 and
    AF65536: every sheet's grid is A1:AF65536 (2,097,152 cells), no cell lies right of AF,
    so src/read/xls.rs finds nothing to patch, whatever the grids add up to."""
    book = strange.Book(strange.RUO)
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    for k in range(GRID_SHEETS):
        strange.add_sheet(
            book, f"Празен {k + 1}",
            f'<worksheet xmlns="{ns}"><dimension ref="A1:AF65536"/><sheetData>'
            '<row r="1"><c r="A1"><v>1</v></c></row>'
            '<row r="65536"><c r="AF65536"><v>1</v></c></row></sheetData></worksheet>',
            "hidden", "_meta" if k == 0 else f"Празен {k}")
    with tempfile.TemporaryDirectory(prefix="zakrila-worst-") as tmp:
        src = Path(tmp) / "grids.xlsx"
        book.write(src)
        t0 = time.monotonic()
        outdir = Path(tmp) / "out"
        try:
            strange.soffice("--convert-to", "xls:MS Excel 97", "--outdir", str(outdir),
                            str(src))
        except subprocess.TimeoutExpired:
            raise SystemExit("worst_case.py: LibreOffice took over 5 minutes for "
                             "max-grid-sheets.xls")
        secs = time.monotonic() - t0
        made = outdir / "grids.xls"
        if not made.exists():
            raise SystemExit("worst_case.py: LibreOffice did not write max-grid-sheets.xls")
        shutil.move(made, out / "max-grid-sheets.xls")
    report("max-grid-sheets.xls", out / "max-grid-sheets.xls",
           note=f"{GRID_SHEETS} extra sheets of A1:AF65536 = "
                f"{GRID_SHEETS * 65_536 * 32:,} grid cells, 2 filled each; "
                f"LibreOffice took {secs:.0f} s")


# --------------------------------------------------------------------------------------------


def main(argv: list[str]) -> None:
    if not argv or argv[0].startswith("-"):
        raise SystemExit(__doc__.split("\n\n")[1] if argv and argv[0] in ("-h", "--help")
                         else "usage: worst_case.py OUT_DIR [FILE...]")
    out = Path(argv[0])
    out.mkdir(parents=True, exist_ok=True)
    if out.resolve().is_relative_to(strange.ROOT) and not out.resolve().is_relative_to(
            strange.ROOT / "target"):
        raise SystemExit("worst_case.py: write the files outside the repository (or under "
                         "target/): they are too big to commit")
    wanted = set(argv[1:])
    known = {n for names, _ in MAKERS for n in names}
    if wanted - known:
        raise SystemExit(f"worst_case.py: unknown file(s) {sorted(wanted - known)}; "
                         f"known: {sorted(known)}")
    sample = Sample()
    try:
        for names, fn in MAKERS:
            if wanted and not wanted & set(names):
                continue
            t0 = time.monotonic()
            print("making", ", ".join(names), flush=True)
            try:
                fn(out, sample)
            except strange.Missing as err:
                print(f"  SKIPPED: {err}")
            print(f"  ({time.monotonic() - t0:.0f} s)", flush=True)
    finally:
        if strange._PROFILE is not None:
            shutil.rmtree(strange._PROFILE, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1:])
