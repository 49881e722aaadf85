#!/usr/bin/env python3
"""Packs a folder into a reproducible .tar.gz or .zip: the same folder gives the same bytes.

Usage: archive.py FOLDER OUTPUT.tar.gz|OUTPUT.zip EPOCH

The archive holds FOLDER itself (its name is the top folder inside). What makes it
reproducible, whatever the files' times, owners and the order the file system lists them:

- entries sorted by path, folders before what is in them;
- every time EPOCH (seconds since 1970, e.g. the last commit's: SOURCE_DATE_EPOCH);
- owner and group 0 with no names, modes 0755 (folders, executables) or 0644;
- tar in the GNU format, gzip with no file name and EPOCH as its time;
- zip entries deflated at level 9, made on "Unix" (so the modes are kept), names in UTF-8
  (the flag is set for the Cyrillic ones), no extra fields.

Python's tarfile and zipfile (the standard library) rather than the tar and zip programs:
their metadata is set here, entry by entry, with no options that differ between versions.
"""

import gzip
import io
import os
import stat
import sys
import tarfile
import time
import zipfile


def entries(folder):
    """(path inside the archive, path on disk, is a folder), sorted, folders first."""
    top = os.path.basename(os.path.normpath(folder))
    found = [(top, folder, True)]
    for parent, dirs, files in os.walk(folder):
        dirs.sort()
        inside = os.path.relpath(parent, os.path.dirname(os.path.normpath(folder)))
        for name in dirs:
            found.append((f"{inside}/{name}".replace(os.sep, "/"), os.path.join(parent, name), True))
        for name in sorted(files):
            found.append((f"{inside}/{name}".replace(os.sep, "/"), os.path.join(parent, name), False))
    return sorted(found, key=lambda entry: entry[0].split("/"))


def mode(path, is_dir):
    if is_dir or os.stat(path).st_mode & stat.S_IXUSR:
        return 0o755
    return 0o644


def write_tar_gz(folder, output, epoch):
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.GNU_FORMAT, encoding="utf-8") as tar:
        for name, path, is_dir in entries(folder):
            info = tarfile.TarInfo(name + ("/" if is_dir else ""))
            info.mtime = epoch
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            info.mode = mode(path, is_dir)
            if is_dir:
                info.type = tarfile.DIRTYPE
                tar.addfile(info)
            else:
                with open(path, "rb") as file:
                    data = file.read()
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
    with open(output, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=9, mtime=epoch) as gz:
            gz.write(buffer.getvalue())


def write_zip(folder, output, epoch):
    # A zip's times are local DOS times from 1980 on, in two-second steps.
    when = time.gmtime(max(epoch, 315532800))[:6]
    with zipfile.ZipFile(output, "w") as archive:
        for name, path, is_dir in entries(folder):
            info = zipfile.ZipInfo(name + ("/" if is_dir else ""), date_time=when)
            info.create_system = 3
            info.external_attr = ((stat.S_IFDIR if is_dir else stat.S_IFREG) | mode(path, is_dir)) << 16
            if is_dir:
                info.external_attr |= 0x10  # the MS-DOS folder flag
                info.compress_type = zipfile.ZIP_STORED
                archive.writestr(info, b"")
            else:
                info.compress_type = zipfile.ZIP_DEFLATED
                with open(path, "rb") as file:
                    archive.writestr(info, file.read(), compresslevel=9)


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    folder, output, epoch = sys.argv[1], sys.argv[2], int(sys.argv[3])
    if output.endswith(".tar.gz"):
        write_tar_gz(folder, output, epoch)
    elif output.endswith(".zip"):
        write_zip(folder, output, epoch)
    else:
        sys.exit(f"archive.py: {output}: .tar.gz or .zip expected")


if __name__ == "__main__":
    main()
