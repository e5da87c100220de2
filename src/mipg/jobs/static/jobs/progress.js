// Job page: poll the job's small JSON status and move the bar, the status and the log, until it ends;
// then reload once so the result (download, link or reason of failure) shows. Without JavaScript the
// page's "Actualizar el estado" link does the same by hand.
(function () {
  "use strict";
  var box = document.getElementById("job");
  var urlNode = document.getElementById("job-status-url");
  if (!box || !urlNode || box.getAttribute("data-polling") !== "1") { return; }
  var url = JSON.parse(urlNode.textContent);
  var bar = document.getElementById("job-progress");
  var text = document.getElementById("job-progress-text");
  var status = document.getElementById("job-status");
  var log = document.getElementById("job-log");
  var delay = 1500;

  function render(data) {
    bar.value = data.progress;
    bar.textContent = data.progress + " %";
    text.textContent = data.progress + " %";
    var badge = status.querySelector(".status");
    if (badge) { badge.textContent = data.status_label; }
    log.textContent = data.log.join("\n") + "\n";
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        render(data);
        if (data.done) { window.location.reload(); return; }
        delay = Math.min(delay + 500, 5000);
        window.setTimeout(poll, delay);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, delay);
})();
