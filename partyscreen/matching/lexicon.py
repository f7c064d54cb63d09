"""Sector and organisation words of other languages read as their English translation.

Rule: lists publish an organisation's name both in its own language (romanised or not) and in
English — "VTB Nedvizhimost" / "VTB Real Estate", "Vertolety Rossii" / "Russian Helicopters",
"Tekhnologii Sistemy i Kompleksy" / "Technologies Systems and Complexes". The words that differ are the common words of organisation names (sector, kind
of body, "state", "foreign", "named after"), so each such word is replaced by its English
translation before the name is analysed; both sides then reduce to the same words, symbols and
weights (rigour reads "technologies" as a sector word, "institute" as a generic one, so a
translated word never weighs more than the English word does).

Lists publish Turkish, Iranian and Arab organisations the same way, under a romanised native
name and an English one ("SANAYE ELECTRONIC IRAN" / "IRAN ELECTRONICS INDUSTRIES", "SARAFI
KAMBIZ NABIZADEH VA SHORAKA" / "KAMBIZ NABIZADEH AND PARTNERS EXCHANGE", "SMART ITHALAT IHRACAT
DIS TICARET LIMITED SIRKETI" / "SMART IMPORT EXPORT FOREIGN TRADE LIMITED COMPANY"): their words
are listed whole (``ORGANISATION_WORDS``), Turkish ASCII-folded so that a word reads the same with
and without "ş ı ğ ü ö ç"; "va"/"wa" (and) and "lil" (for the) are read in English only inside a
name translated for another word (``CONNECTIVES``).

Only common nouns and adjectives are listed, never words that are also personal or place names
("Deniz", "Tarim", "Sanat", "Jamal", "Liwa"), nor the words of a bank's own name that lists
publish untranslated ("Tejarat", "Melli"), and not the words of legal forms (rigour reads
"Obshchestvo s ogranichennoy otvetstvennostyu" whole; spellings it lacks — Russian, Belarusian,
Spanish-language, Turkish "Anonim Sirketi" without "ş", "A.Ş.", Iranian "Sahami Khass" — are
abbreviated first, ``spelt_legal_forms``).
Russian/Ukrainian/Belarusian words are listed by stem: any inflection (``-oe``, ``-aya``,
``-ogo``, ``-ykh``, ``-ii`` …, see ``_ENDING_RE``) of a stem is the word, and stems and words
are compared through ``normalize.respelt`` so that "tekhnologii" / "tehnologii" and
"tsentr" / "centr" are one. Pinyin words are not translated: a romanised Chinese name is
compared with the Chinese characters' pinyin (see ``score.py``), which needs it as written.

A Russian, Ukrainian or Belarusian place adjective ("Kazanskiy", "Uralskaya", "Dubnenskogo") is
kept as written and read as its place by the scorer, in organisation names only
(``place_similarity``: "KAZANSKII ZAVOD ELEKTROPRIBOR" / "KAZAN PLANT ELECTROPRIBOR", "DUBNENSKY
CABLE PLANT" / "DUBNA CABLE PLANT"), the irregular ones through a short table ("Moskovskiy" /
"Moscow", "Tulskiy" / "Tula", "Sibirskaya" / "Siberian"); those of places of two English words are
translated ("Nizhegorodskiy" / "Nizhny Novgorod", ``PLACE_ADJECTIVE_STEMS``).

A name is translated only when it is an organisation's: the caller says so, the name carries a
legal form or a generic or sector word, two of its words are in this lexicon, or one of them is
a word of a kind of body (``BODY_WORDS``: "Harakat", "Foreningen"); a personal name that happens
to hold one other such word is never translated.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

# Romanised Russian (and Ukrainian / Belarusian) stems → English.
SLAVIC_STEMS: dict[str, str] = {
    "nauchn": "scientific", "nauchno": "scientific", "issledovatelsk": "research",
    "nauchnoissledovatelsk": "scientific research", "proizvodstvenn": "production",
    "proizvodstv": "production",
    # The adjective (obedinennaya, obedinenaya, obyedinyonnoye) is "united", the noun (obedinenie)
    # "association": "OBEDINENNAYA INVESTITSIONNAYA GRUPPA" / "UNITED INVESTMENT GROUP".
    "obedinen": "united", "obyedinen": "united", "obedinenn": "united", "obyedinenn": "united",
    "obedineni": "association", "obyedineni": "association",
    "predpriyat": "enterprise", "pidpriemstv": "enterprise", "pidpryiemstv": "enterprise",
    "kombinat": "combine", "zavod": "plant", "fabrik": "factory", "konstruktorsk": "design",
    "byuro": "bureau", "biuro": "bureau", "institut": "institute", "tsentr": "center",
    "kompani": "company", "kompaniy": "company", "gruppa": "group", "grupp": "group",
    "kontsern": "concern", "korporatsi": "corporation", "kholding": "holding",
    "tekhnologi": "technologies", "tekhnologichesk": "technology", "sistem": "systems",
    "kompleks": "complexes", "strakhovani": "insurance", "strakhovo": "insurance", "strakhovay": "insurance",
    "strakhovy": "insurance", "strakhovu": "insurance",  # (not "strakhov": the family name Strakhov)
    "nedvizhimost": "real estate", "vertolet": "helicopters", "rossiysk": "russian",
    "gosudarstvenn": "state", "derzhavn": "state", "federaln": "federal", "natsionaln": "national",
    "mezhdunarodn": "international", "torgov": "trading", "vneshnetorgov": "foreign trade",
    "vneshn": "foreign", "inostrann": "foreign", "neftyan": "oil", "neftegazov": "oil gas",
    "gazov": "gas", "energetichesk": "energy", "elektronn": "electronic", "elektronik": "electronics",
    "mashinostroitel": "machine building", "mashinostroeni": "machine building",
    "priborostroitel": "instrument", "priborostroeni": "instrument",
    "khimichesk": "chemical", "metallurgichesk": "metallurgical", "transportn": "transport",
    "sudostroitel": "shipbuilding", "aviatsionn": "aviation", "aviakompani": "airline",
    "raketn": "missile", "kosmichesk": "space", "oboronn": "defense", "promyshlenn": "industrial",
    "investitsionn": "investment", "finansov": "financial", "upravlyayushch": "managing",
    "servis": "service", "resheni": "solutions", "raschetn": "settlement", "avtomobiln": "automobile",
    "akademi": "academy", "universitet": "university", "laboratori": "laboratory",
    "ministerstv": "ministry", "agentstv": "agency", "inzhiniring": "engineering",
    "kompyutern": "computer", "informatsionn": "information", "optichesk": "optical",
    "lazern": "laser", "radioelektronn": "radio electronic", "bezopasnost": "security",
    "razrabotk": "development", "stroitel": "construction", "tekhnik": "technical",
    "tekhnichesk": "technical", "apparatur": "equipment",
    "oborudovani": "equipment", "imeni": "named after", "lizingov": "leasing", "kargo": "cargo",
    "radiolokatsi": "radar", "sudoremont": "ship repair", "vychislitel": "computing",
    "pribaltiysk": "baltic", "pribaltiisk": "baltic", "baltiysk": "baltic", "baltiisk": "baltic",
    "proektn": "project", "proekt": "project",
    "geologorazvedochn": "geological exploration", "geologichesk": "geological",
    # Found untranslated in the SDN's Russian/Ukrainian/Belarusian organisation names beside their
    # English aliases (tools_rulex.py): "AKTSIONERNOE OBSHCHESTVO URALSKI ZAVOD GRAZHDANSKOI
    # AVIATSII" / "AO URAL CIVIL AVIATION FACTORY", "GLAVNOE RAZVEDYVATELNOE ..." / "MAIN ...",
    # "FEDERALNOE GOSUDARSTVENNOE BYUDZHETNOE UCHREZHDENIE NAUKI" / "FEDERAL STATE BUDGETARY
    # INSTITUTION OF SCIENCE", "... 224 LETNY OTRYAD" / "... 224TH FLIGHT UNIT".
    "aviastroitel": "aircraft", "aviastroeni": "aircraft", "motorostroitel": "engine",
    "dvigatelestroitel": "engine", "dvigatelestroeni": "engine",
    "uchrezhdeni": "institution", "byudzhetn": "budgetary", "nauk": "science", "glavn": "main",
    "obrazovatel": "educational", "obrazovani": "education",
    "razviti": "development", "respublik": "republic", "respublikansk": "republican",
    "kommerchesk": "commercial", "remontn": "repair", "otryad": "unit",
    "oruzhein": "arms", "oruzhi": "weapons", "morsk": "marine",
    "mekhanichesk": "mechanical", "elektromekhanichesk": "electromechanical",
    "radiotekhnik": "radio engineering", "radiotekhnichesk": "radio engineering",
    "issledovani": "research", "fizik": "physics", "unitarn": "unitary", "porokhov": "gunpowder",
    "patronn": "cartridge", "grazhdansk": "civil", "chastn": "private", "voenn": "military",
    "okhrann": "security", "organizatsi": "organization", "dvizheni": "movement", "sluzhb": "service",
    "eksportn": "export", "importn": "import", "spetsialn": "special",
    "spetsializirovann": "specialized", "ekonomichesk": "economic",
    "vneshneekonomichesk": "foreign economic", "torgovl": "trade", "federatsi": "federation",
    "tsentraln": "central", "vserossiysk": "all russian",
    "vserossisk": "all russian", "opytn": "experimental", "akkumulyatorn": "battery",
    "sudokhodn": "shipping", "motorn": "motor", "bespilotn": "unmanned", "investitsi": "investment",
    "kredit": "credit", "innovatsi": "innovation", "innovatsionn": "innovative",
    "shampansk": "sparkling wine", "tabachn": "tobacco", "mineraln": "mineral", "pensionn": "pension",
    "infrastrukturn": "infrastructure", "kompozitsionn": "composite",
    "metallokeramichesk": "metal ceramic", "avtomatizirovann": "automated",
    "avtomatizatsi": "automation", "avtomatik": "automation", "olimpiysk": "olympic",
    "material": "materials",
    # Belarusian and Ukrainian spellings ("ZAKRYTAYE AKTSYYANERNAYE TAVARYSTVA NOVAYA NAFTAVAYA
    # KAMPANIYA" / "... NEW OIL COMPANY", "DZYARZHAUNAYE PRADPRYEMSTVA", "NAVUKOVA-VYTVORCHAYE")
    "kampani": "company", "zamezhn": "foreign", "dzyarzhaun": "state",
    "pradpryemstv": "enterprise", "vytvorch": "production", "navukov": "scientific",
    "vyrobnych": "production",
    # Words of Russian state, defence and industry bodies' names as the EU and UK lists publish
    # them in Cyrillic beside their English names ("Служба внешней разведки" / "Foreign
    # Intelligence Service", "Корпорация «Тактическое ракетное вооружение»" / "Tactical Missiles
    # Corporation", "Информационные спутниковые системы" / "Information Satellite Systems",
    # "Главное управление Генерального штаба" / "Main Directorate of the General Staff"). Not the
    # words Russian bodies take as their own names, which English keeps ("Svyaz", "Sputnik",
    # "Progress", "Energiya", "Almaz", "Mekhanika"; nor surnames and towns: "Rudnik").
    "taktichesk": "tactical", "vooruzheni": "armament", "razvedyvateln": "intelligence",
    "razvedk": "intelligence", "sputnikov": "satellite", "gvardi": "guard", "shtab": "staff",
    "upravleni": "directorate", "generaln": "general", "teplotekhnik": "thermal technology",
    "atomn": "atomic", "yadern": "nuclear", "organichesk": "organic", "neorganichesk": "inorganic",
    "aviaremont": "aircraft repair", "aviadvigatel": "aircraft engine", "boepripas": "ammunition",
    "tochn": "precision", "elektrotekhnichesk": "electrotechnical",
    "zashchit": "protection", "tyazhel": "heavy", "neftekhimichesk": "petrochemical",
    "nefteprodukt": "oil products", "dvigatel": "engine", "sudostroeni": "shipbuilding",
    "khimi": "chemistry", "gidrodinamichesk": "hydrodynamic", "aerogidrodinamichesk": "aerohydrodynamic",
    "radiatsionn": "radiation", "ispytateln": "testing", "robototekhnik": "robotics", "traktorn": "tractor",
    "kabeln": "cable",
    "trubn": "pipe", "stankostroitel": "machine tool", "instrumentaln": "tool", "podshipnikov": "bearing",
    "staln": "steel", "ugoln": "coal", "selskokhozyaystvenn": "agricultural", "pishchev": "food",
    "farmatsevtichesk": "pharmaceutical", "biologichesk": "biological",
    "virusologi": "virology", "biotekhnologi": "biotechnology", "mikrobiologi": "microbiology",
    "fizichesk": "physical", "matematichesk": "mathematical", "poluprovodnikov": "semiconductor",
    "mikroelektronik": "microelectronics", "navigatsionn": "navigation",
    "telekommunikatsionn": "telecommunication", "vozdushn": "air", "protivovozdushn": "air defense",
    "bronetankov": "armored", "artilleriysk": "artillery", "vzryvchat": "explosives",
    "veshchestv": "substances", "samoletostroitel": "aircraft",
    "logistichesk": "logistics", "bankovsk": "banking", "birzh": "exchange",
    "tovarishchestv": "partnership", "partnerstv": "partnership", "assotsiatsi": "association",
    "departament": "department", "komitet": "committee", "komissi": "commission", "izbiratel": "election",
    "inspektsi": "inspectorate",
    "nadzor": "supervision", "direktsi": "directorate", "komandovani": "command", "voysk": "forces",
    "voisk": "forces", "brigad": "brigade", "diviz": "division", "shkol": "school", "otdel": "department",
    "mestorozhdeni": "field", "aeroport": "airport",
    # English words borrowed and romanised back ("IRS Lazer Tekhnolodzhi" / "IRS Laser
    # Technology", "Kargo Servis", "Dizain Tsentr"): spelt as Russian writes them.
    "tekhnolodzh": "technology", "dizain": "design", "dizayn": "design",
    "konsalting": "consulting", "treiding": "trading", "treyding": "trading",
    "logistik": "logistics", "menedzhment": "management",
}
# Place adjectives of places of two English words, translated in an organisation's name
# ("NIZHEGORODSKIY" / "NIZHNY NOVGOROD", "CHERNOMORSKI BANK" / "BLACK SEA BANK"); read as
# written only (``EXACT_ONLY_STEMS``). Place adjectives of one-word places are read by the
# scorer instead (``place_similarity``, ``IRREGULAR_PLACES``), the word kept.
PLACE_ADJECTIVE_STEMS: dict[str, str] = {"nizhegorodsk": "nizhny novgorod", "chernomorsk": "black sea"}
SLAVIC_STEMS.update(PLACE_ADJECTIVE_STEMS)
# Stems read only as written (with any inflection), never one edit away (``_near_stem``): a place,
# family or brand name or a word of another language is one letter from each ("Vienna" / voenn,
# "Morse" / morsk, "Patron" / patronn, "Motown" / motorn, "Maternal" / material; "Spetsial
# Elektronik" is a company's name, not "spetsialnoe", special; English "country" is no "tsentr",
# center, "sister" no "sistem", systems).
EXACT_ONLY_STEMS: frozenset[str] = frozenset({
    "glavn", "remontn", "otryad", "oruzhein", "oruzhi", "morsk", "fizik", "patronn",
    "chastn", "voenn", "okhrann", "sluzhb", "kredit", "opytn", "motorn", "spetsialn",
    "material", "avtomatik", "importn", "eksportn", "unitarn", "tabachn", "mineraln", "pensionn",
    "torgovl", "kampani", "razviti", "navukov", "zamezhn", "olimpiysk", "tsentraln", "tsentr", "sistem",
    "razvedk", "gvardi", "shtab", "atomn", "yadern", "tochn", "khimi", "kabeln", "trubn",
    "staln", "ugoln", "birzh", "voysk", "voisk", "brigad", "diviz", "shkol", "otdel",
    "nadzor", "komitet", "komissi", "izbiratel", "zashchit", "tyazhel", "generaln", "pishchev",
    # ("Traktor" is the Turkish and German word as written, "Instrumental" an English one)
    "traktorn", "instrumentaln",
    *PLACE_ADJECTIVE_STEMS,
})
# Turkish, Persian and Arabic words of organisation names (whole words, since their suffixes are
# not Slavic inflections: each form lists are seen to publish is listed).  Turkish is listed
# ASCII-folded (ş→s, ı→i, ğ→g, ü→u, ö→o, ç→c); a word written with those letters is folded before
# it is looked up, so "Geliştirme" and "GELISTIRME" are one word.  Lists publish these
# organisations under the romanised name and an English one ("TED TEKNOLOJI GELISTIRME
# HIZMETLERI SANAYI TICARET ANONIM SIRKETI", "SANAYE ELECTRONIC IRAN" / "IRAN ELECTRONICS
# INDUSTRIES", "SARAFI KAMBIZ NABIZADEH VA SHORAKA" / "KAMBIZ NABIZADEH AND PARTNERS EXCHANGE").
# Words rigour already reads as written in both spellings ("sanayi", "ticaret", "teknoloji",
# "enerji", "lojistik", "savunma") are not listed; words that are also personal or place names
# ("Deniz", "Bati", "Tarim", "Sanat", "Mali", "Kala") are left out, and so are the words of a
# bank's own name ("Tejarat", "Saderat", "Melli", "Sepah"), which lists publish untranslated.
ORGANISATION_WORDS: dict[str, str] = {
    # Turkish
    "gelistirme": "development", "hizmetleri": "services", "hizmetler": "services",
    "uretim": "production", "uretimi": "production", "ithalat": "import", "ihracat": "export",
    "insaat": "construction", "muhendislik": "engineering", "danismanlik": "consulting",
    "yatirim": "investment", "yatirimlari": "investment", "yatirimlar": "investment",
    "teknolojileri": "technologies", "teknolojisi": "technology", "otomotiv": "automotive",
    "makine": "machinery", "makina": "machinery", "makineleri": "machinery", "makinalari": "machinery",
    "tekstil": "textile", "gida": "food", "nakliyat": "transport", "tasimacilik": "transport",
    "turizm": "tourism", "bilisim": "information technology", "yazilim": "software",
    "havacilik": "aviation", "grubu": "group", "bankasi": "bank", "gemicilik": "shipping",
    "tersane": "shipyard", "tersanesi": "shipyard", "uluslararasi": "international",
    "elektrik": "electric", "enerjisi": "energy", "dagitim": "distribution", "akaryakit": "fuel",
    "sistemleri": "systems", "sanayii": "industry", "sanayisi": "industry", "ticareti": "trade",
    "vakfi": "foundation", "dernegi": "association", "endustriyel": "industrial",
    "endustri": "industry", "endustrisi": "industry", "urunleri": "products", "urunler": "products",
    "kuyumculuk": "jewelry", "doviz": "currency", "proje": "project", "projeleri": "project",
    "hayvancilik": "livestock",
    # Persian (romanised)
    "sherkat": "company", "sherkate": "company", "sherkati": "company", "shirkat": "company",
    "shirkate": "company", "sanaye": "industries", "sanayeh": "industries", "sanaat": "industry",
    "sanati": "industrial", "sarafi": "exchange", "sarrafi": "exchange", "shoraka": "partners",
    "mohandesi": "engineering", "sakhtemani": "construction", "bazargani": "trading",
    "basargani": "trading", "toseeh": "development", "tosee": "development", "toseh": "development",
    "tose": "development", "touseh": "development", "tosseh": "development",
    "sazman": "organization", "sazmane": "organization", "sazeman": "organization",
    "sazemane": "organization", "bonyad": "foundation", "khadamat": "services",
    "khadamati": "services", "gostaresh": "expansion", "pardazesh": "processing", "naft": "oil",
    "nafte": "oil", "daryayi": "maritime", "daryaei": "maritime", "daryai": "maritime",
    "keshtirani": "shipping", "karkhaneh": "factory", "karkhanejat": "factories",
    "karkhanejate": "factories", "sarmayegozari": "investment", "tolid": "production",
    "tolidi": "production", "bimeh": "insurance", "moasseseh": "institute", "moaseseh": "institute",
    "foolad": "steel", "fulad": "steel", "gardeshgari": "tourism",
    # (Dari, Pashto, Urdu: the money-exchange business, "AL-KAWTHAR HAWALA" / "AL-KAWTHAR MONEY
    # EXCHANGE"; "money exchange" is read as "exchange", see ``ENGLISH_VARIANTS``)
    "hawala": "exchange", "hawalah": "exchange",
    # Arabic (romanised)
    "sharikat": "company", "sharikah": "company", "sharika": "company", "shirkah": "company",
    "muassasat": "foundation", "muassasa": "foundation", "muassasah": "foundation",
    "muassassat": "foundation", "jamiyat": "society", "jamiyah": "society", "jamiya": "society",
    "jamiat": "society", "jamiet": "society", "jameat": "society", "jamiyet": "society",
    "jamiyyat": "society", "jamiyyah": "society", "jamiyya": "society", "markaz": "center",
    "tijara": "trading", "tijarah": "trading", "tijariya": "commercial", "tijariyah": "commercial",
    "tijariyya": "commercial", "tijariyyah": "commercial", "sinaat": "industries",
    "sinaah": "industries", "sinaiya": "industrial", "sinaiyah": "industrial",
    "sinaiyya": "industrial", "masraf": "bank", "sirafa": "exchange", "sirafah": "exchange",
    "sarrafa": "exchange", "sarrafah": "exchange", "khayriya": "charitable",
    "khayriyah": "charitable", "khairiya": "charitable", "khairiyah": "charitable",
    "khayriyya": "charitable", "khayriyyah": "charitable",
}
# Words joining the words of a Persian or Arabic organisation's name ("va"/"wa" and, "lil" for
# the): read in English only in a name translated for another word, and never counted as one.
CONNECTIVES: dict[str, str] = {"va": "and", "wa": "and", "lil": "for"}
# Russian whole words ("of Russia"; "Rossi" is a family name, so no stem).
WHOLE_WORDS: dict[str, str] = {"rossii": "russia", "rossiya": "russia", "rossiia": "russia",
                               # "Lazar" is a name: the romanised "laser" only as written, never one edit away
                               "lazer": "laser",
                               # the first half of "optiko-mekhanicheskiy" (optical-mechanical);
                               # "Optika" is a brand too
                               "optiko": "optical",
                               # the army (not a stem: "Armin" is a given name)
                               "armiya": "army", "armii": "army", "armiia": "army",
                               # "new" (novaya, novoye …; not a stem: "Novikov", "Novak")
                               "novaya": "new", "novoe": "new", "novoye": "new", "novyi": "new",
                               "novyy": "new", "novy": "new", "novye": "new", "novyye": "new",
                               "novykh": "new", "novogo": "new",
                               # лётный (flight), not летний (summer, Polish "letni" too)
                               "letny": "flight", "letnyy": "flight", "letnyi": "flight", "letno": "flight",
                               "letnaya": "flight", "letnoye": "flight", "letnoe": "flight",
                               "letnogo": "flight", "lyotny": "flight", "lyotnyy": "flight",
                               "vysshego": "higher", "vysshaya": "higher", "vyssheye": "higher",
                               "vysshee": "higher", "vysshiy": "higher", "vysshii": "higher",
                               "akademika": "academician", "akademik": "academician",
                               # "of devices" (not the stem: "Pribor" is a company's name)
                               "priborov": "devices",
                               # Belarusian "oil" (not a stem: "Naftan" is a refinery's name)
                               "naftavaya": "oil", "naftavy": "oil", "naftavae": "oil", "naftavaye": "oil",
                               "naftavykh": "oil",
                               # "Russian" (not a stem: "Russkikh" is a family name, "Russo" one)
                               "russkaya": "russian", "russkiy": "russian", "russkii": "russian",
                               "russky": "russian", "russkoe": "russian", "russkoye": "russian",
                               "russkogo": "russian", "russkie": "russian", "russkiye": "russian",
                               # Ukrainian "scientific" (not a stem: "Naumov" is one letter away)
                               "naukova": "scientific", "naukove": "scientific", "naukovo": "scientific",
                               "naukovyi": "scientific", "naukovyy": "scientific", "naukovy": "scientific",
                               # Russian English for an airline (aviakompaniya): "DART AIRCOMPANY"
                               "aircompany": "airline",
                               # "Sankt-Peterburg" (Saint Petersburg; Sankt Gallen, Sankt Moritz)
                               "sankt": "saint"}
# Words that say what kind of body a name is, in other languages (whole words): Nordic and Dutch
# "association" ("FORENINGEN AL-AQSA" / "AL-AQSA E.V."), and the romanised Arabic words armed
# and political groups are published with and without ("HARAKAT AL-SABIREEN" / "THE SABIREEN
# MOVEMENT"). Such a word alone makes a name an organisation's, so it is translated even in a
# name of no other lexicon word, legal form or generic word (``is_body_word``). Words that are
# also personal or place names ("Liwa", "Jamal") are left out.
BODY_WORDS: dict[str, str] = {
    "forening": "association", "foreningen": "association", "vereniging": "association",
    "harakat": "movement", "harakah": "movement", "haraket": "movement", "hareket": "movement",
    "harkat": "movement", "katibat": "brigade",
    "katibah": "brigade", "jabhat": "front", "jabhah": "front",
    "tanzim": "organization", "hizb": "party",
    # ("Tehrik" would otherwise be read one edit from the stem "tekhnik", technical.)
    "tehrik": "movement", "tehreek": "movement", "tahrik": "movement", "tahreek": "movement",
}
# English abbreviations of trade words ("Imp. & Exp. Co.") — whole words — and the plural of
# "company" that rigour does not read as the company word ("Htoo Group of Companies" is the
# "Htoo Group"; "group of companies" renders Russian "gruppa kompaniy", which reads so too).
# Also Russian "AKB" (aktsionerny kommercheskiy bank, a joint-stock commercial bank: "AKB ROSBANK
# PAO" / "PUBLIC JOINT STOCK COMPANY ROSBANK"), read as the joint-stock company form "AO" it is.
# (The kinds of Russian research and design bodies, NII, NPK, OKB, SKB, NPP, are read in
# ``ENGLISH_VARIANTS``: in any name but a person's, whatever its kind.)
ABBREVIATIONS: dict[str, str] = {"imp": "import", "exp": "export", "companies": "company", "akb": "ao"}
# Inflectional endings of a Slavic stem (romanised, after normalize.respelt), after an optional
# adjective suffix ("sudostroitel-nyi", "konstruktor-skoe").
_ENDING_RE = re.compile(r"(?:n|nn|sk)?[aeiouj]{0,3}(?:h|go|m|mu|iu|ju)?[aeiou]{0,2}")
# And, for a word read exactly as a stem (never one edit away, where a surname would be: "Naumov"),
# the genitive plural "-ov" ("KREDITOV", "MATERIALOV") too.
_EXACT_ENDING_RE = re.compile(r"(?:n|nn|sk)?[aeiouj]{0,3}(?:h|go|m|mu|iu|ju)?[aeiou]{0,2}|ov")

# Where an abbreviated legal form opens a name: after a quote mark at most, before a word, or
# before a quoted name ("РУП «Белтелеком»", "RUP «Beltelecom»").
_OPENING = r"[«\"'“]?\s*"
_BEFORE_A_NAME = r"(?=[\s«\"'“]+[^\W\d_])"
_BEFORE_A_QUOTED_NAME = r"(?=\s*[«\"'“]\s*[^\W\d_])"

# Russian and Belarusian legal forms spelt out in a romanisation rigour's tables lack
# ("Obshchestvo s ogranichennoi otvetstvennostiyu", "Zakrytaye aktsyyanernaye tavarystva"),
# written as the abbreviation rigour reads (OOO, OAO, ZAO, PAO, AO).  Longest first.
SLAVIC_LEGAL_FORMS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), abbreviation) for pattern, abbreviation in (
        (r"\binostrann\w* obs\w*estv\w* s ogranich\w* otvetstv\w*", "foreign limited liability company"),
        (r"\bobs\w*estv\w* s ogranich\w* otvetstv\w*", "ooo"),
        (r"\btavarystv\w* z abmezhav\w* adkaznas\w*", "ooo"),
        (r"\b(?:otkryt|adkryt)\w* (?:akts|akc)\w* (?:obs\w*estv|tavarystv)\w*", "oao"),
        (r"\bzakryt\w* (?:akts|akc)\w* (?:obs\w*estv|tavarystv)\w*", "zao"),
        (r"\bpublichn\w* (?:akts|akc)\w* (?:obs\w*estv|tavarystv)\w*", "pao"),
        (r"\b(?:akts|akc)\w*ern\w* (?:obs\w*estv|tavarystv)\w*", "ao"),
        # An English rendering of ПАО, the public joint-stock company ("KAMAZ PUBLICLY TRADED COMPANY").
        (r"\bpublicly[- ]traded (?:joint[- ]stock )?company\b", "pao"),
        # Belarus's unitary enterprises: the republican one (РУП) is a state enterprise, as ГУП is
        # ("РУП «Белтелеком»" / "REPUBLICAN UNITARY ENTERPRISE BELTELECOM"); the private one (ЧУП,
        # ЧТУП a private trading one, ЧПУП a private production one) a one-owner company.
        (r"\b(?:respublikansk|р[еэ]спубл[иі]канск|republican)\w* (?:unitarn\w*|ун[иі]тарн\w*|unitary) "
         r"(?:predpri|предпри|pradpryem|прадпрыем|enterprise)\w*", "gup"),
        (r"\b(?:chastn|частн|private|pryvatn|прыватн)\w* (?:(?:torgov|торгов|trading|trade|proizvodstvenn|"
         r"производственн|production)\w* )?(?:unitarn\w*|ун[иі]тарн\w*|unitary) "
         r"(?:predpri|предпри|pradpryem|прадпрыем|enterprise)\w*", "ooo"),
        # (the abbreviations opening a name only: "РУП «Белтелеком»", "ЧУП «Альфа»"; romanised —
        # RUP, RUE, ChUP, ANO, the autonomous non-profit organisation АНО is — only before a quoted
        # name: "Rup Singh", "Rue McClanahan", "Chup Sokha", "Ano Takeshi" are persons' names)
        (rf"^{_OPENING}(?:руп{_BEFORE_A_NAME}|(?:rup|rue){_BEFORE_A_QUOTED_NAME})", "gup"),
        (rf"^{_OPENING}(?:(?:чуп|чтуп|чпуп){_BEFORE_A_NAME}|(?:chup|chtup|chpup){_BEFORE_A_QUOTED_NAME})", "ooo"),
        (rf"^ano{_BEFORE_A_QUOTED_NAME}", "autonomous non-profit organization"),
    ))
_LEGAL_HINT_RE = re.compile(r"obs\w*estv|tavarystv|publicly[- ]traded|unitar|ун[иі]тар|"
                            r"(?<!\w)(?:rup|руп|rue|chup|чуп|chtup|чтуп|chpup|чпуп)(?!\w)|^ano\b")


# Spanish-language legal forms of Mexico and Colombia rigour's tables lack, spelt out or
# abbreviated with spaces ("'ALONDRA PRODUCE', SOCIEDAD DE PRODUCCION RURAL DE RESPONSABILIDAD
# ILIMITADA" / "ALONDRA PRODUCE, S.P.R. DE R.I.", "INVERSIONES LA PLATA M & M S. EN C.A."), written
# as an abbreviation rigour reads: a rural production company of limited liability as "SRL", of
# unlimited liability as "SNC" (a partnership), "S. en C.A." as "SCA", "S. en N.C." as "SNC",
# "S. de R.L." (without "de C.V.", which rigour reads) as "SRL".  Longest first.
_END = r"(?![\w.])"
HISPANIC_LEGAL_FORMS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), abbreviation) for pattern, abbreviation in (
        (r"\bsociedad de produc\w* rural de responsabilidad ilimitada" + _END, "snc"),
        (r"\bsociedad de produc\w* rural de responsabilidad limitada" + _END, "srl"),
        (r"\bs\.? ?p\.? ?r\.? de r\.? ?i\.?" + _END, "snc"),
        (r"\bs\.? ?p\.? ?r\.? de r\.? ?l\.?" + _END, "srl"),
        (r"\bs\.? ?en ?c\.? ?a\.?" + _END, "sca"),
        (r"\bs\.? ?en ?n\.? ?c\.?" + _END, "snc"),
        (r"\bsociedad en nombre colectivo" + _END, "snc"),
        (r"\bs\.? ?de ?r\.? ?l\.?(?! ?de ?c)" + _END, "srl"),
    ))
_HISPANIC_HINT_RE = re.compile(r"\bs\.? ?(?:en|de|p)\b|\bsociedad\b")


# Turkish legal forms spelt out, with or without the Turkish letters ("ANONIM SIRKETI" for Anonim
# Şirketi, rigour reading only the spelling with "ş" whole and "SIRKETI" alone as a company),
# "A.Ş." and "T.A.Ş." (Türk Anonim Şirketi), "Kooperatifi"; and the Iranian "Sherkat-e Sahami-ye
# Khass / Aam" (private / public joint-stock company): written as an abbreviation rigour reads.
# "Sanayi ve Ticaret" ("San. ve Tic.", industry and trade) just before a Turkish legal form is
# the registered form's boilerplate ("… Sanayi ve Ticaret A.Ş.", "… San. ve Tic. Ltd. Şti."),
# left out with it: lists publish "MACPAR MAKINA SAN VE TIC A.S." / "MACPAR MAKINA", "OTIK
# HAVACILIK SANAYI VE TICARET LIMITED SIRKETI" / "OTIK AVIATION". (Elsewhere, and an English
# "Industry and Trade", the words stay.)
# Casefolded "İ" is "i" and a combining dot, dropped before these are read.
_TR_I, _TR_S = "[iı]", "[sş]"
# ("Şirket" is also written without its last letter: "ALPHA VISIT SHOP DIS TICARET LIMITED SIRKET".)
# "Tasfiye halinde" (in liquidation) before a name is its status, not a word of it: "TASFIYE
# HALINDE ANKA ENERJI URETIM SANAYI VE TICARET LIMITED SIRKETI" / "ANKA ENERJI URETIM SANAYI VE
# TICARET ANONIM SIRKETI".
_SIRKETI = rf"{_TR_S}{_TR_I}rket{_TR_I}?"
TURKISH_LEGAL_FORMS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), abbreviation) for pattern, abbreviation in (
        (rf"\btasf{_TR_I}ye hal{_TR_I}nde\b ?", ""),
        (rf"\bsan(?:ay{_TR_I}{{1,2}}|\.)? (?:ve )?t{_TR_I}c(?:aret|\.)? "
         rf"(?=anon{_TR_I}m\b|l{_TR_I}m{_TR_I}ted\b|ltd\b|a\.\s?[sş]\.|a\.?\s?[sş]\.?$)", ""),
        (rf"\banon{_TR_I}m {_SIRKETI}\b", "jsc"),
        (rf"\bl{_TR_I}m{_TR_I}ted {_SIRKETI}\b", "ltd"),
        (rf"\bkollekt{_TR_I}f {_SIRKETI}\b", "ohg"),
        (rf"\bkomand{_TR_I}t {_SIRKETI}\b", "kg"),
        (r"(?<![\w.])(?:t\.\s?)?a\.\s?ş\.?(?!\w)", "jsc"),
        (rf"\bkooperat{_TR_I}f{_TR_I}\b", "cooperative"),
        (r"\b(?:sherkat-?e? )?sahami(?:-?ye?)? (?:khass?|aam?)\b", "jsc"),
        # Not legal forms: the trade phrases of Turkish company names, spelt as lists write
        # them ("IC VE DIS TICARET" / "DOMESTIC AND FOREIGN TRADE", "SAN. VE TIC." for Sanayi ve
        # Ticaret, industry and trade), whose short words the lexicon does not read alone.
        (rf"\b{_TR_I}[cç] ve d{_TR_I}{_TR_S} t{_TR_I}caret\b", "domestic and foreign trade"),
        (rf"\bd{_TR_I}{_TR_S} t{_TR_I}caret\b", "foreign trade"),
        (rf"\bsan\.? ?ve t{_TR_I}c\.?(?!\w)", "sanayi ve ticaret"),
        (rf"\bsan(?:\. ?| )t{_TR_I}c\.?(?!\w)", "sanayi ve ticaret"),  # "OZONE ... SAN. TIC. AS"
    ))
_TURKISH_HINT_RE = re.compile(rf"{_TR_S}{_TR_I}rket|a\.\s?ş|kooperat|sahami|t{_TR_I}c(?:aret|\b)|tasf{_TR_I}ye")



def spelt_legal_forms(text: str) -> str:
    """The (lower-case) text with spelt-out Russian/Belarusian legal forms abbreviated, and
    Spanish-language, Turkish and Iranian ones rigour lacks (``HISPANIC_LEGAL_FORMS``,
    ``TURKISH_LEGAL_FORMS``)."""
    if "\u0307" in text:
        text = text.replace("\u0307", "")
    if _TURKISH_HINT_RE.search(text) is not None:
        for pattern, abbreviation in TURKISH_LEGAL_FORMS:
            text = pattern.sub(abbreviation, text)
    if _HISPANIC_HINT_RE.search(text) is not None:
        for pattern, abbreviation in HISPANIC_LEGAL_FORMS:
            text = pattern.sub(abbreviation, text)
    if _LEGAL_HINT_RE.search(text) is None:
        return text
    for pattern, abbreviation in SLAVIC_LEGAL_FORMS:
        text = pattern.sub(abbreviation, text)
    return text
# A word, with the apostrophes inside it ("TOSE'E", "MU'ASSASAT", "OB'EDINENIE"), which are
# dropped before the word is looked up, as rigour drops them when it reads the name.
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’ʼ][^\W\d_]+)*")
_APOSTROPHE_RE = re.compile(r"['’ʼ]")
MIN_LEXICON_WORDS = 2


@lru_cache(maxsize=1)
def _stems() -> dict[str, str]:
    from partyscreen.matching.normalize import respelt

    return {respelt(stem): english for stem, english in SLAVIC_STEMS.items()}


@lru_cache(maxsize=1)
def _english_words() -> frozenset[str]:
    return frozenset(w for table in (SLAVIC_STEMS, BODY_WORDS) for english in table.values() for w in english.split())


def is_translation(word: str) -> bool:
    """True if the (lower-case, ASCII) word is one of the English words this lexicon reads others
    as ("unitary", "armament", "directorate", "novgorod"): a word of a body's kind, sector or
    place, never a body's own name."""
    return word in _english_words()


