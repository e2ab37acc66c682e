/* tracker-cmi5.js: the "cmi5" tracker, for a cmi5 package (course export cmi5).

   The LMS opens an AU's launch page (launch*.html) with the cmi5 launch parameters in its query
   string: endpoint, fetch, actor, registration, activityId. The launch page loads this file after
   xapi-transport.js and holds the AU session while the learner is in the AU:
     1. POSTs to the fetch URL for the session's auth token, once: the fetch URL is one-use, so the
        token and what the session sent are kept in this tab's sessionStorage, and the page reloaded
        asks no second time (it finds the session it ended as it went, and sends nothing more);
     2. reads the LMS.LaunchData state document: contextTemplate (with the session id), launchMode,
        masteryScore, returnURL (moveOn: see judge);
     3. sends "initialized", then shows the course's page in its frame;
     4. judges what the pages in the frame tell it (each quiz scored): "passed" as soon as the AU's
        score reaches the masteryScore, "completed" once every quiz of the AU is taken (an AU
        without a quiz once opened); "failed" only as the session ends without a pass, because
        cmi5 allows one of passed/failed in a session and a learner may try again;
     5. sends "terminated" when the learner presses Exit (then goes to returnURL, if the LMS gave
        one) or leaves the page.
   In Browse and Review mode it sends initialized and terminated only. It sends cmi5 defined
   statements and no others: each with the context template, the registration, the cmi5 category
   (and moveOn's, where the result says success or completion) and an id made from the
   registration, the session and the verb, so a statement resent is one record in the LRS.
   Whether passed and completed were sent in this registration is kept in this browser (cmi5
   allows each once per registration); the LRS is not asked.

   The course's pages, in the frame, load this file in their bundle after tracker-local.js: they
   register a tracker that tells the launch page's session (window.courseCmi5Session) each quiz's
   score. Without a launch, or when the LMS cannot be reached, nothing is sent and the course
   works as on the web.

   The launch page's bundle sets window.courseCmi5Data before this file:
     {quizzes: [[quiz id, module slug, pass mark (percent)]]} */
