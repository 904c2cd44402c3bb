"""The whole path from an open call to an exhibition, in a real Chromium with screenshots and axe-core
checks: a gallery publishes a call and invites two jurors; three emerging artists enter works from their
inventories; once the deadline has passed the jurors score blind, the gallery takes the best two to a
second round (where the first round's scores are not shown), selects the winner, publishes the results
and makes the exhibition of the selection in one step; the public then sees the winner's work on the
exhibition's page, and each entrant sees their own result.

Time is the one thing a browser cannot move: the test sets the call's deadline into the past in the
database where, in life, the artists would wait for it."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.utils import timezone
from playwright.sync_api import Page, expect

from dala.accounts.models import Role, UserRole
from dala.core.translation import Translated
from dala.programmes.models import Entry, Exhibition, OpenCall
from tests.browser.conftest import check_accessibility, english, log_in
from tests.factories import (
    ArtistFactory,
    ArtworkFactory,
    ArtworkImageFactory,
    CityFactory,
    GalleryFactory,
    UserFactory,
)


def _shot(page: Page, artifacts_dir: Path, name: str) -> None:
    page.screenshot(path=str(artifacts_dir / f"{name}.png"), full_page=True)


def _as(new_page: Callable[..., Page], live_server: Any, email: str) -> Page:
    page = new_page()
    log_in(page, live_server, email)
    return page


def _score(page: Page, live_server: Any, call: OpenCall, entry: Entry, value: int) -> None:
    page.goto(live_server.url + english(lambda: f"/en/calls/{call.slug}/jury/entries/{entry.pk}/"))
    page.get_by_role("radio", name=str(value), exact=True).check()
    page.get_by_role("button", name="Save the score").click()
    expect(page.locator(".message--error")).to_have_count(0)


def test_a_call_is_published_entered_judged_in_two_rounds_and_becomes_an_exhibition(
        page: Page, new_page: Callable[..., Page], live_server: Any, artifacts_dir: Path) -> None:
    gallery: Any = GalleryFactory(name=Translated(en="Aspan Gallery", ru="Галерея Аспан", kk="Аспан галереясы"))
    UserRole.objects.create(user=gallery.user, role=Role.GALLERY)
    CityFactory()  # Almaty, for the exhibition
    names = ["Aruzhan Bekova", "Timur Sadykov", "Dana Omarova"]
    artists = [ArtistFactory(name=Translated(en=name), career_stage="emerging") for name in names]
    titles = ["Felt and Wind", "Ornament of the Night", "Salt Lake"]
    works = [ArtworkFactory(artist=artist, title=Translated(en=title)) for artist, title in zip(artists, titles,
                                                                                                strict=True)]
    for work in works:
        ArtworkImageFactory(artwork=work)
    jurors = [UserFactory(email="juror.one@example.com"), UserFactory(email="juror.two@example.com")]

    # 1. The gallery writes the call and publishes it.
    log_in(page, live_server, gallery.user.email)
    page.goto(f"{live_server.url}/en/studio/calls/new/")
    page.locator("[name=title_en]").fill("Young Steppe")
    page.locator("[name=brief_en]").fill("Works about the steppe by emerging artists of the region.")
    deadline = timezone.localtime() + datetime.timedelta(days=10)
    page.locator("[name=deadline]").fill(deadline.strftime("%Y-%m-%dT18:00"))
    page.locator("[name=max_works]").fill("2")
    check_accessibility(page)
    _shot(page, artifacts_dir, "1-organiser-new-call")
    page.get_by_role("button", name="Save as draft").click()
    page.get_by_role("button", name="Publish the call").click()
    call = OpenCall.objects.get()
    assert call.status == "published" and call.blind
    _shot(page, artifacts_dir, "2-organiser-call-published")

    page.goto(f"{live_server.url}/en/studio/calls/{call.slug}/jurors/")
    for juror in jurors:
        page.locator("[name=email]").fill(juror.email)
        page.get_by_role("button", name="Invite").click()
        expect(page.get_by_text(juror.email)).to_be_visible()
    check_accessibility(page)
    _shot(page, artifacts_dir, "3-organiser-jurors")

    # 2. Each artist enters a work from their inventory, with a statement.
    for artist, title in zip(artists, titles, strict=True):
        entrant = _as(new_page, live_server, artist.user.email)
        entrant.goto(live_server.url + english(call.get_absolute_url))
        entrant.get_by_role("button", name="Enter", exact=True).click()
        entrant.get_by_label(title).check()
        entrant.locator("[name=statement]").fill(f"{title}: what the steppe taught me.")
        entrant.get_by_role("button", name="Submit entry").click()
        expect(entrant.get_by_text("Your entry is submitted.")).to_be_visible()
        if artist is artists[0]:
            check_accessibility(entrant)
            _shot(entrant, artifacts_dir, "4-artist-entry-submitted")
        entrant.context.close()
    entries = {entry.artist_id: entry for entry in Entry.objects.filter(call=call, status="submitted")}
    assert len(entries) == 3
    first, second, third = (entries[artist.pk] for artist in artists)

    # The deadline passes.
    OpenCall.objects.filter(pk=call.pk).update(deadline=timezone.now() - datetime.timedelta(minutes=1))

    # 3. Round 1: both jurors accept and score blind.
    round_one = {jurors[0]: (9, 6, 3), jurors[1]: (8, 7, 2)}
    juror_pages = {}
    for juror, values in round_one.items():
        judge = _as(new_page, live_server, juror.email)
        juror_pages[juror] = judge
        judge.goto(f"{live_server.url}/en/calls/{call.slug}/jury/")
        judge.get_by_role("button", name="Accept").click()
        expect(judge.get_by_role("heading", name="Round 1: entries to score")).to_be_visible()
        for name in names:  # blind: no entrant's name anywhere on the juror's page
            expect(judge.get_by_text(name)).to_have_count(0)
        if juror is jurors[0]:
            check_accessibility(judge)
            _shot(judge, artifacts_dir, "5-juror-round-1-queue")
        for entry, value in zip((first, second, third), values, strict=True):
            _score(judge, live_server, call, entry, value)
        if juror is jurors[0]:
            check_accessibility(judge)
            _shot(judge, artifacts_dir, "6-juror-scoring")

    # 4. The gallery sees the ranking and takes the best two to round 2.
    page.goto(f"{live_server.url}/en/studio/calls/{call.slug}/results/")
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_contain_text(names[0])  # 8.5
    expect(rows.nth(0)).to_contain_text("8.5")
    expect(rows.nth(2)).to_contain_text(names[2])  # 2.5
    check_accessibility(page)
    _shot(page, artifacts_dir, "7-organiser-round-1-ranking")
    page.locator("#advance-top").fill("2")
    page.get_by_role("button", name="Open the next round").click()
    call.refresh_from_db()
    assert call.current_round == 2

    # 5. Round 2: the jurors see only the two entries, and none of their round-1 scores.
    for juror, values in {jurors[0]: (7, 9), jurors[1]: (6, 8)}.items():
        judge = juror_pages[juror]
        judge.goto(f"{live_server.url}/en/calls/{call.slug}/jury/")
        expect(judge.get_by_role("heading", name="Round 2: entries to score")).to_be_visible()
        queue = judge.locator("table.jury-queue tbody tr")
        expect(queue).to_have_count(2)
        expect(queue.filter(has_text="not scored")).to_have_count(2)
        if juror is jurors[0]:
            _shot(judge, artifacts_dir, "8-juror-round-2-queue")
        for entry, value in zip((first, second), values, strict=True):
            _score(judge, live_server, call, entry, value)

    # 6. The second artist leads round 2: the gallery selects, publishes and makes the exhibition.
    page.goto(f"{live_server.url}/en/studio/calls/{call.slug}/results/")
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text(names[1])  # 8.5 against 6.5
    page.get_by_label(f"Choose entry {second.pk}").check()
    page.get_by_role("button", name="Select", exact=True).click()
    _shot(page, artifacts_dir, "9-organiser-selected")
    page.get_by_role("button", name="Publish the results").click()
    call.refresh_from_db()
    assert call.status == "results"
    page.get_by_role("button", name="Make an exhibition from the selection").click()
    expect(page).to_have_url(re.compile(r"/en/studio/exhibitions/young-steppe[^/]*/$"))

    page.locator("[name=venue]").fill("Aspan Gallery, Dostyk 12")
    page.locator("[name=city]").select_option(label="Almaty")
    today = timezone.localdate()
    page.locator("[name=opens_on]").fill(today.isoformat())
    page.locator("[name=closes_on]").fill((today + datetime.timedelta(days=30)).isoformat())
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator(".message--error")).to_have_count(0)
    page.get_by_role("button", name="Publish", exact=True).click()
    exhibition = Exhibition.objects.get(source_call=call)
    assert exhibition.is_published

    # 7. The public exhibition page shows the winner's work; the entrants learn their results.
    visitor = new_page()
    visitor.goto(live_server.url + english(exhibition.get_absolute_url))
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Young Steppe")
    expect(visitor.get_by_text(titles[1]).first).to_be_visible()
    expect(visitor.get_by_text(titles[0])).to_have_count(0)
    expect(visitor.get_by_role("link", name="Young Steppe").first).to_be_visible()  # "selected from the open call"
    check_accessibility(visitor)
    _shot(visitor, artifacts_dir, "10-public-exhibition")

    for artist, result in ((artists[1], "Selected"), (artists[2], "Not selected")):
        entrant = _as(new_page, live_server, artist.user.email)
        entrant.goto(f"{live_server.url}/en/calls/{call.slug}/entry/")
        expect(entrant.get_by_text(result, exact=True).first).to_be_visible()
        if artist is artists[1]:
            check_accessibility(entrant)
            _shot(entrant, artifacts_dir, "11-artist-result")
