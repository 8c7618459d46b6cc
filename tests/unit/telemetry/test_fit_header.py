"""The FIT CRC and the file_id-only shortcut refuse what they do not understand."""

from __future__ import annotations

from sprintback.telemetry.fit_header import file_id_only, fit_crc


def test_crc_of_data_followed_by_its_own_crc_is_zero() -> None:
    # Property of this CRC-16 (reflected, zero start), which FIT readers use to check a file end to end.
    header = bytes([14, 0x10, 0x2D, 0x08, 0x5C, 0x00, 0x00, 0x00]) + b".FIT"
    crc = fit_crc(header)
    assert crc != 0
    assert fit_crc(header + crc.to_bytes(2, "little")) == 0


def test_file_id_only_returns_none_for_non_fit_or_truncated_data() -> None:
    assert file_id_only(b"hello world, not fit") is None
    assert file_id_only(bytes([14, 0x10, 0, 0, 9, 0, 0, 0]) + b".FIT" + b"\x00\x00\x40") is None


def test_byte_table_crc_equals_the_fit_sdk_nibble_crc() -> None:
    import random

    from sprintback.telemetry.fit_header import fit_crc_by_nibble

    rng = random.Random(5)
    for size in (0, 1, 2, 13, 255, 4096):
        blob = bytes(rng.randrange(256) for _ in range(size))
        assert fit_crc(blob) == fit_crc_by_nibble(blob)
