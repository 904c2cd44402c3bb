from django.urls import URLPattern

from .views import calls, exhibitions, hub, jury, mentorship

app_name = "programmes"
urlpatterns: list[URLPattern] = [*exhibitions.urlpatterns, *calls.urlpatterns, *jury.urlpatterns,
                                 *mentorship.urlpatterns, *hub.urlpatterns]
