// The desk's pages in the browser: the search box (Pagefind's index of this site, built by kg serve
// and kg publish into pagefind/, read here with Pagefind's own library), sortable tables, and the
// "copy the citation" button. Everything comes from this site; the pages work without it.
const root = document.body.dataset.root || "";
let pagefind = null;

// kg serve makes the search index once it listens (at a million triples, a minute or two): until it is
// ready, its search/status says so, and that is what the search box and the search page show. (A static
// site's index is there from the start: it is not asked.)
class SearchNotReady extends Error {
  constructor(status) {
    super(status.message);
    this.seconds = status.seconds;
  }
}

async function searchIndexReady() {
  if (document.body.dataset.static !== "no") return;
  const reply = await fetch(new URL(root + "search/status", document.baseURI), { cache: "no-store" });
  const status = await reply.json();
  if (!status.ready) throw new SearchNotReady(status);
}

async function loadSearch() {
  if (!pagefind) {
    await searchIndexReady();
    pagefind = await import(new URL(root + "pagefind/pagefind.js", document.baseURI).href);
    await pagefind.options({ excerptLength: 30 });  // kg/web/search.py EXCERPT_WORDS
    pagefind.init();
  }
  return pagefind;
}

const KIND_ORDER = ["Person", "Organisation", "Report", "Indicator", "Figure", "Check", "Disagreement", "Quote",
  "Statement", "Agreement", "Event"];
const KIND_HEADINGS = { Person: "People", Organisation: "Organisations", Report: "Reports", Indicator: "Indicators",
  Figure: "Figures", Check: "Checks", Disagreement: "Disagreements", Quote: "Quotes", Statement: "Reported speech",
  Agreement: "Agreements", Event: "Events and dates" };

// A link to `url`, a path of this site: relative to its root (the names' list, names.json), or absolute (the
// search index's results, under the site's own path: Pagefind's baseUrl is where pagefind/ is, /oioo/ on a site
// hosted there, whose results were linked to /oioo/oioo/id/...).
function href(url) {
  return url.startsWith("/") ? url : root + url;
}

// The words of a text as the search compares them: folded ("Hédon" as "hedon"), a number without its
// thousands separators ("41,000" as "41000") and a decimal with its point ("1.6%" as "1.6", never "16").
function searchWords(text) {
  return fold(text).replace(/(\d),(?=\d{3}(?!\d))/g, "$1").match(/\d+(?:\.\d+)?|[\p{L}\p{N}]+/gu) || [];
}

// Whether a result has each word of the query, as a word or the start of one (the index's own matching
// is looser: it drops a decimal's point, and offers words that merely look alike when none matches).
function hasWords(item, words) {
  const own = searchWords(((item.meta && item.meta.title) || "") + " " + (item.content || ""));
  return words.every((w) => own.some((o) => o.startsWith(w)));
}

async function search(query, limit) {
  const library = await loadSearch();
  const found = await library.search(query);
  if (!found || !found.results) return { total: 0, groups: [] };
  let data = await Promise.all(found.results.slice(0, limit).map((r) => r.data()));
  let total = found.results.length;
  // "1.6" found "16,969" first: the index reads it as 16. A result must have the decimal itself, and one
  // that has it as written ranks first ("1.6" before "1.65").
  const decimals = searchWords(query).filter((w) => /^\d+\.\d+$/.test(w));
  if (decimals.length) {
    const kept = data.filter((item) => hasWords(item, decimals));
    total -= data.length - kept.length;
    const exact = (item) => decimals.every((d) => searchWords(((item.meta && item.meta.title) || "") + " " + item.content).includes(d));
    data = [...kept.filter(exact), ...kept.filter((item) => !exact(item))];
  }
  return { total, groups: grouped(data), items: data };
}

function grouped(data) {
  const groups = new Map();
  for (const item of data) {
    const kind = (item.meta && item.meta.kind) || "Other";
    if (!groups.has(kind)) groups.set(kind, []);
    groups.get(kind).push(item);
  }
  const order = (k) => { const i = KIND_ORDER.indexOf(k); return i < 0 ? 99 : i; };
  return [...groups.entries()].sort((a, b) => order(a[0]) - order(b[0]));
}

