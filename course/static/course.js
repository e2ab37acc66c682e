/* course.js: the quiz engine and progress of a course site. Plain JavaScript, no framework,
   no network: everything it needs is in the page. Without it, pages still read and
   every answer sits behind a "Show answer" disclosure. */
(function () {
  "use strict";

  var body = document.body;
  var courseId = body.getAttribute("data-course") || "course";
  var pageUrl = body.getAttribute("data-page") || "index.html";
  var store = window.courseStore.open("course:" + courseId);
  var ui = {};
  try { ui = JSON.parse(document.getElementById("course-ui").textContent); } catch (e) { ui = {}; }

  function say(key, values) {
    // a string with a form for one ("over 1 quiz") has it under key_one, in every language
    if (values && values.n === 1 && Object.prototype.hasOwnProperty.call(ui, key + "_one")) { key += "_one"; }
    var text = Object.prototype.hasOwnProperty.call(ui, key) ? ui[key] : key;  // "" is a valid string
    for (var name in values || {}) {
      text = text.split("{" + name + "}").join(String(values[name]));
    }
    return text;
  }

  // ---- progress: store.js checks its shape; here, what a learner sees of it ----
  function load() { return store.load(); }
  function save(data) { store.save(data); }
  function quizRecord(data, id) {
    return Object.prototype.hasOwnProperty.call(data.quizzes, id) ? data.quizzes[id] : null;
  }

  // A learner whose progress will not last must hear it before doing a quiz, not after.
  function showStoreNotice(problem) {
    if (document.getElementById("course-store-notice")) { return; }
    var note = document.createElement("p");
    note.id = "course-store-notice";
    note.className = "notice";
    note.setAttribute("role", "status");
    note.textContent = say(problem === "newer" ? "store_newer" : "store_unavailable");
    var main = document.getElementById("main") || body;
    main.insertBefore(note, main.firstChild);
  }

  function all(root, selector) { return Array.prototype.slice.call(root.querySelectorAll(selector)); }
  function shuffle(list) {
    for (var i = list.length - 1; i > 0; i--) {
      var j = Math.floor(Math.random() * (i + 1));
      var tmp = list[i]; list[i] = list[j]; list[j] = tmp;
    }
    return list;
  }
  function normalise(text, caseSensitive) {
    // the same rule as normalise_answer() in quizview.py
    text = String(text);
    if (text.normalize) { text = text.normalize("NFKC"); }
    text = text.replace(/\s+/g, " ").replace(/^ | $/g, "");
    return caseSensitive ? text : text.toLowerCase();
  }

  // ---- questions: read the learner's answer and score it (0..1) ----
  var graders = {
    single: choiceGrade,
    multiple: choiceGrade,
    true_false: choiceGrade,
    fill_blank: function (q) {
      var input = q.querySelector("input[type=text]");
      if (!normalise(input.value, true)) { return null; }
      var accepted = [];
      try { accepted = JSON.parse(input.getAttribute("data-answers")); } catch (e) { accepted = []; }
      var given = normalise(input.value, input.hasAttribute("data-case-sensitive"));
      var ok = accepted.indexOf(given) >= 0;
      return { score: ok ? 1 : 0, when: ok ? "correct" : "incorrect" };
    },
    matching: function (q) {
      var selects = all(q, "select");
      var chosen = selects.filter(function (s) { return s.value !== ""; });
      if (!chosen.length) { return null; }
      var right = 0;
      selects.forEach(function (s, i) {
        var ok = s.value === String(i);
        s.parentNode.className = "q-pair " + (ok ? "is-right" : "is-wrong");
        if (ok) { right++; }
      });
      return partialResult(q, right, selects.length);
    },
    ordering: function (q, explicit) {
      // Untouched, the list is only the order it was shown in: "Check all" treats it as not
      // answered; pressing this question's own Check button means "this is my answer".
      if (!explicit && !q.hasAttribute("data-moved")) { return null; }
      var items = all(q, ".q-item");
      var right = 0;
      items.forEach(function (li, i) { if (li.getAttribute("data-index") === String(i)) { right++; } });
      return partialResult(q, right, items.length);
    },
    reflection: function (q) {
      return { score: null, when: null };
    }
  };

  function partialResult(q, right, total) {
    var score = right === total ? 1 : (q.hasAttribute("data-partial") ? right / total : 0);
    return { score: score, when: right === total ? "correct" : "incorrect" };
  }

  function choiceGrade(q) {
    var options = all(q, ".q-option");
    var picked = options.filter(function (li) { return li.querySelector("input").checked; });
    if (!picked.length) { return null; }
    var correct = options.filter(function (li) { return li.hasAttribute("data-correct"); });
    var rightPicks = picked.filter(function (li) { return li.hasAttribute("data-correct"); }).length;
    var wrongPicks = picked.length - rightPicks;
    var exact = rightPicks === correct.length && wrongPicks === 0;
    var score = exact ? 1 : 0;
    if (!exact && q.hasAttribute("data-partial")) {
      score = Math.max(0, (rightPicks - wrongPicks) / correct.length);
    }
    picked.forEach(function (li) { li.classList.add(li.hasAttribute("data-correct") ? "is-right" : "is-wrong"); });
    var when = q.getAttribute("data-type") === "true_false" ? picked[0].getAttribute("data-value") : null;
    return { score: score, when: when, picked: picked };
  }

  function feedbackHtml(q, result) {
    var parts = [];
    var verdict = result.score === 1 ? "correct" : (result.score > 0 ? "partly" : "incorrect");
    if (result.skipped) { verdict = "skipped"; }
    q.setAttribute("data-verdict", result.score === null ? "" : verdict);  // colours the feedback box
    (result.picked || []).forEach(function (li) {
      var fb = li.querySelector(".q-option-feedback");
      if (fb) {
        var label = li.querySelector("label span").textContent;
        parts.push("<div class=\"q-fb\"><strong>" + escapeHtml(label) + "</strong> " + fb.innerHTML + "</div>");
      }
    });
    if (result.when) {
      var extra = q.querySelector(".q-result-feedback[data-when=\"" + result.when + "\"]");
      if (extra) { parts.push("<div class=\"q-fb\">" + extra.innerHTML + "</div>"); }
    }
    if (result.score !== null) {
      // Authors tend to open their feedback with a verdict ("Right.", "Not quite."): ours is then
      // only for screen readers, and shown when the author wrote none.
      var hidden = parts.length && verdict !== "skipped" ? " visually-hidden" : "";
      parts.unshift("<p class=\"q-verdict q-" + verdict + hidden + "\">" + escapeHtml(say(verdict)) + "</p>");
    }
    return parts.join("");
  }
  function escapeHtml(text) {
    return String(text).replace(/[&<>"]/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;" }[c];
    });
  }

  function checkQuestion(q, force) {
    if (q.getAttribute("data-done")) { return; }
    var type = q.getAttribute("data-type");
    var result = graders[type](q, !force);
    var box = q.querySelector(".q-feedback");
    if (result === null) {
      if (!force) { box.innerHTML = "<p>" + escapeHtml(say("unanswered")) + "</p>"; return; }
      result = { score: 0, when: null, skipped: true };
    }
    q.setAttribute("data-done", "true");
    q.setAttribute("data-score", result.score === null ? "" : String(result.score));
    box.innerHTML = feedbackHtml(q, result);
    q.querySelector(".q-explanation").hidden = false;
    if (result.score !== null && result.score < 1) {
      // the learner should leave knowing the right answer, not only that theirs was wrong
      all(q, ".q-option[data-correct]").forEach(function (li) { li.classList.add("is-answer"); });
      var answer = q.querySelector(".q-answer");
      answer.hidden = false;
      answer.open = q.getAttribute("data-type") === "matching" || q.getAttribute("data-type") === "ordering";
    }
    if (result.skipped) { q.setAttribute("data-skipped", "true"); }
    all(q, "input, select, textarea, .q-move button").forEach(function (el) { el.disabled = true; });
    q.querySelector(".q-check").hidden = true;
    var hintButton = q.querySelector(".q-hint-button");
    if (hintButton) { hintButton.hidden = true; }
    if (!force) {  // the button just pressed is gone: keep keyboard users where the news is
      box.setAttribute("tabindex", "-1");
      box.focus();
    }
  }

  // ---- ordering: move buttons instead of drag and drop ----
  function move(button, step) {
    var li = button.closest(".q-item");
    var list = li.parentNode;
    var items = all(list, ".q-item");
    var index = items.indexOf(li);
    var target = index + step;
    if (target < 0 || target >= items.length) { return; }
    if (step < 0) { list.insertBefore(li, items[target]); } else { list.insertBefore(items[target], li); }
    li.closest(".question").setAttribute("data-moved", "true");
    updateMoveButtons(list);
    if (button.disabled) { button = button.parentNode.querySelector(step < 0 ? ".q-down" : ".q-up"); }
    button.focus();
    var status = list.parentNode.querySelector(".q-feedback");
    status.textContent = say("moved", { item: li.querySelector(".q-item-text").textContent, n: target + 1, total: items.length });
  }

  function updateMoveButtons(list) {
    var items = all(list, ".q-item");
    items.forEach(function (li, i) {
      li.querySelector(".q-up").disabled = i === 0;
      li.querySelector(".q-down").disabled = i === items.length - 1;
    });
  }

  // ---- a quiz: attempt, score, best score ----
  function Quiz(section) {
    this.section = section;
    this.id = section.getAttribute("data-quiz");
    this.pass = parseInt(section.getAttribute("data-pass"), 10) || 0;
    this.draw = parseInt(section.getAttribute("data-draw"), 10) || 0;
    this.shuffle = section.getAttribute("data-shuffle") === "true";
    this.questions = all(section, ".question");
    var self = this;
    section.querySelector(".quiz-nojs").hidden = true;
    section.querySelector(".quiz-actions").hidden = false;
    this.questions.forEach(function (q) {
      q.querySelector(".q-answer").hidden = true;
      q.querySelector(".q-actions").hidden = false;
      all(q, ".q-move").forEach(function (m) { m.hidden = false; });
      all(q, ".q-item").forEach(function (li, i) { li.setAttribute("data-shown", String(i)); });
      q.querySelector(".q-check").addEventListener("click", function () { checkQuestion(q, false); });
      all(q, "input[type=text]").forEach(function (input) {  // Enter, or a phone keyboard's Go, checks
        input.addEventListener("keydown", function (event) {
          if (event.key === "Enter") { event.preventDefault(); checkQuestion(q, false); }
        });
      });
      var hint = q.querySelector(".q-hint-button");
      if (hint) {
        hint.addEventListener("click", function () {
          var box = q.querySelector(".q-hint");
          box.hidden = !box.hidden;
          hint.setAttribute("aria-expanded", box.hidden ? "false" : "true");
        });
      }
      all(q, ".q-up").forEach(function (b) { b.addEventListener("click", function () { move(b, -1); }); });
      all(q, ".q-down").forEach(function (b) { b.addEventListener("click", function () { move(b, 1); }); });
    });
    section.querySelector(".quiz-submit").addEventListener("click", function () { self.submit(); });
    // Enter in a lone field would submit the form: the page's policy blocks it, and it would reload
    var form = section.querySelector(".quiz-form");
    if (form) { form.addEventListener("submit", function (event) { event.preventDefault(); }); }
    section.querySelector(".quiz-retry").addEventListener("click", function () {
      self.start();
      var title = section.querySelector(".quiz-title");
      title.setAttribute("tabindex", "-1");
      title.focus();
      title.scrollIntoView({ block: "start" });
    });
    this.start();
  }

  Quiz.prototype.start = function () {
    var chosen = this.questions.slice();
    if (this.draw && this.draw < chosen.length) { chosen = shuffle(chosen).slice(0, this.draw); }
    var shown = 0;
    var self = this;
    this.questions.forEach(function (q) {
      var active = chosen.indexOf(q) >= 0;
      q.hidden = !active;
      reset(q, self.shuffle);
      if (active) { shown++; q.querySelector(".q-number").textContent = numberLabel(q, shown); }
    });
    this.section.querySelector(".quiz-submit").hidden = false;
    this.section.querySelector(".quiz-retry").hidden = true;
    this.section.querySelector(".quiz-result").innerHTML = "";
    showStatus(load());
  };

  function numberLabel(q, n) {
    var label = q.querySelector(".q-number");
    if (!label.hasAttribute("data-template")) {
      label.setAttribute("data-template", label.textContent.replace(/\d+/, "{n}"));
    }
    return label.getAttribute("data-template").replace("{n}", n);
  }

  function reset(q, reshuffle) {
    q.removeAttribute("data-done");
    q.removeAttribute("data-score");
    q.removeAttribute("data-skipped");
    q.removeAttribute("data-moved");
    q.removeAttribute("data-verdict");
    q.querySelector(".q-answer").hidden = true;
    q.querySelector(".q-answer").open = false;
    q.querySelector(".q-feedback").innerHTML = "";
    q.querySelector(".q-explanation").hidden = true;
    var hint = q.querySelector(".q-hint");
    if (hint) { hint.hidden = true; q.querySelector(".q-hint-button").setAttribute("aria-expanded", "false"); }
    q.querySelector(".q-check").hidden = false;
    all(q, "input, select, textarea, .q-move button").forEach(function (el) { el.disabled = false; });
    all(q, "input[type=radio], input[type=checkbox]").forEach(function (el) { el.checked = false; });
    all(q, "input[type=text], textarea, select").forEach(function (el) { el.value = ""; });
    all(q, ".q-option").forEach(function (li) { li.classList.remove("is-right", "is-wrong", "is-answer"); });
    all(q, ".q-pair").forEach(function (p) { p.className = "q-pair"; });
    var hintButton = q.querySelector(".q-hint-button");
    if (hintButton) { hintButton.hidden = false; }
    var type = q.getAttribute("data-type");
    if (type === "single" || type === "multiple") {
      if (reshuffle) {
        var options = q.querySelector(".q-options");
        shuffle(all(options, ".q-option")).forEach(function (li) { options.appendChild(li); });
      }
    } else if (type === "matching") {
      if (reshuffle) {
        all(q, "select").forEach(function (select) {
          shuffle(all(select, "option[value]:not([value=''])")).forEach(function (o) { select.appendChild(o); });
        });
      }
    } else if (type === "ordering") {
      var list = q.querySelector(".q-ordering");
      var items = all(list, ".q-item");
      var order = reshuffle ? shuffle(items.slice()) : items.sort(function (a, b) {  // the order the page was built with
        return a.getAttribute("data-shown") - b.getAttribute("data-shown");
      });
      if (order.every(function (li, i) { return li.getAttribute("data-index") === String(i); })) { order.reverse(); }
      order.forEach(function (li) { list.appendChild(li); });
      updateMoveButtons(list);
    }
  }

  Quiz.prototype.submit = function () {
    var open = this.questions.filter(function (q) {
      return !q.hidden && !q.getAttribute("data-done") && q.getAttribute("data-type") !== "reflection" &&
        graders[q.getAttribute("data-type")](q) === null;
    });
    if (open.length && !this.confirming) {
      this.confirming = true;
      this.section.querySelector(".quiz-result").innerHTML =
        "<p>" + escapeHtml(say("unanswered_n", { n: open.length })) + "</p>";
      return;
    }
    this.confirming = false;
    var got = 0, total = 0, results = {};
    this.questions.forEach(function (q) {
      if (q.hidden) { return; }
      checkQuestion(q, true);
      var points = parseFloat(q.getAttribute("data-points")) || 0;
      var score = q.getAttribute("data-score");
      if (score === "" || points === 0) { return; }
      total += points;
      got += points * parseFloat(score);
      results[q.getAttribute("data-qid")] = parseFloat(score);  // skipped counts as 0, as in the score
    });
    var pct = total ? Math.round(100 * got / total) : 100;
    var passed = 100 * got >= this.pass * total - 1e-9;  // 69.5% does not pass a mark of 70
    var data = load();
    var rec = quizRecord(data, this.id) || { best: pct, passed: false, results: {} };
    rec.best = Math.max(rec.best, pct);
    rec.passed = rec.passed || passed;
    rec.last = pct;
    for (var qid in results) { rec.results[qid] = results[qid]; }  // questions not drawn keep theirs
    data.quizzes[this.id] = rec;
    save(data);
    var rounded = Math.round(got * 10) / 10;
    this.section.querySelector(".quiz-result").innerHTML =
      "<p class=\"quiz-score " + (passed ? "is-pass" : "is-fail") + "\">" +
      escapeHtml(say("score", { score: rounded, total: total, pct: pct }) + say("sep") +
      say(passed ? "pass" : "fail", { pass: this.pass })) + "</p>";
    this.section.querySelector(".quiz-submit").hidden = true;
    this.section.querySelector(".quiz-retry").hidden = false;
    showStatus(data);
  };

  // ---- progress shown around the site ----
  function showStatus(data) {
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
      "<h3>" + escapeHtml(say("revisit_part", { part: weakest.title })) + "</h3>" + pages.innerHTML : "";
  }

  // ---- certificate: shown when every quiz of the course is passed ----
  function showCertificate(data) {
    var page = document.querySelector("section.certificate-page[data-certificate]");
    if (!page) { return; }
    var ids = page.getAttribute("data-certificate").split(" ").filter(Boolean);
    var records = ids.map(function (id) { return quizRecord(data, id); });
    if (!ids.length || records.some(function (rec) { return !rec || !rec.passed; })) { return; }
    var pct = Math.round(records.reduce(function (sum, rec) { return sum + rec.best; }, 0) / records.length);
    if (!data.passedOn) { data.passedOn = window.courseStore.today(); save(data); }  // the learner's day, not UTC's
    var date = window.courseStore.formatDay(data.passedOn, document.documentElement.lang);
    page.querySelector(".certificate-locked").hidden = true;
    page.querySelector(".certificate-ready").hidden = false;
    page.querySelector(".certificate-details").textContent = say("certificate_details", { date: date, pct: pct, n: ids.length });
    var name = page.querySelector(".certificate-name");
    var learner = page.querySelector(".certificate-learner");
    name.value = typeof data.name === "string" ? data.name : "";
    learner.textContent = name.value;
    name.addEventListener("input", function () {
      learner.textContent = name.value;
      var fresh = load();
      fresh.name = name.value;
      save(fresh);
    });
    page.querySelector(".certificate-print").addEventListener("click", function () { window.print(); });
  }

  function init() {
    document.documentElement.classList.add("js");  // the page's own answer key steps aside: see course.css
    var nav = document.querySelector(".nav-toggle");
    // The menu is folded in the page as built (a phone sees the lesson first, even before this
    // script arrives on a slow line); on a wide screen it opens beside the text.
    if (nav && window.matchMedia && !window.matchMedia("(max-width: 56rem)").matches) { nav.open = true; }
    store.onProblem = showStoreNotice;  // from the first read on: the learner hears it before any quiz
    var data = load();
    data.visited[pageUrl] = 1;
    if (pageUrl.indexOf("/") > 0) { data.last = pageUrl; }  // a module, lesson or quiz page
    data.lang = document.documentElement.lang;  // build/index.html opens this language next time
    save(data);
    var resume = document.querySelector("[data-resume]");
    if (resume && data.last) {  // the store keeps only a page address here
      resume.setAttribute("href", data.last);
      if (ui.resume) { resume.textContent = ui.resume; }
    }
    all(document, "section.quiz[data-quiz]").forEach(function (section) {
      try { new Quiz(section); } catch (e) { /* one broken quiz must not stop the others */ }
    });
    showStatus(data);
    showPartResults(data);
    showCertificate(data);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
