from django.urls import path

from reviewdesk.learning import views

app_name = "learning"

T = "settings/themes/"

urlpatterns = [
    # The partnership's list of themes: the business manager's settings.
    path(T, views.themes, name="themes"),
    path(T + "add/", views.add_theme, name="add_theme"),
    path(T + "<int:pk>/", views.change_theme, name="change_theme"),
    path(T + "<int:pk>/retire/", views.retire_theme, name="retire_theme"),
    path(T + "<int:pk>/restore/", views.restore_theme, name="restore_theme"),
    # Across the partnership's reviews.
    path("learning/", views.dashboard, name="dashboard"),
    path("learning/similar/", views.similar, name="similar"),
    path("learning/figures/", views.figures, name="figures"),
    path("learning/figures/<int:year>.xlsx", views.figures_xlsx, name="figures_xlsx"),
    path("learning/figures/<int:year>.docx", views.figures_docx, name="figures_docx"),
    # From one review.
    path("reviews/<uuid:review_uuid>/similar/", views.similar_to_review, name="similar_to_review"),
]
