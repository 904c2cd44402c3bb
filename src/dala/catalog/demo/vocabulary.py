"""The demo's vocabularies and places, each named in Kazakh, Russian and English."""

from __future__ import annotations

# slug → (kk, ru, en)
MEDIA: dict[str, tuple[str, str, str]] = {
    "oil": ("Майлы бояу", "Масло", "Oil"),
    "acrylic": ("Акрил", "Акрил", "Acrylic"),
    "watercolour": ("Акварель", "Акварель", "Watercolour"),
    "tempera": ("Темпера", "Темпера", "Tempera"),
    "ink": ("Тушь", "Тушь", "Ink"),
    "mixed-media": ("Аралас техника", "Смешанная техника", "Mixed media"),
    "textile-felt": ("Текстиль және киіз", "Текстиль и войлок (кийиз)", "Textile and felt (kiiz)"),
    "ceramics": ("Керамика", "Керамика", "Ceramics"),
    "photography": ("Фотография", "Фотография", "Photography"),
    "digital": ("Цифрлық өнер", "Цифровое искусство", "Digital art"),
    "sculpture": ("Мүсін", "Скульптура", "Sculpture"),
    "printmaking": ("Баспа графикасы", "Печатная графика", "Printmaking"),
}

SUBJECTS: dict[str, tuple[str, str, str]] = {
    "steppe": ("Дала", "Степь", "Steppe"),
    "portrait": ("Портрет", "Портрет", "Portrait"),
    "ornament": ("Ою-өрнек", "Орнамент", "Ornament"),
    "nomadic-life": ("Көшпелі өмір", "Кочевая жизнь", "Nomadic life"),
    "horses": ("Жылқы", "Лошади", "Horses"),
    "mountains": ("Таулар", "Горы", "Mountains"),
    "city": ("Қала", "Город", "City"),
    "abstract": ("Абстракция", "Абстракция", "Abstract"),
    "landscape": ("Пейзаж", "Пейзаж", "Landscape"),
    "still-life": ("Натюрморт", "Натюрморт", "Still life"),
    "folklore-epic": ("Фольклор және эпос", "Фольклор и эпос", "Folklore and epic"),
    "yurt": ("Киіз үй", "Юрта", "Yurt"),
}

# slug → (kk, ru, en, country)
CITIES: dict[str, tuple[str, str, str, str]] = {
    "almaty": ("Алматы", "Алматы", "Almaty", "KZ"),
    "astana": ("Астана", "Астана", "Astana", "KZ"),
    "shymkent": ("Шымкент", "Шымкент", "Shymkent", "KZ"),
    "karaganda": ("Қарағанды", "Караганда", "Karaganda", "KZ"),
    "aktobe": ("Ақтөбе", "Актобе", "Aktobe", "KZ"),
    "turkistan": ("Түркістан", "Туркестан", "Turkistan", "KZ"),
    "taraz": ("Тараз", "Тараз", "Taraz", "KZ"),
    "atyrau": ("Атырау", "Атырау", "Atyrau", "KZ"),
    "oskemen": ("Өскемен", "Усть-Каменогорск", "Oskemen", "KZ"),
    "pavlodar": ("Павлодар", "Павлодар", "Pavlodar", "KZ"),
    "bishkek": ("Бішкек", "Бишкек", "Bishkek", "KG"),
    "osh": ("Ош", "Ош", "Osh", "KG"),
    "karakol": ("Қарақол", "Каракол", "Karakol", "KG"),
    "tashkent": ("Ташкент", "Ташкент", "Tashkent", "UZ"),
    "samarkand": ("Самарқанд", "Самарканд", "Samarkand", "UZ"),
    "bukhara": ("Бұхара", "Бухара", "Bukhara", "UZ"),
    "khiva": ("Хиуа", "Хива", "Khiva", "UZ"),
    "nukus": ("Нөкіс", "Нукус", "Nukus", "UZ"),
    "dushanbe": ("Дүшанбе", "Душанбе", "Dushanbe", "TJ"),
    "khujand": ("Ходжент", "Худжанд", "Khujand", "TJ"),
    "ashgabat": ("Ашхабад", "Ашхабад", "Ashgabat", "TM"),
    "mary": ("Мары", "Мары", "Mary", "TM"),
    "ulaanbaatar": ("Ұлан-Батыр", "Улан-Батор", "Ulaanbaatar", "MN"),
}
