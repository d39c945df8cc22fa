"""Stories: reports of one event across sources, languages and scripts, grouped within a time window.

`find_stories` on StoryItem records, `run_site_steps` on Entry records made by the real pipeline
from raw files written here (Chinese, Vietnamese and English reports of one snowstorm, among
unrelated articles), `inspect` on a folder, and the sample site's story pages, feeds and home page.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import feedparser
import pytest
from conftest import ROOT, run_inspect
from lxml import html as lxml_html
from news_digest.cli import inspect_files
from news_digest.knowledge import load_knowledge
from news_digest.pipeline import IngestOptions, ingest_file
from news_digest.settings import SiteRules
from news_digest.site import stories as stories_module
from news_digest.site.features import article_features
from news_digest.site.steps import Entry, run_site_steps
from news_digest.site.stories import StoryItem, find_stories

RULES = SiteRules()

SOURCES = """riverpost:
  name: River Post
  domains: [riverpost.example]
  timezone: Europe/London
  language: en
jiangbei:
  name: 江北日报
  domains: [jiangbei.example]
  timezone: Asia/Shanghai
  language: zh-Hans
  date_order: YMD
songlam:
  name: Tin Sông Lam
  domains: [songlam.example]
  timezone: Asia/Ho_Chi_Minh
  language: vi
  date_order: DMY
"""

TAGS = """hokkaido:
  kind: place
  labels: {en: Hokkaido, zh-Hans: 北海道, zh-Hant: 北海道, vi: Hokkaido, ja: 北海道}
new-chitose-airport:
  kind: place
  labels: {en: New Chitose Airport, zh-Hans: 新千岁机场, zh-Hant: 新千歲機場, vi: sân bay New Chitose, ja: 新千歳空港}
  aliases: [New Chitose]
snowstorm:
  kind: topic
  labels: {en: Snowstorms, zh-Hans: 暴雪, vi: bão tuyết}
  aliases: [snowstorm, heavy snow, 暴风雪, 大雪]
japan:
  kind: place
  labels: {en: Japan, zh-Hans: 日本, zh-Hant: 日本, vi: Nhật Bản, ja: 日本}
