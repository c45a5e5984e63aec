from coalition.campaigns import urls_actions, urls_pages

app_name = "campaigns"

# Campaign pages (and materials, letters' printable copies) first: their paths have fixed
# words where the action pages have an action's slug.
urlpatterns = urls_pages.urlpatterns + urls_actions.urlpatterns
