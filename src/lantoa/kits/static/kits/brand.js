// The branded-kit form: say at once whether the chosen colours keep white text readable
// (WCAG AA, 4.5:1). The server darkens a colour that does not, and says so too.
(function () {
  "use strict";
  var note = document.getElementById("contrast-note");
  if (!note) return;
  var inputs = Array.prototype.slice.call(document.querySelectorAll("input.contrast-check"));

  function channel(v) {
    var c = v / 255;
    return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
  }
  function ratio(hex) {
    var r = parseInt(hex.substr(1, 2), 16), g = parseInt(hex.substr(3, 2), 16), b = parseInt(hex.substr(5, 2), 16);
    var l = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    return 1.05 / (l + 0.05);
  }
  function check() {
    var problems = [];
    inputs.forEach(function (input) {
      if (!/^#[0-9a-fA-F]{6}$/.test(input.value)) return;
      var r = ratio(input.value);
      var label = document.querySelector('label[for="' + input.id + '"]');
      if (r < 4.5) {
        var shown = r.toFixed(1);
        if (document.documentElement.lang === "vi") shown = shown.replace(".", ",");
        problems.push(note.dataset.warn.replace("{field}", label ? label.textContent : input.name).replace("{ratio}", shown));
        input.setAttribute("aria-describedby", "contrast-note");
      }
    });
    note.textContent = problems.length ? problems.join(" ") : note.dataset.ok;
    note.classList.toggle("contrast-warn", problems.length > 0);
  }
  inputs.forEach(function (input) { input.addEventListener("input", check); });
  check();
})();