function render(target, query, found, compact) {
  target.textContent = "";
  if (!found.total) {
    const p = document.createElement("p");
    p.textContent = `Nothing found for “${query}”.`;
    target.append(p);
    return;
  }
  if (!compact) {
    const p = document.createElement("p");
    p.className = "count";
    p.textContent = `${found.total} result${found.total === 1 ? "" : "s"} for “${query}”, grouped by kind, best first.`;
    target.append(p);
  }
  for (const [kind, items] of found.groups) {
    const section = document.createElement("section");
    section.className = "result-group";
    const heading = document.createElement(compact ? "h3" : "h2");
    heading.textContent = KIND_HEADINGS[kind] || kind;
    section.append(heading);
    const list = document.createElement("ul");
    for (const item of items) {
      const li = document.createElement("li");
      const a = document.createElement("a");
      a.href = href(item.url);
      appendMarked(a, (item.meta && item.meta.title) || item.url);
      li.append(a);
      const parts = afterTitle(item.excerpt || "", (item.meta && item.meta.title) || "");
      if (parts.length) {
        const excerpt = document.createElement("p");
        excerpt.className = "excerpt";
        for (const part of parts) {
          const node = part.marked ? document.createElement("mark") : document.createTextNode("");
          node.textContent = part.text;
          excerpt.append(node);
        }
        li.append(excerpt);
      } else if (item.meta && item.meta.detail && item.meta.detail.trim()) {  // (the excerpt holds it)
        const detail = document.createElement("span");
        detail.className = "detail";
        appendMarked(detail, " — " + item.meta.detail);
        li.append(detail);
      }
      list.append(li);
    }
    section.append(list);
    target.append(section);
  }
  // A result that names someone "(inferred)" says beside it what the mark means: the footer's legend.
  const legend = document.getElementById("inferred-legend");
  if (legend && target.querySelector(".inferred")) {
    const note = legend.cloneNode(true);
    note.removeAttribute("id");
    note.className = "hint legend";
    target.append(note);
  }
}

// Pagefind's excerpt as [{marked, text}]: the record's words with the matching ones in <mark> (only <mark>
// is kept), from after the record's title where it begins with it: the heading is indexed with the words,
// and the result shows it as its link ("Philp: lamentable admission of failure" was read twice over).
function afterTitle(excerpt, title) {
  const parts = excerpt.split(/(<mark>.*?<\/mark>)/).filter(Boolean).flatMap((part) => {
    const marked = part.match(/^<mark>(.*)<\/mark>$/);
    return marked ? wordOnly(decode(marked[1])) : [{ marked: false, text: decode(part) }];
  });
  const plain = parts.map((part) => part.text).join("");
  if (!title || !plain.startsWith(title)) return parts;
  let skip = title.length + plain.slice(title.length).match(/^[.\s]*/)[0].length;
  const kept = [];
  for (const part of parts) {
    if (skip < part.text.length) kept.push({ marked: part.marked, text: part.text.slice(skip) });
    skip = Math.max(0, skip - part.text.length);
  }
  return kept;
}

