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


def test_bands_take_spreadsheet_values_and_leave_other_columns_alone():
    import datetime as dt

    assert age_band("23 tahun") == "18-24" and age_band("23.0") == "18-24"
    assert age_band(999) == 999  # a missing-value code is not an age
    assert month_band("2014-03-12 00:00:00") == "Maret 2014"
    assert month_band(dt.date(2014, 3, 12), "en") == "March 2014"
    table = pd.DataFrame({"informant_id": ["K1"], "role": ["korban"], "wage": ["1500000"],
                          "stage": ["3"], "umur": ["30"]})
    out = banded(table)
    assert out.loc[0, "wage"] == "1500000" and out.loc[0, "stage"] == "3"
    assert out.loc[0, "umur"] == "25-34"
