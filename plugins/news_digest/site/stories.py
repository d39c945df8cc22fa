"""Stories: articles about one event, across sources, languages and scripts.

An article is described by what its title and lead name — canonical tags (one tag whatever the
script) and name candidates — and by its title's rarer character pairs, each weighted by how rare
it is around the article (names everyone mentions say little), persons and topics at half weight
(they recur across unrelated events). Articles join stories by the cosine of these vectors, within a
time window; candidate stories come from an index of names, so the work grows with the archive, not
its square.

How rare a name is, is told among the articles around the article: the WEIGHT_SPAN articles
before it (or, among an archive's first ones, its first WEIGHT_SPAN), and every article up to one
story window after it (the reports its story can still gather). Not the whole archive: then a day's
new articles would shift every weight, and with them stories published months ago (and every page
that shows them). In an archive larger than the span, a day's new files change only the stories of
the window before them, which they can join anyway.

So a build need not cluster the whole archive again for a day's new files: each run leaves a
checkpoint (Resume), its state before the first article of the archive's last week, and the next
run starts from there when every article that state depends on is the same (a digest of them, and
the next article one it had not counted yet); otherwise it starts from the first article. Either
way the stories are the same.
"""

from __future__ import annotations

import hashlib
import math
import os
import pickle
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from ..cache import UNREADABLE
from ..headlines import without_site_suffix
from ..slugs import disambiguate

# A shared name carried by more than this share of the archive links nothing.
MAX_NAME_SHARE = 0.15
# ... unless few articles carry it at all (a small archive), and never weighing less than MIN_WEIGHT.
MIN_COMMON_COUNT = 10
MIN_WEIGHT = 0.5
# Kinds of tag that recur across unrelated events: they count half.
HALF_WEIGHT_KINDS = frozenset({"person", "topic"})
# Evidence a story needs from an article: shared names, or a name and shared title features, or
# title features alone.
MIN_SHARED_NAMES = 2
MIN_SHARED_TITLE_FEATURES = 2
MIN_TITLE_ONLY = 4
# Rare title bigrams (same script) join the name vector at this fraction of their weight.
TITLE_BIGRAM_FACTOR = 0.5
UNSPACED_RUN_PATTERN = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]+")
WORD_PATTERN = re.compile(r"[^\W_]+")
# Title features (CJK character pairs, words) in more than this share of titles say nothing.
MAX_TITLE_BIGRAM_SHARE = 0.15
# How many articles before an article tell, with those up to a story window after it, how rare its
# names are (in a busy archive the last week or two, in a quiet one months); never fewer than this
# many, where the archive has them.
WEIGHT_SPAN = 2000
# Where a run leaves a checkpoint for the next build's: before the first article of the last this
# many days (a day's new files, dated after it, resume from there).
CHECKPOINT_AGE = timedelta(days=7)
CLOSED_MARGIN = timedelta(days=1)


@dataclass(frozen=True)
class StoryItem:
    key: str
    date: datetime
    title: str
    lang: str
    source_id: str
    names: tuple[str, ...]  # key tags ("t:" ids) and key entities ("e:" folded names)
    kinds: dict  # name -> tag kind, for canonical tags


@dataclass(frozen=True)
class Story:
    id: str
    members: tuple[StoryItem, ...]  # in time order


def title_features(title: str) -> frozenset[str]:
    """Character pairs of unspaced scripts, whole words (of four letters or more) of spaced ones."""
    title = without_site_suffix(title).casefold()
    found = set()
    for run in UNSPACED_RUN_PATTERN.findall(title):
        found.update(run[i : i + 2] for i in range(len(run) - 1))
    found.update(word for word in WORD_PATTERN.findall(UNSPACED_RUN_PATTERN.sub(" ", title)) if len(word) >= 4)
    return frozenset(found)


def script_of(lang: str) -> str:
    return "zh" if lang.startswith("zh") else lang.split("-", maxsplit=1)[0]


