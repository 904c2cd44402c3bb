from django.urls import path

from . import views

app_name = "critique"
urlpatterns = [
    path("reviews/mine/", views.mine, name="mine"),
    path("reviews/new/", views.new, name="new"),
    path("reviews/<int:pk>/", views.review, name="review"),
    path("reviews/<int:pk>/edit/", views.edit, name="edit"),
    path("reviews/<int:pk>/publish/", views.publish, name="publish"),
    path("reviews/<int:pk>/reply/", views.reply, name="reply"),
    path("reviews/<int:pk>/reply/edit/", views.reply_edit, name="reply_edit"),
    path("critics/<str:slug>/", views.critic, name="critic"),
]
