// Pagefind's own search (the pagefind.js of a built site's bundle) run in Node the way the search page
// runs it, through the page's own theme/static/js/query.js. tests/test_search.py drives it:
//
//   node tests/pagefind_search.mjs SITE_FOLDER SITE_PATH < requests.json
//
// SITE_PATH is the path the site is served under ("/" or "/repo/"); requests.json is a list of
// {"query": string or null, "filters": {...}}. Prints, per request, the list of results as
// {"url", "meta", "filters"}; a request for a file the site lacks fails the run.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [siteFolder, sitePath] = process.argv.slice(2);
const site = path.resolve(siteFolder);
const root = sitePath.endsWith("/") ? sitePath : `${sitePath}/`;
// The theme's module, loaded as the browser loads it (an ES module whatever package.json says).
const querySource = await readFile(path.resolve(import.meta.dirname, "../theme/static/js/query.js"));
const { searchPages } = await import(`data:text/javascript;base64,${querySource.toString("base64")}`);

globalThis.fetch = async (address) => {
  const { pathname } = new URL(String(address), "http://site.invalid/");
  if (!pathname.startsWith(root)) throw new Error(`${pathname} is outside the site (${root})`);
  const data = await readFile(path.join(site, decodeURIComponent(pathname.slice(root.length))));
  const body = data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength);
  return { ok: true, status: 200, json: async () => JSON.parse(data.toString("utf-8")), arrayBuffer: async () => body };
};
// What Pagefind reads of the page: no script element of its own, and the search page's <html lang>.
globalThis.document = { currentScript: null, querySelector: () => ({ getAttribute: () => process.env.PAGE_LANG || "en" }) };

const pagefind = await import(pathToFileURL(path.join(site, "pagefind", "pagefind.js")).href);
await pagefind.options({ basePath: `${root}pagefind/` });
// The shards the search page merges (tools/search_index.py), merged the same way.
const shardList = JSON.parse(await readFile(path.join(site, "pagefind", "shards.json"), "utf-8"));
for (const shard of shardList.shards) {
  if (shard.path) await pagefind.mergeIndex(`${root}pagefind/${shard.path}`);
}

let input = "";
for await (const chunk of process.stdin) input += chunk;
const answers = [];
for (const { query, filters } of JSON.parse(input)) {
  const search = await searchPages(pagefind, query, { filters: filters || {} });
  const found = await Promise.all(search.results.map((result) => result.data()));
  answers.push(found.map(({ url, meta, filters: values }) => ({ url, meta, filters: values })));
}
process.stdout.write(JSON.stringify(answers));
