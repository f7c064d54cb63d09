"""Business cities: a gazetteer of the world's major commercial cities and ports, for reading the
place before branch or office wording ("BANK SEPAH Frankfurt Branch", forms.py).

rigour's territories know countries, their regions and capitals (and a few big cities), not the
big business cities that are none of these — Shenzhen, Frankfurt, Guangzhou, Houston, Karachi,
Milan, Almaty, Jeddah … — so a branch there kept the city in its parent and missed the listed
party. No installed package lists cities with their populations (rigour, Faker and PyICU are the
ones that could; rigour has no cities, Faker's are made up or unranked, ICU's time-zone cities
are too few), so the list is written by hand.

Provenance: compiled by hand (2026) after the UN World Urbanization Prospects list of urban
agglomerations of one million people or more, the largest container and bulk ports (Lloyd's List
top 100 ports) and the financial centres of the Global Financial Centres Index, with the
spellings met in company and sanctions-list names: pinyin with or without spaces, hyphens and
apostrophes ("Xi'an", "Xian"), old and new names ("Bombay", "Mumbai"), local and English forms
("Frankfurt am Main", "Sankt-Peterburg", "St. Petersburg"); then the cities most often met in
OFAC's SDN addresses that neither rigour nor the list knew (Culiacan, Zapopan, Yazd, Asaluyeh,
Zelenograd, Dubna …, the lines after Suva). Not checked entry by entry against those sources: it
is a list of places, not of populations.

Left out on purpose: names that are also common words, given names, family names or company
name words, which a sister company's name could end with before its branch wording ("Acme
Phoenix Branch Office" is as likely the branch of "Acme Phoenix" as Acme's branch in Phoenix):
Reading, Mobile, Nice, Bath, Split, Union, Phoenix, Aurora, Independence, Concord, Austin,
Dallas, Charlotte, Columbus, Cleveland, Orlando, Raleigh, Savannah, Jackson, Lincoln, Hamilton,
Richmond, Washington, Kingston, Wellington, Halifax, Norfolk, Florence, Salvador, Santos,
Rosario, Cordoba, Leon, Colon, Medina, Cork, Bergen, Kawasaki, Toyota, Suez, Santiago, San Juan,
Gent (for Ghent), every "Santa …" and smaller cities that are chiefly family names (Trujillo,
Matamoros, Nogales, Pereira, Cuenca, Merida, Kirov, Korolev) (rigour's territories, not this list, still make a place of
Victoria, Georgia, Jersey, Chad or Panama). Names of three letters or fewer are no use either
(forms.py reads such a word as a place only in capitals). Cities whose names are also personal
names are kept but marked "~" (see ``_CITIES``).

Lookup: by the letters alone, folded to ASCII and lower case, so spaces, hyphens, dots and
apostrophes do not count ("Hong Kong" = "Hongkong", "Xi'an" = "Xian", "St. Petersburg" =
"St Petersburg", "Zürich" = "Zurich"). Loaded on first use and kept (``business_city``), so
``import partyscreen`` stays cheap.
"""

from __future__ import annotations

import re
from functools import cache

