/* progress.js: the learner's progress as the pages show it: best scores beside each quiz, lessons
   read, results by framework part, the certificate, and a notice when progress will not be kept.
   It reads the store that the local tracker writes (tracker-local.js). */
(function () {
  "use strict";

  var page = window.coursePage;
  var say = page.say, all = page.all;

  function quizRecord(data, id) { return page.has(data.quizzes, id) ? data.quizzes[id] : null; }

  // A learner whose progress will not last must hear it before doing a quiz, not after.
  function showStoreNotice(problem) {
    if (document.getElementById("course-store-notice")) { return; }
    var note = document.createElement("p");
    note.id = "course-store-notice";
    note.className = "notice";
    note.setAttribute("role", "status");
    note.textContent = say(problem === "newer" ? "store_newer" : "store_unavailable");
    var main = document.getElementById("main") || document.body;
    main.insertBefore(note, main.firstChild);
  }

  function showStatus(data) {
    data = data || page.store.load();
    all(document, "[data-quiz-status]").forEach(function (el) {
      var rec = quizRecord(data, el.getAttribute("data-quiz-status"));
      if (!rec) { return; }
      el.textContent = say("best", { pct: rec.best });
      el.className = el.className.replace(/ ?is-(pass|fail)/g, "") + (rec.passed ? " is-pass" : " is-fail");
    });
    all(document, "a[data-progress]").forEach(function (a) {
      if (data.visited[a.getAttribute("data-progress")]) { a.classList.add("visited"); }
    });
    all(document, "[data-lessons]").forEach(function (el) {
      var lessons = el.getAttribute("data-lessons").split(" ").filter(Boolean);
      var read = lessons.filter(function (url) { return data.visited[url]; }).length;
      if (read) { el.textContent = say("read_n", { n: read, total: lessons.length }); }
    });
  }

  function showPartResults(data) {
    var section = document.querySelector(".part-results");
    if (!section) { return; }
    var rows = [];
    all(document, ".part[data-part]").forEach(function (part) {
      var keys = (part.getAttribute("data-questions") || "").split(" ").filter(Boolean);
      var sum = 0, n = 0;
      keys.forEach(function (key) {
        var cut = key.indexOf("/");
        var rec = quizRecord(data, key.slice(0, cut));
        var value = rec && rec.results ? rec.results[key.slice(cut + 1)] : undefined;
        if (typeof value === "number") { sum += value; n++; }
      });
      if (n) { rows.push({ part: part, title: part.querySelector("h2").textContent, pct: Math.round(100 * sum / n) }); }
    });
    if (!rows.length) { return; }
    section.querySelector(".part-results-empty").hidden = true;
    // A bar per part, as plain HTML: it wraps on a phone and screen readers read every value.
    var chart = section.querySelector(".part-chart");
    chart.hidden = false;
    chart.innerHTML = "";
    rows.forEach(function (row) {
      var li = document.createElement("li");
      li.innerHTML = "<span class=\"part-name\"></span> <span class=\"part-bar\" aria-hidden=\"true\"><span></span></span> " +
        "<span class=\"part-pct\"></span>";
      li.querySelector(".part-name").textContent = row.title;
      // through the CSSOM: the page's policy refuses style="" attributes, not this
      li.querySelector(".part-bar span").style.width = row.pct + "%";
      li.querySelector(".part-pct").textContent = row.pct + "%";
      chart.appendChild(li);
    });
    var weakest = rows.slice().sort(function (a, b) { return a.pct - b.pct; })[0];
    var pass = parseInt(section.getAttribute("data-pass"), 10) || 0;
    var pages = weakest.part.querySelector(".part-pages");
    section.querySelector(".part-revisit").innerHTML = weakest.pct < pass && pages && pages.children.length ?
      "<h3>" + page.escapeHtml(say("revisit_part", { part: weakest.title })) + "</h3>" + pages.innerHTML : "";
  }

  // The certificate: shown when every quiz of the course is passed.
  function showCertificate(data) {
    var section = document.querySelector("section.certificate-page[data-certificate]");
    if (!section) { return; }
    var ids = section.getAttribute("data-certificate").split(" ").filter(Boolean);
    var records = ids.map(function (id) { return quizRecord(data, id); });
    if (!ids.length || records.some(function (rec) { return !rec || !rec.passed; })) { return; }
    var pct = Math.round(records.reduce(function (sum, rec) { return sum + rec.best; }, 0) / records.length);
    if (!data.passedOn) { data.passedOn = window.courseStore.today(); page.store.save(data); }  // the learner's day, not UTC's
    var date = window.courseStore.formatDay(data.passedOn, document.documentElement.lang);
    section.querySelector(".certificate-locked").hidden = true;
    section.querySelector(".certificate-ready").hidden = false;
    section.querySelector(".certificate-details").textContent = say("certificate_details", { date: date, pct: pct, n: ids.length });
    var name = section.querySelector(".certificate-name");
    var learner = section.querySelector(".certificate-learner");
    name.value = typeof data.name === "string" ? data.name : "";
    learner.textContent = name.value;
    name.addEventListener("input", function () {
      learner.textContent = name.value;
      var fresh = page.store.load();
      fresh.name = name.value;
      page.store.save(fresh);
    });
    section.querySelector(".certificate-print").addEventListener("click", function () { window.print(); });
  }

  window.courseProgress = {
    showStoreNotice: showStoreNotice,
    showStatus: showStatus,
    showPartResults: showPartResults,
    showCertificate: showCertificate
  };
})();
