"""A CSV's encoding and separator, found from its bytes rather than assumed.

Excel saves text in several ways: "CSV UTF-8" (UTF-8 with a byte-order mark), plain "CSV"
(the Windows code page: Latin-1 / cp1252 in Western Europe, semicolons where the comma is
the decimal mark) and "Unicode Text" (UTF-16 with a byte-order mark, tab separated). The
encoding comes from the byte-order mark, else the pattern of zero bytes (UTF-16 without
one), else a check of the whole file as UTF-8 (streamed, so a late "é" is not missed), else
cp1252. Rows are then streamed with lines bounded in length, so no single line of a
hostile file can take unbounded memory.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import count
from pathlib import Path
from typing import Any

from skillmatrix.core.errors import ImportProblem

#: Bytes read to find the encoding and the separator.
SAMPLE_BYTES = 64 * 1024
#: The longest line read (a 300-competency row with notes is a few kilobytes).
MAX_LINE_CHARS = 1 * 2**20
DELIMITERS = ",;\t|"
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(frozen=True)
class TextFormat:
    """How a text file is to be read: ``encoding`` for :func:`open` and a csv dialect."""

    encoding: str
    dialect: Any


def detect(path: Path) -> TextFormat:
    """The encoding and dialect of ``path``; raises ImportProblem if it is not text."""
    with path.open("rb") as fh:
        head = fh.read(SAMPLE_BYTES)
    encoding = _encoding(path, head)
    sample = head.decode(encoding, errors="replace")
    if len(head) == SAMPLE_BYTES:  # a multi-byte character may be cut at the end
        sample = sample[: max(sample.rfind("\n"), 0) or len(sample)]
    return TextFormat(encoding, _dialect(sample, path.suffix.lower()))


def _encoding(path: Path, head: bytes) -> str:
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name
    if b"\x00" in head[:4096]:
        wide = _utf16_without_bom(head[:4096])
        if wide is None:
            raise ImportProblem(f"{path.name}: is not a text (CSV) file")
        return wide
    return "utf-8" if _all_utf8(path) else "cp1252"


def _utf16_without_bom(head: bytes) -> str | None:
    """UTF-16 of mostly ASCII text has a zero in every other byte; binary files do not."""
    even, odd = head[0::2], head[1::2]
    if not odd:
        return None
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def _all_utf8(path: Path) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with path.open("rb") as fh:
            while chunk := fh.read(2**20):
                decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _dialect(sample: str, suffix: str) -> Any:
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS)
    except csv.Error:
        pass
    # One column or ragged rows defeat the sniffer: go by the separators of the first line.
    first = next((line for line in sample.splitlines() if line.strip()), "")
    counts = {d: first.count(d) for d in DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    if counts[best] == 0:
        return csv.excel_tab if suffix == ".tsv" else csv.excel
    return csv.excel_tab if best == "\t" else type("sniffed", (csv.excel,), {"delimiter": best})


def rows(path: Path, fmt: TextFormat) -> Iterator[list[str]]:
    """The file's records, each line at most MAX_LINE_CHARS long (raises ImportProblem)."""
    name = path.name
    with path.open(encoding=fmt.encoding, errors="replace", newline="") as fh:
        try:
            yield from csv.reader(_lines(fh, name), fmt.dialect)
        except csv.Error as exc:
            raise ImportProblem(f"{name}: is not a valid CSV file ({exc})") from None


def _lines(fh: Any, name: str) -> Iterator[str]:
    for number in count(1):
        line = fh.readline(MAX_LINE_CHARS + 1)
        if not line:
            return
        if len(line) > MAX_LINE_CHARS:
            raise ImportProblem(
                f"{name}: line {number:,} is longer than {MAX_LINE_CHARS // 2**20} MiB "
                "of text; this is not a table of ratings"
            )
        yield line
