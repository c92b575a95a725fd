import pytest

from rpsw_research import errors
from rpsw_research.i18n import catalogue, language, t


def test_error_names_file_line_and_fix():
    err = errors.FileFormatError("bukan berkas zip", path="a/b.docx", line=3, hint="simpan ulang")
    text = str(err)
    assert "a/b.docx" in text and "baris 3" in text and "simpan ulang" in text
    assert isinstance(err, errors.InputError) and isinstance(err, errors.RpswError)


def test_error_text_follows_language():
    with language("en"):
        text = str(errors.FileFormatError("not a zip", path="x.docx", line=2))
    assert "File: x.docx, line 2" in text


def test_catalogue_has_both_languages_for_every_key():
    for key, texts in catalogue().items():
        assert texts["id"] and texts["en"], key


def test_unknown_language_is_rejected():
    with pytest.raises(ValueError):
        t("cli.version", "fr", version="1")
