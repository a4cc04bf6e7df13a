"""LIX on hand-computed examples, and the long sentences and long words it points out."""

from __future__ import annotations

import pytest

from udsatteraad.easyread.lix import analyse


def test_simple_text_hand_computed():
    # 2 sentences, 8 words; long words (> 6 letters): "Udsatterådet", "væresteder" = 2.
    # LIX = 8/2 + 100*2/8 = 4 + 25 = 29.
    lix = analyse("Udsatterådet mødtes i dag. Vi talte om væresteder.")
    assert (lix.sentence_count, lix.word_count) == (2, 8)
    assert [w.text for w in lix.long_words] == ["Udsatterådet", "væresteder"]
    assert lix.score == pytest.approx(29.0)
    assert lix.rounded == 29
    assert lix.verdict == "Let"


def test_six_letters_is_not_long_seven_is():
    lix = analyse("Rådets boliger.")  # "Rådets" 6 letters, "boliger" 7
    assert [w.text for w in lix.long_words] == ["boliger"]
    # 2 words / 1 sentence + 100 * 1/2 = 52
    assert lix.score == pytest.approx(52.0)
    assert lix.verdict == "Svær"


def test_numbers_are_not_words_and_abbreviations_do_not_split():
    # "kl. 10.30" and "f.eks." do not end the sentence; "10.30" is not a word;
    # "f.eks." is two one-letter/three-letter words.
    lix = analyse("Vi mødes kl. 10.30 og taler f.eks. om mad.")
    assert lix.sentence_count == 1
    assert [w.text for w in lix.words] == ["Vi", "mødes", "kl", "og", "taler", "f", "eks", "om",
                                           "mad"]
    assert lix.score == pytest.approx(9.0)
    assert lix.verdict == "Let læst, børnebøger"


def test_colon_exclamation_question_and_line_breaks_end_sentences():
    lix = analyse("Husk det: kom i tide! Kan du komme?\nPunkt 17\n\nEventuelt")
    assert [s.text for s in lix.sentences] == [
        "Husk det:", "kom i tide!", "Kan du komme?", "Punkt 17", "Eventuelt"]
    # 10 words / 5 sentences + 100 * 1/10 ("Eventuelt") = 2 + 10 = 12
    assert lix.word_count == 10
    assert lix.score == pytest.approx(12.0)
    assert lix.rounded == 12


def test_tokens_with_digits_are_not_words():
    lix = analyse("Sag EMN-2025-009242 og 2026-planen, A08 og 3F er nævnt.")
    assert [w.text for w in lix.words] == ["Sag", "og", "og", "er", "nævnt"]


def test_rounding_is_half_up():
    # 5 words / 2 sentences + 100 * 0/5 = 2.5 -> 3
    assert analyse("Vi ses. Kom nu i dag.").rounded == 3


def test_hyphenated_word_is_one_word_and_hyphen_is_not_a_letter():
    lix = analyse("FN-konventionen gælder. Sms-tjek.")
    assert [w.text for w in lix.words] == ["FN-konventionen", "gælder", "Sms-tjek"]
    assert [w.text for w in lix.long_words] == ["FN-konventionen", "Sms-tjek"]  # 14 and 7


def test_empty_or_numbers_only_has_no_score():
    for text in ["", "   ", "27.15.00-A08-1-21 2026"]:
        lix = analyse(text)
        assert lix.score is None and lix.verdict == "" and lix.sentences == ()


def test_long_sentence_and_positions():
    short = "Vi holder møde."
    long = ("Rådet har i dag talt om boliger og om de mange mennesker som sover på gaden "
            "hver nat i vinter")  # 20 words
    text = f"{short} {long}."
    lix = analyse(text)
    assert [len(s.words) for s in lix.sentences] == [3, 20]
    (sentence,) = lix.long_sentences
    assert sentence.text == long + "."
    assert text[sentence.start:sentence.start + 5] == "Rådet"
    word = lix.long_words[0]
    assert word.text == "boliger" and text[word.start:word.end] == "boliger"
    assert lix.distinct_long_words == ["boliger", "mennesker"]


def test_exactly_fifteen_words_is_not_long():
    assert not analyse(" ".join(["ord"] * 15) + ".").long_sentences
    assert len(analyse(" ".join(["ord"] * 16) + ".").long_sentences) == 1


@pytest.mark.parametrize(("words", "long", "band"), [
    (24, 0, "Let læst, børnebøger"),   # 24
    (25, 0, "Let"),                    # 25
    (34, 0, "Let"),
    (35, 0, "Middel"),
    (44, 0, "Middel"),
    (45, 0, "Svær"),
    (54, 0, "Svær"),
    (55, 0, "Meget svær"),
    (10, 5, "Meget svær"),             # 10 + 50 = 60
])
def test_bands(words, long, band):
    text = " ".join(["ord"] * (words - long) + ["bogstaver"] * long) + "."
    assert analyse(text).verdict == band
