from django.urls import path

from .views import auctions, certificates, galleries, inquiries, offers, orders, representation

app_name = "market"
urlpatterns = [
    # A buyer's actions on a work (forms on the artwork page post here).
    path("market/artworks/<int:artwork_id>/offer/", offers.make, name="make_offer"),
    path("market/artworks/<int:artwork_id>/buy/", orders.buy, name="buy_now"),
    path("market/artworks/<int:artwork_id>/ask/", inquiries.ask, name="ask"),
    # Offers: mine as buyer, incoming as seller; one negotiation's chain and its answers.
    path("market/offers/", offers.index, name="offers"),
    path("market/offers/<int:pk>/", offers.chain, name="offer"),
    path("market/offers/<int:pk>/answer/", offers.answer, name="offer_answer"),
    # Orders and their certificates.
    path("market/orders/", orders.index, name="orders"),
    path("market/orders/<str:number>/", orders.detail, name="order"),
    path("market/orders/<str:number>/payment/", orders.record_payment, name="order_payment"),
    path("market/orders/<str:number>/cancel/", orders.cancel, name="order_cancel"),
    path("market/orders/<str:number>/certificate.pdf", certificates.pdf, name="certificate_pdf"),
    # Inquiries.
    path("market/inquiries/", inquiries.index, name="inquiries"),
    path("market/inquiries/<int:pk>/", inquiries.thread, name="inquiry"),
    # Auctions.
    path("auctions/", auctions.index, name="auctions"),
    path("auctions/<str:slug>/", auctions.room, name="auction"),
    path("auctions/<str:slug>/lots/<int:number>/", auctions.lot, name="lot"),
    path("auctions/<str:slug>/lots/<int:number>/bid/", auctions.bid, name="bid"),
    # Public: a gallery's page.
    path("galleries/<str:slug>/", galleries.gallery, name="gallery"),
    # Public: a work's provenance and checking a certificate.
    path("provenance/<int:artwork_id>/", certificates.provenance, name="provenance"),
    path("verify/", certificates.verify, name="verify"),
    path("verify/<str:code>/", certificates.verify, name="verify_code"),
    # A gallery's representation of an artist (granted by the artist).
    path("market/representation/", representation.index, name="representation"),
    path("market/representation/<int:pk>/", representation.edit, name="representation_edit"),
    path("market/representation/<int:pk>/end/", representation.end, name="representation_end"),
]