"""

FEED_PROMO = '<br><hr><div>获取更多RSS：<br><a href="https://feedx.net">https://feedx.net</a></div>'


def feed_dump(epoch_ms: int, title: str, url: str, date_text: str, paragraphs: list[str]) -> str:
    lead, *rest = paragraphs
    body = "".join(f"<p>{p}</p>" for p in rest)
    return f"<!--{epoch_ms}-->\n[{title}]({url})\n------\n\n<div>{date_text}</div><p><strong>{lead}</strong></p>{body}{FEED_PROMO}\n"


def page_scrape(title: str, byline: str, paragraphs: list[str], trailer: list[str]) -> str:
    return "\n\n".join([paragraphs[0], title, byline, *paragraphs]) + "\n\n" + "\n".join([*trailer, title]) + "\n"


# ---------------------------------------------------------------- one event, three languages

SNOW_ZH_TITLE = "北海道暴雪致新千岁机场全面停飞 数千名旅客滞留"
SNOW_ZH = [
    "日本北海道20日遭遇强降雪，新千岁机场当天上午起暂停全部航班起降，数千名旅客滞留机场，札幌市区交通也受到严重影响。",
    "据日本气象厅消息，受强冷空气和低气压共同影响，北海道西部沿海地区过去24小时降雪量超过50厘米，"
    "部分地区出现暴风雪，能见度不足一百米。",
    "机场运营方表示，跑道积雪清理速度赶不上降雪速度，为确保安全，决定暂停所有国内和国际航班。"
    "候机楼内已向滞留旅客发放毛毯、饮用水和食物。",
    "铁路方面，连接机场与札幌的快速列车也一度停运，高速公路多个路段实施封闭，不少旅客只能在机场过夜。",
    "中国驻札幌总领事馆提醒在北海道的中国游客关注天气预报，合理安排行程，遇到困难可及时联系领事馆。",
    "气象部门预计，降雪将持续到21日上午，随后逐渐减弱。机场方面表示，将视跑道除雪情况决定恢复航班的时间。",
]
SNOW_VI_TITLE = "Bão tuyết ở Hokkaido, sân bay New Chitose ngừng toàn bộ chuyến bay"
SNOW_VI = [
    "Tuyết rơi dày đặc ở Hokkaido (Nhật Bản) ngày 20/1 buộc sân bay New Chitose tạm dừng toàn bộ chuyến bay, "
    "khiến hàng nghìn hành khách bị mắc kẹt.",
    "Theo Cơ quan Khí tượng Nhật Bản, lượng tuyết tại một số khu vực ven biển phía tây Hokkaido vượt quá 50 cm "
    "chỉ trong một ngày, kèm theo gió mạnh làm tầm nhìn giảm xuống dưới 100 mét.",
    "Nhà chức trách sân bay cho biết lực lượng dọn tuyết không kịp làm sạch đường băng, vì vậy các chuyến bay "
    "nội địa và quốc tế đều bị hủy hoặc hoãn. Hành khách được phát chăn, nước uống và đồ ăn tại nhà ga.",
    "Các chuyến tàu nối sân bay với thành phố Sapporo cũng tạm ngừng, nhiều đoạn đường cao tốc bị phong tỏa.",
    "Hokkaido là điểm đến mùa đông quen thuộc của du khách Việt Nam. Các công ty lữ hành khuyến cáo khách đang "
    "ở Nhật Bản theo dõi thông báo của hãng bay và chủ động liên hệ để đổi lịch trình.",
    "Cơ quan khí tượng dự báo tuyết sẽ giảm dần từ trưa 21/1, nhưng việc khôi phục hoàn toàn các chuyến bay "
    "có thể mất thêm một ngày.",
]
SNOW_EN_TITLE = "Snowstorm shuts New Chitose Airport, stranding thousands in Hokkaido"
SNOW_EN = [
    "Thousands of travellers spent the night at New Chitose Airport after heavy snow in Hokkaido forced the "
    "cancellation of every flight on Monday, with the runways not expected to reopen before Tuesday afternoon.",
    "The Japan Meteorological Agency said more than half a metre of snow had fallen in a day along parts of the "
    "island's west coast, whipped by strong winds that cut visibility to a few dozen metres.",
    "Snow-clearing crews at the airport, the main gateway to the island, could not keep the runways clear, and "
    "the operator suspended domestic and international departures from late morning. Staff handed out "
    "blankets, water and food in the terminal.",
    "Rail services between the airport and Sapporo were also halted for several hours and stretches of "
    "expressway were closed, leaving many passengers with no way into the city.",
    "Winter is the island's busiest tourist season, and airlines said they would add flights once the runways "
    "reopen to clear the backlog.",
    "Forecasters expect the snow to ease from Tuesday morning, though further heavy falls are possible later in "
    "the week.",
]
# Five days later, the same names: another storm, another story.
SNOW_AGAIN_TITLE = "New Chitose Airport halts flights again as fresh snowstorm hits Hokkaido"
SNOW_AGAIN = [
    "Flights at New Chitose Airport were suspended again on Saturday as a second snowstorm in a week swept "
    "across Hokkaido, days after the first had left thousands of passengers sleeping in the terminal.",
    "This time the operator cancelled departures the evening before, and airlines contacted passengers in "
    "advance, so far fewer people were stranded at the airport itself.",
    "Forecasters had warned that a deep low-pressure system would bring blizzard conditions to the island's "
    "west and north through the weekend, with up to forty centimetres of fresh snow.",
    "Rail operators ran a reduced timetable between the airport and Sapporo, and several mountain roads were "
    "closed as a precaution against avalanches.",
    "Tourism bodies said the back-to-back storms had caused some cancellations of winter holidays, though ski "
    "resorts welcomed the heavy falls after a slow start to the season.",
]
# Two unrelated articles within the window that share only a country.
EXPORTS_TITLE = "Japan's exports rise for a fourth month on demand for chips"
EXPORTS = [
    "Japan's exports rose for a fourth consecutive month in December, official figures showed on Wednesday, "
    "lifted by strong overseas demand for chip-making equipment and electronic parts.",
    "Shipments to other Asian economies grew fastest, while exports of cars were roughly flat compared with a "
    "year earlier.",
    "Imports fell slightly as energy prices eased, narrowing the trade deficit for the year as a whole.",
    "Economists said a weaker currency had helped exporters, but warned that demand could slow if trade "
    "tensions among the largest economies intensify.",
]
POWER_VI_TITLE = "Nhật Bản hỗ trợ tiền điện cho các hộ gia đình trong mùa đông"
POWER_VI = [
    "Chính phủ Nhật Bản quyết định tiếp tục hỗ trợ một phần tiền điện và khí đốt cho các hộ gia đình trong "
    "ba tháng mùa đông, nhằm giảm bớt gánh nặng chi phí sinh hoạt.",
    "Mức hỗ trợ được trừ trực tiếp vào hóa đơn hằng tháng, người dân không cần làm thủ tục đăng ký.",
    "Giá năng lượng tăng cao trong hai năm qua khiến nhiều gia đình phải cắt giảm chi tiêu cho sưởi ấm, "
    "đặc biệt ở các vùng phía bắc có mùa đông kéo dài.",
    "Các chuyên gia cho rằng biện pháp này giúp kiềm chế lạm phát trong ngắn hạn, nhưng về lâu dài cần đầu "
    "tư thêm vào năng lượng tái tạo và tiết kiệm điện.",
]

# ---------------------------------------------------------------- the rest of the archive: unrelated news

FILLERS = [
    (
        "riverpost",
        "en",
        "Dublin library opens rooftop reading garden",
        [
            "The central library in Dublin has opened a rooftop garden where readers can borrow books and sit among "
            "planters of herbs and wild flowers.",
            "The garden was built on a flat roof that had been closed to the public for decades.",
        ],
    ),
    (
        "riverpost",
        "en",
        "Wellington approves protected cycle lanes along its waterfront",
        [
            "Councillors in Wellington voted to build protected cycle lanes along the harbour front, separating "
            "riders from buses and delivery vans.",
            "Construction is expected to take eighteen months and will be carried out in stages at night.",
        ],
    ),
    (
        "riverpost",
        "en",
        "Cape Town reservoirs pass ninety percent after wet winter",
        [
            "Dams supplying Cape Town are more than ninety percent full after a wet winter, the city's water "
            "department reported.",
            "Officials still urged households to keep using water sparingly during the dry summer months.",
        ],
    ),
    (
        "riverpost",
        "en",
        "Lisbon trams get new brakes in safety overhaul",
        [
            "Lisbon's historic trams are being fitted with new braking systems as part of a safety programme on the "
            "city's steepest routes.",
            "Each tram will be out of service for about three weeks while the work is done.",
        ],
    ),
    (
        "jiangbei",
        "zh-Hans",
        "成都大熊猫繁育研究基地迎来两只新生幼崽",
        [
            "成都大熊猫繁育研究基地近日迎来一对双胞胎幼崽，目前母子状况良好，饲养员全天轮班照看。",
            "基地表示，幼崽将在保育室观察数月，待体质稳定后再与游客见面。",
        ],
    ),
    (
        "jiangbei",
        "zh-Hans",
        "广州地铁新线开通试运营 沿线设站十二座",
        [
            "广州地铁一条新线路日前开通试运营，全线设车站十二座，连接城市东部的居住区和产业园区。",
            "运营方表示，试运营初期行车间隔约为六分钟，高峰时段将视客流加开列车。",
        ],
    ),
    (
        "jiangbei",
        "zh-Hans",
        "西安城墙灯光秀延长至春节后 夜游人数创新高",
        [
            "西安城墙夜间灯光秀的展期延长至春节之后，每晚七点至十点开放，吸引大量市民和游客登城夜游。",
            "景区提醒游客提前在网上预约，避开周末晚间的入园高峰。",
        ],
    ),
    (
        "songlam",
        "vi",
        "Huế tổ chức lễ hội áo dài chào xuân",
        [
            "Thành phố Huế tổ chức lễ hội áo dài chào xuân với nhiều hoạt động trình diễn dọc bờ sông Hương.",
            "Ban tổ chức cho biết lễ hội kéo dài một tuần và mở cửa miễn phí cho người dân, du khách.",
        ],
    ),
    (
        "songlam",
        "vi",
        "Cần Thơ mở thêm chợ nổi đêm phục vụ du khách",
        [
            "Cần Thơ thí điểm mở chợ nổi vào buổi tối, giúp du khách có thêm lựa chọn tham quan sau giờ chiều.",
            "Các ghe hàng được trang bị đèn chiếu sáng và áo phao cho khách tham quan.",
        ],
    ),
    (
        "songlam",
        "vi",
        "Lâm Đồng trồng mới hàng nghìn héc-ta rừng thông",
        [
            "Tỉnh Lâm Đồng hoàn thành trồng mới hàng nghìn héc-ta rừng thông trên các đồi trọc trong năm qua.",
            "Chính quyền địa phương giao khoán bảo vệ rừng cho các hộ dân sống gần khu vực trồng mới.",
        ],
    ),
]


def epoch_ms(iso: str) -> int:
    return int(datetime.fromisoformat(iso).timestamp() * 1000)


def raw_files() -> dict[str, str]:
    """The archive, by path under its content folder: the storm's reports among unrelated news."""
    files = {
        "jiangbei/snow.txt": feed_dump(
            epoch_ms("2025-01-20T02:30:00+00:00"),
            SNOW_ZH_TITLE,
            "https://jiangbei.example/world/2025/01/20/hokkaido-snow",
            "2025年01月20日 10:15",
            SNOW_ZH,
        ),
        "songlam/bao-tuyet.txt": page_scrape(
            SNOW_VI_TITLE,
            "Ban Quốc tế | 20/01/2025, 16:40",
            SNOW_VI,
            ["Bài liên quan", "(3) Bình luận", "POWERED BY SONGLAMCMS"],
        ),
        "riverpost/snow.txt": feed_dump(
            epoch_ms("2025-01-21T07:45:00+00:00"),
            SNOW_EN_TITLE,
            "https://riverpost.example/world/2025/01/21/new-chitose-snowstorm",
            "21/01/2025 - 07:30",
            SNOW_EN,
        ),
        "riverpost/snow-again.txt": feed_dump(
            epoch_ms("2025-01-26T09:15:00+00:00"),
            SNOW_AGAIN_TITLE,
            "https://riverpost.example/world/2025/01/26/new-chitose-second-storm",
            "26/01/2025 - 09:00",
            SNOW_AGAIN,
        ),
        "riverpost/exports.txt": feed_dump(
            epoch_ms("2025-01-22T01:00:00+00:00"),
            EXPORTS_TITLE,
            "https://riverpost.example/business/2025/01/22/japan-exports",
            "22/01/2025 - 00:50",
            EXPORTS,
        ),
        "songlam/tien-dien.txt": feed_dump(
            epoch_ms("2025-01-21T04:10:00+00:00"),
            POWER_VI_TITLE,
            "https://songlam.example/the-gioi/nhat-ban-ho-tro-tien-dien.html",
            "21/01/2025 - 11:00",
            POWER_VI,
        ),
    }
    start = datetime(2025, 1, 12, 6, 0, tzinfo=UTC)
    for number, (source, _lang, title, paragraphs) in enumerate(FILLERS):
        when = start + timedelta(days=2 * number, hours=number)
        files[f"{source}/other-{number:02d}.txt"] = feed_dump(
            int(when.timestamp() * 1000),
            title,
            f"https://{source}.example/news/{when:%Y/%m/%d}/item-{number}",
            f"{when:%Y-%m-%dT%H:%M:%SZ}",
            paragraphs,
        )
    return files


