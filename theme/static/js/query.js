// A reader's query as the search index holds words. Chinese and Japanese are written without spaces;
// the index split their text into words when it was built (tools/search_index.py), so the query's
// runs of those scripts are split here too, whatever the page's language. Used by search.js, and by
// tests/pagefind_search.mjs to search as the page does.
const UNSPACED_RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\u30fc\u3005\u3006]+/gu;
const wordSegmenter = typeof Intl.Segmenter === "function" ? new Intl.Segmenter("zh", { granularity: "word" }) : null;

function words(run) {
  return [...wordSegmenter.segment(run)].filter((part) => part.isWordLike).map((part) => part.segment);
}

export function searchTerms(query) {
  const trimmed = query.trim();
  if (!wordSegmenter) return trimmed;
  return trimmed.replace(UNSPACED_RUN, (run) => ` ${words(run).join(" ")} `).replace(/\s+/g, " ").trim();
}
