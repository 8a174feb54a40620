"""The world's countries by name and by the word for their people or things ("Albania", "Albanian"), for the
figure rules: a return whose clause names a country other than France and the UK is no return to France, whether
the project's data knows that country or not ("the Albania deal", "300 Iraqi nationals were removed").

A word list, not the project's data: a country here is never linked or mentioned, only read as "not France".
Names that are also people's first names ("Jordan", "Chad", "Georgia") are countries only when no capitalised word
follows them ("Jordan Bardella" is a person).
"""

from __future__ import annotations

import re

# name|demonym|demonym...; France, the United Kingdom and its nations are left out (figures.py FRENCH_PLACES,
# BRITISH_PLACES), as are words that are mostly something else ("Irish" of the Irish Sea, "Swiss" of a roll)
_COUNTRIES = """
Afghanistan|Afghan|Afghans|Afghani
Albania|Albanian|Albanians
Algeria|Algerian|Algerians
Angola|Angolan|Angolans
Argentina|Argentinian|Argentine
Armenia|Armenian|Armenians
Australia|Australian|Australians
Austria|Austrian|Austrians
Azerbaijan|Azerbaijani|Azerbaijanis
Bahrain|Bahraini
Bangladesh|Bangladeshi|Bangladeshis
Belarus|Belarusian|Belarusians
Belgium|Belgian|Belgians
Benin|Beninese
Bhutan|Bhutanese
Bolivia|Bolivian|Bolivians
Bosnia|Bosnian|Bosnians|Bosnia and Herzegovina
Botswana
Brazil|Brazilian|Brazilians
Bulgaria|Bulgarian|Bulgarians
Burkina Faso|Burkinabe
Burundi|Burundian|Burundians
Cambodia|Cambodian|Cambodians
Cameroon|Cameroonian|Cameroonians
Canada|Canadian|Canadians
Central African Republic
Chad|Chadian|Chadians
Chile|Chilean|Chileans
China|Chinese
Colombia|Colombian|Colombians
Comoros|Comorian
Congo|Congolese|Democratic Republic of the Congo|DRC
Costa Rica|Costa Rican
Croatia|Croatian|Croatians
Cuba|Cuban|Cubans
Cyprus|Cypriot|Cypriots
Czech Republic|Czechia|Czech|Czechs
Denmark|Danish|Dane|Danes
Djibouti|Djiboutian
Dominican Republic|Dominican
Ecuador|Ecuadorian|Ecuadorians
Egypt|Egyptian|Egyptians
El Salvador|Salvadoran
Equatorial Guinea
Eritrea|Eritrean|Eritreans
Estonia|Estonian|Estonians
Eswatini
Ethiopia|Ethiopian|Ethiopians
Finland|Finnish|Finns
Gabon|Gabonese
Gambia|Gambian|Gambians
Georgia|Georgian|Georgians
Germany|German|Germans
Ghana|Ghanaian|Ghanaians
Greece|Greek|Greeks
Guatemala|Guatemalan
Guinea|Guinean|Guineans
Guinea-Bissau
Haiti|Haitian|Haitians
Honduras|Honduran
Hungary|Hungarian|Hungarians
Iceland|Icelandic|Icelanders
India|Indian|Indians
Indonesia|Indonesian|Indonesians
Iran|Iranian|Iranians
Iraq|Iraqi|Iraqis
Ireland
Israel|Israeli|Israelis
Italy|Italian|Italians
Ivory Coast|Côte d'Ivoire|Ivorian|Ivorians
Jamaica|Jamaican|Jamaicans
Japan|Japanese
Jordan|Jordanian|Jordanians
Kazakhstan|Kazakh
Kenya|Kenyan|Kenyans
Kosovo|Kosovan|Kosovar|Kosovars
Kuwait|Kuwaiti|Kuwaitis
Kyrgyzstan|Kyrgyz
Laos|Laotian
Latvia|Latvian|Latvians
Lebanon|Lebanese
Lesotho
Liberia|Liberian|Liberians
Libya|Libyan|Libyans
Lithuania|Lithuanian|Lithuanians
Luxembourg
Madagascar|Malagasy
Malawi|Malawian|Malawians
Malaysia|Malaysian|Malaysians
Mali|Malian|Malians
Malta|Maltese
Mauritania|Mauritanian|Mauritanians
Mauritius|Mauritian
Mexico|Mexican|Mexicans
Moldova|Moldovan|Moldovans
Mongolia|Mongolian
Montenegro|Montenegrin
Morocco|Moroccan|Moroccans
Mozambique|Mozambican
Myanmar|Burma|Burmese
Namibia|Namibian
Nepal|Nepalese|Nepali
Netherlands|Holland|Dutch
New Zealand
Nicaragua|Nicaraguan
Niger|Nigerien
Nigeria|Nigerian|Nigerians
North Korea|North Korean
North Macedonia|Macedonia|Macedonian
Norway|Norwegian|Norwegians
Oman|Omani
Pakistan|Pakistani|Pakistanis
Palestine|Palestinian|Palestinians|Gaza|West Bank
Panama|Panamanian
Paraguay|Paraguayan
Peru|Peruvian|Peruvians
Philippines|Filipino|Filipinos
Poland|Polish|Poles
Portugal|Portuguese
Qatar|Qatari
Romania|Romanian|Romanians
Russia|Russian|Russians
Rwanda|Rwandan|Rwandans
Saudi Arabia|Saudi|Saudis
Senegal|Senegalese
Serbia|Serbian|Serbians|Serb|Serbs
Sierra Leone|Sierra Leonean
Singapore
Slovakia|Slovak|Slovakian
Slovenia|Slovenian|Slovene
Somalia|Somali|Somalis
South Africa|South African|South Africans
South Korea|South Korean
South Sudan|South Sudanese
Spain|Spanish|Spaniards
Sri Lanka|Sri Lankan|Sri Lankans
Sudan|Sudanese
Sweden|Swedish|Swedes
Switzerland
Syria|Syrian|Syrians
Taiwan|Taiwanese
Tajikistan|Tajik
Tanzania|Tanzanian
Thailand|Thai
Togo|Togolese
Tunisia|Tunisian|Tunisians
Turkey|Türkiye|Turkish|Turks
Turkmenistan|Turkmen
Uganda|Ugandan|Ugandans
Ukraine|Ukrainian|Ukrainians
United Arab Emirates|UAE|Emirati
United States|USA|America|American|Americans
Uruguay|Uruguayan
Uzbekistan|Uzbek
Venezuela|Venezuelan|Venezuelans
Vietnam|Viet Nam|Vietnamese
Yemen|Yemeni|Yemenis
Zambia|Zambian|Zambians
Zimbabwe|Zimbabwean|Zimbabweans
"""

COUNTRY_WORDS: tuple[str, ...] = tuple(sorted({w for line in _COUNTRIES.split("\n") for w in line.split("|") if w},
                                              key=lambda w: (-len(w), w)))
"""Every country name and demonym above, longest first."""

_FIRST_NAMES = {"Chad", "Jordan", "Georgia"}  # countries only when no capitalised word follows ("Jordan Bardella")


def country_pattern(extra=()) -> re.Pattern:
    """The pattern of the world's countries and their peoples' words above and of `extra` (the project's country
    names), as whole words: "the Albania deal", "Iraqi nationals"; never "Jordan Bardella", nor "Ireland" in
    "Northern Ireland"."""
    names = sorted(set(COUNTRY_WORDS) | set(extra), key=lambda w: (-len(w), w))
    alternatives = [re.escape(n) + (r"(?!\s+[A-Z])" if n in _FIRST_NAMES else "") for n in names]
    return re.compile(r"(?<![\w-])(?<!Northern )(?:" + "|".join(alternatives) + r")(?![\w-])")
