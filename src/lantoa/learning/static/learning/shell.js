/* The study shell: the same page for every unit. Read the unit's code from the address,
   look its name up (a small cached JSON), and name it in the page. */
(function () {
  "use strict";
  var shell = document.getElementById("shell");
  if (!shell) return;
  var code = decodeURIComponent(location.pathname.replace(/\/+$/, "").split("/").pop() || "");
  if (!code || code === "hoc") return;
  // A member's study task links here with ?vai-tro=official: that choice is preselected.
  if (/[?&]vai-tro=official\b/.test(location.search)) {
    var official = document.querySelector("input[name=kind][value=official]");
    if (official) official.checked = true;
  }
  // A campaign's link (and its posters' QR codes) names its pack: ?goi=<pack id>. The unit
  // may study it when the lookup lists it (national packs, and those of the unit and the
  // units above it); otherwise the default pack. The join form is sent to the address with
  // the chosen pack only, and that pack's cards are fetched ahead (an immutable file).
  function choosePack(unit) {
    if (!unit.packs) return;
    var match = /[?&]goi=([^&#]*)/.exec(location.search);
    var asked = match ? decodeURIComponent(match[1].replace(/\+/g, " ")) : "";
    var id = asked && unit.packs[asked] ? asked : unit["default"];
    var pack = unit.packs[id];
    var form = document.getElementById("join");
    form.setAttribute("action", location.pathname + (id === asked ? "?goi=" + encodeURIComponent(id) : ""));
    if (!pack) return;
    var line = document.getElementById("pack-line");
    line.querySelector(".pack-title").textContent = pack.title;
    line.hidden = false;
    shell.setAttribute("data-pack", id);
    fetch(pack.cards, { credentials: "omit" }).catch(function () {});
  }
  fetch(shell.getAttribute("data-lookup") + encodeURIComponent(code) + ".json", { credentials: "omit" })
    .then(function (r) {
      if (r.status === 404) {
        document.getElementById("unit-unknown").hidden = false;
        document.getElementById("join").hidden = true;
        return null;
      }
      return r.ok ? r.json() : null;
    })
    .then(function (unit) {
      if (!unit) return;
      var line = document.getElementById("unit-line");
      line.querySelector(".unit-name").textContent = unit.name;
      line.hidden = false;
      var label = document.getElementById("official-template").content.textContent.replace("{unit}", unit.name);
      document.getElementById("official-label").textContent = label;
      document.title = document.title + " · " + (unit.short_name || unit.name);
      choosePack(unit);
    })
    .catch(function () {});
})();
