// xapi-transport.js: what an xAPI tracker and a cmi5 tracker share: statements sent to a learning
// record store through a queue that survives the page, deterministic statement ids, and the shapes
// of the statements both make.
//
//   var t = new courseXapi.Transport({endpoint: "https://lrs/xapi/", auth: "Basic ...", queueKey: "..."});
//   t.send(statement)   // adds an id if missing (never replaces one), queues, tries to send; returns the id
//   t.pending()         // how many wait
//   t.onChange(function (pending) {...})
//   t.flush()           // try now
//
// Each statement is PUT to statements?statementId=ID, one at a time, in the order made. The LRS
// keeps a statement id once: a resend (a page closed before the answer came, another tab sending
// the same queue) answers 204 again or 409, and both mean "the LRS has it". Offline, or while the
// LRS fails, the queue waits in localStorage and is tried again when the browser says it is
// online, and on a timer that backs off from 2 s to 5 min. A statement the LRS refuses as
// malformed (400) would block every one after it: it is dropped and counted (rejected()).
//
// Nothing here waits on the network before returning: send() and flush() return at once.
// (Header lines are // comments: the bundle leaves them out of what learners download.)
(function () {
  "use strict";

  var VERSION = "1.0.3";
  var FIRST_WAIT = 2000, LONGEST_WAIT = 300000;  // ms
  // The namespace of the course's statement ids, course/report/xapi.py's NAMESPACE: the report
  // and the class generator in bench/ make the same ids from the same parts.
  var NAMESPACE = "6f1c0d7e-3f7a-5b0e-9d42-8a1e5c6b2f10";

  // ---- SHA-1, for the name-based (version 5) ids ----
  function utf8(text) {
    var bytes = [], s = unescape(encodeURIComponent(String(text)));
    for (var i = 0; i < s.length; i++) { bytes.push(s.charCodeAt(i)); }
    return bytes;
  }

  function sha1(bytes) {
    var h = [0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0];
    var msg = bytes.slice(), bits = bytes.length * 8;
    msg.push(0x80);
    while (msg.length % 64 !== 56) { msg.push(0); }
    for (var s = 56; s >= 0; s -= 8) { msg.push(s >= 32 ? Math.floor(bits / Math.pow(2, s)) & 0xff : (bits >>> s) & 0xff); }
    var w = new Array(80);
    for (var off = 0; off < msg.length; off += 64) {
      for (var i = 0; i < 16; i++) {
        w[i] = (msg[off + 4 * i] << 24) | (msg[off + 4 * i + 1] << 16) | (msg[off + 4 * i + 2] << 8) | msg[off + 4 * i + 3];
      }
      for (i = 16; i < 80; i++) {
        var x = w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16];
        w[i] = (x << 1) | (x >>> 31);
      }
      var a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
      for (i = 0; i < 80; i++) {
        var f, k;
        if (i < 20) { f = (b & c) | (~b & d); k = 0x5A827999; }
        else if (i < 40) { f = b ^ c ^ d; k = 0x6ED9EBA1; }
        else if (i < 60) { f = (b & c) | (b & d) | (c & d); k = 0x8F1BBCDC; }
        else { f = b ^ c ^ d; k = 0xCA62C1D6; }
        var t = (((a << 5) | (a >>> 27)) + f + e + k + w[i]) | 0;
        e = d; d = c; c = (b << 30) | (b >>> 2); b = a; a = t;
      }
      h[0] = (h[0] + a) | 0; h[1] = (h[1] + b) | 0; h[2] = (h[2] + c) | 0; h[3] = (h[3] + d) | 0; h[4] = (h[4] + e) | 0;
    }
    var out = [];
    h.forEach(function (word) { out.push((word >>> 24) & 0xff, (word >>> 16) & 0xff, (word >>> 8) & 0xff, word & 0xff); });
    return out;
  }

  function hex(bytes) {
    return bytes.map(function (b) { return (b < 16 ? "0" : "") + b.toString(16); }).join("");
  }

  function format(bytes, version) {
    bytes[6] = (bytes[6] & 0x0f) | (version << 4);
    bytes[8] = (bytes[8] & 0x3f) | 0x80;  // the RFC 4122 variant
    var h = hex(bytes.slice(0, 16));
    return [h.slice(0, 8), h.slice(8, 12), h.slice(12, 16), h.slice(16, 20), h.slice(20, 32)].join("-");
  }

  // A version 5 UUID of text in that namespace: Python's uuid.uuid5(NAMESPACE, text).
  function uuid(text) {
    var ns = [], digits = NAMESPACE.replace(/-/g, "");
    for (var i = 0; i < 32; i += 2) { ns.push(parseInt(digits.slice(i, i + 2), 16)); }
    return format(sha1(ns.concat(utf8(text))), 5);
  }

  // A random (version 4) UUID, for a statement sent without an id of its own.
  function randomUuid() {
    var bytes = [];
    var crypto = typeof window !== "undefined" && window.crypto && window.crypto.getRandomValues ? window.crypto : null;
    if (crypto) {
      var a = new Uint8Array(16);
      crypto.getRandomValues(a);
      for (var i = 0; i < 16; i++) { bytes.push(a[i]); }
    } else {
      for (var j = 0; j < 16; j++) { bytes.push(Math.floor(Math.random() * 256)); }
    }
    return format(bytes, 4);
  }

  // The id of "this learner did this to this, in this attempt": the same parts give the same id,
  // so the same statement made twice (a page reloaded, the queue resent) is one record in the LRS.
  // Parts are joined by U+001F, as course/report/xapi.py's statement_id joins them.
  function statementId(parts) {
    return uuid(parts.map(function (part) { return part === null || part === undefined ? "" : String(part); }).join("\u001f"));
  }

  // ---- the queue ----
  function browserStorage() {
    try { return window.localStorage; } catch (e) { return null; }
  }

  // A request the browser makes: method, url, headers, body, then done(status), status 0 when the
  // network failed. Tests under Node pass their own.
  function xhrRequest(method, url, headers, body, done) {
    var xhr = new XMLHttpRequest();
    try {
      xhr.open(method, url, true);
      for (var name in headers) { xhr.setRequestHeader(name, headers[name]); }
      xhr.timeout = 30000;
      xhr.onload = function () { done(xhr.status); };
      xhr.onerror = xhr.ontimeout = xhr.onabort = function () { done(0); };
      xhr.send(body);
    } catch (e) { done(0); }
  }

  function Transport(options) {
    var self = this;
    this.endpoint = String(options.endpoint || "").replace(/\/*$/, "/");
    this.auth = options.auth || "";
    this.queueKey = options.queueKey || "course:xapi-queue:" + this.endpoint;
    this.storage = options.storage === undefined ? browserStorage() : options.storage;
    this.request = options.request || xhrRequest;
    this.setTimer = options.setTimeout || function (fn, ms) { return window.setTimeout(fn, ms); };
    this.clearTimer = options.clearTimeout || function (id) { window.clearTimeout(id); };
    this.memory = [];  // the queue when this browser keeps no storage (private mode): this page only
    this.listeners = [];
    this.sending = false;
    this.wait = FIRST_WAIT;
    this.timer = null;
    this.refused = 0;
    var win = typeof window !== "undefined" ? window : null;
    if (win && win.addEventListener && !options.request) {
      win.addEventListener("online", function () { self.wait = FIRST_WAIT; self.flush(); });
      // another tab sent or queued: the count shown here follows
      win.addEventListener("storage", function (event) { if (event.key === self.queueKey) { self.changed(); } });
    }
  }

  Transport.prototype.load = function () {
    if (!this.storage) { return this.memory; }
    try {
      var list = JSON.parse(this.storage.getItem(this.queueKey) || "[]");
      return Object.prototype.toString.call(list) === "[object Array]" ? list : [];
    } catch (e) { return this.memory; }
  };

  Transport.prototype.save = function (list) {
    this.memory = list;
    if (!this.storage) { return; }
    try {
      if (list.length) { this.storage.setItem(this.queueKey, JSON.stringify(list)); }
      else { this.storage.removeItem(this.queueKey); }
    } catch (e) { /* storage full or refused: the queue lives in this page */ }
  };

  Transport.prototype.pending = function () { return this.load().length; };
  Transport.prototype.rejected = function () { return this.refused; };

  Transport.prototype.onChange = function (listener) { this.listeners.push(listener); };

  Transport.prototype.changed = function () {
    var n = this.pending();
    this.listeners.forEach(function (listener) {
      try { listener(n); } catch (e) { /* a listener's failure is its own */ }
    });
  };

  Transport.prototype.send = function (statement) {
    var copy = JSON.parse(JSON.stringify(statement));
    if (!copy.id) { copy.id = randomUuid(); }
    var list = this.load();
    // the same id already waiting: the same statement, queued once
    if (!list.some(function (queued) { return queued.id === copy.id; })) { list.push(copy); }
    this.save(list);
    this.changed();
    this.attempt();
    return copy.id;
  };

  Transport.prototype.retryLater = function () {
    var self = this;
    this.timer = this.setTimer(function () { self.timer = null; self.attempt(); }, this.wait);
    this.wait = Math.min(this.wait * 2, LONGEST_WAIT);
  };

  // Try now, whatever the timer says (the online event, a caller who knows better).
  Transport.prototype.flush = function () {
    if (this.timer !== null) { this.clearTimer(this.timer); this.timer = null; }
    this.attempt();
  };

  // Send the head of the queue, unless a send is under way or the retry timer is waiting: a learner
  // answering ten questions offline makes one try, not ten, and the wait does not grow with them.
  Transport.prototype.attempt = function () {
    var self = this;
    if (this.sending || this.timer !== null) { return; }
    var list = this.load();
    if (!list.length) { return; }
    var statement = list[0];
    this.sending = true;
    var headers = { "Content-Type": "application/json", "X-Experience-API-Version": VERSION };
    if (this.auth) { headers.Authorization = this.auth; }
    this.request("PUT", this.endpoint + "statements?statementId=" + encodeURIComponent(statement.id), headers,
      JSON.stringify(statement), function (status) {
        self.sending = false;
        var kept = status >= 200 && status < 300 || status === 409;
        var refused = status === 400;
        if (kept || refused) {
          if (refused) { self.refused++; }
          // read again: another tab may have sent or queued meanwhile
          self.save(self.load().filter(function (queued) { return queued.id !== statement.id; }));
          self.wait = FIRST_WAIT;
          self.changed();
          self.attempt();
        } else {
          self.retryLater();  // offline (0), unauthorised, throttled or failing: later, longer each time
        }
      });
  };

  // ---- statement shapes ----
  var VERBS = {
    experienced: "http://adlnet.gov/expapi/verbs/experienced",
    answered: "http://adlnet.gov/expapi/verbs/answered",
    passed: "http://adlnet.gov/expapi/verbs/passed",
    failed: "http://adlnet.gov/expapi/verbs/failed",
    completed: "http://adlnet.gov/expapi/verbs/completed",
    attempted: "http://adlnet.gov/expapi/verbs/attempted"
  };
  var ACTIVITY_TYPES = {
    course: "http://adlnet.gov/expapi/activities/course",
    module: "http://adlnet.gov/expapi/activities/module",
    lesson: "http://adlnet.gov/expapi/activities/lesson",
    assessment: "http://adlnet.gov/expapi/activities/assessment",
    interaction: "http://adlnet.gov/expapi/activities/cmi.interaction",
    objective: "http://adlnet.gov/expapi/activities/objective"
  };

  function verb(name) {
    return { id: VERBS[name], display: { "en-US": name } };
  }

  function languageMap(lang, text) {
    var map = {};
    map[lang || "und"] = String(text);
    return map;
  }

  function activity(id, type, name, lang) {
    var definition = { type: ACTIVITY_TYPES[type] || type };
    if (name) { definition.name = languageMap(lang, name); }
    return { objectType: "Activity", id: id, definition: definition };
  }

  // The learner's response in xAPI's format for its interaction type (the question's answer as
  // tracker.js tells it), or null when there is none.
  function responsePattern(interaction, response) {
    var r = response;
    if (r === null || r === undefined || r === "") { return null; }
    switch (interaction) {
      case "true-false": return r ? "true" : "false";
      case "choice": return [].concat(r).join("[,]") || null;
      case "numeric": return String(r);
      case "matching":
        return r.filter(function (p) { return p[1] !== null; })
          .map(function (p) { return (p[0] + 1) + "[.]" + (p[1] + 1); }).join("[,]") || null;
      case "sequencing": return r.map(function (i) { return i + 1; }).join("[,]") || null;
      default: return String(r);  // fill-in, long-fill-in
    }
  }

  // A question as a cmi.interaction activity. question = {id, interactionType, name, lang,
  // correctResponsesPattern (a list of strings, or null when the question has no right answer),
  // choices / source / target / steps (lists of {id, text}, as xAPI names them)}.
  function interactionActivity(question) {
    var a = activity(question.id, "interaction", question.name, question.lang);
    a.definition.interactionType = question.interactionType;
    if (question.correctResponsesPattern) { a.definition.correctResponsesPattern = question.correctResponsesPattern; }
    ["choices", "source", "target", "steps"].forEach(function (name) {
      if (question[name]) {
        a.definition[name] = question[name].map(function (c) {
          return { id: String(c.id), description: languageMap(question.lang, c.text) };
        });
      }
    });
    return a;
  }

  // result.score from a share of the points (0..1) and the points themselves.
  function score(scaled, raw, max) {
    var s = { scaled: Math.round(Math.max(0, Math.min(1, scaled)) * 10000) / 10000 };
    if (typeof raw === "number" && typeof max === "number" && max > 0) {
      s.raw = Math.round(raw * 100) / 100; s.min = 0; s.max = Math.round(max * 100) / 100;
    }
    return s;
  }

  // An ISO 8601 duration of ms milliseconds, to the hundredth of a second, as xAPI keeps it.
  function duration(ms) {
    var centis = Math.max(0, Math.round(ms / 10));
    var h = Math.floor(centis / 360000), m = Math.floor(centis / 6000) % 60, s = (centis % 6000) / 100;
    return "PT" + (h ? h + "H" : "") + (m ? m + "M" : "") + s + "S";
  }

  // The learner's view of the queue: a line that says how many results wait, hidden when none do.
  // say(key, values) gives the string "xapi_waiting" ({n}), a plural of the catalog (course/i18n/interface.py's
  // xapi.waiting; render/xapi.py writes its forms into the settings, the page's plural rule picks one).
  function showStatus(transport, element, say) {
    function show(n) {
      element.hidden = n === 0;
      element.textContent = n ? say("xapi_waiting", { n: n }) : "";
    }
    transport.onChange(show);
    show(transport.pending());
  }

  var api = window.courseXapi || {};  // a cmi5 tracker's file may have added its own
  var shared = {
    Transport: Transport, uuid: uuid, randomUuid: randomUuid, statementId: statementId,
    sha1: function (text) { return hex(sha1(utf8(text))); }, VERSION: VERSION, VERBS: VERBS,
    ACTIVITY_TYPES: ACTIVITY_TYPES, verb: verb, activity: activity, languageMap: languageMap,
    responsePattern: responsePattern, interactionActivity: interactionActivity, score: score,
    duration: duration, showStatus: showStatus
  };
  for (var name in shared) { api[name] = shared[name]; }
  window.courseXapi = api;
})();
