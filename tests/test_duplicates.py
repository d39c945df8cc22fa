"""Duplicates: copies of one article merged into one page, the earliest first, nothing lost.

Unit tests run `duplicate_groups` on Copy records made from raw files written here (feed dumps and
page scrapes in English, Chinese and Vietnamese) through the real pipeline; the build test adds a
re-fetched and a syndicated copy to the sample content and reads the site back.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import feedparser
import numpy as np
import pytest
from conftest import ROOT, build_content
from lxml import html as lxml_html
from news_digest.cli import inspect_files
from news_digest.knowledge import load_knowledge
from news_digest.pipeline import IngestOptions, ingest_file
from news_digest.settings import SiteRules
from news_digest.site.duplicates import MAX_BUCKET, Copy, candidate_pairs, duplicate_groups, signature_matrix
from news_digest.site.features import article_features
from news_digest.site.fingerprint import similarity

RULES = SiteRules()
THRESHOLD = RULES.duplicate_similarity
WINDOW = RULES.duplicate_window

SOURCES = """riverpost:
  name: River Post
  domains: [riverpost.example]
  timezone: Europe/London
  language: en
baybulletin:
  name: Bay Bulletin
  domains: [baybulletin.example]
  timezone: Europe/London
  language: en
tidewater:
  name: Tidewater Times
  domains: [tidewater.example]
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

TAGS = """lyon:
  kind: place
  labels: {en: Lyon, zh-Hans: 里昂, vi: Lyon}
hangzhou:
  kind: place
  labels: {en: Hangzhou, zh-Hans: 杭州, vi: Hàng Châu}
da-nang:
  kind: place
  labels: {en: Da Nang, zh-Hans: 岘港, vi: Đà Nẵng}
"""

FEED_PROMO = '<br><hr><div>获取更多RSS：<br><a href="https://feedx.net">https://feedx.net</a></div>'


def feed_dump(epoch_ms: int, title: str, url: str, date_text: str, paragraphs: list[str]) -> str:
    """Shape A: fetch time, [title](url), rule, the item's HTML with its date element and lead."""
    lead, *rest = paragraphs
    body = "".join(f"<p>{p}</p>" for p in rest)
    return f"<!--{epoch_ms}-->\n[{title}]({url})\n------\n\n<div>{date_text}</div><p><strong>{lead}</strong></p>{body}{FEED_PROMO}\n"


def page_scrape(title: str, byline: str, paragraphs: list[str], trailer: list[str]) -> str:
    """Shape B: lead, title, byline, the lead again, the body, then the site's boilerplate."""
    lead = paragraphs[0]
    return "\n\n".join([lead, title, byline, *paragraphs]) + "\n\n" + "\n".join([*trailer, title]) + "\n"


# ---------------------------------------------------------------- English: a wire story and its copies

TRAM_TITLE = "Lyon extends night tram service to weekends from April"
TRAM = [
    "Trams in Lyon will run through the night on Fridays and Saturdays from April, the city's transport "
    "authority said on Monday, after a trial on two lines drew more riders than expected.",
    "The trial, which began last autumn on lines T1 and T2, kept trams moving every twenty minutes between one "
    "and five in the morning. Ridership on those nights was roughly a third higher than on the night buses the "
    "trams replaced, according to figures presented to the authority's board.",
    "From April the service will cover four lines, including the route to the eastern suburbs that serves "
    "several hospitals and a large logistics zone. Staff who finish late shifts had been among the most vocal "
    "supporters of the trial.",
    "The authority estimates the extra service will cost about four million euros a year, mostly in wages and "
    "maintenance. It said part of the cost would be covered by ending two night bus routes that largely "
    "duplicated the tram lines.",
    "Residents along some stretches had complained about noise during the trial, particularly where tracks pass "
    "close to bedrooms. Engineers have since adjusted wheel lubrication and lowered speeds on two curves, and the "
    "authority promised to publish noise measurements every quarter.",
    "Unions representing drivers said they had agreed to the new rosters after the authority guaranteed that "
    "night shifts would remain voluntary and would carry a higher hourly rate.",
    "Other French cities are watching the experiment. Several already run late buses at weekends, but few keep "
    "rail services running all night, largely because maintenance crews need the nights to work on the tracks.",
]


