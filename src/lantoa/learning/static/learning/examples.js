/* "Ví dụ thực tế" on the back of a study card: the approved stories of the card's point,
   nearest to the learner's unit first (the order of /diem/<n>/cau-chuyen.json?don-vi=CODE),
   each with a share button. Loaded when the card is turned, again when learn.js shows
   another point. Text only (textContent), never HTML from a story. No inline script (CSP). */
(function () {
  "use strict";
  var SHOWN = 3;

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text) node.textContent = text;
    return node;
  }

  function item(section, story, n) {
    var li = el("li", "story-item");
    var body = el("div");
    var link = el("a", "story-title", story.title);
    link.href = story.url;
    link.id = "example-" + story.id + "-" + n;
    body.appendChild(link);
    body.appendChild(el("p", "small muted", story.unit + (story.approved ? " · " + story.approved : "")));
    var row = el("p", "share-row");
    var button = el("button", "button button-secondary share-button", section.getAttribute("data-share"));
    button.type = "button";
    // "Chia sẻ" + the story's title: each button has its own accessible name.
    button.setAttribute("aria-describedby", link.id);
    button.setAttribute("data-share-url", location.origin + story.url);
    button.setAttribute("data-share-title", story.title);
    button.setAttribute("data-copied", section.getAttribute("data-copied"));
    row.appendChild(button);
    var status = el("span", "share-status small");
    status.setAttribute("role", "status");
    row.appendChild(status);
    body.appendChild(row);
    li.appendChild(body);
    if (window.lantoaShare) window.lantoaShare(button);
    else button.hidden = true;
    return li;
  }

  function fill(section, point) {
    var list = section.querySelector(".examples-list");
    var more = section.querySelector(".examples-more");
    var base = section.getAttribute("data-examples-url").replace("/0/", "/" + point + "/");
    var unit = section.getAttribute("data-unit");
    if (more) more.href = base.replace("cau-chuyen.json", "");
    section.setAttribute("aria-busy", "true");
    return fetch(base + (unit ? "?don-vi=" + encodeURIComponent(unit) : ""), { credentials: "omit" })
      .then(function (r) { return r.ok ? r.json() : { stories: [] }; })
      .then(function (data) {
        list.textContent = "";
        if (!data.stories.length) list.appendChild(el("li", "muted small", section.getAttribute("data-empty")));
        data.stories.slice(0, SHOWN).forEach(function (s, n) { list.appendChild(item(section, s, n)); });
        section.hidden = false;
      })
      .catch(function () { section.hidden = true; })  // offline: the card without examples
      .then(function () { section.removeAttribute("aria-busy"); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var section = document.querySelector(".story-examples");
    var label = document.getElementById("card-number");
    var back = document.getElementById("card-back");
    if (!section || !label || !back) return;
    var loaded = null;
    function current() {
      var m = label.textContent.match(/\d+/);
      return m ? m[0] : section.getAttribute("data-point");
    }
    function update() {
      if (back.hidden) return;  // fetched when the card is turned, not for every card shown
      var point = current();
      if (point && point !== loaded) { loaded = point; fill(section, point); }
    }
    update();
    if (!window.MutationObserver) return;
    // learn.js changes cards without reloading: follow its "Điểm N" label and the turn.
    new MutationObserver(update).observe(label, { childList: true, characterData: true, subtree: true });
    new MutationObserver(update).observe(back, { attributes: true, attributeFilter: ["hidden"] });
  });
})();
