/* quiz.js: a quiz as the learner takes it: attempts, checking, feedback, the score. Grading is
   the question types' (grade.js, questions/*.js), from the quiz's JSON answer key; what happens
   is told to the trackers (tracker.js). Without this script the page still shows every answer
   behind a "Show answer" disclosure. */
(function () {
  "use strict";

  var page = window.coursePage, grade = window.courseGrade, tracker = window.courseTracker;
  var say = page.say, all = page.all, escapeHtml = page.escapeHtml;
  var KEY_VERSION = 1;  // course/questions/view.py, KEY_VERSION

  function readKey(id) {
    var key = JSON.parse(document.getElementById("quiz-" + id + "-key").textContent);
    if (key.v !== KEY_VERSION) { throw new Error("answer key of another version"); }
    return key.questions;
  }

  function feedbackHtml(q, result) {
    var parts = [];
    var verdict = result.score === 1 ? "correct" : (result.score > 0 ? "partly" : "incorrect");
    if (result.skipped) { verdict = "skipped"; }
    q.setAttribute("data-verdict", result.score === null ? "" : verdict);  // colours the feedback box
    if (result.unreadable) { parts.push("<p>" + escapeHtml(say(result.unreadable)) + "</p>"); }
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

  function numberLabel(q, n) {
    var label = q.querySelector(".q-number");
    if (!label.hasAttribute("data-template")) {
      label.setAttribute("data-template", label.textContent.replace(/\d+/, "{n}"));
    }
    return label.getAttribute("data-template").replace("{n}", n);
  }

  function Quiz(section) {
    this.section = section;
    this.id = section.getAttribute("data-quiz");
    this.key = readKey(this.id);
    this.pass = parseInt(section.getAttribute("data-pass"), 10) || 0;
    this.draw = parseInt(section.getAttribute("data-draw"), 10) || 0;
    this.shuffle = section.getAttribute("data-shuffle") === "true";
    this.title = section.querySelector(".quiz-title").textContent;
    this.questions = all(section, ".question");
    var self = this;
    section.querySelector(".quiz-nojs").hidden = true;
    section.querySelector(".quiz-actions").hidden = false;
    this.questions.forEach(function (q) {
      q.querySelector(".q-answer").hidden = true;
      q.querySelector(".q-actions").hidden = false;
      var behaviour = self.behaviour(q);
      if (behaviour.setup) { behaviour.setup(q, self.entry(q).key); }
      q.querySelector(".q-check").addEventListener("click", function () { self.check(q, false); });
      all(q, "input[type=text]").forEach(function (input) {  // Enter, or a phone keyboard's Go, checks
        input.addEventListener("keydown", function (event) {
          if (event.key === "Enter") { event.preventDefault(); self.check(q, false); }
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

  Quiz.prototype.entry = function (q) { return this.key[q.getAttribute("data-qid")]; };
  Quiz.prototype.behaviour = function (q) { return grade.types[this.entry(q).type]; };

  Quiz.prototype.info = function () {
    return {
      id: this.id, title: this.title, passMark: this.pass, lang: document.documentElement.lang, page: page.url,
      questions: this.questions.filter(function (q) { return !q.hidden; }).map(function (q) { return q.getAttribute("data-qid"); })
    };
  };

  Quiz.prototype.start = function () {
    var chosen = this.questions.slice();
    if (this.draw && this.draw < chosen.length) { chosen = page.shuffle(chosen).slice(0, this.draw); }
    var shown = 0;
    var self = this;
    this.questions.forEach(function (q) {
      var active = chosen.indexOf(q) >= 0;
      q.hidden = !active;
      self.reset(q);
      if (active) { shown++; q.querySelector(".q-number").textContent = numberLabel(q, shown); }
    });
    this.section.querySelector(".quiz-submit").hidden = false;
    this.section.querySelector(".quiz-retry").hidden = true;
    this.section.querySelector(".quiz-result").innerHTML = "";
    window.courseProgress.showStatus();
    tracker.quizStarted(this.info());
  };

  Quiz.prototype.reset = function (q) {
    ["data-done", "data-score", "data-skipped", "data-verdict"].forEach(function (name) { q.removeAttribute(name); });
    q.querySelector(".q-answer").hidden = true;
    q.querySelector(".q-answer").open = false;
    q.querySelector(".q-feedback").innerHTML = "";
    q.querySelector(".q-explanation").hidden = true;
    var hint = q.querySelector(".q-hint");
    if (hint) { hint.hidden = true; q.querySelector(".q-hint-button").setAttribute("aria-expanded", "false"); }
    q.querySelector(".q-check").hidden = false;
    all(q, "input, select, textarea, button").forEach(function (el) { el.disabled = false; });
    all(q, "input[type=radio], input[type=checkbox]").forEach(function (el) { el.checked = false; });
    all(q, "input[type=text], textarea, select").forEach(function (el) { el.value = ""; });
    var hintButton = q.querySelector(".q-hint-button");
    if (hintButton) { hintButton.hidden = false; }
    all(q, ".is-right, .is-wrong, .is-answer").forEach(function (el) { el.classList.remove("is-right", "is-wrong", "is-answer"); });
    var behaviour = this.behaviour(q);
    if (behaviour.reset) { behaviour.reset(q, this.shuffle, this.entry(q).key); }
  };

  // force: "Check all" checks every question, answered or not; otherwise the learner pressed its Check button.
  Quiz.prototype.check = function (q, force) {
    if (q.getAttribute("data-done")) { return; }
    var entry = this.entry(q), behaviour = this.behaviour(q);
    var result = behaviour.grade(q, entry.key, !force);
    var box = q.querySelector(".q-feedback");
    if (result === null || result.unreadable) {
      var ask = result === null ? "unanswered" : result.unreadable;
      if (!force) { box.innerHTML = "<p>" + escapeHtml(say(ask)) + "</p>"; return; }
      result = result === null ? { score: 0, when: null, skipped: true, response: null } :
        { score: 0, when: "incorrect", unreadable: result.unreadable, response: null };
    }
    (result.marks || []).forEach(function (mark) { mark[0].classList.add(mark[1] ? "is-right" : "is-wrong"); });
    q.setAttribute("data-done", "true");
    q.setAttribute("data-score", result.score === null ? "" : String(result.score));
    box.innerHTML = feedbackHtml(q, result);
    q.querySelector(".q-explanation").hidden = false;
    if (result.score !== null && result.score < 1) {
      // the learner should leave knowing the right answer, not only that theirs was wrong
      if (behaviour.reveal) { behaviour.reveal(q, entry.key); }
      var answer = q.querySelector(".q-answer");
      answer.hidden = false;
      answer.open = !!behaviour.openAnswer;
    }
    if (result.skipped) { q.setAttribute("data-skipped", "true"); }
    all(q, "input, select, textarea, button").forEach(function (el) { el.disabled = true; });
    q.querySelector(".q-check").hidden = true;
    var hintButton = q.querySelector(".q-hint-button");
    if (hintButton) { hintButton.hidden = true; }
    if (!force) {  // the button just pressed is gone: keep keyboard users where the news is
      box.setAttribute("tabindex", "-1");
      box.focus();
    }
    tracker.questionAnswered(this.info(), {
      id: q.getAttribute("data-qid"), type: entry.type, interaction: entry.interaction || entry.type,
      response: result.response, result: result.score, correct: result.score === 1, skipped: !!result.skipped,
      points: entry.points
    });
  };

  Quiz.prototype.submit = function () {
    var self = this;
    var open = this.questions.filter(function (q) {
      if (q.hidden || q.getAttribute("data-done") || !self.entry(q).points) { return false; }
      var result = self.behaviour(q).grade(q, self.entry(q).key, false);
      return result === null || !!result.unreadable;
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
      self.check(q, true);
      var points = self.entry(q).points;
      var score = q.getAttribute("data-score");
      if (score === "" || !points) { return; }
      total += points;
      got += points * parseFloat(score);
      results[q.getAttribute("data-qid")] = parseFloat(score);  // skipped counts as 0, as in the score
    });
    var pct = total ? Math.round(100 * got / total) : 100;
    var passed = 100 * got >= this.pass * total - 1e-9;  // 69.5% does not pass a mark of 70
    tracker.quizScored(this.info(), { points: got, total: total, pct: pct, passed: passed, results: results });
    var rounded = Math.round(got * 10) / 10;
    this.section.querySelector(".quiz-result").innerHTML =
      "<p class=\"quiz-score " + (passed ? "is-pass" : "is-fail") + "\">" +
      escapeHtml(say("score", { score: rounded, total: total, pct: pct }) + say("sep") +
      say(passed ? "pass" : "fail", { pass: this.pass })) + "</p>";
    this.section.querySelector(".quiz-submit").hidden = true;
    this.section.querySelector(".quiz-retry").hidden = false;
    window.courseProgress.showStatus();
  };

  window.courseQuiz = {
    start: function (section) { return new Quiz(section); }
  };
})();