def is_body_word(word: str) -> bool:
    """True if the (lower-case, ASCII) word is one of ``BODY_WORDS``."""
    return word in BODY_WORDS


def translate_word(word: str, fuzzy: bool = True) -> str | None:
    """The English translation of one (lower-case) word of an organisation's name, or None;
    ``fuzzy`` also reads a word one edit from a long stem as that stem."""
    if "'" in word or "’" in word or "ʼ" in word:
        word = _APOSTROPHE_RE.sub("", word)
    exact = _exact_word(word)
    if exact is not None or not fuzzy:
        return exact
    return _near_word(word) or _near_body_word(word)


# Shortest body word (``BODY_WORDS``) a word one edit away — its first and last letters kept —
# still reads as ("Harakst" for "Harakat", in an organisation's name): a typo must not undo the
# translation of the other name's word.
MIN_FUZZY_BODY_WORD = 5


def is_near_body_word(word: str) -> bool:
    """True if the (lower-case) word is one edit from a word of ``BODY_WORDS`` (see ``translate_word``)."""
    return _near_body_word(word) is not None


@lru_cache(maxsize=1 << 16)
def _near_body_word(word: str) -> str | None:
    from rapidfuzz.distance import Levenshtein

    if len(word) < MIN_FUZZY_BODY_WORD - 1 or not word.isascii():
        return None
    for body, english in BODY_WORDS.items():
        if (len(body) >= MIN_FUZZY_BODY_WORD and body[0] == word[0] and body[-1] == word[-1]
                and Levenshtein.distance(word, body, score_cutoff=1) <= 1):
            return english
    return None