def edited(paragraphs: list[str], *replacements: tuple[str, str]) -> list[str]:
    """The paragraphs with a few words changed, as a desk edits a wire story."""
    text = "\n".join(paragraphs)
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text.split("\n")


# A second outlet carries the wire story hours later under another headline, a few words changed
# (one of them in the opening).
TRAM_WIRE_COPY = edited(
    TRAM,
    ("the city's transport authority said on Monday", "the city's transport authority announced on Monday"),
    ("roughly a third higher", "about a third higher"),
    ("every quarter", "each quarter"),
)
# A third outlet runs the opening as it came and cuts the last two paragraphs.
TRAM_CUT_COPY = TRAM[:-2]
# A third outlet runs another edit of it three weeks later: beyond the window.
TRAM_LATE_COPY = edited(
    TRAM,
    ("will run through the night", "are to run through the night"),
    ("drew more riders than expected", "drew more passengers than planners expected"),
    ("cost about four million euros a year", "cost some four million euros annually"),
    ("few keep rail services", "very few keep rail services"),
)
# The first outlet re-headlines its own piece the next day, its text modestly edited, the opening too.
TRAM_FOLLOW_UP_TITLE = "Lyon's weekend night trams: what changes for riders in April"
TRAM_FOLLOW_UP = edited(
    TRAM,
    ("the city's transport authority said on Monday", "the city's transport authority confirmed on Monday"),
    ("roughly a third higher", "about a third higher"),
    ("four million euros a year", "four million euros annually"),
)
# The same, but its first two paragraphs (the opening) left word for word and one paragraph added.
TRAM_UPDATE_TITLE = "Night trams in Lyon: board approves weekend timetable"
TRAM_UPDATE = [
    *edited(
        TRAM,
        ("From April the service will cover four lines", "The permanent service will cover four lines"),
        ("four million euros a year", "four million euros annually"),
        ("Unions representing drivers said", "Drivers' unions confirmed"),
    ),
    "The board approved the timetable on Tuesday evening, with members from the eastern suburbs asking for a "
    "review after six months of how often trams should run after three in the morning.",
]

# ---------------------------------------------------------------- Chinese: one URL fetched twice, two articles

LIBRARY_URL = "https://jiangbei.example/city/2024/05/10/library-hours"
LIBRARY_TITLE = "杭州图书馆延长夜间开放时间 周末闭馆推迟至晚十点"
LIBRARY = [
    "杭州图书馆10日宣布，自本月下旬起延长夜间开放时间，周五和周六的闭馆时间由晚上八点推迟至十点，"
    "以满足上班族和学生晚间阅读、自习的需求。",
    "馆方介绍，过去一年夜间到馆人数持续增长，工作日晚上七点以后的入馆人次比前一年多出近四成，"
    "自习区座位经常在傍晚就已坐满，不少读者在社交平台上留言，希望图书馆能开得更晚一些。",
    "延长开放期间，借还书服务、自习区和电子阅览室照常开放，少儿阅览区和展览厅仍在晚上八点关闭。"
    "馆内咖啡区将同步延长营业时间，地下停车场也会相应调整收费时段。",
    "为保障夜间安全，图书馆增加了安保和保洁人员的排班，并在主要出入口加装照明。"
    "馆方表示，延长开放所需的人员费用由市财政专项资金承担，读者无需额外付费。",
    "公交部门也表示，将研究在图书馆附近的几条线路上增开晚间班次，方便读者在闭馆后乘车回家。"
    "在此之前，读者可以选择附近的地铁站，末班车时间在晚上十一点左右。",
    "不少读者对这一调整表示欢迎。也有读者建议，今后可以根据实际使用情况，"
    "把延长开放的做法推广到各区的分馆，让更多市民在家门口享受夜间阅读服务。",
    "馆方表示，新的开放时间将先试行三个月，试行期间将统计各时段的到馆人数和读者意见，再决定是否长期实行。",
]
# The same page fetched again a day later through a share link, after the publisher rewrote it.
LIBRARY_SHARED_URL = LIBRARY_URL + "?utm_source=wechat&utm_medium=social&spm=a2c4g.11186623&from=timeline"
LIBRARY_UPDATED = [
    "杭州图书馆延长夜间开放时间的安排11日正式公布细则：每逢周五、周六，全馆闭馆时间推迟到晚上十点，"
    "首个延时开放日定在本月二十四日。",
    "细则明确，延时时段内二楼和三楼的自习区全部开放，读者可通过小程序提前预约座位，"
    "预约后十五分钟内未签到的座位将自动释放给现场排队的读者。",
    "电子阅览室在延时时段内提供打印和扫描服务，收费标准与白天相同。少儿阅览区、展览厅和报告厅"
    "仍按原时间关闭，有关讲座活动不受影响。",
    "馆方同时公布了夜间安全措施：每层增设一名值班人员，闭馆前半小时开始广播提醒，"
    "闭馆后由保安逐层巡查，确认无人滞留后再关闭电源。",
    "针对读者关心的交通问题，馆方称已与公交公司沟通，计划在延时开放日增开两个晚间班次，具体时刻表将在下周公布。",
    "细则还提到，试行期为三个月，期满后将根据各时段到馆人数、座位使用率和读者问卷结果评估效果。",
]
# Another article of the same paper about the same library: the same words, another text.
LIBRARY_OTHER_TITLE = "杭州图书馆推出电子读者证 刷手机即可借还图书"
LIBRARY_OTHER = [
    "杭州图书馆15日起推出电子读者证，读者在手机上完成实名认证后，即可在馆内自助借还机上扫码借书，"
    "不必再携带实体读者证。",
    "馆方介绍，电子读者证与原有的实体证共用同一个账户，借阅记录、预约和续借信息都会同步，"
    "已经办理实体证的读者只需在小程序上绑定即可。",
    "新开通的服务还包括在线续借和到期提醒。读者借阅的图书到期前三天，系统会通过短信和小程序消息提醒，"
    "每本书最多可续借两次。",
    "对于不熟悉手机操作的老年读者，图书馆在一楼服务台安排了专人指导，实体读者证也将继续保留。",
    "馆方表示，推出电子读者证是为了缩短读者在服务台排队的时间。去年全馆新办读者证超过六万张，"
    "高峰时段排队常常要二十分钟以上。",
    "今后，电子读者证还将逐步接入各区分馆和街道图书室，实现全市通借通还。"
    "图书馆也在研究与地铁站自助借书柜对接，让读者在上下班途中就能取书、还书。",
]

