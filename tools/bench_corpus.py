"""A seeded archive of raw news files, of our own making, for `make bench`.

    .venv/bin/python -m tools.bench_corpus N OUTDIR [--seed S] [--format raw|markdown|hugo]
                                           [--extra K] [--edit INDEX] [--truth FILE] [--per-day P]

Writes N articles into OUTDIR, one folder per source: as raw files (feed dumps and page scrapes, the two
shapes the plugin reads, with the archive's sources.yaml and a copy of content/tags.yaml), as Pelican
Markdown, or as Hugo content: the same articles and the same text in all three, so that builds compare
fairly. The same seed and N give byte-identical files.

The archive ends on a fixed day (ARCHIVE_END) and holds P articles a day (200 by default), so an archive
of N articles spans N/P days and per-article costs stay comparable between sizes. Each story (an event
named by tags from content/tags.yaml, so the tagger finds them) is covered by 1 to 8 articles from
different sources and languages within 72 hours; about 2% of the articles are syndicated copies (another
source's text, word for word). Languages, sources and file sizes follow the proportions of a real
archive; every sentence is assembled from the phrase tables at the end of this module.

--extra K writes only the K articles after the archive (indices N to N+K-1, dated after it), as a day of
new files would arrive; --edit INDEX rewrites only that article, one paragraph changed. --truth FILE
writes what each file written is meant to say (title, publication time, language, source, tags, story,
the copy it repeats) as JSON lines.
"""

from __future__ import annotations

import argparse
import html
import json
import random
import shutil
import sys
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

ROOT = Path(__file__).resolve().parent.parent
TAGS_FILE = ROOT / "content" / "tags.yaml"
FORMATS = ("raw", "markdown", "hugo")
DEFAULT_SEED = 1
ARTICLES_PER_DAY = 200
# Where every archive ends, whatever its size: the same files on every machine and every day.
ARCHIVE_END = datetime(2025, 3, 31, tzinfo=UTC)
STORY_WINDOW_HOURS = 72
# How many articles cover one story, and how often (a story told once is the most common).
STORY_SIZE_WEIGHTS = {1: 36, 2: 20, 3: 14, 4: 10, 5: 8, 6: 6, 7: 3, 8: 3}
SYNDICATED_SHARE = 0.02
# A syndicated copy repeats one of this many articles before it (about a day's worth).
SYNDICATION_LOOKBACK = 200
# Tag kinds stories are about, and how often: events happen in places more than anywhere else.
STORY_TAG_KINDS = {"place": 5, "org": 2, "company": 2, "topic": 3}
# File sizes in bytes by quantile, after a real multilingual archive (briefs to long features).
FILE_BYTES_QUANTILES = (
    (0.0, 700),
    (0.05, 1000),
    (0.25, 1800),
    (0.5, 3200),
    (0.75, 5700),
    (0.9, 9500),
    (0.97, 12500),
    (1.0, 15000),
)
# What a rendered file adds to its body text (header, byline, markup, trailer), roughly.
FILE_OVERHEAD_BYTES = 550
IMAGE_SHARE = 0.7
SECOND_IMAGE_MIN_PARAGRAPHS = 6
ENTITY_SENTENCE_SHARE = 0.2
OPENER_SHARE = 0.25
CRLF_SHARE = 0.1
BOM_SHARE = 0.03
EDITED_PARAGRAPH = 1
FEED_PROMO = (
    '获取更多RSS：<br><a href="https://feedx.net" style="color:orange" target="_blank">https://feedx.net</a> '
    '<br><a href="https://feedx.xyz" style="color:orange" target="_blank">https://feedx.xyz</a><br>'
)
IMAGE_STEMS = (
    "city-hall",
    "port-cranes",
    "market-stalls",
    "press-briefing",
    "rail-station",
    "river-bank",
    "trading-screens",
    "solar-farm",
    "factory-line",
    "harbour-front",
    "school-yard",
    "clinic-entrance",
)
URL_SECTIONS = ("news", "world", "business", "society", "local")


@dataclass(frozen=True)
class Source:
    """A fictional outlet: its folder name, how it dates and shapes its files."""

    id: str
    name: str
    language: str  # BCP 47, as sources.yaml declares it
    timezone: str
    date_style: str  # dmy, mdy, ymd, cjk or iso: how its pages print dates
    feed_share: float  # the share of its files that are feed dumps (shape A); the rest are page scrapes
    weight: int  # its volume among the sources of its language
    url_style: str  # dated (/2024/11/19/), compact (/20241119/) or plain

    @property
    def domain(self) -> str:
        return f"{self.id}.example"

    @property
    def date_order(self) -> str:
        return {"mdy": "MDY", "ymd": "YMD", "cjk": "YMD", "iso": "YMD"}.get(self.date_style, "DMY")

    @property
    def vocabulary_language(self) -> str:
        return "zh-Hant" if self.language.startswith("zh-Hant") else self.language

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


SOURCES = (
    # Simplified Chinese
    Source("dongfang-ribao", "东方日报网", "zh-Hans", "Asia/Shanghai", "cjk", 0.8, 3, "dated"),
    Source("jiangnan-shibao", "江南时报", "zh-Hans", "Asia/Shanghai", "cjk", 0.3, 2, "compact"),
    Source("xinghai-xinwen", "星海新闻", "zh-Hans", "Asia/Singapore", "dmy", 0.8, 3, "dated"),
    Source("beichen-guancha", "北辰观察", "zh-Hans", "Asia/Shanghai", "ymd", 0.8, 2, "plain"),
    Source("haitian-kuaixun", "海天快讯", "zh-Hans", "Asia/Shanghai", "cjk", 0.2, 2, "compact"),
    Source("qingshan-ribao", "青山日报", "zh-Hans", "Asia/Shanghai", "iso", 0.8, 2, "dated"),
    Source("ouzhou-huabao", "欧洲华报", "zh-Hans", "Europe/Berlin", "dmy", 0.8, 1, "dated"),
    Source("meizhou-huaxun", "美洲华讯", "zh-Hans", "America/Los_Angeles", "iso", 0.7, 1, "plain"),
    Source("yunling-wanbao", "云岭晚报", "zh-Hans", "Asia/Shanghai", "cjk", 0.3, 1, "compact"),
    Source("bohai-caijing", "渤海财经", "zh-Hans", "Asia/Shanghai", "ymd", 0.7, 2, "dated"),
    Source("nanhai-zhisheng", "南海之声", "zh-Hans", "Asia/Shanghai", "dmy", 0.8, 2, "dated"),
    Source("changhe-wang", "长河网", "zh-Hans", "Asia/Shanghai", "cjk", 0.5, 1, "plain"),
    # Traditional Chinese: Taiwan and Hong Kong
    Source("baodao-ribao", "寶島日報", "zh-Hant", "Asia/Taipei", "ymd", 0.8, 3, "compact"),
    Source("donggang-xinwen", "東港新聞網", "zh-Hant", "Asia/Taipei", "iso", 0.7, 2, "dated"),
    Source("yushan-shibao", "玉山時報", "zh-Hant", "Asia/Taipei", "cjk", 0.3, 2, "plain"),
    Source("weigang-kuaixun", "維港快訊", "zh-Hant-HK", "Asia/Hong_Kong", "dmy", 0.3, 3, "dated"),
    Source("xiangjiang-ribao", "香江日報", "zh-Hant-HK", "Asia/Hong_Kong", "dmy", 0.7, 2, "compact"),
    # Arabic
    Source("alrimal-alyawm", "الرمال اليوم", "ar", "Asia/Riyadh", "dmy", 0.3, 3, "dated"),
    Source("sawt-alkhalij", "صوت الخليج", "ar", "Asia/Dubai", "dmy", 0.3, 2, "plain"),
    Source("alnil-news", "النيل الإخبارية", "ar", "Africa/Cairo", "dmy", 0.2, 2, "dated"),
    Source("almashriq-news", "المشرق نيوز", "ar", "Asia/Qatar", "dmy", 0.4, 1, "compact"),
    # Vietnamese
    Source("tin-phuong-nam", "Tin Phương Nam", "vi", "Asia/Ho_Chi_Minh", "dmy", 0.2, 3, "dated"),
    Source("bao-song-lam", "Báo Sông Lam", "vi", "Asia/Ho_Chi_Minh", "dmy", 0.1, 2, "compact"),
    Source("nhip-song-moi", "Nhịp Sống Mới", "vi", "Asia/Ho_Chi_Minh", "dmy", 0.3, 2, "plain"),
    Source("thoi-bao-cuu-long", "Thời Báo Cửu Long", "vi", "Asia/Ho_Chi_Minh", "dmy", 0.1, 1, "dated"),
    # English
    Source("lantern-post", "Lantern Post", "en", "Asia/Singapore", "dmy", 0.6, 3, "dated"),
    Source("meridian-daily", "Meridian Daily", "en", "Europe/London", "dmy", 0.5, 2, "dated"),
    Source("bayside-ledger", "Bayside Ledger", "en", "America/New_York", "mdy", 0.4, 2, "plain"),
    Source("pacific-brief", "Pacific Brief", "en", "Australia/Sydney", "dmy", 0.3, 1, "compact"),
    # Japanese
    Source("midori-nippo", "みどり日報", "ja", "Asia/Tokyo", "cjk", 0.2, 3, "dated"),
    Source("kitahama-times", "北浜タイムズ", "ja", "Asia/Tokyo", "cjk", 0.3, 2, "plain"),
    Source("setouchi-web", "瀬戸内ウェブ", "ja", "Asia/Tokyo", "cjk", 0.2, 1, "compact"),
    # One source each for the rest
    Source("diario-del-valle", "Diario del Valle", "es", "Europe/Madrid", "dmy", 0.4, 1, "dated"),
    Source("courrier-du-port", "Le Courrier du Port", "fr", "Europe/Paris", "dmy", 0.4, 1, "dated"),
    Source("chao-phraya-news", "ข่าวเจ้าพระยา", "th", "Asia/Bangkok", "dmy", 0.3, 1, "plain"),
    Source("rheinblick", "Rheinblick", "de", "Europe/Berlin", "dmy", 0.4, 1, "dated"),
    Source("folha-da-serra", "Folha da Serra", "pt-BR", "America/Sao_Paulo", "dmy", 0.4, 1, "plain"),
    Source("vltavske-listy", "Vltavské listy", "cs", "Europe/Prague", "dmy", 0.4, 1, "dated"),
)
SOURCES_BY_ID = {source.id: source for source in SOURCES}

# Each language's share of the archive, after a real multilingual archive; Hong Kong is part of zh-Hant.
LANGUAGE_SHARES = {
    "zh-Hans": 0.42,
    "zh-Hant": 0.09,
    "zh-Hant-HK": 0.07,
    "ar": 0.12,
    "vi": 0.11,
    "en": 0.10,
    "ja": 0.06,
    "es": 0.006,
    "fr": 0.005,
    "th": 0.005,
    "de": 0.005,
    "pt-BR": 0.005,
    "cs": 0.004,
}


