from rpsw_research.corpus.model import Informant, Segment, Source, Turn


def test_turn_is_a_segment_with_speaker():
    turn = Turn(0, 4, 11, speaker="K1", informant="K1")
    assert turn.kind == "turn" and isinstance(turn, Segment)
    assert turn.text_in("K1: halo bu") == "halo bu" and len(turn) == 7


def test_source_is_immutable_and_hashes_its_text():
    source = Source("W-K1-01", "wawancara", "P: Halo\n\nK1: Iya.", informants=["K1"],
                    metadata={"sintetis": True})
    assert source.informants == ("K1",)
    assert len(source.sha256) == 64 and source.word_count == 4
    try:
        source.metadata["x"] = 1  # type: ignore[index]
    except TypeError:
        pass
    else:  # pragma: no cover
        raise AssertionError("metadata must be read-only")


def test_informant_attributes_are_read_only():
    informant = Informant("K1", "korban", {"kelompok_usia": "18-24"})
    assert informant.attributes["kelompok_usia"] == "18-24"
