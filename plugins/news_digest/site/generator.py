"""Pages Pelican does not write by itself: the home page's digest, story pages and story feeds."""

from __future__ import annotations

from functools import partial

from pelican.generators import Generator

from .pelican_steps import digest_articles


class DigestGenerator(Generator):
    """Writes index.html (stories collapsed), each story's page and its Atom feed."""

    def generate_context(self):
        pass  # the articles generator fills self.context; the steps run at its pretaxonomy signal

    def generate_output(self, writer):
        write = partial(writer.write_file, relative_urls=self.settings["RELATIVE_URLS"])
        articles = self.context.get("articles", [])
        digest = digest_articles(articles)
        write(
            self.settings.get("INDEX_SAVE_AS", "index.html"),
            self.get_template("index"),
            self.context,
            articles=digest,
            dates=digest,
            blog=True,
            template_name="index",
            page_name="index",
            url=self.settings.get("INDEX_URL", ""),
        )
        template = self.get_template("story")
        for story in self.context.get("stories", []):
            write(
                story.save_as,
                template,
                self.context,
                story=story,
                articles=story.articles,
                template_name="story",
                url=story.url,
                page_name=story.url.rstrip("/"),
            )
            if story.feed:
                writer.write_feed(
                    list(reversed(story.articles)),
                    self.context,
                    story.feed,
                    feed_title=story.title,
                )