@lru_cache(maxsize=1 << 16)
def _near_word(word: str) -> str | None:
    from rigour.text.translit import ascii_text

    from partyscreen.matching.normalize import respelt

    return _near_stem(respelt(word if word.isascii() else ascii_text(word).lower()))


@lru_cache(maxsize=1 << 16)
def _exact_word(word: str) -> str | None:
    from rigour.text.translit import ascii_text

    from partyscreen.matching.normalize import respelt

    text = word if word.isascii() else ascii_text(word).lower()
    if text in ABBREVIATIONS:
        return ABBREVIATIONS[text]
    if len(text) < 4:
        return None
    if text in WHOLE_WORDS:
        return WHOLE_WORDS[text]
    if text in ORGANISATION_WORDS:
        return ORGANISATION_WORDS[text]
    if text in BODY_WORDS:
        return BODY_WORDS[text]
    key = respelt(text)
    stems = _stems()
    for end in range(len(key), 3, -1):
        english = stems.get(key[:end])
        if english is not None and _EXACT_ENDING_RE.fullmatch(key[end:]):
            return english
    return None


# Shortest stem a word one edit away still reads as (a typo'd "Elettronika", "Gpupp"): the word
# must be read as its correctly spelt counterpart is, or a typo would meet the English word
# of the other side no more.
MIN_FUZZY_STEM = 5
# Shortest stem a word with a letter inserted or dropped still reads as; shorter stems take a
# changed letter only ("Gpupp"), since a proper name is often a short stem plus letters
# ("Kargoshaee" is no "kargo").
MIN_FUZZY_INDEL_STEM = 7
# Shortest stem a word with two letters swapped still reads as ("Mahsinostroitelnoe" machine
# building, "Pirborostroitelny" instrument). Not shorter: a brand is often a short stem with two
# letters swapped ("Storytel" is no "stroitel", construction).
MIN_SWAP_STEM = 10


