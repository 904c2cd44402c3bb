"""The demo's people: Bakhyt Naoko, two dozen artists across Central Asia, a gallery, a critic, a
collector, a curator and a staff account. All of them are invented."""

from __future__ import annotations

from dataclasses import dataclass, field

PASSWORD = "dala-demo-2026"
ADMIN_EMAIL = "admin@dala.example"
ADMIN_PASSWORD = "dala-admin-2026"
Names = tuple[str, str, str]  # kk, ru, en


@dataclass(frozen=True)
class DemoArtist:
    email: str
    name: Names
    city: str
    birth_year: int
    stage: str
    themes: tuple[str, ...]
    featured: bool = False
    # An artist's own choice of media where it differs from what the themes suggest.
    media: tuple[str, ...] = ()
    series: tuple[Names, ...] = ()
    biography: Names | None = None
    statement: Names | None = None
    share: float = 1.0  # relative number of works
    currency: str = "KZT"

    @property
    def initials(self) -> str:
        return "".join(part[0] for part in self.name[2].replace("-", " ").split()[:2]).upper()


NAOKO = DemoArtist(
    email="naoko@dala.example",
    name=("Бақыт Наоко", "Бахыт Наоко", "Bakhyt Naoko"),
    city="almaty", birth_year=1974, stage="established", featured=True,
    themes=("steppe", "leaders", "ornament", "horses"),
    media=("oil", "acrylic", "tempera"),
    series=(("Дала әуендері", "Мелодии степи", "Songs of the Steppe"),
            ("Ұлы дала тұлғалары", "Лица Великой степи", "Figures of the Great Steppe")),
    biography=(
        "Бақыт Наоко — Алматыда тұратын және жұмыс істейтін суретші. Қазақ даласын, қазақ халқының "
        "көшбасшыларының портреттерін және күрделі дәстүрлі ою-өрнектерді жарқын түстермен салады. "
        "Жұмыстарында кең көкжиек, қошқар мүйіз өрнегінің ырғағы және тарихи тұлғалардың байсалды "
        "бейнелері бір кеңістікте тоғысады.",
        "Бахыт Наоко — художник, живёт и работает в Алматы. Пишет казахскую степь, портреты казахских "
        "лидеров и сложные традиционные орнаменты в ярких цветах. В работах сходятся широкий горизонт, "
        "ритм орнамента «кошкар мюйиз» и сдержанные образы исторических личностей.",
        "Bakhyt Naoko lives and works in Almaty, painting the steppes, portraits of Kazakh leaders and "
        "intricate traditional ornaments in vibrant colour. The wide horizon, the rhythm of the "
        "qoshqar müiz (ram's horn) pattern and the calm likenesses of historical figures meet in the same "
        "pictures.",
    ),
    statement=(
        "Дала — менің бояуларымның көзі: оның жарығы мен ою-өрнектің ырғағы бір тілде сөйлейді.",
        "Степь — источник моих красок: её свет и ритм орнамента говорят на одном языке.",
        "The steppe is where my colours come from: its light and the rhythm of ornament speak one language.",
    ),
    share=3.0,
)

