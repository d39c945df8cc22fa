// A reader's query as the search index holds words, and the search that answers it. Used by search.js,
// and by tests/pagefind_search.mjs to search as the page does.
//
// Chinese and Japanese are written without spaces; the index split their text into words when it was
// built (tools/search_index.py), so the query's runs of those scripts are split here too, whatever the
// page's language. Arabic words beginning with the article al- (ال) are held as two words, the article
// and the rest (the extended build's segmenter splits them so), and are split so here.
const ARABIC_ARTICLE = /(?<![\p{L}\p{M}])ال(?=\p{Script=Arabic})/gu;
const UNSPACED_RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\u30fc\u3005\u3006]+/gu;
const wordSegmenter = typeof Intl.Segmenter === "function" ? new Intl.Segmenter("zh", { granularity: "word" }) : null;

function words(run) {
  return [...wordSegmenter.segment(run)].filter((part) => part.isWordLike).map((part) => part.segment);
}

export function searchTerms(query) {
  const trimmed = query.trim().replace(ARABIC_ARTICLE, "ال ");
  if (!wordSegmenter) return trimmed;
  return trimmed.replace(UNSPACED_RUN, (run) => ` ${words(run).join(" ")} `).replace(/\s+/g, " ").trim();
}

// Pagefind leaves out a query word that its index holds no word beginning with, and answers with the
// other words. The site's index is several, one per shard of dates, merged in the browser: each answers
// on its own, so a shard without one of the words would answer with pages that hold only the others.
// Here a word is left out only when no shard holds it (as one index for the whole site would do), and
// every result holds each of the other words. A quoted phrase is Pagefind's exact search, which holds
// every word already.
export async function searchPages(pagefind, query, options = {}) {
  const terms = query === null ? null : searchTerms(query);
  const search = await pagefind.search(terms, options);
  const each = terms === null || terms.includes('"') ? [] : [...new Set(terms.split(" "))];
  if (each.length < 2 || !search.results.length) return search;
  const holding = await Promise.all(
    each.map(async (word) => new Set((await pagefind.search(word)).results.map((result) => result.id))),
  );
  const held = holding.filter((pages) => pages.size);
  return { ...search, results: search.results.filter((result) => held.every((pages) => pages.has(result.id))) };
}
