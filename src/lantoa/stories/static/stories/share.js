// Share buttons (Web Share API on phones, copy the link elsewhere). The "Ví dụ thực tế"
// block of a study card is filled by learning/examples.js. No inline script (CSP).
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

  window.lantoaShare = initShare; // for buttons added later (learning/examples.js)

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".share-button").forEach(initShare);
  });
})();
