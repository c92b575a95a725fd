"""Safe reading of untrusted archives and XML: each protection against a crafted attack."""

from __future__ import annotations

import stat
import zipfile
from pathlib import Path

import pytest

from rpsw_research.errors import InteropError, UnsafeArchiveError
from rpsw_research.interop.qdc import import_qdc
from rpsw_research.interop.qdpx import read_qdpx
from rpsw_research.interop.safezip import SafeZip, ZipLimits, parse_xml, safe_member_name

QDE = (b'<?xml version="1.0" encoding="utf-8"?>'
       b'<Project xmlns="urn:QDA-XML:project:1.0" name="x"/>')


def make_zip(path: Path, entries: dict[str | zipfile.ZipInfo, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return path


def test_ordinary_archive_reads_members_in_memory(tmp_path):
    path = make_zip(tmp_path / "ok.qdpx", {"project.qde": QDE, "Sources/A.txt": b"halo"})
    with SafeZip(path) as archive:
        assert archive.names() == ["project.qde", "Sources/A.txt"]
        assert archive.find("sources/a.TXT") == "Sources/A.txt"  # case-insensitive lookup
        assert archive.read("Sources/A.txt") == b"halo"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ok.qdpx"]  # nothing extracted


@pytest.mark.parametrize("name", ["../evil.txt", "sources/../../evil.txt", "/etc/evil",
                                  "C:\\evil.txt", "..\\..\\evil.txt", "a\x07b"])
def test_path_traversal_names_are_refused(tmp_path, name):
    info = zipfile.ZipInfo("placeholder")
    info.filename = name  # bypass zipfile's own sanitising of the written name
    path = make_zip(tmp_path / "slip.qdpx", {"project.qde": QDE, info: b"pwned"})
    with pytest.raises(UnsafeArchiveError) as caught:
        SafeZip(path)
    assert "slip.qdpx" in str(caught.value)
    assert not (tmp_path.parent / "evil.txt").exists()


def test_safe_member_name_cleans_harmless_forms():
    assert safe_member_name("./sources//a.txt") == "sources/a.txt"
    assert safe_member_name("Sources\\B.txt") == "Sources/B.txt"
    assert safe_member_name("../x") is None


def test_too_many_entries(tmp_path):
    path = make_zip(tmp_path / "many.qdpx", {f"sources/{i}.txt": b"x" for i in range(30)})
    with pytest.raises(UnsafeArchiveError, match="30"):
        SafeZip(path, ZipLimits(max_entries=20))


def test_total_uncompressed_size_limit(tmp_path):
    path = make_zip(tmp_path / "big.qdpx", {"a.txt": b"a" * 5000, "b.txt": b"b" * 5000})
    with pytest.raises(UnsafeArchiveError, match="10000"):
        SafeZip(path, ZipLimits(max_total_bytes=8000))


def test_compression_ratio_bomb(tmp_path):
    path = make_zip(tmp_path / "bomb.qdpx", {"project.qde": b"\0" * (3 << 20)})
    assert zipfile.ZipFile(path).infolist()[0].compress_size < 10_000
    with pytest.raises(UnsafeArchiveError) as caught:
        read_qdpx(path)
    assert "bomb.qdpx" in str(caught.value) and "project.qde" in str(caught.value)


def test_member_byte_limit_on_read(tmp_path):
    path = make_zip(tmp_path / "m.qdpx", {"a.txt": b"a" * 3000})
    with SafeZip(path, ZipLimits(max_member_bytes=1000, max_ratio=1e9)) as archive:
        with pytest.raises(UnsafeArchiveError):
            archive.read("a.txt")
        assert archive.read("a.txt", max_bytes=4000) == b"a" * 3000


def test_symlink_and_encrypted_entries_are_refused(tmp_path):
    link = zipfile.ZipInfo("sources/link.txt")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    with pytest.raises(UnsafeArchiveError):
        SafeZip(make_zip(tmp_path / "link.qdpx", {link: b"/etc/passwd"}))
    path = make_zip(tmp_path / "enc.qdpx", {"project.qde": QDE})
    data = bytearray(path.read_bytes())
    for signature, flag_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        data[data.index(signature) + flag_at] |= 0x1  # mark the entry as encrypted
    path.write_bytes(bytes(data))
    with pytest.raises(UnsafeArchiveError):
        SafeZip(path)


def test_not_a_zip_is_a_clear_error(tmp_path):
    path = tmp_path / "fake.qdpx"
    path.write_text("not a zip")
    with pytest.raises(InteropError, match="fake.qdpx"):
        read_qdpx(path)
    with pytest.raises(InteropError):
        read_qdpx(tmp_path / "missing.qdpx")


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<Project xmlns="urn:QDA-XML:project:1.0" name="&lol3;"/>"""

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE p [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<Project xmlns="urn:QDA-XML:project:1.0" name="&xxe;"/>"""


@pytest.mark.parametrize("payload", [BILLION_LAUGHS, XXE])
def test_entity_expansion_and_external_entities_are_refused(tmp_path, payload):
    with pytest.raises(InteropError) as caught:
        parse_xml(payload)
    assert "root:" not in str(caught.value)
    path = make_zip(tmp_path / "xml.qdpx", {"project.qde": payload})
    with pytest.raises(InteropError, match="xml.qdpx"):
        read_qdpx(path)
    qdc = tmp_path / "evil.qdc"
    qdc.write_bytes(payload.replace(b"Project", b"CodeBook"))
    with pytest.raises(InteropError, match="evil.qdc"):
        import_qdc(qdc)


def test_malformed_xml_names_file_and_line(tmp_path):
    path = make_zip(tmp_path / "bad.qdpx", {"project.qde": b"<Project>\n<Users>\n</Project>"})
    with pytest.raises(InteropError) as caught:
        read_qdpx(path)
    assert caught.value.line == 3 and "bad.qdpx" in str(caught.value)
