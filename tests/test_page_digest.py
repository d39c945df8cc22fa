"""Page keys: a digest of what a template reads, by content, as deep as a page shows it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from types import SimpleNamespace

from jinja2 import DictLoader, Environment
from news_digest.site.page_digest import Digester, ShowingMore, defined_tests, template_variables
from news_digest.site.pelican_steps import StoryView, digest_articles
from pelican.contents import Article
from pelican.settings import DEFAULT_CONFIG
from pelican.urlwrappers import Tag


@dataclass(frozen=True)
class Link:
    url: str
    title: str


def article(title: str, content: str = "<p>Body</p>", **extra) -> Article:
    metadata = {"title": title, "date": datetime(2025, 3, 1, 8, 0, tzinfo=UTC), "slug": title.lower(), **extra}
    return Article(content, metadata=metadata, settings=DEFAULT_CONFIG, context={})


def test_equal_values_give_equal_digests_whatever_their_identity():
    first, second = Digester(), Digester()
    assert first.digest(article("One")) == second.digest(article("One"))
    assert first.digest([Link("/a/", "A"), {"k": (1, 2.5, None)}]) == second.digest(
        [Link("/a/", "A"), {"k": (1, 2.5, None)}]
    )


def test_types_and_values_are_told_apart():
    digester = Digester()
    digests = {digester.digest(value) for value in (1, True, "1", 1.0, b"1", None, "", (), {}, frozenset())}
    assert len(digests) == 10
    assert digester.digest([1, "a"]) == digester.digest((1, "a"))  # a template iterates both alike
    assert digester.digest(["a", "b"]) != digester.digest(["ab"])
    assert digester.digest({"a": 1}) != digester.digest({"a": 2})


def test_long_texts_are_digested_by_content_once_per_object(monkeypatch):
    long_text = "<p>Harbour volumes held steady through the week.</p>" * 40
    copy = "".join(list(long_text))  # equal, another object
    assert copy is not long_text
    digester = Digester()
    assert digester.digest([long_text]) == Digester().digest([copy])
    assert digester.digest([long_text]) != digester.digest([long_text.replace("steady", "stable")])
    assert digester.digest([long_text]) != digester.digest([long_text + " "])
    digested = []
    monkeypatch.setattr(Digester, "text_digest", staticmethod(lambda value, depth: digested.append(value) or b"x"))
    again = Digester()
    for _ in range(3):
        again.digest({"content": long_text, "summary": "short"})
    assert digested == [long_text]  # once for the object; the short text is fed as it is


def test_a_value_is_digested_once_per_object_and_a_set_each_time():
    """digest() keeps its answer for a value of a memoized kind (a page's key asks for the same
    context values on every page), but works a set's out afresh: its members may change."""
    digester = Digester()
    computed = []
    memoized, feed_set = digester.memoized, digester.feed_set
    digester.memoized = lambda value, depth, compute: computed.append(value) or memoized(value, depth, compute)
    digester.feed_set = lambda hasher, value, depth: computed.append(value) or feed_set(hasher, value, depth)
    digester._feeders.clear()  # made again with the counting methods
    listed, members = [article("One"), article("Two")], {"ports"}
    first = [digester.digest(listed), digester.digest(members)]
    members.add("ferries")
    second = [digester.digest(listed), digester.digest(members)]
    assert first[0] == second[0] == Digester().digest(listed) and first[1] != second[1]
    top_level = [id(value) for value in computed if value is listed or value is members]
    assert top_level == [id(listed), id(members), id(members)]


def test_a_page_sees_its_articles_text_and_a_list_does_not():
    """An article's own page shows its text; a list or a link to it shows its title and summary."""
    original, edited = article("One", "<p>First text</p>"), article("One", "<p>Second text</p>")
    assert Digester().digest(original) != Digester().digest(edited)
    assert Digester().digest([original]) == Digester().digest([edited])
    assert Digester().digest([article("One")]) != Digester().digest([article("Two")])


def test_a_list_leaves_out_an_articles_story_and_neighbours_which_its_own_page_shows():
    """A list shows an article's title, summary, date and links, not its story's other reports nor
    the articles before and after it: a new report joining its story changes its own page only."""
    alone = article("One")
    in_story = article("One", story=StoryView(id="s1", url="story/s1/", count=2, nearby=(Link("/b/", "B"),)))
    followed = article("One", next_in_day=Link("/c/", "C"), prev_in_source=Link("/d/", "D"))
    assert len({Digester().digest(value) for value in (alone, in_story, followed)}) == 3
    assert Digester().digest([alone]) == Digester().digest([in_story]) == Digester().digest([followed])
    # One level down (an article's neighbour, a story's report) shows no more than a list does.
    assert Digester().digest(article("Two", next_in_day=in_story)) == Digester().digest(
        article("Two", next_in_day=alone)
    )


