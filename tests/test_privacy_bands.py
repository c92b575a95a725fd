import pandas as pd

from rpsw_research.privacy.bands import age_band, banded, month_band


def test_ages_and_dates_become_bands():
    assert [age_band(v) for v in (16, "23", 34, 60, "18-24", None)] == [
        "<18", "18-24", "25-34", "55+", "18-24", None]
    assert month_band("2014-03-12") == "Maret 2014"
    assert month_band("2014-03-12", "en") == "March 2014"
    assert month_band("3-6 bulan") == "3-6 bulan"


def test_banded_informants_table():
    table = pd.DataFrame({"informant_id": ["K1", "K2"], "role": ["korban", "korban"],
                          "usia": [19, 31], "tanggal_masuk": ["2014-01-05", "2014-02-20"],
                          "pendidikan": ["SMP", "SD"]})
    out = banded(table)
    assert out["usia"].tolist() == ["18-24", "25-34"]
    assert out["tanggal_masuk"].tolist() == ["Januari 2014", "Februari 2014"]
    assert out["pendidikan"].tolist() == ["SMP", "SD"] and table["usia"].tolist() == [19, 31]
