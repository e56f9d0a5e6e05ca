from django.urls import path

from . import views

# Mounted at accounts/ beside allauth's own pages.
app_name = "accounts"
urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("language/", views.language, name="language"),
    path("data/", views.data_export, name="data"),
    path("delete/", views.account_delete, name="delete"),
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
]
