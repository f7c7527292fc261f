"""The footer pages of the demo site: short, sensible, original text.

Bodies use the same light format as the stories (## heading, blank-line
separated paragraphs). These are demo texts, not legal advice: a real
publisher replaces them in the admin.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class FooterPage:
    slug: str
    title: str
    introduction: str
    body: str


STANDARD_PAGES = (
    FooterPage(
        "about-us",
        "About Us",
        "Journos is an independent newsroom. We report on Estrava and the world for readers who want to understand, "
        "not just to know.",
        """
Journos was founded by a small group of reporters who believed that good journalism should be clear, fair and
free to read. Today our newsroom in Lindhaven has reporters and editors covering politics, business, science,
climate, health, technology, sport and culture, and correspondents who travel wherever the story is.

## What we stand for

We check facts before we publish, and we correct our mistakes openly. We name our sources whenever we can, and
explain why when we cannot. We separate news from opinion, and we label both.

## Who owns us

Journos is owned by a foundation whose only purpose is to keep it independent. No political party, company or
individual can own more than a tenth of it. Our accounts are published every year.

## Get in touch

Tips, corrections and complaints are welcome. Use our contact form, or write to the reporter whose name is on
the story.
""",
    ),
    FooterPage(
        "privacy-policy",
        "Privacy Policy",
        "What we know about you, why, and how to ask us to forget it.",
        """
## What we collect

If you only read Journos, we collect very little: our servers keep standard logs (your address, the page you
asked for and your browser) for up to 30 days to keep the site running and secure. We do not use advertising
trackers or sell information about our readers.

If you create an account or subscribe to a newsletter, we store your name, your e-mail address and your
preferences. If you write to us through the contact form, we keep your message so that we can answer it.

## How we use it

We use your details only to provide the service you asked for: to sign you in, to send the newsletters you chose,
and to answer your messages. We never share them with advertisers.

## Your rights

You can see, correct or delete the information we hold about you at any time from your account page, or by
writing to us. Newsletters contain a link to unsubscribe with one click.

## Changes

If we change this policy, we will say so on this page and, if you have an account, by e-mail.
""",
    ),
    FooterPage(
        "terms-and-conditions",
        "Terms and Conditions",
        "The rules for using Journos, in plain language.",
        """
## Using the site

You are welcome to read, share and link to our articles. You may quote short extracts with a link to the
original. Please do not copy whole articles or photographs without permission.

## Contributions

If you send us material, for instance through the contact form, you are responsible for it and must have the
right to share it with us.

## Accounts

Keep your password to yourself. You can close your account at any time from your account page.

## Our responsibility

We work hard to get things right, and we correct errors as soon as we know about them. We are not responsible
for the content of other websites we link to.
""",
    ),
    FooterPage(
        "accessibility-statement",
        "Accessibility Statement",
        "We want everyone to be able to read Journos, whatever device or assistive technology they use.",
        """
## What we do

Our pages use clear headings and landmarks, work with a keyboard alone, and can be read by screen readers. Every
image has a text description. Text can be enlarged to twice its size without breaking the layout, and our colours
meet the contrast levels recommended by the Web Content Accessibility Guidelines (WCAG 2.2, level AA).

The site works without JavaScript. Videos we publish ourselves have captions.

## What we know is not perfect

Some older articles have images without good descriptions, and some embedded content from other sites may not
be fully accessible. We are working through them.

## Tell us

If something on Journos is hard to use, please tell us through our contact form. We aim to reply within five
working days.
""",
    ),
    FooterPage(
        "cookie-settings",
        "Cookie Settings",
        "Journos sets only the cookies it needs to work. There is nothing to switch off.",
        """
## The cookies we use

Reading Journos sets no cookies at all. When you sign in, we set one essential cookie that keeps you signed in,
and a security cookie that protects forms from misuse. Both are deleted when you sign out or after a few weeks.

We do not use advertising, analytics or social media cookies, and we do not let other companies set them on our
pages.

## The cookie notice

When you dismiss the cookie notice, your choice is stored in your own browser (in its local storage), not in a
cookie and not on our servers. To see the notice again, clear this site's data in your browser settings.
""",
    ),
    FooterPage(
        "advertising",
        "Advertising",
        "Reach curious, attentive readers, without tracking them.",
        """
Journos carries a small number of clearly labelled advertisements and sponsored newsletters. We place them by
topic and section, never by following readers around the web, so our readers can trust that what they see is
not based on spying on them.

## Our rules

Advertising is always marked as such and never looks like our journalism. Advertisers have no say over what we
report. We do not accept advertising for gambling, tobacco or political parties.

## Contact our team

