"""East Slavic given names in their Russian, Ukrainian and Belarusian forms, and patronymics.

EU and US lists publish a Russian, Ukrainian or Belarusian person under several forms of one
given name: ``ZDRILYUK, Sergei`` and ``ZDRILIUK, Serhii Anatoliyovych`` are one man, the
Russian and the Ukrainian form of Сергей / Сергій, each romanised in several ways. The forms
differ by more than a romanisation (``normalize.romanisation_key``) or a typo unifies: Sergei /
Serhii / Siarhei, Vladimir / Volodymyr / Uladzimir, Nikolai / Mykola / Mikalai.

``GIVEN_NAMES`` is data: one group per given name, its Russian, Ukrainian and Belarusian forms
in the common romanisations (BGN/PCGN, ICU, passport, Ukrainian national, English usage). Each
group is one sex: Aleksandr and Aleksandra, Yevgeny and Yevgeniya are different people's names
and are in different groups. Names written alike in all three languages need no group (Oksana,
Anna), a few men's names such are listed for their patronymics (Ivan: "Ivanovich" / "Ivanovych" /
"Ivanavich"); family names are never grouped.

A patronymic is read as (father's given name, sex): ``Anatolyevich``, ``Anatoliyovych`` and
``Anatolevich`` are the same man's; ``Sergeyevna``, ``Serhiivna`` and ``Siarheeuna`` a woman's.

Groups are looked up by ``romanisation_key`` of each form, so the romanisations the key unifies
(ya/ia/ja, -iy/-ii/-y, kh/h, ks/x, doubled letters) need not be listed; a key in two groups is
an error (checked on import).
"""

from __future__ import annotations

from functools import lru_cache

from partyscreen.matching.normalize import romanisation_key

RUSSIAN, UKRAINIAN, BELARUSIAN = "ru", "uk", "be"
LANGUAGES = {RUSSIAN: "Russian", UKRAINIAN: "Ukrainian", BELARUSIAN: "Belarusian"}
MALE, FEMALE = "m", "f"