@lru_cache(maxsize=1)
def _stems_by_letter() -> dict[str, list[tuple[str, str]]]:
    from partyscreen.matching.normalize import respelt

    exact_only = {respelt(stem) for stem in EXACT_ONLY_STEMS}
    out: dict[str, list[tuple[str, str]]] = {}
    for stem, english in _stems().items():
        if len(stem) >= MIN_FUZZY_STEM and stem not in exact_only:
            out.setdefault(stem[0], []).append((stem, english))
    return out


def _near_stem(key: str) -> str | None:
    """The English of a stem one slip from the word's start (same first letter), or None: a
    letter changed; in a stem of ``MIN_FUZZY_INDEL_STEM`` letters or more a letter typed or
    dropped too; in one of ``MIN_SWAP_STEM`` or more two letters swapped too."""
    from rapidfuzz.distance import DamerauLevenshtein, Levenshtein

    if len(key) < MIN_FUZZY_STEM:
        return None
    size = len(key)
    for stem, english in _stems_by_letter().get(key[0], ()):
        length = len(stem)
        if size < length - 1 or size > length + 4:
            continue
        cuts = (length, length - 1, length + 1) if length >= MIN_FUZZY_INDEL_STEM else (length,)
        edits = DamerauLevenshtein if length >= MIN_SWAP_STEM else Levenshtein
        for cut in cuts:
            if cut <= size and _ENDING_RE.fullmatch(key[cut:]) and edits.distance(key[:cut], stem, score_cutoff=1) <= 1:
                return english
    return None


