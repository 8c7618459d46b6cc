"""Small FIT files cut out of a big one, so the columnar decoder does not decode everything three times.

fitfast returns one message kind per call and every call decodes the whole file. `file_id` is, by the FIT
protocol, the first message: walking the first few message headers finds its bytes. The session messages
are found by walking every message header (sizes only, no field decoding) and keeping all messages but
the `record` ones. Either cut is wrapped into a minimal valid FIT file (own header and CRC). Anything
unexpected (compressed timestamps, chained files, unknown local types, truncation) returns None and the
caller decodes the full file instead.
"""

from __future__ import annotations

import struct

_CRC_TABLE = (0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00, 0x2800, 0xE401,
              0xA001, 0x6C00, 0x7800, 0xB401, 0x5000, 0x9C01, 0x8801, 0x4400)  # fmt: skip
FILE_ID = 0
RECORD = 20
MAX_MESSAGES = 16


def _byte_table() -> tuple[int, ...]:
    table = []
    for byte in range(256):
        crc = byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
        table.append(crc)
    return tuple(table)


_BYTE_TABLE = _byte_table()


def fit_crc(data: bytes, crc: int = 0) -> int:
    """FIT CRC-16 (FIT protocol section 3.3.2: CRC-16/ARC), a byte at a time."""
    table = _BYTE_TABLE
    for byte in data:
        crc = (crc >> 8) ^ table[(crc ^ byte) & 0xFF]
    return crc


def fit_crc_by_nibble(data: bytes, crc: int = 0) -> int:
    """The FIT SDK's own nibble-table formulation, kept to check the byte-table one against."""
    for byte in data:
        tmp = _CRC_TABLE[crc & 0xF]
        crc = (crc >> 4) & 0x0FFF
        crc = crc ^ tmp ^ _CRC_TABLE[byte & 0xF]
        tmp = _CRC_TABLE[crc & 0xF]
        crc = (crc >> 4) & 0x0FFF
        crc = crc ^ tmp ^ _CRC_TABLE[(byte >> 4) & 0xF]
    return crc


def file_id_only(data: bytes) -> bytes | None:
    """A minimal FIT file holding the definitions and messages up to the first `file_id` data message."""
    if len(data) < 14 or data[8:12] != b".FIT":
        return None
    header_size = data[0]
    if header_size not in (12, 14):
        return None
    pos = header_size
    sizes: dict[int, tuple[int, int]] = {}  # local type → (global number, data size)
    for _ in range(MAX_MESSAGES):
        if pos >= len(data):
            return None
        h = data[pos]
        if h & 0x80:  # compressed-timestamp data message: file_id is never one
            return None
        local = h & 0x0F
        if h & 0x40:  # definition message
            if pos + 6 > len(data):
                return None
            big_endian = data[pos + 2] == 1
            global_num = struct.unpack(">H" if big_endian else "<H", data[pos + 3 : pos + 5])[0]
            n_fields = data[pos + 5]
            end = pos + 6 + 3 * n_fields
            if end > len(data):
                return None
            size = sum(data[pos + 6 + 3 * i + 1] for i in range(n_fields))
            if h & 0x20:  # developer fields
                n_dev = data[end]
                size += sum(data[end + 1 + 3 * i + 1] for i in range(n_dev))
                end += 1 + 3 * n_dev
            sizes[local] = (global_num, size)
            pos = end
            continue
        if local not in sizes:
            return None
        global_num, size = sizes[local]
        pos += 1 + size
        if global_num == FILE_ID:
            return _wrap(data[:header_size], data[header_size:pos])
    return None


def _wrap(header: bytes, body: bytes) -> bytes:
    new_header = bytearray(header[:12])
    new_header[0] = 12
    new_header[4:8] = struct.pack("<I", len(body))
    out = bytes(new_header) + body
    return out + struct.pack("<H", fit_crc(out))


def without_records(data: bytes) -> bytes | None:
    """A FIT file holding every message of `data` except `record` messages (sessions, laps, events, …)."""
    if len(data) < 14 or data[8:12] != b".FIT" or data[0] not in (12, 14):
        return None
    start = data[0]
    end = start + struct.unpack("<I", data[4:8])[0]
    if end + 2 != len(data):  # chained or truncated: the full decoder judges
        return None
    sizes = [-1] * 16
    is_record = [False] * 16
    kept: list[bytes] = []
    segment = pos = start
    while pos < end:
        h = data[pos]
        if h & 0x80:  # compressed timestamps are relative to the previous message: no cutting
            return None
        local = h & 0x0F
        if h & 0x40:  # definition message
            if pos + 6 > end:
                return None
            global_num = (
                data[pos + 3] << 8 | data[pos + 4] if data[pos + 2] == 1 else data[pos + 4] << 8 | data[pos + 3]
            )
            n = data[pos + 5]
            nxt = pos + 6 + 3 * n
            size = sum(data[pos + 7 : nxt : 3])
            if h & 0x20:  # developer fields
                if nxt >= end:
                    return None
                n_dev = data[nxt]
                size += sum(data[nxt + 2 : nxt + 1 + 3 * n_dev : 3])
                nxt += 1 + 3 * n_dev
            sizes[local] = size
            is_record[local] = global_num == RECORD
            pos = nxt
            continue
        size = sizes[local]
        if size < 0:
            return None
        if is_record[local]:
            if segment < pos:
                kept.append(data[segment:pos])
            segment = pos + 1 + size
        pos += 1 + size
    if pos != end:
        return None
    kept.append(data[segment:end])
    return _wrap(data[:start], b"".join(kept))
