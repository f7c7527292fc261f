from wagtail import hooks

from journos.news import dashboard


@hooks.register("construct_homepage_panels")
def add_newsroom_panels(request, panels):
    dashboard.add_panels(request, panels)
