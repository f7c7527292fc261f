from wagtail import hooks

from journos.core import desk_privacy

# Desk privacy (journos/core/desk_privacy.py): page bulk actions that leave out pages the user may not know of.
# Registered after Wagtail's own (order), so they replace them in the bulk-action registry.
for action in desk_privacy.BULK_ACTIONS:
    hooks.register("register_bulk_action", action, order=100)

hooks.register("construct_page_chooser_queryset", desk_privacy.filter_chooser_queryset)
