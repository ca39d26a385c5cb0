"""Text that is safe to show on a terminal: no escape sequences, nothing unencodable."""

from __future__ import annotations

import re
from typing import Any, TextIO

# C0 and C1 controls (ESC, CSI, BEL, backspace, carriage return...), DEL, lone surrogates (from
# undecodable file names), and the bidirectional overrides that reorder what a reader sees.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    ch = match.group()
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def printable(text: str, *, keep_newlines: bool = True) -> str:
    """`text` with every control character shown as `\\xNN` / `\\uNNNN` instead of sent raw.

    Newlines (and tabs) are kept unless `keep_newlines` is False; an escape character can no
    longer start a terminal escape sequence, and a non-UTF-8 byte of a file name shows as `\\xNN`.
    """
    out = _UNSAFE.sub(_escape, text)
    if not keep_newlines:
        out = out.replace("\n", "\\n").replace("\t", "\\t")
    return out


def has_control(text: str) -> int:
    """Index of the first character `printable` would escape (newlines and tabs allowed), or -1."""
    match = _UNSAFE.search(text)
    return match.start() if match else -1


class PrintableStream:
    """A text stream wrapper whose `write` passes everything through `printable`.

    Every other attribute (`fileno`, `isatty`, `encoding`, `buffer`...) is the wrapped stream's.
    """

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    @property
    def wrapped(self) -> TextIO:
        """The stream written to."""
        return self._stream

    def write(self, text: str) -> int:
        self._stream.write(printable(text))
        return len(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)
