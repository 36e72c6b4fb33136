"""Places and the words for their people and things: a claim's "Croatian town" is the
source's "Gradina Nova, Croatia", "the Welsh town" is in "Wales", "Montana" is the
AP's "Mont.".

A hand-made table of countries, the nations and regions of the British Isles that
news copy names by adjective, and the US states' wire-style abbreviations. Each row is
one place: its name first, then the words that stand for it. Exact words only.
"""

from __future__ import annotations

from functools import cache

from .index import SourceIndex
from .text import name_words, stem

_PLACES = """
Afghanistan Afghan; Albania Albanian; Algeria Algerian; Angola Angolan;
Argentina Argentine Argentinian; Armenia Armenian; Australia Australian; Austria Austrian;
Azerbaijan Azerbaijani; Bangladesh Bangladeshi; Belarus Belarusian; Belgium Belgian;
Bolivia Bolivian; Bosnia Bosnian; Brazil Brazilian; Bulgaria Bulgarian; Burundi Burundian;
Cambodia Cambodian; Cameroon Cameroonian; Canada Canadian; Chile Chilean; China Chinese;
Colombia Colombian; Congo Congolese; Croatia Croatian; Cuba Cuban; Cyprus Cypriot;
Czechia Czech; Denmark Danish Dane Danes; Ecuador Ecuadorian Ecuadorean; Egypt Egyptian;
Estonia Estonian; Ethiopia Ethiopian; Finland Finnish Finn Finns; France French;
Georgia Georgian; Germany German; Ghana Ghanaian; Greece Greek; Guatemala Guatemalan;
Haiti Haitian; Honduras Honduran; Hungary Hungarian; Iceland Icelandic; India Indian;
Indonesia Indonesian; Iran Iranian; Iraq Iraqi; Ireland Irish; Israel Israeli;
Italy Italian; Jamaica Jamaican; Japan Japanese; Jordan Jordanian; Kazakhstan Kazakh;
Kenya Kenyan; Kosovo Kosovan Kosovar; Kuwait Kuwaiti; Latvia Latvian; Lebanon Lebanese;
Libya Libyan; Lithuania Lithuanian; Luxembourg Luxembourgish; Madagascar Malagasy;
Malawi Malawian; Malaysia Malaysian; Mali Malian; Malta Maltese; Mexico Mexican;
Moldova Moldovan; Mongolia Mongolian; Montenegro Montenegrin; Morocco Moroccan;
Mozambique Mozambican; Myanmar Burmese; Namibia Namibian; Nepal Nepali Nepalese;
Netherlands Dutch Holland; Nicaragua Nicaraguan; Niger Nigerien; Nigeria Nigerian;
Norway Norwegian; Oman Omani; Pakistan Pakistani; Panama Panamanian; Paraguay Paraguayan;
Peru Peruvian; Philippines Philippine Filipino; Poland Polish Pole Poles;
Portugal Portuguese; Qatar Qatari; Romania Romanian; Russia Russian; Rwanda Rwandan;
Senegal Senegalese; Serbia Serbian Serb; Singapore Singaporean; Slovakia Slovak Slovakian;
Slovenia Slovenian Slovene; Somalia Somali; Spain Spanish Spaniard; Sudan Sudanese;
Sweden Swedish Swede Swedes; Switzerland Swiss; Syria Syrian; Taiwan Taiwanese;
Tajikistan Tajik; Tanzania Tanzanian; Thailand Thai; Tunisia Tunisian; Turkey Turkish Turk;
Uganda Ugandan; Ukraine Ukrainian; Uruguay Uruguayan; Uzbekistan Uzbek;
Venezuela Venezuelan; Vietnam Vietnamese; Yemen Yemeni; Zambia Zambian;
Zimbabwe Zimbabwean; Britain British Briton Britons; Scotland Scottish Scot
Scots; Wales Welsh; Cornwall Cornish; Cumbria Cumbrian; Yorkshire Yorkshireman;
Europe European; Africa African; Asia Asian; Antarctica Antarctic;
Alabama Ala.; Arizona Ariz.; California Calif. Californian; Colorado Colo.;
Connecticut Conn.; Florida Fla. Floridian; Kentucky Ky.; Maryland Md.; Michigan Mich.;
Minnesota Minn.; Montana Mont.; Nebraska Neb.; Nevada Nev.; Oklahoma Okla.;
Tennessee Tenn.; Texas Texan; Vermont Vt.; Wisconsin Wis.; Wyoming Wyo.
"""
# (left out: "English", a language as often as a people; the abbreviations that are
# words of their own, "Ill.", "Miss.", "Mass.", "Wash.", "Ore.", "Pa.", "La.", "Del.",
# "Ind.", "Mo.")


@cache
def _table() -> dict[str, frozenset[str]]:
    out: dict[str, frozenset[str]] = {}
    for row in _PLACES.replace("\n", " ").split(";"):
        # an abbreviation is looked up as the source's words are: without its dot
        words = frozenset(w.casefold().rstrip(".") for w in row.split())
        for w in words:
            out[w] = out.get(w, frozenset()) | (words - {w})
    return out


def place_words(word: str) -> frozenset[str]:
    """The other words for the place ``word`` names or describes, lower-cased
    ("croatian" -> {"croatia"}, "montana" -> {"mont"}); empty for any other word."""
    return _table().get(word.casefold(), frozenset())


@cache
def _stem_table() -> dict[str, frozenset[str]]:
    out: dict[str, frozenset[str]] = {}
    for word, others in _table().items():
        key = stem(word)
        out[key] = out.get(key, frozenset()) | {stem(o) for o in others}
    return out


def place_stems(stem_: str) -> frozenset[str]:
    """:func:`place_words` on stems, for the coverage ("welsh" -> {"wale"})."""
    return _stem_table().get(stem_, frozenset()) - {stem_}


_CONTINENTS = frozenset("europe european africa african asia asian antarctica antarctic".split())  # noqa: SIM905


def other_place(missing: list[str], claim: str, index: SourceIndex, pid: int) -> bool:
    """Whether one of the claim's ``missing`` names is a place of the table and the
    passage ``pid`` names another the claim does not ("the Slovenian port" where the
    passage says "ZAGREB, Croatia"): a place swapped, not a variant."""
    if pid < 0 or not any(place_words(n) for n in missing):
        return False
    claim_words = set(name_words(claim))
    claim_words |= {o for w in list(claim_words) for o in place_words(w)}
    # capitalised words only ("china" is crockery), and no continent: it holds the place
    shown = {w.strip(".,;:()'’\"").casefold() for w in index.passage_text(pid).split()
             if w[:1].isupper()}
    return any(w in _table() and w not in claim_words and w not in _CONTINENTS
               for w in shown)
