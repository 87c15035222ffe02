/* Lan Tỏa study pages: flip and rate cards, answer the quiz, and queue every event in
   localStorage until the server has it (each carries a UUID, so resending is harmless). */
(function () {
  "use strict";
  var KEY = "lantoa-learn-queue";
  var dataNode = document.getElementById("learn-data");
  if (!dataNode) return;
  var d = JSON.parse(dataNode.textContent);
  var t = JSON.parse(document.getElementById("learn-strings").textContent);
  var listeners = [];
  var sending = false;
  var $ = function (id) { return document.getElementById(id); };

  function load() { try { return JSON.parse(localStorage.getItem(KEY)) || []; } catch (e) { return []; } }
  function save(q) { try { localStorage.setItem(KEY, JSON.stringify(q)); } catch (e) { /* full */ } }
  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }
  function say(text) { var live = $("live"); if (live) { live.textContent = ""; setTimeout(function () { live.textContent = text; }, 50); } }
  function status() {
    var n = load().length, node = $("queue");
    if (node) node.textContent = n ? t.queued.replace("%(n)s", n) : "";
  }
  function enqueue(event) { var q = load(); q.push(event); save(q); status(); flush(); }
  function flush() {
    var q = load();
    if (!q.length || sending) return;
    sending = true;
    fetch(d.events, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ events: q.slice(0, 50) })
    }).then(function (r) {
      if (r.status === 403) save([]); // no learner any more (data erased): nothing to send
      if (r.status === 400 || r.status === 404 || r.status === 409) {
        // The server refused the batch and stored none of it, naming the event at fault:
        // drop that one event (it can never succeed) and send the rest again.
        return r.json().then(function (err) {
          var bad = q.slice(0, 50)[err.index];
          save(load().filter(function (e) { return !bad || e.id !== bad.id; }));
          if (bad) listeners.forEach(function (fn) { fn([{ id: bad.id, status: "error" }]); });
          throw new Error(err.error);
        });
      }
      if (!r.ok) throw new Error(String(r.status));
      return r.json();
    }).then(function (body) {
      var done = {};
      body.results.forEach(function (r) { done[r.id] = true; });
      save(load().filter(function (e) { return !done[e.id]; }));
      sending = false;
      status();
      listeners.forEach(function (fn) { fn(body.results); });
      if (load().length) flush();
    }).catch(function () { sending = false; status(); });
  }
  window.addEventListener("online", flush);
  setInterval(flush, 4000);
  if ("serviceWorker" in navigator && d.sw) {
    navigator.serviceWorker.register(d.sw).catch(function () {});
    // The page and its files loaded before the worker ran: put them in its cache now.
    navigator.serviceWorker.ready.then(function () {
      var urls = [location.pathname];
      if (d.cards_url) urls.push(d.cards_url);
      document.querySelectorAll("link[rel=stylesheet],link[rel=preload],script[src],img[src]").forEach(function (n) {
        urls.push(n.href || n.src);
      });
      return caches.open(d.cache).then(function (c) { return c.addAll(urls); });
    }).then(function () {
      var ready = $("offline-ready");
      if (ready) ready.hidden = false;
    }).catch(function () {});
  }

  if (d.cards_url) study();
  if (d.attempt) quiz();
  status();
  flush();

  function study() {
    var byPoint = {}, learned = {}, flipped = !$("card-back").hidden;
    // The cards of this pack version are one immutable file, cached by the browser and the
    // service worker: the page carries only the first card and this learner's order.
    var cards = fetch(d.cards_url).then(function (r) { return r.json(); }).then(function (body) {
      body.cards.forEach(function (c) { byPoint[c.point] = c; });
    });
    d.learned.forEach(function (p) { learned[p] = true; });
    var order = d.order.slice();
    var form = $("rate");
    function count() { $("learned-count").textContent = Object.keys(learned).length; }
    function show(point) {
      var c = byPoint[point];
      $("card-number").textContent = t.point + " " + c.point;
      $("card-title").textContent = c.title;
      $("card-it").textContent = c.it;
      $("card-dx").textContent = c.dx;
      form.elements.point.value = c.point;
      turn(false);
    }
    function turn(on) {
      flipped = on;
      $("card-back").hidden = !on; form.hidden = !on;
      $("card-front").hidden = on; $("flip-area").hidden = on;
    }
    function rate(value) {
      var point = order.shift();
      enqueue({ type: "rating", id: uuid(), point: point, rating: value });
      // Counted at once (offline too): "Được" or "Dễ" means learned, "Lại" not any more.
      if (value >= 3) learned[point] = true; else if (value === 1) delete learned[point];
      count();
      // "Again" comes back after two other cards; the rest go to the end of this session.
      if (value === 1) order.splice(Math.min(2, order.length), 0, point); else order.push(point);
      cards.then(function () {
        show(order[0]);
        $("card-title").focus();
        say(t.saved + " " + t.point + " " + order[0] + ": " + byPoint[order[0]].title);
      });
    }
    $("flip").addEventListener("click", function (e) {
      e.preventDefault(); turn(true);
      form.querySelector(".rate-good").focus();
      say(t.back);
    });
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var b = e.submitter || document.activeElement;
      if (b && b.value) rate(parseInt(b.value, 10));
    });
    document.addEventListener("keydown", function (e) {
      if (e.altKey || e.ctrlKey || e.metaKey || /INPUT|TEXTAREA|SELECT/.test(e.target.tagName)) return;
      var plain = e.target.tagName !== "A" && e.target.tagName !== "BUTTON";
      // Space turns the card anywhere, and on the flip control itself (a link acting as a button).
      if (!flipped && ((e.key === " " && (plain || e.target.id === "flip")) || (e.key === "Enter" && plain))) {
        e.preventDefault(); $("flip").click();
      } else if (flipped && /^[1-4]$/.test(e.key)) {
        e.preventDefault(); rate(parseInt(e.key, 10));
      }
    });
    listeners.push(function (results) {
      results.forEach(function (r) {
        if (r.point === undefined || r.status === "error") return;
        if (r.learned) learned[r.point] = true; else if (r.status === "ok") delete learned[r.point];
      });
      count();
    });
  }

  function quiz() {
    var answered = parseInt($("answered-count").textContent, 10);
    var forms = {};
    Array.prototype.forEach.call(document.querySelectorAll("form.question"), function (f) {
      forms[f.elements.client_id.value] = f;
      f.addEventListener("submit", function (e) {
        e.preventDefault();
        var picked = f.querySelector("input[name=option]:checked");
        var fb = f.querySelector(".feedback");
        if (!picked) { fb.textContent = t.choose; return; }
        f.querySelector("fieldset").disabled = true;
        f.querySelector("button").style.display = "none";
        fb.textContent = navigator.onLine ? t.sending : t.offline;
        enqueue({ type: "answer", id: f.elements.client_id.value, attempt: d.attempt,
                  question: f.dataset.question, option: picked.value });
      });
    });
    listeners.push(function (results) {
      results.forEach(function (r) {
        var f = forms[r.id];
        if (!f) return;
        if (r.explanation === undefined) { // refused: let the learner try again
          f.querySelector("fieldset").disabled = false;
          f.querySelector("button").style.display = "";
          f.querySelector(".feedback").textContent = t.choose;
          return;
        }
        // The right option's id comes only in the reply to a recorded answer.
        Array.prototype.forEach.call(f.querySelectorAll("input[name=option]"), function (input) {
          if (input.value === r.answer) input.parentNode.classList.add("right");
        });
        var picked = f.querySelector("input[name=option]:checked");
        if (!r.correct && picked) picked.parentNode.classList.add("wrong");
        var fb = f.querySelector(".feedback");
        fb.textContent = "";
        var v = document.createElement("p");
        v.className = "verdict " + (r.correct ? "right" : "wrong");
        v.textContent = r.correct ? t.correct : t.wrong;
        var x = document.createElement("p");
        x.className = "explanation"; x.textContent = r.explanation;
        fb.appendChild(v); fb.appendChild(x);
        if (r.status === "ok") answered += 1;
        $("answered-count").textContent = Math.min(answered, Object.keys(forms).length);
        if (r.finished) $("to-result").hidden = false;
      });
    });
  }
})();
