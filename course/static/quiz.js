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

  // The verdict's icon, so that no verdict is told by colour alone (course.css gives the colour).
  var ICONS = {
    correct: "<path d=\"M3 8.5l3.5 3.5L13 4.5\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"2.2\"/>",
    incorrect: "<path d=\"M4 4l8 8M12 4l-8 8\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"2.2\"/>",
    partly: "<circle cx=\"8\" cy=\"8\" r=\"6\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"2\"/>" +
      "<path d=\"M8 2a6 6 0 0 1 0 12z\" fill=\"currentColor\"/>",
    skipped: "<circle cx=\"8\" cy=\"8\" r=\"6\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"2\"/>" +
      "<path d=\"M5 8h6\" stroke=\"currentColor\" stroke-width=\"2\"/>"
  };
  function icon(verdict) {
    return "<svg class=\"q-icon\" viewBox=\"0 0 16 16\" width=\"16\" height=\"16\" aria-hidden=\"true\" focusable=\"false\">" +
      ICONS[verdict] + "</svg>";
  }

  function optionLabel(li) { return li.querySelector("label span").textContent; }

  function optionFeedback(li, prefix) {
    var fb = li.querySelector(".q-option-feedback");
    var label = "<strong>" + (prefix ? escapeHtml(prefix) + " " : "") + escapeHtml(optionLabel(li)) + "</strong>";
    return "<div class=\"q-fb\">" + label + (fb ? " " + fb.innerHTML : "") + "</div>";
  }

  function feedbackHtml(q, result) {
    var parts = [];
    var verdict = result.score === 1 ? "correct" : (result.score > 0 ? "partly" : "incorrect");
    if (result.skipped) { verdict = "skipped"; }
    q.setAttribute("data-verdict", result.score === null ? "" : verdict);  // colours the feedback box
    if (result.score !== null) {
      // Always shown, word and icon, even when the author's feedback opens with its own verdict:
      // "Yes." on one option of a partly right answer must not read as the whole answer's.
      parts.push("<p class=\"q-verdict q-" + verdict + "\">" + icon(verdict) + " " + escapeHtml(say(verdict)) + "</p>");
    }
    if (result.unreadable) { parts.push("<p>" + escapeHtml(say(result.unreadable)) + "</p>"); }
    var picked = result.picked || [];
    if (result.missed && result.score !== 1) {
      // Not all right: the right picks are named once, then what was wrong and what was missed,
      // each with the author's feedback on that option.
      var right = picked.filter(function (li) { return result.rightPicks.indexOf(li) >= 0; });
      if (right.length) {
        parts.push("<div class=\"q-fb q-right-picks\"><strong>" + escapeHtml(say("right_picks")) + "</strong><ul>" +
          right.map(function (li) { return "<li>" + escapeHtml(optionLabel(li)) + "</li>"; }).join("") + "</ul></div>");
      }
      picked.filter(function (li) { return right.indexOf(li) < 0; }).forEach(function (li) {
        parts.push(optionFeedback(li, say("wrong_pick")));
      });
      result.missed.forEach(function (li) { parts.push(optionFeedback(li, say("missed")).replace("q-fb", "q-fb q-missed")); });
    } else {
      picked.forEach(function (li) { if (li.querySelector(".q-option-feedback")) { parts.push(optionFeedback(li, "")); } });
    }
    if (result.when) {
      var extra = q.querySelector(".q-result-feedback[data-when=\"" + result.when + "\"]");
      if (extra) { parts.push("<div class=\"q-fb\">" + extra.innerHTML + "</div>"); }
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
    var result = this.section.querySelector(".quiz-result");
    result.innerHTML =
      "<p class=\"quiz-score " + (passed ? "is-pass" : "is-fail") + "\" tabindex=\"-1\">" + icon(passed ? "correct" : "incorrect") + " " +
      escapeHtml(say("score_verdict", { score: say("score", { score: rounded, total: total, pct: pct }),
        verdict: say(passed ? "pass" : "fail", { pass: this.pass }) })) + "</p>";
    this.section.querySelector(".quiz-submit").hidden = true;
    this.section.querySelector(".quiz-retry").hidden = false;
    window.courseProgress.showStatus();
    // the button pressed is gone: the learner is taken to the score (announced by the live region),
    // with "Try again" next after it
    result.querySelector(".quiz-score").focus();
  };

  window.courseQuiz = {
    start: function (section) { return new Quiz(section); }
  };
})();
