from django.urls import path

from . import views

app_name = "realization"
urlpatterns = [
    path("o/<slug:organization_slug>/board/", views.board, name="board"),
    path("o/<slug:organization_slug>/board.csv", views.board_csv, name="board_csv"),
    # H6: board export, first looks, overdue report, forwarding, archive.
    path("o/<slug:organization_slug>/board.xlsx", views.board_xlsx, name="board_xlsx"),
    path("o/<slug:organization_slug>/board/seen/", views.board_mark_seen, name="board_mark_seen"),
    path("o/<slug:organization_slug>/board/overdue/", views.overdue, name="overdue"),
    path("o/<slug:organization_slug>/ideas/<int:pk>/forward/", views.forward, name="forward"),
    path("o/<slug:organization_slug>/concepts/<int:pk>/forward/", views.forward_concept, name="forward_concept"),
    path("o/<slug:organization_slug>/forwarded/", views.forwarded, name="forwarded"),
    path("o/<slug:organization_slug>/forwarded/<int:pk>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("o/<slug:organization_slug>/archive/", views.archive, name="archive"),
    path("o/<slug:organization_slug>/ideas/<int:pk>/decide/", views.decide, name="decide"),
    path("o/<slug:organization_slug>/ideas/<int:pk>/revive/", views.revive, name="revive"),
    # Staged decisions, rejection reasons, fair rejection and revival (views.decisions, views.fairness).
    path("o/<slug:organization_slug>/decisions/staged/", views.staged, name="staged"),
    path("o/<slug:organization_slug>/decisions/release/", views.release, name="release"),
    path("o/<slug:organization_slug>/decisions/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("o/<slug:organization_slug>/settings/rejection-reasons/", views.reasons, name="reasons"),
    path("o/<slug:organization_slug>/settings/rejection-reasons/suggested/", views.reasons_suggested,
         name="reasons_suggested"),
    path("o/<slug:organization_slug>/settings/rejection-reasons/<int:pk>/", views.reason_edit, name="reason_edit"),
    path("o/<slug:organization_slug>/settings/rejection-reasons/<int:pk>/action/", views.reason_action,
         name="reason_action"),
    path("o/<slug:organization_slug>/ideas/<int:pk>/revive-into/", views.revive_into, name="revive_into"),
    path("o/<slug:organization_slug>/ideas/<int:pk>/explanation/", views.explanation_request,
         name="explanation_request"),
    path("o/<slug:organization_slug>/explanations/", views.explanations, name="explanations"),
    path("o/<slug:organization_slug>/explanations/<int:pk>/", views.explanation, name="explanation"),
    path("o/<slug:organization_slug>/explanations/<int:pk>/<slug:step>/", views.explanation_step,
         name="explanation_step"),
    path("o/<slug:organization_slug>/ideas/<int:pk>/appeal/", views.appeal_file, name="appeal_file"),
    path("o/<slug:organization_slug>/appeals/", views.appeals, name="appeals"),
    path("o/<slug:organization_slug>/appeals/<int:pk>/", views.appeal, name="appeal"),
    path("o/<slug:organization_slug>/appeals/<int:pk>/assign/", views.appeal_assign, name="appeal_assign"),
    # Business concepts, clustering runs, near-duplicates, similar ideas (views.concepts).
    path("o/<slug:organization_slug>/concepts/", views.concepts, name="concepts"),
    path("o/<slug:organization_slug>/concepts/<int:pk>/", views.concept, name="concept"),
    path("o/<slug:organization_slug>/concepts/classify/", views.classify, name="classify"),
    path("o/<slug:organization_slug>/concepts/runs/<int:pk>/", views.clustering_run, name="clustering_run"),
    path("o/<slug:organization_slug>/concepts/suggestions/<int:pk>/", views.suggestion_action,
         name="suggestion_action"),
    path("o/<slug:organization_slug>/ideas/<int:pk>/duplicates/", views.idea_duplicates, name="idea_duplicates"),
    path("o/<slug:organization_slug>/ideas/similar/", views.similar, name="similar"),
]