# ---------------------------------------------------------------- Vietnamese: a feed item and its saved page

BUS_TITLE = "Đà Nẵng mở tuyến xe buýt đêm nối sân bay với trung tâm thành phố"
BUS = [
    "Từ ngày 15/6, Đà Nẵng đưa vào hoạt động tuyến xe buýt chạy đêm nối sân bay quốc tế với trung tâm thành phố "
    "và khu vực ven biển, phục vụ hành khách đến trên các chuyến bay muộn.",
    "Tuyến buýt dài khoảng 18 km, xuất phát từ nhà ga quốc tế, đi qua cầu Rồng, các tuyến phố trung tâm rồi dọc "
    "theo đường ven biển đến khu vực Mỹ Khê. Xe chạy từ 21 giờ đến 2 giờ sáng hôm sau, tần suất 30 phút một chuyến.",
    "Giá vé mỗi lượt là 20.000 đồng, hành khách có thể thanh toán bằng tiền mặt, thẻ ngân hàng hoặc quét mã "
    "trên điện thoại. Mỗi xe có khu vực để hành lý và nhân viên phục vụ hỗ trợ du khách nước ngoài.",
    "Theo Sở Giao thông vận tải, nhiều chuyến bay quốc tế hạ cánh sau 22 giờ, trong khi các tuyến buýt hiện có "
    "đều kết thúc trước 20 giờ. Hành khách đến muộn thường chỉ có lựa chọn taxi hoặc xe công nghệ với giá cao.",
    "Tuyến buýt đêm được vận hành thử nghiệm trong sáu tháng. Sau thời gian này, thành phố sẽ đánh giá lượng "
    "khách, chi phí và ý kiến người dân để quyết định có duy trì hay mở rộng thêm các tuyến khác.",
    "Một số doanh nghiệp du lịch cho rằng tuyến buýt sẽ giúp du khách tự túc tiết kiệm chi phí, đồng thời góp "
    "phần giảm ùn tắc ở khu vực sân bay vào giờ cao điểm ban đêm.",
    "Trước đó, Đà Nẵng đã mở một số tuyến buýt nối trung tâm với các huyện ngoại thành và tỉnh lân cận, "
    "nhưng đây là tuyến đầu tiên hoạt động sau nửa đêm.",
]
# The page saved later: the same article under the same headline, with an update added at its end.
BUS_SAVED = [
    *BUS,
    "Cập nhật: Trong đêm đầu tiên vận hành, tuyến buýt phục vụ hơn 300 lượt khách, phần lớn là du khách "
    "đến từ các chuyến bay quốc tế muộn. Một số hành khách đề nghị bổ sung điểm dừng gần các khách sạn "
    "ở phía nam bãi biển.",
    "Đơn vị vận hành cho biết sẽ lắp thêm bảng thông tin điện tử tại các điểm dừng và in lịch trình bằng "
    "tiếng Anh, tiếng Hàn để du khách dễ theo dõi.",
]
SCRAPE_TRAILER = ["Bài liên quan", "Đà Nẵng thí điểm xe đạp công cộng", "(8) Bình luận", "POWERED BY SONGLAMCMS"]


