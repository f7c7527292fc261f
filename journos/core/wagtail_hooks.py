from wagtail import hooks

from journos.core import breaking, desk_privacy

# Desk privacy (journos/core/desk_privacy.py): page bulk actions that leave out pages the user may not know of.
# Registered after Wagtail's own (order), so they replace them in the bulk-action registry.
for action in desk_privacy.BULK_ACTIONS:
    hooks.register("register_bulk_action", action, order=100)

hooks.register("construct_page_chooser_queryset", desk_privacy.filter_chooser_queryset)


@hooks.register("register_admin_urls")
def breaking_news_urls():
    return breaking.urlpatterns


@hooks.register("register_page_header_buttons")
def mark_as_breaking_header_button(page, user, view_name, next_url=None):
    yield from breaking.buttons(page, user, priority=67)


@hooks.register("register_page_listing_more_buttons")
def mark_as_breaking_listing_button(page, user, next_url=None):
    yield from breaking.buttons(page, user, priority=56)
