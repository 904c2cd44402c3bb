"""The account pages: sign-up, log-in/-out, password reset, profile and API tokens."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth import get_user
from django.test import Client
from django.urls import reverse

from dala.accounts.models import (
    ApiToken,
    ArtistProfile,
    City,
    CollectorProfile,
    CriticProfile,
    GalleryProfile,
    Role,
    User,
)
from dala.accounts.services import create_api_token, grant_role, user_for_token
from tests.factories import ArtistFactory, CityFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

PASSWORD = "correct-horse-battery"



def _signup(client: Client, **overrides: Any) -> Any:
    data: dict[str, Any] = {"email": "aigerim@example.kz", "display_name": "Aigerim", "password1": "steppe-wind-42!",
                            "password2": "steppe-wind-42!", "roles": ["artist", "collector"]}
    data.update(overrides)
    return client.post(reverse("accounts:signup"), data)


# Sign-up ----------------------------------------------------------------------------------------

def test_signup_page_labels_every_input(client: Client) -> None:
    html = client.get(reverse("accounts:signup")).content.decode()
    for field_id in ("id_email", "id_display_name", "id_password1", "id_password2"):
        assert f'for="{field_id}"' in html
    assert "<legend" in html  # the role checkboxes are a labelled group
    for role in ("artist", "collector", "critic", "gallery", "curator"):
        assert f'value="{role}"' in html


def test_signup_creates_user_with_roles_and_artist_profile_and_logs_in(client: Client) -> None:
    response = _signup(client)

    assert response.status_code == 302
    assert response["Location"] == reverse("catalog:studio")
    user = User.objects.get(email="aigerim@example.kz")
    assert user.role_names == {Role.ARTIST, Role.COLLECTOR}
    assert ArtistProfile.objects.filter(user=user).exists()
    assert CollectorProfile.objects.filter(user=user).exists()
    assert get_user(client).pk == user.pk


def test_signup_without_artist_role_lands_on_profile(client: Client) -> None:
    response = _signup(client, roles=["critic"])

    assert response["Location"] == reverse("accounts:profile")
    assert not ArtistProfile.objects.exists()


def test_signup_with_a_taken_email_shows_the_error_on_the_email_field(client: Client) -> None:
    UserFactory(email="aigerim@example.kz")

    response = _signup(client, email="Aigerim@Example.kz")

    assert response.status_code == 422
    form = response.context["form"]
    assert "already exists" in " ".join(form.errors["email"])
    html = response.content.decode()
    assert 'id="id_email_error"' in html
    assert 'aria-describedby="id_email_error"' in html
    assert User.objects.count() == 1
    assert not get_user(client).is_authenticated


def test_signup_with_a_weak_password_shows_it_on_the_password_field(client: Client) -> None:
    response = _signup(client, password1="123", password2="123")

    assert "password1" in response.context["form"].errors
    assert not User.objects.exists()


def test_signup_with_different_passwords_is_refused(client: Client) -> None:
    response = _signup(client, password2="something-else-99")

    assert "password2" in response.context["form"].errors
    assert not User.objects.exists()


# Log-in and log-out -----------------------------------------------------------------------------

def test_login_form_labels_the_username_as_email(client: Client) -> None:
    html = client.get(reverse("accounts:login")).content.decode()
    assert re.search(r'<label for="id_username">E-mail', html)
    assert 'type="email"' in html


def test_login_with_email_then_logout_by_post(client: Client) -> None:
    artist = ArtistFactory(user__email="dana@example.kz")

    response = client.post(reverse("accounts:login"), {"username": "Dana@Example.kz", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == reverse("catalog:studio")
    assert get_user(client).pk == artist.user.pk

    assert client.get(reverse("accounts:logout")).status_code == 405  # a link cannot log anyone out
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert not get_user(client).is_authenticated


def test_login_with_a_wrong_password_shows_an_error(client: Client) -> None:
    UserFactory(email="dana@example.kz")

    response = client.post(reverse("accounts:login"), {"username": "dana@example.kz", "password": "nope"})

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not get_user(client).is_authenticated


def test_login_follows_next(client: Client) -> None:
    UserFactory(email="dana@example.kz")
    target = reverse("accounts:tokens")

    response = client.post(reverse("accounts:login") + f"?next={target}",
                           {"username": "dana@example.kz", "password": PASSWORD, "next": target})

    assert response["Location"] == target


# Password reset ---------------------------------------------------------------------------------

def test_password_reset_mails_a_link_that_sets_a_new_password(client: Client, mailoutbox: list[Any]) -> None:
    user = UserFactory(email="dana@example.kz", preferred_language="en")

    response = client.post(reverse("accounts:password_reset"), {"email": "dana@example.kz"})

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["dana@example.kz"]
    assert mail.subject == "Reset your dala password"
    link = re.search(r"https?://testserver(\S+)", mail.body)
    assert link is not None
    path = link.group(1)
    assert path.startswith("/en/accounts/password-reset/")  # the user's language

    response = client.get(path)
    assert response.status_code == 302  # the token moves out of the URL into the session
    set_password_url = response["Location"]
    response = client.get(set_password_url)
    assert response.context["validlink"]
    response = client.post(set_password_url, {"new_password1": "new-steppe-pass-77",
                                              "new_password2": "new-steppe-pass-77"})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_complete")
    user.refresh_from_db()
    assert user.check_password("new-steppe-pass-77")
    assert client.get(path).status_code == 200  # used once: the link is now invalid
    assert not client.get(path, follow=True).context["validlink"]


def test_password_reset_for_an_unknown_address_sends_nothing_but_says_the_same(client: Client,
                                                                               mailoutbox: list[Any]) -> None:
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.kz"})

    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mailoutbox == []


# Profile ----------------------------------------------------------------------------------------

def test_profile_needs_login(client: Client) -> None:
    response = client.get(reverse("accounts:profile"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_profile_saves_display_name_and_language(client: Client) -> None:
    user = UserFactory()
    client.force_login(user)

    response = client.post(reverse("accounts:profile"), {
        "action": "account", "account-display_name": "Aibek", "account-preferred_language": "ru"})

    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.display_name, user.preferred_language) == ("Aibek", "ru")


def test_artist_edits_profile_with_city_from_the_list(client: Client) -> None:
    artist = ArtistFactory(city=None, country="")
    city = City.objects.create(slug="bishkek", name={"en": "Bishkek", "ru": "Бишкек"}, country="KG")
    client.force_login(artist.user)

    response = client.post(reverse("accounts:profile"), {
        "action": "artist", "artist-name_kk": "Айгерім", "artist-name_ru": "Айгерим", "artist-name_en": "Aigerim",
        "artist-country": "", "artist-city": city.pk, "artist-birth_year": "1990",
        "artist-career_stage": "emerging", "artist-biography_en": "Paints the steppe.", "artist-statement_kk": "",
    })

    assert response.status_code == 302
    artist.refresh_from_db()
    assert artist.name.as_dict() == {"kk": "Айгерім", "ru": "Айгерим", "en": "Aigerim"}
    assert (artist.city, artist.country, artist.birth_year) == (city, "KG", 1990)
    assert artist.career_stage == "emerging"
    assert artist.biography.as_dict() == {"en": "Paints the steppe."}


def test_artist_profile_errors_are_shown_on_their_fields(client: Client) -> None:
    artist = ArtistFactory(birth_year=1980)
    client.force_login(artist.user)

    response = client.post(reverse("accounts:profile"), {
        "action": "artist", "artist-name_kk": "", "artist-name_ru": "", "artist-name_en": "",
        "artist-birth_year": "1700", "artist-career_stage": "established",
    })

    assert response.status_code == 200
    form = response.context["artist_form"]
    assert "name" in form.errors
    artist.refresh_from_db()
    assert artist.birth_year == 1980

    response = client.post(reverse("accounts:profile"), {
        "action": "artist", "artist-name_en": "Aigerim", "artist-birth_year": "1700",
        "artist-career_stage": "established",
    })
    form = response.context["artist_form"]
    assert "1850" in " ".join(form.errors["birth_year"])
    artist.refresh_from_db()
    assert artist.birth_year == 1980


def test_collector_can_make_their_collection_public(client: Client) -> None:
    user = UserFactory()
    grant_role(user=user, role=Role.COLLECTOR)
    client.force_login(user)
    assert CollectorProfile.objects.get(user=user).is_private

    response = client.post(reverse("accounts:profile"), {"action": "collector"})  # unchecked box

    assert response.status_code == 302
    assert not CollectorProfile.objects.get(user=user).is_private


def test_becoming_an_artist_opens_the_studio(client: Client) -> None:
    user = UserFactory()
    client.force_login(user)
    assert client.get(reverse("catalog:studio")).status_code == 403

    response = client.post(reverse("accounts:profile"), {"action": "role", "role-role": "artist"})

    assert response["Location"] == reverse("catalog:studio")
    assert ArtistProfile.objects.filter(user=user).exists()
    assert client.get(reverse("catalog:studio")).status_code == 200


def test_staff_role_cannot_be_self_granted(client: Client) -> None:
    user = UserFactory()
    client.force_login(user)

    response = client.post(reverse("accounts:profile"), {"action": "role", "role-role": "staff"})

    assert response.status_code == 200
    assert "role" in response.context["role_form"].errors
    assert not user.is_staff and Role.STAFF not in user.role_names


# API tokens -------------------------------------------------------------------------------------

def test_tokens_need_login(client: Client) -> None:
    assert client.get(reverse("accounts:tokens")).status_code == 302


def test_created_token_key_is_shown_once_and_works(client: Client) -> None:
    user = UserFactory()
    client.force_login(user)

    response = client.post(reverse("accounts:tokens"), {"name": "inventory sync"})

    assert response.status_code == 200
    key = response.context["key"]
    html = response.content.decode()
    assert key in html
    assert "will not be shown again" in html
    assert "no-store" in response["Cache-Control"]
    assert user_for_token(key) == user

    listing = client.get(reverse("accounts:tokens")).content.decode()
    assert "inventory sync" in listing
    assert key[:12] in listing
    assert key not in listing


def test_revoked_token_stops_working(client: Client) -> None:
    user = UserFactory()
    token, key = create_api_token(user=user, name="old")
    client.force_login(user)

    response = client.post(reverse("accounts:token_revoke", args=[token.pk]))

    assert response.status_code == 302
    assert user_for_token(key) is None
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
    assert "Revoked" in client.get(reverse("accounts:tokens")).content.decode()


def test_someone_elses_token_cannot_be_revoked(client: Client) -> None:
    token, key = create_api_token(user=UserFactory(), name="theirs")
    client.force_login(UserFactory())

    response = client.post(reverse("accounts:token_revoke", args=[token.pk]))

    assert response.status_code == 404
    assert user_for_token(key) is not None


def test_revoke_is_post_only(client: Client) -> None:
    user = UserFactory()
    token, _key = create_api_token(user=user, name="t")
    client.force_login(user)

    assert client.get(reverse("accounts:token_revoke", args=[token.pk])).status_code == 405


def test_artist_profile_offers_the_cities_of_the_city_list(client: Client) -> None:
    city = CityFactory()
    client.force_login(ArtistFactory().user)
    html = client.get(reverse("accounts:profile")).content.decode()
    assert f'<option value="{city.pk}"' in html
    assert "Almaty" in html


# Gallery and critic profiles --------------------------------------------------------------------

def _user_with_role(role: str) -> User:
    user = UserFactory(display_name="Before")
    grant_role(user=user, role=role)
    return user


def _gallery_post(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"action": "gallery", "gallery-name_kk": "Дала галереясы", "gallery-name_ru": "",
                            "gallery-name_en": "Dala Gallery", "gallery-country": "", "gallery-city": "",
                            "gallery-website": "https://dala-gallery.kz", "gallery-description_en": ""}
    data.update(overrides)
    return data


def test_profile_shows_the_gallery_and_critic_sections_only_to_those_who_have_them(client: Client) -> None:
    user = _user_with_role(Role.GALLERY)
    client.force_login(user)

    html = client.get(reverse("accounts:profile")).content.decode()

    assert "Gallery profile" in html and 'name="gallery-website"' in html
    assert "Critic profile" not in html
    grant_role(user=user, role=Role.CRITIC)
    html = client.get(reverse("accounts:profile")).content.decode()
    assert "Critic profile" in html and 'name="critic-outlet"' in html


def test_gallery_edits_its_name_city_and_website(client: Client) -> None:
    user = _user_with_role(Role.GALLERY)
    city = City.objects.create(slug="tashkent", name={"en": "Tashkent", "ru": "Ташкент"}, country="UZ")
    client.force_login(user)

    response = client.post(reverse("accounts:profile"), _gallery_post(**{
        "gallery-city": city.pk, "gallery-description_en": "Textiles of the Silk Road."}), follow=True)

    assert response.redirect_chain[-1][0] == reverse("accounts:profile")
    assert "Your gallery profile is saved." in response.content.decode()
    gallery = GalleryProfile.objects.get(user=user)
    assert gallery.name.as_dict() == {"kk": "Дала галереясы", "en": "Dala Gallery"}
    assert (gallery.city, gallery.country, gallery.website) == (city, "UZ", "https://dala-gallery.kz")
    assert gallery.description.as_dict() == {"en": "Textiles of the Silk Road."}


def test_gallery_with_a_bad_website_sees_the_error_on_that_field_and_nothing_is_saved(client: Client) -> None:
    user = _user_with_role(Role.GALLERY)
    client.force_login(user)
    before = GalleryProfile.objects.values().get(user=user)

    for address in ("not a web address", "ftp://dala-gallery.kz/files"):
        response = client.post(reverse("accounts:profile"), _gallery_post(**{"gallery-website": address}))

        assert response.status_code == 200
        form = response.context["gallery_form"]
        assert set(form.errors) == {"website"}
        assert 'id="id_gallery-website_error"' in response.content.decode()
        assert GalleryProfile.objects.values().get(user=user) == before


def test_gallery_cannot_verify_itself(client: Client) -> None:
    user = _user_with_role(Role.GALLERY)
    client.force_login(user)

    response = client.post(reverse("accounts:profile"), _gallery_post(**{
        "gallery-is_verified": "on", "is_verified": "on"}))

    assert response.status_code == 302
    gallery = GalleryProfile.objects.get(user=user)
    assert gallery.website == "https://dala-gallery.kz"  # the rest of the form is saved
    assert not gallery.is_verified


def test_critic_edits_their_outlet(client: Client) -> None:
    user = _user_with_role(Role.CRITIC)
    client.force_login(user)

    response = client.post(reverse("accounts:profile"), {
        "action": "critic", "critic-name_en": "Asel Nurlanovna", "critic-outlet": "Esquire Kazakhstan",
        "critic-biography_ru": "Пишет о современном искусстве."})

    assert response.status_code == 302
    critic = CriticProfile.objects.get(user=user)
    assert critic.outlet == "Esquire Kazakhstan"
    assert critic.name.as_dict() == {"en": "Asel Nurlanovna"}
    assert critic.biography.as_dict() == {"ru": "Пишет о современном искусстве."}


def test_critic_profile_without_a_name_is_refused_on_the_name_field(client: Client) -> None:
    user = _user_with_role(Role.CRITIC)
    client.force_login(user)

    response = client.post(reverse("accounts:profile"), {"action": "critic", "critic-outlet": "Vlast"})

    assert response.status_code == 200
    assert "name" in response.context["critic_form"].errors
    assert CriticProfile.objects.get(user=user).outlet == ""


@pytest.mark.parametrize("action", ["gallery", "critic"])
def test_posting_a_profile_one_does_not_have_is_not_found(client: Client, action: str) -> None:
    artist = ArtistFactory()
    client.force_login(artist.user)

    response = client.post(reverse("accounts:profile"), {"action": action, f"{action}-name_en": "Impostor"})

    assert response.status_code == 404
    assert not GalleryProfile.objects.exists() and not CriticProfile.objects.exists()
