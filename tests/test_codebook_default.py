"""The shipped RPSW codebook: stages, Moxley mapping, honesty flags, rules."""

import re

import pytest

import rpsw_research as rr
from rpsw_research.codebook import BASIS_KINDS, STAGE_IDS, Codebook, default_path

DRAFT_IDS = {
    "MX_ASSESS": "moxley.asesmen", "MX_PLAN": "moxley.perencanaan",
    "MX_INT_DIRECT": "moxley.intervensi_langsung",
    "MX_INT_INDIRECT": "moxley.intervensi_tidak_langsung", "MX_MONITOR": "moxley.monitoring",
    "MX_EVAL": "moxley.evaluasi", "MX_DISENGAGE": "moxley.pengakhiran",
    "MX_GOAL_CLIENT": "moxley.tujuan.klien", "MX_GOAL_SYSTEM": "moxley.tujuan.sistem",
    "MX_ROLE_IMPLEMENTER": "moxley.peran.pelaksana", "MX_ROLE_TEACHER": "moxley.peran.pengajar",
    "MX_ROLE_GUIDE": "moxley.peran.pembimbing", "MX_ROLE_BROKER": "moxley.peran.perantara",
    "MX_ROLE_ADVOCATE": "moxley.peran.pembela", "MX_ROLE_COORDINATOR": "moxley.peran.koordinator",
    "MX_ROLE_MONITOR": "moxley.peran.pemantau",
    "RS1_REGISTRASI": "rpsw.registrasi", "RS2_PENGUNGKAPAN_MASALAH": "rpsw.pengungkapan_masalah",
    "RS3_PERENCANAAN": "rpsw.perencanaan", "RS4_PELAKSANAAN": "rpsw.pelaksanaan",
    "RS5_MONITORING_EVALUASI": "rpsw.monitoring_evaluasi",
    "RS6_REINTEGRASI_RTL": "rpsw.reintegrasi",
    "RS7_PENGAKHIRAN": "rpsw.pengakhiran",
    "XC_EXPL_FISIK": "xc.eksploitasi.fisik", "XC_EXPL_PSIKIS": "xc.eksploitasi.psikis",
    "XC_EXPL_SEKSUAL": "xc.eksploitasi.seksual", "XC_EXPL_EKONOMI": "xc.eksploitasi.ekonomi",
    "XC_NEED": "xc.kebutuhan", "XC_SUPPORT_FORMAL": "moxley.jaringan.formal",
    "XC_SUPPORT_INFORMAL": "moxley.jaringan.informal", "XC_BARRIER_CLIENT": "xc.hambatan.klien",
    "XC_BARRIER_SYSTEM": "xc.hambatan.sistem", "XC_FEEL_NEG": "xc.perasaan.negatif",
    "XC_FEEL_POS": "xc.perasaan.positif", "XC_OUTCOME": "xc.perasaan.hasil",
    "XC_SV_KESEHATAN": "xc.layanan.kesehatan", "XC_SV_PSIKOSOSIAL": "xc.layanan.psikososial",
    "XC_SV_HUKUM": "xc.layanan.hukum", "XC_SV_PEMULANGAN": "xc.layanan.pemulangan",
    "XC_SV_VOKASIONAL": "xc.layanan.vokasional",
    "XC_SV_MENTAL_SPIRITUAL": "xc.layanan.mental_spiritual",
}
FUNCTIONS = ["moxley.asesmen", "moxley.perencanaan", "moxley.intervensi_langsung",
             "moxley.intervensi_tidak_langsung", "moxley.monitoring", "moxley.evaluasi",
             "moxley.pengakhiran"]


@pytest.fixture(scope="module")
def cb() -> Codebook:
    return Codebook.default()


def test_default_loads_through_the_package_facade(cb):
    assert rr.Codebook.default() == cb
    assert default_path().is_file()
    assert Codebook.from_yaml(default_path()) == cb
    assert [code.id for code in cb.roots()] == ["moxley", "rpsw", "xc"]
    assert len(cb) == 58 and cb.depth == 3


def test_exactly_seven_stage_codes_in_order(cb):
    stages = cb.stages()
    assert [code.id for code in stages] == list(STAGE_IDS)
    assert [code.stage for code in stages] == [1, 2, 3, 4, 5, 6, 7]
    assert [code.id for code in cb.children("rpsw")] == list(STAGE_IDS)
    assert sum(code.stage is not None for code in cb) == 7
    assert cb.by_stage(4).id == "rpsw.pelaksanaan"


def test_stage_colours_are_distinct_okabe_ito(cb):
    colours = [code.color for code in cb.stages()]
    assert colours == ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00",
                       "#CC79A7"]


