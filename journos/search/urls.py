from django.urls import path

from journos.search import views

app_name = "search"
urlpatterns = [
    path("", views.results, name="results"),
    path("live/", views.live, name="live"),
    path("hits/", views.record_hit, name="record_hit"),
]
