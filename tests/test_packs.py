"""Language packs: function words for the languages a crawl meets, on one scale."""

from __future__ import annotations

import pytest

import khabar
from khabar.label.features import word_count, words_of
from khabar.lang.normalize import normalize
from khabar.lang.packs import JUSTEXT_SCALE, NO_PACK, pack_for

PROSE = {
    "pt": "A equipe do serviço de atendimento registrou nesta manhã o arrombamento de dois dos cinco "
    "automóveis da unidade, que estavam estacionados no pátio, e a polícia foi chamada para o local.",
    "de": "Die elektronische Patientenakte ist seit dem Beginn des Jahres für alle Versicherten verfügbar, "
    "doch viele Ärzte wissen noch nicht, wie sie mit den neuen Daten umgehen sollen.",
    "fr": "Le gouvernement a annoncé mardi une série de mesures pour soutenir les entreprises qui ont été "
    "touchées par la crise, mais les syndicats estiment que ces aides arrivent trop tard.",
    "ru": "Правительство объявило во вторник о новых мерах поддержки для компаний, которые пострадали от "
    "кризиса, но профсоюзы считают, что эта помощь пришла слишком поздно.",
}
MENUS = {
    "pt": "Início Notícias Esportes Política Economia Cultura Contato",
    "de": "Startseite Nachrichten Sport Politik Wirtschaft Kultur Kontakt",
    "fr": "Accueil Actualités Sport Politique Économie Culture Contact",
}
# (jusText's Russian list holds frequent content words too — «новости», «политика» — so a
# Russian menu is not below the bar: only its prose is checked)


def density(text: str, lang: str) -> float:
    pack = pack_for(lang)
    toks = [t.strip(pack.punctuation) for t in normalize(text).split()]
    return sum(t in pack.stopwords for t in toks) / len(toks) * pack.stop_scale


@pytest.mark.parametrize("lang", sorted(PROSE))
def test_prose_clears_the_bar_and_a_menu_does_not(lang: str) -> None:
    pack = pack_for(lang)
    assert pack.stopwords and pack.stop_scale == JUSTEXT_SCALE
    assert density(PROSE[lang], lang) >= pack.prose_stop_density
    if lang in MENUS:
        assert density(MENUS[lang], lang) < pack.prose_stop_density


def test_languages_without_a_list_and_hostile_codes() -> None:
    assert pack_for("hy-x") is NO_PACK and pack_for("yo") is NO_PACK  # no list: no evidence either way
    assert pack_for("../en") is NO_PACK and pack_for("") is NO_PACK and pack_for(None) is NO_PACK
    # English and Arabic keep their own lists, on their own scale
    assert pack_for("en").stop_scale == 1.0 and pack_for("ar").stop_scale == 1.0


def test_a_portuguese_article_among_its_menus() -> None:
    menu = "".join(f"<li><a href='/c/{i}'>{w}</a></li>" for i, w in enumerate(MENUS["pt"].split()))
    paras = [
        PROSE["pt"],
        "Segundo o coordenador da unidade, os criminosos levaram equipamentos e documentos que estavam "
        "dentro dos carros, e o caso foi registrado na delegacia do bairro durante a tarde.",
        "A prefeitura informou que vai reforçar a segurança do local e que os atendimentos aos pacientes "
        "não serão interrompidos, mas alguns horários poderão ser alterados nos próximos dias.",
    ]
    html = (
        "<html lang='pt-BR'><head><title>Arrombamento no SAD</title></head><body>"
        f"<nav><ul>{menu}</ul></nav><main><article><h1>Arrombamento no SAD</h1>"
        + "".join(f"<p>{p}</p>" for p in paras)
        + f"</article></main><footer><ul>{menu}</ul><p>© 2019 Jornal</p></footer></body></html>"
    )
    a = khabar.extract(html)
    assert a.lang == "pt"
    assert a.paragraphs == paras