def test_a_list_that_shows_more_of_its_items_is_digested_with_it_and_so_are_its_pages():
    def story(count: int) -> StoryView:
        return StoryView(id="s1", url="story/s1/", count=count, nearby=(Link("/b/", "B"),), is_lead=True)

    smaller, larger = article("One", story=story(2)), article("One", story=story(3))
    home = digest_articles([smaller, article("Two")])
    assert isinstance(home, ShowingMore) and home.shows == ("story",)
    assert Digester().digest(home) != Digester().digest(digest_articles([larger, article("Two")]))
    assert Digester().digest(home) != Digester().digest(list(home))
    page = home[:1]  # a page of it, as pagination cuts it
    assert isinstance(page, ShowingMore) and page.shows == home.shows and page == [smaller]
    assert Digester().digest(page) != Digester().digest(digest_articles([larger])[:1])
    assert home[1] is home[-1] and not isinstance(home[0], ShowingMore)


def test_a_list_sees_the_names_of_its_articles_tags():
    """A list shows each article's tags by name: a tag renamed at the same address (another case)
    changes the list's digest."""
    lower, upper = Tag("Ai", DEFAULT_CONFIG), Tag("AI", DEFAULT_CONFIG)
    assert lower.url == upper.url
    assert Digester().digest([article("One", tags=[lower])]) != Digester().digest([article("One", tags=[upper])])


def test_what_an_article_links_to_is_seen_one_level_down():
    def page_with(neighbour_title: str, neighbour_text: str) -> Article:
        return article("One", next_article=article(neighbour_title, neighbour_text))

    assert Digester().digest(page_with("Two", "<p>a</p>")) != Digester().digest(page_with("Three", "<p>a</p>"))
    assert Digester().digest(page_with("Two", "<p>a</p>")) == Digester().digest(page_with("Two", "<p>b</p>"))


def test_dataclasses_and_plain_objects_are_digested_by_their_fields():
    digester = Digester()
    assert digester.digest(Link("/a/", "A")) != digester.digest(Link("/a/", "B"))
    assert digester.digest(SimpleNamespace(a=1, b=[2])) == Digester().digest(SimpleNamespace(b=[2], a=1))
    assert digester.digest(SimpleNamespace(a=1)) != digester.digest(SimpleNamespace(a=2))


def test_a_value_changed_in_place_between_builds_changes_its_digest():
    """The memo lasts one build (one Digester): the next build digests the object afresh."""
    links = [Link("/a/", "A")]
    before = Digester().digest(links)
    links.append(Link("/b/", "B"))
    assert Digester().digest(links) != before


LIST_TEMPLATES = {
    "list.html": (
        "{% set items = page.object_list if page is defined else everything %}"
        "{% for item in items %}{{ item }}{% endfor %}{% include 'count.html' %}"
    ),
    "count.html": (
        "{% if page is not defined %}{{ total }}{% else %}{{ page.number }}{% endif %}"
        "{% if shown is defined %}{{ shown }}{% elif hidden %}{{ hidden }}{% endif %}"
    ),
}


def test_what_only_runs_when_a_tested_variable_is_missing_is_not_read_when_it_is_there():
    environment = Environment(loader=DictLoader(LIST_TEMPLATES))
    assert defined_tests(environment, "list.html") == {"page", "shown"}
    unpaginated = template_variables(environment, "list.html")
    assert {"page", "everything", "total", "shown", "hidden"} <= unpaginated
    # A page of the list reads its page, neither the whole list nor its length, in either template.
    paginated = template_variables(environment, "list.html", assumed=frozenset({"page"}))
    assert "page" in paginated and not {"everything", "total"} & paginated
    # A test with an elif branch is left as it is: every branch may run.
    assert {"shown", "hidden"} <= template_variables(environment, "list.html", assumed=frozenset({"shown"}))


MACRO_TEMPLATES = {
    "page.html": (
        "{% from 'item.html' import item %}{% from 'note.html' import note with context %}"
        "{% for article in articles %}{{ item(article, SITEURL) }}{% endfor %}{{ note() }}"
    ),
    "item.html": "{% macro item(article, siteurl) %}<a href='{{ siteurl }}/{{ article.url }}'>{{ _('Read') }}</a>{% endmacro %}",
    "note.html": "{% macro note() %}{{ FOOTER_NOTE }}{% endmacro %}",
}


def test_what_the_macros_of_imported_templates_read_is_read_by_the_page():
    """The theme's list items are macros (an include per item copies the page's context): a page
    reads what the macros it imports read of the context, and what it hands them."""
    environment = Environment(loader=DictLoader(MACRO_TEMPLATES), extensions=["jinja2.ext.i18n"])
    read = template_variables(environment, "page.html")
    assert {"articles", "SITEURL", "FOOTER_NOTE"} <= read
    assert not {"article", "siteurl", "item", "note"} & read
