"""Discussions in the back office; moderation with reasons is at /staff/discussions/."""

from django.contrib import admin

from coalition.discussions.models import Post, Report, Thread


@admin.register(Thread)
class ThreadAdmin(admin.ModelAdmin):
    list_display = ["title", "theme", "visibility", "post_count", "is_locked", "is_removed"]
    list_filter = ["theme", "visibility", "is_locked", "is_removed"]
    search_fields = ["title"]
    readonly_fields = ["post_count", "last_post_at"]
    raw_id_fields = ["author", "organisation", "development", "campaign", "priority"]


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["post", "reporter", "created", "reviewed_at"]
    raw_id_fields = ["post", "reporter"]


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["pk", "thread", "author_name", "created", "is_hidden", "is_removed"]
    list_filter = ["is_hidden", "is_removed"]
    raw_id_fields = ["thread", "author", "organisation", "quoted"]
