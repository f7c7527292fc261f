from django.urls import path

from journos.engagement import views

app_name = "engagement"
urlpatterns = [
    path("beacon/", views.beacon, name="beacon"),
    path("related/<int:article_id>/", views.related, name="related"),
]
