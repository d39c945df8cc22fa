"""Which publisher a file comes from: the URL's host first, the folder it sits in next."""

from __future__ import annotations

import pytest
from news_digest.sources import SourceConfigError, SourceIndex

SOURCES = """\
harbour-post:
  name: Harbour Post
  domains: [harbourpost.example, hpost.example]
  timezone: Asia/Hong_Kong
  language: zh-Hant-HK
wire-en:
  name: Wire English
  domains: [wire.example]
  timezone: UTC
  language: en
  date_order: MDY
wire-fr:
  name: Wire Français
  domains: [wire.example]
  timezone: Europe/Paris
  language: fr
tin-nhanh:
  name: Tin Nhanh
  domains: [tinnhanh.example]
  timezone: Asia/Ho_Chi_Minh
  language: vi
  boilerplate: [Tin cùng chuyên mục]
"""


def write(tmp_path, text: str) -> str:
    path = tmp_path / "sources.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.fixture
def index(tmp_path) -> SourceIndex:
    return SourceIndex.from_yaml(write(tmp_path, SOURCES))


def test_entry_is_read_whole(index):
    source, warnings = index.resolve(None, "tin-nhanh")

    assert warnings == ()
    assert source.id == "tin-nhanh"
    assert source.name == "Tin Nhanh"
    assert source.domain == "tinnhanh.example"
    assert source.timezone == "Asia/Ho_Chi_Minh"
    assert source.language == "vi"
    assert source.boilerplate == ("Tin cùng chuyên mục",)
    assert source.known


@pytest.mark.parametrize(
    "url",
    [
        pytest.param("https://harbourpost.example/news/2024/03/05/ferry", id="bare-host"),
        pytest.param("https://www.harbourpost.example/news/ferry", id="www"),
        pytest.param("http://m.harbourpost.example/news/ferry", id="mobile"),
        pytest.param("https://HarbourPost.Example/news/ferry", id="upper-case"),
        pytest.param("https://hpost.example/a", id="second-domain"),
        pytest.param("https://news.harbourpost.example/a", id="subdomain"),
        pytest.param("https://live.news.harbourpost.example/a", id="deep-subdomain"),
        pytest.param("https://harbourpost.example:8443/a", id="port"),
    ],
)
def test_host_match(index, url):
    source, warnings = index.resolve(url, None)

    assert source.id == "harbour-post"
    assert warnings == ()


def test_a_host_that_only_ends_like_a_known_domain_is_not_it(index):
    source, _ = index.resolve("https://notharbourpost.example/a", None)

    assert source.id != "harbour-post"
    assert not source.known


@pytest.mark.parametrize("folder", ["wire-en", "wire-fr"])
def test_two_sources_sharing_a_domain_are_told_apart_by_folder(index, folder):
    source, warnings = index.resolve("https://www.wire.example/2024/03/05/item", folder)

    assert source.id == folder
    assert warnings == ()


def test_shared_domain_without_a_folder_takes_the_first_source(index):
    source, warnings = index.resolve("https://wire.example/item", None)

    assert source.id == "wire-en"
    assert warnings == ()


def test_url_host_wins_over_another_sources_folder(index):
    source, warnings = index.resolve("https://harbourpost.example/a", "tin-nhanh")

    assert source.id == "harbour-post"
    assert warnings == ()


def test_folder_fallback_without_url(index):
    source, warnings = index.resolve(None, "wire-fr")

    assert source.id == "wire-fr"
    assert source.timezone == "Europe/Paris"
    assert warnings == ()


def test_folder_with_a_foreign_url_keeps_the_folder_with_a_warning(index):
    source, warnings = index.resolve("https://elsewhere.example/a", "tin-nhanh")

    assert source.id == "tin-nhanh"
    assert len(warnings) == 1
    assert "elsewhere.example" in warnings[0]


def test_unknown_host_gives_a_source_with_its_domain_and_a_warning(index):
    source, warnings = index.resolve("https://coastal-times.example/2024/ferry", None)

    assert source.id == "coastal-times-example"
    assert source.domain == "coastal-times.example"
    assert source.name == "coastal-times.example"
    assert not source.known
    assert source.timezone is None
    assert len(warnings) == 1
    assert "coastal-times.example" in warnings[0]
    assert "unknown" in warnings[0]


