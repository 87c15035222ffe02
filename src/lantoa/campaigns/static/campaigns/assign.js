// The assign form's helpers: find a unit, select all shown, clear all, select the units
// proposed from the dispatch, and a live count. Without JavaScript the form is a plain
// list of check boxes and works the same. Matching ignores case and Vietnamese marks.
(function () {
  "use strict";

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/đ/g, "d").replace(/Đ/g, "d").toLowerCase();
  }

  function setup(fieldset) {
    var boxes = Array.prototype.slice.call(fieldset.querySelectorAll('input[type="checkbox"]'));
    if (!boxes.length) return;
    var items = boxes.map(function (box) {
      var row = box.closest("div") || box.parentNode;
      return { box: box, row: row, key: fold(row.textContent) };
    });
    var data = fieldset.dataset;
    var proposed = (data.proposed || "").split(",").filter(Boolean);

    var bar = document.createElement("div");
    bar.className = "assign-tools";
    var searchId = fieldset.id + "-search";
    var label = document.createElement("label");
    label.htmlFor = searchId;
    label.textContent = data.labelSearch;
    var search = document.createElement("input");
    search.type = "search";
    search.id = searchId;
    search.autocomplete = "off";
    var buttons = document.createElement("div");
    buttons.className = "assign-buttons";

    function button(text, action) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "button button-secondary button-small";
      b.textContent = text;
      b.addEventListener("click", function () { action(); update(); });
      buttons.appendChild(b);
      return b;
    }
    var count = document.createElement("p");
    count.className = "small assign-count";
    count.setAttribute("aria-live", "polite");

    function update() {
      var ticked = boxes.filter(function (b) { return b.checked; }).length;
      count.textContent = data.labelCount.replace("{n}", ticked).replace("{total}", boxes.length);
    }

    button(data.labelAll, function () {
      items.forEach(function (it) { if (!it.row.hidden) it.box.checked = true; });
    });
    button(data.labelNone, function () {
      boxes.forEach(function (b) { b.checked = false; });
    });
    if (proposed.length) {
      button(data.labelProposed, function () {
        boxes.forEach(function (b) { if (proposed.indexOf(b.value) !== -1) b.checked = true; });
      });
    }
    search.addEventListener("input", function () {
      var words = fold(search.value).split(/\s+/).filter(Boolean);
      items.forEach(function (it) {
        it.row.hidden = !words.every(function (w) { return it.key.indexOf(w) !== -1; });
      });
    });
    search.addEventListener("keydown", function (event) {
      if (event.key === "Enter") event.preventDefault();  // Enter filters, it does not submit
    });
    fieldset.addEventListener("change", update);

    bar.appendChild(label);
    bar.appendChild(search);
    bar.appendChild(buttons);
    bar.appendChild(count);
    fieldset.parentNode.insertBefore(bar, fieldset);
    update();
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("fieldset.unit-checks"), setup);
  });
})();
