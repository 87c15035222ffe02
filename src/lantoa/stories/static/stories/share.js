// Share buttons (Web Share API on phones, copy the link elsewhere) and the "Ví dụ thực tế"
// block of a study card, filled from /diem/<n>/cau-chuyen.json. No inline script (CSP).
(function () {
  "use strict";

  function initShare(button) {
    var url = button.getAttribute("data-share-url");
    var title = button.getAttribute("data-share-title") || document.title;
    var status = button.parentNode.querySelector(".share-status");
    button.hidden = false;
    button.addEventListener("click", function () {
      if (navigator.share && window.matchMedia("(pointer: coarse)").matches) {
        navigator.share({ title: title, url: url }).catch(function () {});
        return;
      }
      var done = function () {
        if (status) status.textContent = button.getAttribute("data-copied");
      };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(url).then(done, function () {
          window.prompt("", url);
        });
      } else {
        window.prompt("", url);
      }
    });
  }

  function fillExamples(section, point) {
    var list = section.querySelector(".examples-list");
    var more = section.querySelector(".examples-more");
    if (!list || !point) return;
    var base = section.getAttribute("data-examples-url").replace("/0/", "/" + point + "/");
    var unit = section.getAttribute("data-unit");
    var url = base + (unit ? "?don-vi=" + encodeURIComponent(unit) : "");
    if (more) more.href = base.replace("cau-chuyen.json", "");
    fetch(url, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : { stories: [] }; })
      .then(function (data) {
        list.textContent = "";
        if (!data.stories.length) {
          var li = document.createElement("li");
          li.className = "muted small";
          li.textContent = section.getAttribute("data-empty");
          list.appendChild(li);
        }
        data.stories.slice(0, 3).forEach(function (s) {
          var li = document.createElement("li");
          li.className = "story-item";
          var a = document.createElement("a");
          a.className = "story-title";
          a.href = s.url;
          a.textContent = s.title; // text, never HTML
          var p = document.createElement("p");
          p.className = "small muted";
          p.textContent = s.unit + (s.approved ? " · " + s.approved : "");
          var div = document.createElement("div");
          div.appendChild(a);
          div.appendChild(p);
          li.appendChild(div);
          list.appendChild(li);
        });
        section.hidden = false;
      })
      .catch(function () {});
  }

  function initExamples(section) {
    var current = section.getAttribute("data-point");
    fillExamples(section, current);
    // The study page changes cards without reloading: follow its "Điểm N" label.
    var label = document.getElementById("card-number");
    if (!label || !window.MutationObserver) return;
    new MutationObserver(function () {
      var m = label.textContent.match(/(\d+)/);
      if (m && m[1] !== current) {
        current = m[1];
        fillExamples(section, current);
      }
    }).observe(label, { childList: true, characterData: true, subtree: true });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".share-button").forEach(initShare);
    document.querySelectorAll(".story-examples").forEach(initExamples);
  });
})();