ARTISTS: tuple[DemoArtist, ...] = (
    NAOKO,
    DemoArtist("aigerim@dala.example", ("Айгерім Сейітқали", "Айгерим Сеиткали", "Aigerim Seitkali"), "astana",
               1994, "emerging", ("abstract", "city"), featured=True, media=("acrylic", "mixed-media", "digital")),
    DemoArtist("yerlan@dala.example", ("Ерлан Жұмабаев", "Ерлан Жумабаев", "Yerlan Zhumabayev"), "karaganda",
               1968, "established", ("steppe", "horses"), media=("oil",),
               series=(("Сарыарқа жылнамасы", "Хроники Сарыарки", "Saryarka Chronicles"),), share=1.5),
    DemoArtist("dinara@dala.example", ("Динара Әбілқасымова", "Динара Абилкасымова", "Dinara Abilkasymova"),
               "almaty", 1989, "emerging", ("felt", "ornament"), featured=True, media=("textile-felt",)),
    DemoArtist("nurlan@dala.example", ("Нұрлан Тоқтаров", "Нурлан Токтаров", "Nurlan Toktarov"), "shymkent",
               1979, "established", ("still-life", "city"), media=("oil", "watercolour")),
    DemoArtist("assem@dala.example", ("Әсем Бекмұратова", "Асем Бекмуратова", "Assem Bekmuratova"), "aktobe",
               1997, "emerging", ("portrait", "abstract"), media=("acrylic", "ink")),
    DemoArtist("timur@dala.example", ("Тимур Оспанов", "Тимур Оспанов", "Timur Ospanov"), "almaty", 1985,
               "established", ("mountains", "city"), featured=True, media=("photography",),
               series=(("Тау жолдары", "Горные дороги", "Mountain Roads"),)),
    DemoArtist("gulnar@dala.example", ("Гүлнар Қасымова", "Гульнар Касымова", "Gulnar Kassymova"), "turkistan",
               1972, "established", ("ceramics", "ornament"), media=("ceramics",)),
    DemoArtist("daniyar@dala.example", ("Данияр Серікбаев", "Данияр Серикбаев", "Daniyar Serikbayev"), "astana",
               1999, "emerging", ("abstract", "epic"), media=("digital",)),
    DemoArtist("zhanar@dala.example", ("Жанар Смағұлова", "Жанар Смагулова", "Zhanar Smagulova"), "oskemen", 1983,
               "established", ("mountains", "steppe"), media=("watercolour",)),
    DemoArtist("arman@dala.example", ("Арман Есенов", "Арман Есенов", "Arman Yessenov"), "taraz", 1991,
               "emerging", ("epic", "ornament"), media=("printmaking", "ink")),
    DemoArtist("aiperi@dala.example", ("Әйпері Тоқтоғұлова", "Айпери Токтогулова", "Aiperi Toktogulova"),
               "bishkek", 1990, "emerging", ("felt", "yurt"), featured=True, media=("textile-felt",),
               currency="USD"),
    DemoArtist("emil@dala.example", ("Эмил Жұмалиев", "Эмиль Жумалиев", "Emil Zhumaliev"), "bishkek", 1976,
               "established", ("mountains", "horses"), media=("oil",), share=1.5),
    DemoArtist("nurgul@dala.example", ("Нұргүл Сатыбалдиева", "Нургуль Сатыбалдиева", "Nurgul Satybaldieva"),
               "osh", 1995, "emerging", ("portrait", "city"), media=("oil", "acrylic")),
    DemoArtist("bolot@dala.example", ("Болот Исаков", "Болот Исаков", "Bolot Isakov"), "karakol", 1966,
               "established", ("epic", "horses"), media=("sculpture", "ink"),
               series=(("Манас", "Манас", "Manas"),)),
    DemoArtist("dilnoza@dala.example", ("Дилноза Каримова", "Дильноза Каримова", "Dilnoza Karimova"), "tashkent",
               1988, "established", ("city", "still-life"), featured=True, media=("oil", "tempera"),
               currency="USD", share=1.5),
    DemoArtist("sherzod@dala.example", ("Шерзод Рахимов", "Шерзод Рахимов", "Sherzod Rakhimov"), "samarkand",
               1981, "established", ("ceramics", "ornament"), media=("ceramics",), currency="USD"),
    DemoArtist("malika@dala.example", ("Малика Юсупова", "Малика Юсупова", "Malika Yusupova"), "bukhara", 1998,
               "emerging", ("ornament", "portrait"), media=("tempera",)),
    DemoArtist("aziz@dala.example", ("Әзиз Тошматов", "Азиз Тошматов", "Aziz Toshmatov"), "tashkent", 1993,
               "emerging", ("city", "abstract"), media=("photography", "digital"), currency="EUR"),
    DemoArtist("saodat@dala.example", ("Саодат Мирзаева", "Саодат Мирзаева", "Saodat Mirzaeva"), "nukus", 1970,
               "established", ("abstract", "steppe"), media=("oil", "mixed-media")),
    DemoArtist("farangis@dala.example", ("Фарангис Назарова", "Фарангис Назарова", "Farangis Nazarova"),
               "dushanbe", 1992, "emerging", ("portrait", "still-life"), media=("oil", "watercolour")),
    DemoArtist("rustam@dala.example", ("Рустам Саидов", "Рустам Саидов", "Rustam Saidov"), "khujand", 1974,
               "established", ("mountains", "abstract"), media=("acrylic", "oil"), currency="USD"),
    DemoArtist("mehrangiz@dala.example", ("Меҳрангиз Шарипова", "Мехрангиз Шарипова", "Mehrangiz Sharipova"),
               "dushanbe", 1987, "established", ("epic", "portrait"), media=("ink", "tempera")),
    DemoArtist("mergen@dala.example", ("Мерген Атаев", "Мерген Атаев", "Mergen Atayev"), "ashgabat", 1980,
               "established", ("horses", "steppe"), featured=True, media=("oil",), currency="USD"),
    DemoArtist("ogulzhan@dala.example", ("Оғылжан Бердиева", "Огулджан Бердыева", "Ogulzhan Berdyeva"), "mary",
               1996, "emerging", ("felt", "ornament"), media=("textile-felt",)),
)


@dataclass(frozen=True)
class DemoPerson:
    email: str
    display_name: str
    role: str
    details: dict[str, object] = field(default_factory=dict)


GALLERY = DemoPerson("gallery@dala.example", "Көкжиек галереясы", "gallery", {
    "name": ("Көкжиек галереясы", "Галерея «Кокжиек»", "Kokzhiek Gallery"),
    "city": "almaty",
    "website": "https://kokzhiek.example",
    "description": ("Қазақстан мен Орталық Азияның заманауи өнерін көрсететін алматылық галерея.",
                    "Алматинская галерея современного искусства Казахстана и Центральной Азии.",
                    "An Almaty gallery showing contemporary art from Kazakhstan and Central Asia."),
})
CRITIC = DemoPerson("critic@dala.example", "Сәуле Нұрпейісова", "critic", {
    "name": ("Сәуле Нұрпейісова", "Сауле Нурпеисова", "Saule Nurpeisova"),
    "outlet": "Qalam — a journal of Central Asian art",
    "biography": ("Өнертанушы, Орталық Азияның заманауи өнері туралы жазады.",
                  "Искусствовед, пишет о современном искусстве Центральной Азии.",
                  "Art historian writing on contemporary art in Central Asia."),
})
COLLECTOR = DemoPerson("collector@dala.example", "Марат Ахметов", "collector", {"name": "Марат Ахметов"})
CURATOR = DemoPerson("curator@dala.example", "Әлия Жұмабекова", "curator")
OTHERS = (GALLERY, CRITIC, COLLECTOR, CURATOR)
