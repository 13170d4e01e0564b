"""Drop version needs that no symbol uses any more (a step of installer/floor-patch.sh).

`patchelf --clear-symbol-version SYM` only resets SYM's entry in `.gnu.version`; the `GLIBC_2.29` /
`GLIBC_2.30` entry stays in `.gnu.version_r`, and the loader refuses the file on a C library without
that version ("version GLIBC_2.30 not found") although nothing asks for it. This removes such entries
(the given version names, only when no `.gnu.version` slot refers to their index any more) from their
file's chain; when an entry is the only one of its file, it is renamed to the oldest version of the
same family that the library already needs elsewhere in the file (GLIBC_2.17 on aarch64), which every
C library of that architecture has. Refuses when a version to drop is still used by a symbol.

    python3 installer/floor_verneed.py FILE VERSION...      e.g. libQt6Core.so.6 GLIBC_2.29 GLIBC_2.30
Prints what it changed; exit 1 on a version still in use.
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path


def _sections(data: bytes) -> tuple[list[tuple[int, ...]], dict[str, int]]:
    """A little-endian ELF64 file's section headers, and their indexes by name."""
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        raise SystemExit("not a little-endian ELF64 file")
    (shoff,) = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3A)
    raw = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)]
    stroff = raw[shstrndx][4]
    return raw, {_cstr(data, stroff + h[0]): i for i, h in enumerate(raw)}


def _cstr(data: bytes | bytearray, off: int) -> str:
    return data[off : data.index(b"\0", off)].decode()


def prune(path: Path, drop: set[str]) -> list[str]:
    data = bytearray(path.read_bytes())
    raw, index = _sections(bytes(data))
    if ".gnu.version_r" not in index or ".gnu.version" not in index:
        return []
    vr = raw[index[".gnu.version_r"]]
    vr_off, dynstr = vr[4], raw[vr[6]][4]
    v_off, v_size = raw[index[".gnu.version"]][4:6]
    used = {struct.unpack_from("<H", data, v_off + 2 * i)[0] & 0x7FFF for i in range(v_size // 2)}
    # every (verneed offset, [aux offsets]) chain
    chains: list[tuple[int, list[int]]] = []
    vn = vr_off
    while True:
        _ver, cnt, _file, aux, nxt = struct.unpack_from("<HHIII", data, vn)
        auxes, a = [], vn + aux
        for _ in range(cnt):
            auxes.append(a)
            a_next = struct.unpack_from("<I", data, a + 12)[0]
            a += a_next
        chains.append((vn, auxes))
        if not nxt:
            break
        vn += nxt
    names = {
        a: _cstr(data, dynstr + struct.unpack_from("<I", data, a + 8)[0]) for _, ax in chains for a in ax
    }
    done: list[str] = []
    for vn, auxes in chains:
        lib = _cstr(data, dynstr + struct.unpack_from("<I", data, vn + 4)[0])
        for a in list(auxes):
            name = names[a]
            if name not in drop:
                continue
            other = struct.unpack_from("<H", data, a + 6)[0]
            if other in used:
                raise SystemExit(f"{path.name}: {lib} {name} (index {other}) is still used by a symbol")
            if len(auxes) > 1:
                i = auxes.index(a)
                if i == 0:  # the chain now starts at the next entry
                    struct.pack_into("<I", data, vn + 8, a - vn + struct.unpack_from("<I", data, a + 12)[0])
                else:  # the previous entry skips this one
                    prev = auxes[i - 1]
                    nxt = struct.unpack_from("<I", data, a + 12)[0]
                    struct.pack_into("<I", data, prev + 12, (a - prev) + nxt if nxt else 0)
                auxes.remove(a)
                struct.pack_into("<H", data, vn + 2, len(auxes))
                done.append(f"{lib} {name}: removed")
            else:  # the file's only entry for this library: rename it to the family's oldest in the file
                family = name.rsplit("_", 1)[0] + "_"
                same = [b for b in names if names[b].startswith(family) and names[b] not in drop]
                if not same:
                    raise SystemExit(f"{path.name}: no other {family} version to rename {lib} {name} to")
                oldest = min(same, key=lambda b: [int(x) for x in names[b][len(family) :].split(".")])
                hash_, _fl, _o, name_off, _n = struct.unpack_from("<IHHII", data, oldest)
                struct.pack_into("<I", data, a, hash_)
                struct.pack_into("<I", data, a + 8, name_off)
                done.append(f"{lib} {name}: renamed to {names[oldest]}")
    if done:
        path.write_bytes(bytes(data))
    return done


def main(argv: list[str]) -> int:
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    for line in prune(Path(argv[1]), set(argv[2:])):
        print(f"{Path(argv[1]).name}: {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