class NameCounts:
    """How many sets of a sliding run of articles hold each name."""

    def __init__(self) -> None:
        self.counts: dict[str, int] = defaultdict(int)
        self.total = 0

    def add(self, found: frozenset[str]) -> None:
        self.total += 1
        for name in found:
            self.counts[name] += 1

    def remove(self, found: frozenset[str]) -> None:
        self.total -= 1
        for name in found:
            left = self.counts[name] - 1
            if left:
                self.counts[name] = left
            else:
                del self.counts[name]

    def weight(self, name: str, max_share: float) -> float | None:
        """The inverse document frequency of a name at least two sets share and few sets hold.

        Among few articles a share says little (three reports of one event in ten articles are
        30%): a name is too common only when it is also in more than MIN_COMMON_COUNT sets. The
        weight is never below MIN_WEIGHT, so a name most of a small archive's articles share still
        counts.
        """
        count = self.counts.get(name, 0)
        total = max(self.total, 1)
        if count > 1 and (count / total <= max_share or count <= MIN_COMMON_COUNT):
            return max(MIN_WEIGHT, math.log(total / count))
        return None


def story_id(members: list[StoryItem]) -> str:
    first = members[0]
    # From the first article's headline, not its file: ids stay the same wherever the archive lies.
    digest = hashlib.blake2b(first.title.encode("utf-8"), digest_size=4).hexdigest()
    return f"{first.date:%Y-%m-%d}-{digest}"


def enough_evidence(names: int, titles: int) -> bool:
    """One shared name is not a story: two names, or a name and two title features, or four features."""
    return names >= MIN_SHARED_NAMES or (names > 0 and titles >= MIN_SHARED_TITLE_FEATURES) or titles >= MIN_TITLE_ONLY


@dataclass
class Cluster:
    members: list[int]
    centroid: dict[str, float]
    last: datetime
    squared: float = 0.0  # the centroid's squared length, kept as members join

    def add(self, key: str, value: float) -> None:
        old = self.centroid.get(key, 0.0)
        self.centroid[key] = old + value
        self.squared += (old + value) ** 2 - old * old

    def norm(self) -> float:
        return math.sqrt(max(self.squared, 0.0))


@dataclass(frozen=True)
class Checkpoint:
    """The clustering as it stood before the article at `position` of the time order: it had counted
    the articles before `seen`, the last of them up to `horizon`, and `prefix` digests those."""

    position: int
    seen: int
    horizon: datetime
    prefix: bytes
    state: bytes  # pickled: the stories (members by position), the index of names, the counts
    settings: tuple  # the story window and least similarity it was clustered with


class Resume:
    """A checkpoint kept in a file from one build to the next: the articles a build adds after the
    archive's last week are clustered from there, the rest of the archive as the last build left it.
    The result is the one a run from the first article gives: a checkpoint is taken only where
    every article it depends on is the same (see Checkpoint), and `salt` (the code, the settings)
    must match too."""

    def __init__(self, path: str, salt: bytes):
        self.path = path
        self.salt = salt
        self.resumed_at = 0  # the position the last run started from (0: the first article)

    def load(self) -> Checkpoint | None:
        try:
            with open(self.path, "rb") as handle:
                salt, checkpoint = pickle.load(handle)
        except (OSError, *UNREADABLE):
            return None
        return checkpoint if salt == self.salt and isinstance(checkpoint, Checkpoint) else None

    def save(self, checkpoint: Checkpoint) -> None:
        try:
            os.makedirs(os.path.dirname(self.path) or ".", exist_ok=True)
            temporary = f"{self.path}.{os.getpid()}.tmp"
            with open(temporary, "wb") as handle:
                pickle.dump((self.salt, checkpoint), handle, protocol=5)
            os.replace(temporary, self.path)
        except OSError:
            pass  # the next build clusters from the first article


class PrefixDigests:
    """Digests of the first articles of the time order (every field of each, as its repr, a line
    each): a checkpoint's `prefix`. One pass serves a run's two (the checkpoint read, then the one
    taken, further on): the digest goes on from where the last one stopped. Pickling each article
    instead took 0.29 s per digest at 20,000 articles, in the build's critical path."""

    def __init__(self, items: list[StoryItem], order: list[int]):
        self.items = items
        self.order = order
        self.running = hashlib.blake2b(digest_size=20)
        self.count = 0  # the articles the running digest has taken

    def of(self, count: int) -> bytes:
        """The digest of the first `count` articles."""
        if count < self.count:
            self.running, self.count = hashlib.blake2b(digest_size=20), 0
        items, order = self.items, self.order
        self.running.update(
            "".join(f"{items[order[position]]!r}\n" for position in range(self.count, count)).encode(
                "utf-8", "surrogatepass"
            )
        )
        self.count = count
        return self.running.copy().digest()