# (sex, Russian forms, Ukrainian forms, Belarusian forms), forms space-separated, lower case.
GIVEN_NAMES: tuple[tuple[str, str, str, str], ...] = (
    # Men's names.
    (MALE, "aleksandr alexandr alexander aleksander", "oleksandr olexandr olexander",
     "aliaksandr alyaksandr alaksandr"),
    (MALE, "aleksei aleksey aleksej alexei alexey alexej", "oleksii oleksiy oleksij olexii olexiy",
     "aliaksei alyaksei alyaksey aliaksiei"),
    (MALE, "anatoly anatoliy anatolii anatolij", "anatolii anatoliy", "anatol"),
    (MALE, "andrei andrey andrej", "andrii andriy andrij", "andrei andrey"),
    (MALE, "arkady arkadiy arkadii arkadij", "arkadii arkadiy", "arkadz arkadzi"),
    (MALE, "artem artyom artiom", "artem", "artsiom artsyom artsem"),
    (MALE, "bogdan", "bohdan", "bahdan"),
    (MALE, "boris", "borys", "barys"),
    (MALE, "vadim", "vadym", "vadzim"),
    (MALE, "valentin", "valentyn", "valiantsin valyantsin"),
    (MALE, "vasily vasiliy vasilii vasilij", "vasyl", "vasil"),
    (MALE, "viktor victor", "viktor", "viktar"),
    (MALE, "vitaly vitaliy vitalii vitalij", "vitalii vitaliy", "vitali"),
    (MALE, "vladimir", "volodymyr", "uladzimir uladzimer vladzimir"),
    (MALE, "vladislav", "vladyslav", "uladzislau vladzislau"),
    (MALE, "vyacheslav viacheslav vjaceslav", "viacheslav vyacheslav", "viachaslau vyachaslau"),
    (MALE, "vsevolod", "vsevolod", "usevalad"),
    (MALE, "gennady gennadiy gennadii gennadij", "hennadii hennadiy", "henadz genadz"),
    (MALE, "georgy georgiy georgii georgij", "heorhii heorhiy", "heorhi hieorhi"),
    (MALE, "gleb", "hlib", "hleb"),
    (MALE, "grigory grigoriy grigorii grigorij", "hryhorii hryhoriy", "ryhor"),
    (MALE, "daniil danila", "danylo", "danila"),
    (MALE, "denis", "denys", "dzianis dzyanis"),
    (MALE, "dmitry dmitriy dmitrii dmitrij dmitri", "dmytro", "dzmitry dzmitryi dzmitri"),
    (MALE, "yevgeny yevgeniy evgeny evgeniy evgenii evgenij", "yevhen yevhenii ievgen ievhen yevgen",
     "yauhen yauheni iauhen"),
    (MALE, "yegor egor", "yehor", "yahor iahor"),
    (MALE, "yefim efim", "yukhym", "yafim"),
    (MALE, "igor", "ihor", "ihar"),
    (MALE, "ilya", "illia", "illia"),
    (MALE, "kirill", "kyrylo", "kiryl"),
    (MALE, "konstantin", "kostiantyn kostyantyn", "kanstantsin"),
    (MALE, "leonid", "leonid", "leanid"),
    (MALE, "maksim maxim", "maksym", "maksim"),
    (MALE, "matvei matvey", "matvii matviy", "matsvei"),
    (MALE, "mikhail", "mykhailo mykhaylo", "mikhail"),
    (MALE, "miroslav", "myroslav", "miraslau"),
    (MALE, "nikita", "mykyta", "mikita"),
    (MALE, "nikolai nikolay nikolaj", "mykola", "mikalai mikalay mikalaj"),
    (MALE, "oleg", "oleh", "aleh"),
    (MALE, "pavel", "pavlo", "paval paviel"),
    (MALE, "petr pyotr piotr", "petro", "piatro pyatro"),
    (MALE, "rostislav", "rostyslav", "rastsislau"),
    (MALE, "svyatoslav", "sviatoslav", "sviataslau"),
    (MALE, "semyon semen semion", "semen", "siamion syamyon"),
    (MALE, "sergei sergey sergej serguei", "serhii serhiy serhij sergii sergiy", "siarhei siarhey syarhey"),
    (MALE, "stanislav", "stanislav", "stanislau"),
    (MALE, "stepan", "stepan", "stsiapan"),
    (MALE, "timofei timofey", "tymofii tymofiy", "tsimafei"),
    (MALE, "fedor fyodor fiodor feodor", "fedir", "fiodar fedar"),
    (MALE, "filipp", "pylyp", "filip"),
    (MALE, "yuri yury yuriy yurii yurij iurii", "yurii yuriy iurii", "yury"),
    (MALE, "yakov iakov", "yakiv", "yakau"),
    (MALE, "yaroslav", "yaroslav", "yaraslau"),
    # Written alike in all three: listed for their patronymics ("Ivanovich" / "Ivanovych" / "Ivanavich").
    (MALE, "ivan", "ivan", "ivan"),
    (MALE, "anton", "anton", "anton"),
    (MALE, "roman", "roman", "roman"),
    (MALE, "ruslan", "ruslan", "ruslan"),
    (MALE, "taras", "taras", "taras"),
    (MALE, "platon", "platon", "platon"),
    # Women's names.
    (FEMALE, "aleksandra alexandra", "oleksandra olexandra", "aliaksandra alyaksandra"),
    (FEMALE, "valentina", "valentyna", "valiantsina"),
    (FEMALE, "valeriya valeria", "valeriia", "valeryia"),
    (FEMALE, "viktoriya viktoria victoria", "viktoriia", "viktoryia"),
    (FEMALE, "galina", "halyna", "halina"),
    (FEMALE, "darya daria", "dariia", "darya"),
    (FEMALE, "yekaterina ekaterina", "kateryna", "katsiaryna katsiarina katsyaryna"),
    (FEMALE, "yelena elena", "olena", "alena"),
    (FEMALE, "yelizaveta elizaveta", "yelyzaveta", "alizaveta"),
    (FEMALE, "yevgeniya evgeniya evgenia", "yevheniia", "yauheniya yauhenia"),
    (FEMALE, "zoya", "zoia", "zoya"),
    (FEMALE, "irina", "iryna", "iryna"),
    (FEMALE, "kseniya ksenia", "kseniia", "ksenia"),
    (FEMALE, "larisa", "larysa", "larysa"),
    (FEMALE, "lyudmila ludmila", "liudmyla lyudmyla", "liudmila"),
    (FEMALE, "lyubov", "liubov", "liubou"),
    (FEMALE, "margarita", "marharyta", "marharyta"),
    (FEMALE, "mariya maria", "mariia", "maryia"),
    (FEMALE, "marina", "maryna", "maryna"),
    (FEMALE, "nadezhda", "nadiia nadiya", "nadzeya nadzeia"),
    (FEMALE, "natalya natalia", "nataliia", "natallia"),
    (FEMALE, "olga", "olha", "volha"),
    (FEMALE, "svetlana", "svitlana", "sviatlana"),
    (FEMALE, "tatyana tatiana", "tetiana tetyana", "tatsiana tatsyana"),
    (FEMALE, "yuliya yulia", "yuliia", "yuliya"),
)

