"""/api/v2/: the read API's endpoints (docs/api.md). No pages, images or documents endpoints: pictures
reach apps as renditions on the articles and authors that show them."""

from wagtail.api.v2.router import WagtailAPIRouter

from journos.api.endpoints import ArticlesEndpoint, AuthorsEndpoint, SectionsEndpoint, TagsEndpoint
from journos.api.live_blogs import live_blog_model, live_blogs_endpoint

router = WagtailAPIRouter("api")
# Before articles: a live blog's own links point here (the router takes the first endpoint that fits).
if live_blog_model() is not None:
    router.register_endpoint("liveblogs", live_blogs_endpoint(live_blog_model()))
router.register_endpoint("articles", ArticlesEndpoint)
router.register_endpoint("sections", SectionsEndpoint)
router.register_endpoint("authors", AuthorsEndpoint)
router.register_endpoint("tags", TagsEndpoint)
