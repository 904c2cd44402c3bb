"""The body each state-changing row is sent with: one that an allowed role would see succeed.

Where a view or an operation decides who may act only after it has checked the input (the service
decides), an empty body would stop every role at the same 400 and hide the decision; so each such row
gets a body that passes the checks. Rows not listed here are sent without a body: their decision comes
first (a decorator, a lookup scoped to the user), and a 400/422 behind it still reads "ok".
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.factories import image_bytes

from .world import World

Body = Callable[[World, Any], dict[str, Any]]  # (the world, the row's object or None) → the body


def _photo() -> SimpleUploadedFile:
    return SimpleUploadedFile("view.jpg", image_bytes(), content_type="image/jpeg")


def _tomorrow() -> str:
    return (timezone.localdate() + datetime.timedelta(days=1)).isoformat()


#: Web forms: (URL name, method) → the form's fields.
FORMS: dict[tuple[str, str], Body] = {
    ("set_language", "POST"): lambda w, _: {"language": "en", "next": "/en/"},
    ("accounts:signup", "POST"): lambda w, _: {"email": "new@example.com", "display_name": "New",
                                            "password1": "a steppe at dusk 42", "password2": "a steppe at dusk 42"},
    ("accounts:login", "POST"): lambda w, _: {"username": "artist@example.com", "password": "correct-horse-battery"},
    ("accounts:password_reset", "POST"): lambda w, _: {"email": "artist@example.com"},
    ("accounts:profile", "POST"): lambda w, _: {"action": "account", "account-display_name": "Renamed",
                                             "account-preferred_language": "en"},
    ("accounts:tokens", "POST"): lambda w, _: {"name": "laptop"},
    ("market:make_offer", "POST"): lambda w, _: {"amount": "1 100 000", "currency": "KZT"},
    ("market:buy_now", "POST"): lambda w, work: {"expected_amount": work.price_amount,
                                              "expected_currency": work.price_currency},
    ("market:ask", "POST"): lambda w, _: {"body": "Is it framed?"},
    ("market:inquiry", "POST"): lambda w, _: {"body": "It is framed in oak."},
    ("market:offer_answer", "POST"): lambda w, _: {"action": "accept", "offer": w["offer"].pk},
    ("market:order_payment", "POST"): lambda w, _: {"method": "bank_transfer", "reference": "KZ-1"},
    ("market:order_cancel", "POST"): lambda w, _: {"reason": "The buyer asked."},
    ("market:bid", "POST"): lambda w, _: {"max_amount": "50000"},
    ("market:representation_edit", "POST"): lambda w, _: {"artworks": [w["work"].pk]},
    ("social:follow", "POST"): lambda w, artist: {"kind": "artist", "id": artist.pk, "action": "follow"},
    ("social:settings", "POST"): lambda w, _: {"email_delivery": "digest", "email_market": "on"},
    ("discovery:save_work", "POST"): lambda w, work: {"artwork": work.pk, "action": "save"},
    ("discovery:saved_searches", "POST"): lambda w, _: {"medium": "oil", "name": "Oil again"},
    ("discovery:update_search", "POST"): lambda w, _: {"name": "Renamed", "alerts": "on"},
    ("critique:publish", "POST"): lambda w, _: {},
    ("critique:reply", "POST"): lambda w, _: {"body": "Thank you for looking closely."},
    ("critique:reply_edit", "POST"): lambda w, _: {"body": "Thank you, corrected."},
    ("programmes:exhibition_publish", "POST"): lambda w, _: {"action": "publish"},
    ("programmes:exhibition_photos", "POST"): lambda w, _: {"image": _photo(), "caption": "The hall"},
    ("programmes:entry", "POST"): lambda w, _: {"action": "start"},
    ("programmes:call_manage", "POST"): lambda w, _: {"action": "publish"},
    ("programmes:call_jurors", "POST"): lambda w, _: {"email": "gallery@example.com"},
    ("programmes:jury", "POST"): lambda w, _: {"action": "accept"},
    ("programmes:jury_entry", "POST"): lambda w, _: {"action": "conflict", "reason": "I know the artist."},
    ("programmes:call_results", "POST"): lambda w, _: {"action": "feedback", f"feedback-{w['entry'].pk}": "Strong."},
    ("programmes:mentorship_apply", "POST"): lambda w, _: {"statement": "I want to learn to show felt."},
    ("programmes:mentorship_edit", "POST"): lambda w, _: {"set_open": "close"},
    ("programmes:mentorship_applications", "POST"): lambda w, _: {"application": w["pending application"].pk,
                                                               "decision": "accept"},
    ("programmes:mentorship_log", "POST"): lambda w, _: {"action": "add", "entry-kind": "session",
                                                      "entry-happened_on": timezone.localdate().isoformat(),
                                                      "entry-text": "Looked at the panels."},
}

#: API operations: (method, operation id) → the JSON body (multipart when it holds a file).
PAYLOADS: dict[tuple[str, str], Body] = {
    ("POST", "dala_accounts_api_create_token"): lambda w, _: {"email": "artist@example.com",
                                                           "password": "correct-horse-battery", "name": "cli"},
    ("POST", "dala_catalog_api_create_studio_artwork"): lambda w, _: {"title": {"en": "New work"}, "medium": "oil"},
    ("PATCH", "dala_catalog_api_update_studio_artwork"): lambda w, _: {"year": 2023},
    ("POST", "dala_catalog_api_upload_studio_image"): lambda w, _: {"image": _photo()},
    ("PUT", "dala_catalog_collaboration_api_put_credits"): lambda w, _: {"credits": []},
    ("POST", "dala_market_api_offers_make"): lambda w, work: {"artwork_id": work.pk, "amount": 110_000_000,
                                                       "currency": "KZT"},
    ("POST", "dala_market_api_offers_decline"): lambda w, _: {"reason": "too_low"},
    ("POST", "dala_market_api_offers_counter"): lambda w, _: {"amount": 140_000_000},
    ("POST", "dala_market_api_inquiries_ask"): lambda w, work: {"artwork_id": work.pk, "body": "Is it framed?"},
    ("POST", "dala_market_api_inquiries_reply"): lambda w, _: {"body": "It is framed in oak."},
    ("POST", "dala_market_api_orders_buy_now"): lambda w, work: {"artwork_id": work.pk,
                                                              "expected_amount": work.price_amount,
                                                              "expected_currency": work.price_currency},
    ("POST", "dala_market_api_orders_record_payment"): lambda w, _: {"method": "bank_transfer", "reference": "KZ-1"},
    ("POST", "dala_market_api_orders_cancel_order"): lambda w, _: {"reason": "The buyer asked."},
    ("POST", "dala_market_api_provenance_add_event"): lambda w, _: {"kind": "loan", "place": "Astana"},
    ("POST", "dala_market_api_auctions_create_auction"): lambda w, _: {
        "title": {"en": "Spring sale"}, "starts_at": (timezone.now() + datetime.timedelta(days=1)).isoformat(),
        "ends_at": (timezone.now() + datetime.timedelta(days=2)).isoformat()},
    ("POST", "dala_market_api_auctions_place_bid"): lambda w, _: {"max_amount": 5_000_000},
    ("POST", "dala_market_api_auctions_add_lot"): lambda w, _: {"artwork_id": w["work"].pk,
                                                             "starting_amount": 100_000},
    ("POST", "dala_market_api_representation_grant"): lambda w, _: {"gallery_id": w["gallery"].pk,
                                                                 "commission_bp": 2500},
    ("PUT", "dala_market_api_representation_put_works"): lambda w, _: {"artwork_ids": [w["work"].pk]},
    ("POST", "dala_social_api_follow"): lambda w, artist: {"kind": "artist", "id": artist.pk},
    ("PUT", "dala_social_api_put_settings"): lambda w, _: {"email_delivery": "digest"},
    ("POST", "dala_programmes_api_exhibitions_create_exhibition"): lambda w, _: {"title": {"en": "New show"},
                                                                              "is_physical": False, "is_online": True},
    ("PATCH", "dala_programmes_api_exhibitions_update_exhibition"): lambda w, _: {"venue": "Abay Opera"},
    ("PUT", "dala_programmes_api_exhibitions_set_works"): lambda w, _: {"works": [{"artwork_id": w["work"].pk}]},
    ("POST", "dala_programmes_api_exhibitions_add_photo"): lambda w, _: {"image": _photo()},
    ("PUT", "dala_programmes_api_calls_put_entry"): lambda w, _: {"statement": "Felt.", "artwork_ids": []},
    ("POST", "dala_programmes_api_calls_request_waiver"): lambda w, _: {"reason": "I cannot pay it."},
    ("POST", "dala_programmes_api_calls_create_call"): lambda w, _: {
        "title": {"en": "Spring call"}, "brief": {"en": "Works about spring."},
        "deadline": (timezone.now() + datetime.timedelta(days=30)).isoformat()},
    ("PATCH", "dala_programmes_api_calls_update_call"): lambda w, _: {"max_works": 2},
    ("POST", "dala_programmes_api_calls_fee_decision"): lambda w, _: {"decision": "paid", "reference": "KZ-2"},
    ("PUT", "dala_programmes_api_jury_put_score"): lambda w, _: {"value": 7},
    ("POST", "dala_programmes_api_jury_conflict"): lambda w, _: {"reason": "I know the artist."},
    ("POST", "dala_programmes_api_jury_invite"): lambda w, _: {"email": "gallery@example.com"},
    ("POST", "dala_programmes_api_jury_advance"): lambda w, _: {"top": 1},
    ("PUT", "dala_programmes_api_jury_put_result"): lambda w, _: {"result": "selected", "feedback": "Strong."},
    ("POST", "dala_programmes_api_mentorship_apply"): lambda w, _: {"statement": "I want to learn to show felt."},
    ("POST", "dala_programmes_api_mentorship_studio_create"): lambda w, _: {
        "theme": {"en": "Ink"}, "length_weeks": 8, "places": 2, "languages": ["kk"]},
    ("PATCH", "dala_programmes_api_mentorship_studio_update"): lambda w, _: {"places": 4},
    ("POST", "dala_programmes_api_mentorship_add_log_entry"): lambda w, _: {
        "kind": "session", "happened_on": timezone.localdate().isoformat(), "text": "Looked at the panels."},
    ("PATCH", "dala_programmes_api_mentorship_patch_log_entry"): lambda w, _: {"done": True},
    ("POST", "dala_critique_api_create"): lambda w, _: {"title": "First look", "body": "Careful.", "language": "en",
                                                     "conflict_of_interest": "None",
                                                     "artwork_ids": [w["work"].pk]},
    ("PUT", "dala_critique_api_update"): lambda w, _: {"title": "Notes", "body": "Now finished.", "language": "en",
                                                    "conflict_of_interest": "None",
                                                    "artwork_ids": [w["work"].pk]},
    ("POST", "dala_critique_api_publish"): lambda w, _: {},
    ("POST", "dala_critique_api_reply"): lambda w, _: {"body": "Thank you for looking closely."},
    ("PATCH", "dala_critique_api_edit_reply"): lambda w, _: {"body": "Thank you, corrected."},
    ("POST", "dala_discovery_api_saves_save_work"): lambda w, work: {"artwork_id": work.pk},
    ("POST", "dala_discovery_api_saves_save_search"): lambda w, _: {"params": {"medium": "oil"}, "name": "Oil again"},
    ("PATCH", "dala_discovery_api_saves_update_search"): lambda w, _: {"name": "Renamed"},
}

#: Query strings of operations that take their input there.
QUERIES: dict[tuple[str, str], Body] = {
    ("DELETE", "dala_social_api_unfollow"): lambda w, artist: {"kind": "artist", "id": artist.pk},
}
