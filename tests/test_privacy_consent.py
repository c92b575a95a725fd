"""The consent register: validation and who may be quoted."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from rpsw_research.errors import MetadataError
from rpsw_research.privacy import (
    Consent,
    consent_from_mapping,
    current_consent,
    load_consents,
    missing_consent,
    quotable,
    withdrawn_informants,
)

D = dt.date


def consent(informant: str = "K1", **changes: object) -> Consent:
    values: dict[str, object] = {
        "informant": informant,
        "date": D(2014, 3, 1),
        "form_version": "v1",
        "method": "tertulis",
        "recording": True,
        "quotes": True,
        "archiving": False,
    }
    values.update(changes)
    return Consent(**values)  # type: ignore[arg-type]


def test_quotable_needs_consent_to_quotes_and_no_withdrawal() -> None:
    register = [
        consent("MK", role_disclosure=True),
        consent("K1"),
        consent("K2", quotes=False),
        consent("K3", withdrawn=D(2014, 5, 2)),
    ]
    assert quotable("MK", register) and quotable("K1", register)
    assert not quotable("K2", register)  # recorded, but no quotes
    assert not quotable("K3", register)  # withdrawn
    assert not quotable("PS", register)  # no record at all
    assert quotable("K3", register, on=D(2014, 4, 1))  # before the withdrawal
    assert not quotable("K3", register, on=D(2014, 5, 2))
    assert not quotable("K1", register, on=D(2014, 2, 1))  # before consent was given
    assert withdrawn_informants(register) == ["K3"]
    assert missing_consent(["MK", "PS", "K1", "K4"], register) == ["PS", "K4"]


def test_latest_record_applies_and_withdrawal_on_any_record_counts() -> None:
    first = consent("K1", quotes=False)
    renewed = consent("K1", date=D(2014, 4, 1), form_version="v2", quotes=True)
    assert current_consent("K1", [renewed, first]) is renewed
    assert quotable("K1", [first, renewed])
    withdrawn = consent("K1", withdrawn=D(2014, 3, 10))
    assert not quotable("K1", [withdrawn, renewed])


@pytest.mark.parametrize(
    ("changes", "needle"),
    [
        ({"method": "email"}, "email"),
        ({"form_version": " "}, "versi formulir"),
        ({"withdrawn": D(2014, 1, 1)}, "sebelum"),
        ({"minor": True}, "18 tahun"),
        ({"minor": True, "guardian_consent": True}, "assent"),
        ({"informant": ""}, "tanpa id"),
    ],
)
def test_invalid_records_are_refused(changes: dict[str, object], needle: str) -> None:
    with pytest.raises(MetadataError, match=needle):
        consent(**changes)


def test_minor_with_guardian_and_assent_is_valid() -> None:
    record = consent("K2", minor=True, guardian_consent=True, assent=True)
    assert record.to_record()["date"] == "2014-03-01" and record.to_record()["withdrawn"] is None


def test_mapping_accepts_indonesian_columns_and_values() -> None:
    record = consent_from_mapping(
        {
            "informan": "K1",
            "tanggal": "2014-03-01",
            "versi_formulir": "v1",
            "cara": "verbal",
            "rekaman": "ya",
            "kutipan": "tidak",
            "arsip": "",
            "ditarik": "",
        }
    )
    assert record.method == "lisan" and record.recording and not record.quotes
    assert record.withdrawn is None


def test_load_csv_register_with_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "persetujuan.csv"
    path.write_text(
        "informan,tanggal,versi_formulir,cara,rekaman,kutipan,arsip,ditarik\n"
        "MK,2014-03-01,v1,tertulis,ya,ya,ya,\n"
        "K1,2014-03-02,v1,lisan,ya,ya,tidak,2014-06-01\n",
        encoding="utf-8",
    )
    register = load_consents(path)
    assert [c.informant for c in register] == ["MK", "K1"]
    assert withdrawn_informants(register) == ["K1"]
    path.write_text(
        "informan,tanggal,versi_formulir,cara\nMK,2014-03-01,v1,tertulis\nK1,03/02/2014,v1,lisan\n",
        encoding="utf-8",
    )
    with pytest.raises(MetadataError) as info:
        load_consents(path)
    assert info.value.line == 3 and "03/02/2014" in str(info.value)


def test_load_yaml_register_and_bad_input(tmp_path: Path) -> None:
    path = tmp_path / "persetujuan.yaml"
    path.write_text(
        "consents:\n  - informant: K2\n    date: 2014-03-05\n    form_version: v1\n"
        "    method: written\n    quotes: true\n",
        encoding="utf-8",
    )
    (record,) = load_consents(path)
    assert record.date == D(2014, 3, 5) and record.method == "tertulis" and record.quotes
    path.write_text("- informant: K2\n  tanggal: 2014-03-05\n  umur: 17\n", encoding="utf-8")
    with pytest.raises(MetadataError, match="umur"):
        load_consents(path)
    with pytest.raises(MetadataError):
        load_consents(tmp_path / "tidak-ada.csv")


def test_records_round_trip_for_storage() -> None:
    record = consent("K2", minor=True, guardian_consent=True, assent=True, withdrawn=D(2014, 6, 1))
    assert consent_from_mapping(record.to_record()) == record


def test_drop_withdrawn_purges_whole_sources() -> None:
    import pandas as pd

    from rpsw_research.privacy import drop_withdrawn

    codings = pd.DataFrame(
        {
            "coding_id": [1, 2, 3, 4],
            "informant": ["K1", None, "K3", "MK"],
            "source_informants": ["K1", "K3", "K3", "MK;K3"],
        }
    )
    register = [consent("K1"), consent("K3", withdrawn=D(2014, 5, 1)), consent("MK")]
    kept = drop_withdrawn(codings, register)
    assert kept["coding_id"].tolist() == [1]
    assert drop_withdrawn(codings, [consent("K1")])["coding_id"].tolist() == [1, 2, 3, 4]