// A word Pagefind marked, as [{marked, text}] with the mark on the word only: Pagefind marks all that lies
// between spaces, so the quotation marks, brackets and stops written onto a word ("“lamentable",
// "failure”.") were highlighted with it.
function wordOnly(text) {
  const [, before, word, after] = text.match(/^([\p{Pi}\p{Ps}"']*)(.*?)([\p{Pf}\p{Pe}"'.,;:!?…]*)$/su);
  return [{ marked: false, text: before }, { marked: true, text: word }, { marked: false, text: after }]
    .filter((part) => part.text);
}

// `text` into `node`, each "(inferred)" mark with the tooltip the pages give it (kg.web.desk.marked).
function appendMarked(node, text) {
  const mark = document.querySelector("#inferred-legend .inferred");
  for (const part of text.split(/(?<=\()(inferred)\b/)) {
    if (part === "inferred" && mark) {
      node.append(mark.cloneNode(true));
    } else {
      node.append(document.createTextNode(part));
    }
  }
}

function decode(html) {
  const t = document.createElement("textarea");
  t.innerHTML = html;
  return t.value;
}

function setUpSearchBox() {
  const box = document.getElementById("search-box");
  const panel = document.getElementById("search-suggestions");
  if (!box || !panel) return;
  let timer = null;
  let asked = "";
  box.addEventListener("input", () => {
    clearTimeout(timer);
    const query = box.value.trim();
    if (query.length < 2) { panel.hidden = true; return; }
    timer = setTimeout(async () => {
      asked = query;
      try {
        const found = await search(query, 12);
        const hint = didYouMean(query, await hintNames());
        // (nor once the focus has left the form: typed, then tabbed on before the answer came)
        if (asked !== query || !box.form.contains(document.activeElement)) return;
        renderWithHint(panel, query, found, hint, true);
        panel.hidden = false;
      } catch (error) {
        if (error instanceof SearchNotReady && asked === query && box.form.contains(document.activeElement)) {
          panel.textContent = "";
          const p = document.createElement("p");
          p.className = "not-ready";
          p.textContent = error.message;
          panel.append(p);
          panel.hidden = false;
          if (error.seconds) {  // asked again, for the same words, until it is there
            setTimeout(() => { if (box.value.trim() === query) box.dispatchEvent(new Event("input")); },
              Math.min(error.seconds, 10) * 1000);
          }
        } else {
          panel.hidden = true;
        }
      }
    }, 150);
  });
  // Escape closes the suggestions wherever the focus is (WCAG 1.4.13), and from the box or a suggestion gives
  // the box the focus back.
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || panel.hidden) return;
    panel.hidden = true;
    if (box.form.contains(document.activeElement)) box.focus();
  });
  // They close when the focus leaves the search form (the WAI-ARIA combobox): tabbed past, they stayed open
  // over the page. Where the focus lands is read once it has (a script may blur one element, then focus
  // the next: no relatedTarget). Not on a press inside them: a browser that focuses no link on a press
  // (Safari) moves the focus out before the click on a suggestion comes.
  let pressed = false;
  panel.addEventListener("pointerdown", () => { pressed = true; });
  for (const type of ["pointerup", "pointercancel"]) document.addEventListener(type, () => { pressed = false; });
  box.form.addEventListener("focusout", () => {
    if (!pressed) setTimeout(() => { if (!box.form.contains(document.activeElement)) panel.hidden = true; });
  });
  document.addEventListener("click", (event) => { if (!panel.contains(event.target) && event.target !== box) panel.hidden = true; });
}

// "Did you mean": the search index matches a word exactly or by its start, so "Mahmod" found nothing (or
// words that merely look alike). A word of the query that begins no word of a name on the page's list
// (people, organisations, indicators: kg.web.pages Site.search_names) is compared with those words; one
// or two letters off (one for a word of up to five letters) is offered, with the names that have it.
function fold(text) {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
}

function distance(a, b) {  // letters added, dropped, changed or swapped (optimal string alignment)
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

function wordsOf(text) {
  return text.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 3);
}

// The names compared with: the search page has them in it; the search box of every other page reads them
// once, beside the search index (pagefind/names.json, kg.web.search NAMES), when it first searches.
let namesRead = null;
function hintNames() {
  if (!namesRead) {
    const list = document.getElementById("search-names");
    namesRead = list ? Promise.resolve().then(() => JSON.parse(list.textContent))
      : fetch(new URL(root + "pagefind/names.json", document.baseURI)).then((reply) => reply.ok ? reply.json() : []);
    namesRead = namesRead.catch(() => []);
  }
  return namesRead;
}

function didYouMean(query, names) {
  if (!names || !names.length) return null;
  const vocabulary = new Map();  // folded word of a name -> as the name writes it
  for (const n of names) for (const w of wordsOf(n.name)) if (!vocabulary.has(fold(w))) vocabulary.set(fold(w), w);
  const fixed = new Map();
  for (const word of wordsOf(query)) {
    const w = fold(word);
    if (w.length < 4 || /^\d+$/.test(w) || [...vocabulary.keys()].some((v) => v.startsWith(w))) continue;
    let best = null;
    for (const v of vocabulary.keys()) {
      if (Math.abs(v.length - w.length) > 2) continue;
      const d = distance(w, v);
      if (d <= (w.length <= 5 ? 1 : 2) && (!best || d < best.d)) best = { v, d };
    }
    if (best) fixed.set(word, best.v);
  }
  if (!fixed.size) return null;
  const meant = new Set(fixed.values());
  const corrected = query.split(/(\s+)/).map((t) => fixed.has(t) ? vocabulary.get(fixed.get(t)) : t).join("");
  return { asked: [...fixed.keys()], corrected,
    names: names.filter((n) => wordsOf(n.name).some((w) => meant.has(fold(w)))).slice(0, 8) };
}

// The results that do not have the words asked, under a name the search offers instead: folded apart.
function otherMatches(query, found) {
  const details = document.createElement("details");
  details.className = "other-matches";
  const summary = document.createElement("summary");
  summary.textContent = `${found.total} other match${found.total === 1 ? "" : "es"}, without the word${
    searchWords(query).length === 1 ? "" : "s"} “${query.trim()}”: they only look alike`;
  details.append(summary);
  const list = document.createElement("div");
  render(list, query, found, true);
  details.append(list);
  return details;
}

function hintElement(hint) {
  const p = document.createElement("p");
  p.className = "did-you-mean";
  p.append(`No name has the word “${hint.asked.join("”, “")}”. Did you mean `);
  hint.names.forEach((n, i) => {
    const a = document.createElement("a");
    a.href = href(n.url);
    a.textContent = n.name;
    p.append(i ? (i === hint.names.length - 1 ? " or " : ", ") : "", a, ` (${n.kind})`);
  });
  p.append("? ");
  const again = document.createElement("a");  // the search page, from the search box of any page
  const box = document.getElementById("search-box");
  again.href = (box ? box.form.getAttribute("action") : "") + "?q=" + encodeURIComponent(hint.corrected);
  again.textContent = `Search for “${hint.corrected}”`;
  p.append(again, ".");
  return p;
}

async function setUpSearchPage() {
  const target = document.getElementById("search-results");
  if (!target) return;
  const query = new URLSearchParams(window.location.search).get("q") || "";
  const input = document.getElementById("search-query");
  if (input) input.value = query;
  if (!query.trim()) return;
  const hint = didYouMean(query.trim(), await hintNames());
  try {
    renderWithHint(target, query, await search(query.trim(), 50), hint, false);
  } catch (error) {
    if (error instanceof SearchNotReady) {
      target.textContent = error.message;
      if (error.seconds) setTimeout(setUpSearchPage, Math.min(error.seconds, 10) * 1000);  // asked again until it is there
      return;
    }
    // (a page opened as a file has no index to load; a served one whose index is missing or broken does not
    // want a web server: it said so, on kg serve, when its folder had gone)
    target.textContent = window.location.protocol === "file:"
      ? "The search index could not be loaded (it needs a web server, not a file)."
      : "The search index could not be loaded from this site (its pagefind/ folder is missing or unreadable); "
        + "the pages and their lists work.";
    if (hint && hint.names.length) target.prepend(hintElement(hint));
  }
  target.dataset.done = "yes";
}

// The results of `query`, under the names a misspelt word resembles (didYouMean's `hint`) where there are
// some: the search page and the search box's suggestions alike (the box offered none: "Mahmod" showed only
// words that merely look alike, while the search page said "Did you mean Shabana Mahmood?").
function renderWithHint(target, query, found, hint, compact) {
  if (hint && hint.names.length) {
    // Under "Did you mean Bruno Retailleau" came "6 results for “Retaileau”": an Iranian returnee, words
    // that merely look alike. The results without the words asked are set apart, folded, as other matches.
    const words = searchWords(query);
    const loose = (found.items || []).filter((item) => !hasWords(item, words));
    const kept = (found.items || []).filter((item) => hasWords(item, words));
    render(target, query, { total: kept.length, groups: grouped(kept) }, compact);
    if (loose.length) target.append(otherMatches(query, { total: loose.length, groups: grouped(loose) }));
    target.prepend(hintElement(hint));
  } else {
    render(target, query, found, compact);
  }
}

// The static site's 404.html, which a host serves for any missing path (no server runs code behind it: kg serve
// lists the pages on its own 404, kg.web.pages Site.near). For a mistyped permalink, id/NAME: the page of the
// same name in lower case, spaces and underscores as "-" (/id/Yvette-Cooper: id/yvette-cooper.html), when
// there is one; then the names a misspelt word resembles (didYouMean) and what the search index finds for
// the name's words; at most five, as links under their titles.
const NEAR = 5;
async function setUpNotFound() {
  const section = document.getElementById("near");
  if (!section) return;
  let path;
  try { path = decodeURIComponent(window.location.pathname); } catch (error) { return; }
  const match = path.match(/\/id\/([^/]+?)(?:\.html)?\/?$/);
  if (!match) return;
  const slug = fold(match[1]).replace(/[^\p{L}\p{N}]+/gu, "-").replace(/^-+|-+$/g, "");
  const words = slug.split("-").filter(Boolean).join(" ");
  if (!words) return;
  const found = new Map();  // href -> title
  if (slug !== match[1]) {
    try {
      const page = href(`id/${slug}.html`);
      const reply = await fetch(page);
      if (reply.ok) {  // under its heading
        const heading = new DOMParser().parseFromString(await reply.text(), "text/html").querySelector("h1");
        found.set(page, heading ? heading.textContent.trim() : slug);
      }
    } catch (error) { /* none */ }
  }
  const hint = didYouMean(words, await hintNames());
  const add = (url, title) => { if (!found.has(url)) found.set(url, title); };
  for (const n of (hint ? hint.names : [])) add(href(n.url), n.name);
  try {
    const results = await search(hint ? hint.corrected : words, NEAR);
    for (const item of results.items || []) add(href(item.url), (item.meta && item.meta.title) || item.url);
  } catch (error) { /* no search index: the links above, if any */ }
  const list = section.querySelector("ul");
  for (const [url, title] of [...found.entries()].slice(0, NEAR)) {
    const li = document.createElement("li");
    const a = document.createElement("a");
    a.href = url;
    appendMarked(a, title);
    li.append(a);
    list.append(li);
  }
  section.hidden = !list.children.length;
  section.dataset.done = "yes";
}

// A cell's sort key: its data-sort, else its text; a number, where it is one or begins with one ("1.6 per cent"
// as 1.6: it sorted after 45,774, with the words), else its words.
function sortValue(cell) {
  const key = cell.dataset.sort !== undefined ? cell.dataset.sort : cell.textContent.trim();
  const number = Number(key.replace(/,/g, ""));
  if (key !== "" && !Number.isNaN(number)) return number;
  const lead = key.replace(/(\d),(?=\d{3})/g, "$1").match(/^[-+]?\d+(?:\.\d+)?(?=[\s%]|$)/);
  return lead ? Number(lead[0]) : key.toLowerCase();
}

// The rows of `table` in the order of its column `index` (ascending or not), its heading marked (aria-sort).
function sortRows(table, index, ascending) {
  const headers = table.querySelectorAll("thead th");
  headers.forEach((other) => other.removeAttribute("aria-sort"));
  headers[index].setAttribute("aria-sort", ascending ? "ascending" : "descending");
  const body = table.tBodies[0];
  const rows = [...body.rows];
  rows.sort((a, b) => {
    // a cell's group first (a figure's unit: per cent, people and ranks each together, not on one number
    // line, where 1.6 % sorted before 41,000 people), then its key. Either way the groups keep one order,
    // and a group's cells with a number come before those without: a descending sort reverses the values
    // within each group (it reversed the groups too, and put the claims with no number first).
    const [g, h] = [a, b].map((row) => (row.cells[index].dataset.sortGroup || "").toLowerCase());
    if (g !== h) return g < h ? -1 : 1;
    const x = sortValue(a.cells[index]);
    const y = sortValue(b.cells[index]);
    if (typeof x !== typeof y) return typeof x === "number" ? -1 : 1;
    let order = x < y ? -1 : x > y ? 1 : 0;
    if (order === 0) {  // the same number: by the words shown ("around 0%", "less than 0", "more than 0" each together)
      const [p, q] = [a, b].map((row) => row.cells[index].textContent.trim().toLowerCase());
      order = p < q ? -1 : p > q ? 1 : 0;
    }
    return ascending ? order : -order;
  });
  body.append(...rows);
}

// A table's sort is kept in the page's address, so that a link shared, a reload or a bookmark shows its rows in
// the same order: in the fragment, one `sort=TABLE:COLUMN[:desc]` for each table sorted (the table's id, the
// column's heading in lower case with "-" for spaces: #sort=checks:claim:desc). A fragment, not a query string:
// the static site's pages are files on a host that reads no parameters (a fragment never reaches any server,
// and works there alike), a saved query's page takes each parameter of its query string for the query, and a
// page of kg serve is kept and validated by its address. The address is replaced (history.replaceState), never
// added to: Back leaves the page as it did before a sort, not one click at a time. A section the fragment
// named (#checks) is kept in front of the sort (#checks&sort=...), and the page scrolled to it.
const sortKey = (text) => fold(text.trim()).replace(/[^\p{L}\p{N}]+/gu, "-").replace(/^-+|-+$/g, "");

function fragmentParts() {
  const parts = window.location.hash.replace(/^#/, "").split("&").filter(Boolean);
  const sorts = new Map();
  for (const part of parts.filter((p) => p.startsWith("sort="))) {
    let table, column, order;
    try { [table, column, order] = decodeURIComponent(part.slice(5)).split(":"); } catch (error) { continue; }
    if (table && column) sorts.set(table, { column, ascending: order !== "desc" });
  }
  return { anchor: parts.filter((p) => !p.includes("=")), sorts };
}

// The page's address with `sorts` (table key -> {column, ascending}) after the sections it names, replaced.
function keepSorts(sorts) {
  const kept = [...sorts].map(([t, s]) => "sort=" + [t, s.column].map(encodeURIComponent).join(":") + (s.ascending ? "" : ":desc"));
  const url = new URL(window.location.href);
  url.hash = [...fragmentParts().anchor, ...kept].join("&");
  if (url.href !== window.location.href) history.replaceState(history.state, "", url.href);
}

// The pages come with the sort hint and the copy buttons hidden: without this script they do nothing.
function setUpSortableTables() {
  for (const hint of document.querySelectorAll(".sort-hint")) hint.hidden = false;
  const tables = [...document.querySelectorAll("table.sortable")].map((table, number) => ({
    table, key: table.id || `table-${number + 1}`, rows: [...table.tBodies[0].rows],  // (the order it came in)
    columns: [...table.querySelectorAll("thead th")].map((th) => sortKey(th.textContent)),
  }));
  let sorted = new Map();  // the sorts shown: table key -> {column, ascending}
  for (const { table, key, columns } of tables) {
    table.querySelectorAll("thead th").forEach((th, index) => {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      button.textContent = th.textContent;
      button.title = "Sort by this column";
      th.textContent = "";
      th.append(button);
      button.addEventListener("click", () => {
        const ascending = th.getAttribute("aria-sort") !== "ascending";
        sortRows(table, index, ascending);
        sorted.set(key, { column: columns[index], ascending });
        keepSorts(sorted);
      });
    });
  }
  // The order the address names (on load; and when it changes: a fragment edited, or Back to an address before),
  // each table it does not name in the order it came in.
  const restore = () => {
    sorted = fragmentParts().sorts;
    for (const { table, key, rows, columns } of tables) {
      const sort = sorted.get(key);
      const index = sort ? columns.indexOf(sort.column) : -1;
      if (index >= 0) {
        sortRows(table, index, sort.ascending);
      } else {
        sorted.delete(key);
        if (table.querySelector("th[aria-sort]")) {
          table.querySelectorAll("thead th").forEach((th) => th.removeAttribute("aria-sort"));
          table.tBodies[0].append(...rows);
        }
      }
    }
  };
  restore();
  // A link within the page followed ("Skip to the content", #main) names a section, not an order: the sorts shown
  // are carried over to its address, not undone.
  let followed = false;
  document.addEventListener("click", (event) => {
    if (event.target.closest && event.target.closest('a[href^="#"]')) followed = true;
  });
  window.addEventListener("hashchange", () => {
    if (followed && !fragmentParts().sorts.size) {
      keepSorts(sorted);
    } else {
      restore();
    }
    followed = false;
  });
  const { anchor } = fragmentParts();
  if (anchor.length && sorted.size) {  // (the browser looked for an element named by the whole fragment)
    let section = null;
    try { section = document.getElementById(decodeURIComponent(anchor[0])); } catch (error) { /* not a name */ }
    if (section) section.scrollIntoView();
  }
}

function setUpCopyButtons() {
  for (const button of document.querySelectorAll("button.copy")) {
    button.hidden = false;
    button.addEventListener("click", async () => {
      const text = document.getElementById(button.dataset.copy).textContent;
      try {
        await navigator.clipboard.writeText(text);
      } catch (error) {
        const area = document.createElement("textarea");
        area.value = text;
        document.body.append(area);
        area.select();
        document.execCommand("copy");
        area.remove();
      }
      button.textContent = "Copied";
      button.dataset.copied = "yes";
    });
  }
}

setUpSearchBox();
setUpSearchPage();
setUpNotFound();
setUpSortableTables();
setUpCopyButtons();