def test_unknown_host_with_www_gets_an_id_without_it(index):
    source, warnings = index.resolve("https://www.coastal-times.example/a", None)

    assert source.id == "coastal-times-example"
    assert len(warnings) == 1


def test_unknown_folder_without_url_gives_a_warning(index):
    source, warnings = index.resolve(None, "Coastal_Times")

    assert source.id == "coastal-times"
    assert source.name == "Coastal_Times"
    assert source.domain is None
    assert not source.known
    assert len(warnings) == 1
    assert "Coastal_Times" in warnings[0]


def test_no_url_and_no_folder(index):
    source, warnings = index.resolve(None, None)

    assert source.id == "unknown"
    assert not source.known
    assert len(warnings) == 1


def test_missing_file_gives_an_empty_index(tmp_path):
    index = SourceIndex.from_yaml(str(tmp_path / "absent.yaml"))

    source, warnings = index.resolve("https://harbourpost.example/a", None)
    assert not source.known
    assert warnings


def test_bad_yaml_is_a_config_error_naming_the_file(tmp_path):
    path = write(tmp_path, "harbour-post:\n  name: [Harbour Post\n")

    with pytest.raises(SourceConfigError) as error:
        SourceIndex.from_yaml(path)

    assert path in str(error.value)
    assert "YAML" in str(error.value)


def test_top_level_list_is_a_config_error(tmp_path):
    with pytest.raises(SourceConfigError, match="mapping"):
        SourceIndex.from_yaml(write(tmp_path, "- harbour-post\n- wire-en\n"))


def test_bad_date_order_names_the_source_and_the_key(tmp_path):
    path = write(tmp_path, "wire-en:\n  name: Wire English\n  date_order: MMDDYY\n")

    with pytest.raises(SourceConfigError) as error:
        SourceIndex.from_yaml(path)

    assert "'wire-en'" in str(error.value)
    assert "date_order" in str(error.value)


def test_unknown_time_zone_names_the_source_and_the_zone(tmp_path):
    path = write(tmp_path, "harbour-post:\n  name: Harbour Post\n  timezone: Asia/Atlantis\n")

    with pytest.raises(SourceConfigError) as error:
        SourceIndex.from_yaml(path)

    assert "'harbour-post'" in str(error.value)
    assert "Asia/Atlantis" in str(error.value)
    assert "time zone" in str(error.value)


def test_missing_name_names_the_source(tmp_path):
    with pytest.raises(SourceConfigError, match=r"'wire-en'.*name"):
        SourceIndex.from_yaml(write(tmp_path, "wire-en:\n  domains: [wire.example]\n"))


def test_domains_not_a_list_names_the_key(tmp_path):
    with pytest.raises(SourceConfigError, match=r"'wire-en'.*domains"):
        SourceIndex.from_yaml(write(tmp_path, "wire-en:\n  name: Wire English\n  domains: wire.example\n"))


def test_the_faster_yaml_parser_reads_every_bundled_file_as_pyyamls_own_does():
    """yaml_data reads with libyaml's parser where PyYAML has it: the same values for the plugin's data,
    the sample content's sources and tags files, and a front matter's quirks (dates, aliases, numbers)."""
    import yaml
    from conftest import ROOT
    from news_digest import yaml_data

    texts = [path.read_text(encoding="utf-8") for path in (ROOT / "plugins" / "news_digest" / "data").glob("*.yaml")]
    texts += [path.read_text(encoding="utf-8") for path in (ROOT / "content").glob("*.yaml")]
    texts.append(
        "date: 2025-02-01 09:30:00+08:00\nday: 2025-02-01\nbase: &b {a: 1}\nmore: *b\nn: 0x1f\nf: .5\nno: no\n"
    )
    assert len(texts) > 3
    assert yaml_data.LOADER is (yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader)
    for text in texts:
        assert yaml_data.safe_load(text) == yaml.safe_load(text)
