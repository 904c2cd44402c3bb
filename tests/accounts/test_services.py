"""Writes about people: sign-up, roles, profiles and API tokens."""

from __future__ import annotations

import pytest
from django.utils import timezone

from dala.accounts import errors
from dala.accounts.models import ArtistProfile, CollectorProfile, CriticProfile, GalleryProfile, Role, User
from dala.accounts.services import (
    create_api_token,
    grant_role,
    register_user,
    revoke_api_token,
    set_collector_privacy,
    update_account,
    update_artist_profile,
    update_critic_profile,
    update_gallery_profile,
    user_for_token,
)
from dala.core.errors import DomainError, NotFound, ValidationFailed
from tests.factories import ArtistFactory, CityFactory, UserFactory

pytestmark = pytest.mark.django_db


def _fields(error: ValidationFailed) -> set[str | None]:
    return {problem.field for problem in error.errors}


# Sign-up and roles ------------------------------------------------------------------------------

def test_register_user_creates_the_profiles_of_the_chosen_roles() -> None:
    user = register_user(email=" Aigerim@Example.KZ ", password="steppe-wind-42!", display_name="Aigerim",
                         roles=["artist", "critic", "artist"], language="ru")

    assert user.email == "aigerim@example.kz"
    assert user.check_password("steppe-wind-42!")
    assert user.preferred_language == "ru"
    assert user.role_names == {Role.ARTIST, Role.CRITIC}
    assert str(user.artist_profile.name) == "Aigerim"
    assert user.critic_profile is not None


def test_register_user_reports_every_bad_field_at_once_and_creates_nothing() -> None:
    UserFactory(email="taken@example.kz")

    with pytest.raises(ValidationFailed) as caught:
        register_user(email="TAKEN@example.kz", password="123", roles=["staff"])

    assert _fields(caught.value) == {"email", "password", "roles"}
    assert {problem.code for problem in caught.value.errors} >= {errors.EMAIL_TAKEN, errors.INVALID_ROLE}
    assert User.objects.count() == 1


def test_register_user_refuses_an_invalid_email() -> None:
    with pytest.raises(ValidationFailed) as caught:
        register_user(email="not-an-address", password="steppe-wind-42!")
    assert _fields(caught.value) == {"email"}


def test_grant_role_is_idempotent_and_refuses_staff() -> None:
    user = UserFactory()
    grant_role(user=user, role=Role.COLLECTOR)
    grant_role(user=user, role=Role.COLLECTOR)

    assert CollectorProfile.objects.filter(user=user).count() == 1
    with pytest.raises(DomainError) as caught:
        grant_role(user=user, role=Role.STAFF)
    assert caught.value.field == "roles"


# Artist profile ---------------------------------------------------------------------------------

def test_update_artist_profile_sets_the_city_and_its_country() -> None:
    artist = ArtistFactory(city=None, country="")
    city = CityFactory(slug="shymkent", country="KZ")

    update_artist_profile(profile=artist, name={"kk": "Дана", "en": "Dana"}, city=city.pk, birth_year="1991",
                          career_stage="emerging", biography={"en": "Felt and wool."})

    artist.refresh_from_db()
    assert artist.name.as_dict() == {"kk": "Дана", "en": "Dana"}
    assert (artist.city, artist.country, artist.birth_year, artist.career_stage) == (city, "KZ", 1991, "emerging")
    assert artist.biography.as_dict() == {"en": "Felt and wool."}


def test_update_artist_profile_clears_optional_fields() -> None:
    artist = ArtistFactory(birth_year=1970)

    update_artist_profile(profile=artist, city=None, birth_year="")

    artist.refresh_from_db()
    assert artist.city is None and artist.birth_year is None


