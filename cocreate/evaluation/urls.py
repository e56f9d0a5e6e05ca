from django.urls import path

from . import views

app_name = "evaluation"
J = "o/<slug:organization_slug>/programs/<slug:program_slug>/judging/"
urlpatterns = [
    # Judging: the manager's assignments per program, a judge's conflicts of interest.
    path(J, views.judging, name="judging"),
    path(J + "auto/", views.judging_auto, name="judging_auto"),
    path(J + "assign/", views.judging_assign, name="judging_assign"),
    path(J + "unassign/", views.judging_unassign, name="judging_unassign"),
    path("o/<slug:organization_slug>/evaluation/conflicts/", views.conflicts, name="conflicts"),
    path("o/<slug:organization_slug>/evaluation/conflicts/<int:pk>/withdraw/", views.conflict_withdraw,
         name="conflict_withdraw"),
    # Crowd votes: 0-5 ratings and the held-votes review (evaluation.integrity).
    path("o/<slug:organization_slug>/ideas/<int:pk>/rate/", views.idea_rate, name="rate"),
    path("o/<slug:organization_slug>/evaluation/flags/", views.vote_flags_page, name="vote_flags"),
    path("o/<slug:organization_slug>/evaluation/flags/<int:pk>/resolve/", views.vote_flag_resolve,
         name="vote_flag_resolve"),
    path("o/<slug:organization_slug>/evaluation/", views.queue, name="queue"),
    path("o/<slug:organization_slug>/ideas/<int:pk>/score/", views.score, name="score"),
    path("o/<slug:organization_slug>/ideas/<int:pk>/send-to-board/", views.send_to_board,
         name="send_to_board"),
    path("o/<slug:organization_slug>/programs/<slug:program_slug>/results/", views.program_results_page,
         name="results"),
    # Pairwise voting: one pair at a time, and the program's Bradley-Terry ranking.
    path("o/<slug:organization_slug>/programs/<slug:program_slug>/pairwise/", views.pairwise_vote_page,
         name="pairwise"),
    path("o/<slug:organization_slug>/programs/<slug:program_slug>/pairwise/ranking/", views.pairwise_ranking_page,
         name="pairwise_ranking"),
]