def raw_files() -> dict[str, str]:
    """Every raw file of the unit tests, by its path under the content folder."""
    return {
        "riverpost/tram.txt": feed_dump(
            1709541000000,
            TRAM_TITLE,
            "https://riverpost.example/transport/2024/03/04/lyon-night-trams",
            "04/03/2024 - 08:30",
            TRAM,
        ),
        "baybulletin/tram.txt": feed_dump(
            1709550900000,
            "All-night trams coming to Lyon at weekends",
            "https://www.baybulletin.example/news/lyon-all-night-trams",
            "04/03/2024 - 11:05",
            TRAM_WIRE_COPY,
        ),
        "tidewater/tram-cut.txt": page_scrape(
            "Lyon's trams to run all night on Fridays and Saturdays",
            "Newsroom | 04/03/2024, 16:40",
            TRAM_CUT_COPY,
            ["Related stories", "(2) Comments", "POWERED BY TIDECMS"],
        ),
        "tidewater/tram-late.txt": page_scrape(
            "Lyon to keep its trams running all night at weekends",
            "Newsroom | 25/03/2024, 10:00",
            TRAM_LATE_COPY,
            ["Related stories", "(5) Comments", "POWERED BY TIDECMS"],
        ),
        "riverpost/tram-follow-up.txt": feed_dump(
            1709622000000,
            TRAM_FOLLOW_UP_TITLE,
            "https://riverpost.example/transport/2024/03/05/lyon-night-trams-april",
            "05/03/2024 - 07:00",
            TRAM_FOLLOW_UP,
        ),
        "riverpost/tram-update.txt": feed_dump(
            1709658000000,
            TRAM_UPDATE_TITLE,
            "https://riverpost.example/transport/2024/03/05/lyon-night-tram-timetable",
            "05/03/2024 - 17:00",
            TRAM_UPDATE,
        ),
        # Named by fetch time, as archives name them: the first fetch sorts first.
        "jiangbei/1715311800000-library.txt": feed_dump(
            1715311800000, LIBRARY_TITLE, LIBRARY_URL, "2024年05月10日 11:30", LIBRARY
        ),
        "jiangbei/1715412600000-library.txt": feed_dump(
            1715412600000, LIBRARY_TITLE, LIBRARY_SHARED_URL, "2024年05月10日 11:30", LIBRARY_UPDATED
        ),
        "jiangbei/1715749200000-library-card.txt": feed_dump(
            1715749200000,
            LIBRARY_OTHER_TITLE,
            "https://jiangbei.example/city/2024/05/15/library-e-card",
            "2024年05月15日 09:00",
            LIBRARY_OTHER,
        ),
        "songlam/xe-buyt-dem.txt": feed_dump(
            1718262000000,
            BUS_TITLE,
            "https://songlam.example/giao-thong/xe-buyt-dem-san-bay-da-nang.html",
            "13/06/2024 - 13:50",
            BUS,
        ),
        "songlam/xe-buyt-dem-luu.txt": page_scrape(
            BUS_TITLE, "Ban Thời sự | 16/06/2024, 08:15", BUS_SAVED, SCRAPE_TRAILER
        ),
        "songlam/xe-buyt-dem-luu (1).txt": page_scrape(
            BUS_TITLE, "Ban Thời sự | 16/06/2024, 08:15", BUS_SAVED, SCRAPE_TRAILER
        ),
    }