# Money transfers and remittances (as lists spell them: "REMMITTANCES"), the other business of an
# exchange house.
_TRANSFERS = r"(?:money |monetary |financial )?(?:transfers?|rem+it+ances?)"
# Legal forms that may come before "NPP" at the opening of a name.
_RU_FORMS = (r"ao|oao|zao|pao|ooo|jsc|ojsc|pjsc|cjsc|fgup|fsue|gup|llc|(?:open |closed |public )?joint[- ]stock company"
             r"|ао|оао|зао|пао|ооо|фгуп")
# English renderings of one term that lists vary between, read as one: "mashinostroitelny"
# is "machine building" or "machine construction", "nauchno-proizvodstvennoe" "scientific (and)
# production" or "research and production", "nauchno-issledovatelsky" "scientific research" or
# "research" ("OPEN JOINT STOCK COMPANY TIKHORETSK MACHINE CONSTRUCTION PLANT" / "... MASHINOSTROITELNY
# ZAVOD", "NPP ISTOK" / "RESEARCH & PRODUCTION CORPORATION ISTOK"). Applied to the English words
# of organisation names, as written or translated.
ENGLISH_VARIANTS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), english) for pattern, english in (
        (r"\bmachine[- ]construction\b", "machine building"),
        (r"\b(?:scientific|science|research)(?:\s*(?:and|&)\s*|[- ])production\b", "research and production"),
        (r"\bscientific[- ]research\b", "research"),
        # ... and "research and development" ("JOINT STOCK COMPANY RESEARCH AND DEVELOPMENT ENTERPRISE
        # SAPFIR" / "AO NPP SAPFIR" / "RESEARCH AND PRODUCTION ENTERPRISE SAPFIR"), wherever it is: read
        # only before a kind of body, "RESEARCH AND DEVELOPMENT CO." no longer met "... COMPANY".
        (r"\bresearch ?(?:and|&) ?development\b", "research and production"),
        # "priborostroitelny" is an instrument(-making, -engineering) plant, "mashinostroeniya"
        # machine building or mechanical engineering ("MYTISHCHI INSTRUMENT ENGINEERING PLANT" /
        # "MYTISHCHINSKII PRIBOROSTROITELNYI ZAVOD", "SEA BUREAU OF MECHANICAL ENGINEERING MALAKHIT"
        # / "MORSKOYE BYURO MASHINOSTROYENIYA MALAKHIT").
        (r"\binstrument[- ](?:making|engineering|building)\b", "instrument"),
        (r"\b(engines?|aircraft)[- ]building\b", r"\1"),
        (r"\b(?:machinery[- ]building|mechanical[- ]engineering)\b", "machine building"),
        # A money exchange is an exchange house: "ROSHAN MONEY EXCHANGE" / "ROSHAN SARAFI",
        # "AL-KAWTHAR MONEY EXCHANGE" / "AL-KAWTHAR HAWALA" (not a stock or commodity exchange,
        # whose word stays). So is a money or currency exchange's office, shop or house, a money
        # services provider (Afghan hawaladars: "NEW ANSARI MONEY SERVICES PROVIDER" / "NEW ANSARI
        # MONEY EXCHANGE"), a money transfer business ("AL-KHALIDI MONEY TRANSFER OFFICE" /
        # "AL-KHALIDI EXCHANGE"), and an exchange "and (money) transfer(s)" or "and remittance(s)"
        # ("SAKSOUK EXCHANGE AND MONEY TRANSFER COMPANY" / "SAKSOUK EXCHANGE COMPANY").
        (r"\b(?:money|currency) exchange\b", "exchange"),
        (rf"\b(?:{_TRANSFERS}) (?:and|&) (?:money |currency )?exchange\b", "exchange"),
        (rf"\bexchange( company)?(?: (?:and|&) (?:{_TRANSFERS}))+\b", r"exchange\1"),
        (r"\bexchange (?:office|shop|house|bureau)\b", "exchange"),
        # English spellings of two places the Russian place adjectives are read as
        # (``IRREGULAR_PLACES``): "BYELORUSSIAN STEEL WORKS" / "BELORUSSKI METALLURGICHESKI
        # ZAVOD", "ST. PETERSBURG'S SEA BUREAU" / "SANKT-PETERBURGSKOYE MORSKOYE BYURO".
        (r"\b(?:byelorussian|belorussian|byelarusian|belarussian)\b", "belarusian"),
        # "raketny" is a rocket or a missile body ("PROGRESS ROCKET SPACE CENTRE" / "RAKETNO-
        # KOSMICHESKIY TSENTR PROGRESS", "TACTICAL MISSILES CORPORATION").
        # "raketnoe vooruzhenie" (missile armament) is what English calls missiles: "TACTICAL
        # MISSILES CORPORATION" / "KORPORATSIYA TAKTICHESKOE RAKETNOE VOORUZHENIE".
        (r"\b(?:raketn|ракетн)\w* +(?:vooruzhen|вооружен)\w*", "missile"),
        (r"\b(?:rockets?|missiles)\b", "missile"),
        # "zheleznaya doroga" (iron road) is a railway: "АО «Российские железные дороги»" / "RUSSIAN
        # RAILWAYS", "ZHELEZNYE DOROGI"; the adjective alone ("Zheleznogorsk") is no railway.
        (r"\b(?:zhelezn|железн)\w* +(?:dorog|дорог)\w*", "railways"),
        # "vooruzhennye sily" are the armed forces ("Главное управление Генерального штаба
        # Вооруженных сил" / "MAIN DIRECTORATE OF THE GENERAL STAFF OF THE ARMED FORCES"), and
        # "voyska" troops or forces as lists please ("NATIONAL GUARD TROOPS" / "... FORCES").
        (r"\b(?:vooruzhenn|вооруженн|вооружённ)\w* +(?:sil|сил)\w*", "armed forces"),
        (r"\btroops\b", "forces"),
        # The kinds of Russian research and design bodies, abbreviated, read as the words they
        # abbreviate ("NPK URALVAGONZAVOD" / "RESEARCH AND PRODUCTION CORPORATION URALVAGONZAVOD",
        # "NII POLYUS" / "RESEARCH INSTITUTE POLYUS", "OKB SUKHOI" / "SUKHOI EXPERIMENTAL DESIGN
        # BUREAU"; ЦНИИ romanised "cnii"), in any name but a person's whatever its kind, so that a
        # bare "NII KVANT" reads as the listed one does. Not "NPO" (a non-profit organisation in
        # English, a legal form to rigour) nor "KB" (a bank's name: "KB Kookmin").
        (r"\b(?:nii|нии)\b", "research institute"), (r"\b(?:tsnii|cnii|цнии)\b", "central research institute"),
        (r"\b(?:npk|нпк)\b", "research and production corporation"),
        (r"\b(?:okb|окб)\b", "experimental design bureau"), (r"\b(?:skb|скб)\b", "special design bureau"),
        # "NPP" opening a name (after a legal form at most) and followed by its name is a research and
        # production enterprise ("AO NPP ISTOK" / "RESEARCH AND PRODUCTION ENTERPRISE ISTOK"); after a
        # name it is a nuclear power plant ("ZAPORIZHZHYA NPP", "DOLGOPRUDNENSKOYE NPP OAO" as
        # written).
        (rf"^((?:(?:{_RU_FORMS})\s+|[«\"'“]\s*)*)(?:npp|нпп)\b(?=\s*[«\"'“]?\s*(?!(?:{_RU_FORMS})\b)[^\W\d_])",
         r"\1research and production enterprise"),
        (r"\bst\b\.? ?(?=petersburg)", "saint "),
        # "vozdushno-kosmicheskaya" is air and space, which English writes "aerospace" ("AIR AND SPACE
        # DEFENSE CONCERN ALMAZ-ANTEY" / "AEROSPACE DEFENSE CONCERN ALMAZ-ANTEY"); the Russian
        # defence bodies' abbreviations VKO (aerospace defence) and PVO (air defence), in any name
        # but a person's ("JSC CONCERN VKO ALMAZ-ANTEY", "CONCERN PVO ALMAZ-ANTEY").
        (r"\b(?:air|aero)(?:[- ]?(?:and|&) ?| ?[-/] ?| )space\b", "aerospace"),
        (r"\b(?:vko|вко)\b", "aerospace defence"), (r"\b(?:pvo|пво)\b", "air defence"),
    ))