STORM = ("jiangbei/snow.txt", "songlam/bao-tuyet.txt", "riverpost/snow.txt")


def write_archive(folder: Path) -> Path:
    """The sample content's raw files (unrelated news), our sources added, our small tags.yaml, our files."""
    shutil.copytree(ROOT / "content", folder, ignore=shutil.ignore_patterns("pages", "tags.yaml"))
    with (folder / "sources.yaml").open("a", encoding="utf-8") as handle:
        handle.write("\n" + SOURCES)
    (folder / "tags.yaml").write_text(TAGS, encoding="utf-8")
    for name, text in raw_files().items():
        (folder / name).parent.mkdir(exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


# ---------------------------------------------------------------- find_stories on StoryItem records

T0 = datetime(2025, 1, 20, 2, 15, tzinfo=UTC)


def item(key: str, hours: float, title: str, lang: str, source: str, *names: str) -> StoryItem:
    kinds = {name: "topic" if name == "t:snowstorm" else "place" for name in names if name.startswith("t:")}
    return StoryItem(key, T0 + timedelta(hours=hours), title, lang, source, names, kinds)


def unrelated(count: int = 30) -> list[StoryItem]:
    """An archive's worth of articles that name nothing the others name."""
    return [
        item(f"other/{n:02d}.txt", -200 + 13 * n, f"Unrelated item {n:02d}", "en", f"desk{n % 4}", f"t:place-{n}")
        for n in range(count)
    ]


STORM_NAMES = ("t:hokkaido", "t:new-chitose-airport", "t:snowstorm")


def storm_items(hours=(0, 7.5, 29.25)) -> list[StoryItem]:
    zh, vi, en = hours
    return [
        item("jiangbei/snow.txt", zh, SNOW_ZH_TITLE, "zh-Hans", "jiangbei", *STORM_NAMES, "t:japan"),
        item("songlam/bao-tuyet.txt", vi, SNOW_VI_TITLE, "vi", "songlam", *STORM_NAMES, "t:japan"),
        item("riverpost/snow.txt", en, SNOW_EN_TITLE, "en", "riverpost", *STORM_NAMES),
    ]


def stories_of(items: list[StoryItem]) -> list[list[str]]:
    return [[member.key for member in story.members] for story in find_stories(items, RULES.story_window, 0.25)]


def test_three_languages_on_one_event_within_the_window_are_one_story():
    stories = find_stories([*unrelated(), *storm_items()], RULES.story_window, RULES.story_min_similarity)
    assert len(stories) == 1
    (story,) = stories
    assert [m.key for m in story.members] == list(STORM)
    assert [m.lang for m in story.members] == ["zh-Hans", "vi", "en"]
    assert story.id.startswith("2025-01-20-") and len(story.id) == len("2025-01-20-") + 8


def test_the_input_order_does_not_change_the_stories():
    items = [*unrelated(), *storm_items()]
    assert stories_of(items[::-1]) == stories_of(items) == [list(STORM)]


def test_the_same_names_five_days_apart_are_separate_stories():
    first = storm_items()
    second = [
        item("riverpost/snow-again.txt", 29.25 + 120, SNOW_AGAIN_TITLE, "en", "riverpost", *STORM_NAMES),
        item(
            "jiangbei/snow-again.txt",
            29.25 + 126,
            "北海道再遭暴雪 新千岁机场航班再度停飞",
            "zh-Hans",
            "jiangbei",
            *STORM_NAMES,
        ),
    ]
    stories = find_stories([*unrelated(60), *first, *second], RULES.story_window, RULES.story_min_similarity)
    assert [[m.key for m in s.members] for s in stories] == [
        list(STORM),
        ["riverpost/snow-again.txt", "jiangbei/snow-again.txt"],
    ]
    assert stories[0].id != stories[1].id


def test_an_article_beyond_the_window_of_the_story_s_last_report_starts_afresh():
    # 75 hours after the last report: outside the 72-hour window.
    late = item("riverpost/snow-late.txt", 29.25 + 75, SNOW_AGAIN_TITLE, "en", "riverpost", *STORM_NAMES)
    assert stories_of([*unrelated(), *storm_items(), late]) == [list(STORM)]
    # 70 hours after it, the same report joins.
    near = item("riverpost/snow-late.txt", 29.25 + 70, SNOW_AGAIN_TITLE, "en", "riverpost", *STORM_NAMES)
    assert stories_of([*unrelated(), *storm_items(), near]) == [[*STORM, "riverpost/snow-late.txt"]]


def test_the_window_follows_the_story_s_latest_report():
    # 100 hours from first to last, but never more than 72 between one report and the story's latest.
    items = storm_items(hours=(0, 60, 100))
    assert stories_of([*unrelated(), *items]) == [list(STORM)]


def test_unrelated_articles_sharing_one_broad_place_are_not_grouped():
    items = [
        *unrelated(),
        item("riverpost/exports.txt", 46, EXPORTS_TITLE, "en", "riverpost", "t:japan"),
        item("songlam/tien-dien.txt", 25, POWER_VI_TITLE, "vi", "songlam", "t:japan"),
        item("jiangbei/power.txt", 30, "日本延长冬季电费补贴", "zh-Hans", "jiangbei", "t:japan"),
    ]
    assert stories_of(items) == []


def test_story_ids_come_from_the_first_report_not_from_file_paths():
    moved = [
        StoryItem(f"/elsewhere/archive/{i.key}", i.date, i.title, i.lang, i.source_id, i.names, i.kinds)
        for i in storm_items()
    ]
    here = find_stories([*unrelated(), *storm_items()], RULES.story_window, RULES.story_min_similarity)
    there = find_stories([*unrelated(), *moved], RULES.story_window, RULES.story_min_similarity)
    assert [s.id for s in here] == [s.id for s in there]
    assert there[0].members[0].key == "/elsewhere/archive/jiangbei/snow.txt"


# ---------------------------------------------------------------- run_site_steps on real articles


def entries_of(folder: Path, names) -> list[Entry]:
    knowledge = load_knowledge(str(folder / "sources.yaml"), str(folder / "tags.yaml"))
    found = []
    for name in names:
        article = ingest_file(str(folder / name), knowledge, IngestOptions(content_root=str(folder)))
        features = article_features(article, knowledge)
        kinds = {tag: knowledge.tags.tags[tag].kind for tag in features.key_tags}
        date = article.published or article.date
        found.append(Entry(name, date, article.title, article.lang, article.source.id, features, kinds))
    return found


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    folder = write_archive(tmp_path_factory.mktemp("stories") / "content")
    # The English report fetched again through a tracked link: a copy, in the story too. (Its name
    # sorts after the first fetch: with equal publication times the path decides which is canonical.)
    original = (folder / "riverpost/snow.txt").read_text(encoding="utf-8")
    (folder / "riverpost/snow_2.txt").write_text(
        original.replace("new-chitose-snowstorm)", "new-chitose-snowstorm?utm_source=rss&from=rss)"),
        encoding="utf-8",
    )
    (folder / "riverpost/empty.txt").write_bytes(b"")
    return folder


@pytest.fixture(scope="module")
def site_result(archive):
    names = sorted(str(path.relative_to(archive)) for path in archive.rglob("*.txt") if path.name != "empty.txt")
    entries = entries_of(archive, names)
    return run_site_steps(entries, RULES, {"hokkaido", "new-chitose-airport", "snowstorm", "japan"})


def test_site_steps_group_the_three_reports_into_one_story(site_result):
    (story,) = [s for s in site_result.stories if any(m.key == "jiangbei/snow.txt" for m in s.members)]
    assert [m.key for m in story.members] == list(STORM)
    assert {site_result.story_of[name] for name in STORM} == {story.id}


def test_a_merged_copy_carries_its_canonical_s_story(site_result):
    assert site_result.duplicate_of == {"riverpost/snow_2.txt": "riverpost/snow.txt"}
    assert site_result.story_of["riverpost/snow_2.txt"] == site_result.story_of["riverpost/snow.txt"]


def test_site_steps_keep_the_later_storm_and_the_unrelated_articles_out(site_result):
    for name in ("riverpost/snow-again.txt", "riverpost/exports.txt", "songlam/tien-dien.txt"):
        assert name not in site_result.story_of, name


def test_three_reports_of_one_event_form_a_story_in_a_small_archive(archive):
    entries = entries_of(archive, [*STORM, "riverpost/exports.txt", "songlam/tien-dien.txt"])
    result = run_site_steps(entries, RULES, {"hokkaido", "new-chitose-airport", "snowstorm", "japan"})
    assert [[m.key for m in s.members] for s in result.stories] == [list(STORM)]


# ---------------------------------------------------------------- inspect


def inspect_folder(folder: Path) -> list[dict]:
    return inspect_files([str(folder)], str(folder / "sources.yaml"), str(folder / "tags.yaml"), str(folder))


@pytest.fixture(scope="module")
def inspected(archive):
    return inspect_folder(archive)


def by_name(records, folder: Path) -> dict[str, dict]:
    return {str(Path(r["path"]).relative_to(folder)): r for r in records}


def test_inspect_on_a_folder_gives_every_record_its_site_keys(archive, inspected):
    result = run_inspect(
        str(archive),
        "--sources",
        str(archive / "sources.yaml"),
        "--tags",
        str(archive / "tags.yaml"),
        "--content-root",
        str(archive),
    )
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == len(list(archive.rglob("*.txt")))
    for record in records:
        assert {"story", "duplicate_of", "canonical_url"} <= set(record), record["path"]
    named = by_name(records, archive)
    assert named["riverpost/empty.txt"]["status"] == "rejected"
    assert (named["riverpost/empty.txt"]["story"], named["riverpost/empty.txt"]["duplicate_of"]) == (None, None)
    story = named["jiangbei/snow.txt"]["story"]
    assert story and [named[n]["story"] for n in STORM] == [story] * 3
    assert named["riverpost/snow_2.txt"]["story"] == story
    assert named["riverpost/snow_2.txt"]["duplicate_of"] == str(archive / "riverpost/snow.txt")
    assert (
        named["riverpost/snow_2.txt"]["canonical_url"]
        == named["riverpost/snow.txt"]["canonical_url"]
        == "https://riverpost.example/world/2025/01/21/new-chitose-snowstorm"
    )
    assert named["songlam/bao-tuyet.txt"]["canonical_url"] is None  # a page scrape has no URL
    for name in ("riverpost/snow-again.txt", "riverpost/exports.txt", "songlam/tien-dien.txt"):
        assert named[name]["story"] is None, name
    # The command prints what the function returns.
    assert {n: r["story"] for n, r in named.items()} == {n: r["story"] for n, r in by_name(inspected, archive).items()}


def test_story_ids_stay_the_same_when_the_archive_moves(archive, inspected, tmp_path):
    moved = tmp_path / "elsewhere" / "news"
    shutil.copytree(archive, moved)
    here = {n: r["story"] for n, r in by_name(inspected, archive).items()}
    there = {n: r["story"] for n, r in by_name(inspect_folder(moved), moved).items()}
    assert here == there
    assert Counter(v for v in here.values() if v)[here["jiangbei/snow.txt"]] == 4


# ---------------------------------------------------------------- the sample site's stories

SITE = "http://site.invalid/"


def resolved(page: Path, output: Path, href: str) -> str:
    """A link on a page as a path from the site's root ("story/…/"), whether relative or absolute."""
    base = SITE + str(page.relative_to(output))
    target = urljoin(base, href)
    assert target.startswith(SITE), href
    return target[len(SITE) :]


def parse(path: Path):
    return lxml_html.parse(str(path)).getroot()


@pytest.fixture(scope="module")
def sample(built_site):
    """The built sample site, its report's page URL per raw file, and inspect's stories of the same files."""
    output, _ = built_site
    report = json.loads((output / "report.json").read_text(encoding="utf-8"))
    url_of = {entry["path"]: entry["url"] for entry in report["files"] if entry["status"] == "published"}
    content = ROOT / "content"
    records = inspect_files([str(content)], str(content / "sources.yaml"), str(content / "tags.yaml"), str(content))
    members: dict[str, list[str]] = {}
    lang_of = {}
    for record in records:
        name = str(Path(record["path"]).relative_to(content))
        lang_of[name] = record["lang"]
        if record["story"] and not record["duplicate_of"]:
            members.setdefault(record["story"], []).append(name)
    return output, url_of, members, lang_of


def test_the_sample_content_has_stories(sample):
    _, _, members, lang_of = sample
    assert len(members) >= 3
    assert all(len(names) >= 2 for names in members.values())
    # Most stories span languages: that is what they are for.
    assert sum(len({lang_of[n] for n in names}) > 1 for names in members.values()) >= 3


def test_each_story_has_its_page_with_its_articles_by_language(sample):
    output, url_of, members, lang_of = sample
    assert sorted(p.name for p in (output / "story").iterdir()) == sorted(members)
    for story, names in members.items():
        page = output / "story" / story / "index.html"
        root = parse(page)
        sections = root.xpath("//section[@class='story-language']")
        listed = {}
        for section in sections:
            lang = section.find("h2").get("lang")
            for link in section.xpath(".//h3[@class='item-title']/a"):
                listed[resolved(page, output, link.get("href"))] = lang
        assert listed == {url_of[n]: lang_of[n] for n in names}, story
        assert len(sections) == len({lang_of[n] for n in names}), story
        assert f"{len(names)} reports" in root.findtext(".//p[@class='meta']")


def test_each_story_feed_reads_back_with_absolute_links(sample):
    output, url_of, members, _ = sample
    for story, names in members.items():
        page = parse(output / "story" / story / "index.html")
        alternates = page.xpath("//link[@rel='alternate'][@type='application/atom+xml']/@href")
        assert [href for href in alternates if href.endswith(f"/feeds/story/{story}.atom.xml")], alternates
        feed = feedparser.parse((output / "feeds" / "story" / f"{story}.atom.xml").read_bytes())
        assert not feed.bozo, (story, feed.bozo_exception)
        links = [entry.link for entry in feed.entries]
        assert all(link.startswith(("http://", "https://")) for link in links), links
        assert sorted(urlsplit(link).path.lstrip("/") for link in links) == sorted(url_of[n] for n in names)
        # Newest first, as feeds are.
        updated = [entry.updated_parsed for entry in feed.entries]
        assert updated == sorted(updated, reverse=True)


def test_every_article_of_a_story_links_to_it_and_to_its_other_reports(sample):
    output, url_of, members, _ = sample
    for story, names in members.items():
        for name in names:
            page = output / url_of[name] / "index.html"
            (aside,) = parse(page).xpath("//aside[@class='same-story']")
            assert aside.find("p").text.strip() == "Same story in:"
            targets = [resolved(page, output, a.get("href")) for a in aside.iter("a")]
            assert targets[-1] == f"story/{story}/"
            assert sorted(targets[:-1]) == sorted(url_of[n] for n in names if n != name)
            # Each link names the other report's language and source.
            for link in aside.iter("a"):
                if not link.get("href").rstrip("/").endswith(story):
                    assert len(link.findall("bdi")) == 2 and all(b.text for b in link.findall("bdi"))


def test_an_article_in_no_story_shows_no_story_links(sample):
    output, url_of, members, _ = sample
    in_story = {name for names in members.values() for name in names}
    alone = [name for name in url_of if name not in in_story]
    assert alone
    for name in alone:
        assert not parse(output / url_of[name] / "index.html").xpath("//aside[@class='same-story']"), name


def test_the_home_page_shows_each_story_once_with_the_rest_collapsed(sample):
    output, url_of, members, _ = sample
    index = output / "index.html"
    root = parse(index)
    items = [resolved(index, output, a.get("href")) for a in root.xpath("//h3[@class='item-title']/a")]
    links = Counter(resolved(index, output, a.get("href")) for a in root.iter("a") if a.get("href"))
    details = root.xpath("//details[@class='story-coverage']")
    assert len(details) == len(members)
    for story, names in members.items():
        urls = [url_of[n] for n in names]
        # One item per story on the home page, its latest report; the others once each, under it.
        shown = [u for u in urls if u in items]
        assert len(shown) == 1, story
        assert all(links[u] == 1 for u in urls), (story, [links[u] for u in urls])
        (box,) = [
            d for d in details if any(resolved(index, output, a.get("href")) == f"story/{story}/" for a in d.iter("a"))
        ]
        inside = {resolved(index, output, a.get("href")) for a in box.iter("a")}
        assert inside == {*urls, f"story/{story}/"} - set(shown)
        assert box.find("summary").text.strip().startswith(f"{len(names) - 1} more report")
    # Articles in no story are listed as they were.
    in_story = {url_of[n] for names in members.values() for n in names}
    assert sorted(u for u in items if u not in in_story) == sorted(u for u in url_of.values() if u not in in_story)


def test_stories_opening_with_the_same_headline_on_the_same_day_get_distinct_ids():
    from datetime import UTC, datetime, timedelta

    from news_digest.site.stories import StoryItem, find_stories

    day = datetime(2024, 5, 2, 8, tzinfo=UTC)
    names = {"a": ("t:flood", "t:rhine", "e:cologne"), "b": ("t:quake", "t:andes", "e:lima")}
    items = []
    for group, group_names in names.items():
        for hour in range(3):
            items.append(
                StoryItem(
                    f"{group}/{hour}.txt",
                    day + timedelta(hours=hour),
                    "Live updates",
                    "en",
                    f"s{hour}",
                    group_names,
                    {},
                )
            )
    stories = find_stories(items, timedelta(hours=72), 0.25)
    assert len(stories) == 2
    assert len({story.id for story in stories}) == 2
    assert stories[1].id == stories[0].id + "-2"


def test_an_article_links_to_the_reports_of_its_story_nearest_in_time():
    from news_digest.site.pelican_steps import nearest_others

    reports = [f"report-{number}" for number in range(20)]
    assert nearest_others(reports, 0, 8) == tuple(reports[1:9])
    assert nearest_others(reports, 10, 8) == (*reports[6:10], *reports[11:15])
    assert nearest_others(reports, 19, 8) == tuple(reports[11:19])
    assert nearest_others(reports[:3], 1, 8) == (reports[0], reports[2])
    # A new latest report changes what the first reports link to not at all: their pages stay as they were.
    assert nearest_others([*reports, "report-20"], 3, 8) == nearest_others(reports, 3, 8)


def busy_archive(count: int, start_hour: float = 0.0, per_hour: float = 2.0) -> list[StoryItem]:
    """`count` articles, `per_hour` an hour, about a few hundred events: each names its event's
    place and city and one of a few broad topics, so that some events make stories."""
    import random

    chooser = random.Random(count)
    items = []
    for number in range(count):
        event = (number // 7 + chooser.randrange(3)) % 400
        names = (f"t:place-{event}", f"t:city-{event % 53}", f"t:topic-{chooser.randrange(5)}")
        items.append(
            item(
                f"busy/{start_hour:.0f}-{number:05d}.txt",
                start_hour + number / per_hour,
                f"Report {number}",
                "en",
                f"desk{number % 9}",
                *names,
            )
        )
    return items


def test_a_day_of_new_articles_leaves_the_stories_before_their_window_as_they_were(monkeypatch):
    from news_digest.site import stories as stories_module

    # An archive well beyond the span of articles names are weighed among (made small here).
    monkeypatch.setattr(stories_module, "WEIGHT_SPAN", 100, raising=False)
    archive = busy_archive(600)
    # Two reports of one fire, early on: they share two names, one of them rare in the archive so far.
    fire = [
        item("busy/fire-1.txt", 20, "Harbour fire", "en", "desk1", "t:harbour", "t:breaking"),
        item("busy/fire-2.txt", 22, "Blaze at the docks", "en", "desk2", "t:harbour", "t:breaking"),
    ]
    # A day later than all of them, when every article is "breaking": a name that now says nothing.
    later = [
        item(f"busy/later-{n:03d}.txt", 300.5 + n / 10, f"Later {n}", "en", "desk3", f"t:later-{n}", "t:breaking")
        for n in range(200)
    ]
    before = find_stories([*archive, *fire], RULES.story_window, 0.25)
    after = find_stories([*archive, *fire, *later], RULES.story_window, 0.25)
    assert ["busy/fire-1.txt", "busy/fire-2.txt"] in [[m.key for m in s.members] for s in before]
    # Stories whose reports all came two windows before the new day's (later reports can join a
    # story only within a window of its last) are exactly as they were, the fire's among them.
    settled = later[0].date - 2 * RULES.story_window
    old = {story.id: [m.key for m in story.members] for story in before if story.members[-1].date < settled}
    new = {story.id: [m.key for m in story.members] for story in after}
    assert len(old) > 20
    assert {story: new.get(story) for story in old} == old


def test_in_an_archive_smaller_than_the_span_names_are_weighed_over_the_whole_archive():
    # Twelve reports of a quake in a day, ten articles before them and ninety days after. Among the
    # articles up to the reports' window they would be most of the news, too common to say anything;
    # in the whole archive they are one in ten, as rare as a story's names are.
    quake = [
        item(f"quake/{n:02d}.txt", 2 * n, f"Quake report {n}", "en", f"desk{n}", "t:quake", "t:coast-town")
        for n in range(12)
    ]
    before = [item(f"other/{n:02d}.txt", -200 + 19 * n, f"Other {n}", "en", "desk0", f"t:place-{n}") for n in range(10)]
    after = [
        item(f"other/{n:02d}.txt", 100 + 24 * n, f"Other {n}", "en", "desk0", f"t:place-{n}") for n in range(10, 100)
    ]
    assert stories_of([*before, *quake, *after]) == [[report.key for report in quake]]


# ---------------------------------------------------------------- stories resumed from a checkpoint


def keys_of(stories) -> list[tuple[str, list[str]]]:
    return [(story.id, [member.key for member in story.members]) for story in stories]


@pytest.fixture
def resume(tmp_path, monkeypatch):
    # A small archive stands for a large one: names weighed among 60 articles, a checkpoint 3 days back.
    monkeypatch.setattr(stories_module, "WEIGHT_SPAN", 60)
    monkeypatch.setattr(stories_module, "CHECKPOINT_AGE", timedelta(days=3))
    return stories_module.Resume(str(tmp_path / "checkpoint.pickle"), b"code")


def test_new_reports_cluster_from_the_last_checkpoint_into_the_stories_of_a_run_from_the_start(resume):
    archive, window = busy_archive(1200), RULES.story_window  # 25 days
    find_stories(archive[:-40], window, 0.25, resume)
    assert resume.resumed_at == 0
    resumed = find_stories(archive, window, 0.25, resume)
    assert len(archive) - 200 < resume.resumed_at < len(archive) - 40
    expected = find_stories(archive, window, 0.25)
    assert len(expected) > 10 and keys_of(resumed) == keys_of(expected)


@pytest.mark.parametrize(
    "change",
    [
        "an older report edited",
        "an older report tagged anew",
        "a late report dated back",
        "a report the checkpoint would count",
        "another window",
    ],
)
def test_a_checkpoint_is_not_used_where_a_run_from_the_start_would_differ(resume, change):
    archive, window = busy_archive(1200), RULES.story_window
    find_stories(archive[:-40], window, 0.25, resume)
    if change == "an older report edited":
        archive[200] = replace(archive[200], title=archive[200].title + " (updated)")
    elif change == "an older report tagged anew":
        archive[200] = replace(archive[200], names=(*archive[200].names, "t:breaking"))
    elif change == "a late report dated back":
        late = replace(archive[-1], key="late/00000.txt", date=archive[-400].date)
        archive.append(late)
    elif change == "a report the checkpoint would count":
        # Right after every report the checkpoint counted, within the reach of the last one counted.
        horizon = resume.load().horizon
        archive.append(replace(archive[-1], key="zzz/00000.txt", date=horizon))
    else:
        window += timedelta(hours=1)
    resumed = find_stories(archive, window, 0.25, resume)
    assert resume.resumed_at == 0
    assert keys_of(resumed) == keys_of(find_stories(archive, window, 0.25))


def test_a_resumed_run_works_out_title_features_for_the_articles_it_counts_only(resume, monkeypatch):
    archive, window = busy_archive(1200), RULES.story_window
    find_stories(archive[:-40], window, 0.25, resume)
    made = []
    features = stories_module.title_features
    monkeypatch.setattr(stories_module, "title_features", lambda title: made.append(title) or features(title))
    find_stories(archive, window, 0.25, resume)
    assert resume.resumed_at > 0
    assert 0 < len(made) < len(archive) // 2


def test_prefix_digests_go_on_from_the_last_one_as_a_fresh_pass_would():
    archive = busy_archive(300)
    order = list(range(len(archive)))
    fresh = {count: stories_module.PrefixDigests(archive, order).of(count) for count in (0, 120, 250)}
    prefixes = stories_module.PrefixDigests(archive, order)
    assert [prefixes.of(120), prefixes.of(250), prefixes.of(120)] == [fresh[120], fresh[250], fresh[120]]
    assert len(set(fresh.values())) == 3
    changed = [
        replace(archive[5], kinds={**archive[5].kinds, "t:breaking": "event"}),
        replace(archive[5], date=archive[5].date.astimezone(timezone(timedelta(hours=2)))),  # the same instant
        replace(archive[5], names=archive[5].names[::-1]),
    ]
    for item in changed:
        assert stories_module.PrefixDigests([*archive[:5], item, *archive[6:]], order).of(120) != fresh[120]
