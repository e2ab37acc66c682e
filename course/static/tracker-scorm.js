/* tracker-scorm.js: the "scorm" tracker, for a SCORM 1.2 or 2004 package (course export scorm12,
   scorm2004). It finds the LMS's API up the frame chain and the opener's, and reports each quiz's
   score, completion and success, each question as an interaction, and the learner's progress in
   suspend data, so another browser resumes where the learner was.

   One session per SCO: the package launches launch*.html, which loads this file alone, opens the
   session (Initialize) and closes it (Terminate) when the learner leaves the SCO; the course's
   pages, in its frame, load it in their bundle and use that session, committing on each quiz
   scored and as each page goes. A page opened without the launch page opens a session of its own.
   Without an LMS it does nothing at all: the local tracker keeps progress as on the web.

   The package's bundle sets window.courseScormData before this file:
     {version: "1.2" | "2004", sco: "course" | "module", pages: [page addresses],
      quizzes: [[quiz id, module slug, [question ids]]], limit: characters of suspend data} */
(function () {
  "use strict";

  var HOPS = 10;  // frames to climb to the LMS, as the ADL's own API finder does
  var ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
  var STEPS = 60;  // a question's result in suspend data, in 60ths: halves, thirds, quarters ... exact
  var FORMAT = "c1";

  // ---- finding the LMS ----
  function search(win, name) {
    for (var hops = 0; win && hops <= HOPS; hops++) {
      try {
        if (win[name]) { return win[name]; }
        if (win.parent === win) { return null; }
        win = win.parent;
      } catch (e) { return null; }  // a frame of another origin: the LMS is not beyond it
    }
    return null;
  }

  function locate(name) {
    var found = search(window, name);
    try { if (!found && window.opener) { found = search(window.opener, name); } } catch (e) { found = null; }
    return found;
  }

  function Session(version, api) {
    this.v = version;
    this.api = api;
    this.started = new Date().getTime();
    this.live = false;
    this.leaving = [];  // what the pages in its frame save before it closes
  }

  Session.prototype.call = function (name12, name2004, args) {
    try {
      var fn = this.api[this.v === "1.2" ? name12 : name2004];
      return String(fn.apply(this.api, args));
    } catch (e) { return ""; }  // an LMS's failure must not stop the page
  };
  Session.prototype.get = function (el) { return this.call("LMSGetValue", "GetValue", [el]); };
  Session.prototype.set = function (el, value) {  // nothing after the session's end: the LMS would refuse it
    return this.live ? this.call("LMSSetValue", "SetValue", [el, String(value)]) : "";
  };
  Session.prototype.commit = function () { if (this.live) { this.call("LMSCommit", "Commit", [""]); } };
  Session.prototype.el = function (el12, el2004) { return this.v === "1.2" ? el12 : el2004; };

  Session.prototype.open = function () {
    this.live = this.call("LMSInitialize", "Initialize", [""]) === "true";
    if (this.live && this.v === "1.2" && this.get("cmi.core.lesson_status") === "not attempted") {
      this.set("cmi.core.lesson_status", "incomplete");
    }
    return this.live;
  };

  Session.prototype.close = function () {
    if (!this.live) { return; }
    this.leaving.forEach(function (save) { try { save(); } catch (e) { /* a page already gone */ } });
    var seconds = Math.max(0, (new Date().getTime() - this.started) / 1000);
    this.set(this.el("cmi.core.session_time", "cmi.session_time"), this.v === "1.2" ? clock(seconds) : duration(seconds));
    this.set(this.el("cmi.core.exit", "cmi.exit"), "suspend");  // keep suspend data for the next attempt
    this.call("LMSCommit", "Commit", [""]);
    this.call("LMSFinish", "Terminate", [""]);
    this.live = false;
  };

  function two(n) { return (n < 10 ? "0" : "") + n; }
  function clock(seconds) {  // SCORM 1.2 CMITimespan: HHHH:MM:SS.SS
    var whole = Math.floor(seconds);
    var h = Math.floor(whole / 3600), m = Math.floor(whole / 60) % 60, s = whole % 60;
    return (h < 1000 ? ("000" + h).slice(-4) : String(h)) + ":" + two(m) + ":" + two(s);
  }
  function duration(seconds) {  // SCORM 2004 timeinterval: ISO 8601
    var whole = Math.floor(seconds);
    return "PT" + Math.floor(whole / 3600) + "H" + (Math.floor(whole / 60) % 60) + "M" + (whole % 60) + "S";
  }

  function openSession(version) {
    var api = locate(version === "1.2" ? "API" : "API_1484_11");
    if (!api) { return null; }
    var session = new Session(version, api);
    if (!session.open()) { return null; }
    window.addEventListener("pagehide", function () { session.close(); });
    return session;
  }

  // The launch page's session, for a page in its frame.
  function sharedSession() {
    var win = window;
    for (var hops = 0; hops < HOPS; hops++) {
      try {
        if (win.parent === win) { return null; }
        win = win.parent;
        if (win.courseScormSession) { return win.courseScormSession; }
      } catch (e) { return null; }
    }
    return null;
  }

  // ---- suspend data: progress in a few characters per question ----
  // "c1|lang|last page|visited pages|quiz,quiz,...": pages and quizzes by their place in the
  // package's lists; a quiz is "" (not taken) or best (2) last (2) passed (1) and one character
  // per question ("." for none). Its length for a course is fixed by the course alone, so the
  // export can say beforehand whether its worst case fits (course/render/scorm.py, worst_case).
  function base36(n, width) { return ("00" + n.toString(36)).slice(-width); }

  function encode(store, data) {
    var pages = data.pages, bits = "";
    for (var i = 0; i < pages.length; i += 6) {
      var word = 0;
      for (var j = 0; j < 6 && i + j < pages.length; j++) { if (store.visited[pages[i + j]]) { word |= 1 << j; } }
      bits += ALPHABET.charAt(word);
    }
    var last = pages.indexOf(store.last);
    var head = [FORMAT, store.lang || "", last < 0 ? "" : last.toString(36), bits].join("|") + "|";
    var quizzes = data.quizzes.map(function (quiz) {
      var rec = store.quizzes[quiz[0]];
      if (!rec) { return ""; }
      var last = typeof rec.last === "number" ? rec.last : rec.best;
      return base36(Math.round(rec.best), 2) + base36(Math.round(last), 2) + (rec.passed ? "1" : "0") +
        quiz[2].map(function (qid) {
          var r = rec.results ? rec.results[qid] : undefined;
          return typeof r === "number" ? ALPHABET.charAt(Math.round(r * STEPS)) : ".";
        }).join("");
    });
    // What does not fit stays in this browser's store only, the quizzes at the end first.
    var kept = quizzes.length;
    while (kept > 0 && head.length + quizzes.slice(0, kept).join(",").length > data.limit) { kept--; }
    return { text: head + quizzes.slice(0, kept).join(","), dropped: quizzes.length - kept };
  }

  function decode(text, data) {
    var parts = String(text || "").split("|");
    if (parts[0] !== FORMAT || parts.length !== 5) { return null; }
    var out = { quizzes: {}, visited: {} };
    if (parts[1]) { out.lang = parts[1]; }
    var last = parts[2] === "" ? -1 : parseInt(parts[2], 36);
    if (last >= 0 && last < data.pages.length) { out.last = data.pages[last]; }
    for (var i = 0; i < parts[3].length; i++) {
      var word = ALPHABET.indexOf(parts[3].charAt(i));
      for (var j = 0; j < 6; j++) {
        if (word & (1 << j) && data.pages[i * 6 + j]) { out.visited[data.pages[i * 6 + j]] = 1; }
      }
    }
    (parts[4] ? parts[4].split(",") : []).forEach(function (code, n) {
      var quiz = data.quizzes[n];
      if (!quiz || code.length !== 5 + quiz[2].length) { return; }
      var rec = { best: parseInt(code.slice(0, 2), 36), last: parseInt(code.slice(2, 4), 36), passed: code.charAt(4) === "1", results: {} };
      quiz[2].forEach(function (qid, k) {
        var step = ALPHABET.indexOf(code.charAt(5 + k));
        if (step >= 0 && step <= STEPS) { rec.results[qid] = step / STEPS; }
      });
      out.quizzes[quiz[0]] = rec;
    });
    return out;
  }

  // The LMS's record joined to this browser's: the better of the two for each quiz.
  function merge(local, remote) {
    for (var id in remote.quizzes) {
      var theirs = remote.quizzes[id], ours = local.quizzes[id];
      if (!ours) { local.quizzes[id] = theirs; continue; }
      ours.best = Math.max(ours.best, theirs.best);
      ours.passed = ours.passed || theirs.passed;
      for (var qid in theirs.results) { if (!(qid in ours.results)) { ours.results[qid] = theirs.results[qid]; } }
    }
    for (var url in remote.visited) { local.visited[url] = 1; }
    if (!local.last && remote.last) { local.last = remote.last; }
    if (!local.lang && remote.lang) { local.lang = remote.lang; }
    return local;
  }

  // ---- what is reported ----
  function responseText(v, answer) {
    var r = answer.response, list = v === "1.2" ? "," : "[,]", pair = v === "1.2" ? "." : "[.]";
    if (r === null || r === undefined || r === "") { return null; }
    switch (answer.interaction) {
      case "true-false": return v === "1.2" ? (r ? "t" : "f") : (r ? "true" : "false");
      case "choice": return [].concat(r).join(list) || null;
      case "numeric": return String(r);
      case "matching":
        return r.filter(function (p) { return p[1] !== null; })
          .map(function (p) { return (p[0] + 1) + pair + (p[1] + 1); }).join(list) || null;
      case "sequencing": return r.map(function (i) { return i + 1; }).join(list) || null;
      case "long-fill-in": return v === "1.2" ? String(r).slice(0, 255) : String(r).slice(0, 4000);
      default: return String(r).slice(0, v === "1.2" ? 255 : 250);  // fill-in
    }
  }

  function result(v, answer) {
    if (answer.result === null) { return "neutral"; }
    return answer.result === 1 ? "correct" : (v === "1.2" ? "wrong" : "incorrect");
  }

  // A module's SCO reports its module's quiz, wherever the learner reads; a page opened on its own
  // (no launch page) reports the module it belongs to.
  function report(session, data, url) {
    var module = session.module || (url.indexOf("/") > 0 ? url.slice(0, url.indexOf("/")) : null);
    if (data.sco === "module" && module === null) { return; }  // the home page belongs to no module's SCO
    var scope = data.quizzes.filter(function (quiz) { return data.sco === "course" || quiz[1] === module; });
    if (data.sco === "module" && !scope.length && !data.modules.some(function (m) { return m === module; })) { return; }
    var store = window.coursePage.store.load();
    var recs = scope.map(function (quiz) { return store.quizzes[quiz[0]]; });
    var taken = recs.filter(Boolean);
    var done = taken.length === recs.length;
    var passed = taken.every(function (rec) { return rec.passed; });
    if (taken.length) {
      var raw = Math.round(taken.reduce(function (sum, rec) { return sum + rec.best; }, 0) / recs.length);
      session.set(session.el("cmi.core.score.min", "cmi.score.min"), 0);
      session.set(session.el("cmi.core.score.max", "cmi.score.max"), 100);
      session.set(session.el("cmi.core.score.raw", "cmi.score.raw"), raw);
      if (session.v === "2004") { session.set("cmi.score.scaled", raw / 100); }
    }
    if (session.v === "1.2") {
      session.set("cmi.core.lesson_status", !done ? "incomplete" : (!scope.length ? "completed" : (passed ? "passed" : "failed")));
    } else {
      session.set("cmi.completion_status", done ? "completed" : "incomplete");
      if (scope.length) { session.set("cmi.success_status", !done ? "unknown" : (passed ? "passed" : "failed")); }
    }
    var suspend = encode(store, data);
    session.set("cmi.suspend_data", suspend.text);
  }

  function interaction(session, quiz, answer) {
    var v = session.v, n = parseInt(session.get("cmi.interactions._count"), 10) || 0;
    var at = "cmi.interactions." + n + ".";
    var type = answer.interaction === "long-fill-in" && v === "1.2" ? "fill-in" : answer.interaction;
    session.set(at + "id", quiz.id + "/" + answer.id);
    session.set(at + "type", type);
    session.set(at + "weighting", answer.points);
    var text = responseText(v, answer);
    if (text !== null) { session.set(at + (v === "1.2" ? "student_response" : "learner_response"), text); }
    session.set(at + "result", result(v, answer));
  }

  // ---- start ----
  window.courseScormCode = { encode: encode, decode: decode };  // for the tests, which run it in Node
  var data = window.courseScormData;
  if (!window.courseTracker) {  // the launch page: it holds the session while the learner is in the SCO
    if (window.document) {
      var root = window.document.documentElement;
      window.courseScormSession = openSession(root.getAttribute("data-scorm"));
      if (window.courseScormSession) { window.courseScormSession.module = root.getAttribute("data-module") || null; }
    }
    return;
  }
  if (!data) { return; }
  var session = sharedSession() || openSession(data.version);
  if (!session || !session.live) { return; }  // no LMS: progress stays in this browser, as on the web
  var page = window.coursePage;
  var remote = decode(session.get("cmi.suspend_data"), data);
  if (remote) { page.store.save(merge(page.store.load(), remote)); }
  function keep() {  // the visit start.js records, and any answers since
    session.set("cmi.suspend_data", encode(page.store.load(), data).text);
    session.commit();
  }
  window.setTimeout(keep, 0);  // once start.js has recorded this visit
  session.leaving.push(keep);  // the launch page may close the session before this page goes
  window.addEventListener("pagehide", function () {
    keep();
    session.leaving = session.leaving.filter(function (save) { return save !== keep; });
  });
  window.courseTracker.register("scorm", {
    questionAnswered: function (quiz, answer) { interaction(session, quiz, answer); },
    quizScored: function () {
      report(session, data, page.url);
      session.commit();
    }
  });
  report(session, data, page.url);
})();
