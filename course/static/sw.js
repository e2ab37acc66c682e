/* sw.js: the course's service worker (render/offline.py writes COURSE_VERSION and COURSE_FILES
   above). Installing stores every file of the build in a cache named after its scope and version,
   all or nothing; activating deletes the caches of the scope's older versions. Pages and files are
   answered from the cache first, the network only for what it lacks: a version is all of one build,
   and a new build is a new sw.js, which the browser fetches on each visit and installs beside it. */
/* global COURSE_VERSION, COURSE_FILES */
(function () {
  "use strict";

  var scope = self.registration.scope;
  var prefix = "course-offline " + scope + " ";  // two courses on one host keep their own caches
  var name = prefix + COURSE_VERSION;

  self.addEventListener("install", function (event) {
    event.waitUntil(caches.open(name).then(function (cache) {
      // "reload": past the browser's own HTTP cache, which may still hold the previous build's files
      return cache.addAll(COURSE_FILES.map(function (path) { return new Request(path, { cache: "reload" }); }));
    }).then(function () {
      // Take over at once: the page open now keeps what it shows, the next page comes from this version.
      return self.skipWaiting();
    }));
  });

  self.addEventListener("activate", function (event) {
    event.waitUntil(caches.keys().then(function (names) {
      return Promise.all(names.filter(function (old) {
        return old.indexOf(prefix) === 0 && old !== name;
      }).map(function (old) { return caches.delete(old); }));
    }).then(function () { return self.clients.claim(); }));
  });

  self.addEventListener("fetch", function (event) {
    var request = event.request;
    if (request.method !== "GET" || request.url.indexOf(scope) !== 0 || request.headers.has("range")) { return; }
    event.respondWith(caches.open(name).then(function (cache) {
      return cache.match(request, { ignoreSearch: true }).then(function (hit) {
        if (hit) { return hit; }
        var url = request.url.split(/[?#]/)[0];
        if (request.mode === "navigate" && url.charAt(url.length - 1) === "/") {  // a folder: its index.html
          return cache.match(url + "index.html").then(function (index) { return index || fetch(request); });
        }
        return fetch(request);
      });
    }));
  });
})();