def phrases(block: str) -> tuple[str, ...]:
    """One phrase per non-blank line."""
    return tuple(line.strip() for line in block.strip().splitlines() if line.strip())


@dataclass(frozen=True)
class Vocabulary:
    """What a language's sentences, headlines and page furniture are made of.

    A sentence is `sentence` filled with a subject, a verb, an object and an adverbial (the verb split
    at `|` into V0 and V1 where the language puts part of it last); `{n}` in a phrase becomes a count, `{p}`
    a percentage or a number of days.
    """

    subjects: tuple[str, ...]
    verbs: tuple[str, ...]
    objects: tuple[str, ...]
    adverbials: tuple[str, ...]
    openers: tuple[str, ...]
    frames: tuple[str, ...]  # sentences naming the story's tags, `{E}`
    headlines: tuple[str, ...]
    captions: tuple[str, ...]
    desks: tuple[str, ...]  # who bylines say wrote it: desks, never people
    related: str  # the heading that opens a page scrape's related links
    comments: str  # the comment counter, `{n}` comments
    navigation: tuple[str, ...]
    share: str
    sentence: str
    title: str  # one tag named: {E}; two: {E} joined to {F} by `joiner`
    joiner: str
    sentence_gap: str = " "
    has_case: bool = True


def sample_file_bytes(rng: random.Random) -> int:
    """A file size drawn from FILE_BYTES_QUANTILES, interpolated between its points."""
    u = rng.random()
    points = [q for q, _ in FILE_BYTES_QUANTILES]
    at = max(1, bisect_left(points, u))
    (q0, b0), (q1, b1) = FILE_BYTES_QUANTILES[at - 1], FILE_BYTES_QUANTILES[at]
    return int(b0 + (b1 - b0) * (u - q0) / (q1 - q0))


def number(rng: random.Random) -> str:
    """A count: mostly small, sometimes hundreds or thousands."""
    return str(rng.choices((rng.randint(2, 30), rng.randint(30, 400), rng.randint(400, 5000)), (6, 3, 1))[0])


def fill_numbers(text: str, rng: random.Random) -> str:
    """`{n}` becomes a count, `{p}` a percentage or a number of days."""
    while "{n}" in text:
        text = text.replace("{n}", number(rng), 1)
    while "{p}" in text:
        text = text.replace("{p}", str(rng.randint(2, 60)), 1)
    return text


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def make_sentence(vocabulary: Vocabulary, rng: random.Random) -> str:
    verb0, _, verb1 = rng.choice(vocabulary.verbs).partition("|")
    sentence = vocabulary.sentence.format(
        S=rng.choice(vocabulary.subjects),
        V=verb0,
        V0=verb0,
        V1=verb1,
        O=fill_numbers(rng.choice(vocabulary.objects), rng),
        A=fill_numbers(rng.choice(vocabulary.adverbials), rng),
    )
    if vocabulary.openers and rng.random() < OPENER_SHARE:
        opener = rng.choice(vocabulary.openers) + vocabulary.sentence_gap
        return opener + (lower_first(sentence) if vocabulary.has_case else sentence)
    return sentence


def entity_sentence(vocabulary: Vocabulary, names: str, rng: random.Random) -> str:
    return upper_first(rng.choice(vocabulary.frames).format(E=names))


def paragraph(vocabulary: Vocabulary, names: str, rng: random.Random) -> str:
    sentences = [make_sentence(vocabulary, rng) for _ in range(rng.randint(2, 4))]
    if rng.random() < ENTITY_SENTENCE_SHARE:
        sentences.insert(rng.randrange(len(sentences) + 1), entity_sentence(vocabulary, names, rng))
    return vocabulary.sentence_gap.join(sentences)


def headline(vocabulary: Vocabulary, labels: list[str], theme: int) -> str:
    text = vocabulary.headlines[theme % len(vocabulary.headlines)]
    if vocabulary.has_case:
        text = upper_first(text)
    if len(labels) == 1:
        return vocabulary.title.format(E=labels[0], H=text)
    return vocabulary.title.format(E=f"{labels[0]}{vocabulary.joiner}{labels[1]}", H=text)


# ---------------------------------------------------------------------------------------------- tags


@dataclass(frozen=True)
class Tag:
    id: str
    kind: str
    labels: dict[str, str]

    def label(self, language: str) -> str:
        """The tag's name as an article in `language` writes it (English where tags.yaml has none)."""
        base = "zh-Hant" if language.startswith("zh-Hant") else language
        return self.labels.get(base) or self.labels["en"]


def load_tags(path: Path = TAGS_FILE) -> tuple[Tag, ...]:
    """The tags stories may be about: every kind but people (no event here happens to anyone)."""
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    return tuple(
        Tag(tag_id, entry["kind"], {key: str(value) for key, value in entry["labels"].items()})
        for tag_id, entry in document.items()
        if entry.get("kind") in STORY_TAG_KINDS and "en" in entry.get("labels", {})
    )


# ---------------------------------------------------------------------------------------------- plan


@dataclass(frozen=True)
class Slot:
    """One article's place in the archive: everything but its text."""

    index: int
    source: Source
    shape: str  # "A" feed dump, "B" page scrape
    published: datetime  # UTC, whole minutes
    fetched: datetime  # UTC, whole seconds
    story: int  # the index of the article that opened the story
    tags: tuple[Tag, ...]
    theme: int  # which headline the story's titles use
    copy_of: int | None  # the article whose text this one repeats

    @property
    def language(self) -> str:
        return self.source.language

    @property
    def url_slug(self) -> str:
        return "-".join([*(tag.id for tag in self.tags[:2]), f"{self.index:06d}"])

    @property
    def local_published(self) -> datetime:
        return self.published.astimezone(self.source.zone)

    @property
    def url(self) -> str:
        local = self.local_published
        section = URL_SECTIONS[self.index % len(URL_SECTIONS)]
        if self.source.url_style == "dated":
            return f"https://{self.source.domain}/{section}/{local:%Y/%m/%d}/{self.url_slug}"
        if self.source.url_style == "compact":
            return f"https://{self.source.domain}/{section}/{local:%Y%m%d}/{self.url_slug}"
        return f"https://{self.source.domain}/{section}/{self.url_slug}.html"

    @property
    def fetched_ms(self) -> int:
        return int(self.fetched.timestamp()) * 1000

    def path(self, fmt: str) -> str:
        """Where the article's file goes, relative to the output folder."""
        if fmt == "raw":
            return f"{self.source.id}/{self.fetched_ms}-{self.url_slug}.txt"
        return f"{self.source.id}/{self.url_slug}.md"


@dataclass(frozen=True)
class Story:
    tags: tuple[Tag, ...]
    theme: int
    sources: tuple[str, ...]


def is_ambiguous(moment: datetime, zone: ZoneInfo) -> bool:
    """A local time the clocks show twice (the hour a zone leaves summer time): its reading is a guess."""
    local = moment.astimezone(zone).replace(tzinfo=None)
    return zone.utcoffset(local.replace(fold=0)) != zone.utcoffset(local.replace(fold=1))


