"""Just enough of ELF (64-bit, little-endian: the x86-64 and arm64 Linux builds) for build.spec's trimming."""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

ELF_MAGIC = b"\x7fELF"
PT_LOAD = 1


@dataclass(frozen=True)
class Section:
    name: str
    address: int
    offset: int
    size: int


def is_elf(path: str | Path) -> bool:
    try:
        with open(path, "rb") as f:
            return f.read(4) == ELF_MAGIC
    except OSError:
        return False


def _header(data: bytes) -> tuple[int, int, int, int, int, int, int]:
    if data[:4] != ELF_MAGIC or data[4] != 2 or data[5] != 1:
        raise ValueError("not a 64-bit little-endian ELF file")
    # e_phoff, e_shoff, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx
    phoff, shoff = struct.unpack_from("<QQ", data, 0x20)
    phentsize, phnum, shentsize, shnum, shstrndx = struct.unpack_from("<HHHHH", data, 0x36)
    return phoff, shoff, phentsize, phnum, shentsize, shnum, shstrndx


def loadable_segments_aligned(path: str | Path) -> bool:
    """Whether every PT_LOAD segment's file offset and address agree modulo its alignment.

    The dynamic linker refuses a library where they do not ("ELF load command
    address/offset not page-aligned"): what `strip` makes of some libraries
    that auditwheel's patchelf has rewritten (numpy's OpenBLAS).
    """
    data = Path(path).read_bytes()
    phoff, _, phentsize, phnum, *_ = _header(data)
    for i in range(phnum):
        p_type, _flags, p_offset, p_vaddr, _paddr, _filesz, _memsz, p_align = struct.unpack_from(
            "<IIQQQQQQ", data, phoff + i * phentsize)
        if p_type == PT_LOAD and p_align > 1 and p_offset % p_align != p_vaddr % p_align:
            return False
    return True


def sections(path: str | Path) -> list[Section]:
    data = Path(path).read_bytes()
    _, shoff, _, _, shentsize, shnum, shstrndx = _header(data)
    raw = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)]
    names_offset = raw[shstrndx][4]
    found = []
    for sh_name, _type, _flags, sh_addr, sh_offset, sh_size, *_ in raw:
        end = data.index(b"\0", names_offset + sh_name)
        found.append(Section(data[names_offset + sh_name:end].decode(), sh_addr, sh_offset, sh_size))
    return found


def file_range(path: str | Path, address: int, size: int) -> tuple[int, int]:
    """Where the ``size`` bytes at virtual ``address`` are in the file (start, end)."""
    for section in sections(path):
        if section.address <= address and address + size <= section.address + section.size and section.address:
            start = section.offset + (address - section.address)
            return start, start + size
    raise ValueError(f"no section of {path} holds {size} bytes at {address:#x}")
