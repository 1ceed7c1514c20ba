"""khabar.arabic: normalisation options, sentence splitting, offset-preserving folding."""

from __future__ import annotations

from khabar.lang.normalize import fold, normalize, sentences


def test_normalize_options() -> None:
    word = "أَحْمَدُ ـــ ٢٠٢٢ ﻻ"  # hamza, tashkeel, tatweel, Eastern digits, a presentation form
    assert normalize(word) == "احمد  2022 لا"
    assert normalize(word, tashkeel=False).startswith("اَحْمَدُ")
    assert "ـ" in normalize(word, tatweel=False)
    assert normalize(word, fold_letters=False).startswith("أحمد")
    assert "٢٠٢٢" in normalize(word, digits=False)
    assert normalize("مدرسة على") == "مدرسه علي"
    assert normalize("کتاب یک") == "كتاب يك"  # Persian shapes


def test_fold_keeps_offsets() -> None:
    text = "«إن.بي.سي نيوز» قالت أمس"
    assert len(fold(text)) == len(text) and fold(text).index("امس") == text.index("أمس")


def test_sentences_respect_abbreviations() -> None:
    text = "وأفادت شبكة «إن.بي.سي نيوز» بأن مسؤولين اجتمعوا. وقال د. محمد إن النسبة 3.5 في المئة! هل هذا صحيح؟ نعم"
    assert sentences(text) == [
        "وأفادت شبكة «إن.بي.سي نيوز» بأن مسؤولين اجتمعوا.",
        "وقال د. محمد إن النسبة 3.5 في المئة!",
        "هل هذا صحيح؟",
        "نعم",
    ]
    assert sentences("") == []


def test_a_quotation_is_one_sentence() -> None:
    text = 'وصرح مومتزيس: "نشهد نزوحا داخليا كثيفا في سوريا (...) من يناير إلى أبريل هناك 920 ألف نازح جديد". وأضاف: "هذا أكبر عدد".'
    assert sentences(text) == [text.split(" وأضاف")[0], 'وأضاف: "هذا أكبر عدد".']
