"""A small ESC/POS decoder for tests: walks the bytes and reports text, QR codes, images, cuts."""

from __future__ import annotations

from dataclasses import dataclass, field

ESC, GS, LF = 0x1B, 0x1D, 0x0A

#: ESC t table numbers understood by the decoder (Epson numbering).
TABLES: dict[int, str] = {0: "cp437", 17: "cp866", 44: "cp1125", 46: "cp1251", 73: "cp1251"}


@dataclass(frozen=True)
class TextLine:
    """A printed line with the style active when it ended."""

    text: str
    align: int
    bold: bool
    size: int
    codepage: str


@dataclass(frozen=True)
class RasterImage:
    """A GS v 0 raster image."""

    width_dots: int
    height: int
    data: bytes

    @property
    def dark_pixels(self) -> int:
        """Count the printed (set) dots."""
        return sum(bin(b).count("1") for b in self.data)


@dataclass
class Decoded:
    """Everything a decoded job would print."""

    styled: list[TextLine] = field(default_factory=list)
    qr_payloads: list[str] = field(default_factory=list)
    images: list[RasterImage] = field(default_factory=list)
    cuts: int = 0
    ends_with_cut: bool = False
    code_pages: list[int] = field(default_factory=list)
    unknown: list[bytes] = field(default_factory=list)

    @property
    def lines(self) -> list[str]:
        """Return the printed text lines."""
        return [line.text for line in self.styled]

    @property
    def cut(self) -> bool:
        """Return whether the job cuts the paper."""
        return self.cuts > 0


class _Walker:
    def __init__(self, data: bytes, tables: dict[int, str]) -> None:
        self.data, self.pos, self.tables = data, 0, tables
        self.out = Decoded()
        self.buffer = bytearray()
        self.reset()

    def reset(self) -> None:
        self.codepage, self.align, self.bold, self.size = "cp437", 0, False, 1

    def take(self, n: int) -> bytes:
        chunk = self.data[self.pos : self.pos + n]
        if len(chunk) < n:
            raise ValueError(f"truncated command at byte {self.pos}")
        self.pos += n
        return chunk

    def flush(self) -> None:
        text = bytes(self.buffer).decode(self.codepage)
        self.out.styled.append(TextLine(text, self.align, self.bold, self.size, self.codepage))
        self.buffer.clear()

    def run(self) -> Decoded:
        while self.pos < len(self.data):
            byte = self.take(1)[0]
            self.out.ends_with_cut = False
            if byte == LF:
                self.flush()
            elif byte == ESC:
                self.esc(self.take(1))
            elif byte == GS:
                self.gs(self.take(1))
            elif byte < 0x20:
                self.out.unknown.append(bytes([byte]))
            else:
                self.buffer.append(byte)
        if self.buffer:
            self.flush()
        return self.out

    def esc(self, cmd: bytes) -> None:
        if cmd == b"@":
            self.reset()
        elif cmd == b"t":
            table = self.take(1)[0]
            self.out.code_pages.append(table)
            self.codepage = self.tables[table]
        elif cmd == b"a":
            self.align = self.take(1)[0] % 48
        elif cmd == b"E":
            self.bold = bool(self.take(1)[0] & 1)
        elif cmd == b"!":
            mode = self.take(1)[0]
            self.bold = bool(mode & 0x08)
            self.size = 2 if mode & 0x30 else 1
        elif cmd == b"d":
            for _ in range(self.take(1)[0]):
                self.flush()
        else:
            self.out.unknown.append(b"\x1b" + cmd)

    def gs(self, cmd: bytes) -> None:
        if cmd == b"!":
            self.size = (self.take(1)[0] & 0x0F) + 1
        elif cmd == b"(":
            self.gs_paren(self.take(1))
        elif cmd == b"V":
            mode = self.take(1)[0]
            if mode in (65, 66, 97, 98, 103, 104):
                self.take(1)
            self.out.cuts += 1
            self.out.ends_with_cut = True
        elif cmd == b"v":
            if self.take(1) != b"0":
                raise ValueError("only GS v 0 is understood")
            self.take(1)  # density mode
            x_bytes = int.from_bytes(self.take(2), "little")
            height = int.from_bytes(self.take(2), "little")
            data = self.take(x_bytes * height)
            self.out.images.append(RasterImage(x_bytes * 8, height, data))
        else:
            self.out.unknown.append(b"\x1d" + cmd)

    def gs_paren(self, kind: bytes) -> None:
        length = int.from_bytes(self.take(2), "little")
        body = self.take(length)
        if kind == b"k" and body[:2] == b"1P":  # cn=49 (QR), fn=80: store data
            self.out.qr_payloads.append(body[3:].decode("utf-8"))
        elif kind != b"k":
            self.out.unknown.append(b"\x1d(" + kind)


def decode(data: bytes, tables: dict[int, str] | None = None) -> Decoded:
    """Decode an ESC/POS job into lines, QR payloads, images and cuts."""
    return _Walker(data, tables or TABLES).run()
