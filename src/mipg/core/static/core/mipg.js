/* Gestor MIPG: small progressive enhancements shared by every page (a static file: the CSP allows no
   inline script).
   - Every scrollable table region (.table-wrap) can be reached and scrolled with the keyboard: it gets
     tabindex=0, role=region and a name taken from its table's caption or the nearest heading.
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

  function enhanceRegions(root) {
    var wraps = (root || document).querySelectorAll(".table-wrap:not([data-region])");
    for (var i = 0; i < wraps.length; i++) {
      var wrap = wraps[i];
      wrap.setAttribute("data-region", "");
      if (!wrap.hasAttribute("tabindex")) wrap.setAttribute("tabindex", "0");
      if (!wrap.hasAttribute("role")) wrap.setAttribute("role", "region");
      if (!wrap.hasAttribute("aria-label") && !wrap.hasAttribute("aria-labelledby")) {
        wrap.setAttribute("aria-label", regionName(wrap) + " (tabla)");
      }
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    enhanceRegions(document);
    var summary = document.querySelector(".error-summary");
    if (summary) summary.focus();
  });
  // HTMX swaps in new fragments (attendance, quorum): enhance their tables too.
  document.addEventListener("htmx:afterSettle", function (event) { enhanceRegions(event.target); });
})();