# Patronymic endings: (ending, sex, languages that write it), longest first. The father's name
# is the word without the ending, read as written, with -i, -a or -o added ("Sergeevich" of
# "Sergei", "Ilyich" of "Ilya", "Dmytrovych" of "Dmytro"), or a final -i/-y/-j dropped
# ("Mykolaiovych" of "Mykola").
PATRONYMIC_ENDINGS: tuple[tuple[str, str, frozenset[str]], ...] = (
    ("ichna", FEMALE, frozenset({RUSSIAN, UKRAINIAN})),
    ("ovich", MALE, frozenset({RUSSIAN, BELARUSIAN})),
    ("evich", MALE, frozenset({RUSSIAN, BELARUSIAN})),
    ("avich", MALE, frozenset({BELARUSIAN})),
    ("ovych", MALE, frozenset({UKRAINIAN})),
    ("evych", MALE, frozenset({UKRAINIAN})),
    ("ovna", FEMALE, frozenset({RUSSIAN})),
    ("evna", FEMALE, frozenset({RUSSIAN})),
    ("ivna", FEMALE, frozenset({UKRAINIAN})),
    ("auna", FEMALE, frozenset({BELARUSIAN})),
    ("euna", FEMALE, frozenset({BELARUSIAN})),
    ("ich", MALE, frozenset({RUSSIAN})),
)
# Fewest letters of a father's name read from a patronymic.
FATHER_MIN_LETTERS = 3


def _build() -> tuple[dict[str, int], dict[str, frozenset[str]]]:
    groups: dict[str, int] = {}
    languages: dict[str, set[str]] = {}
    for number, (_sex, *forms) in enumerate(GIVEN_NAMES):
        for language, words in zip((RUSSIAN, UKRAINIAN, BELARUSIAN), forms):
            for word in words.split():
                key = romanisation_key(word)
                if groups.setdefault(key, number) != number:
                    raise ValueError(f"given name {word!r} is in two groups")
                languages.setdefault(key, set()).add(language)
    return groups, {key: frozenset(found) for key, found in languages.items()}


_GROUPS, _LANGUAGES_OF = _build()


@lru_cache(maxsize=1 << 14)
def given_name(word: str) -> int | None:
    """The group number of an East Slavic given name in ``GIVEN_NAMES`` (None if none)."""
    return _GROUPS.get(romanisation_key(word))


@lru_cache(maxsize=1 << 14)
def patronymic(word: str) -> tuple[int, str, frozenset[str]] | None:
    """A patronymic read as (father's given-name group, sex, languages), or None."""
    for ending, sex, languages in PATRONYMIC_ENDINGS:
        if not word.endswith(ending):
            continue
        stem = word[: -len(ending)]
        if len(stem) < FATHER_MIN_LETTERS:
            continue
        for father in (stem, stem + "i", stem + "a", stem + "o", stem.rstrip("iyj")):
            key = romanisation_key(father)
            group = _GROUPS.get(key)
            if group is not None and GIVEN_NAMES[group][0] == MALE:
                # The languages the ending and the father's name as written are both of
                # ("Piatrovich": Belarusian).
                return group, sex, (languages & _LANGUAGES_OF[key]) or languages
    return None


def _languages(word: str) -> frozenset[str]:
    return _LANGUAGES_OF.get(romanisation_key(word), frozenset())


def _describe(one: frozenset[str], other: frozenset[str]) -> str:
    order = list(LANGUAGES)
    pairs = sorted(((a, b) for a in one for b in other), key=lambda p: (p[0] == p[1], order.index(p[0]),
                                                                         order.index(p[1])))
    if not pairs:
        return "forms"
    a, b = pairs[0]
    if a == b:
        return f"{LANGUAGES[a]} form, two romanisations"
    return "/".join(LANGUAGES[x] for x in sorted((a, b), key=order.index)) + " forms"


@lru_cache(maxsize=1 << 16)
def same_name(a: str, b: str) -> str:
    """Why two different words are one East Slavic given name, or one father's patronymic of the
    same sex, in other forms ("same given name (Russian/Ukrainian forms)"); "" if they are not."""
    if a == b:
        return ""
    group = given_name(a)
    if group is not None:
        if group == given_name(b):
            return f"same given name ({_describe(_languages(a), _languages(b))})"
        return ""
    pa = patronymic(a)
    if pa is None:
        return ""
    pb = patronymic(b)
    if pb is None or pa[:2] != pb[:2]:
        return ""
    return f"patronymics of the same father's name ({_describe(pa[2], pb[2])})"


@lru_cache(maxsize=1 << 16)
def other_sex(a: str, b: str) -> bool:
    """True if two words are given names of ``GIVEN_NAMES`` of different sex ("Aleksandr" /
    "Aleksandra", "Viktor" / "Viktoriya"), or patronymics of different sex ("Ivanovich" /
    "Ivanovna"): a man's name and a woman's, two people's."""
    ga, gb = given_name(a), given_name(b)
    if ga is not None and gb is not None:
        return GIVEN_NAMES[ga][0] != GIVEN_NAMES[gb][0]
    pa, pb = patronymic(a), patronymic(b)
    return pa is not None and pb is not None and pa[1] != pb[1]
