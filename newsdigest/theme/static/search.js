// The search page: Pagefind's index queried in the browser. Without JavaScript the page
// shows links to the tag index and the archive instead (the form stays hidden).
const form = document.querySelector(".search-form");
const status = document.querySelector(".search-status");
const list = document.querySelector(".search-results");

function option(select, value, count) {
  const o = document.createElement("option");
  o.value = value;
  o.textContent = `${value} (${count})`;
  select.append(o);
}

// Pagefind's excerpt is HTML with <mark> around the words found. Scraped text is hostile, so
// it is read in an inert document and only its text and its <mark>s are copied over.
function excerpt(html) {
  const p = document.createElement("p");
  const inert = new DOMParser().parseFromString(html, "text/html");
  for (const node of inert.body.childNodes) {
    if (node.nodeName === "MARK") {
      const m = document.createElement("mark");
      m.textContent = node.textContent;
      p.append(m);
    } else {
      p.append(document.createTextNode(node.textContent));
    }
  }
  return p;
}

async function main() {
  const pagefind = await import(form.dataset.pagefind);
  await pagefind.init();
  const params = new URLSearchParams(location.search);
  const filters = await pagefind.filters();
  for (const [name, select] of [["tag", form.tag], ["source", form.source]]) {
    for (const [value, count] of Object.entries(filters[name] || {}).sort()) option(select, value, count);
    select.value = params.get(name) || "";
  }
  form.q.value = params.get("q") || "";
  form.hidden = false;
  document.querySelector(".search-fallback").hidden = true;

  async function run() {
    const q = form.q.value.trim();
    const chosen = {};
    if (form.tag.value) chosen.tag = form.tag.value;
    if (form.source.value) chosen.source = form.source.value;
    list.replaceChildren();
    if (!q && !Object.keys(chosen).length) {
      status.textContent = "";
      return;
    }
    const found = await pagefind.search(q || null, { filters: chosen });
    const results = await Promise.all(found.results.slice(0, 20).map((r) => r.data()));
    status.textContent = `${found.results.length} ${found.results.length === 1 ? "article" : "articles"} found`;
    for (const r of results) {
      const li = document.createElement("li");
      const a = document.createElement("a");
      a.href = r.url;
      a.textContent = r.meta.title || r.url;
      li.append(a, excerpt(r.excerpt));
      list.append(li);
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const key of ["q", "tag", "source"]) if (form[key].value) next.set(key, form[key].value);
    history.replaceState(null, "", `?${next}`);
    run();
  });
  form.tag.addEventListener("change", () => form.requestSubmit());
  form.source.addEventListener("change", () => form.requestSubmit());
  run();
}

main().catch(() => {
  status.textContent = "Search is not available here; browse by tag or the archive below.";
});