_VARIANT_HINT_RE = re.compile(r"construction|production|scientific|exchange|instrument|machinery|mechanical|"
                              r"building|russian|petersburg|rocket|missiles|raketn|ракетн|npp|нпп|zhelezn|железн|"
                              r"development|nii|нии|npk|нпк|okb|окб|skb|скб|space|vko|вко|pvo|пво|vooruzh|вооруж|"
                              r"troops")


# A state's adjective read as the state's name in an organisation's name, for the states rigour
# does not read so (it reads "Russian", "Ukrainian"): lists publish a state body as "BELARUSIAN
# STATE SECURITY COMMITTEE" and as "STATE SECURITY COMMITTEE OF THE REPUBLIC OF BELARUS",
# "SYRIAN MILITARY INTELLIGENCE" and "... OF SYRIA". Only states whose adjective is no common
# word or name of its own elsewhere (not "Polish", "Georgian", "Jordanian", "Turkish", "Indian",
# "Afghan": "Sher Afghan" is a man's name; "Malian": "mali" is Turkish and Persian for financial),
# and not "Chinese" or "Korean", which the Han and Korean rules read; in a name that reads as an
# organisation's only.
STATE_ADJECTIVES: dict[str, str] = {
    "belarusian": "belarus", "iranian": "iran", "syrian": "syria", "venezuelan": "venezuela", "cuban": "cuba",
    "iraqi": "iraq", "lebanese": "lebanon", "burmese": "burma",
    "nicaraguan": "nicaragua", "libyan": "libya", "sudanese": "sudan", "yemeni": "yemen", "kazakh": "kazakhstan",
    "kazakhstani": "kazakhstan", "uzbek": "uzbekistan", "kyrgyz": "kyrgyzstan", "armenian": "armenia",
    "azerbaijani": "azerbaijan", "serbian": "serbia", "pakistani": "pakistan", "turkmen": "turkmenistan",
    "tajik": "tajikistan", "moldovan": "moldova", "latvian": "latvia", "lithuanian": "lithuania",
    "estonian": "estonia", "egyptian": "egypt", "qatari": "qatar", "emirati": "emirates", "somali": "somalia",
    "eritrean": "eritrea", "ethiopian": "ethiopia", "nigerian": "nigeria",
    "zimbabwean": "zimbabwe", "congolese": "congo", "vietnamese": "vietnam", "mongolian": "mongolia",
}
_STATE_ADJECTIVE_RE = re.compile(rf"\b(?:{'|'.join(STATE_ADJECTIVES)})\b")