(function () {
  "use strict";

  var XAPI_VERSION = "1.0.3";
  var VERBS = {
    initialized: "http://adlnet.gov/expapi/verbs/initialized",
    passed: "http://adlnet.gov/expapi/verbs/passed",
    failed: "http://adlnet.gov/expapi/verbs/failed",
    completed: "http://adlnet.gov/expapi/verbs/completed",
    terminated: "http://adlnet.gov/expapi/verbs/terminated"
  };
  var CATEGORY_CMI5 = "https://w3id.org/xapi/cmi5/context/categories/cmi5";
  var CATEGORY_MOVEON = "https://w3id.org/xapi/cmi5/context/categories/moveon";
  var EXT_SESSION = "https://w3id.org/xapi/cmi5/context/extensions/sessionid";
  var EXT_MASTERY = "https://w3id.org/xapi/cmi5/context/extensions/masteryscore";
  var EXIT_WAIT = 10000;  // ms the Exit button waits for the statements to reach the LMS before going

  function copy(data) { return JSON.parse(JSON.stringify(data)); }

  // ---- the course's pages, in the launch page's frame ----
  if (window.courseTracker) {
    var session = null;
    try { session = window.parent !== window ? window.parent.courseCmi5Session : null; } catch (e) { session = null; }
    if (!session) { return; }  // no AU session around this page: progress stays in this browser
    window.courseTracker.register("cmi5", {
      quizScored: function (quiz, score) { session.scored(quiz.id, score.pct); }
    });
    return;
  }

  // ---- the launch page ----
  // The launch parameters, in any order, URL-encoded (a "+" is a space, as forms write it).
  function launchParameters(search) {
    var out = {};
    String(search || "").replace(/^\?/, "").split("&").forEach(function (pair) {
      if (!pair) { return; }
      var at = pair.indexOf("=");
      var name = at < 0 ? pair : pair.slice(0, at), value = at < 0 ? "" : pair.slice(at + 1);
      try { out[decodeURIComponent(name.replace(/\+/g, " "))] = decodeURIComponent(value.replace(/\+/g, " ")); }
      catch (e) { /* a malformed pair: not one of ours */ }
    });
    return out;
  }

  function request(method, url, headers, done) {
    var xhr = new XMLHttpRequest();
    try {
      xhr.open(method, url, true);
      for (var name in headers) { xhr.setRequestHeader(name, headers[name]); }
      xhr.timeout = 30000;
      xhr.onload = function () {
        var body = null;
        try { body = JSON.parse(xhr.responseText); } catch (e) { body = null; }
        done(xhr.status, body);
      };
      xhr.onerror = xhr.ontimeout = xhr.onabort = function () { done(0, null); };
      xhr.send(null);
    } catch (e) { done(0, null); }
  }

  function kept(storage, key) {
    try { return JSON.parse(storage.getItem(key) || "null"); } catch (e) { return null; }
  }
  function keep(storage, key, value) {
    try { storage.setItem(key, JSON.stringify(value)); } catch (e) { /* not kept: this page still has it */ }
  }
  function storage(name) {
    try { return window[name]; } catch (e) { return null; }
  }

  // The auth token: from this tab's session if the page was reloaded, else the fetch URL's one answer.
  function authToken(fetchUrl, done) {
    var key = "course:cmi5-session:" + fetchUrl;
    var saved = kept(storage("sessionStorage"), key);
    if (saved && saved.token) { done(saved, key); return; }
    request("POST", fetchUrl, {}, function (status, body) {
      if (status !== 200 || !body || typeof body["auth-token"] !== "string") { done(null, key); return; }
      var state = { token: body["auth-token"], sent: {}, started: new Date().getTime(), attempted: false };
      keep(storage("sessionStorage"), key, state);
      done(state, key);
    });
  }

  // An http(s) address, resolved against this page; anything else (javascript:, data:) is not followed.
  function webAddress(text) {
    if (typeof text !== "string" || !text) { return null; }
    var link = window.document.createElement("a");
    link.href = text;
    return link.protocol === "http:" || link.protocol === "https:" ? link.href : null;
  }

  function Session(launch, actor, state, stateKey, data, module) {
    this.launch = launch;
    this.actor = actor;
    this.state = state;
    this.stateKey = stateKey;
    var lms = data.launchData;
    this.template = lms.contextTemplate && typeof lms.contextTemplate === "object" ? lms.contextTemplate : {};
    this.sessionId = (this.template.extensions || {})[EXT_SESSION] || "";
    this.mode = lms.launchMode === "Browse" || lms.launchMode === "Review" ? lms.launchMode : "Normal";
    this.mastery = typeof lms.masteryScore === "number" ? lms.masteryScore : null;
    this.returnUrl = webAddress(lms.returnURL);
    // the AU's quizzes: its module's, or every quiz for the course's AU
    this.quizzes = data.quizzes.filter(function (quiz) { return !module || quiz[1] === module; });
    this.recordKey = "course:cmi5-registration:" + launch.registration + ":" + launch.activityId;
    this.record = kept(storage("localStorage"), this.recordKey) || { best: {}, passed: false, completed: false };
    this.transport = new window.courseXapi.Transport({
      endpoint: launch.endpoint, auth: "Basic " + state.token, queueKey: "course:cmi5-queue:" + (this.sessionId || launch.registration)
    });
  }

  Session.prototype.save = function () {
    keep(storage("sessionStorage"), this.stateKey, this.state);
    keep(storage("localStorage"), this.recordKey, this.record);
  };

  Session.prototype.context = function (judged, moveOn) {
    var context = copy(this.template);
    if (!context.registration) { context.registration = this.launch.registration; }
    var activities = context.contextActivities = context.contextActivities || {};
    var category = activities.category = (activities.category || []).slice();
    function add(id) {
      if (!category.some(function (a) { return a && a.id === id; })) { category.push({ id: id }); }
    }
    add(CATEGORY_CMI5);
    if (moveOn) { add(CATEGORY_MOVEON); }
    if (judged && this.mastery !== null) {
      context.extensions = context.extensions || {};
      if (!(EXT_MASTERY in context.extensions)) { context.extensions[EXT_MASTERY] = this.mastery; }
    }
    return context;
  };

  // One cmi5 defined statement, once in the session.
  Session.prototype.send = function (verb, result) {
    if (this.state.sent[verb] || this.state.sent.terminated) { return; }
    var judged = verb === "passed" || verb === "failed";
    var statement = {
      id: window.courseXapi.statementId(["cmi5", this.launch.registration, this.sessionId, verb]),
      actor: this.actor,
      verb: { id: VERBS[verb], display: { "en-US": verb } },
      object: { objectType: "Activity", id: this.launch.activityId },
      context: this.context(judged, judged || verb === "completed"),
      timestamp: new Date().toISOString()
    };
    if (result) { statement.result = result; }
    this.state.sent[verb] = statement.timestamp;
    this.save();
    this.transport.send(statement);
  };

  Session.prototype.elapsed = function () {
    return window.courseXapi.duration(new Date().getTime() - this.state.started);
  };

  // What the AU owes is the same under each moveOn, the LMS's rule for when the AU is satisfied
  // (completed once all is done, passed or failed once judged): it sends what the learner did, passed
  // before completed, and the LMS applies its rule. So the launch data's moveOn is not read.
  Session.prototype.judge = function (ending) {
    if (this.mode !== "Normal") { return; }
    var record = this.record, quizzes = this.quizzes;
    if (!quizzes.length) {  // nothing to judge: the AU is done once opened
      if (!record.completed) { this.send("completed", { completion: true, duration: this.elapsed() }); }
      record.completed = true;
      this.save();
      return;
    }
    var taken = quizzes.filter(function (quiz) { return typeof record.best[quiz[0]] === "number"; });
    if (taken.length < quizzes.length) { return; }
    var mean = quizzes.reduce(function (sum, quiz) { return sum + record.best[quiz[0]]; }, 0) / quizzes.length;
    var scaled = Math.round(mean * 100) / 10000;
    var passed = this.mastery !== null ? scaled >= this.mastery
      : quizzes.every(function (quiz) { return record.best[quiz[0]] >= quiz[2]; });
    var score = window.courseXapi.score(scaled);
    if (passed && !record.passed && !this.state.sent.failed) {
      this.send("passed", { score: score, success: true, duration: this.elapsed() });
      record.passed = true;
    }
    if (!record.completed) {
      this.send("completed", { completion: true, duration: this.elapsed() });
      record.completed = true;
    }
    if (ending && !passed && !record.passed && this.state.attempted) {
      this.send("failed", { score: score, success: false, duration: this.elapsed() });
    }
    this.save();
  };

  Session.prototype.scored = function (quizId, pct) {
    if (this.mode !== "Normal" || this.state.sent.terminated) { return; }
    if (!this.quizzes.some(function (quiz) { return quiz[0] === quizId; })) { return; }  // another AU's quiz
    var best = this.record.best[quizId];
    this.record.best[quizId] = typeof best === "number" ? Math.max(best, pct) : pct;
    this.state.attempted = true;
    this.judge(false);
  };

  Session.prototype.start = function () {
    this.send("initialized");
    this.judge(false);
  };

  Session.prototype.terminate = function () {
    if (this.state.sent.terminated) { return; }
    this.judge(true);
    this.send("terminated", { duration: this.elapsed() });
  };

  // The page is going: what still waits goes out with keepalive, which outlives the page (the
  // transport's own request may be cancelled with it). A statement sent twice is one record.
  Session.prototype.sendBeforeLeaving = function () {
    if (typeof window.fetch !== "function") { return; }
    var transport = this.transport;
    transport.load().forEach(function (statement) {
      try {
        window.fetch(transport.endpoint + "statements?statementId=" + encodeURIComponent(statement.id), {
          method: "PUT", keepalive: true, body: JSON.stringify(statement),
          headers: { "Content-Type": "application/json", "X-Experience-API-Version": XAPI_VERSION,
                     Authorization: transport.auth }
        })["catch"](function () { /* offline: it waits in the queue */ });
      } catch (e) { /* no keepalive here: it waits in the queue */ }
    });
  };

  function whenSent(transport, done) {
    var finished = false;
    function finish() { if (!finished) { finished = true; done(); } }
    transport.onChange(function (pending) { if (pending === 0) { finish(); } });
    window.setTimeout(finish, EXIT_WAIT);
    if (transport.pending() === 0) { finish(); }
  }

  function startLaunchPage() {
    var doc = window.document, root = doc.documentElement;
    var frame = doc.querySelector("iframe"), exit = doc.getElementById("cmi5-exit");
    function show() { frame.setAttribute("src", frame.getAttribute("data-src")); }
    var launch = launchParameters(window.location.search), actor = null;
    try { actor = JSON.parse(launch.actor); } catch (e) { actor = null; }
    var complete = launch.endpoint && launch.fetch && launch.registration && launch.activityId && actor;
    function untracked() { exit.hidden = true; show(); }
    if (!complete || !window.courseXapi) { untracked(); return; }
    launch.endpoint = launch.endpoint.replace(/\/*$/, "/");
    authToken(launch.fetch, function (state, stateKey) {
      if (!state) { untracked(); return; }
      var url = launch.endpoint + "activities/state?stateId=LMS.LaunchData&activityId=" +
        encodeURIComponent(launch.activityId) + "&agent=" + encodeURIComponent(launch.actor) +
        "&registration=" + encodeURIComponent(launch.registration);
      var headers = { Authorization: "Basic " + state.token, "X-Experience-API-Version": XAPI_VERSION };
      request("GET", url, headers, function (status, launchData) {
        if (status !== 200 || !launchData || typeof launchData !== "object") { untracked(); return; }
        var data = { launchData: launchData, quizzes: (window.courseCmi5Data || {}).quizzes || [] };
        var au = new Session(launch, actor, state, stateKey, data, root.getAttribute("data-module") || "");
        if (au.state.sent.terminated) { untracked(); return; }  // this session is over: the LMS launches a new one
        window.courseCmi5Session = au;
        var waiting = doc.querySelector(".cmi5-waiting");  // statements the LRS has not yet, e.g. offline
        window.courseXapi.showStatus(au.transport, waiting, function (key, values) {
          return waiting.getAttribute(values.n === 1 ? "data-one" : "data-many").split("{n}").join(String(values.n));
        });
        au.start();
        window.addEventListener("pagehide", function () {
          au.terminate();
          au.sendBeforeLeaving();
        });
        exit.addEventListener("click", function () {
          exit.disabled = true;
          au.terminate();
          whenSent(au.transport, function () {
            if (au.returnUrl) { window.location.href = au.returnUrl; return; }
            var note = doc.createElement("p");
            note.className = "cmi5-ended";
            note.setAttribute("role", "status");
            note.textContent = root.getAttribute("data-ended");
            frame.parentNode.replaceChild(note, frame);
            exit.hidden = true;
          });
        });
        show();
      });
    });
  }

  window.courseCmi5Code = { launchParameters: launchParameters, Session: Session };  // for the tests, which run it in Node
  if (window.document && window.document.getElementById("cmi5-exit")) { startLaunchPage(); }
})();