# One city a line: its names, separated by "|". Grouped by country (ISO code first, for review).
# "~" marks a name that is also a given or family name (found among Faker's personal names of 13
# locales, or known as one: Chiba, Sakai, Kobe, Samara, Odessa, Shiraz …): "John Michael Houston
# Branch" is a person named Branch, so before "Branch" alone such a city counts as a place only
# after a name that reads as an organisation's.
_CITIES = """
cn: Beijing|Peking|Shanghai|Guangzhou|~Canton|Shenzhen|Tianjin|Tientsin|Chongqing|Chungking|Chengdu|Wuhan
cn: Hangzhou|Nanjing|Nanking|Xi'an|Shenyang|Harbin|Dalian|Qingdao|Tsingtao|Jinan|Zhengzhou|Changsha|Kunming
cn: Fuzhou|Xiamen|Amoy|Ningbo|Suzhou|Wuxi|Changzhou|Nantong|Hefei|Nanchang|Shijiazhuang|Taiyuan|Tangshan
cn: Baotou|Hohhot|Urumqi|Lanzhou|Xining|Yinchuan|Guiyang|Nanning|Haikou|Sanya|Zhuhai|Dongguan|Foshan
cn: Zhongshan|Huizhou|Shantou|Jiangmen|Quanzhou|Wenzhou|Jinhua|Yiwu|Shaoxing|Jiaxing|Huzhou|Xuzhou|Yangzhou
cn: Zhenjiang|Lianyungang|Yantai|Weihai|Weifang|Zibo|Linyi|Rizhao|Luoyang|Changchun|Daqing|Qiqihar
cn: Anshan|Fushun|Yingkou|Dandong|Jinzhou|Qinhuangdao|Baoding|Handan|Datong|Wuhu|Zhuzhou|Xiangtan|Yichang
cn: Xiangyang|Liuzhou|Guilin|Beihai|Zhanjiang|Mianyang|Yibin|Kashgar|Lhasa|Taizhou|Zhoushan|Shekou
hk: Hong Kong|Kowloon|Macau|Macao
tw: Taipei|Kaohsiung|Taichung|Tainan|Taoyuan|Hsinchu|Keelung
jp: Tokyo|Osaka|Yokohama|Nagoya|~Kobe|Kyoto|Fukuoka|Sapporo|Hiroshima|Sendai|~Chiba|Kitakyushu|~Sakai|Niigata
jp: Hamamatsu|Shizuoka|~Okayama|Kumamoto|Kagoshima
kr: Seoul|Busan|Pusan|Incheon|Inchon|Daegu|Taegu|Daejeon|Taejon|Gwangju|Kwangju|Ulsan|Suwon|Changwon
kp: Pyongyang|Nampo|Chongjin|Sinuiju|Rason
in: Mumbai|Bombay|Delhi|New Delhi|Bangalore|Bengaluru|Hyderabad|Ahmedabad|Chennai|Madras|Kolkata|Calcutta
in: Pune|Poona|Surat|Jaipur|Lucknow|Kanpur|Nagpur|Indore|Thane|Bhopal|Visakhapatnam|Vizag|Patna|Vadodara
in: Baroda|Ludhiana|Agra|Nashik|Faridabad|Meerut|Rajkot|Varanasi|Srinagar|Amritsar|Coimbatore|Madurai|Kochi
in: Cochin|Gurgaon|Gurugram|Noida|Chandigarh|Mangalore|Kandla|Mundra|Nhava Sheva
pk: Karachi|Lahore|Faisalabad|Rawalpindi|Islamabad|Multan|Peshawar|Gujranwala|Quetta|Sialkot|Gwadar
bd: Dhaka|Dacca|Chittagong|Chattogram|Khulna
lk: ~Colombo
af: Kabul|Kandahar|Herat|Mazar-i-Sharif
np: Kathmandu
my: Kuala Lumpur|Penang|Johor Bahru|Port Klang|Klang|Labuan
sg: Singapore
id: Jakarta|Surabaya|Bandung|Medan|Semarang|Makassar|Batam|Palembang
th: Bangkok|Laem Chabang|Chiang Mai
vn: Ho Chi Minh City|Ho Chi Minh|Saigon|Hanoi|Haiphong|Da Nang
ph: Manila|Quezon City|Cebu|Davao
kh: Phnom Penh
la: Vientiane
mm: Yangon|Rangoon|Mandalay|Naypyidaw
bn: Bandar Seri Begawan
ae: Dubai|Abu Dhabi|Sharjah|Ajman|Jebel Ali|Fujairah|Ras Al Khaimah
qa: Doha
bh: Manama
kw: Kuwait City
om: Muscat|Sohar|Salalah
sa: Riyadh|Jeddah|Jiddah|Jedda|Mecca|Makkah|Dammam|Khobar|Al Khobar|Jubail|Yanbu
ir: Tehran|Teheran|Mashhad|Isfahan|Esfahan|Karaj|~Shiraz|Tabriz|Qom|Ahvaz|Ahwaz|Bandar Abbas|~Kish|Bushehr
iq: Baghdad|Basra|Basrah|Mosul|~Erbil|Arbil|Sulaymaniyah
sy: Damascus|Aleppo|Latakia
lb: Beirut
jo: Amman|Aqaba
il: ~Jerusalem|Tel Aviv|Tel Aviv-Yafo|Haifa|Ashdod
ye: Sanaa|Sana'a|~Aden|Hodeidah
tr: Istanbul|Ankara|Izmir|Bursa|Antalya|Adana|Gaziantep|Konya|Mersin|Kocaeli|Izmit
az: Baku
ge: Tbilisi|Batumi|Poti
am: Yerevan
kz: Almaty|Alma-Ata|Astana|Nur-Sultan|Shymkent|Aktau|Atyrau|Karaganda
uz: Tashkent|Toshkent|Samarkand|Bukhara
kg: Bishkek
tj: Dushanbe
tm: Ashgabat|Ashkhabad
mn: Ulaanbaatar|Ulan Bator
ru: Moscow|Moskva|Saint Petersburg|St. Petersburg|Sankt-Peterburg|Sankt Petersburg|Saint-Pétersbourg
ru: Novosibirsk
ru: Yekaterinburg|Ekaterinburg|~Kazan|Nizhny Novgorod|Nizhniy Novgorod|Chelyabinsk|~Samara|Omsk
ru: Rostov-on-Don|Rostov-na-Donu|Krasnoyarsk|Voronezh|Perm|Volgograd|Krasnodar|Saratov|Tyumen
ru: Tolyatti|~Togliatti|Izhevsk|Barnaul|Ulyanovsk|Irkutsk|Khabarovsk|Yaroslavl|Vladivostok|Makhachkala
ru: Tomsk|Orenburg|Kemerovo|Novokuznetsk|Ryazan|Astrakhan|Naberezhnye Chelny|Penza|Kaliningrad|Murmansk
ru: Arkhangelsk|Novorossiysk|Sochi|Surgut|Nakhodka|Yakutsk|Sevastopol|Simferopol
ua: Kyiv|Kiev|Kharkiv|Kharkov|Odesa|~Odessa|Dnipro|Dnipropetrovsk|Lviv|Lvov|Zaporizhzhia|Zaporozhye
ua: Donetsk|Mariupol|Mykolaiv
by: Minsk|Gomel|Homel|Grodno|Vitebsk
md: Chisinau|Kishinev
lv: Riga
ee: Tallinn
lt: Vilnius|Klaipeda
gb: London|Birmingham|Manchester|Liverpool|Glasgow|Edinburgh|Leeds|Bristol|Sheffield|Southampton
gb: Felixstowe|Aberdeen|Belfast|Cardiff
ie: Dublin
fr: Paris|Marseille|Marseilles|Lyon|Toulouse|Lille|Bordeaux|Le Havre|Strasbourg|Nantes
de: Berlin|Hamburg|Munich|München|Muenchen|Cologne|Köln|Koeln|Frankfurt|Frankfurt am Main|Frankfurt/Main
de: Frankfurt a.M.
de: Stuttgart|Düsseldorf|Duesseldorf|Dortmund|Essen|Leipzig|Bremen|Bremerhaven|Dresden|Hannover|Hanover
de: Nuremberg|Nürnberg|Nuernberg|Duisburg|Mannheim|Karlsruhe|Wiesbaden|Kiel|Rostock
nl: Amsterdam|Rotterdam|The Hague|~Den Haag|Eindhoven|Utrecht
be: Antwerp|Antwerpen|Anvers|Brussels|Bruxelles|Brussel|Ghent|Zeebrugge
lu: Luxembourg
ch: Zurich|Zürich|Zuerich|Geneva|Genève|Genf|Basel|Bâle|Lugano
at: Vienna|Wien|Linz|Graz
cz: Prague|Praha|Brno
sk: Bratislava
hu: Budapest
pl: Warsaw|Warszawa|Krakow|Kraków|Cracow|Lodz|Łódź|Wroclaw|Wrocław|Poznan|Poznań|Gdansk|Gdańsk|Gdynia
pl: Szczecin|Katowice
ro: Bucharest|București|Bucuresti|Constanta|Constanța|Cluj-Napoca
bg: Sofia|Varna|Plovdiv
rs: Belgrade|Beograd
hr: Zagreb|Rijeka
si: Ljubljana|Koper
ba: Sarajevo
mk: Skopje
al: Tirana|Durres
me: Podgorica
gr: Athens|Piraeus|Thessaloniki|Salonica
cy: Nicosia|Limassol
mt: Valletta
it: Rome|~Roma|~Milan|Milano|Naples|Napoli|Turin|Torino|Genoa|Genova|Palermo|Bologna|Firenze|Venice|Venezia
it: Trieste|Gioia Tauro|La Spezia|Livorno
es: Madrid|Barcelona|~Valencia|Seville|~Sevilla|~Bilbao|Malaga|Málaga|~Zaragoza|Algeciras|Las Palmas
pt: Lisbon|Lisboa|~Porto|Oporto|Sines
dk: Copenhagen|København|Aarhus
se: Stockholm|Gothenburg|Göteborg|Malmö
no: Oslo
fi: Helsinki
is: Reykjavik
mc: Monaco
li: Vaduz
us: New York|New York City|Los Angeles|Chicago|~Houston|Philadelphia|San Antonio|San Diego|Fort Worth
us: San Jose|Jacksonville|San Francisco|Seattle|~Denver|Boston|Detroit|Nashville|Memphis|Portland|Las Vegas
us: Baltimore|Milwaukee|Atlanta|Miami|Minneapolis|Pittsburgh|St. Louis|Saint Louis|Kansas City|Tampa
us: New Orleans|Long Beach|Oakland|Honolulu|Anchorage|Salt Lake City|Sacramento|Indianapolis|Cincinnati
us: Stamford|Silicon Valley|Palo Alto
ca: Toronto|Montreal|Montréal|Vancouver|Calgary|Edmonton|Ottawa|Winnipeg|Quebec City
mx: Mexico City|Ciudad de Mexico|Guadalajara|Monterrey|Puebla|Tijuana|Ciudad Juarez|Manzanillo|Veracruz
mx: Cancun
cu: Havana|La Habana
do: Santo Domingo
pa: Panama City
gt: Guatemala City
sv: San Salvador
hn: Tegucigalpa|San Pedro Sula
ni: Managua
ht: Port-au-Prince
co: Bogota|Bogotá|Medellin|Medellín|Cali|Barranquilla|Cartagena
ve: Caracas|Maracaibo
ec: Quito|Guayaquil
pe: ~Lima|Callao
cl: Valparaiso
bo: La Paz
py: ~Asuncion|~Asunción
uy: Montevideo
ar: Buenos Aires
br: Rio de Janeiro|Sao Paulo|São Paulo|Brasilia|Brasília|Belo Horizonte|Fortaleza|Recife|Porto Alegre
br: Curitiba|Manaus|Belem|Belém|Goiania|Campinas|Paranagua|Itajai
eg: Cairo|~Alexandria|Giza|Port Said
ma: Casablanca|Rabat|Tangier|Tanger|Marrakesh|Marrakech
dz: Algiers|~Oran
tn: Tunis|Sfax
ly: Tripoli|Benghazi
sd: Khartoum|Port Sudan
et: Addis Ababa
dj: Djibouti
so: Mogadishu
ke: Nairobi|Mombasa
ug: Kampala
rw: Kigali
tz: Dar es Salaam|Zanzibar
zm: Lusaka
zw: Harare|Bulawayo
mz: Maputo|Beira
ao: Luanda
cd: Kinshasa|Lubumbashi
cg: Brazzaville|Pointe-Noire
ga: Libreville
cm: Douala|Yaounde|Yaoundé
ng: ~Lagos|Abuja|Kano|Ibadan|Port Harcourt
gh: Accra|Tema|Kumasi
ci: Abidjan
sn: Dakar
gn: Conakry
sl: Freetown
lr: Monrovia
ml: Bamako
bf: Ouagadougou
ne: Niamey
tg: Lome|Lomé
bj: Cotonou
td: N'Djamena
za: Johannesburg|Cape Town|Durban|Pretoria|Port Elizabeth|Gqeberha
na: Windhoek|Walvis Bay
bw: Gaborone
mg: Antananarivo
mu: Port Louis
au: ~Sydney|Melbourne|Brisbane|~Perth|~Adelaide
nz: Auckland|Christchurch
pg: Port Moresby
fj: Suva
ir: Orumiyeh|Qeshm|Qeshm Island|Mahshahr|Bandar Mahshahr
sy: Tartous
il: Ramat Gan
my: Petaling Jaya
ru: Velikiy Novgorod|Veliky Novgorod|Podolsk|Balashikha
cn: Jining|Jiujiang|Ganzhou|Zunyi|Anyang|Xinxiang|Nanyang|Kunshan|Jiangyin|Changshu|Zhangjiagang|Yancheng
cn: Huai'an|Taicang|Jingdezhen
in: Navi Mumbai|Ghaziabad|Ranchi|Jabalpur|Gwalior|Vijayawada|Jodhpur|Raipur|Howrah|Dhanbad|Aurangabad
in: Prayagraj|Allahabad|Guwahati|Mysore|Mysuru|Thiruvananthapuram|Trivandrum|Bhubaneswar|Tiruppur|Tuticorin
bd: Rajshahi|Sylhet
th: Chiang Rai|Phuket|Pattaya
kh: Sihanoukville|Preah Sihanouk
mm: Naypyitaw
ir: Mashad|Kish Island|Qazvin|Rasht|Kerman|Hamadan|Urmia|Zahedan|Ardabil|Yazd|Kermanshah|Zanjan|Chabahar
ir: Bandar Anzali|Asaluyeh|Assaluyeh
iq: Najaf|Karbala|Kirkuk
sy: Homs|Hama|Raqqa|Deir ez-Zor|Tartus
lb: Sidon|Saida|Baabda
ps: Gaza|Gaza City
sa: Taif|Tabuk|Buraidah
tr: Diyarbakir|Kayseri|Eskisehir|Samsun|Trabzon|Denizli|Alanya
ye: Taiz|Mukalla
so: Kismayo|Hargeisa|Bosaso
eg: Mansoura|Tanta|Ismailia|Damietta
ma: Agadir|Meknes
dz: Annaba
sd: Omdurman
ke: Kisumu
tz: Mwanza|Arusha
zm: Ndola|Kitwe
cd: Mbuji-Mayi|Kisangani|Goma|Bukavu
ng: Kaduna|Onitsha|Benin City
gh: Takoradi
ru: Tver|Kursk|Kaluga|Smolensk|Cheboksary|Vologda|Grozny|Magnitogorsk|Norilsk|Bryansk|Belgorod
ru: Lipetsk|Stavropol|Vladikavkaz|Yuzhno-Sakhalinsk|Petropavlovsk-Kamchatsky|Zelenograd|Khimki|Dubna
ru: Naberezhnyye Chelny|Kerch|Yalta|Melitopol|Luhansk|Lugansk
ua: Kherson|Poltava|Chernihiv|Vinnytsia|Sumy
uz: Namangan|Andijan|Fergana
kz: Pavlodar|Aktobe|Oskemen|Ust-Kamenogorsk|Taraz|Semey
by: Mogilev|Mahilyow
cy: Larnaca|Larnaka|Paphos
mx: Culiacan|Culiacán|Zapopan|Hermosillo|Chihuahua|Mexicali|Toluca|Mazatlan|Mazatlán|Ensenada|Nuevo Laredo
mx: Reynosa|Puerto Vallarta|Aguascalientes|Queretaro|Querétaro|San Luis Potosi
mx: Morelia|Saltillo|Torreon|Torreón|Acapulco
co: Bucaramanga|Cucuta|Cúcuta|Villavicencio|Buenaventura
ve: Barquisimeto|Maracay|Puerto Cabello
pe: Arequipa|Chiclayo
py: Ciudad del Este
br: Guarulhos|Sao Luis|Maceio|Teresina|Campo Grande|Joao Pessoa|Osasco
"""


