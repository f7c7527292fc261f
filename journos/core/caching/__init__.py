"""How a change reaches every cache that shows it: one invalidation model.

Everything cached — HTML fragments, values such as the request's Site, whole
anonymous pages in the app's page cache and in the caching proxy — carries
*dependency tags*: short names of what it was built from, such as
`page:12` (a page's own fields: headline, address, picture), `image:3`,
`tag:7`, or `list-section:5` (which articles a section lists). Tags are
collected while rendering: model instances loaded during a render tag it by
themselves (`dependencies`), and the queries that list things declare the
list they read (`depends_on`). A cached fragment adds its tags to the
fragment or page around it, so a page knows every tag of everything on it.

When something changes, `invalidation` maps the change to the tags it
affects (an article: its page, the lists of its sections, authors and tags,
the neighbours whose previous/next links point at it; site settings and
navigation: everything) and, once the transaction commits, sends
`content_changed`; the purge step (`purge`) then stamps those tags with the
time and bans them in the caching proxies. A cached entry remembers when its
build began and is fresh only while every one of its tags was last stamped
before that (`store`), so a slow render that read old data can never put it
back. Publishing in Sports thus leaves Politics' fragments warm.
"""
