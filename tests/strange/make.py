#!/usr/bin/env python3
"""Makes the hostile, damaged and strange spreadsheets in tests/strange/files/.

Run from the repository root (or anywhere):

    python3 tests/strange/make.py            # every file
    python3 tests/strange/make.py far-cell.xlsx zip-bomb.xlsx   # only these

Needs: Python 3.11+, openpyxl (only to *read* the samples' values for the .xlsb writer and the
autofilter), msoffcrypto-tool (password.xlsx), LibreOffice (`soffice`, for the .ods/.xls files
and password.ods). No xlwt: every .xls here is saved by LibreOffice, and dimension-lie.xls is
patched in place by the small compound-file reader below.

Everything written by this script itself is deterministic: zip entries are sorted (the .ods
`mimetype` first, stored, as ODF requires), stamped 1980-01-01 00:00 and deflated at level 9;
random bytes come from fixed seeds (password.xlsx too: msoffcrypto's salt and key generator
is replaced by a seeded one, its time stamp by a fixed one). Files saved by LibreOffice (the
.ods files, resaved-by-libreoffice.xlsx) differ from run to run: time stamps and a few details
of LibreOffice's own; that is expected. Its .xls output has come out the same every time.

The hostile files are built from the sample contributions of samples/ruse-2025 by editing
their XML directly (the oddity must be exact), so the `Институция` and `_meta` sheets stay
byte for byte as in the sample and the copies still belong to samples/ruse-2025/programme.toml.

See README.md beside this script for what each file is and what a careful reader does with it.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import random
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
OUT = HERE / "files"
SAMPLES = ROOT / "samples" / "ruse-2025"
RUO = SAMPLES / "02-ruo-ruse.xlsx"  # clean, 29 data rows
DSP = SAMPLES / "05-dsp-ruse.xlsx"  # clean, 6 data rows
RZI = SAMPLES / "03-rzi-ruse.ods"
MKB = SAMPLES / "06-mkbppmn.xls"

EPOCH = (1980, 1, 1, 0, 0, 0)
FAR = "далечна клетка"  # the text of every far cell

# --------------------------------------------------------------------------------------------
# zip helpers


def read_zip(path_or_bytes) -> dict[str, bytes]:
    """All entries of a zip, in the order of the file."""
    src = io.BytesIO(path_or_bytes) if isinstance(path_or_bytes, bytes) else path_or_bytes
    with zipfile.ZipFile(src) as zf:
        return {info.filename: zf.read(info) for info in zf.infolist()}


def _info(name: str, stored: bool = False) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=EPOCH)
    info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    info.create_system = 0  # MS-DOS, as Excel writes; no Unix permissions, same on every host
    info.external_attr = 0
    if not stored:
        # ZipFile.open(..., "w") takes the level from the ZipInfo (3.11: _compresslevel,
        # 3.13: compress_level).
        for attr in ("_compresslevel", "compress_level"):
            if attr in zipfile.ZipInfo.__slots__:
                setattr(info, attr, 9)
    return info


def write_zip(path: Path, entries: dict, *, ods: bool = False) -> None:
    """Writes a zip: sorted names (ODF's `mimetype` first and stored), 1980-01-01, level 9.

    A value is either bytes or a function returning an iterator of byte chunks (streamed, for
    the zip bombs, so that the gigabyte never sits in memory)."""
    names = sorted(entries)
    if ods and "mimetype" in names:
        names.remove("mimetype")
        names.insert(0, "mimetype")
    tmp = path.with_suffix(path.suffix + ".tmp")
    with zipfile.ZipFile(tmp, "w") as zf:
        for name in names:
            value = entries[name]
            info = _info(name, stored=ods and name == "mimetype")
            if isinstance(value, (bytes, bytearray)):
                zf.writestr(info, bytes(value))
            else:
                with zf.open(info, "w") as dst:
                    for chunk in value():
                        dst.write(chunk)
    tmp.replace(path)


def one(text: str, old: str, new: str) -> str:
    """Replaces `old`, which must occur exactly once."""
    n = text.count(old)
    if n != 1:
        raise SystemExit(f"make.py: expected one {old[:60]!r}, found {n}")
    return text.replace(old, new)


# --------------------------------------------------------------------------------------------
# an .xlsx taken apart


class Book:
    """The parts of an .xlsx, to edit as text and write back."""

    def __init__(self, path: Path):
        self.parts = read_zip(path)

    def text(self, name: str) -> str:
        return self.parts[name].decode("utf-8")

    def put(self, name: str, text) -> None:
        self.parts[name] = text.encode("utf-8") if isinstance(text, str) else text

    def sheet_part(self, sheet: str) -> str:
        wb = self.text("xl/workbook.xml")
        m = re.search(r'<sheet name="%s"[^>]*r:id="(rId\d+)"' % re.escape(sheet), wb)
        rels = self.text("xl/_rels/workbook.xml.rels")
        target = re.search(r'Id="%s"[^>]*Target="([^"]+)"' % m.group(1), rels).group(1)
        return "xl/" + target.lstrip("/").removeprefix("xl/")

    def sheet(self, sheet: str) -> str:
        return self.text(self.sheet_part(sheet))

    def put_sheet(self, sheet: str, text: str) -> None:
        self.put(self.sheet_part(sheet), text)

    def write(self, path: Path) -> None:
        write_zip(path, self.parts)

    def to_bytes(self) -> bytes:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "book.xlsx"
            self.write(path)
            return path.read_bytes()


ACT = "Дейности"


def with_far_cell(ref: str, row: int, dim: str) -> Book:
    """02-ruo-ruse.xlsx with one inline-string cell at `ref` (row `row`) on Дейности."""
    book = Book(RUO)
    xml = book.sheet(ACT)
    xml = one(xml, '<dimension ref="A1:Q30"/>', f'<dimension ref="{dim}"/>')
    cell = f'<row r="{row}"><c r="{ref}" t="inlineStr"><is><t>{FAR}</t></is></c></row>'
    xml = one(xml, "</sheetData>", cell + "</sheetData>")
    book.put_sheet(ACT, xml)
    return book


# --------------------------------------------------------------------------------------------
# LibreOffice, in a profile of its own (so a running soffice of the user is not disturbed)

_PROFILE: Path | None = None

BASIC = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" script:language="StarBasic">
Sub SaveWithPassword(src As String, dst As String, filt As String, pw As String)
  Dim load(0) As New com.sun.star.beans.PropertyValue
  load(0).Name = &quot;Hidden&quot;
  load(0).Value = True
  doc = StarDesktop.loadComponentFromURL(ConvertToURL(src), &quot;_blank&quot;, 0, load())
  Dim store(1) As New com.sun.star.beans.PropertyValue
  store(0).Name = &quot;FilterName&quot;
  store(0).Value = filt
  store(1).Name = &quot;Password&quot;
  store(1).Value = pw
  doc.storeToURL(ConvertToURL(dst), store())
  doc.close(True)
End Sub
</script:module>
"""


class Missing(Exception):
    """A tool or module this file needs is not installed."""


def need(module: str, hint: str):
    try:
        return __import__(module)
    except ImportError:
        raise Missing(f"Python module {module!r} is not installed ({hint})") from None


def soffice_bin() -> str:
    exe = shutil.which("soffice") or "/usr/bin/soffice"
    if not Path(exe).exists():
        raise Missing("LibreOffice (soffice) is not installed; it saves the .ods/.xls files")
    return exe


def profile() -> Path:
    global _PROFILE
    if _PROFILE is None:
        _PROFILE = Path(tempfile.mkdtemp(prefix="zakrila-strange-lo-"))
    return _PROFILE


def soffice(*args: str) -> None:
    cmd = [soffice_bin(), "--headless", "--norestore",
           f"-env:UserInstallation={profile().as_uri()}", *args]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   timeout=300)


