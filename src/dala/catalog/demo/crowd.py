"""The demo's crowd: generated artists for the bulk demo, one for every :data:`WORKS_PER_ARTIST` works.

Their names are put together from given names and surnames of Kazakhstan and Central Asia, each
spelled in Kazakh (with its own letters), Russian and English. All of them are invented. No crowd
artist is a namesake of a curated one (:func:`is_namesake`): the curated artists must stay the
first found when searched for by name.

A crowd artist is a pure function of the demo's seed and the artist's number, so the demo need not
hold tens of thousands of them: it makes each one again when it needs it.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from functools import cache

from dala.core.kazakh import slugify

from .people import ARTISTS, DemoArtist
from .vocabulary import CITIES
from .works import THEMES

Names = tuple[str, str, str]  # kk, ru, en
WORKS_PER_ARTIST = 20
HIDDEN_SHARE = 0.02  # of crowd profiles are not public

MALE_NAMES: tuple[Names, ...] = (
    ("Бақыт", "Бахыт", "Bakhyt"), ("Нұрлан", "Нурлан", "Nurlan"), ("Ерлан", "Ерлан", "Yerlan"),
    ("Асқар", "Аскар", "Askar"), ("Ержан", "Ержан", "Yerzhan"), ("Серік", "Серик", "Serik"),
    ("Қайрат", "Кайрат", "Kairat"), ("Дәурен", "Даурен", "Dauren"), ("Ғалым", "Галым", "Galym"),
    ("Бауыржан", "Бауыржан", "Baurzhan"), ("Жандос", "Жандос", "Zhandos"), ("Мұрат", "Мурат", "Murat"),
    ("Айдос", "Айдос", "Aidos"), ("Әлібек", "Алибек", "Alibek"), ("Темірлан", "Темирлан", "Temirlan"),
    ("Санжар", "Санжар", "Sanzhar"), ("Арман", "Арман", "Arman"), ("Азамат", "Азамат", "Azamat"),
    ("Бекзат", "Бекзат", "Bekzat"), ("Олжас", "Олжас", "Olzhas"), ("Мақсат", "Максат", "Maksat"),
    ("Ілияс", "Ильяс", "Ilyas"), ("Дамир", "Дамир", "Damir"), ("Еркебұлан", "Еркебулан", "Yerkebulan"),
    ("Жеңіс", "Женис", "Zhenis"), ("Нұржан", "Нуржан", "Nurzhan"),
)
FEMALE_NAMES: tuple[Names, ...] = (
    ("Жанар", "Жанар", "Zhanar"), ("Гүлнара", "Гульнара", "Gulnara"), ("Айгүл", "Айгуль", "Aigul"),
    ("Сәуле", "Сауле", "Saule"), ("Динара", "Динара", "Dinara"), ("Ләззат", "Лаззат", "Lazzat"),
    ("Мәдина", "Мадина", "Madina"), ("Әйгерім", "Айгерим", "Aigerim"), ("Жұлдыз", "Жулдыз", "Zhuldyz"),
    ("Ақмарал", "Акмарал", "Akmaral"), ("Ботагөз", "Ботагоз", "Botagoz"), ("Гүлмира", "Гульмира", "Gulmira"),
    ("Назерке", "Назерке", "Nazerke"), ("Салтанат", "Салтанат", "Saltanat"), ("Әлия", "Алия", "Aliya"),
    ("Айым", "Айым", "Aiym"), ("Томирис", "Томирис", "Tomiris"), ("Шынар", "Шынар", "Shynar"),
    ("Қарлығаш", "Карлыгаш", "Karlygash"), ("Арайлым", "Арайлым", "Arailym"),
    ("Жансая", "Жансая", "Zhansaya"), ("Индира", "Индира", "Indira"), ("Мөлдір", "Молдир", "Moldir"),
    ("Ұлжан", "Улжан", "Ulzhan"), ("Камила", "Камила", "Kamila"),
)
# The male forms; the female ones are derived (-ов → -ова, -ұлы → -қызы…), or kept (Сейітқали).
SURNAMES: tuple[Names, ...] = (
    ("Жұмабаев", "Жумабаев", "Zhumabayev"), ("Сейітқали", "Сеиткали", "Seitkali"),
    ("Ахметов", "Ахметов", "Akhmetov"), ("Омаров", "Омаров", "Omarov"),
    ("Сәрсенбаев", "Сарсенбаев", "Sarsenbayev"), ("Төлегенов", "Толегенов", "Tolegenov"),
    ("Қасымов", "Касымов", "Kassymov"), ("Нұрпейісов", "Нурпеисов", "Nurpeisov"),
    ("Бекенов", "Бекенов", "Bekenov"), ("Оспанов", "Оспанов", "Ospanov"), ("Ысқақов", "Искаков", "Iskakov"),
    ("Байжанов", "Байжанов", "Baizhanov"), ("Мұқанов", "Муканов", "Mukanov"),
    ("Сұлтанов", "Султанов", "Sultanov"), ("Жақсылықов", "Жаксылыков", "Zhaksylykov"),
    ("Әлімжанов", "Алимжанов", "Alimzhanov"), ("Есенов", "Есенов", "Yessenov"), ("Қалиев", "Калиев", "Kaliyev"),
    ("Серікбаев", "Серикбаев", "Serikbayev"), ("Исабеков", "Исабеков", "Isabekov"),
    ("Темірханов", "Темирханов", "Temirkhanov"), ("Рысқұлов", "Рыскулов", "Ryskulov"),
    ("Құдайбергенов", "Кудайбергенов", "Kudaibergenov"), ("Шәкенов", "Шакенов", "Shakenov"),
    ("Әбдірахманов", "Абдрахманов", "Abdrakhmanov"), ("Молдабеков", "Молдабеков", "Moldabekov"),
    ("Жүнісов", "Жунусов", "Zhunusov"), ("Тұрсынов", "Турсынов", "Tursynov"),
    ("Садықов", "Садыков", "Sadykov"), ("Мұхамеджанов", "Мухамеджанов", "Mukhamedzhanov"),
    ("Иманғалиев", "Имангалиев", "Imangaliyev"), ("Нұрмағамбетов", "Нурмагамбетов", "Nurmagambetov"),
    ("Серікұлы", "Серикулы", "Serikuly"), ("Бейсенов", "Бейсенов", "Beisenov"),
    ("Дүйсенов", "Дуйсенов", "Duisenov"), ("Қожахметов", "Кожахметов", "Kozhakhmetov"),
    ("Смағұлов", "Смагулов", "Smagulov"), ("Әбілқасымов", "Абилкасымов", "Abilkasymov"),
    ("Жолдасбеков", "Жолдасбеков", "Zholdasbekov"), ("Хамидов", "Хамидов", "Khamidov"),
    ("Сыздықов", "Сыздыков", "Syzdykov"), ("Шаһмарданов", "Шахмарданов", "Shakhmardanov"),
)
_FEMININE = (("ұлы", "улы", "uly", "қызы", "кызы", "kyzy"), ("ов", "ов", "ov", "ова", "ова", "ova"),
             ("ев", "ев", "ev", "ева", "ева", "eva"), ("ин", "ин", "in", "ина", "ина", "ina"))


def female_surname(surname: Names) -> Names:
    """The female form of a (male) surname: Жұмабаев → Жұмабаева, Серікұлы → Серікқызы."""
    for kk, ru, en, kk_f, ru_f, en_f in _FEMININE:
        if surname[0].endswith(kk) and surname[1].endswith(ru) and surname[2].endswith(en):
            return (surname[0][: -len(kk)] + kk_f, surname[1][: -len(ru)] + ru_f, surname[2][: -len(en)] + en_f)
    return surname


@cache
def _key(word: str) -> str:
    """A loose spelling of ``word`` in Latin letters, so that Қасымова, Касымова and Kassymova look alike."""
    latin = slugify(word).replace("-", "")
    for spelled, plain in (("zh", "j"), ("kh", "h"), ("q", "k"), ("y", "i"), ("w", "u")):
        latin = latin.replace(spelled, plain)
    return re.sub(r"(.)\1+", r"\1", latin)


def _keys(name: Names) -> set[tuple[str, str]]:
    """(given name, surname) of each spelling of a "given surname" name, loosely spelled."""
    return {(_key(given), _key(surname)) for given, _, surname in (form.partition(" ") for form in name)}


def _related(one: str, other: str) -> bool:
    return one.startswith(other) or other.startswith(one)


def _alike(keys: set[tuple[str, str]], others: set[tuple[str, str]]) -> bool:
    return any(_related(given, their_given) and _related(surname, their_surname)
               for given, surname in keys for their_given, their_surname in others)


def is_namesake(name: Names, other: Names) -> bool:
    """Whether two "given surname" names might be taken for each other in any of their spellings
    (one given name and one surname being the other's, or the start of it, loosely spelled)."""
    return _alike(_keys(name), _keys(other))


def _full(given: Names, surname: Names) -> Names:
    return (f"{given[0]} {surname[0]}", f"{given[1]} {surname[1]}", f"{given[2]} {surname[2]}")


@cache
def crowd_names() -> tuple[Names, ...]:
    """Every full name a crowd artist may have: no curated artist's namesake among them."""
    curated = [_keys(artist.name) for artist in ARTISTS]
    names = [_full(given, surname) for given in MALE_NAMES for surname in SURNAMES]
    names += [_full(given, female_surname(surname)) for given in FEMALE_NAMES for surname in SURNAMES]
    return tuple(name for name in names if not any(_alike(_keys(name), theirs) for theirs in curated))


def crowd_size(artworks: int) -> int:
    """How many crowd artists a bulk demo of ``artworks`` works has: with the curated ones, one per
    :data:`WORKS_PER_ARTIST` works (none while the curated artists are enough)."""
    return max(0, artworks // WORKS_PER_ARTIST - len(ARTISTS))


_CITY_SLUGS = tuple(CITIES)
# Most of the crowd lives in Kazakhstan, as the site's artists would.
_CITY_WEIGHTS = tuple(3 if country == "KZ" else 1 for *_, country in CITIES.values())
_THEME_NAMES = tuple(THEMES)


@dataclass(frozen=True, slots=True)
class CrowdArtist:
    number: int
    name: Names
    city: str
    birth_year: int
    stage: str
    themes: tuple[str, ...]
    currency: str
    is_public: bool

    @property
    def email(self) -> str:
        return f"crowd-{self.number:05d}@dala.example"

    @property
    def slug(self) -> str:
        return f"{slugify(self.name[2], max_length=80) or 'artist'}-{self.number}"

    @property
    def country(self) -> str:
        return CITIES[self.city][3]

    def spec(self) -> DemoArtist:
        """The artist as the work planner and the biography take one."""
        return DemoArtist(email=self.email, name=self.name, city=self.city, birth_year=self.birth_year,
                          stage=self.stage, themes=self.themes, currency=self.currency)


def crowd_artist(number: int, *, seed: int) -> CrowdArtist:
    """Crowd artist number ``number`` (from 1) of the demo made with ``seed``: always the same one."""
    rng = random.Random(f"dala-crowd-{seed}-{number}")
    name = rng.choice(crowd_names())
    city = rng.choices(_CITY_SLUGS, _CITY_WEIGHTS)[0]
    if CITIES[city][3] == "KZ":
        currency = "KZT"
    else:
        currency = rng.choices(("USD", "KZT", "EUR"), (7, 2, 1))[0]
    return CrowdArtist(
        number=number, name=name, city=city, birth_year=rng.randint(1950, 2004),
        stage="emerging" if rng.random() < 0.5 else "established",
        themes=tuple(rng.sample(_THEME_NAMES, rng.randint(1, 3))), currency=currency,
        is_public=rng.random() >= HIDDEN_SHARE,
    )
