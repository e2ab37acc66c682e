/* transfer.js: the "Your progress" page: export everything this course keeps in this browser to
   one file, import such a file (checked whole before anything is changed), reset.

   The file: {"format": "course-progress", "version": 1, "course": the course id, "exported": an
   ISO date, "storage": {localStorage key: its value}} with every key of the course's namespace
   ("course:ID" and any "course:ID:..."), so what later scripts store there travels too.
   Importing merges, by stable id, only what this build of the course still has (the ids the
   build wrote into the page, #learner-progress-ids): per quiz the better best score (a quiz
   passed in either stays passed; each question's better result), per note the newer text, pages
   read in either; any other part is taken only where this browser has none. Loaded by the
   progress page only (assets/learner.js), after the page's own script. */
(function () {
  "use strict";

  var page = window.coursePage, courseStore = window.courseStore;
  var isPlain = courseStore.isPlain;
  var FORMAT = "course-progress";
  var VERSION = 1;
  var MAX_KB = 2048;  // a file larger than this is no progress file (a note is at most 50,000 characters)
  var FORBIDDEN = ["__proto__", "constructor", "prototype"];  // (an object literal's "__proto__" is no key)

  // The course's namespace: its entry, and any key of its own beside it ("course:ID:...").
  function namespace(store) {
    var found = [];
    try {
      for (var i = 0; i < window.localStorage.length; i++) {
        var name = window.localStorage.key(i);
        if (name === store.key || name.indexOf(store.key + ":") === 0) { found.push(name); }
      }
    } catch (e) { /* storage refused: nothing of it to list */ }
    return found.sort();
  }

  function readRaw(name) {
    try { return window.localStorage.getItem(name); } catch (e) { return null; }
  }

  function writeRaw(name, text) {
    try { window.localStorage.setItem(name, text); return true; } catch (e) { return false; }
  }

  // What the xAPI tracker keeps of a learner of this course: the name, email and organisation given
  // in its form, and what was sent once. Statements still waiting to be sent stay: they are results
  // already made, which the LRS gets when the browser is online again.
  function trackerKeys(courseId) {
    return ["course:xapi-learner:" + courseId, "course:xapi-sent:" + courseId];
  }

  // Everything of this course in this browser gone (its entry, its other keys and who the learner is).
  function clear(store, courseId) {
    namespace(store).concat(trackerKeys(courseId)).forEach(function (name) {
      try { window.localStorage.removeItem(name); } catch (e) { /* refused: nothing was stored */ }
    });
    if (store.problem) { store.memory = courseStore.clean(null); }
  }

  function download(name, text, type) {
    var url = window.URL.createObjectURL(new Blob([text], { type: type }));
    var a = document.createElement("a");
    a.href = url;
    a.download = name;
    a.hidden = true;
    document.body.appendChild(a);
    a.click();
    document.body.removeChild(a);
    window.setTimeout(function () { window.URL.revokeObjectURL(url); }, 1000);
  }

  function has(object, key) { return Object.prototype.hasOwnProperty.call(object, key); }

  function Refused(why, values) { this.why = why; this.values = values || {}; }

  function inRange(value, low, high) { return typeof value === "number" && isFinite(value) && value >= low && value <= high; }

  // A key that could reach an object's prototype, anywhere in the file, or nesting too deep: refused.
  function walk(value, depth) {
    if (depth > 12) { throw new Refused("bad_shape", { what: "nested too deeply" }); }
    if (value !== null && typeof value === "object") {
      Object.keys(value).forEach(function (key) {
        if (FORBIDDEN.indexOf(key) >= 0) { throw new Refused("bad_shape", { what: "a key named " + key }); }
        walk(value[key], depth + 1);
      });
    }
  }

  function shape(ok, what) { if (!ok) { throw new Refused("bad_shape", { what: what }); } }

  // The course's entry as the file holds it, checked strictly: a wrong type is refused, not repaired.
  function checkEntry(entry) {
    shape(isPlain(entry), "no progress of this course in it");
    shape(entry.v === courseStore.VERSION || entry.v === undefined, "progress of another format (v " + entry.v + ")");
    if (entry.quizzes !== undefined) {
      shape(isPlain(entry.quizzes), "quizzes");
      Object.keys(entry.quizzes).forEach(function (id) {
        var rec = entry.quizzes[id];
        shape(isPlain(rec) && inRange(rec.best, 0, 100), "quiz " + id + ": best score");
        shape(rec.passed === undefined || typeof rec.passed === "boolean", "quiz " + id + ": passed");
        shape(rec.last === undefined || inRange(rec.last, 0, 100), "quiz " + id + ": last score");
        shape(rec.results === undefined || isPlain(rec.results), "quiz " + id + ": results");
        Object.keys(rec.results || {}).forEach(function (qid) {
          shape(inRange(rec.results[qid], 0, 1), "quiz " + id + ", question " + qid);
        });
      });
    }
    if (entry.notes !== undefined) {
      shape(isPlain(entry.notes), "notes");
      Object.keys(entry.notes).forEach(function (key) {
        var note = entry.notes[key];
        shape(courseStore.NOTE_KEY.test(key), "note " + key.slice(0, 80));
        shape(isPlain(note) && typeof note.text === "string" && note.text.length <= courseStore.NOTE_MAX &&
          inRange(note.at, 0, 8.64e15), "note " + key);
      });
    }
    if (entry.visited !== undefined) {
      shape(isPlain(entry.visited), "pages read");
      Object.keys(entry.visited).forEach(function (url) {
        shape(entry.visited[url] === 1 || entry.visited[url] === true, "pages read: " + url.slice(0, 80));
      });
    }
    shape(entry.name === undefined || (typeof entry.name === "string" && entry.name.length <= 500), "name");
  }

  // The file's text -> {storage, entry}, or throws Refused. ids: what the build wrote.
  function read(text, ids) {
    var file;
    try { file = JSON.parse(text); } catch (e) { throw new Refused("bad_json"); }
    if (!isPlain(file) || file.format !== FORMAT) { throw new Refused("bad_marker"); }
    walk(file, 0);
    if (file.course !== ids.course) { throw new Refused("bad_course", { course: String(file.course).slice(0, 80) }); }
    if (file.version !== VERSION) {
      throw new Refused("bad_version", { version: String(file.version).slice(0, 20), supported: VERSION });
    }
    shape(isPlain(file.storage), "storage");
    var prefix = page.store.key;
    Object.keys(file.storage).forEach(function (name) {
      shape(name === prefix || name.indexOf(prefix + ":") === 0, "a key of another course: " + name.slice(0, 80));
    });
    var entry = file.storage[prefix];
    checkEntry(entry);
    return { storage: file.storage, entry: entry };
  }

  // Merges incoming into local (both entries), keeping only what ids still name. -> counts, skipped.
  function merge(local, incoming, ids) {
    var counts = { quizzes: 0, notes: 0, pages: 0 }, skipped = [];
    var notes = {}, pages = {};
    ids.notes.forEach(function (key) { notes[key] = 1; });
    ids.pages.forEach(function (url) { pages[url] = 1; });
    Object.keys(incoming.quizzes || {}).forEach(function (id) {
      if (!has(ids.quizzes, id)) { skipped.push(id); return; }
      var theirs = JSON.parse(JSON.stringify(incoming.quizzes[id]));
      var questions = ids.quizzes[id];
      var results = {};
      Object.keys(theirs.results || {}).forEach(function (qid) {
        if (questions.indexOf(qid) >= 0) { results[qid] = theirs.results[qid]; } else { skipped.push(id + "/" + qid); }
      });
      theirs.results = results;
      theirs.passed = theirs.passed === true;
      var ours = has(local.quizzes, id) ? local.quizzes[id] : null;
      var better = !ours || theirs.best > ours.best;
      var kept = better ? theirs : ours, other = better ? ours : theirs;
      if (other) {
        var passed = kept.passed || other.passed;
        var changed = better || passed !== kept.passed;
        kept.passed = passed;
        Object.keys(other.results || {}).forEach(function (qid) {
          if (!has(kept.results, qid) || other.results[qid] > kept.results[qid]) {
            kept.results[qid] = other.results[qid];
            changed = changed || other === theirs;
          }
        });
        if (changed) { counts.quizzes++; }
      } else {
        counts.quizzes++;
      }
      local.quizzes[id] = kept;
    });
    Object.keys(incoming.notes || {}).forEach(function (key) {
      if (!has(notes, key)) { skipped.push(key); return; }
      var theirs = incoming.notes[key];
      if (!theirs.text) { return; }
      if (!has(local.notes, key) || theirs.at > local.notes[key].at) {
        local.notes[key] = { text: theirs.text, at: theirs.at };
        counts.notes++;
      }
    });
    Object.keys(incoming.visited || {}).forEach(function (url) {
      if (!has(pages, url)) { return; }  // a page gone from the course: nothing to show it on
      if (!local.visited[url]) { local.visited[url] = 1; counts.pages++; }
    });
    Object.keys(incoming).forEach(function (key) {  // the learner's name, and what later scripts add
      if (!has(local, key) && ["v", "quizzes", "notes", "visited"].indexOf(key) < 0) { local[key] = incoming[key]; }
    });
    return { counts: counts, skipped: skipped };
  }

  function start() {
    var section = document.querySelector(".learner-progress");
    var idsScript = document.getElementById("learner-progress-ids");
    if (!section || !idsScript) { return; }
    var ids = JSON.parse(idsScript.textContent);
    var words = ids.say;
    function say(key, values) {
      var text = has(words, "progress_" + key) ? words["progress_" + key] : key;
      Object.keys(values || {}).forEach(function (name) { text = text.split("{" + name + "}").join(String(values[name])); });
      return text;
    }
    var message = section.querySelector(".learner-progress-message");
    function tell(text, kind) {
      message.textContent = text;  // as text: nothing from a file is ever read as HTML
      message.className = "learner-progress-message" + (kind ? " is-" + kind : "");
      message.focus();
    }
    section.hidden = false;

    section.querySelector(".learner-export").addEventListener("click", function () {
      var storage = {};
      storage[page.store.key] = page.store.load();
      namespace(page.store).forEach(function (name) {
        if (name === page.store.key) { return; }
        var raw = readRaw(name), value = raw;
        try { value = JSON.parse(raw); } catch (e) { value = raw; }
        storage[name] = value;
      });
      var file = { format: FORMAT, version: VERSION, course: ids.course, exported: new Date().toISOString(), storage: storage };
      var name = ids.course + "-progress-" + courseStore.today() + ".json";
      download(name, JSON.stringify(file, null, 1) + "\n", "application/json");
      tell(say("exported", { file: name }), "done");
    });

    var input = section.querySelector(".learner-import");
    input.addEventListener("change", function () {
      var chosen = input.files && input.files[0];
      if (!chosen) { return; }
      function refuse(why, values) { tell(say("refused", { why: say(why, values) }), "refused"); input.value = ""; }
      if (chosen.size > MAX_KB * 1024) { refuse("bad_size", { kb: MAX_KB }); return; }
      var reader = new FileReader();
      reader.onerror = function () { refuse("bad_json"); };
      reader.onload = function () {
        var file;
        try {
          file = read(String(reader.result).replace(/^\ufeff/, ""), ids);  // an editor's byte-order mark
        } catch (e) {
          if (e instanceof Refused) { refuse(e.why, e.values); return; }
          throw e;
        }
        if (page.store.problem) { refuse("store_off"); return; }
        var local = page.store.load();
        var result = merge(local, file.entry, ids);
        page.store.save(local);
        Object.keys(file.storage).forEach(function (name) {  // other keys of the course: only where none is here
          if (name !== page.store.key && readRaw(name) === null) {
            var value = file.storage[name];
            writeRaw(name, typeof value === "string" ? value : JSON.stringify(value));
          }
        });
        var text = say("imported", result.counts);
        if (result.skipped.length) {
          var list = result.skipped.slice(0, 10).join(", ") + (result.skipped.length > 10 ? " …" : "");
          text += " " + say("skipped", { items: list });
        }
        tell(text, "done");
        input.value = "";
        window.courseProgress.showStatus();
      };
      reader.readAsText(chosen);
    });

    section.querySelector(".learner-reset").addEventListener("click", function () {
      if (!window.confirm(say("reset_confirm"))) { return; }
      clear(page.store, page.courseId);
      tell(say("reset_done"), "done");
    });
  }

  window.courseTransfer = { read: read, merge: merge, start: start, download: download, FORMAT: FORMAT, VERSION: VERSION };
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
