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

  function init() {
    document.querySelectorAll("form[data-cp-filter]").forEach(setUpFilter);
    document.querySelectorAll("button[data-cp-copy]").forEach(setUpCopy);
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
