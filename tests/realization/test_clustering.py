"""Concept clustering on character n-grams: pure, no database."""

from cocreate.realization.clustering import choose_k, cluster_texts, normalise, stem, words

KOREAN = ["고객 서비스 개선을 위한 챗봇 도입", "고객의 불만을 줄이는 서비스 응대 교육",
          "고객에게 빠른 응답 서비스 제공",
          "서비스 센터 고객 대기 시간 단축", "고객 서비스 만족도 조사 자동화", "콜센터 고객 서비스 상담 품질"]
ENGLISH = ["Reduce energy use in the factory with solar panels", "Solar panels on the warehouse roof for energy",
           "Energy saving lights and solar power in offices", "Factory energy audit and solar heating",
           "Solar energy storage batteries for the plant", "Cut the energy bill with rooftop solar"]


def test_korean_and_english_topics_are_separated_and_labelled_with_whole_words():
    progress = []
    result = cluster_texts(list(range(12)), KOREAN + ENGLISH, k=2, seed=1, progress=progress.append)
    groups = sorted(sorted(c.ids) for c in result.clusters)
    assert groups == [list(range(6)), list(range(6, 12))]
    by_first = {(0 if 0 in c.ids else 6): c.terms for c in result.clusters}
    assert "고객" in by_first[0] and "서비스" in by_first[0]
    assert {"solar", "energy"} <= set(by_first[6])
    assert progress[0] == 0 and progress[-1] == 100 and progress == sorted(progress)


def test_the_same_seed_gives_the_same_clusters():
    texts = (KOREAN + ENGLISH) * 5
    a = cluster_texts(list(range(60)), texts, seed=7)
    b = cluster_texts(list(range(60)), texts, seed=7)
    assert [c.ids for c in a.clusters] == [c.ids for c in b.clusters]
    assert a.k == choose_k(60)


def test_small_and_empty_inputs():
    assert cluster_texts([], []).clusters == []
    one = cluster_texts([5], ["혼자인 아이디어"])
    assert [c.ids for c in one.clusters] == [[5]]
    assert choose_k(1) == 1 and choose_k(3) == 2 and choose_k(100_000) == 40


def test_nfc_normalisation_and_korean_particles():
    decomposed = "\u1100\u1169\u1100\u1162\u11a8"  # 고객 typed as jamo (NFD)
    assert normalise(decomposed + " Hello") == "고객 hello"
    assert stem("고객에게") == "고객" and stem("서비스를") == "서비스" and stem("solar") == "solar"
    assert words("고객의 the 서비스는 2024") == ["고객", "서비스"]


def test_labels_show_words_as_written_never_cut_nor_chatter():
    sprays = ["향기 스프레이를 작게 만들어 주세요", "스프레이가 가방에 들어가면 좋겠어요", "작은 스프레이를 원해요",
              "스프레이를 리필할 수 있으면 좋을 거예요", "여행용 스프레이가 필요해요",
              "스프레이를 휴대용으로 만들어 주세요"]
    result = cluster_texts(list(range(12)), sprays + ENGLISH, k=2, seed=1)
    terms = next(c.terms for c in result.clusters if 0 in c.ids)
    assert "스프레이" in terms and "스프레" not in terms  # 이 looks like a particle; the label keeps the noun
    assert not {"주세요", "거예요", "좋겠어요"} & set(terms)
