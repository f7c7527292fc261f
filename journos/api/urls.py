"""/api/v2/: the read API's endpoints (docs/api.md). No pages, images or documents endpoints: pictures
reach apps as renditions on the articles and authors that show them."""

from wagtail.api.v2.router import WagtailAPIRouter

from journos.api.endpoints import ArticlesEndpoint, AuthorsEndpoint, SectionsEndpoint, TagsEndpoint

router = WagtailAPIRouter("api")
router.register_endpoint("articles", ArticlesEndpoint)
router.register_endpoint("sections", SectionsEndpoint)
router.register_endpoint("authors", AuthorsEndpoint)
router.register_endpoint("tags", TagsEndpoint)
