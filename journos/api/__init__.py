"""The read API for apps and partners: Wagtail's API v2 at /api/v2/ (docs/api.md).

Read-only, anonymous and the same for everyone: only what any reader may see
on the site (news.selectors.visible / published_articles), whoever asks. Its
answers are public and tagged like every other public response, so the one
invalidation model (journos.core.caching) purges them in the app's page cache
and in the caching proxy when what they show changes.

- endpoints.py: articles, sections, authors, tags; what each answers and how it is filtered.
- fields.py: how an author, a section, tags, a picture and a body are written out.
- cors.py: cross-origin reads for the origins in API_CORS_ORIGINS.
"""
