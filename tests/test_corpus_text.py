"""Decoding and normalisation: encodings, BOMs, line ends, NFC, mojibake, U+FFFD."""

import codecs
import os
import unicodedata

import pytest

from rpsw_research.corpus import read_source, repair_mojibake
from rpsw_research.errors import EmptySourceError, EncodingError, RpswError

INDONESIAN = "Ibu bilang “terima kasih” – kami minum café bersama; naïve sekali…"


def _read(tmp_path, data: bytes, name: str = "s.txt", **kwargs):
    path = tmp_path / name
    path.write_bytes(data)
    return read_source(path, kind="dokumen", **kwargs)


@pytest.mark.parametrize("data", [
    INDONESIAN.encode("utf-8"),
    codecs.BOM_UTF8 + INDONESIAN.encode("utf-8"),
    codecs.BOM_UTF16_LE + INDONESIAN.encode("utf-16-le"),
    codecs.BOM_UTF16_BE + INDONESIAN.encode("utf-16-be"),
    INDONESIAN.encode("utf-16"),
    INDONESIAN.encode("utf-16-le"),
    INDONESIAN.encode("utf-16-be"),
], ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "utf16-native", "utf16le", "utf16be"])
def test_unicode_encodings_decode_to_the_same_text(tmp_path, data):
    source = _read(tmp_path, data)
    assert source.text == INDONESIAN
    assert source.warnings == ()


def test_cp1252_indonesian_text_is_detected_and_reported(tmp_path):
    source = _read(tmp_path, INDONESIAN.encode("cp1252"))
    assert source.text == INDONESIAN
    assert any("cp1252" in warning for warning in source.warnings)


def test_latin1_text_is_read(tmp_path):
    text = "Pertemuan di kantor, suasana café, Müller hadir. " * 3
    assert _read(tmp_path, text.encode("latin-1")).text == text.strip()


def test_line_ends_and_nfc_are_normalised(tmp_path):
    decomposed = unicodedata.normalize("NFD", "café")
    source = _read(tmp_path, f"satu\r\ndua\rtiga {decomposed}\n".encode())
    assert source.text == "satu\ndua\ntiga café"
    assert unicodedata.is_normalized("NFC", source.text)


def test_mojibake_is_repaired_and_counted(tmp_path):
    broken = "Ibu bilang â€œtidak apa-apaâ€\x9d dan pelayananâ€™ di cafÃ© itu."
    source = _read(tmp_path, broken.encode("utf-8"))
    assert source.text == "Ibu bilang “tidak apa-apa” dan pelayanan’ di café itu."
    assert any("4" in warning and "mojibake" in warning for warning in source.warnings)


def test_half_broken_sequences_stay_as_written():
    assert repair_mojibake("apa-apaâ€ lalu") == ("apa-apaâ€ lalu", 0)


def test_mojibake_with_latin1_c1_controls_round_trips():
    original = "pelayanan “baik” – ya"
    broken = original.encode("utf-8").decode("latin-1")
    assert repair_mojibake(broken) == (original, 3)


def test_ordinary_accented_text_is_not_touched():
    text = "café naïve Müller São Paulo Ã la carte ¿qué?"
    assert repair_mojibake(text) == (text, 0)


def test_replacement_characters_are_kept_and_warned(tmp_path):
    source = _read(tmp_path, "Saya \ufffd\ufffd pergi.".encode())
    assert source.text.count("\ufffd") == 2
    assert any("2" in warning and "U+FFFD" in warning for warning in source.warnings)


def test_empty_and_blank_files_are_empty_source_errors(tmp_path):
    for data in (b"", b"  \n\n\t"):
        with pytest.raises(EmptySourceError) as caught:
            _read(tmp_path, data, name="kosong.txt")
        assert "kosong.txt" in str(caught.value)


def test_front_matter_only_is_empty(tmp_path):
    with pytest.raises(EmptySourceError):
        _read(tmp_path, b"---\njenis: dokumen\n---\n\n")


def test_binary_garbage_named_txt_is_an_encoding_error(tmp_path):
    garbage = bytes(range(256)) * 8 + os.urandom(512)
    with pytest.raises(EncodingError) as caught:
        _read(tmp_path, garbage, name="sampah.txt")
    assert "sampah.txt" in str(caught.value)
    assert isinstance(caught.value, RpswError)


def test_bad_bytes_after_a_bom_are_an_encoding_error(tmp_path):
    with pytest.raises(EncodingError, match="utf-8"):
        _read(tmp_path, codecs.BOM_UTF8 + b"ok \xff\xfe\xfa", name="bom.txt")
