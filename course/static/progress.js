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

  // Small icons beside a verdict word, so that passed and not passed differ without colour.
  var MARKS = {
    pass: "<path d=\"M3 8.5l3.5 3.5L13 4.5\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"2.2\"/>",
    fail: "<path d=\"M4 4l8 8M12 4l-8 8\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"2.2\"/>",
    untried: "<circle cx=\"8\" cy=\"8\" r=\"5.5\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.6\" stroke-dasharray=\"2.5 2\"/>"
  };
  function verdictHtml(kind, words) {
    return "<span class=\"verdict verdict-" + kind + "\"><svg class=\"q-icon\" viewBox=\"0 0 16 16\" width=\"16\" height=\"16\" " +
      "aria-hidden=\"true\" focusable=\"false\">" + MARKS[kind] + "</svg> " + page.escapeHtml(words) + "</span>";
  }

  // A part's score: its quizzes' best scores, weighted by the points each has on the part
  // (course/certificate.py, part_score, does the same for `course verify`).
  function partScores(root, data) {
    var best = window.courseStore.bestScores(data);
    return all(root, "[data-part-row]").map(function (row) {
      var weights = window.courseCertificate.readWeights(row.getAttribute("data-weights"));
      return { row: row, id: row.getAttribute("data-part-row"), pct: window.courseCertificate.partScore(weights, best) };
    });
  }

  function showPartResults(data) {
    var section = document.querySelector(".part-results");
    if (!section) { return; }
    var pass = parseInt(section.getAttribute("data-pass"), 10) || 0;
    var rows = partScores(section, data);
    var quizRows = all(section, "[data-quiz-row]");
    var tried = quizRows.filter(function (row) { return quizRecord(data, row.getAttribute("data-quiz-row")); });
    if (!tried.length) { return; }
    section.querySelector(".part-results-empty").hidden = true;
    var table = section.querySelector(".part-table");
    if (table) { table.hidden = !rows.length; }
    rows.forEach(function (part) {
      var row = part.row, kind = part.pct === null ? "untried" : (part.pct >= pass ? "pass" : "fail");
      row.setAttribute("data-result", kind);
      // through the CSSOM: the page's policy refuses style="" attributes, not this
      row.querySelector(".part-fill").style.width = (part.pct || 0) + "%";
      row.querySelector(".part-mark").style.left = pass + "%";
      row.querySelector(".part-pct").textContent = part.pct === null ? "–" : part.pct + "%";
      row.querySelector(".part-verdict").innerHTML = verdictHtml(kind, say({ pass: "part_passed", fail: "part_failed", untried: "part_untried" }[kind]));
      var revisit = section.querySelector("[data-revisit=\"" + part.id + "\"]");
      if (revisit) { revisit.hidden = kind !== "fail"; }
    });
    var quizTable = section.querySelector(".quiz-table");
    if (quizTable) { quizTable.hidden = false; }
    quizRows.forEach(function (row) {
      var rec = quizRecord(data, row.getAttribute("data-quiz-row"));
      row.querySelector(".quiz-best-cell").textContent = rec ? rec.best + "%" : "–";
      row.querySelector(".quiz-tries").textContent = rec ? say(rec.attempts === 1 ? "tries_single" : "tries", { n: rec.attempts, last: rec.last }) : "";
      var kind = !rec ? "untried" : (rec.passed ? "pass" : "fail");
      row.querySelector(".quiz-verdict").innerHTML = verdictHtml(kind, say({ pass: "part_passed", fail: "part_failed", untried: "part_untried" }[kind]));
    });
  }

  function commandQuote(text) { return "\"" + String(text).replace(/["\\$`]/g, "\\$&") + "\""; }

  // The certificate: shown when every quiz of the course is passed; before, what is still missing.
  function showCertificate(data) {
    var section = document.querySelector("section.certificate-page[data-certificate]");
    if (!section) { return; }
    var ids = section.getAttribute("data-certificate").split(" ").filter(Boolean);
    var records = ids.map(function (id) { return quizRecord(data, id); });
    var missing = 0;
    all(section, "[data-quiz-item]").forEach(function (li) {
      var rec = quizRecord(data, li.getAttribute("data-quiz-item"));
      li.hidden = !!(rec && rec.passed);
      if (li.hidden) { return; }
      missing++;
      li.querySelector(".certificate-quiz-status").innerHTML = rec ?
        verdictHtml("fail", say("quiz_short", { pct: rec.best, pass: li.getAttribute("data-pass") })) :
        verdictHtml("untried", say("not_tried"));
    });
    var title = section.querySelector(".certificate-missing-title");
    title.textContent = say("missing_n", { n: missing, total: ids.length });
    title.hidden = false;
    if (!ids.length || missing) { return; }
    // the day the last quiz was passed (each record keeps the day it was first passed)
    var day = records.map(function (rec) { return rec.passedOn; }).sort().pop();
    var pct = Math.round(records.reduce(function (sum, rec) { return sum + rec.best; }, 0) / records.length);
    var date = window.courseStore.formatDay(day, window.coursePage.strings["@date"]);
    section.querySelector(".certificate-locked").hidden = true;
    section.querySelector(".certificate-ready").hidden = false;
    section.querySelector(".certificate-details").textContent = say(ids.length === 1 ? "certificate_details_single" : "certificate_details", { date: date, pct: pct, n: ids.length });
    partScores(section, data).forEach(function (part) {
      part.row.querySelector(".certificate-part-pct").textContent = part.pct === null ? "–" : part.pct + "%";
    });
    var scores = records.map(function (rec) { return rec.best; });
    var name = section.querySelector(".certificate-name"), org = section.querySelector(".certificate-organisation");
    name.value = typeof data.name === "string" ? data.name : "";
    org.value = typeof data.organisation === "string" ? data.organisation : "";
    function show() {
      section.querySelector(".certificate-learner").textContent = name.value;
      section.querySelector(".certificate-org").textContent = org.value;
      var named = window.courseCertificate.normaliseName(name.value) !== "";
      var code = named ? window.courseCertificate.code(page.courseId, name.value, org.value, scores) : "";
      section.querySelector(".certificate-code").textContent = code;
      section.querySelector(".certificate-code-line").hidden = !named;
      section.querySelector(".certificate-code-missing").hidden = named;
      var command = "course verify " + code + " --name " + commandQuote(name.value.trim()) +
        (org.value.trim() ? " --organisation " + commandQuote(org.value.trim()) : "");
      var verify = section.querySelector(".certificate-verify");
      verify.hidden = !named;
      verify.textContent = say("certificate_verify") + " ";
      var line = document.createElement("code");
      line.className = "certificate-command";
      line.textContent = command;
      verify.appendChild(line);
    }
    function keep() {
      var fresh = page.store.load();
      fresh.name = name.value;
      fresh.organisation = org.value;
      page.store.save(fresh);
      show();
    }
    name.addEventListener("input", keep);
    org.addEventListener("input", keep);
    show();
    section.querySelector(".certificate-print").addEventListener("click", function () { window.print(); });
  }

  window.courseProgress = {
    showStoreNotice: showStoreNotice,
    showStatus: showStatus,
    showPartResults: showPartResults,
    showCertificate: showCertificate
  };
})();
