from django.urls import URLPattern

from .views import dashboard, saves, trending

app_name = "discovery"
urlpatterns: list[URLPattern] = [*saves.urlpatterns, *trending.urlpatterns, *dashboard.urlpatterns]