def take_checkpoint(
    position: int,
    items: list[StoryItem],
    order: list[int],
    state: tuple,
    settings: tuple[timedelta, float],
    *,
    prefixes: PrefixDigests,
) -> Checkpoint:
    """The state before the article at position. Stories silent for longer than the window (and a
    day, whatever the zones' offsets do) never take an article again: they keep their members only."""
    clusters, by_key, name_counts, title_counts, behind, ahead = state
    window = settings[0]
    date = items[order[position]].date
    place = {index: where for where, index in enumerate(order)}
    closed = {number for number, cluster in enumerate(clusters) if date - cluster.last > window + CLOSED_MARGIN}
    stored_clusters = [
        (
            [place[index] for index in cluster.members],
            {} if number in closed else cluster.centroid,
            cluster.last,
            cluster.squared,
        )
        for number, cluster in enumerate(clusters)
    ]
    stored_keys = {key: numbers - closed for key, numbers in by_key.items() if numbers - closed}
    state = pickle.dumps((stored_clusters, stored_keys, name_counts, title_counts, behind, ahead), protocol=5)
    horizon = items[order[position - 1]].date + window  # how far the last article counted reached
    return Checkpoint(position, ahead, horizon, prefixes.of(ahead), state, settings)


def resumable(
    checkpoint: Checkpoint,
    items: list[StoryItem],
    order: list[int],
    settings: tuple,
    *,
    prefixes: PrefixDigests,
) -> bool:
    """Whether a run from the first article would reach checkpoint's position in its state: the
    same settings, the same articles counted, and the next one one it would not have counted yet."""
    seen = checkpoint.seen
    if checkpoint.settings != settings or not 0 < checkpoint.position <= seen <= len(order):
        return False
    if seen < len(order) and (seen < WEIGHT_SPAN or items[order[seen]].date <= checkpoint.horizon):
        return False
    return prefixes.of(seen) == checkpoint.prefix


