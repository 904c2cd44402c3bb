"""Review pages: writing, previewing and publishing, the public page, the panels, replies, hiding."""

from __future__ import annotations

from datetime import timedelta
from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from dala.catalog.models import Artwork, Availability
from dala.critique.models import Reply, Review, ReviewRevision
from dala.critique.services import hide_reply, hide_review
from tests.factories import ArtistFactory, ArtworkFactory, UserFactory

from .factories import CriticFactory, ReviewFactory

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    '<a href="javascript:alert(1)">click</a>',
    "<svg onload=alert(1)>",
    '"><script>alert(1)</script>',
    "[y](JaVaScRiPt:alert(1))",
    "[z](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "<iframe src=javascript:alert(1)>",
]


def logged_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def form(artwork: Artwork, **overrides: str) -> dict[str, str]:
    data = {"title": "Light over the steppe", "language": "en", "body": "A **careful** show.",
            "conflict_of_interest": "None", "artworks": str(artwork.pk), "artist": "", "note": "",
            "action": "save"}
    data.update(overrides)
    return data


class _Elements(HTMLParser):
    """Every element the browser would build from the page, with its attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {name.lower(): value or "" for name, value in attrs}))


def assert_nothing_executable(html: str) -> None:
    """No script element, no event-handler attribute, no script or data link: parsed as a browser would."""
    parser = _Elements()
    parser.feed(html)
    for tag, attrs in parser.elements:
        assert tag not in {"script", "svg", "iframe", "object", "embed"}, (tag, attrs)
        assert not [name for name in attrs if name.startswith("on")], (tag, attrs)
        for name in ("href", "src", "action", "formaction"):
            link = attrs.get(name, "").strip().lower()
            assert not link.startswith(("javascript:", "data:", "vbscript:")), (tag, attrs)
    # And the raw text, for the forms the issue names.
    lowered = html.lower()
    assert "<script" not in lowered and "onerror=" not in lowered.replace("&lt;img src=x onerror=", "")
    assert 'href="javascript:' not in lowered


def test_the_classic_script_payloads_never_run_on_the_review_page(artwork: Artwork) -> None:
    critic = CriticFactory()
    client = logged_in(critic.user)
    payload = "\n\n".join(PAYLOADS)
    title = "<script>alert(1)</script><img src=x onerror=alert(1)>\"><svg onload=alert(1)>"

    preview = client.post("/en/reviews/new/", form(artwork, title=title, body=payload, action="preview"))
    assert preview.status_code == 200
    assert_nothing_executable(preview.content.decode())

    saved = client.post("/en/reviews/new/", form(artwork, title=title, body=payload))
    assert saved.status_code == 302
    review = Review.objects.get()
    assert review.body == payload  # stored as written; made safe when rendered
    assert client.post(f"/en/reviews/{review.pk}/publish/", {"publish_at": ""}).status_code == 302

    page = Client().get(f"/en/reviews/{review.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert_nothing_executable(html)
    # The text is still there for readers, as text.
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html

    # The same words on the artwork page's panel and the critic's page.
    for address in (artwork.get_absolute_url(), f"/en/critics/{critic.slug}/"):
        assert_nothing_executable(Client().get(address if address.startswith("/en/") else
                                               "/en" + address[3:]).content.decode())


def test_the_artists_reply_cannot_carry_script_either(artwork: Artwork) -> None:
    review = ReviewFactory(artworks=[artwork])
    client = logged_in(artwork.artist.user)
    response = client.post(f"/en/reviews/{review.pk}/reply/", {"body": "\n\n".join(PAYLOADS)})
    assert response.status_code == 302
    assert_nothing_executable(Client().get(f"/en/reviews/{review.pk}/").content.decode())


def test_markdown_links_get_nofollow_and_headings_quotes_lists_render(artwork: Artwork) -> None:
    body = "## Heading\n\n> quoted\n\n- one\n- two\n\n*em* and [site](https://example.org)"
    review = ReviewFactory(artworks=[artwork], body=body)
    html = Client().get(f"/en/reviews/{review.pk}/").content.decode()
    assert "<h2>Heading</h2>" in html and "<blockquote>" in html and "<li>one</li>" in html
    assert '<a href="https://example.org" rel="nofollow noopener">site</a>' in html


def test_the_review_page_is_signed_and_states_the_conflict_of_interest(artwork: Artwork) -> None:
    critic = CriticFactory(outlet="Steppe Review")
    review = ReviewFactory(critic=critic, artworks=[artwork], conflict_of_interest="The artist is my cousin")
    html = Client().get(f"/en/reviews/{review.pk}/").content.decode()
    assert "Critic" in html and "Steppe Review" in html
    assert f'href="/en/critics/{critic.slug}/"' in html
    assert "The artist is my cousin" in html
    assert str(artwork.title) in html or "Work" in html


def test_a_critic_writes_previews_and_publishes_from_the_editor(artwork: Artwork) -> None:
    critic = CriticFactory()
    client = logged_in(critic.user)
    assert client.get(f"/en/reviews/new/?artwork={artwork.pk}").status_code == 200
    preview = client.post("/en/reviews/new/", form(artwork, body="# Big\n\nsmall", action="preview"))
    assert "<h1>Big</h1>" in preview.content.decode()
    assert not Review.objects.exists()

    response = client.post("/en/reviews/new/", form(artwork))
    review = Review.objects.get()
    assert response["Location"] == f"/en/reviews/{review.pk}/edit/"
    assert review.status == "draft"
    assert Client().get(f"/en/reviews/{review.pk}/").status_code == 404  # a draft is private
    assert client.get(f"/en/reviews/{review.pk}/").status_code == 200  # its critic previews it

    mine = client.get("/en/reviews/mine/").content.decode()
    assert "Light over the steppe" in mine
    assert client.post(f"/en/reviews/{review.pk}/publish/", {"publish_at": ""}).status_code == 302
    assert Client().get(f"/en/reviews/{review.pk}/").status_code == 200


def test_the_editor_shows_the_missing_conflict_statement_next_to_its_field(artwork: Artwork) -> None:
    client = logged_in(CriticFactory().user)
    response = client.post("/en/reviews/new/", form(artwork, conflict_of_interest=""))
    assert response.status_code == 400
    assert not Review.objects.exists()


def test_publishing_about_a_draft_work_is_refused_on_the_page(artwork: Artwork) -> None:
    critic = CriticFactory()
    client = logged_in(critic.user)
    client.post("/en/reviews/new/", form(artwork))
    review = Review.objects.get()
    Artwork.objects.filter(pk=artwork.pk).update(availability=Availability.DRAFT, is_listed=False)
    response = client.post(f"/en/reviews/{review.pk}/publish/", {"publish_at": ""})
    assert response.status_code == 400
    assert "A review can only discuss works the public can see." in response.content.decode()
    review.refresh_from_db()
    assert review.status == "draft"


def test_an_embargoed_review_is_hidden_until_its_time(artwork: Artwork) -> None:
    critic = CriticFactory()
    client = logged_in(critic.user)
    client.post("/en/reviews/new/", form(artwork))
    review = Review.objects.get()
    later = timezone.localtime(timezone.now() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    assert client.post(f"/en/reviews/{review.pk}/publish/", {"publish_at": later}).status_code == 302
    assert Client().get(f"/en/reviews/{review.pk}/").status_code == 404
    assert "Light over the steppe" not in Client().get("/en" + artwork.get_absolute_url()[3:]).content.decode()
    assert "Under embargo" in client.get(f"/en/reviews/{review.pk}/").content.decode()

    Review.objects.filter(pk=review.pk).update(publish_at=timezone.now() - timedelta(minutes=1))
    assert Client().get(f"/en/reviews/{review.pk}/").status_code == 200


def test_others_cannot_open_the_editor_and_non_critics_have_no_review_list(artwork: Artwork) -> None:
    review = ReviewFactory(artworks=[artwork])
    assert Client().get("/en/reviews/mine/").status_code == 302
    assert logged_in(UserFactory()).get("/en/reviews/mine/").status_code == 403
    artist = logged_in(artwork.artist.user)
    assert artist.get(f"/en/reviews/{review.pk}/edit/").status_code == 404
    response = artist.post(f"/en/reviews/{review.pk}/edit/", form(artwork, body="rewritten", note="mine"))
    assert response.status_code == 404
    review.refresh_from_db()
    assert review.body != "rewritten"


def test_corrections_are_visible_with_their_note_and_time(artwork: Artwork) -> None:
    critic = CriticFactory()
    review = ReviewFactory(critic=critic, artworks=[artwork], title="First words", body="Old text")
    client = logged_in(critic.user)
    response = client.post(f"/en/reviews/{review.pk}/edit/",
                           form(artwork, title="Second words", body="New text", note="Corrected the year"))
    assert response.status_code == 302
    assert ReviewRevision.objects.filter(review=review).count() == 1
    html = Client().get(f"/en/reviews/{review.pk}/").content.decode()
    assert "Corrected on" in html and "Corrected the year" in html
    assert "Old text" in html and "New text" in html and "Second words" in html


def test_the_reviewed_artist_replies_under_the_review_once(artwork: Artwork) -> None:
    review = ReviewFactory(artworks=[artwork])
    artist = logged_in(artwork.artist.user)
    reply_form = f'action="/en/reviews/{review.pk}/reply/"'
    assert reply_form in artist.get(f"/en/reviews/{review.pk}/").content.decode()
    assert reply_form not in Client().get(f"/en/reviews/{review.pk}/").content.decode()
    assert artist.post(f"/en/reviews/{review.pk}/reply/", {"body": "I *disagree*."}).status_code == 302
    html = Client().get(f"/en/reviews/{review.pk}/").content.decode()
    assert "<em>disagree</em>" in html
    assert artist.post(f"/en/reviews/{review.pk}/reply/", {"body": "Again"}).status_code == 400
    assert Reply.objects.count() == 1
    stranger = logged_in(ArtistFactory().user)
    assert stranger.post(f"/en/reviews/{review.pk}/reply/", {"body": "Me too"}).status_code == 403


def test_hidden_reviews_and_replies_vanish_with_the_moderators_notice(artwork: Artwork) -> None:
    staff = UserFactory(is_staff=True)
    review = ReviewFactory(artworks=[artwork], title="Abusive title", body="Abusive body")
    hide_review(user=staff, review_id=review.pk, reason="Personal attack")
    html = Client().get(f"/en/reviews/{review.pk}/").content.decode()
    assert "Hidden by the moderators: Personal attack" in html
    assert "Abusive title" not in html and "Abusive body" not in html
    assert "Abusive title" not in Client().get("/en" + artwork.get_absolute_url()[3:]).content.decode()

    other = ReviewFactory(artworks=[artwork])
    reply = Reply.objects.create(review=other, artist=artwork.artist, body="Rude reply")
    hide_reply(user=staff, reply_id=reply.pk, reason="Insults")
    html = Client().get(f"/en/reviews/{other.pk}/").content.decode()
    assert "Hidden by the moderators: Insults" in html and "Rude reply" not in html


def test_reviews_panel_on_artwork_and_artist_pages_in_bounded_queries(
        artwork: Artwork, django_assert_max_num_queries: Any) -> None:
    artist = artwork.artist
    for n in range(6):
        review = ReviewFactory(artworks=[artwork, ArtworkFactory(artist=artist)], title=f"Panel review {n}")
        Reply.objects.create(review=review, artist=artist, body="Thanks")
    ReviewFactory(artist=artist, title="About the artist")
    ReviewFactory(artworks=[ArtworkFactory()], title="Someone else")
    client = Client()
    artwork_url = "/en" + artwork.get_absolute_url()[3:]
    client.get(artwork_url)  # warm caches (vocabularies, sessions) before counting
    with django_assert_max_num_queries(40) as counted:
        html = client.get(artwork_url).content.decode()
    assert html.count('class="review-card"') == 5 and "Someone else" not in html
    few = len(counted.captured_queries)
    ReviewFactory.create_batch(5, artworks=[artwork])
    with django_assert_max_num_queries(few):
        client.get(artwork_url)

    html = client.get(f"/en/artists/{artist.slug}/").content.decode()
    assert 'id="reviews-heading"' in html and "Someone else" not in html


def test_the_critics_page_lists_only_published_visible_reviews(artwork: Artwork) -> None:
    critic = CriticFactory(outlet="Almaty Art Weekly")
    ReviewFactory(critic=critic, artworks=[artwork], title="Out now")
    ReviewFactory(critic=critic, artworks=[artwork], title="Still a draft", status="draft", published_at=None)
    ReviewFactory(critic=critic, artworks=[artwork], title="Embargoed", publish_at=timezone.now() + timedelta(days=1))
    response = Client().get(f"/en/critics/{critic.slug}/")
    html = response.content.decode()
    assert response.status_code == 200 and "Almaty Art Weekly" in html
    assert "Out now" in html and "Still a draft" not in html and "Embargoed" not in html
    assert Client().get("/en/critics/nobody/").status_code == 404
