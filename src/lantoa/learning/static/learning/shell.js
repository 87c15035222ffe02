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
    })
    .catch(function () {});
})();