@pytest.mark.parametrize(("changes", "field"), [
    ({"name": {}}, "name"),
    ({"name": {"en": "x" * 201}}, "name"),
    ({"birth_year": 1700}, "birth_year"),
    ({"birth_year": timezone.now().year + 1}, "birth_year"),
    ({"birth_year": "nineteen"}, "birth_year"),
    ({"city": "atlantis"}, "city"),
    ({"country": "XX"}, "country"),
    ({"career_stage": "legendary"}, "career_stage"),
    ({"is_featured": True}, "is_featured"),
])
def test_update_artist_profile_refuses_bad_input_and_changes_nothing(changes: dict[str, object],
                                                                     field: str) -> None:
    artist = ArtistFactory(birth_year=1980)
    before = ArtistProfile.objects.values().get(pk=artist.pk)

    with pytest.raises(ValidationFailed) as caught:
        update_artist_profile(profile=artist, **changes)

    assert _fields(caught.value) == {field}
    assert ArtistProfile.objects.values().get(pk=artist.pk) == before


def test_update_artist_profile_reports_all_problems_together() -> None:
    artist = ArtistFactory()

    with pytest.raises(ValidationFailed) as caught:
        update_artist_profile(profile=artist, name={}, birth_year=1, country="ZZ")

    assert _fields(caught.value) == {"name", "birth_year", "country"}


# Account settings -------------------------------------------------------------------------------

def test_update_account_changes_name_and_language() -> None:
    user = UserFactory()

    update_account(user=user, display_name="  Aibek ", preferred_language="en")

    user.refresh_from_db()
    assert (user.display_name, user.preferred_language) == ("Aibek", "en")


def test_update_account_refuses_an_unknown_language_and_a_long_name() -> None:
    user = UserFactory(display_name="Before")

    with pytest.raises(ValidationFailed) as caught:
        update_account(user=user, display_name="x" * 151, preferred_language="de")

    assert _fields(caught.value) == {"display_name", "preferred_language"}
    user.refresh_from_db()
    assert user.display_name == "Before"


def test_set_collector_privacy_needs_a_collector_profile() -> None:
    user = UserFactory()
    with pytest.raises(NotFound):
        set_collector_privacy(user=user, is_private=False)

    grant_role(user=user, role=Role.COLLECTOR)
    assert set_collector_privacy(user=user, is_private=False).is_private is False


# API tokens -------------------------------------------------------------------------------------

def test_token_key_is_returned_once_and_only_its_hash_is_stored() -> None:
    user = UserFactory()

    token, key = create_api_token(user=user, name="  sync  ")

    assert key.startswith("dala_")
    assert token.name == "sync"
    assert token.key_prefix == key[:12]
    assert key not in (token.key_hash, token.key_prefix)
    assert user_for_token(key) == user
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_unknown_or_malformed_keys_find_nobody() -> None:
    create_api_token(user=UserFactory(), name="t")

    assert user_for_token("") is None
    assert user_for_token("dala_not-a-real-key") is None
    assert user_for_token("Bearer something") is None


def test_revoked_token_finds_nobody_and_cannot_be_revoked_twice() -> None:
    user = UserFactory()
    token, key = create_api_token(user=user, name="t")

    revoke_api_token(user=user, token_id=token.pk)

    assert user_for_token(key) is None
    with pytest.raises(NotFound):
        revoke_api_token(user=user, token_id=token.pk)


def test_a_token_of_an_inactive_user_finds_nobody() -> None:
    user = UserFactory()
    _token, key = create_api_token(user=user, name="t")
    user.is_active = False
    user.save()

    assert user_for_token(key) is None


# Gallery and critic profiles --------------------------------------------------------------------

def _gallery() -> GalleryProfile:
    user = UserFactory()
    grant_role(user=user, role=Role.GALLERY)
    return GalleryProfile.objects.get(user=user)


def _critic() -> CriticProfile:
    user = UserFactory()
    grant_role(user=user, role=Role.CRITIC)
    return CriticProfile.objects.get(user=user)


def test_update_gallery_profile_sets_name_city_country_description_and_website() -> None:
    gallery = _gallery()
    city = CityFactory(slug="bishkek", country="KG")

    update_gallery_profile(profile=gallery, name={"ru": "Галерея Дала", "en": "Dala Gallery"}, city=city.slug,
                           description={"en": "Felt, wool and paper."}, website=" https://dala.kg ")

    gallery.refresh_from_db()
    assert gallery.name.as_dict() == {"ru": "Галерея Дала", "en": "Dala Gallery"}
    assert (gallery.city, gallery.country, gallery.website) == (city, "KG", "https://dala.kg")
    assert gallery.description.as_dict() == {"en": "Felt, wool and paper."}


