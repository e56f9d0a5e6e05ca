from django.urls import path

from . import views

app_name = "programs"
P = "o/<slug:organization_slug>/programs/"
urlpatterns = [
    path(P, views.program_list, name="list"),
    path(P + "new/", views.program_create, name="create"),
    path(P + "<slug:program_slug>/", views.program_detail, name="detail"),
    path(P + "<slug:program_slug>/edit/", views.program_edit, name="edit"),
    path(P + "<slug:program_slug>/agreement/", views.agreement, name="agreement"),
    path(P + "<slug:program_slug>/agreement/edit/", views.agreement_edit, name="agreement_edit"),
    path(P + "<slug:program_slug>/agreement/publish/", views.agreement_publish, name="agreement_publish"),
    path(P + "<slug:program_slug>/agreement/v<int:version>.pdf", views.agreement_pdf, name="agreement_pdf"),
    path(P + "<slug:program_slug>/agreement/acceptances/", views.acceptances, name="acceptances"),
    path(P + "<slug:program_slug>/partners/", views.partners, name="partners"),
]