def find_stories(
    items: list[StoryItem], window: timedelta, min_similarity: float, resume: Resume | None = None
) -> list[Story]:
    """Stories of two or more articles, each in time order, in order of their first article.

    Single pass in time order: an article joins the story whose centroid (the sum of its members'
    weighted name vectors) is most like it, if that story had an article within the window and the
    cosine reaches min_similarity; otherwise it starts a story. A stray link cannot bridge two
    stories, as it could if any one similar pair joined them.
    """
    order = sorted(range(len(items)), key=lambda i: (items[i].date, items[i].key))
    # Title features as the articles are counted: a run resumed from a checkpoint counts only the
    # last weeks' (0.27 s for all 20,000 articles).
    bigrams: list[frozenset[str] | None] = [None] * len(items)

    def bigrams_of(index: int) -> frozenset[str]:
        found = bigrams[index]
        if found is None:
            found = bigrams[index] = title_features(items[index].title)
        return found

    names = [frozenset(item.names) for item in items]
    scripts = [script_of(item.lang) for item in items]
    # Names, and title features within their own script ("việt" is in every Vietnamese title), as
    # counted among the articles around the one at hand: see the module's docstring.
    name_counts = NameCounts()
    title_counts: dict[str, NameCounts] = defaultdict(NameCounts)
    behind = ahead = 0  # the articles counted are those at positions behind to ahead - 1 of order

    def vector(position: int) -> dict[str, float]:
        nonlocal behind, ahead
        index = order[position]
        item = items[index]
        horizon = item.date + window
        while ahead < len(order) and (ahead < WEIGHT_SPAN or items[order[ahead]].date <= horizon):
            joining = order[ahead]
            name_counts.add(names[joining])
            title_counts[scripts[joining]].add(bigrams_of(joining))
            ahead += 1
        while behind < position - WEIGHT_SPAN:
            leaving = order[behind]
            name_counts.remove(names[leaving])
            title_counts[scripts[leaving]].remove(bigrams_of(leaving))
            behind += 1
        found = {}
        for name in sorted(names[index]):  # sorted: float sums must not depend on the hash seed
            weight = name_counts.weight(name, MAX_NAME_SHARE)
            if weight is not None:
                found[name] = weight * (0.5 if item.kinds.get(name) in HALF_WEIGHT_KINDS else 1.0)
        script = scripts[index]
        for bigram in sorted(bigrams_of(index)):
            weight = title_counts[script].weight(bigram, MAX_TITLE_BIGRAM_SHARE)
            if weight is not None:
                found[f"b:{script}:{bigram}"] = weight * TITLE_BIGRAM_FACTOR
        return found

    clusters: list[Cluster] = []
    by_key: dict[str, set[int]] = defaultdict(set)
    start = 0
    checkpoint = resume.load() if resume is not None else None
    settings = (window, min_similarity)
    prefixes = PrefixDigests(items, order)
    if checkpoint is not None and resumable(checkpoint, items, order, settings, prefixes=prefixes):
        stored_clusters, stored_keys, name_counts, title_counts, behind, ahead = pickle.loads(checkpoint.state)
        clusters = [
            Cluster([order[p] for p in members], centroid, last, squared)
            for members, centroid, last, squared in stored_clusters
        ]
        by_key = defaultdict(set, stored_keys)
        start = checkpoint.position
    if resume is not None:
        resume.resumed_at = start
    newest = items[order[-1]].date if order else None
    taken = None
    for position in range(start, len(order)):
        index = order[position]
        date = items[index].date
        if resume is not None and taken is None and date >= newest - CHECKPOINT_AGE:
            taken = position
            if position > start:
                state = (clusters, by_key, name_counts, title_counts, behind, ahead)
                resume.save(take_checkpoint(position, items, order, state, settings, prefixes=prefixes))
        found = vector(position)
        norm = math.sqrt(sum(value * value for value in found.values()))
        best, best_similarity = None, 0.0
        if norm:
            # What each candidate story shares with the article, gathered key by key from the index
            # of names: its shared names and title features, and its dot product with the article.
            shared_names: dict[int, int] = defaultdict(int)
            shared_titles: dict[int, int] = defaultdict(int)
            dots: dict[int, float] = defaultdict(int)
            for key, value in found.items():
                active = by_key.get(key)
                if not active:
                    continue
                # Stories silent for longer than the window never take an article again: forget them.
                # (Told by datetime subtraction, which is wall-clock time for two times of one zone.)
                expired = [number for number in active if date - clusters[number].last > window]
                active.difference_update(expired)
                shared = shared_titles if key.startswith("b:") else shared_names
                for number in active:
                    shared[number] += 1
                    dots[number] += value * clusters[number].centroid[key]
            for number in sorted(dots):
                if not enough_evidence(shared_names[number], shared_titles[number]):
                    continue
                similarity = dots[number] / (norm * clusters[number].norm())
                if similarity > best_similarity:
                    best, best_similarity = number, similarity
        if best is not None and best_similarity >= min_similarity:
            cluster = clusters[best]
            cluster.members.append(index)
            cluster.last = max(cluster.last, date)
        else:
            best = len(clusters)
            cluster = Cluster([index], {}, date)
            clusters.append(cluster)
        for key, value in found.items():  # each member counts once, however many names it has
            cluster.add(key, value / norm)
            by_key[key].add(best)

    groups = [
        sorted((items[i] for i in cluster.members), key=lambda item: (item.date, item.key))
        for cluster in clusters
        if len(cluster.members) > 1
    ]
    groups.sort(key=lambda members: (members[0].date, story_id(members), members[0].key))
    # Two stories may open with the same headline on the same day: later ones get -2, -3 ….
    ids = disambiguate([story_id(members) for members in groups])
    return [Story(story, tuple(members)) for story, members in zip(ids, groups, strict=True)]