def test_update_gallery_profile_lets_a_city_win_over_a_country_given_with_it() -> None:
    gallery = _gallery()
    city = CityFactory(slug="almaty", country="KZ")

    update_gallery_profile(profile=gallery, city=city, country="UZ")

    gallery.refresh_from_db()
    assert (gallery.city, gallery.country) == (city, "KZ")


def test_update_gallery_profile_clears_the_website_and_the_city() -> None:
    gallery = _gallery()
    update_gallery_profile(profile=gallery, website="http://old.example.kz", city=CityFactory())

    update_gallery_profile(profile=gallery, website="", city=None, country="")

    gallery.refresh_from_db()
    assert (gallery.website, gallery.city, gallery.country) == ("", None, "")


@pytest.mark.parametrize(("changes", "field"), [
    ({"name": {}}, "name"),
    ({"name": {"kk": "ж" * 201}}, "name"),
    ({"name": 42}, "name"),
    ({"city": "atlantis"}, "city"),
    ({"country": "XX"}, "country"),
    ({"description": {"en": "x" * 20_001}}, "description"),
    ({"website": "dala.kz"}, "website"),
    ({"website": "ftp://dala.kz"}, "website"),
    ({"website": "javascript:alert(1)"}, "website"),
    ({"website": "https://dala.kz/" + "a" * 200}, "website"),
    ({"is_verified": True}, "is_verified"),
    ({"slug": "taken"}, "slug"),
])
def test_update_gallery_profile_refuses_bad_input_and_changes_nothing(changes: dict[str, object],
                                                                      field: str) -> None:
    gallery = _gallery()
    before = GalleryProfile.objects.values().get(pk=gallery.pk)

    with pytest.raises(ValidationFailed) as caught:
        update_gallery_profile(profile=gallery, **{"website": "https://good.example.kz", **changes})

    assert _fields(caught.value) == {field}
    assert {problem.code for problem in caught.value.errors} == {errors.INVALID_PROFILE}
    assert GalleryProfile.objects.values().get(pk=gallery.pk) == before
    assert gallery.website == ""  # nor is the object in memory half-changed


def test_update_gallery_profile_reports_all_problems_together() -> None:
    gallery = _gallery()

    with pytest.raises(ValidationFailed) as caught:
        update_gallery_profile(profile=gallery, name={}, website="nope", country="ZZ", is_verified=True)

    assert _fields(caught.value) == {"name", "website", "country", "is_verified"}
    gallery.refresh_from_db()
    assert not gallery.is_verified


def test_update_critic_profile_sets_name_outlet_and_biography() -> None:
    critic = _critic()

    update_critic_profile(profile=critic, name={"kk": "Әсел"}, outlet="  Vlast.kz ",
                          biography={"ru": "Пишет о живописи."})

    critic.refresh_from_db()
    assert critic.name.as_dict() == {"kk": "Әсел"}
    assert critic.outlet == "Vlast.kz"
    assert critic.biography.as_dict() == {"ru": "Пишет о живописи."}


@pytest.mark.parametrize(("changes", "field"), [
    ({"name": {"en": ""}}, "name"),
    ({"outlet": "x" * 201}, "outlet"),
    ({"biography": {"kk": "x" * 20_001}}, "biography"),
    ({"city": "almaty"}, "city"),
])
def test_update_critic_profile_refuses_bad_input_and_changes_nothing(changes: dict[str, object],
                                                                     field: str) -> None:
    critic = _critic()
    before = CriticProfile.objects.values().get(pk=critic.pk)

    with pytest.raises(ValidationFailed) as caught:
        update_critic_profile(profile=critic, **changes)

    assert _fields(caught.value) == {field}
    assert CriticProfile.objects.values().get(pk=critic.pk) == before
