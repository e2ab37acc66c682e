/* search-ui.js: the search page. Results as the learner types, the query kept in the address
   (?q=, so a search can be linked and Back returns to it), the index's shards loaded with
   <script> elements (they work from file://, where fetch() does not), a snippet around the
   first match with the matches in <mark>, built as DOM nodes (never as HTML from the index).
   Arrow keys move from the box through the results; Enter opens one. */
(function () {
  "use strict";

  var core = window.courseSearchCore;
  var box = document.querySelector(".search-page");
  if (!core || !box || !window.coursePage) { return; }
  var lang = box.getAttribute("data-lang");
  var base = box.getAttribute("data-index");
  var form = box.querySelector(".search-form");
  var input = box.querySelector("#search-q");
  var status = box.querySelector(".search-status");
  var list = box.querySelector(".search-results");
  var nojs = box.querySelector(".search-nojs");
  var PAGE = 20;  // results shown at once; "more" shows the next PAGE
  var data = window.courseSearchData = window.courseSearchData || {};
  var waiting = {};  // file key -> callbacks waiting for it
  var shown = { query: null, results: [], count: 0 };
  var say = window.coursePage.say;  // course.js runs first (both deferred, in order)
  if (nojs) { nojs.hidden = true; }

  function load(key, done, failed) {
    if (data[key]) { done(); return; }
    if (waiting[key]) { waiting[key].push([done, failed]); return; }
    waiting[key] = [[done, failed]];
    var script = document.createElement("script");
    script.src = base + key + ".js";
    script.onload = script.onerror = function () {
      var callbacks = waiting[key];
      delete waiting[key];
      callbacks.forEach(function (c) { (data[key] ? c[0] : c[1])(); });
    };
    document.head.appendChild(script);
  }

  function loadAll(keys, done, failed) {
    var left = keys.length, broken = false;
    if (!left) { done(); return; }
    keys.forEach(function (key) {
      load(key, function () { if (--left === 0 && !broken) { done(); } },
           function () { if (!broken) { broken = true; failed(); } });
    });
  }

  function unique(list) {
    var seen = {};
    return list.filter(function (x) { if (seen[x]) { return false; } seen[x] = true; return true; });
  }

  var latest = 0;
  function search(query) {
    var ticket = ++latest;
    query = query.replace(/^\s+|\s+$/g, "");
    if (query === shown.query) { return; }
    if (!query) { show(query, [], 0); return; }
    function failed() { if (ticket === latest) { status.textContent = say("search_failed"); } }
    load(lang, function () {
      var head = data[lang];
      var terms = core.queryTerms(query);
      var shards = unique(terms.map(function (t) { return lang + "-t" + core.termShard(t, head.tk); }));
      loadAll(shards, function () {
        if (ticket !== latest) { return; }
        var postings = {};
        terms.forEach(function (t) {
          var shard = data[lang + "-t" + core.termShard(t, head.tk)];
          if (Object.prototype.hasOwnProperty.call(shard, t)) { postings[t] = shard[t]; }
        });
        var results = core.rank(head, postings, terms);
        show(query, results, PAGE);
      }, failed);
    }, failed);
  }

  function show(query, results, count, focusAt) {
    var head = data[lang];
    var texts = unique(results.slice(0, count).map(function (d) { return lang + "-x" + Math.floor(d / head.xk); }));
    var ticket = latest;
    loadAll(texts, function () {
      if (ticket !== latest) { return; }
      shown = { query: query, results: results, count: count };
      render(query, results.slice(0, count), results.length);
      // after "more", the first new result takes the focus, so the keyboard goes on where it was
      if (focusAt !== undefined && hits()[focusAt]) { hits()[focusAt].focus(); }
    }, function () { status.textContent = say("search_failed"); });
  }

  function render(query, results, total) {
    var head = data[lang];
    var ranges = matcher(query);
    while (list.firstChild) { list.removeChild(list.firstChild); }
    results.forEach(function (d) {
      var shard = data[lang + "-x" + Math.floor(d / head.xk)];
      var doc = shard.d[d % head.xk], text = doc[2];
      var page = null;
      for (var i = 0; i < shard.p.length; i++) { if (shard.p[i][0] === head.dp[d]) { page = shard.p[i].slice(1); } }
      var li = document.createElement("li");
      var crumb = document.createElement("p");
      crumb.className = "search-crumb";
      crumb.textContent = page[2];
      var link = document.createElement("a");
      link.href = page[0] + (doc[0] ? "#" + encodeURIComponent(doc[0]) : "");
      link.className = "search-hit";
      var title = document.createElement("span");
      title.className = "search-title";
      marked(title, page[1], ranges(page[1]));
      link.appendChild(title);
      if (doc[1] && doc[1] !== page[1]) {
        var heading = document.createElement("span");
        heading.className = "search-heading";
        marked(heading, doc[1], ranges(doc[1]));
        link.appendChild(document.createTextNode(" › "));
        link.appendChild(heading);
      }
      li.appendChild(crumb);
      var h = document.createElement("h2");
      h.appendChild(link);
      li.appendChild(h);
      if (text) {
        var snippet = document.createElement("p");
        snippet.className = "search-snippet";
        excerpt(snippet, text, ranges(text));
        li.appendChild(snippet);
      }
      list.appendChild(li);
    });
    if (total > results.length) {
      var more = document.createElement("li");
      more.className = "search-more";
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = say("search_more", { n: Math.min(PAGE, total - results.length) });
      button.addEventListener("click", function () {
        show(query, shown.results, shown.count + PAGE, results.length);
      });
      more.appendChild(button);
      list.appendChild(more);
    }
    list.hidden = !results.length;
    status.textContent = !query ? "" : total ? say("search_found", { n: total, q: query }) : say("search_none", { q: query });
  }

  function matcher(query) {
    // text -> [[start, end]] of the places in text that the query's terms match
    var stems = {}, cjk = [];
    core.runs(query).forEach(function (run) {
      if (run[0]) { cjk.push(run[1]); } else { stems[core.stem(run[1])] = true; }
    });
    var word = new RegExp("[0-9A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]+", "g");
    return function (text) {
      var found = [], m;
      word.lastIndex = 0;
      while ((m = word.exec(text)) !== null) {
        if (stems[core.stem(core.normalise(m[0]))]) { found.push([m.index, m.index + m[0].length]); }
      }
      var plain = core.normalise(text);
      var same = plain.length === text.length;  // NFKC kept the offsets: search the normalised text
      var hay = same ? plain : text;
      cjk.forEach(function (run) {
        var parts = occurrences(hay, run).length || run.length < 2 ? [run] : [];
        if (!parts.length) { for (var i = 0; i + 1 < run.length; i++) { parts.push(run.substr(i, 2)); } }
        parts.forEach(function (part) {
          occurrences(hay, part).forEach(function (at) { found.push([at, at + part.length]); });
        });
      });
      found.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
      var merged = [];
      found.forEach(function (r) {
        var last = merged[merged.length - 1];
        if (last && r[0] <= last[1]) { last[1] = Math.max(last[1], r[1]); } else { merged.push([r[0], r[1]]); }
      });
      return merged;
    };
  }

  function occurrences(text, part) {
    var at = [], i = text.indexOf(part);
    while (i !== -1) { at.push(i); i = text.indexOf(part, i + part.length); }
    return at;
  }

  function marked(element, text, ranges, from, to) {
    from = from || 0;
    to = to === undefined ? text.length : to;
    var at = from;
    ranges.forEach(function (r) {
      var start = Math.max(r[0], from), end = Math.min(r[1], to);
      if (end <= start) { return; }
      if (start > at) { element.appendChild(document.createTextNode(text.slice(at, start))); }
      var mark = document.createElement("mark");
      mark.textContent = text.slice(start, end);
      element.appendChild(mark);
      at = end;
    });
    if (at < to) { element.appendChild(document.createTextNode(text.slice(at, to))); }
  }

  function excerpt(element, text, ranges) {
    var first = ranges.length ? ranges[0][0] : 0;
    // a line of Chinese holds about twice the meaning of one of English: half the characters
    var wide = new RegExp("[" + core.CJK + "]").test(text.substr(first, 12));
    var SPAN = wide ? 120 : 220, BEFORE = wide ? 40 : 70;
    var start = Math.max(0, first - BEFORE);
    if (start > 0) {
      var space = text.lastIndexOf(" ", first);
      if (space > start - 20 && space < first) { start = space + 1; }
    }
    var end = Math.min(text.length, start + SPAN);
    if (end < text.length) {
      var cut = text.lastIndexOf(" ", end);
      if (cut > first + 40) { end = cut; }
    }
    if (start > 0) { element.appendChild(document.createTextNode("…")); }
    marked(element, text, ranges, start, end);
    if (end < text.length) { element.appendChild(document.createTextNode("…")); }
  }

  function hits() { return Array.prototype.slice.call(list.querySelectorAll("a.search-hit, .search-more button")); }

  function address(query) {
    return location.pathname.split("/").pop() + (query ? "?q=" + encodeURIComponent(query) : "");
  }

  function remember(query, push) {
    if (!window.history || !history.replaceState) { return; }
    try {
      if (push) { history.pushState({ q: query }, "", address(query)); }
      else { history.replaceState({ q: query }, "", address(query)); }
    } catch (e) { /* an address the browser will not rewrite (some file:// cases): the search still works */ }
  }

  function fromAddress() {
    var m = /[?&]q=([^&#]*)/.exec(location.search);
    if (!m) { return ""; }
    try { return decodeURIComponent(m[1].replace(/\+/g, " ")); } catch (e) { return ""; }
  }

  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { remember(input.value.replace(/^\s+|\s+$/g, ""), false); search(input.value); }, 120);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    var query = input.value.replace(/^\s+|\s+$/g, "");
    if (query !== fromAddress()) { remember(query, true); }
    search(input.value);
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown" || event.key === "Down") {
      var links = hits();
      if (links.length) { event.preventDefault(); links[0].focus(); }
    }
  });
  list.addEventListener("keydown", function (event) {
    var links = hits(), at = links.indexOf(document.activeElement);
    if (at === -1) { return; }
    if (event.key === "ArrowDown" || event.key === "Down") {
      event.preventDefault();
      if (at + 1 < links.length) { links[at + 1].focus(); }
    } else if (event.key === "ArrowUp" || event.key === "Up") {
      event.preventDefault();
      if (at > 0) { links[at - 1].focus(); } else { input.focus(); }
    }
  });
  window.addEventListener("popstate", function () {
    input.value = fromAddress();
    search(input.value);
  });

  var initial = fromAddress();
  if (initial) { input.value = initial; search(initial); }
})();
