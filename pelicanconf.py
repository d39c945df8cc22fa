"""Every default setting of the site. publishconf.py overrides production values only."""

SITENAME = "News Digest"
# What search engines and link previews say of the site's list pages (articles describe themselves).
SITE_DESCRIPTION = "The day's news from many sources and languages, by day, topic, language, source and story."
# Pages link relatively (RELATIVE_URLS); feeds need absolute links, and `make serve` serves here.
# publishconf.py sets the public address.
SITEURL = "http://localhost:8000"
PATH = "content"
THEME = "theme"
# The UI language: its catalog theme/translations/<lang>/LC_MESSAGES/messages.po translates the theme
# ("en", "zh-Hans", "zh-Hant", "vi"; a tag without a catalog gets the English strings).
DEFAULT_LANG = "en"
TIMEZONE = "UTC"

PLUGIN_PATHS = ["plugins"]
PLUGINS = ["news_digest"]

# Raw news files are articles wherever they sit under content/; the site's own pages sit in pages/.
ARTICLE_PATHS = [""]
ARTICLE_EXCLUDES = ["pages"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = []
READERS = {"html": None}  # saved HTML pages under content/ are not Pelican pages

# Articles in different languages are separate articles, never each other's translations.
# Raw files are named however scrapers name them: no dates or slugs are read from file names.
FILENAME_METADATA = ""
ARTICLE_TRANSLATION_ID = None
PAGE_TRANSLATION_ID = None

ARTICLE_URL = "{date:%Y}/{date:%m}/{date:%d}/{slug}/"
ARTICLE_SAVE_AS = ARTICLE_URL + "index.html"
ARTICLE_LANG_URL = ARTICLE_URL
ARTICLE_LANG_SAVE_AS = ARTICLE_SAVE_AS
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
PAGE_LANG_URL = PAGE_URL
PAGE_LANG_SAVE_AS = PAGE_SAVE_AS
DRAFT_URL = "drafts/{slug}/"
DRAFT_SAVE_AS = "drafts/{slug}/index.html"
DRAFT_LANG_URL = DRAFT_URL
DRAFT_LANG_SAVE_AS = DRAFT_SAVE_AS

# A category is a news source.
CATEGORY_URL = "source/{slug}/"
CATEGORY_SAVE_AS = "source/{slug}/index.html"
CATEGORIES_URL = "sources/"
CATEGORIES_SAVE_AS = "sources/index.html"
TAG_URL = "tag/{slug}/"
TAG_SAVE_AS = "tag/{slug}/index.html"
TAGS_URL = "tags/"
TAGS_SAVE_AS = "tags/index.html"
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
ARCHIVES_URL = "archives/"
ARCHIVES_SAVE_AS = "archives/index.html"
YEAR_ARCHIVE_URL = "{date:%Y}/"
YEAR_ARCHIVE_SAVE_AS = "{date:%Y}/index.html"
MONTH_ARCHIVE_URL = "{date:%Y}/{date:%m}/"
MONTH_ARCHIVE_SAVE_AS = "{date:%Y}/{date:%m}/index.html"
DAY_ARCHIVE_URL = "{date:%Y}/{date:%m}/{date:%d}/"
DAY_ARCHIVE_SAVE_AS = "{date:%Y}/{date:%m}/{date:%d}/index.html"
# The home page is written by the plugin: its digest shows each story once, coverage collapsed.
# search: the search page (Pagefind); 404: 404.html at the root, which GitHub Pages serves for any missing path.
DIRECT_TEMPLATES = ["tags", "categories", "archives", "search", "404"]
SEARCH_URL = "search/"
SEARCH_SAVE_AS = "search/index.html"

DEFAULT_PAGINATION = 30
# "lang": the plugin's language pages (/lang/<tag>/).
PAGINATED_TEMPLATES = {"index": None, "tag": None, "category": None, "period_archives": None, "lang": None}
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)

FEED_DOMAIN = SITEURL
FEED_ALL_ATOM = "feeds/all.atom.xml"
TAG_FEED_ATOM = "feeds/tag/{slug}.atom.xml"
CATEGORY_FEED_ATOM = "feeds/source/{slug}.atom.xml"
FEED_ALL_RSS = None
CATEGORY_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
FEED_MAX_ITEMS = 50

RELATIVE_URLS = True
TYPOGRIFY = False
CACHE_CONTENT = False
DELETE_OUTPUT_DIRECTORY = False

# News Digest (defaults in plugins/news_digest/settings.py)
NEWS_DIGEST_SOURCES = "content/sources.yaml"
NEWS_DIGEST_TAGS = "content/tags.yaml"
NEWS_DIGEST_DISPLAY_TIMEZONE = "UTC"
NEWS_DIGEST_HOTLINK_IMAGES = False
NEWS_DIGEST_STRICT = False
NEWS_DIGEST_TRACKING_PARAMETERS = []  # more tracking parameters to drop, besides utm_*, fbclid, spm …
NEWS_DIGEST_DUPLICATE_SIMILARITY = 0.8
NEWS_DIGEST_STORY_WINDOW_HOURS = 72
NEWS_DIGEST_AUTO_TAG_MIN_ARTICLES = 3