def city_key(text: str) -> str:
    """The letters of a name, folded to ASCII and lower case: what a city is looked up by."""
    from rigour._core import maybe_ascii

    return re.sub(r"[^a-z]", "", maybe_ascii(text).lower())


@cache
def business_cities() -> dict[str, bool]:
    """The key (``city_key``) of every name of every city in the list, and whether that name is
    also a personal name (marked "~")."""
    keys: dict[str, bool] = {}
    for line in _CITIES.strip().splitlines():
        _, names = line.split(":", 1)
        for name in names.split("|"):
            key = city_key(name)
            if len(key) >= 4:
                keys[key] = keys.get(key, False) or name.strip().startswith("~")
    return keys


def business_city(text: str) -> str | None:
    """``city`` if the text names a city of the list ("Frankfurt am Main", "Shen Zhen", "Xi'an"),
    ``also a name`` if that name is also a personal name ("Houston", "Sydney", "Milan"), else None.
    A city's name may be followed by "City" ("Shenzhen City")."""
    key = city_key(text)
    if key not in business_cities() and key.endswith("city"):
        key = key[: -len("city")]  # "Shenzhen City", as Chinese companies often write it
    if len(key) < 4 or key not in business_cities():
        return None
    return "also a name" if business_cities()[key] else "city"


