/* store.js: a learner's progress, kept in localStorage under the course id. What is read back
   is checked part by part, so one bad part never stops later scores and visits from being
   saved; when the browser will not store anything, progress lives in memory and course.js
   says so. Loaded before course.js, which reads window.courseStore. */
(function () {
  "use strict";

  var VERSION = 1;  // the entry's format; a newer one is another script's and is left alone
  var PAGE = /^[\w-]+(\/[\w-]+)?\.html$/;  // a page address, as course.js records it
  var DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
  // A note's key: "quiz-id/question-id" (a reflection answer) or "module/lesson#note-id" (a note
  // in a lesson): stable ids, so a course update keeps the notes whose places still exist.
  var NOTE_KEY = /^[\w.-]{1,100}(\/[\w.-]{1,100}(#[\w-]{1,64})?)$/;
  var NOTE_MAX = 50000;  // characters of one note: more is cut, not lost whole

  function isPlain(value) { return value !== null && typeof value === "object" && !Array.isArray(value); }
  function has(object, key) { return Object.prototype.hasOwnProperty.call(object, key); }
  function keys(object) {
    // JSON.parse makes "__proto__" an own key; copying it by assignment would replace a prototype
    return Object.keys(object).filter(function (key) { return key !== "__proto__"; });
  }
  function inRange(value, low, high) {
    return typeof value === "number" && isFinite(value) && value >= low && value <= high;
  }

  function isDay(text) {
    var m = typeof text === "string" && DAY.exec(text);
    if (!m) { return false; }
    var date = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
    return date.getUTCFullYear() === +m[1] && date.getUTCMonth() === +m[2] - 1 && date.getUTCDate() === +m[3];
  }

  // One quiz's record, {best, last, passed, attempts, passedOn (the day first passed, "YYYY-MM-DD"),
  // results: {question id: 0..1}}: the best score is what everything else hangs on, so without a
  // valid one the record goes; any other bad part is dropped on its own.
  function cleanQuiz(rec) {
    if (!isPlain(rec) || !inRange(rec.best, 0, 100)) { return null; }
    var out = {};
    keys(rec).forEach(function (key) { out[key] = rec[key]; });  // parts a later v1 script may add
    out.passed = rec.passed === true;
    if (!inRange(rec.last, 0, 100)) { delete out.last; }
    // attempts and passedOn (the learner's day it was first passed) came later: a record without
    // them had at least one attempt; its pass day is settled in clean(), which sees the old entry's
    out.attempts = typeof rec.attempts === "number" && rec.attempts >= 1 && rec.attempts % 1 === 0 ? rec.attempts : 1;
    if (!out.passed || !isDay(rec.passedOn)) { delete out.passedOn; }
    out.results = {};
    if (isPlain(rec.results)) {
      keys(rec.results).forEach(function (qid) {
        if (inRange(rec.results[qid], 0, 1)) { out.results[qid] = rec.results[qid]; }
      });
    }
    return out;
  }

  // The whole entry, repaired: always {v, quizzes: {id: record}, visited: {url: 1}, notes: {key:
  // {text, at (ms since 1970)}}}, and the
  // optional parts only when they have the shape the pages read.
  function clean(data) {
    var out = { v: VERSION, quizzes: {}, visited: {}, notes: {} };
    if (!isPlain(data)) { return out; }
    keys(data).forEach(function (key) {
      if (!has(out, key)) { out[key] = data[key]; }
    });
    if (isPlain(data.quizzes)) {
      keys(data.quizzes).forEach(function (id) {
        var rec = cleanQuiz(data.quizzes[id]);
        if (rec) { out.quizzes[id] = rec; }
      });
    }
    // An entry from before each quiz kept its pass day has one day, the day the certificate was
    // first shown: the best there is for its passed quizzes; without it, today (first seen passed).
    keys(out.quizzes).forEach(function (id) {
      var rec = out.quizzes[id];
      if (rec.passed && !rec.passedOn) { rec.passedOn = isDay(data.passedOn) ? data.passedOn : today(); }
    });
    if (isPlain(data.visited)) {
      keys(data.visited).forEach(function (url) {
        if (data.visited[url] === 1 || data.visited[url] === true) { out.visited[url] = 1; }
      });
    }
    out.notes = {};
    if (isPlain(data.notes)) {
      keys(data.notes).forEach(function (key) {
        var note = data.notes[key];
        if (NOTE_KEY.test(key) && isPlain(note) && typeof note.text === "string" && note.text &&
            inRange(note.at, 0, 8.64e15)) {
          out.notes[key] = { text: note.text.slice(0, NOTE_MAX), at: note.at };
        }
      });
    }
    if (!(typeof data.last === "string" && PAGE.test(data.last))) { delete out.last; }
    if (!(typeof data.lang === "string" && /^[A-Za-z0-9-]{1,35}$/.test(data.lang))) { delete out.lang; }
    if (typeof data.name !== "string") { delete out.name; }
    if (typeof data.organisation !== "string") { delete out.organisation; }
    if (!isDay(data.passedOn)) { delete out.passedOn; }
    return out;
  }

  function copy(data) { return JSON.parse(JSON.stringify(data)); }

  // problem: null while localStorage keeps the progress; "unavailable" when the browser refuses
  // to read or write it (storage full, turned off); "newer" when the entry is of a format this
  // script does not know. In both, progress is kept in memory for this page only.
  function Store(key) {
    this.key = key;
    this.problem = null;
    this.memory = null;
    this.onProblem = function () {};
  }

  Store.prototype.fallBack = function (problem, data) {
    this.memory = copy(data);
    if (!this.problem) {
      this.problem = problem;
      this.onProblem(problem);
    }
  };

  Store.prototype.load = function () {
    if (this.problem) { return copy(this.memory); }
    var raw = null;
    try {
      raw = window.localStorage.getItem(this.key);
    } catch (e) {  // access denied: cookies and site data blocked
      this.fallBack("unavailable", clean(null));
      return copy(this.memory);
    }
    var data = null;
    try { data = JSON.parse(raw); } catch (e) { data = null; }  // not JSON: start again
    if (isPlain(data) && typeof data.v === "number" && data.v > VERSION) {
      this.fallBack("newer", clean(null));
      return copy(this.memory);
    }
    return clean(data && data.v === VERSION ? data : null);
  };

  Store.prototype.save = function (data) {
    data = clean(data);  // a caller's mistake must not store a shape the next page drops
    if (this.problem) { this.memory = data; return; }
    try {
      window.localStorage.setItem(this.key, JSON.stringify(data));
    } catch (e) {  // QuotaExceededError, or storage turned off after the page opened
      this.fallBack("unavailable", data);
    }
  };

  // ---- notes: what the learner writes, by a stable key ----
  Store.prototype.note = function (key) {
    var data = this.load();
    return has(data.notes, key) ? data.notes[key].text : "";
  };

  Store.prototype.setNote = function (key, text) {
    var data = this.load();
    if (text) { data.notes[key] = { text: String(text).slice(0, NOTE_MAX), at: Date.now() }; } else { delete data.notes[key]; }
    this.save(data);
  };

  // ---- days (the certificate's pass date) ----
  function today() {  // the learner's own day, not UTC's
    var now = new Date();
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return now.getFullYear() + "-" + two(now.getMonth() + 1) + "-" + two(now.getDate());
  }

  // "2024-05-01" in the page's language, never "Invalid Date": a day that is not one is shown as
  // written. The build gives the language's long date pattern and month names from Babel's CLDR
  // data ({pattern: "MMMM d, y", months: [...]}), so every browser writes the same date.
  var DATE_FIELD = /'(?:[^']|'')*'|y+|M+|d+|[^'yMd]+/g;
  function formatDay(day, format) {
    if (!isDay(day)) { return String(day); }
    var m = DAY.exec(day);
    if (!isPlain(format) || typeof format.pattern !== "string") { return day; }
    var year = +m[1], month = +m[2], date = +m[3], months = format.months || [];
    return format.pattern.replace(DATE_FIELD, function (field) {
      var c = field.charAt(0), width = field.length;
      if (c === "'") { return field.length > 2 ? field.slice(1, -1).replace(/''/g, "'") : "'"; }
      if (c === "y") { return width === 2 ? String(year % 100 + 100).slice(1) : String(year); }
      if (c === "M") {
        if (width >= 3 && months[month - 1]) { return months[month - 1]; }
        return width === 2 && month < 10 ? "0" + month : String(month);
      }
      if (c === "d") { return width === 2 && date < 10 ? "0" + date : String(date); }
      return field;
    });
  }

  // A quiz's record after an attempt scored pct (whole percent) and passed or not: the best score
  // kept, the last one beside it, attempts counted, the day it was first passed kept.
  function recordAttempt(rec, pct, passed, day) {
    rec = isPlain(rec) ? cleanQuiz(rec) : null;
    if (!rec) { rec = { best: pct, passed: false, results: {}, attempts: 0 }; }
    rec.best = Math.max(rec.best, pct);
    rec.last = pct;
    rec.attempts = (rec.attempts || 0) + 1;
    if (passed && !rec.passed) { rec.passedOn = isDay(day) ? day : today(); }
    rec.passed = rec.passed || passed;
    return rec;
  }

  // The best score of every quiz tried: {quiz id: percent}.
  function bestScores(data) {
    var best = {};
    keys(data.quizzes || {}).forEach(function (id) { best[id] = data.quizzes[id].best; });
    return best;
  }

  window.courseStore = {
    VERSION: VERSION,
    NOTE_KEY: NOTE_KEY,
    NOTE_MAX: NOTE_MAX,
    clean: clean,
    isPlain: isPlain,
    isDay: isDay,
    recordAttempt: recordAttempt,
    bestScores: bestScores,
    today: today,
    formatDay: formatDay,
    open: function (key) { return new Store(key); }
  };
})();
