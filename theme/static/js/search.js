// The search page. Pagefind (its script, WebAssembly and index, all served by this site) is loaded only
// when the reader focuses or submits the box, or opens a link to a search; until then nothing is
// fetched. Every word shown comes from the page (templates/search.html, translated); none is here.
import { searchPages } from "./query.js";

const form = document.getElementById("search-form");
const input = document.getElementById("search-query");
const statusLine = document.getElementById("search-status");
const list = document.getElementById("search-results");
const more = document.getElementById("search-more");
const resultTemplate = document.getElementById("search-result");
const filterBox = form.querySelector(".search-filters");
const filterSelects = [...form.querySelectorAll("select")];

// How many results are drawn at a time, and how long typing pauses before a search runs.
const PAGE_SIZE = 20;
const TYPING_PAUSE_MS = 250;

let pagefindLoading = null;
let generation = 0;
let pending = [];
let typingTimer = 0;

function say(template, values = {}) {
  statusLine.textContent = Object.entries(values).reduce((text, [key, value]) => text.replace(`{${key}}`, value), template || "");
}

function loadPagefind() {
  if (!pagefindLoading) {
    say(form.dataset.statusLoading);
    // A URL from the page's own address: the site may live under a sub-path (/repo/).
    const bundle = new URL(form.dataset.pagefind, document.baseURI).href;
    pagefindLoading = import(bundle).then(async (pagefind) => {
      await pagefind.options({ excerptLength: 30 });
      // The index comes in shards by date (tools/search_index.py): this bundle holds the newest,
      // shards.json names the others, each merged into one search.
      const shards = await fetch(new URL("shards.json", bundle)).then((response) => (response.ok ? response.json() : {}));
      for (const shard of shards.shards || []) {
        if (shard.path) await pagefind.mergeIndex(new URL(shard.path, bundle).pathname);
      }
      fillFilters(await pagefind.filters());
      say("");
      return pagefind;
    });
    pagefindLoading.catch(() => {
      pagefindLoading = null;
      say(form.dataset.statusFailed);
    });
  }
  return pagefindLoading;
}

function fillFilters(available) {
  for (const select of filterSelects) {
    const wanted = select.dataset.wanted || select.value;
    const values = Object.keys(available[select.name] || {}).sort((a, b) => a.localeCompare(b));
    for (const value of values) {
      select.append(new Option(value, value, false, value === wanted));
    }
  }
  filterBox.hidden = false;
}

function chosenFilters() {
  const filters = {};
  for (const select of filterSelects) {
    const value = select.value || select.dataset.wanted;
    if (value) filters[select.name] = value;
  }
  return filters;
}

function remember(query, filters) {
  const params = new URLSearchParams();
  if (query) params.set("q", query);
  for (const [name, value] of Object.entries(filters)) params.set(name, value);
  const search = params.toString();
  history.replaceState(null, "", search ? `?${search}` : location.pathname);
}

async function runSearch() {
  const query = input.value.trim();
  const filters = chosenFilters();
  const mine = ++generation;
  remember(query, filters);
  if (!query && !Object.keys(filters).length) {
    list.replaceChildren();
    more.parentElement.hidden = true;
    list.setAttribute("aria-busy", "false");
    say("");
    return;
  }
  list.setAttribute("aria-busy", "true");
  let pagefind;
  try {
    pagefind = await loadPagefind();
  } catch {
    list.setAttribute("aria-busy", "false");
    return; // the status line says so
  }
  const search = await searchPages(pagefind, query || null, { filters });
  if (mine !== generation) return;
  pending = search.results;
  list.replaceChildren();
  if (pending.length) {
    say(form.dataset.statusCount, { count: pending.length });
  } else if (query) {
    say(form.dataset.statusNone, { query });
  } else {
    say(form.dataset.statusNoneFiltered);
  }
  await showMore(mine);
}

async function showMore(mine = generation) {
  const batch = pending.slice(0, PAGE_SIZE);
  pending = pending.slice(PAGE_SIZE);
  const found = await Promise.all(batch.map((result) => result.data()));
  if (mine !== generation) return;
  list.append(...found.map(renderResult));
  more.parentElement.hidden = pending.length === 0;
  list.setAttribute("aria-busy", "false");
}

function setLanguage(element, meta) {
  if (!meta.lang) return;
  element.lang = meta.lang;
  element.dir = meta.dir || "auto";
}

function fillOrRemove(element, text) {
  if (text) element.textContent = text;
  else element.remove();
}

function renderResult(found) {
  const meta = found.meta || {};
  const item = resultTemplate.content.firstElementChild.cloneNode(true);
  const link = item.querySelector("a");
  link.href = found.url;
  link.textContent = meta.title || found.url;
  setLanguage(item.querySelector(".item-title"), meta);
  fillOrRemove(item.querySelector('[data-field="source"]'), meta.source);
  const language = item.querySelector('[data-field="language"]');
  setLanguage(language, meta);
  fillOrRemove(language, meta.language);
  const date = item.querySelector('[data-field="date"]');
  if (meta.date) {
    const time = document.createElement("time");
    time.dateTime = meta.date;
    time.textContent = meta.date;
    date.replaceWith(time);
  } else {
    date.remove();
  }
  const excerpt = item.querySelector('[data-field="excerpt"]');
  setLanguage(excerpt, meta);
  fillExcerpt(excerpt, found.excerpt || "");
  return item;
}

// Pagefind's excerpt is text with < and > escaped and the matches in <mark>: rebuilt as nodes, never
// parsed as HTML.
function fillExcerpt(element, excerpt) {
  let marked = false;
  for (const piece of excerpt.split(/(<mark>|<\/mark>)/)) {
    if (piece === "<mark>" || piece === "</mark>") {
      marked = piece === "<mark>";
      continue;
    }
    if (!piece) continue;
    const text = document.createTextNode(piece.replace(/&lt;/g, "<").replace(/&gt;/g, ">"));
    if (marked) {
      const mark = document.createElement("mark");
      mark.append(text);
      element.append(mark);
    } else {
      element.append(text);
    }
  }
}

function start() {
  form.hidden = false;
  const params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  for (const select of filterSelects) select.dataset.wanted = params.get(select.name) || "";
  input.addEventListener("focus", loadPagefind, { once: true });
  input.addEventListener("input", () => {
    clearTimeout(typingTimer);
    typingTimer = setTimeout(runSearch, TYPING_PAUSE_MS);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(typingTimer);
    runSearch();
  });
  for (const select of filterSelects) {
    select.addEventListener("change", () => {
      delete select.dataset.wanted;
      runSearch();
    });
  }
  more.addEventListener("click", () => showMore());
  // A link to a search (?q=… or a filter) is the reader asking for one.
  if (input.value || Object.keys(chosenFilters()).length) runSearch();
}

start();
