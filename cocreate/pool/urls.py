from django.urls import path

from . import views

app_name = "pool"
P = "o/<slug:organization_slug>/pool/"
urlpatterns = [
    path(P, views.pool_list, name="list"),
    path(P + "add/", views.pool_add, name="add"),
    path(P + "candidates/", views.candidates, name="candidates"),
    path(P + "candidates/add/", views.candidate_add, name="candidate_add"),
    path(P + "<int:pk>/", views.pool_member, name="detail"),
    path(P + "<int:pk>/status/", views.pool_member_status, name="status"),
    path(P + "<int:pk>/note/", views.pool_member_note, name="note"),
    path(P + "<int:pk>/invite/", views.pool_invite, name="invite"),
    path(P + "invitations/<int:pk>/withdraw/", views.invitation_withdraw, name="withdraw"),
    path("me/pool/", views.my_pool, name="mine"),
    path("me/pool/<int:pk>/status/", views.my_pool_status, name="my_status"),
    path("me/pool/invitations/<int:pk>/respond/", views.my_invitation_respond, name="respond"),
]
