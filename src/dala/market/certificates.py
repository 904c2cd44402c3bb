"""The certificate of authenticity as a PDF: one A4 page with trilingual headings (kk/ru/en).

The PDF is drawn with fpdf2 and the Roboto TTF files that the ``font-roboto`` package ships inside
the wheel, so Kazakh letters (ә ғ қ ң ө ұ ү һ і) render on any machine and nothing is fetched at run
time. The headings are fixed in all three languages, whatever the request's language: the paper is
read by people who may not share the buyer's language.
"""

from __future__ import annotations

import datetime
import zoneinfo
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from dala.core.translation import Translated

from .models import Certificate

MARKET_TIME_ZONE = zoneinfo.ZoneInfo("Asia/Almaty")
LANGUAGE_ORDER = ("kk", "ru", "en")
FONT = "Roboto"

# Headings on the paper: Kazakh / Russian / English, always all three.
HEADINGS = {
    "title": "Түпнұсқалық сертификаты · Сертификат подлинности · Certificate of authenticity",
    "work": "Атауы · Название · Title",
    "artist": "Суретші · Художник · Artist",
    "year": "Жылы · Год · Year",
    "medium": "Техника · Техника · Medium",
    "dimensions": "Өлшемі · Размеры · Dimensions",
    "copy": "Таралым данасы · Экземпляр тиража · Edition copy",
    "sold": "Сатылған күні · Дата продажи · Date of sale",
    "code": "Тексеру коды · Код проверки · Verification code",
    "url": "Тексеру · Проверка · Verify at",
    "revoked": "КҮШІ ЖОЙЫЛДЫ · ОТОЗВАН · REVOKED",
}
LANGUAGE_NAMES = {"kk": "Қазақша", "ru": "Русский", "en": "English"}


@lru_cache(maxsize=1)
def font_files() -> dict[str, Path]:
    """The regular and bold TTF files of the bundled Roboto ("" and "B" styles)."""
    import font_roboto

    folder = Path(font_roboto.font_directory)
    return {"": folder / "Roboto-Regular.ttf", "B": folder / "Roboto-Bold.ttf"}


def verification_url(certificate: Certificate) -> str:
    """Where anyone can check ``certificate``: the site's address + the verification page."""
    path = reverse("market:verify_code", kwargs={"code": certificate.display_code})
    return settings.SITE_URL.rstrip("/") + path


def copy_label(copy: object | None) -> str:
    """``3/25``, ``AP 1/2`` or ``4/∞`` for a numbered copy; empty for a unique work."""
    return str(copy) if copy is not None else ""


def _each_language(text: Translated) -> list[tuple[str, str]]:
    return [(code, text[code]) for code in LANGUAGE_ORDER if code in text]


def _joined(text: Translated) -> str:
    """A label in each language it has, without repeating equal spellings (``Алматы`` twice)."""
    seen: list[str] = []
    for _code, value in _each_language(text):
        if value not in seen:
            seen.append(value)
    return " / ".join(seen)


def sale_date(paid_at: datetime.datetime | None) -> str:
    if paid_at is None:
        return ""
    return paid_at.astimezone(MARKET_TIME_ZONE).strftime("%d.%m.%Y")


class _Page:
    """Thin drawing helpers over one FPDF page: a label line above its value."""

    def __init__(self, pdf: FPDF) -> None:
        self.pdf = pdf

    def field(self, heading: str, value: str) -> None:
        if not value:
            return
        pdf = self.pdf
        pdf.set_font(FONT, "", 8)
        pdf.set_text_color(110, 110, 110)
        pdf.multi_cell(0, 4.5, HEADINGS[heading], new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_font(FONT, "", 12)
        pdf.set_text_color(20, 20, 20)
        pdf.multi_cell(0, 6.5, value, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(2.5)


def render_certificate(certificate: Certificate) -> bytes:
    """The certificate of ``certificate``'s order as PDF bytes (A4, one page)."""
    order = certificate.order
    artwork = order.artwork
    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.set_title(f"Certificate {certificate.display_code}")
    pdf.set_subject(certificate.code)
    pdf.set_creator("dala")
    pdf.set_margins(22, 22, 22)
    pdf.set_auto_page_break(auto=True, margin=18)
    for style, path in font_files().items():
        pdf.add_font(FONT, style, str(path))
    pdf.add_page()
    page = _Page(pdf)

    pdf.set_font(FONT, "B", 16)
    pdf.multi_cell(0, 8, HEADINGS["title"], align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_draw_color(160, 120, 40)
    pdf.set_line_width(0.6)
    pdf.line(22, pdf.get_y() + 3, 210 - 22, pdf.get_y() + 3)
    pdf.ln(9)

    if certificate.revoked_at is not None:
        pdf.set_font(FONT, "B", 14)
        pdf.set_text_color(170, 20, 20)
        pdf.multi_cell(0, 8, HEADINGS["revoked"], align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_text_color(20, 20, 20)
        pdf.ln(3)

    # The title in every language the work has, each marked with its language.
    pdf.set_font(FONT, "", 8)
    pdf.set_text_color(110, 110, 110)
    pdf.multi_cell(0, 4.5, HEADINGS["work"], new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    for code, title in _each_language(artwork.title):
        pdf.set_font(FONT, "B", 14)
        pdf.set_text_color(20, 20, 20)
        pdf.multi_cell(0, 7.5, f"{title}   ({LANGUAGE_NAMES[code]})", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(3)

    page.field("artist", _joined(artwork.artist.name))
    page.field("year", str(artwork.year) if artwork.year else "")
    page.field("medium", _joined(artwork.medium.label) + (f"; {artwork.materials}" if artwork.materials else ""))
    page.field("dimensions", artwork.dimensions_cm)
    page.field("copy", copy_label(order.edition_copy))
    page.field("sold", sale_date(order.paid_at))

    pdf.ln(4)
    pdf.set_font(FONT, "", 8)
    pdf.set_text_color(110, 110, 110)
    pdf.multi_cell(0, 4.5, HEADINGS["code"], new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, "B", 20)
    pdf.set_text_color(20, 20, 20)
    pdf.multi_cell(0, 10, certificate.display_code, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(1)
    url = verification_url(certificate)
    pdf.set_font(FONT, "", 8)
    pdf.set_text_color(110, 110, 110)
    pdf.multi_cell(0, 4.5, HEADINGS["url"], new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, "", 11)
    pdf.set_text_color(30, 60, 140)
    pdf.multi_cell(0, 6, url, link=url, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return bytes(pdf.output())
