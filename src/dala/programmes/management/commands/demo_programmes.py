"""`dala demo_programmes [--if-empty]`: exhibitions, open calls, a jury and a mentorship for the demo, after
`dala demo` (its people and works).

- Kokzhiek Gallery's current show in Almaty (six public works in order, wall texts in kk/ru/en), an upcoming
  one in Astana, a past one (the selection of last autumn's call), and an online viewing room with a curator's
  essay that ends in 30 days;
- the gallery's open call "Young Steppe" (KZ/KG/UZ, emerging artists, up to 3 works, a 5 000 ₸ fee with
  waivers, a place in an exhibition as the prize; deadline in 10 days at 23:59 Almaty time) with the curator
  and the critic as jurors and entries from emerging demo artists (two submitted, one still a draft);
- last autumn's call with published results;
- Bakhyt Naoko's mentorship with one accepted emerging mentee and their log.

The rows are written with the ORM (keeping every model constraint), as the programme services would leave
them. Running it again adds only what is missing (each thing is found by its slug).
"""

from __future__ import annotations

import datetime
import zoneinfo
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from dala.accounts.models import ArtistProfile, CareerStage, City, User
from dala.catalog.demo.people import COLLECTOR, CRITIC, CURATOR, GALLERY, NAOKO
from dala.catalog.models import Artwork
from dala.core.translation import Translated

from ...models import (
    ApplicationStatus,
    CallStatus,
    Entry,
    EntryResult,
    EntryStatus,
    EntryWork,
    Exhibition,
    ExhibitionKind,
    ExhibitionWork,
    FeeStatus,
    Juror,
    JurorStatus,
    LogKind,
    Mentorship,
    MentorshipApplication,
    MentorshipLogEntry,
    OpenCall,
    PrizeKind,
    PublicationStatus,
    Score,
)
from ...services.exhibitions import write_provenance

ALMATY = zoneinfo.ZoneInfo("Asia/Almaty")
ELIGIBLE_COUNTRIES = ["KZ", "KG", "UZ"]
CITY_NAMES = {
    "almaty": Translated(kk="Алматы", ru="Алматы", en="Almaty"),
    "astana": Translated(kk="Астана", ru="Астана", en="Astana"),
}

CURRENT = "dala-zharygy"
UPCOMING = "ornament-ritmi-astana"
PAST = "zhas-dala-2025"
VIEWING_ROOM = "kokzhiek-online-koktem"
CALL = "zhas-dala-2027"
PAST_CALL = "zhas-dala-2025-call"
MENTORSHIP = "naoko-oyu-ornek"


def _t(kk: str, ru: str, en: str) -> Translated:
    return Translated(kk=kk, ru=ru, en=en)


def _wall_text(work: Artwork, position: int) -> Translated:
    title = work.title
    artist = work.artist.name
    return _t(
        f"«{title.get_text('kk')}» — {artist.get_text('kk')}. Көрменің {position}-жұмысы: дала жарығы мен "
        "ою-өрнектің ырғағы бір кенепте кездеседі.",
        f"«{title.get_text('ru')}» — {artist.get_text('ru')}. Работа №{position} в экспозиции: свет степи и "
        "ритм орнамента встречаются на одном холсте.",
        f"“{title.get_text('en')}” by {artist.get_text('en')}. Work {position} of the show: the light of the "
        "steppe and the rhythm of ornament meet on one canvas.",
    )


class Command(BaseCommand):
    help = ("Create demo exhibitions, a viewing room, open calls with a jury and entries, and a mentorship, "
            "after `dala demo`.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--if-empty", action="store_true",
                            help="do nothing if there is any exhibition or open call")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_empty"] and (Exhibition.objects.exists() or OpenCall.objects.exists()):
            if options["verbosity"] >= 1:
                self.stdout.write("Programmes demo: there are exhibitions or open calls already; nothing to do.")
            return
        people = _people()
        with transaction.atomic():
            made = Builder(**people).build()
        if options["verbosity"] >= 1:
            self.stdout.write(self.style.SUCCESS("Programmes demo: " + (", ".join(made) or "nothing new") + "."))


