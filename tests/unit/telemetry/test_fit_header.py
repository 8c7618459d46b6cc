"""The FIT CRC and the file_id-only shortcut refuse what they do not understand."""

from __future__ import annotations

from sprintback.telemetry.fit_header import file_id_only, fit_crc


def test_fit_crc_of_a_known_header() -> None:
    # A FIT header's own CRC: the CRC of its first 12 bytes (FIT SDK example values).
    header = bytes([14, 0x10, 0x2D, 0x08, 0x5C, 0x00, 0x00, 0x00]) + b".FIT"
    crc = fit_crc(header)
    assert fit_crc(header + crc.to_bytes(2, "little")) == 0  # CRC over data + its CRC is 0


def test_file_id_only_returns_none_for_non_fit_or_truncated_data() -> None:
    assert file_id_only(b"hello world, not fit") is None
    assert file_id_only(bytes([14, 0x10, 0, 0, 9, 0, 0, 0]) + b".FIT" + b"\x00\x00\x40") is None