def lo_convert(src_bytes: bytes, src_ext: str, target: str, out_ext: str) -> bytes:
    """Opens bytes in LibreOffice and saves them with the filter `target` (--convert-to)."""
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / f"in.{src_ext}"
        src.write_bytes(src_bytes)
        outdir = Path(tmp) / "out"
        soffice("--convert-to", target, "--outdir", str(outdir), str(src))
        out = outdir / f"in.{out_ext}"
        if not out.exists():
            raise SystemExit(f"make.py: LibreOffice did not write {target}")
        return out.read_bytes()


def lo_save_with_password(src_bytes: bytes, src_ext: str, filt: str, out_ext: str,
                          password: str) -> bytes:
    """`soffice --convert-to` cannot set a password (7.4 ignores the JSON filter options
    EncryptFile/DocumentPassword for ODF export), so a Basic macro in the private profile opens
    the file and stores it with the media-descriptor property `Password`."""
    soffice("--convert-to", "csv", "--outdir", str(profile() / "init"), os.devnull)  # init profile
    lib = profile() / "user" / "basic" / "Standard"
    lib.mkdir(parents=True, exist_ok=True)
    (lib / "Module1.xba").write_text(BASIC, encoding="utf-8")
    xlb = lib / "script.xlb"
    if not xlb.exists() or "Module1" not in xlb.read_text(encoding="utf-8"):
        xlb.write_text(
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<!DOCTYPE library:library PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" '
            '"library.dtd">\n<library:library xmlns:library="http://openoffice.org/2000/library" '
            'library:name="Standard" library:readonly="false" library:passwordprotected="false">\n'
            ' <library:element library:name="Module1"/>\n</library:library>\n', encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / f"in.{src_ext}"
        src.write_bytes(src_bytes)
        dst = Path(tmp) / f"out.{out_ext}"
        soffice(f'macro:///Standard.Module1.SaveWithPassword("{src}","{dst}","{filt}",'
                f'"{password}")')
        if not dst.exists():
            raise SystemExit("make.py: the LibreOffice macro did not save the file")
        return dst.read_bytes()


# --------------------------------------------------------------------------------------------
# a small compound-file (OLE2/CFB) reader, enough to find and patch BIFF8 records in place


class Cfb:
    def __init__(self, data: bytes):
        self.data = bytearray(data)
        assert data[:8] == bytes.fromhex("D0CF11E0A1B11AE1"), "not a compound file"
        self.ssz = 1 << struct.unpack_from("<H", data, 0x1E)[0]
        nfat = struct.unpack_from("<I", data, 0x2C)[0]
        dir_start = struct.unpack_from("<I", data, 0x30)[0]
        difat = list(struct.unpack_from("<109I", data, 0x4C))[:nfat]
        assert len(difat) == nfat, "more than 109 FAT sectors: not needed here"
        self.fat = []
        for sec in difat:
            self.fat += struct.unpack_from(f"<{self.ssz // 4}I", data, self.off(sec))
        self.entries = {}
        dir_bytes = b"".join(data[self.off(s):self.off(s) + self.ssz]
                             for s in self.chain(dir_start))
        for i in range(0, len(dir_bytes), 128):
            e = dir_bytes[i:i + 128]
            nlen = struct.unpack_from("<H", e, 64)[0]
            if nlen == 0:
                continue
            name = e[:nlen - 2].decode("utf-16-le")
            start, size = struct.unpack_from("<IQ", e, 116)
            self.entries[name] = (start, size & 0xFFFFFFFF)

    def off(self, sec: int) -> int:
        return (sec + 1) * self.ssz

    def chain(self, start: int):
        sec = start
        while sec < 0xFFFFFFFA:
            yield sec
            sec = self.fat[sec]

    def stream_map(self, name: str) -> list[int]:
        """The file offset of every byte of a (big, FAT-held) stream."""
        start, size = self.entries[name]
        assert size >= 4096, "mini streams not needed here"
        offsets = []
        for sec in self.chain(start):
            offsets.extend(range(self.off(sec), self.off(sec) + self.ssz))
        return offsets[:size]

    def stream(self, name: str) -> bytes:
        return bytes(self.data[o] for o in self.stream_map(name))


def biff_records(stream: bytes, pos: int = 0):
    while pos + 4 <= len(stream):
        typ, size = struct.unpack_from("<HH", stream, pos)
        yield pos, typ, stream[pos + 4:pos + 4 + size]
        pos += 4 + size


def biff_sheet_offsets(stream: bytes) -> dict[str, int]:
    """Sheet name -> stream offset of its BOF, from the BOUNDSHEET8 (0x0085) records."""
    sheets = {}
    for _, typ, data in biff_records(stream):
        if typ == 0x0085:
            pos, _state, _kind, cch, high = struct.unpack_from("<IBBBB", data)
            raw = data[8:8 + cch * (2 if high & 1 else 1)]
            sheets[raw.decode("utf-16-le" if high & 1 else "latin-1")] = pos
        if typ == 0x000A:  # EOF of the globals
            break
    return sheets


def biff_sheet_records(stream: bytes, sheet: str):
    for pos, typ, data in biff_records(stream, biff_sheet_offsets(stream)[sheet]):
        yield pos, typ, data
        if typ == 0x000A:
            break


# --------------------------------------------------------------------------------------------
# a small BIFF12 (MS-XLSB) writer


def rec(typ: int, data: bytes = b"") -> bytes:
    """One record: type as 7-bit varint (1-2 bytes), size as 7-bit varint (1-4 bytes), data."""
    head = bytes([typ]) if typ < 0x80 else bytes([0x80 | (typ & 0x7F), typ >> 7])
    n, size = len(data), bytearray()
    while True:
        b, n = n & 0x7F, n >> 7
        size.append(b | (0x80 if n else 0))
        if not n:
            break
    assert len(size) <= 4 and typ < 0x4000
    return head + bytes(size) + data


def wstr(s: str) -> bytes:
    """XLWideString: u32 count of UTF-16 code units, then UTF-16LE."""
    raw = s.encode("utf-16-le")
    return struct.pack("<I", len(raw) // 2) + raw


def color(theme: int | None = None, rgb: int | None = None) -> bytes:
    """BrtColor (8 bytes): fValidRGB + xColorType, index, tint, r, g, b, a."""
    if theme is not None:
        return struct.pack("<BBhBBBB", (3 << 1) | 1, theme, 0, 0, 0, 0, 255)
    if rgb is not None:
        return struct.pack("<BBhBBBB", (2 << 1) | 1, 0, 0, rgb >> 16, (rgb >> 8) & 255,
                           rgb & 255, 255)
    return struct.pack("<BBhBBBB", 0, 0, 0, 0, 0, 0, 0)  # automatic


def xf(parent: int, fmt: int, wrap: bool = False, apply_fmt: bool = False) -> bytes:
    """BrtXF (16 bytes). Vertical alignment bottom (2), locked."""
    flags = (2 << 3) | (0x40 if wrap else 0) | 0x1000
    return rec(0x002F, struct.pack("<HHHHHBBHH", parent, fmt, 0, 0, 0, 0, 0, flags,
                                   1 if apply_fmt else 0))


DATE_FMT = 164  # custom "dd.mm.yyyy", as in the samples


def xlsb_styles() -> bytes:
    """styles.bin: one font, the two default fills, one border, one style XF, and cell XFs
    0 (General) and 1 (dd.mm.yyyy, a date for calamine)."""
    font = struct.pack("<HHHHBBBB", 220, 0, 400, 0, 0, 2, 1, 0) + color(theme=1) + \
        bytes([2]) + wstr("Calibri")
    fill = lambda fls: struct.pack("<I", fls) + color(theme=1) + color() + \
        struct.pack("<I5dI", 0, 0.0, 0.0, 0.0, 0.0, 0.0, 0)
    blxf = bytes([0, 0]) + color()
    border = bytes([0]) + blxf * 5
    out = rec(0x0116)                                             # BrtBeginStyleSheet
    out += rec(0x0267, struct.pack("<I", 1))                      # BrtBeginFmts
    out += rec(0x002C, struct.pack("<H", DATE_FMT) + wstr("dd.mm.yyyy"))
    out += rec(0x0268)
    out += rec(0x0263, struct.pack("<I", 1)) + rec(0x002B, font) + rec(0x0264)
    out += rec(0x025B, struct.pack("<I", 2)) + rec(0x002D, fill(0)) + rec(0x002D, fill(17)) \
        + rec(0x025C)
    out += rec(0x0265, struct.pack("<I", 1)) + rec(0x002E, border) + rec(0x0266)
    out += rec(0x0272, struct.pack("<I", 1)) + xf(0xFFFF, 0) + rec(0x0273)
    out += rec(0x0269, struct.pack("<I", 3)) + xf(0, 0) + xf(0, DATE_FMT, apply_fmt=True) \
        + xf(0, 0, wrap=True) + rec(0x026A)
    out += rec(0x026B, struct.pack("<I", 1)) + \
        rec(0x0030, struct.pack("<IHBB", 0, 1, 0, 0xFF) + wstr("Normal")) + rec(0x026C)
    out += rec(0x0117)                                            # BrtEndStyleSheet
    return out


def calamine_style_formats(styles: bytes) -> list[int]:
    """Mirrors calamine 0.38's read_styles (xlsb/mod.rs), which reads the type of every record
    but the body only of BrtBeginFmts/BrtFmt/BrtBeginCellXFs/BrtXF: the bodies of the others
    are read as if they were record types. Returns the iFmt of each XF calamine finds, so the
    writer can check that no body byte sequence derails it."""
    pos, fmts = 0, []

    def rtype():
        nonlocal pos
        b = styles[pos]; pos += 1
        if b & 0x80:
            b = (b & 0x7F) | ((styles[pos] & 0x7F) << 7); pos += 1
        return b

    def body():
        nonlocal pos
        n, shift = 0, 0
        for i in range(4):
            b = styles[pos]; pos += 1
            n |= (b & 0x7F) << shift; shift += 7
            if not b & 0x80:
                break
        data = styles[pos:pos + n]; pos += n
        return data

    def next_of(typ):
        while True:
            t = rtype(); data = body()
            if t == typ:
                return data

    while True:
        t = rtype()
        if t == 0x0267:
            for _ in range(struct.unpack_from("<I", body())[0]):
                next_of(0x002C)
        elif t == 0x0269:
            for _ in range(struct.unpack_from("<I", body())[0]):
                fmts.append(struct.unpack_from("<H", next_of(0x002F), 2)[0])
            return fmts


def excel_serial(d: dt.datetime) -> int:
    return (d - dt.datetime(1899, 12, 30)).days


def xlsb_from_workbook(src: Path, *, bad_rel: str | None = None) -> dict[str, bytes]:
    """The parts of an .xlsb holding every sheet and cell value of `src` (read by openpyxl):
    text as shared strings (BrtCellIsst), whole numbers as RK (BrtCellRk), other numbers as
    BrtCellReal, dates as RK numbers with the dd.mm.yyyy cell XF (1). Sheet states kept.
    `bad_rel`: the relationship id written into BrtBundleSh of the Дейности sheet instead of
    its real one (a dangling reference)."""
    openpyxl = need("openpyxl", "pip install openpyxl")  # only to read the sample's values

    wb = openpyxl.load_workbook(src)
    sst: dict[str, int] = {}
    total = 0
    sheets = []
    for ws in wb.worksheets:
        body = bytearray()
        rows = [(r, cells) for r, cells in enumerate(ws.iter_rows(values_only=True))
                if any(v is not None for v in cells)]
        last_row = rows[-1][0] if rows else 0
        last_col = max((i for _, cells in rows for i, v in enumerate(cells) if v is not None),
                       default=0)
        for r, cells in rows:
            used = [i for i, v in enumerate(cells) if v is not None]
            body += rec(0x0000, struct.pack("<IIHBBBI", r, 0, 300, 0, 0, 0, 1)
                        + struct.pack("<II", used[0], used[-1]))           # BrtRowHdr
            for c, v in enumerate(cells):
                if v is None:
                    continue
                if isinstance(v, str):
                    wrap = 2 if "\n" in v else 0
                    idx = sst.setdefault(v, len(sst))
                    total += 1
                    body += rec(0x0007, struct.pack("<III", c, wrap, idx))  # BrtCellIsst
                elif isinstance(v, dt.datetime):
                    body += rec(0x0002, struct.pack("<IIi", c, 1,
                                                    (excel_serial(v) << 2) | 2))  # RK int
                elif isinstance(v, bool):
                    body += rec(0x0004, struct.pack("<IIB", c, 0, int(v)))
                elif isinstance(v, int) and -(1 << 29) <= v < (1 << 29):
                    body += rec(0x0002, struct.pack("<IIi", c, 0, (v << 2) | 2))
                else:
                    body += rec(0x0005, struct.pack("<IId", c, 0, float(v)))
        sheet = rec(0x0081)                                                 # BrtBeginSheet
        sheet += rec(0x0094, struct.pack("<IIII", 0, last_row, 0, last_col))  # BrtWsDim
        sheet += rec(0x0091) + bytes(body) + rec(0x0092)           # Begin/EndSheetData
        sheet += rec(0x0082)                                                # BrtEndSheet
        state = {"visible": 0, "hidden": 1, "veryHidden": 2}[ws.sheet_state]
        sheets.append((ws.title, state, sheet))

    parts: dict[str, bytes] = {}
    book = rec(0x0083)                                                      # BrtBeginBook
    book += rec(0x0099, struct.pack("<II", 0, 124226) + wstr(""))           # BrtWbProp
    book += rec(0x008F)                                                     # BrtBeginBundleShs
    rels = []
    for i, (name, state, data) in enumerate(sheets, start=1):
        rid = f"rId{i}"
        parts[f"xl/worksheets/sheet{i}.bin"] = data
        rels.append((rid, "worksheet", f"worksheets/sheet{i}.bin"))
        written = bad_rel if (bad_rel and name == ACT) else rid
        book += rec(0x009C, struct.pack("<II", state, i) + wstr(written) + wstr(name))
    book += rec(0x0090)                                                     # BrtEndBundleShs
    book += rec(0x009D, struct.pack("<IIIdiH", 191029, 1, 100, 0.001, 1, 0x0002))  # CalcProp
    book += rec(0x0084)                                                     # BrtEndBook
    parts["xl/workbook.bin"] = book
    n = len(sheets)
    rels += [(f"rId{n + 1}", "styles", "styles.bin"),
             (f"rId{n + 2}", "sharedStrings", "sharedStrings.bin")]
    parts["xl/_rels/workbook.bin.rels"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(f'<Relationship Id="{rid}" Type="http://schemas.openxmlformats.org/'
                  f'officeDocument/2006/relationships/{kind}" Target="{target}"/>'
                  for rid, kind, target in rels)
        + "</Relationships>").encode()
    strings = rec(0x009F, struct.pack("<II", total, len(sst)))             # BrtBeginSst
    for s in sst:
        strings += rec(0x0013, b"\x00" + wstr(s))                           # BrtSSTItem
    strings += rec(0x00A0)                                                  # BrtEndSst
    parts["xl/sharedStrings.bin"] = strings
    styles = xlsb_styles()
    assert calamine_style_formats(styles) == [0, DATE_FMT, 0], "styles.bin derails calamine"
    parts["xl/styles.bin"] = styles
    parts["[Content_Types].xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="bin" ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.main"/>'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        + "".join(f'<Override PartName="/xl/worksheets/sheet{i}.bin" '
                  'ContentType="application/vnd.ms-excel.worksheet"/>'
                  for i in range(1, n + 1))
        + '<Override PartName="/xl/styles.bin" ContentType="application/vnd.ms-excel.styles"/>'
        '<Override PartName="/xl/sharedStrings.bin" ContentType="application/vnd.ms-excel.sharedStrings"/>'
        '</Types>').encode()
    parts["_rels/.rels"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="xl/workbook.bin"/></Relationships>').encode()
    return parts


# --------------------------------------------------------------------------------------------
# the files

MAKERS: list = []


def make(*names: str):
    def deco(fn):
        MAKERS.append((names, fn))
        return fn
    return deco


@make("far-cell-tiny.xlsx", "far-cell-tiny-a1.xlsx")
def far_cell_tiny():
    tiny_xlsx("far-cell-tiny.xlsx", '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')
    # the same with a second cell at A1: the used range is now the whole grid
    tiny_xlsx("far-cell-tiny-a1.xlsx", '<row r="1"><c r="A1"><v>1</v></c></row>'
                                       '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')


def tiny_xlsx(name: str, rows: str):
    ns = "http://schemas.openxmlformats.org/"
    parts = {
        "[Content_Types].xml":
            f'<Types xmlns="{ns}package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/s.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '</Types>',
        "_rels/.rels":
            f'<Relationships xmlns="{ns}package/2006/relationships"><Relationship Id="r" '
            f'Type="{ns}officeDocument/2006/relationships/officeDocument" Target="w.xml"/>'
            '</Relationships>',
        "w.xml":
            f'<workbook xmlns="{ns}spreadsheetml/2006/main" xmlns:r="{ns}officeDocument/2006/'
            'relationships"><sheets><sheet name="Лист1" sheetId="1" r:id="s"/></sheets></workbook>',
        "_rels/w.xml.rels":
            f'<Relationships xmlns="{ns}package/2006/relationships"><Relationship Id="s" '
            f'Type="{ns}officeDocument/2006/relationships/worksheet" Target="s.xml"/>'
            '</Relationships>',
        "s.xml":
            f'<worksheet xmlns="{ns}spreadsheetml/2006/main"><dimension ref="A1:XFD1048576"/>'
            f'<sheetData>{rows}</sheetData></worksheet>',
    }
    write_zip(OUT / name, {k: v.encode() for k, v in parts.items()})


@make("far-cell.xlsx")
def far_cell():
    with_far_cell("XFD1048576", 1048576, "A1:XFD1048576").write(OUT / "far-cell.xlsx")


@make("huge-row.xlsx", "huge-row-overflow.xlsx")
def huge_row():
    with_far_cell("A4000000000", 4000000000, "A1:Q4000000000").write(OUT / "huge-row.xlsx")
    with_far_cell("A99999999999", 99999999999, "A1:Q99999999999").write(
        OUT / "huge-row-overflow.xlsx")


GIB = 1 << 30


def _bomb(name: str, unit: bytes, what: str):
    book = Book(RUO)
    part = book.sheet_part(ACT)
    head, tail = book.text(part).split("</sheetData>")
    head, tail = head.encode(), ("</sheetData>" + tail).encode()
    block = unit * ((1 << 20) // len(unit))
    count = GIB // len(block)

    def chunks():
        yield head
        for _ in range(count):
            yield block
        yield tail

    book.parts[part] = chunks
    book.write(OUT / name)
    print(f"  {name}: {part} unpacks to {len(head) + count * len(block) + len(tail):,} bytes "
          f"({what})")


@make("zip-bomb.xlsx")
def zip_bomb():
    # about 1 GiB of empty rows without row numbers, each holding one styled empty cell
    _bomb("zip-bomb.xlsx", b'<row><c s="10"/></row>', "empty styled rows")


@make("zip-bomb-space.xlsx")
def zip_bomb_space():
    # about 1 GiB of spaces between the last row and </sheetData>: one text node to skip
    _bomb("zip-bomb-space.xlsx", b" ", "whitespace")


@make("entity-bomb.xlsx")
def entity_bomb():
    book = Book(RUO)
    sst = book.text("xl/sharedStrings.xml")
    ents = ['<!ENTITY lol "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">' for i in range(1, 10)]
    doctype = "<!DOCTYPE sst [\n " + "\n ".join(ents) + "\n]>\n"
    sst = one(sst, "<sst ", doctype + "<sst ")
    # D2 (Дейност of the first data row) is shared string 95: it becomes &lol9; (10^9 × "lol")
    sis = sst.split("<si>")
    assert "Улесняване достъпа" in sis[96], sis[96][:80]
    sis[96] = "<t>&lol9;</t></si>"
    book.put("xl/sharedStrings.xml", "<si>".join(sis))
    book.write(OUT / "entity-bomb.xlsx")


LONG = 15_000_000


@make("long-cell.xlsx")
def long_cell():
    book = Book(RUO)
    sst = book.text("xl/sharedStrings.xml")
    sis = sst.split("<si>")
    original = re.search(r"<t>(.*?)</t>", sis[96]).group(1)
    unit = original + " "
    text = (unit * (LONG // len(unit) + 1))[:LONG]
    assert len(text) == LONG
    sis[96] = f"<t>{text}</t></si>"
    book.put("xl/sharedStrings.xml", "<si>".join(sis))
    book.write(OUT / "long-cell.xlsx")


DEPTH = 1_000_000


@make("deep-nesting.xlsx")
def deep_nesting():
    book = Book(RUO)
    xml = book.sheet(ACT)
    deep = ('<z:deep xmlns:z="urn:zakrila:strange">' + "<z:d>" * DEPTH + "</z:d>" * DEPTH
            + "</z:deep>")
    xml = one(xml, "</cols><sheetData>", "</cols>" + deep + "<sheetData>")
    book.put_sheet(ACT, xml)
    book.write(OUT / "deep-nesting.xlsx")


@make("deep-nesting-cell.xlsx")
def deep_nesting_cell():
    book = Book(RUO)
    xml = book.sheet(ACT)
    cell = ('<c r="Q2" s="10" t="inlineStr"><is>' + "<r>" * DEPTH + "<t>дълбоко</t>"
            + "</r>" * DEPTH + "</is></c>")
    xml = one(xml, '<c r="P2" s="10" t="s"><v>99</v></c></row>',
              '<c r="P2" s="10" t="s"><v>99</v></c>' + cell + "</row>")
    book.put_sheet(ACT, xml)
    book.write(OUT / "deep-nesting-cell.xlsx")


@make("huge-unique-count.xlsx")
def huge_unique_count():
    book = Book(RUO)
    sst = book.text("xl/sharedStrings.xml")
    sst = one(sst, 'uniqueCount="266"', 'uniqueCount="4000000000"')
    book.put("xl/sharedStrings.xml", sst)
    book.write(OUT / "huge-unique-count.xlsx")


def ruo_as_xls() -> bytes:
    return lo_convert(RUO.read_bytes(), "xlsx", "xls:MS Excel 97", "xls")


@make("far-cell.xls")
def far_cell_xls():
    book = with_far_cell("IV65536", 65536, "A1:IV65536")  # .xls ends at IV65536
    data = lo_convert(book.to_bytes(), "xlsx", "xls:MS Excel 97", "xls")
    stream = Cfb(data).stream("Workbook")
    far = [(typ, data_) for _, typ, data_ in biff_sheet_records(stream, ACT)
           if typ in (0x00FD, 0x0204, 0x0203, 0x027E) and data_[:4] == b"\xff\xff\xff\x00"]
    assert far, "LibreOffice dropped the cell at IV65536"
    (OUT / "far-cell.xls").write_bytes(data)


@make("dimension-lie.xls")
def dimension_lie():
    data = ruo_as_xls()
    cfb = Cfb(data)
    offsets = cfb.stream_map("Workbook")
    stream = cfb.stream("Workbook")
    for pos, typ, rec_data in biff_sheet_records(stream, ACT):
        if typ == 0x0200:  # DIMENSIONS: rwMic u32, rwMac u32, colMic u16, colMac u16, u16
            rw_mic, rw_mac, col_mic, col_mac = struct.unpack_from("<IIHH", rec_data)
            # LibreOffice counts its formatted (validation) rows: rwMac is 1001, not 30
            assert rw_mic == 0 and rw_mac >= 30 and (col_mic, col_mac) == (0, 17), \
                (rw_mic, rw_mac, col_mic, col_mac)
            print(f"  dimension-lie.xls: DIMENSIONS of {ACT} at Workbook stream offset {pos}: "
                  f"rows {rw_mic}..{rw_mac}, columns {col_mic}..{col_mac}; rwMac -> 0xFFFFFFF0")
            for i, b in enumerate(struct.pack("<I", 0xFFFFFFF0)):
                cfb.data[offsets[pos + 4 + 4 + i]] = b
            break
    else:
        raise SystemExit("make.py: no DIMENSIONS record in Дейности")
    (OUT / "dimension-lie.xls").write_bytes(bytes(cfb.data))


@make("far-cell.ods")
def far_cell_ods():
    book = with_far_cell("XFD1048576", 1048576, "A1:XFD1048576")
    data = lo_convert(book.to_bytes(), "xlsx", "ods", "ods")
    content = read_zip(data)["content.xml"].decode()
    assert FAR in content, "LibreOffice dropped the far cell"
    (OUT / "far-cell.ods").write_bytes(data)


def ods_table_span(content: str, name: str) -> tuple[int, int]:
    start = content.index(f'<table:table table:name="{name}"')
    return start, content.index("</table:table>", start)


ROW_RE = re.compile(r"<table:table-row\b[^>]*?(/>|>)")


@make("repeat-bomb.ods")
def repeat_bomb():
    parts = read_zip(lo_convert(RUO.read_bytes(), "xlsx", "ods", "ods"))
    content = parts["content.xml"].decode()
    start, end = ods_table_span(content, ACT)
    # find the end of the 30th row (header + 29 data rows); drop the empty rows after it
    pos, rows = start, 0
    while rows < 30:
        m = ROW_RE.search(content, pos, end)
        rows += int(re.search(r'table:number-rows-repeated="(\d+)"', m.group(0)).group(1)) \
            if "number-rows-repeated" in m.group(0) else 1
        pos = m.end() if m.group(1) == "/>" else content.index("</table:table-row>", m.end()) + 18
    assert rows == 30
    rest_end = content.find("<table:named-expressions>", pos, end)
    rest_end = end if rest_end < 0 else rest_end
    bomb = ('<table:table-row table:number-rows-repeated="1000000">'
            '<table:table-cell table:number-columns-repeated="16384" office:value-type="string" '
            'calcext:value-type="string"><text:p>бомба</text:p></table:table-cell>'
            "</table:table-row>")
    content = content[:pos] + bomb + content[rest_end:]
    parts["content.xml"] = content.encode()
    write_zip(OUT / "repeat-bomb.ods", parts, ods=True)


@make("clean.xlsb", "no-entry-for-key.xlsb")
def xlsb():
    write_zip(OUT / "clean.xlsb", xlsb_from_workbook(DSP))
    write_zip(OUT / "no-entry-for-key.xlsb", xlsb_from_workbook(DSP, bad_rel="rId9"))


STRICT = [
    # transitional -> strict (ISO/IEC 29500-1 Strict); the longest first
    ("http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties",
     "http://purl.oclc.org/ooxml/officeDocument/relationships/extendedProperties"),
    ("http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
     "http://purl.oclc.org/ooxml/officeDocument/extendedProperties"),
    ("http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes",
     "http://purl.oclc.org/ooxml/officeDocument/docPropsVTypes"),
    ("http://schemas.openxmlformats.org/officeDocument/2006/relationships",
     "http://purl.oclc.org/ooxml/officeDocument/relationships"),
    ("http://schemas.openxmlformats.org/spreadsheetml/2006/main",
     "http://purl.oclc.org/ooxml/spreadsheetml/main"),
    ("http://schemas.openxmlformats.org/drawingml/2006/main",
     "http://purl.oclc.org/ooxml/drawingml/main"),
]


@make("strict.xlsx")
def strict():
    # LibreOffice 7.4 cannot write Strict ("Office Open XML Spreadsheet" is import-only), so
    # the namespaces and relationship types are rewritten here. Package (OPC) namespaces and
    # the core-properties relationship stay as they are, as in Strict files saved by Excel.
    book = Book(RUO)
    for name, data in list(book.parts.items()):
        if name.endswith((".xml", ".rels")):
            text = data.decode()
            for old, new in STRICT:
                text = text.replace(old, new)
            book.put(name, text)
    wb = book.text("xl/workbook.xml")
    book.put("xl/workbook.xml", one(wb, "<workbook ", '<workbook conformance="strict" '))
    assert not any(b"schemas.openxmlformats.org/spreadsheetml" in d for d in book.parts.values())
    book.write(OUT / "strict.xlsx")


def cut(data: bytes) -> bytes:
    return data[: len(data) // 2]


@make("truncated-half.xlsx", "truncated-half.ods", "truncated-half.xls",
      "truncated-half.xlsb", "truncated-eocd.xlsx")
def truncated():
    (OUT / "truncated-half.xlsx").write_bytes(cut(RUO.read_bytes()))
    (OUT / "truncated-half.ods").write_bytes(cut(RZI.read_bytes()))
    (OUT / "truncated-half.xls").write_bytes(cut(MKB.read_bytes()))
    book = Book.__new__(Book)
    book.parts = xlsb_from_workbook(DSP)  # = clean.xlsb
    (OUT / "truncated-half.xlsb").write_bytes(cut(book.to_bytes()))
    # everything but the 22-byte end-of-central-directory record (the central directory stays)
    data = RUO.read_bytes()
    eocd = data.rindex(b"PK\x05\x06")
    assert len(data) - eocd == 22  # no zip comment
    (OUT / "truncated-eocd.xlsx").write_bytes(data[:eocd])


@make("garbage.xlsx")
def garbage():
    (OUT / "garbage.xlsx").write_bytes(random.Random(20250312).randbytes(40_000))


@make("empty.xlsx")
def empty():
    (OUT / "empty.xlsx").write_bytes(b"")


@make("zip-not-xlsx.xlsx")
def zip_not_xlsx():
    write_zip(OUT / "zip-not-xlsx.xlsx", {
        "Прочети ме.txt": "Това не е таблица, а архив с един текстов файл.\n".encode()})


def minimal_pdf(text: str) -> bytes:
    """A one-page PDF 1.4 with a correct xref table (ASCII text only)."""
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode()
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, obj in enumerate(objs, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


@make("pdf-renamed.xlsx")
def pdf_renamed():
    (OUT / "pdf-renamed.xlsx").write_bytes(
        minimal_pdf("RUO - Ruse: programme contribution (printed to PDF)"))


@make("docx-renamed.xlsx")
def docx_renamed():
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    r = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    pkg = "http://schemas.openxmlformats.org/package/2006/"
    parts = {
        "[Content_Types].xml":
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="{pkg}content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
            '</Types>',
        "_rels/.rels":
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{pkg}relationships">'
            f'<Relationship Id="rId1" Type="{r}/officeDocument" Target="word/document.xml"/>'
            '</Relationships>',
        "word/document.xml":
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{w}"><w:body>'
            '<w:p><w:r><w:t>РУО – Русе: дейности за програмата (писмо вместо таблица)</w:t></w:r></w:p>'
            '<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Дейност</w:t></w:r></w:p></w:tc>'
            '<w:tc><w:p><w:r><w:t>Срок</w:t></w:r></w:p></w:tc></w:tr>'
            '<w:tr><w:tc><w:p><w:r><w:t>Улесняване достъпа на децата</w:t></w:r></w:p></w:tc>'
            '<w:tc><w:p><w:r><w:t>2025 г.-2026 г.</w:t></w:r></w:p></w:tc></w:tr></w:tbl>'
            '<w:sectPr/></w:body></w:document>',
    }
    write_zip(OUT / "docx-renamed.xlsx", {k: v.encode() for k, v in parts.items()})


@make("resaved-by-libreoffice.xlsx", "resaved-by-libreoffice.ods", "resaved-by-libreoffice.xls")
def resaved():
    src = RUO.read_bytes()
    (OUT / "resaved-by-libreoffice.xlsx").write_bytes(
        lo_convert(src, "xlsx", "xlsx:Calc Office Open XML", "xlsx"))
    (OUT / "resaved-by-libreoffice.ods").write_bytes(lo_convert(src, "xlsx", "ods", "ods"))
    (OUT / "resaved-by-libreoffice.xls").write_bytes(ruo_as_xls())


@make("charts-only.xlsx")
def charts_only():
    # openpyxl cannot save a workbook without a worksheet (and its charts need one for their
    # data), so the package is written by hand: one chartsheet, its drawing, and a bar chart
    # whose numbers and categories are literals (c:numLit/c:strLit), not cell references.
    ns = "http://schemas.openxmlformats.org/"
    rel = f"{ns}officeDocument/2006/relationships"
    ct = "application/vnd.openxmlformats-officedocument."
    cats = ["1.4.1", "1.5.1", "1.5.5", "1.6.4", "1.7.1"]
    vals = [850, 400, 350, 750, 350]
    str_lit = "".join(f'<c:pt idx="{i}"><c:v>{c}</c:v></c:pt>' for i, c in enumerate(cats))
    num_lit = "".join(f'<c:pt idx="{i}"><c:v>{v}</c:v></c:pt>' for i, v in enumerate(vals))
    xml = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    parts = {
        "[Content_Types].xml": xml +
            f'<Types xmlns="{ns}package/2006/content-types">'
            f'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            f'<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{ct}spreadsheetml.sheet.main+xml"/>'
            f'<Override PartName="/xl/chartsheets/sheet1.xml" ContentType="{ct}spreadsheetml.chartsheet+xml"/>'
            f'<Override PartName="/xl/drawings/drawing1.xml" ContentType="{ct}drawing+xml"/>'
            f'<Override PartName="/xl/charts/chart1.xml" ContentType="{ct}drawingml.chart+xml"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{ct}spreadsheetml.styles+xml"/>'
            '</Types>',
        "_rels/.rels": xml +
            f'<Relationships xmlns="{ns}package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/>'
            '</Relationships>',
        "xl/workbook.xml": xml +
            f'<workbook xmlns="{ns}spreadsheetml/2006/main" xmlns:r="{rel}">'
            '<bookViews><workbookView/></bookViews>'
            '<sheets><sheet name="Диаграма" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": xml +
            f'<Relationships xmlns="{ns}package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/chartsheet" Target="chartsheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{rel}/styles" Target="styles.xml"/>'
            '</Relationships>',
        "xl/styles.xml": xml +
            f'<styleSheet xmlns="{ns}spreadsheetml/2006/main">'
            '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
            '<fills count="2"><fill><patternFill patternType="none"/></fill>'
            '<fill><patternFill patternType="gray125"/></fill></fills>'
            '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
            '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
            '</styleSheet>',
        "xl/chartsheets/sheet1.xml": xml +
            f'<chartsheet xmlns="{ns}spreadsheetml/2006/main" xmlns:r="{rel}">'
            '<sheetPr/><sheetViews><sheetView zoomToFit="1" workbookViewId="0"/></sheetViews>'
            '<drawing r:id="rId1"/></chartsheet>',
        "xl/chartsheets/_rels/sheet1.xml.rels": xml +
            f'<Relationships xmlns="{ns}package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/drawing" Target="../drawings/drawing1.xml"/>'
            '</Relationships>',
        "xl/drawings/drawing1.xml": xml +
            f'<xdr:wsDr xmlns:xdr="{ns}drawingml/2006/spreadsheetDrawing" '
            f'xmlns:a="{ns}drawingml/2006/main" xmlns:c="{ns}drawingml/2006/chart" xmlns:r="{rel}">'
            '<xdr:absoluteAnchor><xdr:pos x="0" y="0"/><xdr:ext cx="9308969" cy="6078325"/>'
            '<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="2" name="Диаграма 1"/>'
            '<xdr:cNvGraphicFramePr><a:graphicFrameLocks noGrp="1"/></xdr:cNvGraphicFramePr>'
            '</xdr:nvGraphicFramePr><xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm>'
            f'<a:graphic><a:graphicData uri="{ns}drawingml/2006/chart">'
            '<c:chart r:id="rId1"/></a:graphicData></a:graphic></xdr:graphicFrame>'
            '<xdr:clientData/></xdr:absoluteAnchor></xdr:wsDr>',
        "xl/drawings/_rels/drawing1.xml.rels": xml +
            f'<Relationships xmlns="{ns}package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/chart" Target="../charts/chart1.xml"/>'
            '</Relationships>',
        "xl/charts/chart1.xml": xml +
            f'<c:chartSpace xmlns:c="{ns}drawingml/2006/chart" xmlns:a="{ns}drawingml/2006/main" '
            f'xmlns:r="{rel}"><c:chart><c:title><c:tx><c:rich><a:bodyPr/><a:p><a:r>'
            '<a:t>Целеви стойности, РУО – Русе</a:t></a:r></a:p></c:rich></c:tx>'
            '<c:overlay val="0"/></c:title><c:autoTitleDeleted val="0"/><c:plotArea><c:layout/>'
            '<c:barChart><c:barDir val="col"/><c:grouping val="clustered"/><c:varyColors val="0"/>'
            '<c:ser><c:idx val="0"/><c:order val="0"/><c:tx><c:v>Целева стойност</c:v></c:tx>'
            f'<c:cat><c:strLit><c:ptCount val="{len(cats)}"/>{str_lit}</c:strLit></c:cat>'
            f'<c:val><c:numLit><c:formatCode>General</c:formatCode><c:ptCount val="{len(vals)}"/>'
            f'{num_lit}</c:numLit></c:val></c:ser>'
            '<c:axId val="10"/><c:axId val="20"/></c:barChart>'
            '<c:catAx><c:axId val="10"/><c:scaling><c:orientation val="minMax"/></c:scaling>'
            '<c:delete val="0"/><c:axPos val="b"/><c:crossAx val="20"/></c:catAx>'
            '<c:valAx><c:axId val="20"/><c:scaling><c:orientation val="minMax"/></c:scaling>'
            '<c:delete val="0"/><c:axPos val="l"/><c:crossAx val="10"/></c:valAx>'
            '</c:plotArea><c:plotVisOnly val="1"/></c:chart></c:chartSpace>',
    }
    write_zip(OUT / "charts-only.xlsx", {k: v.encode() for k, v in parts.items()})


def add_cell_xf(book: Book, xf_xml: str, fill: str | None = None) -> int:
    """Adds a cell XF (and a fill) to styles.xml; returns the XF's index."""
    styles = book.text("xl/styles.xml")
    if fill is not None:
        n = int(re.search(r'<fills count="(\d+)"', styles).group(1))
        styles = one(styles, f'<fills count="{n}">', f'<fills count="{n + 1}">')
        styles = one(styles, "</fills>", fill + "</fills>")
        xf_xml = xf_xml.replace("FILL", str(n))
    n = int(re.search(r'<cellXfs count="(\d+)"', styles).group(1))
    styles = one(styles, f'<cellXfs count="{n}">', f'<cellXfs count="{n + 1}">')
    styles = one(styles, "</cellXfs>", xf_xml + "</cellXfs>")
    book.put("xl/styles.xml", styles)
    return n


def col_letter(i: int) -> str:
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


@make("empty-styled-rows.xlsx")
def empty_styled_rows():
    book = Book(RUO)
    s = add_cell_xf(book, '<xf numFmtId="0" fontId="0" fillId="FILL" borderId="1" xfId="0" '
                          'applyFill="1" applyBorder="1"/>',
                    fill='<fill><patternFill patternType="solid"><fgColor rgb="FFFFF2CC"/>'
                         '<bgColor indexed="64"/></patternFill></fill>')
    last = 30 + 50_000
    # The cells carry no `r` (the schema allows it; the reader counts columns): with
    # r="A31"… on all 850,000 cells the file would be 2.1 MB instead of 0.15 MB.
    rows = "".join(f'<row r="{r}" spans="1:17">' + f'<c s="{s}"/>' * 17 + "</row>"
                   for r in range(31, last + 1))
    xml = book.sheet(ACT)
    xml = one(xml, '<dimension ref="A1:Q30"/>', f'<dimension ref="A1:Q{last}"/>')
    xml = one(xml, "</sheetData>", rows + "</sheetData>")
    book.put_sheet(ACT, xml)
    book.write(OUT / "empty-styled-rows.xlsx")


def add_sheet(book: Book, name: str, sheet_xml: str, state: str, after: str) -> None:
    rels = book.text("xl/_rels/workbook.xml.rels")
    ids = [int(i) for i in re.findall(r'Id="rId(\d+)"', rels)]
    rid = f"rId{max(ids) + 1}"
    n = len(re.findall(r"<sheet ", book.text("xl/workbook.xml"))) + 1
    part = f"worksheets/sheet{n}.xml"
    assert "xl/" + part not in book.parts
    rels = one(rels, "</Relationships>",
               f'<Relationship Id="{rid}" Type="http://schemas.openxmlformats.org/officeDocument/'
               f'2006/relationships/worksheet" Target="{part}"/></Relationships>')
    book.put("xl/_rels/workbook.xml.rels", rels)
    wb = book.text("xl/workbook.xml")
    m = re.search(r'<sheet name="%s"[^>]*/>' % re.escape(after), wb)
    wb = wb[:m.end()] + f'<sheet name="{name}" sheetId="{n}" state="{state}" r:id="{rid}"/>' \
        + wb[m.end():]
    book.put("xl/workbook.xml", wb)
    ct = book.text("[Content_Types].xml")
    ct = one(ct, "</Types>", f'<Override PartName="/xl/{part}" ContentType="application/vnd.'
                             'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
    book.put("[Content_Types].xml", ct)
    book.put("xl/" + part, sheet_xml)


def hide_row(xml: str, r: int) -> str:
    new, n = re.subn(r'(<row r="%d"[^>]*?)>' % r, r'\1 hidden="1">', xml)
    assert n == 1, r
    return new


def inline_row(r: int, values: list[str]) -> str:
    return f'<row r="{r}">' + "".join(
        f'<c r="{col_letter(c)}{r}" t="inlineStr"><is><t>{escape(v)}</t></is></c>'
        for c, v in enumerate(values) if v) + "</row>"


@make("hidden-rows-cols.xlsx")
def hidden_rows_cols():
    book = Book(RUO)
    xml = book.sheet(ACT)
    for r in (3, 4):
        xml = hide_row(xml, r)
    xml = one(xml, '<col min="17" max="17" width="30.7109375" style="10" customWidth="1"/>',
              '<col min="17" max="17" width="30.7109375" style="10" hidden="1" customWidth="1"/>')
    book.put_sheet(ACT, xml)
    draft = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             '<dimension ref="A1:D3"/><sheetData>'
             + inline_row(1, ["Чернова (не е за изпращане)", "", "", ""])
             + inline_row(2, ["№ на дейност", "Дейност", "Срок", "Водеща институция"])
             + inline_row(3, ["1.4.1", "Стар вариант на дейността", "2024 г.", "РУО – Русе"])
             + "</sheetData></worksheet>")
    add_sheet(book, "Чернова", draft, "hidden", after=ACT)
    book.write(OUT / "hidden-rows-cols.xlsx")


@make("autofilter.xlsx")
def autofilter():
    openpyxl = need("openpyxl", "pip install openpyxl")
    shown = ["РУО – Русе", "РУО-Русе", "РУО - Русе"]
    ws = openpyxl.load_workbook(RUO)[ACT]
    hide = [r for r in range(2, 31) if ws.cell(r, 15).value not in (None, *shown)]
    book = Book(RUO)
    xml = book.sheet(ACT)
    for r in hide:
        xml = hide_row(xml, r)
    xml = one(xml, "<sheetPr>", '<sheetPr filterMode="1">')
    filt = ('<autoFilter ref="A1:Q30"><filterColumn colId="14"><filters blank="1">'
            + "".join(f'<filter val="{v}"/>' for v in shown)
            + "</filters></filterColumn></autoFilter>")
    xml = one(xml, "<dataValidations ", filt + "<dataValidations ")
    book.put_sheet(ACT, xml)
    wb = book.text("xl/workbook.xml")
    wb = one(wb, "<definedNames>",
             '<definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="2" '
             "hidden=\"1\">Дейности!$A$1:$Q$30</definedName>")
    book.put("xl/workbook.xml", wb)
    book.write(OUT / "autofilter.xlsx")
    print(f"  autofilter.xlsx: rows hidden by the filter: {hide}")


@make("password.xlsx")
def password_xlsx():
    msoffcrypto = need("msoffcrypto", "pip install msoffcrypto-tool")
    from msoffcrypto.method import ecma376_agile

    from msoffcrypto.method.container import ecma376_encrypted

    # deterministic: seeded salts and key, and a fixed time stamp in the compound file
    rng = random.Random(20250312)
    ecma376_agile._random_buffer = lambda n: rng.randbytes(n)

    class Fixed(dt.datetime):
        @classmethod
        def now(cls, tz=None):
            return cls(2025, 3, 12)

    ecma376_encrypted.datetime = Fixed
    out = io.BytesIO()
    with open(RUO, "rb") as f:
        msoffcrypto.OfficeFile(f).encrypt("zakrila", out)
    (OUT / "password.xlsx").write_bytes(out.getvalue())


@make("password.ods")
def password_ods():
    data = lo_save_with_password(RUO.read_bytes(), "xlsx", "calc8", "ods", "zakrila")
    manifest = read_zip(data)["META-INF/manifest.xml"]
    assert b"manifest:encryption-data" in manifest, "LibreOffice did not encrypt the .ods"
    (OUT / "password.ods").write_bytes(data)


BULLETS = "• първо\n• второ\n• трето"


def line_breaks_book() -> Book:
    book = Book(RUO)
    sst = book.text("xl/sharedStrings.xml")
    m = re.search(r'count="(\d+)" uniqueCount="(\d+)"', sst)
    count, unique = int(m.group(1)), int(m.group(2))
    sst = one(sst, m.group(0), f'count="{count + 1}" uniqueCount="{unique + 1}"')
    sst = one(sst, "</sst>", f"<si><t>{BULLETS}</t></si></sst>")
    book.put("xl/sharedStrings.xml", sst)
    sis = sst.split("<si>")
    sis[96] = f"<t>{BULLETS}</t></si>"     # D2, Дейност, was used once
    book.put("xl/sharedStrings.xml", "<si>".join(sis))
    # F2 (Очакван резултат) is empty in the sample: it gets the new string (index `unique`)
    xml = book.sheet(ACT)
    xml = one(xml, '<c r="E2" s="10" t="s"><v>56</v></c>',
              f'<c r="E2" s="10" t="s"><v>56</v></c><c r="F2" s="10" t="s"><v>{unique}</v></c>')
    book.put_sheet(ACT, xml)
    return book


@make("line-breaks.xlsx", "line-breaks.ods")
def line_breaks():
    # style 10 of the sample (every data cell) already has wrapText="1"
    book = line_breaks_book()
    cell_xfs = re.search(r"<cellXfs.*</cellXfs>", book.text("xl/styles.xml")).group(0)
    assert 'wrapText="1"' in cell_xfs.split("<xf ")[1 + 10]
    book.write(OUT / "line-breaks.xlsx")
    data = lo_convert((OUT / "line-breaks.xlsx").read_bytes(), "xlsx", "ods", "ods")
    assert "<text:p>• второ</text:p>" in read_zip(data)["content.xml"].decode()
    (OUT / "line-breaks.ods").write_bytes(data)


# --------------------------------------------------------------------------------------------


def main(argv: list[str]) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    wanted = set(argv)
    known = {n for names, _ in MAKERS for n in names}
    unknown = wanted - known
    if unknown:
        raise SystemExit(f"make.py: unknown file(s) {sorted(unknown)}; known: {sorted(known)}")
    skipped = []
    try:
        for names, fn in MAKERS:
            if wanted and not wanted & set(names):
                continue
            print("making", ", ".join(names))
            try:
                fn()
            except Missing as err:
                print(f"  SKIPPED: {err}")
                skipped += names
    finally:
        if _PROFILE is not None:
            shutil.rmtree(_PROFILE, ignore_errors=True)
    total = sum(p.stat().st_size for p in OUT.iterdir() if p.is_file())
    print(f"{len(list(OUT.iterdir()))} files in {OUT.relative_to(ROOT)}, {total:,} bytes")
    if skipped:
        raise SystemExit(f"make.py: not made (see SKIPPED above): {', '.join(skipped)}")


if __name__ == "__main__":
    main(sys.argv[1:])
