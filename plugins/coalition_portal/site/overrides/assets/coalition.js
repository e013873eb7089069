/* Coalition Portal: small progressive enhancements. Every page works without this script:
   the decision log lists every decision and the endorsement template can be selected by hand. */
(function () {
  "use strict";

  function setUpFilter(form) {
    var table = document.getElementById(form.getAttribute("data-cp-filter"));
    if (!table || form.getAttribute("data-cp-ready")) return;
    form.setAttribute("data-cp-ready", "1");
    var rows = table.tBodies[0].rows;
    var count = form.querySelector(".cp-filter-count");
    function apply() {
      // every select of the form filters on the row attribute data-<its name>
      var wanted = {};
      form.querySelectorAll("select[name]").forEach(function (select) {
        wanted[select.name] = select.value;
      });
      var shown = 0;
      for (var i = 0; i < rows.length; i++) {
        var row = rows[i], match = true;
        for (var key in wanted) {
          if (wanted[key] && row.getAttribute("data-" + key) !== wanted[key]) match = false;
        }
        row.hidden = !match;
        if (match) shown++;
      }
      count.textContent = "Showing " + shown + " of " + rows.length + " decisions.";
    }
    form.addEventListener("change", apply);
    form.addEventListener("reset", function () { setTimeout(apply, 0); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.hidden = false;
    apply();
  }

  function setUpCopy(button) {
    // the id is on the <code>: Material renumbers the ids of <pre> blocks
    var source = document.getElementById(button.getAttribute("data-cp-copy"));
    if (!source || !navigator.clipboard || button.getAttribute("data-cp-ready")) return;
    button.setAttribute("data-cp-ready", "1");
    var label = button.textContent;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(source.textContent).then(function () {
        button.textContent = "Copied";
        setTimeout(function () { button.textContent = label; }, 2000);
      });
    });
    button.hidden = false;
  }

  // --- Endorse page (endorse.html): the endorsement dated the reader's today -------------
  // The page is built with the build date in the template's date line, written as such
  // (data-cp-build-date-line); here it becomes today's date, in the template and in every
  // link that carries the template (data-cp-dated: the email and the new-file link).
  function encodeLikePython(text) {  // as urllib.parse.quote(text, safe="") encodes it
    return encodeURIComponent(text).replace(/[!'()*]/g, function (c) {
      return "%" + c.charCodeAt(0).toString(16).toUpperCase();
    });
  }

  function dateEndorsement() {
    var code = document.querySelector("code[data-cp-build-date-line]");
    if (!code || code.getAttribute("data-cp-ready")) return;
    code.setAttribute("data-cp-ready", "1");
    var built = code.getAttribute("data-cp-build-date-line");
    var now = new Date();
    var today = [now.getFullYear(), now.getMonth() + 1, now.getDate()].map(function (n) {
      return (n < 10 ? "0" : "") + n;
    }).join("-");
    var line = "date: " + today;
    code.textContent = code.textContent.split(built).join(line);
    document.querySelectorAll("a[data-cp-dated]").forEach(function (a) {
      a.setAttribute("href", a.getAttribute("href").split(encodeLikePython(built))
        .join(encodeLikePython(line)));
    });
    var note = document.querySelector("[data-cp-today-note]");
    if (note) {
      note.textContent = "The endorsement is dated today, " + today +
        ": change the date if you sign on another day.";
    }
  }

  // --- Platform pages (_compare_versions.html): compare any two versions ----------------
  // The page lists a link for every pair of versions (data-cp-from, data-cp-to); the form
  // follows the chosen pair's link, the older version first whichever way it was chosen.
  function setUpCompare(form) {
    var links = document.getElementById(form.getAttribute("data-cp-compare"));
    if (!links || form.getAttribute("data-cp-ready")) return;
    form.setAttribute("data-cp-ready", "1");
    var status = form.querySelector(".cp-compare-status");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var from = form.elements.from.value, to = form.elements.to.value;
      var found = null;
      links.querySelectorAll("a[data-cp-from]").forEach(function (a) {
        var f = a.getAttribute("data-cp-from"), t = a.getAttribute("data-cp-to");
        if ((f === from && t === to) || (f === to && t === from)) found = a;
      });
      if (found) {
        window.location.href = found.href;
      } else {
        status.textContent = "Choose two different versions.";
      }
    });
    form.hidden = false;
  }

  // Material wraps each table in a box that scrolls sideways when the table is wider than
  // the screen. A box that scrolls must take keyboard focus, with a name, or keyboard
  // users cannot reach the hidden columns (axe: scrollable-region-focusable).
  // Every box is measured before any is changed: a change between two measures would make
  // the browser lay the whole page out again for the next one (long member pages: Lighthouse).
  function markScrollingTables() {
    var boxes = [];
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (box) {
      if (box.closest(".cp-scroll")) return;  // already inside a focusable scroll box
      boxes.push([box, box.scrollWidth > box.clientWidth]);
    });
    boxes.forEach(function (item) {
      var box = item[0];
      if (item[1]) {
        var caption = box.querySelector("caption");
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", caption ? caption.textContent.trim() : "Table");
      } else if (box.getAttribute("role") === "region") {
        ["tabindex", "role", "aria-label"].forEach(function (a) { box.removeAttribute(a); });
      }
    });
  }

  // --- Stays true (issue 16): minutes "pending, due ..." when the site was built are overdue
  // once the reader's own date is past the due date (a build with overdue minutes fails, so
  // the last good site would say "pending" for ever). Without this script the text names
  // the due date and the day the figures are as of, which stays true.
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December"];

  function dayNumber(iso) {  // "2026-11-19" -> days since 1970-01-01, or NaN
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
    return m ? Date.UTC(+m[1], +m[2] - 1, +m[3]) / 864e5 : NaN;
  }

  function timeOf(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso), time = document.createElement("time");
    time.setAttribute("datetime", iso);
    time.textContent = (+m[3]) + " " + MONTHS[+m[2] - 1] + " " + m[1];
    return time;
  }

  function markOverdue(item) {
    if (item.getAttribute("data-cp-overdue")) return;
    var now = new Date();
    var today = Date.UTC(now.getFullYear(), now.getMonth(), now.getDate()) / 864e5;
    var due = item.getAttribute("data-cp-due"), asOf = item.getAttribute("data-cp-as-of");
    var late = today - dayNumber(due);
    if (!(late > 0) || isNaN(dayNumber(asOf))) return;  // not yet due by the reader's clock
    var badge = item.querySelector(".cp-badge"), words = item.querySelector(".cp-due__words");
    if (!badge || !words) return;
    item.setAttribute("data-cp-overdue", String(late));
    badge.className = "cp-badge cp-badge--bad";
    badge.textContent = "overdue";
    // the badge says "overdue": with it the line reads "overdue by N days: due ..."
    words.textContent = "by " + late + " day" + (late === 1 ? "" : "s") + ": due ";
    words.appendChild(timeOf(due));
    words.appendChild(document.createTextNode("; figures as of "));
    words.appendChild(timeOf(asOf));
  }

  // The 404 page's search button: focusing Material's search field opens the search.
  function setUpSearchButton(button) {
    var field = document.querySelector(".md-search__input");
    if (!field || button.getAttribute("data-cp-ready")) return;
    button.setAttribute("data-cp-ready", "1");
    button.addEventListener("click", function () { field.focus(); });
    button.hidden = false;
  }

  // --- Votes (issue 16): a roll call sorted by member or by vote, a member's votes
  // filtered by year, class and vote. Without this script the tables are complete and
  // already sorted by vote; the filter form stays hidden.
  function cellText(row, index) {
    var cell = row.cells[index];
    return cell ? cell.textContent.trim() : "";
  }

  function setUpSort(table) {
    if (table.getAttribute("data-cp-ready")) return;
    table.setAttribute("data-cp-ready", "1");
    var heads = table.tHead.rows[0].cells;
    var body = table.tBodies[0];
    var original = Array.prototype.slice.call(body.rows);
    Array.prototype.forEach.call(heads, function (head, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "cp-sort";
      button.textContent = head.textContent;
      head.textContent = "";
      head.appendChild(button);
      button.addEventListener("click", function () {
        var order = (head.getAttribute("data-cp-order") || "").split(" ");
        function key(row) {
          var text = cellText(row, index);
          var rank = order.indexOf(text);
          return rank >= 0 ? String.fromCharCode(65 + rank) : text.toLowerCase();
        }
        var rows = original.slice().sort(function (a, b) {
          var ka = key(a), kb = key(b);
          if (ka !== kb) return ka < kb ? -1 : 1;
          return original.indexOf(a) - original.indexOf(b);  // stable: the vote order
        });
        rows.forEach(function (row) { body.appendChild(row); });
        Array.prototype.forEach.call(heads, function (other) { other.removeAttribute("aria-sort"); });
        head.setAttribute("aria-sort", "ascending");
      });
    });
  }

  function setUpVoteFilter(form) {
    var box = document.getElementById(form.getAttribute("data-cp-vote-filter"));
    if (!box || form.getAttribute("data-cp-ready")) return;
    form.setAttribute("data-cp-ready", "1");
    var rows = box.querySelectorAll("tbody tr");
    var count = form.querySelector(".cp-filter-count");
    // the columns of a vote table: date (its year), decision, class, vote, outcome
    var columns = {year: 0, "class": 2, vote: 3};
    function apply() {
      var wanted = {};
      form.querySelectorAll("select[name]").forEach(function (select) {
        if (select.value) wanted[select.name] = select.value;
      });
      var shown = 0;
      for (var i = 0; i < rows.length; i++) {
        var row = rows[i], match = true;
        for (var key in wanted) {
          var text = cellText(row, columns[key]);
          if (key === "year" ? text.slice(0, 4) !== wanted[key] : text !== wanted[key]) match = false;
        }
        row.hidden = !match;
        if (match) shown++;
      }
      // a year with no vote left to show is hidden with its heading
      box.querySelectorAll(".cp-vote-year").forEach(function (section) {
        section.hidden = !section.querySelector("tbody tr:not([hidden])");
      });
      count.textContent = "Showing " + shown + " of " + rows.length + " votes.";
    }
    form.addEventListener("change", apply);
    form.addEventListener("reset", function () { setTimeout(apply, 0); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.hidden = false;
    // nothing chosen yet: every row shows, so only the count is written (touching each of a
    // ten-year member's 1,200 rows at load cost seconds of a phone's main thread)
    var chosen = Array.prototype.some.call(form.querySelectorAll("select[name]"),
      function (select) { return select.value; });  // a choice the browser kept (back button)
    if (chosen) apply();
    else count.textContent = "Showing " + rows.length + " of " + rows.length + " votes.";
  }

  // Phones stack a table's cells (coalition.css): each cell is named by its column's header.
  // The vote tables name theirs in the stylesheet (they are long) and are left alone.
  function labelCells(table) {
    if (table.getAttribute("data-cp-labelled") || table.matches(".cp-votes, .cp-vote-summary, .cp-matrix, #cp-decision-log, .cp-membership")) return;
    var head = table.tHead && table.tHead.rows.length === 1 ? table.tHead.rows[0].cells : null;
    if (!head || head.length < 3) return;
    table.setAttribute("data-cp-labelled", "1");
    var bodies = Array.prototype.slice.call(table.tBodies).concat(table.tFoot ? [table.tFoot] : []);
    bodies.forEach(function (body) {
      Array.prototype.forEach.call(body.rows, function (row) {
        for (var i = 1; i < row.cells.length && i < head.length; i++) {
          if (head[i].colSpan === 1 && !row.cells[i].hasAttribute("data-cp-label")) {
            row.cells[i].setAttribute("data-cp-label", head[i].textContent.trim());
          }
        }
      });
    });
  }

  // --- Long pages (issue 16, Lighthouse on the 1x archive): the tables below the first screen
  // are laid out only as the reader nears them (.cp-later, .cp-vote-year in coalition.css), at
  // an estimated height until then.  A link to a heading far down (#votes-2023-heading) puts
  // the heading at the top while the page loads; a table above it, laid out just after at its
  // true height, then pushes it down (Chromium's scroll anchoring does not follow the load's
  // own jump to the heading).  So the heading is scrolled back to the top whenever a table
  // above it changes height, until the reader scrolls, presses a key or clicks.  Without this
  // script the heading can land a few hundred pixels down the screen.
  function keepLinkedHeadingInView() {
    var id = "";
    try { id = decodeURIComponent(window.location.hash.slice(1)); } catch (e) { return; }
    var target = id && document.getElementById(id);
    if (!target || !window.ResizeObserver) return;
    var above = Array.prototype.filter.call(
      document.querySelectorAll(".cp-later, .cp-vote-year > .cp-votes-box"), function (box) {
        return box.compareDocumentPosition(target) & Node.DOCUMENT_POSITION_FOLLOWING;
      });
    if (!above.length) return;
    var observer = new ResizeObserver(function () { target.scrollIntoView(); });
    function stop() {
      observer.disconnect();
      ["wheel", "touchstart", "keydown", "mousedown"].forEach(function (type) {
        window.removeEventListener(type, stop, true);
      });
    }
    ["wheel", "touchstart", "keydown", "mousedown"].forEach(function (type) {
      window.addEventListener(type, stop, {capture: true, passive: true});
    });
    above.forEach(function (box) { observer.observe(box); });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", keepLinkedHeadingInView);
  } else {
    keepLinkedHeadingInView();
  }

  function init() {
    document.querySelectorAll("[data-cp-due]").forEach(markOverdue);
    document.querySelectorAll("button[data-cp-search]").forEach(setUpSearchButton);
    document.querySelectorAll("form[data-cp-filter]").forEach(setUpFilter);
    document.querySelectorAll("button[data-cp-copy]").forEach(setUpCopy);
    dateEndorsement();
    document.querySelectorAll("form[data-cp-compare]").forEach(setUpCompare);
    document.querySelectorAll("table[data-cp-sortable]").forEach(setUpSort);
    document.querySelectorAll("form[data-cp-vote-filter]").forEach(setUpVoteFilter);
    document.querySelectorAll(".md-typeset table").forEach(labelCells);
    markScrollingTables();
  }

  window.addEventListener("resize", markScrollingTables);

  // Material's instant navigation swaps pages without reloading: follow its document$ stream.
  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