@pytest.fixture(scope="module")
def copies(tmp_path_factory) -> dict[str, Copy]:
    """Each raw file ingested and made a Copy record, keyed by its path under the content folder."""
    content = tmp_path_factory.mktemp("duplicates") / "content"
    content.mkdir()
    (content / "sources.yaml").write_text(SOURCES, encoding="utf-8")
    (content / "tags.yaml").write_text(TAGS, encoding="utf-8")
    knowledge = load_knowledge(str(content / "sources.yaml"), str(content / "tags.yaml"))
    found = {}
    for name, text in raw_files().items():
        path = content / name
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        article = ingest_file(str(path), knowledge, IngestOptions(content_root=str(content)))
        # Every text keeps its paragraphs (the cut copy has five of the original's seven).
        assert len(article.body_text.split("\n\n")) >= (5 if name.endswith("-cut.txt") else 6), name
        features = article_features(article, knowledge)
        found[name] = Copy(name, article.published or article.date, article.source.id, article.title, features)
    return found


def groups_of(copies: dict[str, Copy], *names: str) -> list[list[str]]:
    groups = duplicate_groups([copies[name] for name in names], THRESHOLD, WINDOW)
    return sorted([copy.key for copy in group] for group in groups)


def jaccard(copies, a, b) -> float:
    return similarity(copies[a].features.fingerprint, copies[b].features.fingerprint)


def test_files_read_as_written(copies):
    assert copies["riverpost/tram.txt"].date.isoformat() == "2024-03-04T08:30:00+00:00"
    assert copies["baybulletin/tram.txt"].source_id == "baybulletin"
    assert copies["tidewater/tram-late.txt"].date.isoformat() == "2024-03-25T10:00:00+00:00"
    assert copies["jiangbei/1715311800000-library.txt"].date.isoformat() == "2024-05-10T11:30:00+08:00"
    assert copies["songlam/xe-buyt-dem-luu.txt"].title == BUS_TITLE
    assert copies["songlam/xe-buyt-dem-luu.txt"].source_id == "songlam"


def test_the_same_url_with_tracking_parameters_is_one_article(copies):
    first, again = "jiangbei/1715311800000-library.txt", "jiangbei/1715412600000-library.txt"
    # The publisher rewrote the page between the fetches: only the address says it is the same page.
    assert copies[first].features.digest != copies[again].features.digest
    assert copies[first].features.opening != copies[again].features.opening
    assert jaccard(copies, first, again) < 0.3
    assert copies[again].features.canonical_url == copies[first].features.canonical_url == LIBRARY_URL
    assert groups_of(copies, first, again) == [[first, again]]


def test_the_same_text_under_two_file_names_is_one_article(copies):
    # Page scrapes carry no URL: the text alone tells.
    one, two = "songlam/xe-buyt-dem-luu.txt", "songlam/xe-buyt-dem-luu (1).txt"
    assert copies[one].features.canonical_url is None
    assert groups_of(copies, one, two) == [[two, one]]


def test_a_wire_story_with_small_edits_and_another_headline_at_another_outlet_is_one_article(copies):
    original, copy = "riverpost/tram.txt", "baybulletin/tram.txt"
    assert copies[original].title != copies[copy].title
    assert copies[original].features.opening != copies[copy].features.opening
    assert groups_of(copies, original, copy) == [[original, copy]]


def test_a_wire_copy_cut_short_after_the_same_opening_is_one_article(copies):
    original, cut = "riverpost/tram.txt", "tidewater/tram-cut.txt"
    assert copies[cut].features.shingles < 0.8 * copies[original].features.shingles
    assert groups_of(copies, original, cut) == [[original, cut]]


def test_a_saved_copy_under_the_same_headline_with_extra_trailing_text_is_one_article(copies):
    feed, saved = "songlam/xe-buyt-dem.txt", "songlam/xe-buyt-dem-luu.txt"
    assert copies[feed].title == copies[saved].title
    assert copies[saved].features.shingles > 1.15 * copies[feed].features.shingles
    assert groups_of(copies, saved, feed) == [[feed, saved]]


def test_two_articles_of_one_source_on_one_subject_stay_apart(copies):
    hours, card = "jiangbei/1715311800000-library.txt", "jiangbei/1715749200000-library-card.txt"
    # Both are about the city library, in the same paper, in the same words; not the same text.
    assert "杭州图书馆" in copies[hours].title and "杭州图书馆" in copies[card].title
    assert groups_of(copies, hours, card) == []


