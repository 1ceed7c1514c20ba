"""Language packs: function words for the languages a crawl meets, on one scale."""

from __future__ import annotations

import pytest

import khabar
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
    assert pack_for("zh") is NO_PACK  # no spaces between words: nothing to count this way
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
