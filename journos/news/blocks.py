from wagtail import blocks

from journos.core.blocks import StoryBlock


class RelatedPostsBlock(blocks.StaticBlock):
    """Marks where the inline "More related posts" list goes in an article."""

    class Meta:
        icon = "list-ul"
        label = "More related posts"
        admin_text = "Shows four related articles here, chosen automatically or pinned on the article."
        template = "components/blocks/related_posts_block.html"


class ArticleBodyBlock(StoryBlock):
    related_posts = RelatedPostsBlock()