def test_the_same_source_re_headlining_a_modestly_edited_text_is_not_a_copy(copies):
    original, follow_up = "riverpost/tram.txt", "riverpost/tram-follow-up.txt"
    assert jaccard(copies, original, follow_up) >= THRESHOLD
    assert groups_of(copies, original, follow_up) == []
    # The same text at another outlet would be a copy: the source is what keeps them apart.
    elsewhere = replace(copies[follow_up], source_id="baybulletin")
    assert len(duplicate_groups([copies[original], elsewhere], THRESHOLD, WINDOW)) == 1


def test_the_same_source_re_headlining_an_edited_text_with_its_opening_kept_is_not_a_copy(copies):
    original, update = "riverpost/tram.txt", "riverpost/tram-update.txt"
    assert copies[original].features.opening == copies[update].features.opening
    assert jaccard(copies, original, update) < 0.97
    assert groups_of(copies, original, update) == []


def test_copies_further_apart_than_the_window_stay_apart(copies):
    original, wire, late = "riverpost/tram.txt", "baybulletin/tram.txt", "tidewater/tram-late.txt"
    assert copies[late].date - copies[original].date > WINDOW
    assert groups_of(copies, original, wire, late) == [[original, wire]]
    # Moved inside the window, the same copy joins them.
    moved = replace(copies[late], date=copies[original].date + WINDOW - timedelta(hours=1))
    groups = duplicate_groups([copies[original], copies[wire], moved], THRESHOLD, WINDOW)
    assert [[c.key for c in group] for group in groups] == [[original, wire, late]]


def test_the_earliest_copy_comes_first_whatever_the_input_order(copies):
    names = ["tidewater/tram-cut.txt", "baybulletin/tram.txt", "riverpost/tram.txt"]
    for order in (names, names[::-1]):
        groups = duplicate_groups([copies[name] for name in order], THRESHOLD, WINDOW)
        assert [[c.key for c in group] for group in groups] == [
            ["riverpost/tram.txt", "baybulletin/tram.txt", "tidewater/tram-cut.txt"]
        ]
        assert [c.date for c in groups[0]] == sorted(c.date for c in groups[0])


def test_each_copy_lands_in_its_own_article_among_all_files(copies):
    groups = duplicate_groups(list(copies.values()), THRESHOLD, WINDOW)
    by_first = {group[0].key: sorted(c.key for c in group[1:]) for group in groups}
    assert by_first["jiangbei/1715311800000-library.txt"] == ["jiangbei/1715412600000-library.txt"]
    assert by_first["songlam/xe-buyt-dem.txt"] == ["songlam/xe-buyt-dem-luu (1).txt", "songlam/xe-buyt-dem-luu.txt"]
    assert "riverpost/tram.txt" in by_first
    grouped = {c.key for group in groups for c in group}
    assert "jiangbei/1715749200000-library-card.txt" not in grouped
    assert "tidewater/tram-late.txt" not in grouped


def test_the_first_fetch_stays_canonical_whatever_the_file_names(tmp_path):
    (tmp_path / "jiangbei").mkdir()
    (tmp_path / "sources.yaml").write_text(SOURCES, encoding="utf-8")
    first = feed_dump(1715311800000, LIBRARY_TITLE, LIBRARY_URL, "2024年05月10日 11:30", LIBRARY)
    again = first.replace("1715311800000", "1715412600000").replace(f"({LIBRARY_URL})", f"({LIBRARY_SHARED_URL})")
    (tmp_path / "jiangbei" / "library.txt").write_text(first, encoding="utf-8")
    (tmp_path / "jiangbei" / "library-again.txt").write_text(again, encoding="utf-8")
    records = inspect_files([str(tmp_path / "jiangbei")], str(tmp_path / "sources.yaml"), None, str(tmp_path))
    duplicate_of = {Path(r["path"]).name: r["duplicate_of"] and Path(r["duplicate_of"]).name for r in records}
    assert duplicate_of == {"library.txt": None, "library-again.txt": "library.txt"}


# ---------------------------------------------------------------- the whole build

