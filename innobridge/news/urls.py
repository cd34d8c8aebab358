from django.urls import path

from innobridge.news import feeds, views

app_name = "news"

urlpatterns = [
    path("", views.article_list, name="list"),
    path("moderation/", views.moderation, name="moderation"),
    path("import/", views.article_import, name="import"),
    path("new/", views.article_create, name="create"),
    path("<int:pk>/", views.article_detail, name="detail"),
    path("<int:pk>/edit/", views.article_edit, name="edit"),
    path("<int:pk>/publish/", views.article_publish, name="publish"),
    path("<int:pk>/withdraw/", views.article_withdraw, name="withdraw"),
    path("feeds/<str:language>/rss/", feeds.ArticlesRssFeed(), name="feed-rss"),
    path("feeds/<str:language>/atom/", feeds.ArticlesAtomFeed(), name="feed-atom"),
    path("documents/", views.document_list, name="documents"),
    path("documents/<int:pk>/", views.document_detail, name="document"),
]
