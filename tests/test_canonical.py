"""Canonical URLs with the packaged rules (data/tracking.yaml): one address per page, however linked."""

from __future__ import annotations

import pytest
from news_digest.canonical import UrlRules, canonical_url
from news_digest.knowledge import load_data, load_knowledge
from news_digest.settings import SettingsError, resolve

RULES = UrlRules.from_data(load_data("tracking.yaml"))


def canonical(url):
    return canonical_url(url, RULES)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://news.example/world/2024/03/04/story?utm_source=rss&utm_medium=feed&utm_campaign=daily",
            "https://news.example/world/2024/03/04/story",
        ),
        ("https://news.example/story?UTM_Source=Newsletter&Utm_Content=top", "https://news.example/story"),
        ("https://news.example/story?utm_anything_new=1", "https://news.example/story"),
        ("https://news.example/story?fbclid=IwAR0abcdef", "https://news.example/story"),
        ("https://news.example/story?gclid=Cj0KCQ", "https://news.example/story"),
        ("https://news.example/story?spm=a2c4g.11186623.0.0", "https://news.example/story"),
        ("https://news.example/story?from=rss", "https://news.example/story"),
        ("https://news.example/story?from=timeline&isappinstalled=0", "https://news.example/story"),
    ],
)
def test_tracking_parameters_are_removed(url, expected):
    assert canonical(url) == expected


def test_other_parameters_are_kept_and_sorted():
    url = "https://news.example/search?q=harbour&utm_source=x&page=2&fbclid=y&id=17"
    assert canonical(url) == "https://news.example/search?id=17&page=2&q=harbour"


def test_parameter_order_does_not_matter():
    assert canonical("https://news.example/a?b=2&a=1") == canonical("https://news.example/a?a=1&b=2")
    assert canonical("https://news.example/a?b=2&a=1") == "https://news.example/a?a=1&b=2"


def test_repeated_and_blank_parameters_survive():
    assert canonical("https://news.example/a?tag=b&tag=a&empty=") == "https://news.example/a?empty=&tag=a&tag=b"


def test_parameter_names_that_only_start_like_tracking_ones_are_kept():
    # `from` and `ref` are tracking parameters; `fromage` and `refresh` are not.
    assert canonical("https://news.example/a?fromage=brie&refresh=1&ref=home") == (
        "https://news.example/a?fromage=brie&refresh=1"
    )


def test_fragment_is_dropped():
    assert canonical("https://news.example/story#comments") == "https://news.example/story"
    assert canonical("https://news.example/story?id=3#:~:text=port") == "https://news.example/story?id=3"


@pytest.mark.parametrize(
    "url",
    [
        "https://news.example/world/story",
        "http://news.example/world/story",
        "https://www.news.example/world/story",
        "http://www.news.example/world/story",
        "https://m.news.example/world/story",
        "https://mobile.news.example/world/story",
        "https://amp.news.example/world/story",
        "https://NEWS.Example/world/story",
        "https://www.news.example./world/story",
        "https://news.example:443/world/story",
        "http://news.example:80/world/story",
        "https://news.example/world/story/",
        "https://www.news.example/world/story/amp",
        "https://www.news.example/world/story/amp/",
        "https://m.news.example/world/story.amp",
        "https://news.example/world/story?amp=1",
        "https://news.example/world/story?outputType=amp",
        "https://news.example//world///story",
    ],
)
def test_variants_of_one_page_share_one_address(url):
    assert canonical(url) == "https://news.example/world/story"


def test_amp_ending_is_removed():
    assert canonical("https://news.example/world/story.amp") == canonical("https://news.example/world/story")


def test_amp_html_page_and_its_html_page_share_one_address():
    assert canonical("https://news.example/world/story.amp.html") == canonical("https://news.example/world/story.html")


def test_a_path_that_is_only_amp_is_kept():
    assert canonical("https://news.example/amp") == "https://news.example/amp"


def test_the_site_root_keeps_its_slash():
    assert canonical("https://www.news.example") == "https://news.example/"
    assert canonical("https://www.news.example/") == "https://news.example/"


def test_other_ports_and_path_case_are_kept():
    assert canonical("https://news.example:8443/World/Story") == "https://news.example:8443/World/Story"


def test_a_bare_domain_keeps_its_name():
    # www. is only dropped in front of a name that keeps a dot of its own.
    assert canonical("https://www.example/story") == "https://www.example/story"


def test_surrounding_spaces_are_ignored():
    assert canonical("  https://news.example/story?utm_source=x \n") == "https://news.example/story"


@pytest.mark.parametrize(
    "url",
    [
        None,
        "",
        "ftp://news.example/story",
        "mailto:desk@news.example",
        "javascript:alert(1)",
        "data:text/html,hello",
        "file:///etc/hosts",
        "news.example/story",
        "https:///story",
        "http://[::1",
    ],
)
def test_non_http_addresses_have_no_canonical_form(url):
    assert canonical(url) is None


def test_non_ascii_paths_and_values_are_kept():
    url = "https://news.example/thời-sự/bài?q=hà nội&utm_source=zalo"
    assert canonical(url) == "https://news.example/thời-sự/bài?q=h%C3%A0+n%E1%BB%99i"


def test_extra_parameters_extend_the_packaged_list():
    rules = UrlRules.from_data(load_data("tracking.yaml"), ("campaign_id", "ns_*"))
    url = "https://news.example/story?campaign_id=9&ns_src=rss&ns=keep&utm_source=x&id=2"
    assert canonical_url(url, rules) == "https://news.example/story?id=2&ns=keep"
    # Without them, the same parameters stay.
    assert canonical(url) == "https://news.example/story?campaign_id=9&id=2&ns=keep&ns_src=rss"


def test_the_setting_reaches_the_rules_the_build_uses(tmp_path):
    config = resolve({"PATH": str(tmp_path), "NEWS_DIGEST_TRACKING_PARAMETERS": ["Campaign_ID"]})
    assert config.tracking_parameters == ("Campaign_ID",)
    knowledge = load_knowledge(None, None, False, config.tracking_parameters)
    assert canonical_url("https://news.example/a?campaign_id=1&x=2", knowledge.url_rules) == (
        "https://news.example/a?x=2"
    )
    default = load_knowledge(None, None, False, resolve({"PATH": str(tmp_path)}).tracking_parameters)
    assert canonical_url("https://news.example/a?campaign_id=1&x=2", default.url_rules) == (
        "https://news.example/a?campaign_id=1&x=2"
    )


@pytest.mark.parametrize("value", ["utm_source", [""], [3], None])
def test_a_bad_tracking_setting_is_refused(value):
    with pytest.raises(SettingsError, match="NEWS_DIGEST_TRACKING_PARAMETERS"):
        resolve({"NEWS_DIGEST_TRACKING_PARAMETERS": value})
