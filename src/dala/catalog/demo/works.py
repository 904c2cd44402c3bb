"""What a demo work is: its theme's titles, subjects, media and picture, and a seeded plan of its fields."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from .people import DemoArtist

Names = tuple[str, str, str]  # kk, ru, en


@dataclass(frozen=True)
class Theme:
    drawing: str
    subjects: tuple[str, ...]
    media: tuple[str, ...]
    titles: tuple[Names, ...]
    about: Names  # one sentence for the description


THEMES: dict[str, Theme] = {
    "steppe": Theme("steppe", ("steppe", "landscape"), ("oil", "acrylic", "watercolour", "tempera"), (
        ("Күзгі дала", "Осенняя степь", "Autumn Steppe"),
        ("Көктемгі дала", "Весенняя степь", "Spring Steppe"),
        ("Сарыарқа", "Сарыарка", "Saryarka"),
        ("Дала үстіндегі күн", "Солнце над степью", "Sun over the Steppe"),
        ("Кешкі жусан", "Вечерняя полынь", "Evening Wormwood"),
        ("Шексіз дала", "Бескрайняя степь", "Endless Steppe"),
        ("Қысқы дала", "Зимняя степь", "Winter Steppe"),
        ("Таң шапағы", "Рассвет", "Daybreak"),
        ("Бетпақдала", "Бетпак-Дала", "Betpak-Dala"),
        ("Жел мен шөп", "Ветер и трава", "Wind and Grass"),
        ("Дала тыныштығы", "Тишина степи", "Silence of the Steppe"),
        ("Алтын сағым", "Золотой мираж", "Golden Mirage"),
        ("Көкжиек", "Горизонт", "Horizon"),
    ), ("Дала жарығы мен кеңдігі туралы жұмыс.", "Работа о свете и просторе степи.",
        "A work about the light and breadth of the steppe.")),
    "mountains": Theme("mountains", ("mountains", "landscape"), ("oil", "watercolour", "photography"), (
        ("Алатау", "Алатау", "Alatau"),
        ("Іле Алатауы", "Заилийский Алатау", "Trans-Ili Alatau"),
        ("Хан Тәңірі", "Хан-Тенгри", "Khan Tengri"),
        ("Көлсай көлдері", "Кольсайские озёра", "Kolsai Lakes"),
        ("Таудағы таң", "Утро в горах", "Morning in the Mountains"),
        ("Шарын шатқалы", "Чарынский каньон", "Charyn Canyon"),
        ("Ыстықкөл жағасы", "Берег Иссык-Куля", "Shore of Issyk-Kul"),
        ("Памир жолы", "Памирский тракт", "Pamir Highway"),
        ("Тянь-Шань қары", "Снега Тянь-Шаня", "Snows of the Tian Shan"),
        ("Медеу үстіндегі бұлттар", "Облака над Медео", "Clouds over Medeu"),
        ("Фан таулары", "Фанские горы", "Fann Mountains"),
    ), ("Таулардың ауасы мен биіктігі туралы.", "О воздухе и высоте гор.",
        "On the air and height of the mountains.")),
    "horses": Theme("horses", ("horses", "nomadic-life", "steppe"), ("oil", "tempera", "ink"), (
        ("Жылқышы", "Табунщик", "The Horse Herder"),
        ("Көкпар", "Кокпар", "Kokpar"),
        ("Дала тұлпарлары", "Степные скакуны", "Steppe Racers"),
        ("Бәйге", "Байге", "Baige Horse Race"),
        ("Жайлауда", "На джайлау", "At the Summer Pasture"),
        ("Үйір", "Табун", "The Herd"),
        ("Көш", "Кочевье", "Migration"),
        ("Ақбоз ат", "Белый конь", "The White Horse"),
        ("Құсбегі", "Беркутчи", "The Eagle Hunter"),
        ("Ахалтеке", "Ахалтекинец", "Akhal-Teke"),
    ), ("Жылқы мен көшпелі тұрмыс туралы.", "О лошадях и кочевом быте.",
        "On horses and nomadic life.")),
    "yurt": Theme("yurt", ("yurt", "nomadic-life"), ("oil", "textile-felt", "watercolour"), (
        ("Киіз үй", "Юрта", "The Yurt"),
        ("Шаңырақ", "Шанырак", "Shanyrak"),
        ("Ақ үй", "Белая юрта", "The White Yurt"),
        ("Кереге", "Кереге", "Kerege Lattice"),
        ("Ошақ басында", "У очага", "By the Hearth"),
        ("Жайлаудағы ауыл", "Аул на джайлау", "Aul on the Summer Pasture"),
        ("Түндік", "Тундук", "Tunduk"),
    ), ("Киіз үй — көшпелі әлемнің орталығы.", "Юрта — центр кочевого мира.",
        "The yurt as the centre of the nomadic world.")),
    "ornament": Theme("ornament", ("ornament",), ("tempera", "acrylic", "printmaking", "mixed-media"), (
        ("Қошқар мүйіз", "Кошкар мюйиз (бараний рог)", "Qoshqar Müiz (Ram's Horn)"),
        ("Сыңар мүйіз", "Одиночный рог", "Single Horn"),
        ("Қос мүйіз", "Двойной рог", "Double Horn"),
        ("Түйе табан", "Верблюжий след", "Camel's Footprint"),
        ("Құс қанаты", "Птичье крыло", "Bird's Wing"),
        ("Ырғақ", "Ритм", "Rhythm"),
        ("Төрт құлақ", "Четыре уха", "Four Ears"),
        ("Өрнек", "Узор", "Pattern"),
        ("Алтын ою", "Золотой орнамент", "Golden Ornament"),
        ("Сырмақ", "Сырмак", "Syrmak"),
        ("Тұмарша", "Тумарша", "Tumarsha Amulet"),
        ("Әлем ағашы", "Древо мира", "Tree of the World"),
    ), ("Дәстүрлі ою-өрнектің жаңа оқылуы.", "Новое прочтение традиционного орнамента.",
        "A new reading of a traditional ornament.")),
    "felt": Theme("ornament", ("ornament", "nomadic-life"), ("textile-felt",), (
        ("Текемет", "Текемет", "Tekemet"),
        ("Сырмақ", "Сырмак", "Syrmak"),
        ("Қошқар мүйіз", "Кошкар мюйиз (бараний рог)", "Qoshqar Müiz (Ram's Horn)"),
        ("Ала киіз", "Ала-кийиз", "Ala-Kiyiz"),
        ("Шырдақ", "Шырдак", "Shyrdak"),
        ("Туырлық", "Туырлык", "Tuyrlyk"),
        ("Көк текемет", "Синий текемет", "Blue Tekemet"),
        ("Жібек жол", "Шёлковый путь", "Silk Road"),
    ), ("Киізден басылған, табиғи бояулармен боялған жұмыс.", "Валяный войлок, натуральные красители.",
        "Felted wool coloured with natural dyes.")),
    "ceramics": Theme("ornament", ("ornament", "still-life"), ("ceramics",), (
        ("Құмыра", "Кувшин", "Jug"),
        ("Кесе", "Пиала", "Bowl"),
        ("Ляган", "Ляган", "Lagan Platter"),
        ("Көк ыдыс", "Синее блюдо", "Blue Dish"),
        ("Риштан тақтасы", "Риштанская плитка", "Rishtan Tile"),
        ("Самарқан көгі", "Самаркандская лазурь", "Samarkand Azure"),
        ("Отырар сазы", "Глина Отрара", "Clay of Otrar"),
    ), ("Қолмен жасалған, глазурьмен күйдірілген керамика.", "Керамика ручной работы, глазурь.",
        "Hand-built, glazed ceramics.")),
    "portrait": Theme("portrait", ("portrait",), ("oil", "acrylic", "tempera", "ink"), (
        ("Әже", "Бабушка", "Grandmother"),
        ("Ақсақал", "Аксакал", "The Elder"),
        ("Қыз портреті", "Портрет девушки", "Portrait of a Young Woman"),
        ("Домбырашы", "Домбрист", "The Dombra Player"),
        ("Ақын", "Акын", "The Poet"),
        ("Сәукелелі келін", "Невеста в саукеле", "Bride in a Saukele"),
        ("Әкемнің портреті", "Портрет отца", "Portrait of My Father"),
        ("Автопортрет", "Автопортрет", "Self-Portrait"),
        ("Жыршы", "Сказитель", "The Storyteller"),
        ("Ұстаз", "Учитель", "The Teacher"),
        ("Қобызшы", "Кобызист", "The Kobyz Player"),
    ), ("Замандастың портреті.", "Портрет современника.", "A portrait of a contemporary.")),
    "leaders": Theme("portrait", ("portrait", "folklore-epic"), ("oil", "tempera"), (
        ("Абылай хан", "Абылай хан", "Abylai Khan"),
        ("Керей мен Жәнібек", "Керей и Жанибек", "Kerey and Zhanibek"),
        ("Төле би", "Толе би", "Tole Bi"),
        ("Қазыбек би", "Казыбек би", "Kazybek Bi"),
        ("Әйтеке би", "Айтеке би", "Aiteke Bi"),
        ("Кенесары хан", "Кенесары хан", "Kenesary Khan"),
        ("Әлихан Бөкейхан", "Алихан Букейханов", "Alikhan Bokeikhan"),
        ("Бөгенбай батыр", "Богенбай батыр", "Bogenbai Batyr"),
        ("Абай", "Абай", "Abai"),
    ), ("Қазақ тарихының тұлғасына арналған портрет.", "Портрет исторической личности казахской истории.",
        "A portrait of a figure from Kazakh history.")),
    "abstract": Theme("abstract", ("abstract",), ("acrylic", "oil", "mixed-media", "digital"), (
        ("Композиция", "Композиция", "Composition"),
        ("Тыныс", "Дыхание", "Breath"),
        ("Қызыл және көк", "Красное и синее", "Red and Blue"),
        ("Үнсіздік", "Безмолвие", "Silence"),
        ("Жаңғырық", "Эхо", "Echo"),
        ("Ағын", "Поток", "Flow"),
        ("Тепе-теңдік", "Равновесие", "Balance"),
        ("Түс туралы", "О цвете", "On Colour"),
        ("Жарық іздері", "Следы света", "Traces of Light"),
        ("Уақыт қабаттары", "Слои времени", "Layers of Time"),
        ("Сызықтар", "Линии", "Lines"),
    ), ("Түс пен пішіннің еркін композициясы.", "Свободная композиция цвета и формы.",
        "A free composition of colour and form.")),
    "city": Theme("abstract", ("city",), ("oil", "watercolour", "photography", "digital", "ink"), (
        ("Түнгі Алматы", "Ночной Алматы", "Almaty at Night"),
        ("Көк базар", "Зелёный базар", "Green Bazaar"),
        ("Астана, қаңтар", "Астана, январь", "Astana, January"),
        ("Ескі аула", "Старый двор", "Old Courtyard"),
        ("Регистан", "Регистан", "Registan"),
        ("Бұхара көшелері", "Улицы Бухары", "Streets of Bukhara"),
        ("Ош базары", "Ошский базар", "Osh Bazaar"),
        ("Метро", "Метро", "Metro"),
        ("Жаңбырлы қала", "Город под дождём", "City in the Rain"),
        ("Терезеден", "Из окна", "From the Window"),
        ("Чорсу", "Чорсу", "Chorsu"),
    ), ("Қала өмірінің бір сәті.", "Мгновение городской жизни.", "A moment of city life.")),
    "still-life": Theme("abstract", ("still-life",), ("oil", "watercolour", "tempera"), (
        ("Анар", "Гранаты", "Pomegranates"),
        ("Апорт", "Апорт", "Aport Apples"),
        ("Кесе мен шәйнек", "Пиала и чайник", "Bowl and Teapot"),
        ("Дастарқан", "Дастархан", "Dastarkhan"),
        ("Қауын", "Дыни", "Melons"),
        ("Домбыра мен гүлдер", "Домбра и цветы", "Dombra and Flowers"),
        ("Бәйшешек", "Первоцветы", "First Flowers"),
        ("Торсық", "Торсык", "Leather Flask"),
    ), ("Күнделікті заттардың тыныш әлемі.", "Тихий мир повседневных вещей.",
        "The quiet world of everyday things.")),
    "epic": Theme("ornament", ("folklore-epic",), ("tempera", "ink", "printmaking", "mixed-media"), (
        ("Қозы Көрпеш — Баян сұлу", "Козы-Корпеш и Баян-сулу", "Kozy Korpesh and Bayan Sulu"),
        ("Алпамыс батыр", "Алпамыс-батыр", "Alpamys the Hero"),
        ("Манас", "Манас", "Manas"),
        ("Қобыланды", "Кобланды", "Koblandy"),
        ("Ер Тарғын", "Ер-Таргын", "Er Targyn"),
        ("Қорқыт ата", "Коркыт-ата", "Korkyt Ata"),
        ("Томирис патшайым", "Царица Томирис", "Queen Tomyris"),
        ("Алдар Көсе", "Алдар Косе", "Aldar Kose"),
        ("Гөроғлы", "Гёроглы", "Gorogly"),
    ), ("Эпостың кейіпкерлері мен сюжеттері бойынша.", "По мотивам эпоса.", "After the heroes of the epic.")),
}

# medium → (materials, typical height range in mm, has depth, edition kinds it is made in)
MEDIA_DETAILS: dict[str, tuple[tuple[str, ...], tuple[int, int], bool, tuple[str, ...]]] = {
    "oil": (("oil on canvas", "oil on linen", "oil on board"), (400, 1800), False, ("unique",)),
    "acrylic": (("acrylic on canvas", "acrylic and gold leaf on canvas"), (400, 1600), False, ("unique",)),
    "watercolour": (("watercolour on paper", "watercolour on cotton paper"), (300, 760), False, ("unique",)),
    "tempera": (("egg tempera on gesso panel", "tempera on board"), (300, 1000), False, ("unique",)),
    "ink": (("ink on rice paper", "ink and wash on paper"), (300, 900), False, ("unique",)),
    "mixed-media": (("mixed media on canvas", "collage, acrylic and felt"), (400, 1500), False, ("unique",)),
    "textile-felt": (("felt, wool, natural dyes", "felted wool and silk"), (800, 3000), False, ("unique",)),
    "ceramics": (("glazed stoneware", "earthenware, underglaze painting"), (150, 600), True, ("unique",)),
    "photography": (("archival pigment print", "gelatin silver print"), (400, 1200), False, ("limited",)),
    "digital": (("giclée on cotton paper", "digital file and print"), (400, 1000), False, ("limited", "open")),
    "sculpture": (("bronze", "carved walnut", "cast bronze on granite base"), (300, 2000), True, ("unique",)),
    "printmaking": (("linocut on paper", "etching and aquatint", "screenprint"), (300, 800), False, ("limited",)),
}

# availability → weight
AVAILABILITY_WEIGHTS = {"for_sale": 58, "sold": 15, "not_for_sale": 8, "on_loan": 6, "on_hold": 5, "draft": 4}
LOCATIONS = ("Studio", "Studio storage", "Kokzhiek Gallery, Almaty", "Framer's", "Home")
ALT_TEXT: dict[str, Names] = {
    "steppe": ("Дала көрінісі", "Степной пейзаж", "A steppe landscape"),
    "mountains": ("Таулы пейзаж", "Горный пейзаж", "A mountain landscape"),
    "horses": ("Даладағы жылқылар", "Лошади в степи", "Horses on the steppe"),
    "yurt": ("Даладағы киіз үй", "Юрта в степи", "A yurt on the steppe"),
    "ornament": ("Қошқар мүйіз ою-өрнегі", "Орнамент «кошкар мюйиз»", "A ram's-horn ornament"),
    "portrait": ("Стильдендірілген портрет", "Стилизованный портрет", "A stylised portrait"),
    "abstract": ("Абстрактілі композиция", "Абстрактная композиция", "An abstract composition"),
}
ROMAN = ("", " II", " III", " IV", " V", " VI", " VII", " VIII", " IX", " X")


@dataclass
class WorkPlan:
    """The fields of one demo work, as create_artwork takes them, plus the picture to draw."""

    title: dict[str, str]
    year: int
    medium: str
    materials: str
    height_mm: int
    width_mm: int
    depth_mm: int | None
    edition_type: str
    subjects: list[str]
    description: dict[str, str]
    price_amount: int | None
    price_currency: str
    price_visible: bool
    availability: str
    location: str
    drawing: str
    title_key: tuple[str, int] = ("", 0)
    edition_size: int | None = None
    artist_proofs: int = 0
    edition_price: int | None = None

    def fields(self) -> dict[str, object]:
        return {name: getattr(self, name) for name in (
            "title", "year", "medium", "materials", "height_mm", "width_mm", "depth_mm", "edition_type", "subjects",
            "description", "price_amount", "price_currency", "price_visible", "availability", "location")}


class WorkPlanner:
    """Seeded plans of works for one artist; titles repeat with II, III… as a series would."""

    def __init__(self, artist: DemoArtist, rng: random.Random, medium_labels: dict[str, Names]) -> None:
        self.artist = artist
        self.rng = rng
        self.medium_labels = medium_labels
        self.used: dict[tuple[str, int], int] = {}
        self.this_year = datetime.date.today().year

    def plan(self) -> WorkPlan:
        rng, artist = self.rng, self.artist
        theme_name = rng.choice(artist.themes)
        theme = THEMES[theme_name]
        index = rng.randrange(len(theme.titles))
        seen = self.used.get((theme_name, index), 0)
        self.used[(theme_name, index)] = seen + 1
        base = theme.titles[index]
        suffix = ROMAN[seen] if seen < len(ROMAN) else f" {seen + 1}"
        title = {"kk": base[0] + suffix, "ru": base[1] + suffix, "en": base[2] + suffix}
        media = [m for m in theme.media if m in artist.media] or list(artist.media or theme.media)
        medium = rng.choice(media)
        materials, (low, high), has_depth, editions = MEDIA_DETAILS[medium]
        height = rng.randrange(low, high, 10)
        width = max(100, int(height * rng.choice([0.75, 1.0, 1.25, 1.5, 0.8])) // 10 * 10)
        depth = rng.randrange(100, max(110, height // 2), 10) if has_depth else None
        edition_type = rng.choice(editions)
        first_year = max(artist.birth_year + 18, 1985)
        year = rng.randint(first_year, self.this_year)
        # Prices in major units of the artist's usual currency; some works in another.
        scale = 4.0 if artist.stage == "established" else 1.0
        kzt = rng.uniform(150_000, 1_200_000) * scale
        if medium in ("ceramics", "photography", "digital", "printmaking", "ink", "watercolour"):
            kzt /= 3
        if edition_type != "unique":
            kzt /= 4
        currency = artist.currency if rng.random() < 0.85 else rng.choice(["KZT", "USD", "EUR"])
        major = {"KZT": round(kzt, -4), "USD": round(kzt / 480, -1), "EUR": round(kzt / 520, -1)}[currency]
        availability = rng.choices(list(AVAILABILITY_WEIGHTS), weights=list(AVAILABILITY_WEIGHTS.values()))[0]
        price: int | None = int(major) * 100
        if availability == "not_for_sale" and rng.random() < 0.7:
            price = None
        label = self.medium_labels[medium]
        description = {
            "kk": f"{theme.about[0]} Техникасы: {label[0].lower()}, {year}.",
            "ru": f"{theme.about[1]} Техника: {label[1].lower()}, {year}.",
            "en": f"{theme.about[2]} {label[2]}, {year}.",
        }
        plan = WorkPlan(
            title=title, year=year, medium=medium, materials=rng.choice(materials), height_mm=height,
            width_mm=width, depth_mm=depth, edition_type=edition_type,
            subjects=list(dict.fromkeys(rng.sample(theme.subjects, k=rng.randint(1, len(theme.subjects))))),
            description=description, price_amount=price, price_currency=currency,
            price_visible=price is not None and rng.random() < 0.88, availability=availability,
            location=rng.choice(LOCATIONS), drawing=theme.drawing, title_key=(theme_name, index),
        )
        if edition_type == "limited":
            plan.edition_size = rng.choice([5, 10, 15, 20, 25, 30])
            plan.artist_proofs = rng.randint(1, 3)
            plan.edition_price = price
        elif edition_type == "open":
            plan.edition_price = price
        return plan