# Languages written without spaces between words: a paragraph is one whitespace "token", so
# its words are counted from its characters (LanguagePack.chars_per_word). Before they were,
# such a page's prose read as one-word lines and its article came back cut or empty.
UNSPACED = {
    "ja": (
        "保健センターの駐車場で車二台が壊される",
        "ホーム ニュース スポーツ 政治 経済 文化 お問い合わせ",
        ["春の祭りの準備が始まりました (04/12)", "駅前の新しい図書館が開館 (04/10)", "今週の天気のまとめ (04/08)"],
        [
            "市の保健センターは今朝、駐車場に止めてあった五台のうち二台の車が壊されているのを職員が見つけたと"
            "発表しました。警察が現場に呼ばれ、詳しい状況を調べています。",
            "センターの責任者によると、犯人は車の中にあった機器や書類を持ち去りました。事件は午後に地域の警察署に"
            "届け出られ、近くの防犯カメラの映像も確認されています。",
            "市役所は現場の警備を強化すると説明し、患者への対応は止めないものの、今後数日の間は一部の受付時間が"
            "変わる可能性があると呼びかけています。",
        ],
    ),
    "zh": (
        "卫生中心停车场两辆车被砸",
        "首页 新闻 体育 政治 经济 文化 联系我们",
        ["春节庙会筹备工作启动 (02/12)", "火车站旁新图书馆开放 (02/10)", "本周天气回顾 (02/08)"],
        [
            "市卫生中心今天上午发布消息说，工作人员发现停在停车场的五辆车中有两辆被人砸坏。警方已经赶到现场，"
            "正在调查具体情况。",
            "据中心负责人介绍，作案者拿走了车内的设备和文件。案件已于下午向当地派出所报案，附近监控摄像头的录像"
            "也正在核查之中。",
            "市政府表示将加强现场的安保工作，对病人的服务不会中断，但在未来几天内部分窗口的办理时间可能会有所调整。",
        ],
    ),
}


SIDEBAR_HEADING = {"ja": "最近の記事", "zh": "最新文章"}


@pytest.mark.parametrize("lang", sorted(UNSPACED))
def test_an_article_in_a_language_written_without_spaces(lang: str) -> None:
    headline, menu_words, recent, paras = UNSPACED[lang]
    pack = pack_for(lang)
    assert pack.chars_per_word == 2 and not pack.stopwords
    assert words_of(normalize(paras[0]), pack) and len(words_of(paras[0], pack)) >= len(paras[0]) // 3
    menu = "".join(f"<li><a href='/c/{i}'>{w}</a></li>" for i, w in enumerate(menu_words.split()))
    side = "".join(f"<li><a href='/p/{i}'>{t}</a></li>" for i, t in enumerate(recent))
    html = (
        f"<html><head><title>{headline} | 日报</title></head><body><nav><ul>{menu}</ul></nav><main><article>"
        f"<h1>{headline}</h1>"
        + "".join(f"<p>{p}</p>" for p in paras)
        + f"</article><aside><h3>{SIDEBAR_HEADING[lang]}</h3><ul>{side}</ul></aside></main>"
        f"<footer><ul>{menu}</ul><p>© 2024</p></footer></body></html>"
    )
    a = khabar.extract(html)
    assert a.lang == lang
    assert a.page_type == "article" and a.title == headline and a.paragraphs == paras
    # and as crawl text: the same lines, one a line (without a function-word list, the dated
    # headlines under the article may stay with it: no more than that)
    lines = [*menu_words.split(), headline, *paras, *recent, "© 2024"]
    t = khabar.extract("\n".join(lines), kind="text")
    assert t.lang == lang and t.title == headline and t.paragraphs[:3] == paras
    assert set(t.paragraphs[3:]) <= set(recent)


def test_an_unspaced_block_of_any_length_is_counted_without_its_pieces() -> None:
    import tracemalloc

    pack = pack_for("ja")
    for text in ["市の保健センターは今朝、 駐車場 iPhone", "abc def  ghi", "一二三", "", " 一 "]:
        assert word_count(text, pack) == len(words_of(text, pack))
    line = "市の保健センターは今朝" * 400_000  # a 4.4-million-character line of crawl text
    tracemalloc.start()
    try:
        assert word_count(line, pack) == 2_200_000
        assert tracemalloc.get_traced_memory()[1] < 4 * 2**20  # its 2.2 million pieces would take ~130 MB
    finally:
        tracemalloc.stop()