def _people() -> dict[str, User]:
    emails = {"naoko": NAOKO.email, "gallery": GALLERY.email, "critic": CRITIC.email, "curator": CURATOR.email,
              "collector": COLLECTOR.email}
    found = {user.email: user for user in User.objects.filter(email__in=emails.values())}
    missing = sorted(set(emails.values()) - set(found))
    if missing:
        raise CommandError(f"Run `dala demo` first: {', '.join(missing)} not found.")
    return {role: found[email] for role, email in emails.items()}


class Builder:
    def __init__(self, *, naoko: User, gallery: User, critic: User, curator: User, collector: User) -> None:
        self.naoko, self.gallery, self.critic, self.curator = naoko, gallery, critic, curator
        self.now = timezone.now()
        self.today = timezone.localdate(self.now, ALMATY)
        self.gallery_profile = getattr(gallery, "gallery_profile", None)
        naoko_profile = ArtistProfile.objects.filter(user=naoko).first()
        if naoko_profile is None:
            raise CommandError(f"Run `dala demo` first: {NAOKO.email} has no artist profile.")
        self.naoko_profile = naoko_profile
        self.made: list[str] = []
        # Public works, Naoko's first, handed out in turn so the shows do not repeat each other.
        listed = Artwork.objects.listed().select_related("artist").order_by("pk")
        self.works = [*listed.filter(artist=naoko_profile), *listed.exclude(artist=naoko_profile)]
        self.next_work = 0
        # Emerging artists of the call's countries who have public works, with a few of those works each.
        emerging = (ArtistProfile.objects.filter(is_public=True, career_stage=CareerStage.EMERGING,
                                                 country__in=ELIGIBLE_COUNTRIES)
                    .annotate(public_works=Count("artworks", filter=Q(artworks__is_listed=True)))
                    .filter(public_works__gt=0).select_related("user").order_by("pk"))
        self.emerging = list(emerging[:6])

    def build(self) -> list[str]:
        past_call = self._past_call()
        self._current()
        self._upcoming()
        self._past(past_call)
        self._viewing_room()
        self._call()
        self._mentorship()
        return self.made

    # --- helpers ------------------------------------------------------------------------------------

    def _take(self, count: int) -> list[Artwork]:
        if not self.works:
            return []
        taken = [self.works[(self.next_work + i) % len(self.works)] for i in range(min(count, len(self.works)))]
        self.next_work += len(taken)
        return taken

    def _city(self, slug: str) -> City:
        city, _created = City.objects.get_or_create(slug=slug, defaults={"name": CITY_NAMES[slug], "country": "KZ"})
        return city

    def _at(self, day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
        return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=ALMATY)

    def _exhibition(self, slug: str, works: int, *, chosen: list[Artwork] | None = None,
                    **fields: Any) -> Exhibition | None:
        if Exhibition.objects.filter(slug=slug).exists():
            return None
        fields.setdefault("published_at", self.now - datetime.timedelta(days=1))
        exhibition = Exhibition.objects.create(
            slug=slug, organiser=self.gallery, gallery=self.gallery_profile,
            curator_name=CURATOR.display_name, status=PublicationStatus.PUBLISHED, **fields)
        rows = [ExhibitionWork.objects.create(exhibition=exhibition, artwork=work, position=position,
                                              wall_text=_wall_text(work, position))
                for position, work in enumerate(chosen or self._take(works), start=1)]
        # The works' provenance gains the exhibition, as publishing through the studio writes it.
        write_provenance(exhibition, rows, self.gallery)
        self.made.append(f"{exhibition.get_kind_display().lower()} “{exhibition.title.get_text('en')}”")
        return exhibition

    # --- exhibitions -------------------------------------------------------------------------------

    def _current(self) -> None:
        self._exhibition(
            CURRENT, 6, title=_t("Дала жарығы", "Свет степи", "Steppe Light"),
            summary=_t("Алты суретші: кең көкжиек, жылқылар және ою-өрнек.",
                       "Шесть работ: широкий горизонт, кони и орнамент.",
                       "Six works: the wide horizon, horses and ornament."),
            essay=_t("Көрме даланың жарығы туралы: таң мен кештің арасындағы түстер.",
                     "Выставка о свете степи: о цветах между рассветом и закатом.",
                     "A show about the light of the steppe: the colours between dawn and dusk."),
            venue="Көкжиек галереясы", address="Абай даңғылы, 10, Алматы", city=self._city("almaty"),
            opens_on=self.today - datetime.timedelta(days=14), closes_on=self.today + datetime.timedelta(days=30),
            opening_at=self._at(self.today - datetime.timedelta(days=14), 19),
            published_at=self.now - datetime.timedelta(days=20))

    def _upcoming(self) -> None:
        opens = self.today + datetime.timedelta(days=21)
        self._exhibition(
            UPCOMING, 4, title=_t("Ою-өрнек ырғағы", "Ритм орнамента", "The Rhythm of Ornament"),
            summary=_t("Астанада: ою-өрнек пен киіз өнері бүгін.",
                       "В Астане: орнамент и войлок сегодня.",
                       "In Astana: ornament and felt today."),
            venue="Дала арт-кеңістігі", address="Қабанбай батыр даңғылы, 11, Астана",
            city=self._city("astana"), opens_on=opens, closes_on=opens + datetime.timedelta(days=45),
            opening_at=self._at(opens, 18, 30),
            opening_note=_t("Ашылу кеші 18:30-да, кіру тегін.", "Открытие в 18:30, вход свободный.",
                            "The opening starts at 18:30; entry is free."))

    def _past(self, past_call: OpenCall | None) -> None:
        opens = self.today - datetime.timedelta(days=120)
        # The show the past call's prize led to: the selected entry's works.
        selected = list(Artwork.objects.filter(call_entries__entry__call=past_call,
                                               call_entries__entry__result=EntryResult.SELECTED)
                        .select_related("artist").order_by("call_entries__position")) if past_call else []
        self._exhibition(
            PAST, 3, title=_t("Жас дала 2025", "Молодая степь 2025", "Young Steppe 2025"),
            summary=_t("Өткен жылғы ашық шақырудың іріктеуі.", "Отбор прошлогоднего открытого конкурса.",
                       "The selection of last year's open call."),
            venue="Көкжиек галереясы", address="Абай даңғылы, 10, Алматы", city=self._city("almaty"),
            opens_on=opens, closes_on=opens + datetime.timedelta(days=40), opening_at=self._at(opens, 19),
            source_call=past_call, published_at=self.now - datetime.timedelta(days=130), chosen=selected)

    def _viewing_room(self) -> None:
        self._exhibition(
            VIEWING_ROOM, 4, kind=ExhibitionKind.VIEWING_ROOM, is_physical=False, is_online=True,
            title=_t("Көктем: онлайн көрме бөлмесі", "Весна: онлайн-зал", "Spring: an online viewing room"),
            summary=_t("Галереяның төрт жұмысы, тек онлайн.", "Четыре работы галереи, только онлайн.",
                       "Four works from the gallery, online only."),
            essay=_t(
                "## Көктем\n\nДалада көктем кенет келеді: бір түнде қар кетеді, таңертең жер жасыл. "
                "Бұл бөлмедегі жұмыстар осы кенеттікті ұстауға тырысады.",
                "## Весна\n\nВесна в степи приходит внезапно: за одну ночь сходит снег, а утром земля "
                "зелёная. Работы этого зала пытаются удержать эту внезапность.",
                "## Spring\n\nSpring comes suddenly on the steppe: the snow goes in a night and by morning "
                "the ground is green. The works in this room try to hold on to that suddenness."),
            ends_at=self.now + datetime.timedelta(days=30), opens_on=self.today - datetime.timedelta(days=3),
            published_at=self.now - datetime.timedelta(days=3))

    # --- open calls --------------------------------------------------------------------------------

    def _call_fields(self) -> dict[str, Any]:
        return {
            "organiser": self.gallery, "gallery": self.gallery_profile, "deadline_timezone": "Asia/Almaty",
            "eligible_countries": ELIGIBLE_COUNTRIES, "eligible_stages": [CareerStage.EMERGING.value],
            "max_works": 3, "fee_amount": 5_000_00, "fee_currency": "KZT", "fee_waivers": True,
            "prize_kind": PrizeKind.EXHIBITION,
            "prize": _t("Іріктелген суретшілер Көкжиек галереясындағы көрмеге қатысады.",
                        "Отобранные художники участвуют в выставке в галерее «Кокжиек».",
                        "The selected artists show in an exhibition at Kokzhiek Gallery."),
        }

    def _jurors(self, call: OpenCall, since: datetime.datetime) -> list[Juror]:
        return [Juror.objects.create(call=call, user=user, status=JurorStatus.ACCEPTED, invited_at=since,
                                     responded_at=since + datetime.timedelta(days=1))
                for user in (self.curator, self.critic)]

    def _entry(self, call: OpenCall, artist: ArtistProfile, *, status: str, at: datetime.datetime,
               **fields: Any) -> Entry:
        entry = Entry.objects.create(
            call=call, artist=artist, status=status, submitted_at=at if status == EntryStatus.SUBMITTED else None,
            statement=("Менің жұмыстарым — әжемнің киіз кілемдеріндегі ою-өрнектер туралы. "
                       "Мои работы — об орнаментах бабушкиных войлочных ковров."), **fields)
        works = Artwork.objects.listed().filter(artist=artist).order_by("pk")[:call.max_works]
        for position, work in enumerate(works, start=1):
            EntryWork.objects.create(entry=entry, artwork=work, position=position)
        return entry

    def _call(self) -> None:
        if OpenCall.objects.filter(slug=CALL).exists():
            return
        day = self.today + datetime.timedelta(days=10)
        published = self.now - datetime.timedelta(days=20)
        call = OpenCall.objects.create(
            slug=CALL, title=_t("Жас дала 2027: ашық шақыру", "Молодая степь 2027: открытый конкурс",
                                "Young Steppe 2027: open call"),
            brief=_t("Қазақстан, Қырғызстан және Өзбекстан жас суретшілерін дала, қала және ою-өрнек туралы "
                     "жұмыстарын ұсынуға шақырамыз. Үш жұмысқа дейін.",
                     "Приглашаем молодых художников Казахстана, Кыргызстана и Узбекистана прислать работы о "
                     "степи, городе и орнаменте. До трёх работ.",
                     "Emerging artists from Kazakhstan, Kyrgyzstan and Uzbekistan are invited to enter works "
                     "about the steppe, the city and ornament. Up to three works."),
            deadline=self._at(day, 23, 59), status=CallStatus.PUBLISHED, published_at=published,
            **self._call_fields())
        self._jurors(call, published)
        statuses = [(EntryStatus.SUBMITTED, FeeStatus.PAID), (EntryStatus.SUBMITTED, FeeStatus.WAIVER_REQUESTED),
                    (EntryStatus.DRAFT, FeeStatus.UNPAID)]
        for (status, fee), artist in zip(statuses, self.emerging[:3], strict=False):
            self._entry(call, artist, status=status, at=self.now - datetime.timedelta(days=2), fee_status=fee,
                        fee_reference="KASPI-2027-0412" if fee == FeeStatus.PAID else "",
                        waiver_reason=("Мен студентпін, жарна мен үшін қымбат."
                                       if fee == FeeStatus.WAIVER_REQUESTED else ""))
        self.made.append(f"open call “{call.title.get_text('en')}” with {min(3, len(self.emerging))} entries")

    def _past_call(self) -> OpenCall | None:
        if OpenCall.objects.filter(slug=PAST_CALL).exists():
            return OpenCall.objects.get(slug=PAST_CALL)
        deadline = self._at(self.today - datetime.timedelta(days=150), 23, 59)
        published = deadline - datetime.timedelta(days=40)
        call = OpenCall.objects.create(
            slug=PAST_CALL, title=_t("Жас дала 2025: ашық шақыру", "Молодая степь 2025: открытый конкурс",
                                     "Young Steppe 2025: open call"),
            brief=_t("Жас суретшілерге арналған жыл сайынғы шақыру.", "Ежегодный конкурс для молодых художников.",
                     "The yearly call for emerging artists."),
            deadline=deadline, status=CallStatus.RESULTS, published_at=published,
            results_published_at=deadline + datetime.timedelta(days=21), reminder_sent_at=deadline
            - datetime.timedelta(hours=48), **self._call_fields())
        jurors = self._jurors(call, published)
        # Reversed, so last year's entrants are not this year's in the same order.
        entrants = list(reversed(self.emerging))[:3]
        results = [(EntryResult.SELECTED, 9, "Сильная, цельная серия."),
                   (EntryResult.NOT_SELECTED, 6, "Интересно; в следующий раз — больше единства в серии."),
                   (EntryResult.NOT_SELECTED, 5, "Попробуйте показать меньше, но сильнее.")]
        for (result, value, feedback), artist in zip(results, entrants, strict=False):
            entry = self._entry(call, artist, status=EntryStatus.SUBMITTED, at=deadline - datetime.timedelta(days=3),
                                fee_status=FeeStatus.PAID, fee_reference="KASPI-2025-0917", result=result,
                                feedback=feedback)
            for offset, juror in enumerate(jurors):
                Score.objects.create(call=call, round=1, juror=juror, entry=entry, value=value - offset)
        self.made.append(f"past call “{call.title.get_text('en')}” with published results")
        return call

    # --- mentorship --------------------------------------------------------------------------------

    def _mentorship(self) -> None:
        if Mentorship.objects.filter(slug=MENTORSHIP).exists():
            return
        mentorship = Mentorship.objects.create(
            mentor=self.naoko_profile, slug=MENTORSHIP,
            theme=_t("Ою-өрнек — кескіндеме тілі", "Орнамент как язык живописи", "Ornament as a language of painting"),
            description=_t(
                "Он екі апталық жеке тәлімгерлік: ою-өрнекті композиция мен түс арқылы оқу және өз серияңды құру.",
                "Двенадцать недель личного наставничества: читать орнамент через композицию и цвет и собрать "
                "собственную серию.",
                "Twelve weeks of one-to-one mentorship: reading ornament through composition and colour, and "
                "building a series of your own."),
            length_weeks=12, places=3, languages=["kk", "ru"],
            starts_on=self.today - datetime.timedelta(days=21), apply_by=self.today + datetime.timedelta(days=14))
        mentee = next((artist for artist in self.emerging if artist.pk != self.naoko_profile.pk), None)
        if mentee is None:
            self.made.append("a mentorship (no emerging artist to accept)")
            return
        application = MentorshipApplication.objects.create(
            mentorship=mentorship, applicant=mentee, status=ApplicationStatus.ACCEPTED,
            statement="Хочу понять, как орнамент может держать композицию большой картины.",
            decided_at=self.now - datetime.timedelta(days=25))
        log = [
            (self.naoko, LogKind.SESSION, 20, "Первая встреча: разобрали три работы, выбрали тему серии.", False),
            (mentee.user, LogKind.GOAL, 19, "Сделать пять эскизов на основе орнамента «кошкар мюйиз».", True),
            (self.naoko, LogKind.SESSION, 6, "Вторая встреча: цвет и ритм; эскизы 2 и 4 — в работу.", False),
            (mentee.user, LogKind.GOAL, 5, "Написать первую большую работу серии.", False),
        ]
        for author, kind, days_ago, text, done in log:
            MentorshipLogEntry.objects.create(application=application, author=author, kind=kind, text=text,
                                              happened_on=self.today - datetime.timedelta(days=days_ago), done=done)
        self.made.append("Bakhyt Naoko's mentorship with one mentee")
