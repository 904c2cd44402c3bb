from django.urls import path

from .views import collaboration, inventory, public, staff, studio

app_name = "catalog"
urlpatterns = [
    path("artworks/", public.browse, name="browse"),
    path("artists/", public.artist_list, name="artists"),
    path("artists/<str:slug>/", public.artist, name="artist"),
    path("artists/<str:artist_slug>/<str:slug>/", public.artwork, name="artwork"),
    path("subjects/<slug:slug>/", public.subject, name="subject"),
    path("studio/", studio.inventory, name="studio"),
    path("studio/artworks/new/", studio.artwork_create, name="studio_create"),
    path("studio/artworks/<int:pk>/", studio.artwork_edit, name="studio_edit"),
    path("studio/artworks/<int:pk>/delete/", studio.artwork_delete, name="studio_delete"),
    path("studio/artworks/<int:pk>/images/", studio.image_upload, name="studio_image_upload"),
    path("studio/artworks/<int:pk>/editions/", studio.edition_add, name="studio_edition_add"),
    path("studio/images/<int:pk>/primary/", studio.image_primary, name="studio_image_primary"),
    path("studio/images/<int:pk>/delete/", studio.image_delete, name="studio_image_delete"),
    path("studio/export.csv", inventory.export_csv, name="studio_export"),
    path("studio/import/", inventory.import_csv, name="studio_import"),
    path("staff/images/<int:pk>/original/", staff.download_original, name="image_original"),
    path("studio/artworks/<int:pk>/credits/", collaboration.credits, name="studio_credits"),
    path("studio/collaborations/", collaboration.invitations, name="studio_collaborations"),
    path("studio/collaborations/<int:credit_id>/accept/", collaboration.accept, name="studio_collaboration_accept"),
    path("studio/collaborations/<int:credit_id>/decline/", collaboration.decline,
         name="studio_collaboration_decline"),
]
