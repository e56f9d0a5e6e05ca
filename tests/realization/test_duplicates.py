"""Near-duplicate groups and the lookup-while-typing index: pure, no database."""

from cocreate.realization.duplicates import SimilarIndex, duplicate_groups, duplicate_pairs, index_text

TEXTS = {
    1: ("Refillable sea-salt can", "A refillable can that smells of the sea."),
    2: ("Refillable sea salt can!", "A refillable can that smells of the sea"),
    3: ("고객 대기 시간 단축", "콜센터 대기 시간을 줄이는 예약 시스템"),
    4: ("고객 대기시간 단축", "콜센터 대기 시간을 줄이는 예약 시스템입니다"),
    5: ("Solar roof for the warehouse", "Panels on the roof to cut the energy bill."),
}


def test_groups_are_connected_components_of_close_pairs():
    ids = list(TEXTS)
    texts = [f"{t} {b}" for t, b in TEXTS.values()]
    groups = duplicate_groups(ids, texts, threshold=0.7)
    assert sorted(map(sorted, groups)) == [[1, 2], [3, 4]]
    pairs = duplicate_pairs(ids, texts, threshold=0.7)
    assert all(0.7 <= score <= 1 for _, _, score in pairs)
    # a chain A~B, B~C is one group even when A and C are less alike
    chain = duplicate_groups(["a", "b", "c"], ["one two three four", "one two three four five six",
                                                "three four five six"], threshold=0.55)
    assert chain == [["a", "b", "c"]]
    assert duplicate_groups([1], ["alone"]) == []


def test_index_finds_the_closest_ideas_in_both_languages():
    index = SimilarIndex.build(list(TEXTS), [index_text(t, b) for t, b in TEXTS.values()])
    assert len(index) == 5 and index.last_id == 5 and index.nbytes > 0
    top = index.query("refillable can", k=2)
    assert {i for i, _ in top} == {1, 2}
    assert index.query("콜센터 대기 시간", k=1)[0][0] in (3, 4)
    assert all(0 < s <= 1 for _, s in index.query("solar roof"))
    assert 1 not in [i for i, _ in index.query("refillable can", exclude=[1])]
    assert index.query("") == [] and index.query("zz") == []


def test_index_is_refreshed_incrementally():
    index = SimilarIndex.build([1], [index_text("Solar roof", "")])
    index.add([7], [index_text("Electric forklift charging", "")])
    assert index.last_id == 7 and len(index.segments) == 2
    assert index.query("forklift charging", k=1)[0][0] == 7


def test_very_common_grams_are_left_out_of_the_index():
    texts = [index_text(f"the idea number {i}", "") for i in range(100)]
    index = SimilarIndex.build(list(range(100)), texts, max_df=0.05, min_df_cap=10)
    segment = index.segments[0]
    assert len(segment.docs) < sum(len(t) for t in texts)  # " th", "the", "ide"... dropped
    assert index.query("idea number 42", k=1)[0][0] == 42