def is_territory(text: str) -> bool:
    """True if rigour reads the text as a territory (``rigour.territories.lookup_territory``: a
    country, region or capital by name or code), from name tables kept in the cache folder.
    Why: rigour builds its name table on first use (about 2 s), which a screening run of a file
    with one branch name would pay each time; the tables are fully determined by rigour's version."""
    names, codes = _territory_tables()
    if names is None:
        from rigour.territories import lookup_territory

        return lookup_territory(text) is not None
    from rigour.territories.util import clean_code, normalize_territory_name

    return clean_code(text) in codes or normalize_territory_name(text) in names


@cache
def _territory_tables() -> tuple[frozenset[str] | None, frozenset[str]]:
    """rigour's territory names and codes as ``lookup_territory`` reads them (None if this rigour
    keeps them otherwise: ``is_territory`` then asks rigour itself)."""
    from importlib.metadata import version

    from partyscreen import cache as disk

    key = disk.digest("territory-names", version("rigour"))
    found = disk.load("territories", key)
    if isinstance(found, tuple) and len(found) == 2:
        return found
    try:
        from rigour.territories.lookup import _get_identifier_map, _get_territory_names
    except ImportError:
        return None, frozenset()
    tables = (frozenset(_get_territory_names()), frozenset(_get_identifier_map()))
    disk.store("territories", key, tables)
    return tables
