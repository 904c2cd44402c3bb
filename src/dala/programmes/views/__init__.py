"""Programme pages, one module per area; each module lists its ``urlpatterns`` (see ``dala.programmes.urls``)."""
