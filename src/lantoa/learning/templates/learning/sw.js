/* Lan Tỏa study pages offline: pages under {{ scope }} network-first with a cached copy,
   static files cache-first. Ratings and answers are queued by learn.js, not here. */
"use strict";
var CACHE = "{{ cache }}";
var SCOPE = "{{ scope|escapejs }}";
self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });
self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.slice(-4) === ".pdf") return;
  if (url.pathname.indexOf("/static/") === 0 || url.pathname.indexOf(SCOPE + "h/") === 0) {
    event.respondWith(caches.match(request).then(function (hit) {
      return hit || fetch(request).then(function (response) {
        if (response.ok) {
          var copy = response.clone();
          caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
        }
        return response;
      });
    }));
    return;
  }
  if (url.pathname.indexOf(SCOPE) !== 0) return;
  // Pages that show the learner's name, unit or certificate code are never kept: a shared
  // phone must not show them to the next person, nor after "erase my data".
  if (/\/(du-lieu|ket-qua)\/?$/.test(url.pathname)) return;
  event.respondWith(fetch(request).then(function (response) {
    if (response.ok && response.type === "basic") {
      var copy = response.clone();
      caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
    }
    return response;
  }).catch(function () {
    return caches.match(request, { ignoreSearch: true }).then(function (hit) {
      return hit || caches.match(SCOPE + "the/") || new Response("offline", { status: 503 });
    });
  }));
});