PORT = "harbourwire/1731981120000-port.txt"
PORT_TITLE = "Hong Kong port bets on transshipment as direct calls shift to Shenzhen"
PORT_URL = "https://harbourwire.example/business/2024/11/19/hong-kong-port-transshipment"
# The same feed item fetched again six hours later through a tracked link.
REFETCHED = "harbourwire/1732002720000-port.txt"
REFETCHED_URL = PORT_URL + "?utm_source=rss&utm_medium=feed&fbclid=IwAR0port"
# The wire story carried by another outlet that afternoon, under its own headline, lightly edited.
SYNDICATED = "tidewater/1731999600000-port.txt"
SYNDICATED_TITLE = "Hong Kong's container port leans on transshipment as Shenzhen wins direct calls"
SYNDICATED_URL = "https://www.tidewater.example/shipping/hong-kong-port-leans-on-transshipment"
TIDEWATER = """
tidewater:
  name: "Tidewater Times"
  domains: [tidewater.example]
  timezone: Asia/Hong_Kong
  language: en
"""


def report_entry(document: dict, path: str) -> dict:
    return next(entry for entry in document["files"] if entry["path"] == path)


@pytest.fixture(scope="module")
def merged_site(tmp_path_factory):
    """The sample content plus a re-fetched and a syndicated copy of one of its articles, built."""
    base = tmp_path_factory.mktemp("merged-site")
    content = base / "content"
    shutil.copytree(ROOT / "content", content)
    with (content / "sources.yaml").open("a", encoding="utf-8") as handle:
        handle.write(TIDEWATER)
    original = (content / PORT).read_text(encoding="utf-8")
    assert original.startswith("<!--1731981120000-->") and PORT_URL in original and PORT_TITLE in original
    (content / REFETCHED).write_text(
        original.replace("1731981120000", "1732002720000", 1).replace(f"({PORT_URL})", f"({REFETCHED_URL})"),
        encoding="utf-8",
    )
    syndicated = original
    for old, new in (
        ("1731981120000", "1731999600000"),
        (f"[{PORT_TITLE}]({PORT_URL})", f"[{SYNDICATED_TITLE}]({SYNDICATED_URL})"),
        ("19/11/2024 - 09:15", "19/11/2024 - 14:20"),
        ("are leaning harder on", "are relying more on"),
        ("That position has long gone.", "That crown has long gone."),
        ("will show up in the schedules", "will become clear in the schedules"),
    ):
        assert syndicated.count(old) == 1, old
        syndicated = syndicated.replace(old, new)
    (content / "tidewater").mkdir()
    (content / SYNDICATED).write_text(syndicated, encoding="utf-8")
    output = base / "output"
    build_content(content, output)
    document = json.loads((output / "report.json").read_text(encoding="utf-8"))
    return output, document


def page(output, url):
    return lxml_html.parse(str(output / url / "index.html")).getroot()


def article_pages(output):
    return sorted(output.glob("20[0-9][0-9]/[01][0-9]/[0-3][0-9]/*/index.html"))


def test_the_copies_are_counted_as_merged_with_the_canonical_path_and_url(merged_site):
    _, document = merged_site
    canonical = report_entry(document, PORT)
    assert canonical["status"] == "published" and canonical["canonical"] is None
    for path in (REFETCHED, SYNDICATED):
        entry = report_entry(document, path)
        assert (entry["status"], entry["canonical"], entry["url"]) == ("merged", PORT, canonical["url"])
    totals = document["totals"]
    assert totals["read"] == totals["published"] + totals["merged"] + totals["rejected"]
    assert totals["merged"] == 2
    assert totals["read"] == len(list((ROOT / "content").rglob("*.txt"))) + 2
    assert totals["rejected"] == 0


def test_one_article_page_for_the_three_copies(merged_site):
    output, document = merged_site
    titles = [lxml_html.parse(str(p)).getroot().findtext(".//h1") for p in article_pages(output)]
    assert titles.count(PORT_TITLE) == 1
    assert SYNDICATED_TITLE not in titles
    assert len(titles) == document["totals"]["published"]


