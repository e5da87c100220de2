/* Starts Redoc on /api/redoc/ without inline script. Redoc writes its styles into <style> elements; they
   must carry this response's CSP nonce, which the browser only exposes through the `nonce` property of the
   element that holds it (this script tag), never through an attribute. */
(function () {
  "use strict";
  var me = document.currentScript;
  var container = document.getElementById("redoc-container");
  if (!me || !container || !window.Redoc) {
    return;
  }
  window.Redoc.init(me.dataset.specUrl, { nonce: me.nonce, hideDownloadButton: false }, container);
})();
