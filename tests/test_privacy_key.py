"""Loading and validating the re-identification key (kept outside the project)."""

from __future__ import annotations

from pathlib import Path

import pytest

from rpsw_research.errors import PrivacyError
from rpsw_research.i18n import language
from rpsw_research.privacy import PrivacyKey, ensure_outside, is_common_word

YAML_KEY = """\
# synthetic key: invented names only
entries:
  - kind: person
    name: Bu Siti Aminah
    aliases: [Siti, Mbak Ami]
    variants: [Sity Aminah]
    replacement: K1
  - jenis: orang
    nama: Indah Permatasari
    alias: [Indah]
  - kind: tempat
    name: Indramayu
  - kind: lembaga
    name: PT Maju Sejahtera Abadi
    informant: null
common_words: [ratih]
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_load_yaml_key(tmp_path: Path) -> None:
    key = PrivacyKey.load(write(tmp_path, "kunci.yaml", YAML_KEY))
    assert len(key) == 4
    siti, indah, place, org = key.entries
    assert siti.name == "Siti Aminah"  # honorific stripped: the matcher keeps honorifics
    assert siti.forms() == ("Siti Aminah", "Siti", "Ami", "Sity Aminah")
    assert siti.replacement == "K1" and siti.line == 3
    assert indah.kind == "person" and indah.replacement == "[NAMA-1]"
    assert place.kind == "place" and place.replacement == "[TEMPAT-1]"
    assert org.kind == "organisation" and org.replacement == "[LEMBAGA-1]"
    assert "ratih" in key.common_words


def test_repr_never_shows_names(tmp_path: Path) -> None:
    key = PrivacyKey.load(write(tmp_path, "kunci.yaml", YAML_KEY))
    shown = repr(key) + repr(key.entries)
    assert "Siti" not in shown and "Indramayu" not in shown and "K1" in shown


def test_load_csv_key_with_indonesian_headers(tmp_path: Path) -> None:
    text = (
        "jenis,nama,alias,varian,pengganti,cocok\n"
        "orang,Sari Wulandari,Sari;Wulan,,K2,auto\n"
        "\n"
        "tempat,Kampung Cikoneng,,,,any\n"
    )
    key = PrivacyKey.load(write(tmp_path, "kunci.csv", text))
    sari, place = key.entries
    assert sari.forms() == ("Sari Wulandari", "Sari", "Wulan") and sari.replacement == "K2"
    assert place.replacement == "[TEMPAT-1]" and place.match == "any" and place.line == 4


def test_explicit_placeholder_is_not_reused(tmp_path: Path) -> None:
    key = PrivacyKey.from_entries([{"name": "Ani"}, {"name": "Budiman", "replacement": "[NAMA-1]"}])
    assert [e.replacement for e in key.entries] == ["[NAMA-2]", "[NAMA-1]"]


@pytest.mark.parametrize(
    ("text", "needle", "line"),
    [
        ("entries:\n  - name: Ani\n    kind: alien\n", "alien", 2),
        ("entries:\n  - kind: person\n    aliases: [Ani]\n", "tanpa nama", 2),
        ("entries:\n  - name: Ani\n    nickname: A\n", "nickname", 2),
        ("entries:\n  - name: Ani\n    match: sometimes\n", "sometimes", 2),
        ("entries:\n  - name: Ani\n    aliases: [A]\n", "terlalu pendek", 2),
        ("entries:\n  - name: Ani\n  - name: ani\n    replacement: X9\n", "baris 2", 3),
        ("entries:\n  - name: Ani\n    replacement: Sari\n  - name: Sari\n", "Sari", 2),
        ("entries:\n  - name: [Ani\n", "YAML", 3),
    ],
)
def test_bad_keys_name_line_and_problem(tmp_path: Path, text: str, needle: str, line: int) -> None:
    path = write(tmp_path, "kunci.yaml", text)
    with pytest.raises(PrivacyError) as info:
        PrivacyKey.load(path)
    assert needle in str(info.value)
    assert info.value.line == line and info.value.path == str(path)
    assert info.value.hint


def test_not_a_list_and_unknown_suffix_and_missing(tmp_path: Path) -> None:
    with pytest.raises(PrivacyError, match="daftar entri"):
        PrivacyKey.load(write(tmp_path, "kunci.yaml", "nama: Ani\n"))
    with pytest.raises(PrivacyError, match=r"\.json"):
        PrivacyKey.load(write(tmp_path, "kunci.json", "{}"))
    with pytest.raises(PrivacyError, match="tidak ditemukan"):
        PrivacyKey.load(tmp_path / "tidak-ada.yaml")
    with language("en"), pytest.raises(PrivacyError, match="not found"):
        PrivacyKey.load(tmp_path / "tidak-ada.yaml")
    unknown = write(tmp_path, "kunci.yaml", "- nama: Ani\n  hobi: menari\n")
    with pytest.raises(PrivacyError, match="hobi") as info:
        PrivacyKey.load(unknown)
    assert "name" in info.value.hint and info.value.line  # the accepted names, the line


def test_key_inside_project_folder_is_refused(tmp_path: Path) -> None:
    project = tmp_path / "studi"
    (project / "data").mkdir(parents=True)
    inside = write(project / "data", "kunci.yaml", YAML_KEY)
    outside = write(tmp_path, "kunci.yaml", YAML_KEY)
    with pytest.raises(PrivacyError, match="di dalam folder"):
        PrivacyKey.load(inside, forbid_inside=[project])
    with pytest.raises(PrivacyError):
        ensure_outside(inside, project / "studi.rpsw")  # a project file: its folder counts
    assert len(PrivacyKey.load(outside, forbid_inside=[project])) == 4


def test_common_words_come_from_the_dictionary_and_the_list() -> None:
    assert is_common_word("indah") and is_common_word("Sari") and is_common_word("bunga")
    assert is_common_word("putri") and is_common_word("mawar")
    assert not is_common_word("Siti") and not is_common_word("Wulandari")
    assert is_common_word("ratih", frozenset({"ratih"}))
