"""Country names as US lists write them (OFAC SDN ``add.csv``, CSL), mapped to ISO 3166-1 alpha-2.

Rule: names are compared case-insensitively after trimming; ``Region: X`` is X's country
(Crimea is UA, Gaza and the West Bank are PS); a name not in the table (``undetermined``,
``Region: Commonwealth of Independent States``, disputed regions such as Jammu and Kashmir or
Kafia Kingi) gives no country rather than a guess.
"""

from __future__ import annotations

_NAMES = """
AF Afghanistan|AL Albania|DZ Algeria|AO Angola|AG Antigua and Barbuda|AR Argentina|AM Armenia|AW Aruba
AU Australia|AT Austria|AZ Azerbaijan|BS Bahamas, The|BS Bahamas|BH Bahrain|BD Bangladesh|BB Barbados
BY Belarus|BE Belgium|BZ Belize|BJ Benin|BM Bermuda|BO Bolivia|BA Bosnia and Herzegovina|BR Brazil
BG Bulgaria|BF Burkina Faso|MM Burma|MM Myanmar|KH Cambodia|CA Canada|KY Cayman Islands
CF Central African Republic|CL Chile|CN China|CO Colombia|KM Comoros|CD Congo, Democratic Republic of the
CG Congo, Republic of the|CR Costa Rica|CI Cote d Ivoire|CI Cote d'Ivoire|HR Croatia|CU Cuba|CY Cyprus
CZ Czech Republic|CZ Czechia|DK Denmark|DJ Djibouti|DM Dominica|DO Dominican Republic|EC Ecuador|EG Egypt
SV El Salvador|GQ Equatorial Guinea|ER Eritrea|EE Estonia|ET Ethiopia|FI Finland|FR France|GE Georgia
DE Germany|GH Ghana|GI Gibraltar|GR Greece|GT Guatemala|GN Guinea|GY Guyana|HT Haiti|HN Honduras
HK Hong Kong|HU Hungary|IS Iceland|IN India|ID Indonesia|IR Iran|IQ Iraq|IE Ireland|IL Israel|IT Italy
JM Jamaica|JP Japan|JE Jersey|JO Jordan|KZ Kazakhstan|KE Kenya|KP Korea, North|KR Korea, South|XK Kosovo
KW Kuwait|KG Kyrgyzstan|LA Laos|LV Latvia|LB Lebanon|LR Liberia|LY Libya|LI Liechtenstein|LT Lithuania
LU Luxembourg|MO Macau|MY Malaysia|MV Maldives|ML Mali|MT Malta|IM Man, Isle of|MH Marshall Islands
MR Mauritania|MU Mauritius|MX Mexico|MD Moldova|MC Monaco|MN Mongolia|ME Montenegro|MA Morocco
MZ Mozambique|NA Namibia|NL Netherlands|CW Netherlands Antilles|NZ New Zealand|NI Nicaragua|NE Niger
NG Nigeria|MK North Macedonia, The Republic of|MK North Macedonia|NO Norway|OM Oman|PK Pakistan|PW Palau
PS Palestinian|PA Panama|PY Paraguay|PE Peru|PH Philippines|PL Poland|PT Portugal|QA Qatar|RO Romania
RU Russia|RW Rwanda|KN Saint Kitts and Nevis|VC Saint Vincent and the Grenadines|WS Samoa|SM San Marino
SA Saudi Arabia|SN Senegal|RS Serbia|SC Seychelles|SL Sierra Leone|SG Singapore|SK Slovakia|SI Slovenia
SO Somalia|ZA South Africa|SS South Sudan|ES Spain|LK Sri Lanka|SD Sudan|SR Suriname|SE Sweden
CH Switzerland|SY Syria|TW Taiwan|TJ Tajikistan|TZ Tanzania|TH Thailand|GM The Gambia|GM Gambia, The
TT Trinidad and Tobago|TN Tunisia|TR Turkey|TR Turkiye|TM Turkmenistan|UG Uganda|UA Ukraine
AE United Arab Emirates|GB United Kingdom|US United States|UY Uruguay|UZ Uzbekistan|VU Vanuatu
VE Venezuela|VN Vietnam|VG Virgin Islands, British|PS West Bank|PS Gaza|YE Yemen|ZM Zambia|ZW Zimbabwe
UA Crimea|PS North Gaza|PS Northern Gaza|ML Northern Mali
"""

COUNTRY_CODES: dict[str, str] = {
    item[3:].strip().casefold(): item[:2]
    for line in _NAMES.strip().splitlines()
    for item in line.split("|")
}
"""Lower-cased English country name -> ISO 3166-1 alpha-2."""


def country_code(name: str) -> str:
    """ISO alpha-2 for a country name as US lists write it, or '' when unknown or not a country."""
    text = name.strip()
    if text.casefold().startswith("region:"):
        text = text.split(":", 1)[1]
    return COUNTRY_CODES.get(text.strip().casefold(), "")
