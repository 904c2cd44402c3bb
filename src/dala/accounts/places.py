"""Countries dala knows by name (ISO 3166-1 alpha-2), the region's first."""

from django.utils.translation import gettext_lazy as _

COUNTRIES = [
    ("KZ", _("Kazakhstan")),
    ("KG", _("Kyrgyzstan")),
    ("UZ", _("Uzbekistan")),
    ("TJ", _("Tajikistan")),
    ("TM", _("Turkmenistan")),
    ("MN", _("Mongolia")),
    ("AZ", _("Azerbaijan")),
    ("RU", _("Russia")),
    ("TR", _("Türkiye")),
    ("CN", _("China")),
    ("DE", _("Germany")),
    ("FR", _("France")),
    ("GB", _("United Kingdom")),
    ("US", _("United States")),
    ("AE", _("United Arab Emirates")),
    ("KR", _("South Korea")),
]
COUNTRY_CODES = {code for code, _label in COUNTRIES}
