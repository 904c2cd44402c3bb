"""The certificate PDF and the public verification page."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from dala.core.translation import Translated
from dala.market.certificates import render_certificate
from dala.market.models import Certificate
from tests.factories import ArtworkFactory, UserFactory
from tests.market.factories_orders import CollectorFactory, bought, edition_work, paid

pytestmark = pytest.mark.django_db
KAZAKH_TITLE = "Әйгерім қүнғұрлы өңір һәм ұлы дала"


def logged_in(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_the_certificate_is_an_a4_pdf_with_the_code_the_url_and_the_kazakh_title() -> None:
    artwork = ArtworkFactory(buy_now=True, title=Translated(kk=KAZAKH_TITLE, ru="Великая степь", en="Great steppe"))
    order = paid(bought(artwork))
    certificate = Certificate.objects.get(order=order)
    data = render_certificate(certificate)
    assert data.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(data))
    page = reader.pages[0]
    assert round(float(page.mediabox.width)) == 595 and round(float(page.mediabox.height)) == 842  # A4 in points
    text = page.extract_text()
    assert certificate.display_code in text
    assert KAZAKH_TITLE in text and "Великая степь" in text and "Great steppe" in text
    assert reverse("market:verify_code", kwargs={"code": certificate.display_code}) in text.replace("\n", "")
    fonts = {str(font["/BaseFont"]) for font in (page["/Resources"]["/Font"][name].get_object()
                                                    for name in page["/Resources"]["/Font"])}
    assert any("Roboto" in name for name in fonts)  # the TTF is embedded (subset), not a core font


def test_the_buyer_downloads_the_certificate_of_a_paid_order_but_a_stranger_cannot() -> None:
    artwork, edition = edition_work(size=25, buy_now=True)
    order = paid(bought(artwork, edition=edition))
    url = reverse("market:certificate_pdf", kwargs={"number": order.number})
    response = logged_in(order.buyer).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "1/25" in PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert logged_in(order.artwork.artist.user).get(url).status_code == 200
    assert logged_in(UserFactory()).get(url).status_code == 404
    assert Client().get(url).status_code == 302


def test_an_unpaid_order_has_no_certificate() -> None:
    order = bought(ArtworkFactory(buy_now=True))
    response = logged_in(order.buyer).get(reverse("market:certificate_pdf", kwargs={"number": order.number}))
    assert response.status_code == 404


def test_the_verification_page_shows_the_work_but_never_the_price_or_a_private_buyer() -> None:
    collector = CollectorFactory(name="Секретный Коллекционер", is_private=True)
    artwork = ArtworkFactory(buy_now=True, price_amount=987_654_00)
    order = paid(bought(artwork, buyer=collector.user))
    code = Certificate.objects.get(order=order).display_code
    form = Client().get(reverse("market:verify"), {"code": code.lower().replace("-", " ")})
    assert form.status_code == 302
    assert form["Location"] == reverse("market:verify_code", kwargs={"code": code.replace("-", "")})
    page = Client().get(form["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert str(artwork.title) in html and str(artwork.artist.name) in html and code in html
    assert "987" not in html and "Секретный" not in html and collector.user.display_name not in html


def test_a_revoked_certificate_says_so_and_an_unknown_code_is_not_found() -> None:
    order = paid(bought(ArtworkFactory(buy_now=True)))
    certificate = Certificate.objects.get(order=order)
    certificate.revoked_at = timezone.now()
    certificate.save()
    page = Client().get(reverse("market:verify_code", kwargs={"code": certificate.code}))
    assert page.status_code == 200 and "revoked" in page.content.decode().lower()
    missing = Client().get(reverse("market:verify_code", kwargs={"code": "AAAABBBBCCCCDDDD"}))
    assert missing.status_code == 404
    api = Client().get(f"/api/v1/market/certificates/{certificate.display_code}")
    assert api.json()["status"] == "revoked" and api.json()["valid"] is False


def test_the_verification_page_offers_a_form_to_enter_a_code() -> None:
    page = Client().get(reverse("market:verify"))
    assert page.status_code == 200 and b'name="code"' in page.content