class Archive:
    """The plan of an archive of `size` articles (and of the articles after it), built slot by slot.

    Slot i depends only on the seed, the archive's size (which fixes its first day) and the slots
    before it, so the files after the archive (--extra) continue the same plan.
    """

    def __init__(self, size: int, seed: int = DEFAULT_SEED, per_day: int = ARTICLES_PER_DAY, tags=None):
        self.size = size
        self.seed = seed
        self.per_day = per_day
        self.spacing = timedelta(days=1) / per_day
        self.start = ARCHIVE_END - self.spacing * size
        self.window_slots = max(1, per_day * STORY_WINDOW_HOURS // 24)
        self.tags = tuple(tags) if tags is not None else load_tags()
        self.tag_weights = [STORY_TAG_KINDS[tag.kind] for tag in self.tags]
        self.languages = list(LANGUAGE_SHARES)
        self.language_weights = list(LANGUAGE_SHARES.values())
        self.sources_of = {lang: [s for s in SOURCES if s.language == lang] for lang in LANGUAGE_SHARES}
        self.slots: list[Slot] = []
        self.stories: dict[int, Story] = {}
        self.claims: dict[int, int] = {}  # slot index -> the story that will have it

    def rng(self, kind: str, index: int) -> random.Random:
        return random.Random(f"{self.seed}:{kind}:{index}")

    def slot(self, index: int) -> Slot:
        while len(self.slots) <= index:
            self.slots.append(self.plan_next(len(self.slots)))
        return self.slots[index]

    def pick_source(self, rng: random.Random, avoid: Iterable[str] = ()) -> Source:
        avoid = set(avoid)
        for _ in range(4):
            language = rng.choices(self.languages, self.language_weights)[0]
            candidates = self.sources_of[language]
            source = rng.choices(candidates, [s.weight for s in candidates])[0]
            if source.id not in avoid:
                return source
        return source

    def times(self, index: int, rng: random.Random, source: Source) -> tuple[datetime, datetime]:
        moment = self.start + self.spacing * index + self.spacing * rng.random()
        published = moment.replace(second=0, microsecond=0)
        while is_ambiguous(published, source.zone):
            published += timedelta(minutes=30)
        fetched = (published + timedelta(seconds=rng.randint(180, 2700))).replace(microsecond=0)
        return published, fetched

    def plan_next(self, index: int) -> Slot:
        rng = self.rng("plan", index)
        original = self.syndicated_original(index, rng)
        if original is not None:
            source = rng.choice([s for s in self.sources_of[original.language] if s.id != original.source.id])
            published, fetched = self.times(index, rng, source)
            shape = "A" if rng.random() < source.feed_share else "B"
            story = (original.story, original.tags, original.theme)
            return Slot(index, source, shape, published, fetched, *story, original.index)
        story_index = self.claims.pop(index, None)
        if story_index is None:
            story_index = index
            self.open_story(index, rng)
        story = self.stories[story_index]
        source = self.pick_source(rng, story.sources)
        self.stories[story_index] = Story(story.tags, story.theme, (*story.sources, source.id))
        published, fetched = self.times(index, rng, source)
        shape = "A" if rng.random() < source.feed_share else "B"
        return Slot(index, source, shape, published, fetched, story_index, story.tags, story.theme, None)

    def open_story(self, index: int, rng: random.Random) -> None:
        sizes = list(STORY_SIZE_WEIGHTS)
        size = rng.choices(sizes, [STORY_SIZE_WEIGHTS[s] for s in sizes])[0]
        count = rng.choices((1, 2, 3), (5, 4, 1))[0]
        tags: list[Tag] = []
        while len(tags) < count:
            tag = rng.choices(self.tags, self.tag_weights)[0]
            if tag not in tags:
                tags.append(tag)
        self.stories[index] = Story(tuple(tags), rng.randrange(1000), ())
        for offset in sorted(rng.sample(range(1, self.window_slots), size - 1)):
            at = index + offset
            while at in self.claims and at < index + self.window_slots:
                at += 1
            if at < index + self.window_slots:
                self.claims[at] = index

    def syndicated_original(self, index: int, rng: random.Random) -> Slot | None:
        if index == 0 or rng.random() >= SYNDICATED_SHARE:
            return None
        for _ in range(10):
            candidate = self.slot(rng.randrange(max(0, index - SYNDICATION_LOOKBACK), index))
            if candidate.copy_of is None and len(self.sources_of[candidate.language]) > 1:
                return candidate
        return None


# ---------------------------------------------------------------------------------------------- text


@dataclass(frozen=True)
class Image:
    stem: str
    caption: str


@dataclass(frozen=True)
class Text:
    """An article's words, whichever file carries them."""

    title: str
    lead: str
    paragraphs: tuple[str, ...]
    images: tuple[tuple[int, Image], ...]  # (paragraph it comes before, image); 0 is the lead image
    desk: str
    related: tuple[str, ...]
    comments: int


def vocabulary_for(slot: Slot) -> Vocabulary:
    return VOCABULARY[slot.source.vocabulary_language]


def compose(archive: Archive, slot: Slot, edited: bool = False) -> Text:
    """The article's text: its own, or for a syndicated copy the original's, word for word."""
    original = archive.slot(slot.copy_of) if slot.copy_of is not None else slot
    vocabulary = vocabulary_for(original)
    rng = archive.rng("text", original.index)
    labels = [tag.label(original.language) for tag in original.tags]
    names = vocabulary.joiner.join(labels)
    title = headline(vocabulary, labels[:2], original.theme)
    lead = entity_sentence(vocabulary, names, rng) + vocabulary.sentence_gap + make_sentence(vocabulary, rng)
    budget = sample_file_bytes(rng) - FILE_OVERHEAD_BYTES - len((title + lead).encode("utf-8"))
    paragraphs: list[str] = []
    while budget > 0 or not paragraphs:
        paragraphs.append(paragraph(vocabulary, names, rng))
        budget -= len(paragraphs[-1].encode("utf-8"))
    images: list[tuple[int, Image]] = []
    if rng.random() < IMAGE_SHARE:
        images.append((0, Image(f"{rng.choice(IMAGE_STEMS)}-{original.index}", rng.choice(vocabulary.captions))))
    if len(paragraphs) >= SECOND_IMAGE_MIN_PARAGRAPHS:
        image = Image(f"{rng.choice(IMAGE_STEMS)}-{original.index}-2", rng.choice(vocabulary.captions))
        images.append((len(paragraphs) // 2, image))
    # The page furniture is the publishing source's own, even on a copy.
    own = archive.rng("page", slot.index)
    own_vocabulary = vocabulary_for(slot)
    related = tuple(
        headline(own_vocabulary, [own.choice(archive.tags).label(slot.language)], own.randrange(1000))
        for _ in range(own.randint(1, 3))
    )
    if edited:
        at = min(EDITED_PARAGRAPH, len(paragraphs) - 1)
        paragraphs[at] = paragraph(vocabulary, names, archive.rng("edit", slot.index))
    desk = own.choice(own_vocabulary.desks)
    comments = own.choice((0, 0, 1, 2, 3, 5, 8, 13, 40))
    return Text(title, lead, tuple(paragraphs), tuple(images), desk, related, comments)


# ------------------------------------------------------------------------------------------ rendering


def local_date(slot: Slot, shape: str) -> str:
    """The publication time as the source prints it, in its own zone."""
    local = slot.local_published
    style = slot.source.date_style
    separator = " - " if shape == "A" else ", "
    if style == "dmy":
        return f"{local:%d/%m/%Y}{separator}{local:%H:%M}"
    if style == "mdy":
        return f"{local:%m/%d/%Y}{separator}{local:%H:%M}"
    if style == "cjk":
        return f"{local.year}年{local.month}月{local.day}日 {local:%H:%M}"
    if style == "iso" and shape == "A":
        return f'<time datetime="{slot.published:%Y-%m-%dT%H:%M:%SZ}">{local:%Y-%m-%d %H:%M}</time>'
    return f"{local:%Y-%m-%d %H:%M}" if shape == "A" else f"{local:%Y/%m/%d %H:%M}"


def image_url(slot: Slot, image: Image) -> str:
    return f"https://img.{slot.source.domain}/{slot.published:%Y/%m}/{image.stem}.jpg"


def escape(text: str) -> str:
    return html.escape(text, quote=False)


def figure(slot: Slot, image: Image) -> str:
    return f'<figure><img src="{image_url(slot, image)}"><figcaption>{escape(image.caption)}</figcaption></figure>'


def render_feed_dump(slot: Slot, text: Text) -> str:
    """Shape A: fetch time, link line, rule, then the feed item's HTML on one line, promo footer last."""
    images = dict(text.images)
    parts = [f"<div>{local_date(slot, 'A')}</div>"]
    if 0 in images:
        parts.append(figure(slot, images[0]))
    parts.append(f"<p><strong>{escape(text.lead)}</strong></p>")
    direction = ' dir="rtl"' if slot.language == "ar" else ""
    parts.append(f'<div class="body"{direction}>')
    for position, body in enumerate(text.paragraphs):
        if position and position in images:
            image = images[position]
            parts.append(figure(slot, image))
        parts.append(f"<p>{escape(body)}</p>")
    parts.append(f"</div><br><hr><div>{FEED_PROMO}</div>")
    return f"<!--{slot.fetched_ms}-->\n[{text.title}]({slot.url})\n------\n\n{''.join(parts)}\n"


def render_page_scrape(slot: Slot, text: Text) -> str:
    """Shape B: lead, title, byline in local time, lead again, body with bare image names, boilerplate."""
    vocabulary = vocabulary_for(slot)
    images = dict(text.images)
    blocks = [text.lead, text.title, f"{text.desk} | {local_date(slot, 'B')}", text.lead]
    for position, body in enumerate(text.paragraphs):
        if position in images:
            blocks.append(f"{images[position].stem}.jpg\n{images[position].caption}")
        blocks.append(body)
    trailer = [vocabulary.related, *text.related, vocabulary.comments.format(n=text.comments)]
    powered = f"POWERED BY {slot.source.id.replace('-', '').upper()}CMS"
    trailer += [*vocabulary.navigation[:2], vocabulary.share, powered, text.title]
    page = "\n\n".join(blocks) + "\n\n" + "\n".join(trailer)
    rng = random.Random(f"layout:{slot.index}:{slot.fetched_ms}")
    if rng.random() < CRLF_SHARE:
        page = page.replace("\n", "\r\n")
    if rng.random() < BOM_SHARE:
        page = "\ufeff" + page
    return page


def markdown_body(slot: Slot, text: Text) -> str:
    images = dict(text.images)
    blocks = [text.lead]
    for position, body in enumerate(text.paragraphs):
        if position in images:
            blocks.append(f"![{images[position].caption}]({image_url(slot, images[position])})")
        blocks.append(body)
    return "\n\n".join(blocks) + "\n"


def render_markdown(slot: Slot, text: Text) -> str:
    """Pelican Markdown: the same article, its metadata in the header."""
    header = [
        f"Title: {text.title}",
        f"Date: {slot.published:%Y-%m-%d %H:%M}",
        f"Tags: {', '.join(tag.id for tag in slot.tags)}",
        f"Category: {slot.source.id}",
        f"Lang: {slot.language}",
        f"Slug: {slot.url_slug}",
        f"Author: {text.desk}",
    ]
    return "\n".join(header) + "\n\n" + markdown_body(slot, text)


def render_hugo(slot: Slot, text: Text) -> str:
    """Hugo content: YAML front matter (strings as JSON, which YAML reads), then the Markdown body."""
    front = [
        "---",
        f"title: {json.dumps(text.title, ensure_ascii=False)}",
        f"date: {slot.published:%Y-%m-%dT%H:%M:%SZ}",
        f"slug: {json.dumps(slot.url_slug)}",
        f"tags: {json.dumps([tag.id for tag in slot.tags])}",
        f"author: {json.dumps(text.desk, ensure_ascii=False)}",
        f"languageTag: {json.dumps(slot.language)}",
        "---",
    ]
    return "\n".join(front) + "\n\n" + markdown_body(slot, text)


def render(slot: Slot, text: Text, fmt: str) -> str:
    if fmt == "markdown":
        return render_markdown(slot, text)
    if fmt == "hugo":
        return render_hugo(slot, text)
    return render_feed_dump(slot, text) if slot.shape == "A" else render_page_scrape(slot, text)


def truth_record(archive: Archive, slot: Slot, text: Text, edited: bool = False) -> dict:
    """What the raw file is meant to say, in the field names of `inspect`."""
    return {
        "path": slot.path("raw"),
        "index": slot.index,
        "shape": slot.shape,
        "title": text.title,
        "url": slot.url if slot.shape == "A" else None,
        "published": slot.local_published.isoformat(),
        "fetched": slot.fetched.isoformat() if slot.shape == "A" else None,
        "lang": slot.language,
        "source_id": slot.source.id,
        "author": text.desk if slot.shape == "B" else None,
        "tags": [tag.id for tag in slot.tags],
        "story": f"s{slot.story:06d}",
        "duplicate_of": archive.slot(slot.copy_of).path("raw") if slot.copy_of is not None else None,
        "edited": edited,
    }


# ---------------------------------------------------------------------------------------------- files


def sources_yaml() -> str:
    """The archive's sources.yaml, in content/sources.yaml's format."""
    document = {
        source.id: {
            "name": source.name,
            "domains": [source.domain],
            "timezone": source.timezone,
            "language": source.language,
            "date_order": source.date_order,
            "boilerplate": [VOCABULARY[source.vocabulary_language].related],
        }
        for source in SOURCES
    }
    heading = "# Fictional sources of a generated benchmark archive (python -m tools.bench_corpus).\n\n"
    return heading + yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=1000)


def write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)


def indices_for(size: int, extra: int, edit: int | None, batch: int = 0) -> range | list[int]:
    if edit is not None:
        return [edit]
    if extra:
        return range(size + batch * extra, size + (batch + 1) * extra)
    return range(size)


def write_archive(
    out: Path,
    size: int,
    seed: int = DEFAULT_SEED,
    fmt: str = "raw",
    *,
    extra: int = 0,
    batch: int = 0,
    edit: int | None = None,
    undone: bool = False,
    truth: Path | None = None,
    per_day: int = ARTICLES_PER_DAY,
    archive: Archive | None = None,
) -> list[str]:
    """Write the archive's files (or only the extra ones, the batch-th `extra` after the archive; or the
    edited one: undone, as it was first written); their paths, in order."""
    archive = archive or Archive(size, seed, per_day)
    out.mkdir(parents=True, exist_ok=True)
    if fmt == "raw" and not extra and edit is None:
        write_text(out / "sources.yaml", sources_yaml())
        shutil.copyfile(TAGS_FILE, out / "tags.yaml")
    if fmt == "hugo" and not extra and edit is None:
        for source in SOURCES:  # a section per source, titled with its name as our site shows it
            title = json.dumps(source.name, ensure_ascii=False)
            write_text(out / source.id / "_index.md", f"---\ntitle: {title}\n---\n")
    written, records = [], []
    for index in indices_for(size, extra, edit, batch):
        slot = archive.slot(index)
        edited = index == edit and not undone
        text = compose(archive, slot, edited)
        write_text(out / slot.path(fmt), render(slot, text, fmt))
        written.append(slot.path(fmt))
        if truth is not None:
            records.append(truth_record(archive, slot, text, edited))
    if truth is not None:
        write_text(truth, "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.bench_corpus", description=__doc__.splitlines()[0])
    parser.add_argument("size", type=int, metavar="N", help="articles in the archive")
    parser.add_argument("out", type=Path, metavar="OUTDIR", help="the folder to write into")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--format", choices=FORMATS, default="raw", dest="fmt")
    parser.add_argument("--per-day", type=int, default=ARTICLES_PER_DAY, help="articles a day (default 200)")
    what = parser.add_mutually_exclusive_group()
    what.add_argument("--extra", type=int, default=0, metavar="K", help="write only the K articles after the archive")
    what.add_argument("--edit", type=int, default=None, metavar="INDEX", help="rewrite only this article, edited")
    parser.add_argument("--truth", type=Path, default=None, metavar="FILE", help="write what each file says here")
    args = parser.parse_args(argv)
    if args.size < 1 or args.extra < 0 or args.per_day < 1:
        parser.error("N and --per-day must be positive, --extra not negative")
    if args.edit is not None and not 0 <= args.edit < args.size:
        parser.error(f"--edit must name an article of the archive (0 to {args.size - 1})")
    options = {"extra": args.extra, "edit": args.edit, "truth": args.truth, "per_day": args.per_day}
    written = write_archive(args.out, args.size, args.seed, args.fmt, **options)
    print(f"bench corpus: {len(written)} {args.fmt} files in {args.out}")
    return 0


# ------------------------------------------------------------------------------------------ phrases
#
# Written for this generator. Sentences are assembled at random from these tables: they read like news
# without reporting anything that happened.

ENGLISH = Vocabulary(
    subjects=phrases("""
        City officials
        Transport ministry officials
        Local residents
        Several analysts
        Central bank officials
        Port operators
        A group of lawmakers
        Provincial leaders
        Small business owners
        Hospital administrators
        Energy companies
        City councillors
        Farmers in the region
        Union representatives
        Economists at a research institute
        Education officials
        Police officials
        Investors
        Airline executives
        Weather forecasters
        Environmental groups
        Finance ministry officials
        Manufacturers
        Tourism operators
    """),
    verbs=phrases("""
        plan to expand
        are reviewing
        have called for
        expect to cut
        are preparing
        announced
        agreed to fund
        are considering changes to
        have delayed
        confirmed
        want to reform
        questioned
        published
        are rushing to finish
        proposed
        promised to improve
        rejected
        welcomed
        are testing
        approved
        lowered
        raised
        took a fresh look at
        launched
    """),
    objects=phrases("""
        the bus network
        {n} new stations
        the local water supply
        spending on public housing
        a plan to cut emissions by {p} percent
        the price of electricity
        rules on foreign investment
        a programme for {n} schools
        the budget for road repairs
        flood defences along the river
        support for small exporters
        the rent on {n} market stalls
        a new tax on imported goods
        the timetable for rail upgrades
        subsidies worth {n} million dollars
        the number of night flights
        wages for {n} nurses
        measures to cool the property market
        a study of air quality
        {n} community clinics
        a scheme to recycle plastic
        the cost of school meals
        limits on fishing
        the expansion of solar farms
        a review of safety standards
        loans to {n} farming cooperatives
        a digital payment system
        the renovation of the old harbour
        checks on food prices
        a plan to hire {n} teachers
        the sale of state land
        the merger of two utilities
        training for {n} young workers
        new cycling lanes
        a cap on hotel prices
        relief for {n} flooded households
    """),
    adverbials=phrases("""
        over the next two years
        this week
        before the end of the year
        after months of debate
        despite rising costs
        in the coming months
        by next spring
        as demand keeps growing
        following a public consultation
        at a meeting on Tuesday
        for the first time in a decade
        in response to complaints
        ahead of the holiday season
        under pressure from residents
        as part of a wider reform
        after a sharp fall in revenue
        in several districts
        within {p} days
        from next month
        amid a tight budget
        at a press briefing
        on Friday
        earlier than expected
        at a slower pace than planned
    """),
    openers=phrases("""
        Meanwhile,
        At the same time,
        According to officials,
        In a statement,
        Separately,
        On the other hand,
        In recent weeks,
        As a result,
    """),
    frames=phrases("""
        Attention turned again to {E} as the talks went on.
        The latest reports on {E} drew wide attention.
        Developments involving {E} were followed closely by markets.
        Observers said the situation around {E} remained unclear.
        News about {E} filled the front pages of local papers.
        Officials said questions about {E} would be discussed again next week.
    """),
    headlines=phrases("""
        officials weigh new measures as costs rise
        talks continue after a difficult week
        plans for new transport links unveiled
        residents worry about rising prices
        spending review puts projects on hold
        exporters count the cost of weaker demand
        new rules take effect at the start of the month
        recovery slows as investment stalls
        record turnout expected at key meeting
        storm warnings close schools
        budget talks stall over tax plans
        regulators tighten checks on lenders
        hospitals brace for a busy winter
        investors cautious ahead of data release
        port traffic rebounds after slow summer
        growers hit by dry spell
        housing plan draws mixed reaction
        energy prices ease for a third month
        negotiators report progress on key issues
        visitor numbers beat forecasts
    """),
    captions=phrases("""
        The city centre on a weekday morning.
        Workers at a building site near the river.
        Shoppers at a market in the old town.
        Officials at a meeting in the town hall.
        Container ships waiting outside the harbour.
        Passengers boarding a train at the central station.
        Farmland on the edge of the city.
        Visitors walking along the waterfront.
    """),
    desks=phrases("""
        News Desk
        Business Desk
        World Desk
        Metro Desk
    """),
    related="Related stories",
    comments="({n}) comments",
    navigation=("Business", "World", "Opinion"),
    share="Share this article: Facebook X LinkedIn",
    sentence="{S} {V} {O} {A}.",
    title="{E}: {H}",
    joiner=" and ",
)

SIMPLIFIED_CHINESE = Vocabulary(
    subjects=phrases("""
        市政府官员
        交通运输部门
        当地居民
        多位分析人士
        央行官员
        港口运营商
        部分人大代表
        省政府
        小企业主
        医院管理层
        能源企业
        市议会
        当地农民
        工会代表
        研究机构的经济学家
        教育部门
        警方
        投资者
        航空公司高管
        气象部门
        环保团体
        财政部门负责人
        制造业企业
        旅游业者
    """),
    verbs=phrases("""
        计划扩大
        正在评估
        呼吁增加
        预计削减
        正在筹备
        宣布推出
        同意资助
        正在考虑调整
        推迟了
        确认了
        希望改革
        质疑
        公布了
        正在加紧完善
        提出了
        承诺改善
        拒绝了
        欢迎
        正在试行
        批准了
        下调了
        上调了
        重新审视
        启动了
    """),
    objects=phrases("""
        公交网络
        {n}个新站点
        本地供水系统
        保障性住房支出
        减排{p}%的计划
        居民电价
        外商投资规则
        覆盖{n}所学校的项目
        道路维修预算
        沿河防洪设施
        对小型出口企业的支持
        {n}个市场摊位的租金
        进口商品新税
        铁路升级时间表
        总额{n}亿元的补贴
        夜间航班数量
        {n}名护士的薪酬
        楼市调控措施
        空气质量研究
        {n}家社区诊所
        塑料回收计划
        学校午餐费用
        捕鱼限制
        太阳能电站扩建
        安全标准审查
        面向{n}家农业合作社的贷款
        数字支付系统
        老港区改造工程
        食品价格检查
        招聘{n}名教师的计划
        国有土地出让
        两家公用事业公司的合并
        {n}名青年工人的培训
        新建自行车道
        酒店价格上限
        对{n}户受灾家庭的救助
    """),
    adverbials=phrases("""
        在未来两年内
        本周
        在年底前
        经过数月讨论后
        尽管成本上升
        在未来几个月
        到明年春天
        随着需求持续增长
        在公开征求意见后
        在周二的会议上
        十年来首次
        针对居民投诉
        在节假日来临前
        在居民压力下
        作为整体改革的一部分
        在收入大幅下降后
        在多个区
        在{p}天内
        从下个月起
        在预算紧张的情况下
        在新闻发布会上
        于周五
        比预期更早
        以慢于计划的速度
    """),
    openers=phrases("""
        与此同时，
        此外，
        据官员介绍，
        在一份声明中，
        另一方面，
        近几周来，
        因此，
        另据报道，
    """),
    frames=phrases("""
        有关{E}的最新消息引起各方关注。
        {E}的相关动态成为本周的焦点。
        市场密切关注涉及{E}的最新进展。
        观察人士认为，围绕{E}的局势仍不明朗。
        {E}相关新闻占据了当地媒体的头条。
        官员表示，与{E}有关的问题将在下周再次讨论。
    """),
    headlines=phrases("""
        官员权衡新措施应对成本上涨
        谈判在艰难一周后继续进行
        新交通线路规划公布
        居民对物价上涨表示担忧
        预算审查令多个项目暂缓
        出口商应对需求疲软
        新规定于本月初起生效
        投资停滞拖累经济复苏
        关键会议预计参与人数创新高
        风暴预警导致学校停课
        税收方案分歧令预算谈判陷入僵局
        监管机构加强对贷款机构的检查
        医院为繁忙的冬季做准备
        数据公布前投资者保持谨慎
        夏季淡季过后港口吞吐量回升
        干旱天气冲击种植户
        住房计划引发不同反应
        能源价格连续三个月回落
        谈判代表称关键议题取得进展
        游客人数超出预期
    """),
    captions=phrases("""
        工作日早晨的市中心街景。
        河边建筑工地上的工人。
        老城区市场里的购物者。
        官员在市政厅开会。
        在港口外等候的集装箱船。
        在中央车站登车的乘客。
        城市边缘的农田。
        沿着滨水区散步的游客。
    """),
    desks=phrases("""
        本报记者
        财经新闻部
        国际新闻部
        编辑部
    """),
    related="相关新闻",
    comments="({n}) 条评论",
    navigation=("国内", "国际", "财经"),
    share="分享到：微博 微信 QQ空间",
    sentence="{S}{A}{V}{O}。",
    title="{E}{H}",
    joiner="、",
    sentence_gap="",
    has_case=False,
)

TRADITIONAL_CHINESE = Vocabulary(
    subjects=phrases("""
        市府官員
        交通部門
        當地居民
        多位分析師
        央行官員
        港口營運商
        部分立法委員
        縣政府
        小型企業主
        醫院管理層
        能源業者
        市議會
        當地農民
        工會代表
        研究機構的經濟學家
        教育部門
        警方
        投資人
        航空公司高層
        氣象單位
        環保團體
        財政部門首長
        製造業者
        觀光業者
    """),
    verbs=phrases("""
        計劃擴大
        正在評估
        呼籲增加
        預計削減
        正在籌備
        宣布推出
        同意資助
        正在考慮調整
        推遲了
        確認了
        希望改革
        質疑
        公布了
        正在加緊完善
        提出了
        承諾改善
        拒絕了
        歡迎
        正在試辦
        批准了
        調降了
        調升了
        重新檢視
        啟動了
    """),
    objects=phrases("""
        公車路網
        {n}個新站點
        本地供水系統
        社會住宅支出
        減碳{p}%的計畫
        住宅電價
        外資投資規定
        涵蓋{n}所學校的計畫
        道路維修預算
        沿河防洪設施
        對小型出口商的支援
        {n}個市場攤位的租金
        進口商品新稅
        鐵路升級時程
        總額{n}億元的補貼
        夜間航班數量
        {n}名護理師的薪資
        房市調控措施
        空氣品質研究
        {n}家社區診所
        塑膠回收計畫
        學校午餐費用
        捕魚限制
        太陽能電廠擴建
        安全標準審查
        提供{n}個農會的貸款
        數位支付系統
        舊港區改造工程
        食品價格稽查
        招募{n}名教師的計畫
        國有土地標售
        兩家公用事業公司的合併
        {n}名青年勞工的培訓
        新建自行車道
        旅館價格上限
        對{n}戶受災家庭的救助
    """),
    adverbials=phrases("""
        在未來兩年內
        本週
        在年底前
        經過數月討論後
        儘管成本上升
        在未來幾個月
        到明年春天
        隨著需求持續成長
        在公開徵詢意見後
        在週二的會議上
        十年來首次
        針對居民陳情
        在連假來臨前
        在居民壓力下
        作為整體改革的一環
        在營收大幅下滑後
        在多個行政區
        在{p}天內
        從下個月起
        在預算吃緊的情況下
        在記者會上
        於週五
        比預期更早
        以慢於計畫的速度
    """),
    openers=phrases("""
        與此同時，
        此外，
        據官員表示，
        在一份聲明中，
        另一方面，
        近幾週來，
        因此，
        另據報導，
    """),
    frames=phrases("""
        有關{E}的最新消息引起各界關注。
        {E}的相關動態成為本週焦點。
        市場密切關注涉及{E}的最新發展。
        觀察人士認為，圍繞{E}的局勢仍不明朗。
        {E}相關新聞占據了當地媒體的頭版。
        官員表示，與{E}有關的問題將在下週再次討論。
    """),
    headlines=phrases("""
        官員權衡新措施因應成本上漲
        談判在艱難一週後繼續進行
        新交通路線規劃出爐
        居民對物價上漲表達憂慮
        預算審查令多項計畫暫緩
        出口商因應需求疲弱
        新規定自本月初起生效
        投資停滯拖累經濟復甦
        關鍵會議預計出席人數創新高
        風暴警報導致學校停課
        稅制方案分歧令預算協商陷入僵局
        監管機關加強對放款機構的檢查
        醫院為繁忙的冬季做準備
        數據公布前投資人保持觀望
        夏季淡季過後港口貨運量回升
        乾旱天氣衝擊農民
        住宅計畫引發不同反應
        能源價格連續三個月回落
        談判代表稱關鍵議題取得進展
        觀光客人數超出預期
    """),
    captions=phrases("""
        平日早晨的市中心街景。
        河邊工地上的工人。
        老城區市場裡的購物民眾。
        官員在市政廳開會。
        在港口外等候的貨櫃輪。
        在中央車站上車的乘客。
        城市邊緣的農田。
        沿著水岸散步的遊客。
    """),
    desks=phrases("""
        本報記者
        財經中心
        國際中心
        編輯部
    """),
    related="相關新聞",
    comments="({n}) 則留言",
    navigation=("要聞", "國際", "財經"),
    share="分享到：Facebook WhatsApp",
    sentence="{S}{A}{V}{O}。",
    title="{E}　{H}",
    joiner="、",
    sentence_gap="",
    has_case=False,
)

JAPANESE = Vocabulary(
    subjects=phrases("""
        市の担当者
        国土交通省
        地元の住民
        複数のアナリスト
        中央銀行
        港湾の運営会社
        与党の議員団
        県
        中小企業の経営者
        病院の運営側
        電力会社
        市議会
        地域の農家
        労働組合の代表
        研究機関のエコノミスト
        教育委員会
        警察
        投資家
        航空会社の幹部
        気象台
        環境団体
        財務相
        製造業各社
        観光業者
    """),
    verbs=phrases("""
        拡大する方針を示した
        検討している
        見直すよう求めた
        削減する見通しだ
        準備している
        発表した
        支援することで合意した
        調整する考えを示した
        延期した
        確認した
        改革したい考えだ
        疑問視している
        公表した
        急いでいる
        提案した
        改善すると約束した
        拒否した
        歓迎した
        試験的に導入した
        承認した
        引き下げた
        引き上げた
        改めて点検した
        始めた
    """),
    objects=phrases("""
        バス路線網
        {n}カ所の新しい駅
        地域の水道網
        公営住宅への支出
        排出量を{p}％減らす計画
        電気料金
        外国投資の規則
        {n}校を対象とする事業
        道路補修の予算
        川沿いの堤防
        小規模な輸出企業への支援
        市場の{n}区画の賃料
        輸入品への新たな税
        鉄道改良の日程
        総額{n}億円の補助金
        夜間便の数
        看護師{n}人の賃金
        不動産市場の過熱を抑える対策
        大気の質に関する調査
        {n}カ所の診療所
        プラスチックの再利用制度
        給食の費用
        漁業の規制
        太陽光発電所の拡張
        安全基準の見直し
        {n}の農業協同組合への融資
        電子決済の仕組み
        旧港の再開発
        食品価格の点検
        教員{n}人の採用計画
        国有地の売却
        公益企業2社の統合
        若手労働者{n}人の研修
        新しい自転車専用レーン
        ホテル料金の上限
        被災した{n}世帯への支援
    """),
    adverbials=phrases("""
        今後2年間で
        今週
        年内に
        数カ月の議論を経て
        コスト上昇にもかかわらず
        今後数カ月のうちに
        来春までに
        需要の拡大を受けて
        意見公募を経て
        火曜日の会合で
        10年ぶりに
        住民の苦情を受けて
        大型連休を前に
        住民の要望を受けて
        改革の一環として
        収入の大幅な減少を受けて
        複数の地区で
        {p}日以内に
        来月から
        厳しい予算の中で
        記者会見で
        金曜日に
        予定より早く
        計画より遅いペースで
    """),
    openers=phrases("""
        一方、
        また、
        関係者によると、
        声明によると、
        さらに、
        これに対し、
        ここ数週間、
        その結果、
    """),
    frames=phrases("""
        {E}をめぐる最新の動きに関心が集まっている。
        {E}に関する報道が相次いだ。
        市場は{E}の動向を注視している。
        {E}をめぐる情勢は依然として不透明だという。
        {E}のニュースが地元紙の一面を飾った。
        {E}に関する問題は来週改めて協議される見通しだ。
    """),
    headlines=phrases("""
        コスト上昇で新たな対策を検討
        厳しい1週間を経て協議続く
        新たな交通網の計画を発表
        物価上昇に住民から懸念の声
        予算見直しで事業の先送り相次ぐ
        需要の鈍化に輸出企業が苦慮
        新ルールが月初めから施行
        投資の停滞で回復に陰り
        重要会合に過去最多の参加見込み
        暴風警報で休校相次ぐ
        税制案めぐり予算協議が難航
        金融機関への検査を強化
        冬の繁忙期に備える病院
        指標発表を前に投資家は慎重
        夏の閑散期を経て港の取扱量が回復
        少雨で農家に打撃
        住宅計画に賛否
        エネルギー価格が3カ月連続で下落
        交渉担当者が主要議題で前進と説明
        観光客数が予想を上回る
    """),
    captions=phrases("""
        平日の朝の市中心部。
        川沿いの工事現場で働く作業員。
        旧市街の市場で買い物をする人たち。
        市役所で開かれた会合。
        港の沖で待機するコンテナ船。
        中央駅で列車に乗り込む乗客。
        市の郊外に広がる農地。
        海辺を散策する観光客。
    """),
    desks=phrases("""
        経済部
        社会部
        国際部
        運動部
    """),
    related="関連記事",
    comments="コメント（{n}）",
    navigation=("経済", "国際", "社会"),
    share="この記事をシェア：X Facebook LINE",
    sentence="{S}は{A}{O}を{V}。",
    title="{E}　{H}",
    joiner="、",
    sentence_gap="",
    has_case=False,
)

VIETNAMESE = Vocabulary(
    subjects=phrases("""
        Chính quyền thành phố
        Bộ Giao thông vận tải
        Người dân địa phương
        Nhiều chuyên gia phân tích
        Ngân hàng trung ương
        Các doanh nghiệp cảng biển
        Một nhóm đại biểu
        Ủy ban nhân dân tỉnh
        Các chủ doanh nghiệp nhỏ
        Ban giám đốc bệnh viện
        Các công ty năng lượng
        Hội đồng nhân dân thành phố
        Nông dân trong vùng
        Đại diện công đoàn
        Các nhà kinh tế tại một viện nghiên cứu
        Sở Giáo dục
        Lực lượng công an
        Giới đầu tư
        Lãnh đạo các hãng hàng không
        Cơ quan khí tượng
        Các tổ chức môi trường
        Bộ trưởng Tài chính
        Các nhà sản xuất
        Các doanh nghiệp du lịch
    """),
    verbs=phrases("""
        dự kiến mở rộng
        đang xem xét
        kêu gọi tăng
        dự kiến cắt giảm
        đang chuẩn bị
        đã công bố
        đồng ý tài trợ
        đang cân nhắc điều chỉnh
        đã hoãn
        đã xác nhận
        muốn cải cách
        đặt câu hỏi về
        đã công khai
        đang gấp rút hoàn thiện
        đã đề xuất
        cam kết cải thiện
        đã bác bỏ
        hoan nghênh
        đang thử nghiệm
        đã phê duyệt
        đã giảm
        đã tăng
        rà soát lại
        đã khởi động
    """),
    objects=phrases("""
        mạng lưới xe buýt
        {n} nhà ga mới
        hệ thống cấp nước
        chi tiêu cho nhà ở xã hội
        kế hoạch giảm {p}% lượng khí thải
        giá điện sinh hoạt
        quy định về đầu tư nước ngoài
        chương trình cho {n} trường học
        ngân sách sửa chữa đường sá
        hệ thống đê ven sông
        hỗ trợ cho các doanh nghiệp xuất khẩu nhỏ
        tiền thuê {n} sạp chợ
        thuế mới đối với hàng nhập khẩu
        lộ trình nâng cấp đường sắt
        khoản trợ cấp trị giá {n} tỷ đồng
        số chuyến bay đêm
        lương của {n} điều dưỡng
        các biện pháp hạ nhiệt thị trường bất động sản
        nghiên cứu về chất lượng không khí
        {n} phòng khám mới
        chương trình tái chế nhựa
        chi phí bữa ăn bán trú
        các hạn chế đánh bắt cá
        việc mở rộng các trang trại điện mặt trời
        đợt rà soát tiêu chuẩn an toàn
        khoản vay cho {n} hợp tác xã nông nghiệp
        hệ thống thanh toán điện tử
        dự án cải tạo khu cảng cũ
        việc kiểm tra giá thực phẩm
        kế hoạch tuyển {n} giáo viên
        việc bán đất công
        việc sáp nhập hai công ty điện nước
        khóa đào tạo cho {n} lao động trẻ
        các làn đường dành cho xe đạp
        mức trần giá phòng khách sạn
        gói hỗ trợ cho {n} hộ dân bị ngập
    """),
    adverbials=phrases("""
        trong hai năm tới
        trong tuần này
        trước cuối năm
        sau nhiều tháng thảo luận
        bất chấp chi phí tăng cao
        trong những tháng tới
        trước mùa xuân năm sau
        khi nhu cầu tiếp tục tăng
        sau khi lấy ý kiến người dân
        tại cuộc họp hôm thứ Ba
        lần đầu tiên sau một thập kỷ
        để đáp lại phản ánh của người dân
        trước kỳ nghỉ lễ
        trước sức ép của người dân
        như một phần của cải cách chung
        sau khi nguồn thu giảm mạnh
        tại nhiều quận
        trong vòng {p} ngày
        từ tháng sau
        trong bối cảnh ngân sách eo hẹp
        tại buổi họp báo
        vào thứ Sáu
        sớm hơn dự kiến
        với tốc độ chậm hơn kế hoạch
    """),
    openers=phrases("""
        Trong khi đó,
        Bên cạnh đó,
        Theo các quan chức,
        Trong một thông cáo,
        Mặt khác,
        Những tuần gần đây,
        Do đó,
        Ngoài ra,
    """),
    frames=phrases("""
        Những diễn biến mới liên quan đến {E} đang được dư luận quan tâm.
        Tin tức về {E} tiếp tục thu hút sự chú ý trong tuần này.
        Thị trường theo dõi sát các động thái liên quan đến {E}.
        Giới quan sát cho rằng tình hình xung quanh {E} vẫn chưa rõ ràng.
        Thông tin về {E} xuất hiện trên trang nhất của nhiều tờ báo.
        Các quan chức cho biết vấn đề liên quan đến {E} sẽ được thảo luận lại vào tuần tới.
    """),
    headlines=phrases("""
        cân nhắc biện pháp mới khi chi phí tăng
        đàm phán tiếp tục sau một tuần khó khăn
        công bố quy hoạch tuyến giao thông mới
        người dân lo ngại giá cả tăng cao
        rà soát ngân sách khiến nhiều dự án tạm dừng
        doanh nghiệp xuất khẩu chật vật vì nhu cầu yếu
        quy định mới có hiệu lực từ đầu tháng
        đầu tư chững lại, đà phục hồi chậm
        hội nghị quan trọng dự kiến đông người tham dự
        cảnh báo bão khiến nhiều trường cho học sinh nghỉ
        đàm phán ngân sách bế tắc vì phương án thuế
        siết chặt kiểm tra các tổ chức cho vay
        bệnh viện chuẩn bị cho mùa đông bận rộn
        nhà đầu tư thận trọng trước khi số liệu công bố
        lượng hàng qua cảng phục hồi sau mùa hè
        nông dân điêu đứng vì nắng hạn
        kế hoạch nhà ở nhận nhiều ý kiến trái chiều
        giá năng lượng giảm tháng thứ ba liên tiếp
        các nhà đàm phán báo cáo tiến triển
        lượng du khách vượt dự báo
    """),
    captions=phrases("""
        Khu trung tâm thành phố vào buổi sáng ngày thường.
        Công nhân tại một công trường ven sông.
        Người dân mua sắm tại một khu chợ trong phố cổ.
        Cuộc họp của các quan chức tại trụ sở ủy ban.
        Tàu container chờ ngoài cảng.
        Hành khách lên tàu tại ga trung tâm.
        Đồng ruộng ở ven thành phố.
        Du khách dạo bộ dọc bờ sông.
    """),
    desks=phrases("""
        Ban Thời sự
        Ban Kinh tế
        Ban Quốc tế
        Phóng viên
    """),
    related="Bài liên quan",
    comments="({n}) Bình luận",
    navigation=("Thời sự", "Thế giới", "Kinh doanh"),
    share="Chia sẻ Facebook Zalo",
    sentence="{S} {V} {O} {A}.",
    title="{E}: {H}",
    joiner=" và ",
)

ARABIC = Vocabulary(
    subjects=phrases("""
        المسؤولون في البلدية
        مسؤولو وزارة النقل
        السكان المحليون
        عدد من المحللين
        مسؤولو البنك المركزي
        مشغلو الموانئ
        عدد من النواب
        المسؤولون في حكومة المنطقة
        أصحاب المشاريع الصغيرة
        مديرو المستشفى
        مسؤولو شركات الطاقة
        أعضاء المجلس البلدي
        المزارعون في المنطقة
        ممثلو النقابات
        اقتصاديون في مركز للأبحاث
        مسؤولو وزارة التعليم
        مسؤولون في الشرطة
        المستثمرون
        مسؤولو شركات الطيران
        خبراء الأرصاد
        ناشطون في جمعيات البيئة
        مسؤولون في وزارة المالية
        المصنعون
        العاملون في قطاع السياحة
    """),
    verbs=phrases("""
        يعتزمون توسيع
        يدرسون
        طالبوا بزيادة
        يتوقعون خفض
        يستعدون لإطلاق
        أعلنوا عن
        وافقوا على تمويل
        يبحثون تعديل
        أجلوا
        أكدوا
        يسعون إلى إصلاح
        شككوا في
        نشروا
        يسارعون إلى استكمال
        اقترحوا
        تعهدوا بتحسين
        رفضوا
        أيدوا
        يختبرون
        أقروا
        خفضوا
        رفعوا
        أعادوا النظر في
        أطلقوا
    """),
    objects=phrases("""
        شبكة الحافلات
        {n} محطات جديدة
        شبكة المياه المحلية
        الإنفاق على الإسكان العام
        خطة لخفض الانبعاثات بنسبة {p} في المئة
        أسعار الكهرباء
        قواعد الاستثمار الأجنبي
        برنامجا يشمل {n} مدرسة
        ميزانية صيانة الطرق
        سدود الحماية من الفيضانات على طول النهر
        دعم المصدرين الصغار
        إيجارات {n} محلا في السوق
        ضريبة جديدة على السلع المستوردة
        جدول تحديث السكك الحديدية
        دعما بقيمة {n} مليون ريال
        عدد الرحلات الليلية
        رواتب {n} ممرضة
        إجراءات لتهدئة سوق العقارات
        دراسة حول جودة الهواء
        {n} عيادات جديدة
        برنامجا لإعادة تدوير البلاستيك
        تكلفة الوجبات المدرسية
        القيود على الصيد
        توسيع مزارع الطاقة الشمسية
        مراجعة معايير السلامة
        قروضا لنحو {n} جمعية زراعية
        نظاما للدفع الإلكتروني
        تجديد الميناء القديم
        الرقابة على أسعار الغذاء
        خطة لتوظيف {n} معلم
        بيع أراض حكومية
        دمج شركتين للخدمات
        تدريب {n} من العمال الشباب
        مسارات جديدة للدراجات
        سقفا لأسعار الفنادق
        مساعدات لنحو {n} أسرة متضررة من السيول
    """),
    adverbials=phrases("""
        خلال العامين المقبلين
        هذا الأسبوع
        قبل نهاية العام
        بعد أشهر من النقاش
        رغم ارتفاع التكاليف
        في الأشهر المقبلة
        بحلول الربيع المقبل
        مع استمرار نمو الطلب
        بعد مشاورات عامة
        في اجتماع يوم الثلاثاء
        للمرة الأولى منذ عقد
        استجابة لشكاوى السكان
        قبل موسم العطلات
        تحت ضغط السكان
        في إطار إصلاح أوسع
        بعد تراجع حاد في الإيرادات
        في عدة أحياء
        خلال {p} يوما
        اعتبارا من الشهر المقبل
        في ظل ميزانية محدودة
        خلال مؤتمر صحفي
        يوم الجمعة
        في وقت أبكر من المتوقع
        بوتيرة أبطأ من المخطط
    """),
    openers=phrases("""
        وفي الأثناء،
        إلى جانب ذلك،
        وبحسب المسؤولين،
        وفي بيان،
        من جهة أخرى،
        وخلال الأسابيع الأخيرة،
        ونتيجة لذلك،
        وفي سياق متصل،
    """),
    frames=phrases("""
        تتجه الأنظار مجددا إلى {E} مع استمرار المحادثات.
        أثارت آخر التقارير بشأن {E} اهتماما واسعا.
        تتابع الأسواق عن كثب التطورات في ملف {E}.
        يقول مراقبون إن الوضع حول {E} لا يزال غامضا.
        تصدرت أخبار {E} عناوين الصحف المحلية.
        قال مسؤولون إن ملف {E} سيناقش مجددا الأسبوع المقبل.
    """),
    headlines=phrases("""
        دراسة إجراءات جديدة مع ارتفاع التكاليف
        استمرار المحادثات بعد أسبوع صعب
        الكشف عن خطط لخطوط نقل جديدة
        قلق بين السكان من ارتفاع الأسعار
        مراجعة الميزانية تؤجل مشاريع عدة
        المصدرون يواجهون ضعف الطلب
        قواعد جديدة تدخل حيز التنفيذ مطلع الشهر
        تباطؤ التعافي مع تراجع الاستثمار
        توقعات بمشاركة قياسية في اجتماع مهم
        تحذيرات من العواصف تغلق المدارس
        تعثر محادثات الميزانية بسبب خطط الضرائب
        تشديد الرقابة على جهات الإقراض
        المستشفيات تستعد لشتاء مزدحم
        حذر بين المستثمرين قبل صدور البيانات
        انتعاش حركة الميناء بعد صيف هادئ
        الجفاف يضرب المزارعين
        خطة الإسكان تثير ردود فعل متباينة
        أسعار الطاقة تتراجع للشهر الثالث
        المفاوضون يتحدثون عن تقدم في القضايا الرئيسية
        أعداد السياح تتجاوز التوقعات
    """),
    captions=phrases("""
        وسط المدينة صباح يوم عمل.
        عمال في موقع بناء قرب النهر.
        متسوقون في سوق بالبلدة القديمة.
        اجتماع للمسؤولين في مقر البلدية.
        سفن حاويات تنتظر خارج الميناء.
        ركاب يستقلون القطار في المحطة المركزية.
        أراض زراعية على أطراف المدينة.
        زوار يتجولون على الواجهة البحرية.
    """),
    desks=phrases("""
        قسم الأخبار
        القسم الاقتصادي
        القسم الدولي
        قسم الشؤون المحلية
    """),
    related="أخبار ذات صلة",
    comments="التعليقات ({n})",
    navigation=("محليات", "دولي", "اقتصاد"),
    share="شارك عبر: فيسبوك واتساب",
    sentence="{S} {V} {O} {A}.",
    title="{E}: {H}",
    joiner="، ",
    has_case=False,
)

SPANISH = Vocabulary(
    subjects=phrases("""
        Las autoridades municipales
        Los responsables del Ministerio de Transporte
        Los vecinos del barrio
        Varios analistas
        Los directivos del banco central
        Los operadores del puerto
        Varios diputados
        Los consejeros del gobierno regional
        Los pequeños comerciantes
        Los directivos del hospital
        Las empresas eléctricas
        Los agricultores de la zona
    """),
    verbs=phrases("""
        prevén ampliar
        están revisando
        han pedido aumentar
        esperan reducir
        están preparando
        anunciaron
        acordaron financiar
        estudian modificar
        han aplazado
        confirmaron
        quieren reformar
        criticaron
    """),
    objects=phrases("""
        la red de autobuses
        {n} nuevas estaciones
        el suministro de agua
        el gasto en vivienda pública
        un plan para reducir las emisiones un {p} por ciento
        el precio de la electricidad
        las normas sobre inversión extranjera
        un programa para {n} colegios
        el presupuesto para reparar carreteras
        las defensas contra inundaciones
        las ayudas a los pequeños exportadores
        el alquiler de {n} puestos del mercado
        un nuevo impuesto a las importaciones
        el calendario de obras del ferrocarril
        subvenciones por valor de {n} millones de euros
        el número de vuelos nocturnos
    """),
    adverbials=phrases("""
        en los próximos dos años
        esta semana
        antes de fin de año
        tras meses de debate
        pese al aumento de los costes
        en los próximos meses
        antes de la primavera
        mientras la demanda sigue creciendo
        tras una consulta pública
        en una reunión celebrada el martes
        por primera vez en una década
        en un plazo de {p} días
    """),
    openers=phrases("""
        Mientras tanto,
        Además,
        Según los responsables,
        Por otra parte,
    """),
    frames=phrases("""
        La atención volvió a centrarse en {E} mientras seguían las negociaciones.
        Las últimas noticias sobre {E} despertaron un gran interés.
        Los observadores señalaron que la situación en torno a {E} sigue sin estar clara.
    """),
    headlines=phrases("""
        las autoridades estudian nuevas medidas ante la subida de los costes
        continúan las negociaciones tras una semana difícil
        presentan planes para nuevas líneas de transporte
        los vecinos, preocupados por la subida de los precios
        la revisión del presupuesto frena varios proyectos
        los exportadores sufren la caída de la demanda
        entran en vigor las nuevas normas
        la inversión se estanca y la recuperación se frena
    """),
    captions=phrases("""
        El centro de la ciudad un día laborable por la mañana.
        Obreros en una obra junto al río.
        Compradores en un mercado del casco antiguo.
        Pasajeros suben al tren en la estación central.
    """),
    desks=("Redacción", "Sección de Economía"),
    related="Noticias relacionadas",
    comments="({n}) comentarios",
    navigation=("Nacional", "Internacional", "Economía"),
    share="Compartir: Facebook X",
    sentence="{S} {V} {O} {A}.",
    title="{E}: {H}",
    joiner=" y ",
)

FRENCH = Vocabulary(
    subjects=phrases("""
        Les autorités municipales
        Les services du ministère des Transports
        Les habitants du quartier
        Plusieurs analystes
        Les dirigeants de la banque centrale
        Les exploitants du port
        Plusieurs députés
        Les élus régionaux
        Les petits commerçants
        Les responsables de l'hôpital
        Les fournisseurs d'énergie
        Les agriculteurs de la région
    """),
    verbs=phrases("""
        prévoient d'étendre
        examinent
        ont demandé d'augmenter
        comptent réduire
        préparent
        ont annoncé
        ont accepté de financer
        envisagent de modifier
        ont reporté
        ont confirmé
        veulent réformer
        ont critiqué
    """),
    objects=phrases("""
        le réseau de bus
        {n} nouvelles stations
        l'approvisionnement en eau
        les dépenses de logement social
        un plan visant à réduire les émissions de {p} pour cent
        le prix de l'électricité
        les règles sur les investissements étrangers
        un programme pour {n} écoles
        le budget d'entretien des routes
        les digues le long du fleuve
        l'aide aux petits exportateurs
        le loyer de {n} étals du marché
        une nouvelle taxe sur les importations
        le calendrier des travaux ferroviaires
        des subventions de {n} millions d'euros
        le nombre de vols de nuit
    """),
    adverbials=phrases("""
        au cours des deux prochaines années
        cette semaine
        avant la fin de l'année
        après des mois de débat
        malgré la hausse des coûts
        dans les mois à venir
        d'ici au printemps
        alors que la demande continue de croître
        après une consultation publique
        lors d'une réunion mardi
        pour la première fois depuis dix ans
        dans un délai de {p} jours
    """),
    openers=phrases("""
        Pendant ce temps,
        Par ailleurs,
        Selon les responsables,
        De son côté,
    """),
    frames=phrases("""
        L'attention s'est de nouveau portée sur {E} alors que les discussions se poursuivaient.
        Les dernières informations sur {E} ont suscité un large intérêt.
        Selon les observateurs, la situation autour de {E} reste incertaine.
    """),
    headlines=phrases("""
        les autorités étudient de nouvelles mesures face à la hausse des coûts
        les discussions se poursuivent après une semaine difficile
        des projets de nouvelles lignes de transport dévoilés
        les habitants inquiets de la hausse des prix
        la révision du budget gèle plusieurs projets
        les exportateurs face au recul de la demande
        les nouvelles règles entrent en vigueur
        la reprise ralentit faute d'investissements
    """),
    captions=phrases("""
        Le centre-ville un matin de semaine.
        Des ouvriers sur un chantier près du fleuve.
        Des clients sur un marché de la vieille ville.
        Des voyageurs montent dans un train à la gare centrale.
    """),
    desks=("La rédaction", "Service économie"),
    related="Articles liés",
    comments="({n}) commentaires",
    navigation=("France", "Monde", "Économie"),
    share="Partager : Facebook X",
    sentence="{S} {V} {O} {A}.",
    title="{E} : {H}",
    joiner=" et ",
)

GERMAN = Vocabulary(
    subjects=phrases("""
        Die Stadtverwaltung
        Das Verkehrsministerium
        Der Stadtrat
        Die Zentralbank
        Der Hafenbetreiber
        Die Landesregierung
        Der Einzelhandelsverband
        Die Klinikleitung
        Der Energieversorger
        Der Bauernverband
        Die Gewerkschaft
        Das Bildungsministerium
    """),
    verbs=phrases("""
        will|ausbauen
        möchte|überprüfen
        soll|erhöhen
        will|kürzen
        muss|vorbereiten
        hat|angekündigt
        hat|finanziert
        will|ändern
        hat|verschoben
        hat|bestätigt
        will|reformieren
        hat|kritisiert
    """),
    objects=phrases("""
        den Busverkehr
        {n} neue Haltestellen
        die Wasserversorgung
        die Ausgaben für Sozialwohnungen
        einen Plan zur Senkung der Emissionen um {p} Prozent
        den Strompreis
        die Regeln für ausländische Investitionen
        ein Programm für {n} Schulen
        das Budget für Straßenreparaturen
        den Hochwasserschutz am Fluss
        die Hilfe für kleine Exporteure
        die Miete für {n} Marktstände
        eine neue Steuer auf Importe
        den Zeitplan für den Bahnausbau
        Zuschüsse in Höhe von {n} Millionen Euro
        die Zahl der Nachtflüge
    """),
    adverbials=phrases("""
        in den kommenden zwei Jahren
        in dieser Woche
        noch vor Jahresende
        nach monatelanger Debatte
        trotz steigender Kosten
        in den nächsten Monaten
        bis zum Frühjahr
        wegen der wachsenden Nachfrage
        nach einer öffentlichen Anhörung
        bei einer Sitzung am Dienstag
        zum ersten Mal seit zehn Jahren
        innerhalb von {p} Tagen
    """),
    openers=(),  # an opener would move the verb: German puts it second
    frames=phrases("""
        Die Aufmerksamkeit richtete sich erneut auf {E}.
        Die jüngsten Berichte über {E} stießen auf großes Interesse.
        Beobachter halten die Lage rund um {E} weiterhin für unklar.
    """),
    headlines=phrases("""
        Behörden prüfen neue Maßnahmen wegen steigender Kosten
        Gespräche gehen nach schwieriger Woche weiter
        Pläne für neue Verkehrsverbindungen vorgestellt
        Anwohner besorgt über steigende Preise
        Haushaltsprüfung stoppt mehrere Projekte
        Exporteure leiden unter schwacher Nachfrage
        Neue Regeln treten in Kraft
        Erholung stockt mangels Investitionen
    """),
    captions=phrases("""
        Die Innenstadt an einem Werktagmorgen.
        Arbeiter auf einer Baustelle am Fluss.
        Kunden auf einem Markt in der Altstadt.
        Fahrgäste steigen am Hauptbahnhof in einen Zug.
    """),
    desks=("Redaktion", "Wirtschaftsredaktion"),
    related="Mehr zum Thema",
    comments="Kommentare ({n})",
    navigation=("Politik", "Wirtschaft", "Sport"),
    share="Teilen: Facebook X",
    sentence="{S} {V0} {A} {O} {V1}.",
    title="{E}: {H}",
    joiner=" und ",
)

PORTUGUESE = Vocabulary(
    subjects=phrases("""
        As autoridades municipais
        Os técnicos do Ministério dos Transportes
        Os moradores do bairro
        Vários analistas
        Os diretores do banco central
        Os operadores do porto
        Vários deputados
        Os secretários do governo estadual
        Os pequenos comerciantes
        Os gestores do hospital
        As empresas de energia
        Os agricultores da região
    """),
    verbs=phrases("""
        pretendem ampliar
        estão revisando
        pediram para aumentar
        esperam reduzir
        estão preparando
        anunciaram
        concordaram em financiar
        estudam alterar
        adiaram
        confirmaram
        querem reformar
        criticaram
    """),
    objects=phrases("""
        a rede de ônibus
        {n} novas estações
        o abastecimento de água
        os gastos com moradia popular
        um plano para reduzir as emissões em {p} por cento
        o preço da energia elétrica
        as regras para investimento estrangeiro
        um programa para {n} escolas
        o orçamento para consertar estradas
        as barreiras contra enchentes
        o apoio aos pequenos exportadores
        o aluguel de {n} bancas da feira
        um novo imposto sobre importações
        o cronograma das obras ferroviárias
        subsídios de {n} milhões de reais
        o número de voos noturnos
    """),
    adverbials=phrases("""
        nos próximos dois anos
        nesta semana
        antes do fim do ano
        depois de meses de debate
        apesar da alta dos custos
        nos próximos meses
        até a primavera
        enquanto a demanda continua crescendo
        após uma consulta pública
        em uma reunião na terça-feira
        pela primeira vez em uma década
        em um prazo de {p} dias
    """),
    openers=phrases("""
        Enquanto isso,
        Além disso,
        Segundo as autoridades,
        Por outro lado,
    """),
    frames=phrases("""
        As atenções voltaram-se novamente para {E} enquanto as negociações continuavam.
        As últimas notícias sobre {E} despertaram grande interesse.
        Segundo observadores, a situação em torno de {E} continua incerta.
    """),
    headlines=phrases("""
        autoridades estudam novas medidas diante da alta dos custos
        negociações continuam depois de uma semana difícil
        apresentados planos para novas linhas de transporte
        moradores preocupados com a alta dos preços
        revisão do orçamento paralisa vários projetos
        exportadores sofrem com a demanda fraca
        novas regras entram em vigor
        investimento estagnado freia a recuperação
    """),
    captions=phrases("""
        O centro da cidade numa manhã de dia útil.
        Operários em uma obra perto do rio.
        Clientes em uma feira no centro histórico.
        Passageiros embarcam no trem na estação central.
    """),
    desks=("Redação", "Editoria de Economia"),
    related="Notícias relacionadas",
    comments="Comentários ({n})",
    navigation=("Brasil", "Mundo", "Economia"),
    share="Compartilhar: Facebook WhatsApp",
    sentence="{S} {V} {O} {A}.",
    title="{E}: {H}",
    joiner=" e ",
)

CZECH = Vocabulary(
    subjects=phrases("""
        Vedení města
        Ministerstvo dopravy
        Městská rada
        Centrální banka
        Provozovatel přístavu
        Krajský úřad
        Svaz obchodu
        Vedení nemocnice
        Energetická společnost
        Zemědělský svaz
        Odborová organizace
        Ministerstvo školství
    """),
    verbs=phrases("""
        plánuje rozšířit
        přezkoumává
        chce navýšit
        chce omezit
        připravuje
        oznamuje
        schvaluje
        zvažuje upravit
        odkládá
        potvrzuje
        chce reformovat
        kritizuje
    """),
    objects=phrases("""
        síť autobusových linek
        {n} nových zastávek
        dodávky vody
        výdaje na sociální bydlení
        plán na snížení emisí o {p} procent
        cenu elektřiny
        pravidla pro zahraniční investice
        program pro {n} škol
        rozpočet na opravy silnic
        protipovodňová opatření u řeky
        podporu malých vývozců
        nájem {n} tržních stánků
        novou daň z dovozu
        harmonogram modernizace železnice
        dotace ve výši {n} milionů korun
        počet nočních letů
    """),
    adverbials=phrases("""
        v příštích dvou letech
        tento týden
        do konce roku
        po měsících debat
        navzdory rostoucím nákladům
        v nadcházejících měsících
        do jara
        kvůli rostoucí poptávce
        po veřejném projednání
        na úterním jednání
        poprvé za deset let
        do {p} dnů
    """),
    openers=(),  # Czech keeps its word order loose, but an opener needs no comma: not worth the rules
    frames=phrases("""
        Pozornost se znovu obrátila k tématu {E}.
        Nejnovější zprávy o tématu {E} vzbudily velký zájem.
        Podle pozorovatelů zůstává situace kolem tématu {E} nejasná.
    """),
    headlines=phrases("""
        úřady zvažují nová opatření kvůli rostoucím nákladům
        jednání pokračují po náročném týdnu
        představeny plány nových dopravních spojení
        obyvatelé se obávají růstu cen
        revize rozpočtu zastavila několik projektů
        vývozci čelí slabší poptávce
        nová pravidla vstupují v platnost
        oživení zpomaluje kvůli nedostatku investic
    """),
    captions=phrases("""
        Centrum města ve všední den ráno.
        Dělníci na staveništi u řeky.
        Zákazníci na trhu ve starém městě.
        Cestující nastupují do vlaku na hlavním nádraží.
    """),
    desks=("Redakce", "Ekonomická redakce"),
    related="Související články",
    comments="Komentáře ({n})",
    navigation=("Domov", "Svět", "Ekonomika"),
    share="Sdílet: Facebook X",
    sentence="{S} {V} {O} {A}.",
    title="{E}: {H}",
    joiner=" a ",
)

THAI = Vocabulary(
    subjects=phrases("""
        เจ้าหน้าที่เทศบาล
        กระทรวงคมนาคม
        ชาวบ้านในพื้นที่
        นักวิเคราะห์หลายราย
        ธนาคารกลาง
        ผู้ประกอบการท่าเรือ
        กลุ่มสมาชิกสภาผู้แทนราษฎร
        รัฐบาลจังหวัด
        เจ้าของกิจการขนาดเล็ก
        ผู้บริหารโรงพยาบาล
        บริษัทพลังงาน
        เกษตรกรในภูมิภาค
    """),
    verbs=phrases("""
        วางแผนขยาย
        กำลังทบทวน
        เรียกร้องให้เพิ่ม
        คาดว่าจะลด
        กำลังเตรียม
        ประกาศ
        ตกลงให้ทุนสนับสนุน
        กำลังพิจารณาปรับ
        เลื่อน
        ยืนยัน
        ต้องการปฏิรูป
        วิจารณ์
    """),
    objects=phrases("""
        เครือข่ายรถโดยสาร
        สถานีใหม่ {n} แห่ง
        ระบบประปาท้องถิ่น
        งบประมาณที่อยู่อาศัยสาธารณะ
        แผนลดการปล่อยมลพิษร้อยละ {p}
        ค่าไฟฟ้า
        กฎการลงทุนจากต่างประเทศ
        โครงการสำหรับโรงเรียน {n} แห่ง
        งบซ่อมถนน
        คันกั้นน้ำริมแม่น้ำ
        การช่วยเหลือผู้ส่งออกรายย่อย
        ค่าเช่าแผงตลาด {n} แผง
        ภาษีใหม่สำหรับสินค้านำเข้า
        กำหนดการปรับปรุงทางรถไฟ
        เงินอุดหนุนมูลค่า {n} ล้านบาท
        จำนวนเที่ยวบินกลางคืน
    """),
    adverbials=phrases("""
        ภายในสองปีข้างหน้า
        ในสัปดาห์นี้
        ก่อนสิ้นปี
        หลังการถกเถียงหลายเดือน
        แม้ต้นทุนจะสูงขึ้น
        ในอีกไม่กี่เดือนข้างหน้า
        ภายในฤดูใบไม้ผลิ
        ขณะที่ความต้องการยังเพิ่มขึ้น
        หลังการรับฟังความคิดเห็นของประชาชน
        ในการประชุมเมื่อวันอังคาร
        เป็นครั้งแรกในรอบสิบปี
        ภายใน {p} วัน
    """),
    openers=phrases("""
        ขณะเดียวกัน
        นอกจากนี้
        ตามข้อมูลของเจ้าหน้าที่
        อีกด้านหนึ่ง
    """),
    frames=phrases("""
        ความสนใจหันกลับไปที่ {E} อีกครั้ง
        รายงานล่าสุดเกี่ยวกับ {E} ได้รับความสนใจอย่างกว้างขวาง
        ผู้สังเกตการณ์ระบุว่าสถานการณ์เกี่ยวกับ {E} ยังไม่ชัดเจน
    """),
    headlines=phrases("""
        เจ้าหน้าที่พิจารณามาตรการใหม่รับมือต้นทุนที่สูงขึ้น
        การเจรจาเดินหน้าต่อหลังสัปดาห์ที่ยากลำบาก
        เปิดแผนเส้นทางคมนาคมใหม่
        ชาวบ้านกังวลราคาสินค้าพุ่ง
        การทบทวนงบประมาณทำให้หลายโครงการชะงัก
        ผู้ส่งออกเผชิญความต้องการที่อ่อนตัว
        กฎใหม่มีผลบังคับใช้ต้นเดือน
        การลงทุนชะลอตัวฉุดการฟื้นตัว
    """),
    captions=phrases("""
        ใจกลางเมืองในเช้าวันทำงาน
        คนงานที่ไซต์ก่อสร้างริมแม่น้ำ
        ผู้คนจับจ่ายในตลาดย่านเมืองเก่า
        ผู้โดยสารขึ้นรถไฟที่สถานีกลาง
    """),
    desks=("กองบรรณาธิการ", "ข่าวเศรษฐกิจ"),
    related="ข่าวที่เกี่ยวข้อง",
    comments="ความคิดเห็น ({n})",
    navigation=("ในประเทศ", "ต่างประเทศ", "เศรษฐกิจ"),
    share="แชร์: Facebook X",
    sentence="{S}{V}{O}{A}",
    title="{E} {H}",
    joiner=" และ ",
    has_case=False,
)


VOCABULARY = {
    "en": ENGLISH,
    "zh-Hans": SIMPLIFIED_CHINESE,
    "zh-Hant": TRADITIONAL_CHINESE,
    "ja": JAPANESE,
    "vi": VIETNAMESE,
    "ar": ARABIC,
    "es": SPANISH,
    "fr": FRENCH,
    "de": GERMAN,
    "pt-BR": PORTUGUESE,
    "cs": CZECH,
    "th": THAI,
}


if __name__ == "__main__":
    sys.exit(main())