def test_stages_map_to_moxley_functions(cb):
    assert [c.id for c in cb.children("moxley")][:7] == FUNCTIONS
    expected = {
        "rpsw.registrasi": ("moxley.asesmen",),
        "rpsw.pengungkapan_masalah": ("moxley.asesmen",),
        "rpsw.perencanaan": ("moxley.perencanaan",),
        "rpsw.pelaksanaan": ("moxley.intervensi_langsung", "moxley.intervensi_tidak_langsung"),
        "rpsw.monitoring_evaluasi": ("moxley.monitoring", "moxley.evaluasi"),
        "rpsw.reintegrasi": ("moxley.intervensi_tidak_langsung", "moxley.perencanaan"),
        "rpsw.pengakhiran": ("moxley.pengakhiran", "moxley.evaluasi"),
    }
    assert {code.id: code.moxley for code in cb.stages()} == expected
    for code in cb.stages():
        assert code.extra["moxley_basis"] == "inference"
        assert all(cb[role].parent == "moxley.peran" for role in code.extra.get("moxley_roles", []))
    assert cb["rpsw.perencanaan"].extra["moxley_roles"] == ["moxley.peran.koordinator"]


def test_every_code_has_both_names_and_definitions(cb):
    for code in cb:
        for lang in ("id", "en"):
            assert code.names.get(lang, "").strip(), (code.id, lang)
            assert len(code.definitions.get(lang, "")) > 30, (code.id, lang)


def test_every_rule_compiles_case_insensitive(cb):
    patterns = 0
    for code in cb:
        for pattern in code.rule.regex:
            re.compile(pattern)
            patterns += 1
        assert all(p.flags & re.IGNORECASE for p in code.rule.patterns())
    assert patterns > 120  # the stage rules match mostly on lemmas/stems/keywords
    leaves = [c for c in cb.leaves()]
    assert all(c.rule.keywords for c in leaves), [c.id for c in leaves if not c.rule.keywords]


@pytest.mark.parametrize(("code_id", "text", "hit"), [
    ("rpsw.registrasi", "Pas Pertama Kali Dateng saya didata dulu", True),
    ("xc.eksploitasi.seksual", "saya dipaksa nemenin tamu tiap malam", True),
    ("moxley.peran.pembimbing", "saya yang nemenin ke polisi waktu BAP", True),
    ("moxley.peran.pembimbing", "disuruh nemenin tamu", False),
    ("xc.eksploitasi.psikis", "HP saya disita sama mami", True),
    ("rpsw.reintegrasi", "bulan depan dia dipulangin ke NTB", True),
])
def test_draft_regexes_still_find_their_examples(cb, code_id, text, hit):
    assert any(p.search(text) for p in cb[code_id].rule.patterns()) is hit


def test_draft_keywords_are_kept_as_phrases(cb):
    assert "nemenin tamu" in cb["xc.eksploitasi.seksual"].rule.keywords
    assert "pertama kali dateng" in cb["rpsw.registrasi"].rule.keywords


def test_draft_ids_resolve_as_aliases(cb):
    for old, new in DRAFT_IDS.items():
        assert cb[old].id == new and old in cb[new].aliases
    assert cb["XC_NEED_KESEHATAN"].id == "xc.kebutuhan.kesehatan"
    assert len(cb.children("xc.kebutuhan")) == 7


def test_honesty_flags_are_kept(cb):
    sources = cb.meta["sources"]
    for code in cb:
        assert code.basis_flags, code.id
        assert code.basis_kinds <= set(BASIS_KINDS), (code.id, code.basis)
        for flag in code.basis_flags:
            if flag.startswith("stated:"):
                assert flag[7:].split()[0] in sources, (code.id, flag)
    for function in FUNCTIONS[:-1]:
        assert "unverified_moxley" in cb[function].basis_kinds
    disengage = cb["moxley.pengakhiran"]
    assert disengage.extra["extension"] is True and "NOT verified" in disengage.extra["note"]
    assert "unverified_moxley" not in disengage.basis_kinds
    assert "inference" in cb["rpsw.reintegrasi"].extra["moxley_note"]


def test_sensitive_flags_cover_exactly_the_exploitation_codes(cb):
    assert [c.id for c in cb.sensitive()] == [
        "xc.eksploitasi", "xc.eksploitasi.fisik", "xc.eksploitasi.psikis",
        "xc.eksploitasi.seksual", "xc.eksploitasi.ekonomi"]


def test_speaker_role_restrictions(cb):
    for code in cb.children("moxley.peran"):
        assert code.rule.speaker_roles == ("manajer_kasus", "pekerja_sosial")
        assert not code.rule.allows_role("korban")
    for code_id in ["xc.eksploitasi.seksual", "xc.perasaan.negatif", "xc.perasaan.positif"]:
        assert cb[code_id].rule.speaker_roles == ("korban",)
    # stage codes: any informant's turn, never the interviewer's questions
    assert cb["rpsw.registrasi"].rule.speaker_roles == ("manajer_kasus", "pekerja_sosial", "korban")
    assert cb["rpsw.registrasi"].rule.allows_role("korban")
    assert not cb["rpsw.registrasi"].rule.allows_role("peneliti")


def test_cross_references_in_criteria_use_new_ids(cb):
    texts = " ".join(item for code in cb for item in (*code.include, *code.exclude))
    assert not re.search(r"\b(MX|XC|RS\d)_?[A-Z]*", texts)
    assert "rpsw.pengungkapan_masalah" in " ".join(cb["rpsw.registrasi"].exclude)
