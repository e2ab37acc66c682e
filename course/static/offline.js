/* offline.js (only in the script of the site `course build` makes): the course kept for reading
   offline. Served over http(s), the page registers the service worker at the site's root (sw.js,
   beside assets/) and says, in a small line at its foot, once the whole course is stored; when a
   newer version of the course has replaced it, that the next page opens it. From file:// (a USB
   stick), or in a browser without service workers, nothing is tried. */
(function () {
  "use strict";

  var script = document.querySelector("script[src$='assets/course.js']");
  if (!script || !/^https?:$/.test(location.protocol) || !("serviceWorker" in navigator)) { return; }
  var workers = navigator.serviceWorker, page = window.coursePage;
  var controlled = !!workers.controller, updated = false, status = null;

  function say(key) {
    if (!status) {
      status = document.createElement("p");
      status.className = "offline-status";
      status.setAttribute("role", "status");  // read out as it changes, without taking the focus
      document.body.appendChild(status);
    }
    status.textContent = page.say(key);
  }

  workers.addEventListener("controllerchange", function () {
    // the first worker taking over a first visit is not news; a later one is a new version
    if (controlled) { updated = true; say("offline_updated"); }
    controlled = true;
  });

  function register() {
    workers.register(new URL("../sw.js", script.src).href).then(function () { return workers.ready; }).then(function () {
      if (!updated) { say("offline_ready"); }  // a worker is active only once it stored every file
    }).catch(function () { /* storage refused (private window, full disk): the course still works online */ });
  }

  // after the page's own files, so storing the course never slows the first page on a slow line
  if (document.readyState === "complete") { register(); } else { window.addEventListener("load", register); }
})();
