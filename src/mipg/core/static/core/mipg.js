/* Gestor MIPG: small progressive enhancements shared by every page (a static file: the CSP allows no
   inline script).
   - Every table region (.table-wrap) that scrolls can be reached and scrolled with the keyboard: it gets
     tabindex=0, role=region and a name taken from its table's caption or the nearest heading.
   - On phones, tables of up to STACK_MAX_COLUMNS columns read as stacked rows: each cell gets a
     data-label with its column header (CSS shows it before the value), and the table keeps its
     semantics through explicit ARIA roles (display: block would otherwise drop them). Wider tables
     (matrices, heat maps) keep a sticky first column inside their scroll region instead.
   - A form's error summary takes the focus on load, so screen readers announce it first. */
(function () {
  "use strict";

  function regionName(wrap) {
    var caption = wrap.querySelector("caption");
    if (caption && caption.textContent.trim()) return caption.textContent.trim();
    var labelled = wrap.querySelector("table[aria-label]");
    if (labelled) return labelled.getAttribute("aria-label");
    var node = wrap;
    while (node && node !== document.body) {
      var sibling = node.previousElementSibling;
      while (sibling) {
        if (/^H[1-6]$/.test(sibling.tagName)) return sibling.textContent.trim();
        var inner = sibling.querySelectorAll && sibling.querySelectorAll("h1, h2, h3, h4, h5, h6");
        if (inner && inner.length) return inner[inner.length - 1].textContent.trim();
        sibling = sibling.previousElementSibling;
      }
      node = node.parentElement;
    }
    return document.title;
  }

  // Only regions that actually scroll become tab stops (re-checked when the window is resized), so
  // screen-reader users do not meet a region around every small table.
  function enhanceRegions(root) {
    var wraps = (root || document).querySelectorAll(".table-wrap");
    for (var i = 0; i < wraps.length; i++) {
      var wrap = wraps[i];
      var scrolls = wrap.scrollWidth > wrap.clientWidth + 1;
      if (scrolls && !wrap.hasAttribute("data-region")) {
        if (wrap.hasAttribute("tabindex") || wrap.hasAttribute("role")) continue;  // set in the markup
        wrap.setAttribute("data-region", "");
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        if (!wrap.hasAttribute("aria-label") && !wrap.hasAttribute("aria-labelledby")) {
          wrap.setAttribute("data-region-label", "");
          wrap.setAttribute("aria-label", regionName(wrap) + " (tabla desplazable)");
        }
      } else if (!scrolls && wrap.hasAttribute("data-region")) {
        wrap.removeAttribute("data-region");
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
        if (wrap.hasAttribute("data-region-label")) {
          wrap.removeAttribute("data-region-label");
          wrap.removeAttribute("aria-label");
        }
      }
    }
  }

  var STACK_MAX_COLUMNS = 8;

  function columnLabels(table) {
    var head = table.tHead;
    if (!head || !head.rows.length) return null;
    var labels = [];
    var cells = head.rows[head.rows.length - 1].cells;
    for (var i = 0; i < cells.length; i++) {
      for (var span = 0; span < cells[i].colSpan; span++) labels.push(cells[i].textContent.trim());
    }
    return labels;
  }

  function setRole(node, role) { if (!node.hasAttribute("role")) node.setAttribute("role", role); }

  function stackTables(root) {
    var tables = (root || document).querySelectorAll(".table-wrap > table:not(.matrix):not([data-stacked])");
    for (var t = 0; t < tables.length; t++) {
      var table = tables[t];
      table.setAttribute("data-stacked", "");
      var labels = columnLabels(table);
      if (!labels || labels.length > STACK_MAX_COLUMNS) continue;
      table.classList.add("table-stack");
      setRole(table, "table");
      var groups = table.querySelectorAll(":scope > thead, :scope > tbody, :scope > tfoot");
      for (var g = 0; g < groups.length; g++) setRole(groups[g], "rowgroup");
      var rows = table.rows;
      for (var r = 0; r < rows.length; r++) {
        setRole(rows[r], "row");
        var column = 0;
        for (var c = 0; c < rows[r].cells.length; c++) {
          var cell = rows[r].cells[c];
          if (cell.tagName === "TH") {
            setRole(cell, cell.parentNode.parentNode === table.tHead ? "columnheader" : "rowheader");
          } else {
            setRole(cell, "cell");
          }
          if (cell.colSpan === 1 && labels[column] && !cell.hasAttribute("data-label")) {
            cell.setAttribute("data-label", labels[column]);
          }
          column += cell.colSpan;
        }
      }
    }
  }

  var resizing = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizing);
    resizing = setTimeout(function () { enhanceRegions(document); }, 150);
  });

  document.addEventListener("DOMContentLoaded", function () {
    stackTables(document);
    enhanceRegions(document);
    var summary = document.querySelector(".error-summary");
    if (summary) summary.focus();
  });
  // HTMX swaps in new fragments (attendance, quorum): enhance their tables too.
  document.addEventListener("htmx:afterSettle", function (event) {
    stackTables(event.target);
    enhanceRegions(event.target);
  });
})();