To ask about rates and availability, write to us through the contact form and choose "Advertising" in your
message. We reply within two working days.
""",
    ),
    FooterPage(
        "support-press-freedom",
        "Support Press Freedom",
        "Independent journalism costs money. If you value it, you can help keep it free for everyone.",
        """
Everything we publish is free to read, because we believe that reliable information should not depend on what
you can afford. That is only possible because readers who can support us choose to do so.

## Where your money goes

Most of our budget pays for reporters: the time it takes to check a fact, to travel to where things happen, and
to keep asking questions when people in power would rather we did not. We publish a summary of our income and
spending every year.

## How to help

You can make a one-off contribution or support us every month, cancel whenever you like, and choose whether
your name appears in our annual list of supporters. Sharing our journalism and telling us when we get something
wrong help too.
""",
    ),
)

# The newsroom's standards: chosen in Site settings (linked under "Our standards" in the footer and named to
# search engines), not in the footer links. None may use the slug "corrections": that is the corrections page.
STANDARDS_PAGES = (
    FooterPage(
        "masthead",
        "Masthead",
        "The people responsible for what Journos publishes.",
        """
## Editor-in-chief

The editor-in-chief is responsible for everything Journos publishes, decides what we cover and how, and answers
to readers for our mistakes. The editor is appointed by the board of the Journos Foundation for five years and
cannot be dismissed for what the newsroom reports.

## Managing editor

The managing editor runs the newsroom day to day: the desks, the rota, and the checks every story goes through
before it is published.

## Standards editor

The standards editor looks after our ethics and corrections policies, reads every complaint, and decides on
corrections. The standards editor does not report to the desks whose work they review.

## Desk editors

Each section (politics, world, business, science, climate, health, technology, sport, culture and lifestyle) has
an editor who assigns and edits its stories. Their names are on the pages of our journalists.
""",
    ),
    FooterPage(
        "ethics-policy",
        "Ethics Policy",
        "The standards every Journos story is held to.",
        """
## Accuracy

We check facts before we publish them, and we say what we do not know. A single source is never enough for a
claim that could harm someone. When we get something wrong, we correct it openly (see our corrections policy).

## Independence

Our journalists do not accept gifts, paid trips or payments from people they report on. They tell their editor
about any interest that could be seen to affect their work, and step away from stories where it would.

## Fairness

People we criticise are given a real chance to reply before we publish, and their answer is reported fairly.
We do not use anonymous sources unless there is no other way to tell an important story, and we explain why.

## Labels

News, analysis, opinion, explainers and reviews are labelled, so readers know what kind of piece they are
reading. Content paid for by a sponsor is always marked "Sponsored" with the sponsor's name, is never written
to look like our reporting, and sponsors have no say over our journalism.
""",
    ),
    FooterPage(
        "corrections-policy",
        "Corrections Policy",
        "How to tell us about a mistake, and what we do about it.",
        """
## Telling us

If you think we got something wrong, write to us through the contact form and name the article. The standards
editor reads every report and answers within two working days.

## Correcting

When a fact was wrong, we fix the article and add a dated correction at its foot saying what was wrong. A note
under the headline tells readers the article was corrected. We do not quietly change articles.

When a story develops, we add a dated update instead, saying what was added.

## Where to find them

Every correction is also listed, newest first, on our corrections page, which has its own feed.
""",
    ),
    FooterPage(
        "ownership-and-funding",
        "Ownership and Funding",
        "Who owns Journos and where its money comes from.",
        """
## Ownership

Journos is owned by the Journos Foundation, a non-profit foundation whose only purpose is to keep the newsroom
independent. No political party, company or individual may own more than a tenth of it.

## Funding

Most of our money comes from readers: donations and memberships. The rest comes from clearly labelled
advertising and sponsored content, and from grants for journalism that come without conditions on what we
report. We publish our accounts every year.

## Influence

Neither donors, advertisers nor sponsors have any say over what we report. Gifts that come with conditions on
our journalism are refused.
""",
    ),
)

CONTACT_PAGE = {
    "slug": "contact-us",
    "title": "Contact Us",
    "introduction": "Send us a tip, a correction or a question. We read every message, and reply to most within "
    "two working days. For urgent news tips, mention it in your first line.",
    "thank_you_text": "<p>Thank you. Your message has reached the newsroom, and someone will reply by e-mail.</p>",
    "subject": "New message from the Journos contact form",
    "fields": (
        {"label": "Your name", "field_type": "singleline", "required": True},
        {"label": "Your e-mail address", "field_type": "email", "required": True},
        {"label": "Message", "field_type": "multiline", "required": True},
    ),
}

# The footer lists these, in this order (Contact Us after About Us).
FOOTER_ORDER = (
    "about-us",
    "contact-us",
    "privacy-policy",
    "terms-and-conditions",
    "accessibility-statement",
    "cookie-settings",
    "advertising",
    "support-press-freedom",
)
