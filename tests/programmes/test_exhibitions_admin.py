"""Staff admin of exhibitions: list with search and filters, add and change pages with inlines."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import UserFactory
from tests.programmes.factories_exhibitions import show_with_works


@pytest.mark.django_db
def test_staff_list_search_filter_and_edit_exhibitions(client: Client) -> None:
    show = show_with_works(2)
    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)
    for url in ("/admin/programmes/exhibition/", "/admin/programmes/exhibition/?q=Exhib&kind__exact=exhibition",
                "/admin/programmes/exhibition/add/", f"/admin/programmes/exhibition/{show.pk}/change/"):
        assert client.get(url).status_code == 200, url