def test_the_canonical_page_lists_the_copies_as_also_published(merged_site):
    output, document = merged_site
    root = page(output, report_entry(document, PORT)["url"])
    (aside,) = root.xpath("//aside[@class='also-published']")
    assert aside.findtext("h2") == "Also published by"
    items = aside.findall(".//li")
    assert len(items) == 2
    by_source = {li.findtext("bdi"): li for li in items}
    assert set(by_source) == {"Tidewater Times", "Harbour Wire"}
    syndicated = by_source["Tidewater Times"]
    assert [a.get("href") for a in syndicated.iter("a")] == [SYNDICATED_URL]
    shown = datetime.fromisoformat(syndicated.find("time").get("datetime"))
    assert shown == datetime(2024, 11, 19, 6, 20, tzinfo=UTC)
    refetched = by_source["Harbour Wire"]
    assert [a.get("href") for a in refetched.iter("a")] == [REFETCHED_URL]
    # The page's own original link is the first fetch's.
    assert root.xpath("//p[@class='original']/a/@href") == [PORT_URL]


def test_the_copies_appear_in_no_list_or_feed(merged_site):
    output, document = merged_site
    canonical_page = (output / report_entry(document, PORT)["url"] / "index.html").resolve()
    for path in sorted(output.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        assert SYNDICATED_TITLE not in text, path
        if path.resolve() == canonical_page:
            continue
        assert SYNDICATED_URL not in text and "source/tidewater" not in text, path
        assert "utm_source" not in text, path
        root = lxml_html.fromstring(text)
        links = [a for a in root.iter("a") if a.text_content().strip() == PORT_TITLE]
        assert len(links) <= 1, path
    listed = 0
    for feed_path in sorted(output.rglob("*.xml")):
        feed = feedparser.parse(feed_path.read_bytes())
        assert not feed.bozo, feed_path
        titles = [entry.title for entry in feed.entries]
        assert SYNDICATED_TITLE not in titles, feed_path
        assert titles.count(PORT_TITLE) <= 1, feed_path
        listed += titles.count(PORT_TITLE)
    assert listed >= 3  # the main feed, its source's feed and its tags' feeds
    assert not (output / "source" / "tidewater").exists()


def test_the_copies_tags_pages_list_the_article_once(merged_site):
    output, document = merged_site
    url = report_entry(document, PORT)["url"]
    root = page(output, url)
    tags = [a.get("href").rstrip("/").rsplit("/", 1)[-1] for a in root.xpath("//a[@rel='tag']")]
    assert tags
    for tag in tags:
        tag_page = page(output, f"tag/{tag}")
        hrefs = [a.get("href") for a in tag_page.iter("a") if a.text_content().strip() == PORT_TITLE]
        assert len(hrefs) == 1 and hrefs[0].rstrip("/").endswith(url.rstrip("/")), tag


def random_signatures(count: int, seed: int) -> list[bytes]:
    return [row.tobytes() for row in np.random.default_rng(seed).integers(1, 2**32, size=(count, 64), dtype=np.uint32)]


def test_candidates_are_pairs_sharing_a_band_and_most_values_each_once():
    rows = random_signatures(4, seed=1)
    rows[1] = rows[0]  # the same text: it shares all sixteen bands, and is one pair
    near = np.frombuffer(rows[0], dtype=np.uint32).copy()
    near[40:] += 1  # the first ten bands shared: 40 of 64 values
    rows[2] = near.tobytes()
    far = np.frombuffer(rows[0], dtype=np.uint32).copy()
    far[4:] += 2  # one band shared, 4 of 64 values: in a bucket, but not similar
    rows[3] = far.tobytes()
    signatures, own = signature_matrix([*rows, b"", b""])  # two texts without a fingerprint
    assert own.tolist() == [True] * 4 + [False] * 2
    assert candidate_pairs(signatures, own, 0.5) == [(0, 1, 64), (0, 2, 40), (1, 2, 40)]
    assert candidate_pairs(signatures, own, 0.0) == [
        (0, 1, 64),
        (0, 2, 40),
        (0, 3, 4),
        (1, 2, 40),
        (1, 3, 4),
        (2, 3, 4),
    ]


def test_a_bucket_larger_than_boilerplate_allows_gives_no_candidates():
    rows = random_signatures(MAX_BUCKET + 1, seed=2)
    shared = np.frombuffer(rows[0], dtype=np.uint32)[:4]
    rows = [shared.tobytes() + row[16:] for row in rows]  # all in one bucket of the first band
    signatures, own = signature_matrix(rows)
    assert candidate_pairs(signatures, own, 0.0) == []
    signatures, own = signature_matrix(rows[:MAX_BUCKET])
    assert len(candidate_pairs(signatures, own, 0.0)) == MAX_BUCKET * (MAX_BUCKET - 1) // 2