def state_names(text: str) -> str:
    """The (lower-case) text of an organisation's name with each state's adjective of
    ``STATE_ADJECTIVES`` read as the state's name."""
    if _STATE_ADJECTIVE_RE.search(text) is None:
        return text
    return _STATE_ADJECTIVE_RE.sub(lambda m: STATE_ADJECTIVES[m.group()], text)


def english_variants(text: str) -> str:
    """The (lower-case) text with the English variants of ``ENGLISH_VARIANTS`` made one."""
    if _VARIANT_HINT_RE.search(text) is None:
        return text
    for pattern, english in ENGLISH_VARIANTS:
        text = pattern.sub(english, text)
    return text


def translate(text: str, keep: frozenset[str] = frozenset(), fuzzy: bool = False) -> tuple[str, int]:
    """The text with each word of the lexicon replaced by its English, and the number replaced.

    ``fuzzy``: words one edit from a long stem count too (for a name known to be an
    organisation's). Words in ``keep`` (those of a legal form the name was read with: "Federalnoe gosudarstvennoe
    unitarnoe predpriyatie") stay as written, so the legal form is read as before. A lone "i"
    (Russian "and") between two translated words is "and" ("Sistemy i Kompleksy"); in a name with
    a translated word, a lone "va" / "wa" (Persian, Arabic "and") and "lil" ("for the") between
    two words are read in English (``CONNECTIVES``: "Sarafi Kambiz Nabizadeh va Shoraka").
    Apostrophes inside a word are dropped before it is looked up ("Tose'e", "Mu'assasat").
    """
    count = 0

    def sub(m: re.Match[str]) -> str:
        nonlocal count
        word = m.group()
        english = None if word in keep else translate_word(word, fuzzy)
        if english is None or english == word or len(word) >= 5 and (english.startswith(word) or word.startswith(english)):
            return word  # the English word itself ("institute", "systems")
        count += 1
        return english

    out = _WORD_RE.sub(sub, text)
    if count >= 2:
        out = _AND_RE.sub(_and, out)
    if count and _CONNECTIVE_RE.search(out) is not None:
        out = _CONNECTIVE_RE.sub(lambda m: CONNECTIVES[m.group()], out)
    return out, count


# A connective (``CONNECTIVES``) as a word of its own between two words.
_CONNECTIVE_RE = re.compile(r"(?<=\w[ -])(?:va|wa|lil)(?=[ -]\w)")


_AND_RE = re.compile(r"(\w+) [iи] (\w+)")


def _and(m: re.Match[str]) -> str:
    english = {e for v in (*SLAVIC_STEMS.values(), *WHOLE_WORDS.values(), *BODY_WORDS.values(),
                           *ABBREVIATIONS.values(), *ORGANISATION_WORDS.values()) for e in v.split()}
    if m.group(1) in english and m.group(2) in english:
        return f"{m.group(1)} and {m.group(2)}"
    return m.group()


