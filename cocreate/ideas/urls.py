from django.urls import path

from . import views

app_name = "ideas"
urlpatterns = [
    path("me/ideas/", views.my_ideas, name="mine"),
    path("o/<slug:organization_slug>/ideas/", views.idea_list, name="list"),
    path("o/<slug:organization_slug>/ideas/new/", views.idea_create, name="create"),
    path("o/<slug:organization_slug>/ideas/<int:pk>/", views.idea_detail, name="detail"),
    path("o/<slug:organization_slug>/ideas/<int:pk>/edit/", views.idea_edit, name="edit"),
    path("o/<slug:organization_slug>/ideas/<int:pk>/submit/", views.idea_submit, name="submit"),
    path("o/<slug:organization_slug>/ideas/<int:pk>/comments/", views.idea_comment, name="comment"),
    path("o/<slug:organization_slug>/ideas/<int:pk>/support/", views.idea_support, name="support"),
    path("o/<slug:organization_slug>/ideas/<int:pk>/hide/", views.idea_hide, name="hide"),
    path("o/<slug:organization_slug>/ideas/<int:pk>/purchase-intent/", views.idea_purchase_intent,
         name="purchase_intent"),
    path("o/<slug:organization_slug>/ideas/<int:pk>/files/<int:attachment_pk>/", views.idea_attachment,
         name="attachment"),
]
