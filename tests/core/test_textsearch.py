from cocreate.core.textsearch import document, query_terms, tokens


def test_hangul_is_split_into_syllable_bigrams():
    assert tokens("향기로운") == ["향기", "기로", "로운"]


def test_one_syllable_word_is_kept():
    assert tokens("캔 디자인") == ["캔", "디자", "자인"]


def test_latin_words_are_lowercased_and_mixed_words_split_at_script_change():
    assert tokens("Axe향수 Deodorant!") == ["axe", "향수", "deodorant"]


def test_two_syllable_korean_word_matches_inside_longer_word():
    # The reason for bigrams: "향기" must find "향기로운", which trigrams would miss.
    assert set(query_terms("향기")) <= set(tokens("향기로운 데오도란트"))


def test_query_terms_are_distinct_and_ordered():
    assert query_terms("can can 캔") == ["can", "캔"]


def test_document_joins_tokens_of_all_parts():
    assert document("Blue 바다", "향") == "blue 바다 향"


def test_empty_and_punctuation_only_text_has_no_tokens():
    assert tokens("") == []
    assert tokens("?!…") == []
