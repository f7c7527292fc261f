"""A live blog through Varnish: an editor publishes an update in the admin, and a reader's open page
offers "1 new update" within the poll interval, without reloading."""

import re

import pytest
from playwright.sync_api import expect

from journos.news.factories import LiveBlogPageFactory
from tests.conftest import CHROMIUM
from tests.production.test_stack import CREATE_EDITOR, warm_through_varnish

pytestmark = [pytest.mark.redis, pytest.mark.varnish, pytest.mark.browser]

POLL_SECONDS = 2
# The reader's page must show the update within one poll interval of its publication; the slack is
# the time the publish itself takes to reach Varnish (a BAN after the commit) on a busy machine.
SLACK_SECONDS = 4


@pytest.mark.skipif(not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM}")
def test_an_update_published_in_the_admin_reaches_an_open_page_through_varnish(newsroom, start_stack, browser):
    live_blog = LiveBlogPageFactory(
        parent=newsroom["diplomacy"],
        title="Summit talks: live",
        slug="summit-live",
        authors=[newsroom["author"]],
        entries=[{"headline": "Delegations arrive"}],
    )
    stack = start_stack(worker=False, LIVE_BLOG_POLL_SECONDS=str(POLL_SECONDS))
    updates = f"{live_blog.url}updates/"
    warm_through_varnish(stack, [live_blog.url, updates])
    stack.django(CREATE_EDITOR)

    context = browser.new_context(viewport={"width": 1400, "height": 900})
    try:
        reader = context.new_page()
        reader.goto(stack.proxy + live_blog.url)
        new_updates = reader.locator("[data-live-new]")
        assert reader.locator("[data-entry-id]").count() == 1
        assert new_updates.is_hidden()
        assert "new updates appear here" in reader.locator("[data-live-refresh]").inner_text()

        editor = browser.new_context(viewport={"width": 1400, "height": 900}).new_page()
        editor.set_default_timeout(30_000)
        editor.goto(f"{stack.proxy}/admin/login/")
        editor.fill("input[name=username]", "editor")
        editor.fill("input[name=password]", "editor-pw-123")
        editor.click("button[type=submit]")
        editor.wait_for_url(f"{stack.proxy}/admin/")
        editor.goto(f"{stack.proxy}/admin/pages/{live_blog.pk}/edit/")
        editor.get_by_role("button", name="Add update").click()
        editor.fill("#id_entries-1-headline", "Talks resume after lunch")
        editor.locator("#entries-1-body-root .c-sf-add-button").click()
        editor.get_by_role("option", name="Paragraph").click()
        body = editor.locator("#entries-1-body-root [contenteditable=true]")
        body.click()
        body.press_sequentially("The delegations are back at the table.")
        # Draftail copies its text into the form a moment later: publish only once it is there.
        saved = editor.locator("input[name='entries-1-body-0-value']")
        expect(saved).to_have_value(re.compile("The delegations are back at the table."))
        editor.locator("footer [data-w-dropdown-target='toggle']").first.click()
        with editor.expect_navigation():
            editor.get_by_role("button", name="Publish").click()
        errors = editor.locator(".error-message").all_inner_texts()
        assert "has been published" in editor.inner_text(".messages"), errors
        editor.context.close()

        # The reader's page, untouched, offers the update within the poll interval, then shows it on click.
        new_updates.wait_for(state="visible", timeout=(POLL_SECONDS + SLACK_SECONDS) * 1000)
        assert new_updates.inner_text() == "1 new update"
        assert reader.locator("[data-entry-id]").count() == 1  # the page did not move by itself
        new_updates.click()
        assert reader.locator("[data-entry-id]").count() == 2
        assert reader.locator("[data-entry-id]").first.inner_text().count("Talks resume after lunch") == 1
        assert new_updates.is_hidden()
    finally:
        context.close()

    # A reload through Varnish shows it too (the page was purged with its updates JSON).
    assert "Talks resume after lunch" in stack.get(live_blog.url).text
    assert "Talks resume after lunch" in stack.get(updates).text