# A Slavic place adjective, romanised: the place's stem, the suffix "-sk-" ("-ck-" in Polish and
# Czech spellings) and an adjective's ending — Russian (-iy, -ii, -yy, -y, -oy, -aya, -oe, -ogo,
# -ikh, -omu …), Ukrainian (-yi, -a, -e, -oho, -ykh) or Belarusian (-i, -aya, -ae, -aha):
# "Kazanskiy", "Uralskaya", "Arzamasskoe", "Dubnenskogo", "Kharkivskyi", "Minski" (not the
# instrumental "-skom", "-skim", the end of coined names: "Transkom").
_PLACE_ADJECTIVE_RE = re.compile(
    r"([a-z]{3,}?)[sc]k(?:(ii|iy|yy|yi|ij|yj|i|y|oy|oi|oj)|aya|aia|aja|a|oe|oye|oje|oie|e|aye|ae|aje|ogo|oho|ovo|"
    r"aha|ei|ey|ie|iye|iie|ye|yye|ikh|ykh|ix|ih|yh|ych|omu|oyu|oiu|uyu|uiu)")
# The stem of a family name as well as of a place ("Petrov", "Ivanov", "Kuzmin", "Sokolov" /
# "Saratov", "Tambov"): its adjective in the masculine nominative ("Petrovsky", "Kaminsky") is a
# family name as often, and a company named after a Mr Petrovsky is not Petrov's; only the other
# genders and cases ("Petrovskaya", "Tambovskoe", "Saratovskogo"), which agree with a noun, are
# read as its place.
_FAMILY_STEM_ENDINGS = ("ov", "ev", "in", "yn")
# Places their adjective does not spell (its stem, before "-sk-"), with their English names and
# adjectives: "MOSKOVSKY INDUSTRIALNY BANK" / "MOSCOW INDUSTRIAL BANK", "TULSKIY ORUZHEYNYY
# ZAVOD" / "TULA ARMS PLANT", "SIBIRSKAYA SERVISNAYA KOMPANIYA" / "SIBERIAN SERVICE COMPANY",
# "SANKT-PETERBURGSKOYE MORSKOYE BYURO" / "ST. PETERSBURG'S SEA BUREAU", "KRYMSKE RESPUBLIKANSKE
# PIDPRYEMSTVO" / "CRIMEAN REPUBLICAN ENTERPRISE", "BELORUSSKAYA TSEMENTNAYA KOMPANIYA" /
# "BELARUSIAN CEMENT COMPANY", "UFIMSKOYE MOTOROSTROITELNOYE" / "UFA ENGINE"; Russian, Ukrainian
# ("Kyivskyi") and Belarusian ("Belaruski") spellings.
IRREGULAR_PLACES: dict[str, tuple[str, ...]] = {
    "moskov": ("moscow", "moskva"), "tul": ("tula",), "peterburg": ("petersburg",),
    "sibir": ("siberian", "siberia"), "kiev": ("kiev", "kyiv"), "kyiv": ("kiev",), "kiyiv": ("kyiv", "kiev"),
    "belorus": ("belarusian", "belarus"), "belarus": ("belarusian", "belarus"), "belaru": ("belarusian", "belarus"),
    "ufim": ("ufa",), "kaluzh": ("kaluga",), "krym": ("crimean", "crimea"), "kaspiy": ("caspian",),
    "kaspii": ("caspian",),
}
# Fewest letters of a place read from its adjective ("Ural" of "Uralskiy"; "Tula" of "Tulskiy"
# is listed, ``IRREGULAR_PLACES``): a shorter stem is as often a syllable of another word.
MIN_PLACE_LETTERS = 4
# Fewest letters of both words for a place read from its adjective to meet the other name's
# word with a typo or in another romanisation ("Kronshtadtskyy" / "Kronstadt", "Yaroslavskiy" /
# "Yaroslavl").
MIN_PLACE_TYPO_LETTERS = 6
_VOWEL_END = frozenset("aeiouy")


@lru_cache(maxsize=1 << 16)
def place_readings(word: str) -> tuple[str, ...]:
    """The places a (lower-case, ASCII) Slavic place adjective may be made from
    (``_PLACE_ADJECTIVE_RE``): its stem without the suffix "-sk-" and ending ("Kazanskiy" →
    kazan, "Novosibirskiy" → novosibir), and without the linking "-en-"/"-in-" too ("Dubnenskiy"
    → dubn, "Penzenskiy" → penz, "Mytishchinskiy" → mytishch); () for any other word.  A place
    whose own name ends in "-sk" ("Novosibirsk", "Tomsk") keeps it in its adjective, read by the
    scorer's inflection rule."""
    m = _PLACE_ADJECTIVE_RE.fullmatch(word)
    if m is None:
        return ()
    stem = m.group(1)
    family = m.group(2) is not None and stem.endswith(_FAMILY_STEM_ENDINGS)
    readings = [stem] if len(stem) >= MIN_PLACE_LETTERS and not family else []
    readings.extend(IRREGULAR_PLACES.get(stem, ()))
    if stem.endswith(("en", "in")) and len(stem) - 2 >= MIN_PLACE_LETTERS:
        readings.append(stem[:-2])
    return tuple(readings)


def _ends_like_adjective(word: str) -> bool:
    """Whether "-sk-"/"-ck-" stands among the word's last six letters (``_PLACE_ADJECTIVE_RE``'s
    longest ending is three letters)."""
    end = word[-6:]
    return "sk" in end or "ck" in end


@lru_cache(maxsize=1 << 16)
def _village_stem(word: str) -> str:
    """The stem of a masculine place adjective that reads as a family name too ("Ivanovskiy",
    "Yartsevskiy", "Pushkinskiy", see ``_FAMILY_STEM_ENDINGS``), else "": read as a place only
    against a place named "-ovo", "-evo", "-ino" ("Ivanovo", "Yartsevo", "Pushkino"), which is
    no family name."""
    m = _PLACE_ADJECTIVE_RE.fullmatch(word)
    if m is None or m.group(2) is None:
        return ""
    stem = m.group(1)
    return stem if len(stem) >= MIN_PLACE_LETTERS and stem.endswith(_FAMILY_STEM_ENDINGS) else ""


def place_similarity(a: str, b: str, similarity: Callable[[str, str], float]) -> float:
    """How alike two words of organisation names are, 0–1, when one is a Slavic place adjective
    and the other its place, as lists publish a Russian, Ukrainian or Belarusian body's name
    romanised and in English ("KAZANSKII VERTOLETNYI ZAVOD" / "KAZAN HELICOPTERS", "URALSKI ZAVOD"
    / "URAL FACTORY", "ARZAMASSKIY PRIBOROSTROITELNYI ZAVOD" / "ARZAMAS INSTRUMENT PLANT",
    "DUBNENSKY MACHINE BUILDING PLANT" / "DUBNA MACHINE BUILDING PLANT"): the adjective's
    readings (``place_readings``) against the word, and against the word without its final vowel
    ("Tula", "Dubna", "Mytishchi": the Russian stem the adjective is made from) — 1 when one is
    the other, else ``similarity`` (a typo, another romanisation) for words of
    ``MIN_PLACE_TYPO_LETTERS`` letters or more; 0 when neither word is a place adjective (or
    both are). A masculine adjective of a family name's stem meets only a place in "-o"
    (``_village_stem``). Irregular adjectives ("Moskovskiy" / "Moscow") are read through
    ``IRREGULAR_PLACES``. The caller keeps it to organisation names: "Kazansky" and "Moskovsky"
    are family names too."""
    if not (_ends_like_adjective(a) or _ends_like_adjective(b)):
        return 0.0  # (the common case, decided without a look-up: this runs for most word pairs)
    best = 0.0
    for adjective, other in ((a, b), (b, a)):
        readings = place_readings(adjective)
        village = _village_stem(adjective)
        if not (readings or village) or _PLACE_ADJECTIVE_RE.fullmatch(other) is not None:
            continue
        if village and other[-1] == "o" and other[:-1] == village:
            return 1.0
        forms = (other, other[:-1]) if other[-1] in _VOWEL_END and len(other) > MIN_PLACE_LETTERS else (other,)
        for reading in readings:
            for form in forms:
                if form is not other and other[-1] != "o" and reading.endswith(_FAMILY_STEM_ENDINGS):
                    continue  # "Petrovskaya" / "Petrova": a woman's family name; "Ivanovskaya" / "Ivanovo"
                if reading == form:
                    return 1.0
                if min(len(reading), len(form)) >= MIN_PLACE_TYPO_LETTERS:
                    best = max(best, similarity(reading, form))
    return best
