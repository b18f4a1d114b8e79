from django.urls import path

from . import views

app_name = "reviews"
urlpatterns = [
    path("reviews/mine/", views.my_reviews, name="mine"),
    path("reviews/line/<int:line_id>/", views.review_write, name="write"),
    path("reviews/<int:review_id>/follow-up/", views.review_follow_up, name="follow_up"),
    path("reviews/<int:review_id>/vote/", views.review_vote, name="vote"),
    path("reviews/<int:review_id>/report/", views.review_report, name="report"),
    path("feedback/", views.feedback, name="feedback"),
]
