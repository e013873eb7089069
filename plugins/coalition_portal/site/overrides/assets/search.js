/* Coalition Portal: the header's search box (partials/search.html) over Pagefind's index.

   The index (pagefind/, written with the site by outputs/search_index.py; a large
   archive's in parts, merged here into one search) is split by word:
   the first search fetches Pagefind's program and the chunks its words need, never the
   whole archive, and nothing at all is fetched before a reader starts to search.
   Results are written with textContent and <mark> elements only: what the index holds is
   content, and content is untrusted. Keys: "/", "s" or "f" open the search, Esc closes it,
   the arrow keys walk the results, Enter opens the first one. The words searched for are
   marked on the page a result opens (?h=...). */
(function () {
  "use strict";

  var MAX_RESULTS = 10;   // pages whose text is fetched and shown for one search
  var MAX_SECTIONS = 3;   // sections shown under one page (the best one, then two more)
  var script = document.currentScript;
  var root = new URL("..", script ? script.src : location.href);  // assets/ is at the root
  var pagefind = null;

  function translations() {
    var config = document.getElementById("__config");
    try { return (config && JSON.parse(config.textContent).translations) || {}; } catch (e) { return {}; }
  }
  var words = translations();
  function say(key, fallback, count) {
    var text = words[key] || fallback;
    return count === undefined ? text : text.replace("#", String(count));
  }

  // A large archive's index comes in parts (pagefind/parts.json names the folders of the
  // parts after the first, see outputs/search_index.py): Pagefind merges them into one
  // search, run by the first part's program. The list is fetched beside the program.
  var PART = /^part-\d+\/$/;
  function loadPagefind() {
    if (!pagefind) {
      var index = new URL("pagefind/", root);
      var parts = fetch(new URL("parts.json", index).href)
        .then(function (response) { return response.ok ? response.json() : {}; })
        .catch(function () { return {}; });
      pagefind = import(new URL("pagefind.js", index).href).then(function (module) {
        return module.options({ baseUrl: root.pathname }).then(function () { return parts; })
          .then(function (list) {
            var names = Array.isArray(list.indexes) ? list.indexes : [];
            return Promise.all(names.filter(function (name) { return PART.test(name); })
              .map(function (name) {
                // a part that cannot load leaves the others searchable
                return module.mergeIndex(new URL(name, index).pathname, { baseUrl: root.pathname })
                  .catch(function () {});
              }));
          })
          .then(function () { return module; });
      });
    }
    return pagefind;
  }

  // A record's id or a date ("d-2024-11-2", "2024-11-06") is one word with hyphens. An
  // index in parts searches each part alone, and a part without the word answers with the
  // pages that have its pieces ("2024", "11", ...): so such a word is also searched as the
  // exact word, and when some page has it only those pages are kept, in the order (and
  // with the best sections) of the ordinary search.
  var COMPOUND = /^[^\s"]*\w[-.\/]\w[^\s"]*$/;
  function find(module, query) {
    if (!COMPOUND.test(query)) return module.search(query);
    return Promise.all([module.search(query), module.search('"' + query + '"')]).then(function (both) {
      var found = both[0], exact = both[1];
      if (!found || !exact || !exact.results.length) return found;
      var has = {};
      exact.results.forEach(function (r) { has[r.id] = true; });
      var kept = found.results.filter(function (r) { return has[r.id]; });
      var seen = {};
      kept.forEach(function (r) { seen[r.id] = true; });
      return { results: kept.concat(exact.results.filter(function (r) { return !seen[r.id]; })) };
    });
  }

  // An excerpt is Pagefind's escaped text with <mark> around the words found: parsed in an
  // inert document, only its text and its marks are kept.
  function appendExcerpt(parent, excerpt) {
    var doc = new DOMParser().parseFromString("<p>" + (excerpt || "") + "</p>", "text/html");
    doc.body.firstChild.childNodes.forEach(function (node) {
      if (node.nodeType === 1 && node.tagName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        parent.appendChild(mark);
      } else {
        parent.appendChild(document.createTextNode(node.textContent));
      }
    });
  }

  function withHighlight(url, query) {
    var target = new URL(url, location.href);
    target.searchParams.set("h", query);
    return target.href;
  }

  function score(section) {
    return (section.weighted_locations || []).reduce(function (sum, at) {
      return sum + (at.balanced_score || at.weight || 0);
    }, 0);
  }

  // One page: its best matching section first (a decision, not the top of its meeting).
  function resultItem(data, query) {
    var sections = (data.sub_results || []).slice().sort(function (a, b) { return score(b) - score(a); });
    var best = sections[0];
    var item = document.createElement("li");
    item.className = "md-search-result__item";
    var main = document.createElement("a");
    main.className = "md-search-result__link";
    main.tabIndex = -1;
    var onPage = best && best.title !== data.meta.title;
    main.href = withHighlight(onPage ? best.url : data.url, query);
    var article = document.createElement("div");
    article.className = "md-search-result__article md-typeset";
    var title = document.createElement("div");
    title.className = "cp-search-title";
    title.textContent = data.meta.title || data.url;
    article.appendChild(title);
    if (onPage) {
      var section = document.createElement("div");
      section.className = "cp-search-section";
      section.textContent = best.title;
      article.appendChild(section);
    }
    var text = document.createElement("p");
    appendExcerpt(text, best ? best.excerpt : data.excerpt);
    article.appendChild(text);
    main.appendChild(article);
    item.appendChild(main);
    sections.slice(1, MAX_SECTIONS).forEach(function (other) {
      if (other.title === data.meta.title) return;
      var link = document.createElement("a");
      link.className = "md-search-result__link";
      link.tabIndex = -1;
      link.href = withHighlight(other.url, query);
      var box = document.createElement("div");
      box.className = "md-search-result__article md-typeset";
      var name = document.createElement("div");
      name.className = "cp-search-section";
      name.textContent = other.title;
      box.appendChild(name);
      var excerpt = document.createElement("p");
      appendExcerpt(excerpt, other.excerpt);
      box.appendChild(excerpt);
      link.appendChild(box);
      item.appendChild(link);
    });
    return item;
  }

  function setUp(box) {
    if (box.getAttribute("data-cp-ready")) return;
    box.setAttribute("data-cp-ready", "1");
    var toggle = document.getElementById("__search");
    var form = box.querySelector("form");
    var input = form.querySelector("input");
    var meta = box.querySelector(".md-search-result__meta");
    var list = box.querySelector(".md-search-result__list");
    var latest = 0;

    function open(state) {
      if (toggle && toggle.checked !== state) {
        toggle.checked = state;
        toggle.dispatchEvent(new Event("change"));
      }
    }
    function isOpen() { return !toggle || toggle.checked; }

    function show(query, results, total) {
      list.replaceChildren.apply(list, results.map(function (data) { return resultItem(data, query); }));
      meta.textContent = total === 0 ? say("search.result.none", "No matching documents")
        : total === 1 ? say("search.result.one", "1 matching document")
        : say("search.result.other", "# matching documents", total);
    }

    function search() {
      var query = input.value.trim();
      var ticket = ++latest;
      if (!query) {
        list.replaceChildren();
        meta.textContent = say("search.result.placeholder", "Type to start searching");
        return;
      }
      loadPagefind().then(function (module) { return find(module, query); }).then(function (found) {
        if (ticket !== latest || !found) return null;
        return Promise.all(found.results.slice(0, MAX_RESULTS).map(function (r) { return r.data(); }))
          .then(function (data) { if (ticket === latest) show(query, data, found.results.length); });
      }).catch(function () {
        if (ticket === latest) meta.textContent = say("search.result.none", "No matching documents");
      });
    }

    input.addEventListener("focus", function () { open(true); loadPagefind(); });
    // a pause in typing, not every letter, starts a search: each prefix would fetch the
    // index chunks of its own words
    var pause = null;
    input.addEventListener("input", function () {
      clearTimeout(pause);
      pause = setTimeout(search, input.value.trim() ? 200 : 0);
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function () { setTimeout(function () { search(); input.focus(); }, 0); });
    box.addEventListener("click", function (event) {
      if (event.target.closest && event.target.closest("a")) open(false);
    });
    if (toggle) {
      toggle.addEventListener("change", function () { if (toggle.checked) input.focus(); });
    }

    document.addEventListener("keydown", function (event) {
      if (event.metaKey || event.ctrlKey || event.altKey || event.isComposing) return;
      var active = document.activeElement;
      var typing = active && (active.isContentEditable ||
        /^(INPUT|TEXTAREA|SELECT)$/.test(active.tagName));
      if (!isOpen() || !box.contains(active)) {
        if (!typing && (event.key === "/" || event.key === "s" || event.key === "f")) {
          event.preventDefault();
          open(true);
          input.focus();
          input.select();
        }
        return;
      }
      var stops = [input].concat(Array.prototype.slice.call(list.querySelectorAll("a[href]")));
      switch (event.key) {
        case "Escape":
          open(false);
          input.blur();
          event.preventDefault();
          break;
        case "Tab":
          open(false);
          input.blur();
          break;
        case "ArrowDown":
        case "ArrowUp":
          var at = Math.max(0, stops.indexOf(active));
          var next = (at + stops.length + (event.key === "ArrowUp" ? -1 : 1)) % stops.length;
          stops[next].focus();
          event.preventDefault();
          break;
        case "Enter":
          if (active === input && stops.length > 1) {
            event.preventDefault();
            stops[1].click();
          }
          break;
        default:
          if (active !== input && event.key.length === 1) input.focus();
      }
    });
  }

  // The words a result was found by, marked on the page it opens (text nodes only).
  function highlight() {
    var query = new URL(location.href).searchParams.get("h");
    var article = document.querySelector("article.md-content__inner");
    if (!query || !article || article.getAttribute("data-cp-highlighted")) return;
    article.setAttribute("data-cp-highlighted", "1");
    var terms = query.toLowerCase().split(/\s+/).filter(function (t) { return t.length > 1; });
    if (!terms.length) return;
    var pattern = new RegExp("(" + terms.map(function (t) {
      return t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    }).join("|") + ")", "gi");
    var walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
    var found = [];
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.parentElement && node.parentElement.offsetHeight && pattern.test(node.nodeValue)) found.push(node);
      pattern.lastIndex = 0;
    }
    found.forEach(function (text) {
      var parts = text.nodeValue.split(pattern);
      var pieces = parts.map(function (part, i) {
        if (i % 2 === 0) return document.createTextNode(part);
        var mark = document.createElement("mark");
        mark.textContent = part;
        return mark;
      });
      text.replaceWith.apply(text, pieces);
    });
  }

  function init() {
    document.querySelectorAll("[data-cp-search]").forEach(setUp);
    highlight();
  }

  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
