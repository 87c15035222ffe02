// The review page: focusing or hovering a field highlights where it was read in the text.
(function () {
  var source = document.getElementById("span-keys");
  var keys = source ? JSON.parse(source.textContent) : {};
  document.querySelectorAll(".fields .field[data-field]").forEach(function (row) {
    var key = keys[row.dataset.field];
    function mark(on) {
      document.querySelectorAll('mark[data-field]').forEach(function (m) {
        var f = m.dataset.field;
        var hit = key && (f === key || f.indexOf(key.replace("[0]", "[")) === 0);
        m.classList.toggle("active", on && hit);
        if (on && hit && f === key) { m.scrollIntoView({block: "nearest"}); }
      });
    }
    row.addEventListener("focusin", function () { mark(true); });
    row.addEventListener("mouseenter", function () { mark(true); });
    row.addEventListener("mouseleave", function () { mark(false); });
  });
})();
