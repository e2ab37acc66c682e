// tracker-xapi.js: the "xapi" tracker: statements about what the learner does, sent to a learning
// record store through xapi-transport.js, for a course whose course.yaml has an xapi: block (the
// build writes window.courseXapiSettings before this file: render/xapi.py).
//
// Who the learner is, and where to send:
// - a launch: the page opened with endpoint, auth, actor (JSON), registration and activity_id in
//   its query string (the de-facto xAPI launch). They are kept in sessionStorage, so the pages the
//   learner moves on to send with them, and taken out of the address bar, which a learner copies.
// - else, with actor: form, a name, an email and an organisation the learner gives once, kept in
//   localStorage with a registration made for them; sent to the configured endpoint.
// - else nothing is sent, and nothing else changes.
// A launch's endpoint must be on the site's own origin or the configured one: the page's
// connect-src allows no other, and a statement the browser refuses would wait for ever. Such a
// launch is ignored, as if the page had been opened without one.
//
// What is sent: a lesson experienced (once per registration), each question answered (a
// cmi.interaction, with the learner's response unless it is a reflection the course does not let
// go, success, score, the quiz and the framework part as context), each quiz scored (completed,
// and passed or failed, with the scaled score), the course completed once every quiz is passed.
// Ids: <base> the course, <base>/<page address> a lesson, <base>/quiz/<id> a quiz,
// <base>/quiz/<id>/question/<id> a question (course/report/xapi.py reads them back).
// (Header lines are // comments: the bundle leaves them out of what learners download.)
(function () {
  "use strict";

  var settings = window.courseXapiSettings, xapi = window.courseXapi, page = window.coursePage;
  if (!settings || !xapi || !window.courseTracker || !window.document) { return; }
  var LAUNCH_KEY = "course:xapi-launch:" + page.courseId;
  var LEARNER_KEY = "course:xapi-learner:" + page.courseId;
  var SENT_KEY = "course:xapi-sent:" + page.courseId;  // statements sent once per registration: not again
  var LAUNCH_PARAMS = ["endpoint", "auth", "actor", "registration", "activity_id"];
  var EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
  var UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

  function storage(name) {
    try { return window[name]; } catch (e) { return null; }
  }

  function readJson(store, key) {
    try { return store ? JSON.parse(store.getItem(key) || "null") : null; } catch (e) { return null; }
  }

  function writeJson(store, key, value) {
    try { if (store) { store.setItem(key, JSON.stringify(value)); } } catch (e) { /* full or refused */ }
  }

  // The strings of the page's language (render/xapi.py), read by page.say like the page's own.
  var lang = document.documentElement.lang;
  var strings = settings.strings[lang] || settings.strings[Object.keys(settings.strings)[0]] || {};
  for (var key in strings) { if (!page.has(page.strings, key)) { page.strings[key] = strings[key]; } }

  function absolute(url) {
    var a = document.createElement("a");
    a.href = url;
    return a.href;
  }

  function originOf(url) { return absolute(url).split("/").slice(0, 3).join("/"); }

  function allowed(endpoint) {
    var origin = originOf(endpoint);
    return origin === originOf(window.location.href) || (settings.origin !== "" && origin === settings.origin);
  }

  // ---- who and where ----
  function queryLaunch() {
    var found = {}, search = window.location.search.replace(/^\?/, "");
    if (!search) { return null; }
    search.split("&").forEach(function (pair) {
      var at = pair.indexOf("="), name = decodeURIComponent(at < 0 ? pair : pair.slice(0, at));
      if (LAUNCH_PARAMS.indexOf(name) >= 0) {
        found[name] = decodeURIComponent((at < 0 ? "" : pair.slice(at + 1)).replace(/\+/g, " "));
      }
    });
    if (!found.endpoint || !found.actor) { return null; }
    try { found.actor = JSON.parse(found.actor); } catch (e) { return null; }
    if (!found.actor || typeof found.actor !== "object") { return null; }
    if (found.actor.objectType === undefined) { found.actor.objectType = "Agent"; }
    if (window.history && window.history.replaceState) {  // the auth token leaves the address bar
      var rest = search.split("&").filter(function (pair) {
        return LAUNCH_PARAMS.indexOf(decodeURIComponent(pair.split("=")[0])) < 0;
      }).join("&");
      try {
        window.history.replaceState(window.history.state, "", window.location.pathname + (rest ? "?" + rest : "") + window.location.hash);
      } catch (e) { /* a file: page may refuse it */ }
    }
    return found;
  }

  function session() {
    var launch = queryLaunch();
    if (launch && allowed(launch.endpoint)) { writeJson(storage("sessionStorage"), LAUNCH_KEY, launch); }
    else { launch = readJson(storage("sessionStorage"), LAUNCH_KEY); }  // one to elsewhere is not kept
    if (launch && launch.endpoint && launch.actor && allowed(launch.endpoint)) {
      return { endpoint: absolute(launch.endpoint), auth: launch.auth || "", actor: launch.actor,
        registration: launch.registration || "", base: (launch.activity_id || settings.activity).replace(/\/+$/, ""),
        organisation: "" };
    }
    if (settings.actor !== "form") { return null; }
    var learner = readJson(storage("localStorage"), LEARNER_KEY);
    if (!learner || !learner.email || !learner.name || !learner.registration) { return null; }
    return { endpoint: absolute(settings.endpoint), auth: settings.auth, registration: learner.registration,
      actor: { objectType: "Agent", name: learner.name, mbox: "mailto:" + learner.email },
      base: settings.activity, organisation: learner.organisation || "" };
  }

  // ---- statements ----
  function Reporter(who) {
    this.who = who;
    this.transport = new xapi.Transport({ endpoint: who.endpoint, auth: who.auth,
      queueKey: "course:xapi-queue:" + page.courseId + ":" + who.endpoint });
    // the same learner and registration make the same ids (a launch without a registration: its actor)
    this.scope = who.registration || JSON.stringify(who.actor);
    this.attempts = {};  // quiz id -> this page's attempt of it: a random id, so attempts never collide
  }

  Reporter.prototype.context = function (parents, grouping) {
    var c = { platform: "course", language: lang, contextActivities: {} };
    // xAPI's registration is a UUID: a launch's other text still scopes the ids, but the LRS would refuse it
    if (UUID.test(this.who.registration)) { c.registration = this.who.registration; }
    if (parents.length) { c.contextActivities.parent = parents; }
    c.contextActivities.grouping = [xapi.activity(this.who.base, "course")].concat(grouping || []);
    if (this.who.organisation) {
      c.extensions = {};
      c.extensions[this.who.base + "/organisation"] = this.who.organisation;
    }
    return c;
  };

  // verb, object, result, context; idParts make the id (who, what, which attempt, which verb)
  Reporter.prototype.send = function (verb, object, result, context, idParts) {
    var statement = {
      id: xapi.statementId([this.scope].concat(idParts)),
      actor: this.who.actor,
      verb: xapi.verb(verb),
      object: object,
      context: context,
      timestamp: new Date().toISOString()
    };
    if (result) { statement.result = result; }
    return this.transport.send(statement);
  };

  // Sent once per registration (the course completed, a lesson experienced): remembered here, and the
  // id would make the LRS keep one anyway.
  Reporter.prototype.once = function (mark, send) {
    var local = storage("localStorage"), sent = readJson(local, SENT_KEY) || {};
    var at = this.scope + "\u001f" + mark;
    if (sent[at]) { return; }
    send();
    sent[at] = 1;
    writeJson(local, SENT_KEY, sent);
  };

  Reporter.prototype.quizActivity = function (quiz) {
    return xapi.activity(this.who.base + "/quiz/" + quiz.id, "assessment", quiz.title, quiz.lang);
  };

  Reporter.prototype.lesson = function () {
    var article = document.querySelector("article.lesson");
    if (!article) { return; }
    var self = this, id = this.who.base + "/" + page.url;
    var title = (article.querySelector("h1") || article).textContent.trim();
    this.once("experienced\u001f" + id, function () {
      self.send("experienced", xapi.activity(id, "lesson", title, lang), null, self.context([]), [id, "experienced"]);
    });
  };

  Reporter.prototype.started = function (quiz) {
    this.attempts[quiz.id] = xapi.randomUuid();
  };

  Reporter.prototype.attempt = function (quiz) {
    if (!this.attempts[quiz.id]) { this.started(quiz); }
    return this.attempts[quiz.id];
  };

  // The question as the page shows it: its prompt, its options, and its right answer in xAPI's
  // pattern, from the answer key the page grades with (course/questions/view.py, quiz_key).
  function question(quiz, answer, base) {
    var fieldset = document.getElementById("q-" + quiz.id + "-" + answer.id);
    var entry = null;
    try { entry = JSON.parse(document.getElementById("quiz-" + quiz.id + "-key").textContent).questions[answer.id]; } catch (e) { entry = null; }
    var prompt = fieldset && fieldset.querySelector(".q-prompt");
    var described = {
      id: base + "/quiz/" + quiz.id + "/question/" + answer.id,
      interactionType: answer.interaction,
      name: prompt ? prompt.textContent.replace(/\s+/g, " ").trim().slice(0, 500) : answer.id,
      lang: quiz.lang,
      correctResponsesPattern: entry ? pattern(answer.interaction, entry.key) : null
    };
    if (answer.interaction === "choice" && fieldset) {
      described.choices = page.all(fieldset, ".q-option").map(function (li) {
        var label = li.querySelector("label span") || li;
        return { id: li.getAttribute("data-option"), text: label.textContent.trim() };
      });
    }
    return { activity: xapi.interactionActivity(described), part: fieldset && fieldset.getAttribute("data-part") };
  }

  function numberText(n) { return String(Math.round(n * 1e9) / 1e9); }

  function pattern(interaction, key) {
    if (!key) { return null; }
    switch (interaction) {
      case "choice": return key.correct && key.correct.length ? [key.correct.join("[,]")] : null;
      case "true-false": return typeof key.answer === "boolean" ? [String(key.answer)] : null;
      case "fill-in":
        return key.answers && key.answers.length ? key.answers.map(function (a) {
          return (key.case_sensitive ? "{case_matters=true}" : "") + a;
        }) : null;
      case "numeric":
        return key.accepted && key.accepted.length ? key.accepted.map(function (a) {
          if (a.range) { return numberText(a.range[0]) + "[:]" + numberText(a.range[1]); }
          return a.tolerance ? numberText(a.answer - a.tolerance) + "[:]" + numberText(a.answer + a.tolerance) : numberText(a.answer);
        }) : null;
      case "matching":
        return key.matches ? [key.matches.map(function (right, left) { return (left + 1) + "[.]" + (right + 1); }).join("[,]")] : null;
      case "sequencing":
        return key.order ? [key.order.map(function (i) { return i + 1; }).join("[,]")] : null;
      default: return null;  // a reflection has no right answer
    }
  }

  Reporter.prototype.answered = function (quiz, answer) {
    var q = question(quiz, answer, this.who.base);
    var part = q.part || settings.parts[quiz.id] || null;
    var grouping = part ? [xapi.activity(this.who.base + "/part/" + part, "objective")] : [];
    var result = { completion: true };
    var reflection = answer.type === "reflection";
    if (!reflection || settings.reflections) {
      var response = xapi.responsePattern(answer.interaction, answer.response);
      if (response !== null) { result.response = response; }
    }
    if (answer.result !== null) {  // a scored question (a skipped one scores 0)
      result.success = answer.result === 1;
      result.score = xapi.score(answer.result, answer.result * answer.points, answer.points);
    }
    var attempt = this.attempt(quiz);
    this.send("answered", q.activity, result, this.context([this.quizActivity(quiz)], grouping),
      [q.activity.id, attempt, "answered"]);
  };

  Reporter.prototype.scored = function (quiz, score) {
    var activity = this.quizActivity(quiz), attempt = this.attempt(quiz), self = this;
    var result = { score: xapi.score(score.total ? score.points / score.total : 1, score.points, score.total),
      success: score.passed, completion: true };
    var context = this.context([]);
    this.send("completed", activity, result, context, [activity.id, attempt, "completed"]);
    this.send(score.passed ? "passed" : "failed", activity, result, context,
      [activity.id, attempt, score.passed ? "passed" : "failed"]);
    var data = page.store.load();
    var all = settings.quizzes.every(function (id) {
      return id === quiz.id ? score.passed || (page.has(data.quizzes, id) && data.quizzes[id].passed) :
        page.has(data.quizzes, id) && data.quizzes[id].passed;
    });
    if (all && settings.quizzes.length) {
      this.once("completed", function () {
        var course = xapi.activity(self.who.base, "course");
        var context = self.context([]);
        delete context.contextActivities;  // the course is the object itself
        self.send("completed", course, { completion: true, success: true }, context, [self.who.base, "completed"]);
      });
    }
  };

  // ---- what the learner sees ----
  function statusLine(reporter) {
    var holders = page.all(document, "section.quiz .quiz-result");
    var main = document.getElementById("main");
    var places = holders.length ? holders.map(function (el) { return [el.parentNode, el.nextSibling]; }) :
      (main ? [[main, main.firstChild]] : []);
    places.forEach(function (place) {
      var line = document.createElement("p");
      line.className = "xapi-status";
      line.setAttribute("role", "status");
      place[0].insertBefore(line, place[1]);
      xapi.showStatus(reporter.transport, line, page.say);
    });
  }

  function field(form, name, label, type, autocomplete) {
    var id = "xapi-" + name;
    var p = document.createElement("p");
    var l = document.createElement("label");
    l.setAttribute("for", id);
    l.textContent = label;
    var input = document.createElement("input");
    input.id = id;
    input.name = name;
    input.type = type;
    input.setAttribute("autocomplete", autocomplete);
    p.appendChild(l);
    p.appendChild(document.createTextNode(" "));
    p.appendChild(input);
    form.appendChild(p);
    return input;
  }

  // Asked once, at the top of the page, when the course says the learner gives who they are.
  function askLearner(done) {
    var main = document.getElementById("main");
    if (!main) { return; }
    var form = document.createElement("form");
    form.className = "xapi-learner";
    form.noValidate = true;  // our own message, in the page's language, not the browser's bubble
    form.setAttribute("aria-labelledby", "xapi-learner-title");
    var h = document.createElement("h2");
    h.id = "xapi-learner-title";
    h.textContent = page.say("xapi_form_title");
    form.appendChild(h);
    var intro = document.createElement("p");
    intro.textContent = page.say("xapi_form_intro");
    form.appendChild(intro);
    var name = field(form, "name", page.say("xapi_name"), "text", "name");
    var email = field(form, "email", page.say("xapi_email"), "email", "email");
    var org = field(form, "organisation", page.say("xapi_org"), "text", "organization");
    var problem = document.createElement("p");
    problem.className = "xapi-problem";
    problem.setAttribute("role", "alert");
    form.appendChild(problem);
    var button = document.createElement("button");
    button.type = "submit";
    button.textContent = page.say("xapi_start");
    form.appendChild(button);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var given = { name: name.value.trim(), email: email.value.trim().toLowerCase(), organisation: org.value.trim() };
      if (!given.name) { problem.textContent = page.say("xapi_name_missing"); name.focus(); return; }
      if (!EMAIL.test(given.email)) { problem.textContent = page.say("xapi_email_invalid"); email.focus(); return; }
      given.registration = xapi.randomUuid();
      writeJson(storage("localStorage"), LEARNER_KEY, given);
      var said = document.createElement("p");
      said.className = "xapi-learner";
      said.setAttribute("role", "status");
      said.textContent = page.say("xapi_sent_as", { name: given.name });
      main.replaceChild(said, form);
      done();
    });
    main.insertBefore(form, main.firstChild);
  }

  // ---- start ----
  var reporter = null;
  function begin() {
    var who = session();
    if (!who) { return false; }
    reporter = new Reporter(who);
    statusLine(reporter);
    reporter.lesson();
    return true;
  }

  window.courseTracker.register("xapi", {
    quizStarted: function (quiz) { if (reporter) { reporter.started(quiz); } },
    questionAnswered: function (quiz, answer) { if (reporter) { reporter.answered(quiz, answer); } },
    quizScored: function (quiz, score) { if (reporter) { reporter.scored(quiz, score); } }
  });

  function init() {
    if (!begin() && settings.actor === "form") { askLearner(begin); }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
