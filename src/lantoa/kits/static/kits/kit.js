// Poll a rendering kit's status and show its progress; reload when it is ready.
// Without JavaScript the page refreshes itself (<noscript> meta refresh) instead.
(function () {
  "use strict";
  var box = document.querySelector(".kit-progress[data-status-url]");
  if (!box) return;
  var bar = box.querySelector("progress");
  var percent = box.querySelector("[data-percent]");
  var step = box.querySelector("[data-step]");
  var counts = box.querySelector("[data-counts]");
  function poll() {
    fetch(box.dataset.statusUrl, { headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        bar.value = s.percent;
        bar.textContent = percent.textContent = s.percent + "%";
        step.textContent = s.step;
        if (counts && s.total) {
          counts.textContent = counts.dataset.template.replace("{done}", s.done).replace("{total}", s.total);
        }
        if (s.status === "done" || s.status === "failed") {
          window.location.reload();  // the same page, now with the thumbnails or the error
        } else {
          window.setTimeout(poll, 1000);
        }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 700);
})();
