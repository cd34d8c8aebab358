from django.urls import path

app_name = "news"

urlpatterns: list = []
