/* Transformer Dojo site: theme, tabs, copy buttons, hints, progress, index filters, math fitting.
   Plain script, no dependencies. In the static build, solved marks and opened hints live in
   localStorage (so it works from file:// too); under `dojo serve` (body[data-serve]) progress
   comes from the learner's real grades through the local API. */
(function () {
  "use strict";

  var SOLVED_KEY = "dojo-solved";
  var THEME_KEY = "dojo-theme";
  var HINTS_KEY = "dojo-hints";
  var SERVE = document.body.hasAttribute("data-serve");

  function store(key, value) {
    try {
      if (value === undefined) return localStorage.getItem(key);
      if (value === null) localStorage.removeItem(key); else localStorage.setItem(key, value);
    } catch (e) { /* storage disabled: the page still works, it just forgets */ }
    return null;
  }

  function readJSON(key, fallback) {
    try { var v = JSON.parse(store(key) || "null"); return v === null ? fallback : v; } catch (e) { return fallback; }
  }

  function solvedSet() { var list = readJSON(SOLVED_KEY, []); return new Set(Array.isArray(list) ? list : []); }

  function setSolved(slug, on) {
    var s = solvedSet();
    if (on) s.add(slug); else s.delete(slug);
    store(SOLVED_KEY, JSON.stringify(Array.from(s).sort()));
  }

  function $all(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }

  /* The local API of `dojo serve`: same origin, the session cookie rides along; JSON both ways. */
  function api(method, path, body) {
    var init = { method: method, credentials: "same-origin", headers: { "Accept": "application/json" } };
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    return fetch(document.body.getAttribute("data-root") + "api/" + path, init).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (data) {
        if (!r.ok) {
          var err = new Error(data.error || ("HTTP " + r.status));
          err.status = r.status;
          err.data = data;
          throw err;
        }
        return data;
      });
    });
  }

  /* ------------------------------------------------------------ theme: the OS decides until the learner chooses */
  function effectiveTheme() {
    var chosen = document.documentElement.getAttribute("data-theme");
    if (chosen === "light" || chosen === "dark") return chosen;
    return window.matchMedia && window.matchMedia("(prefers-color-scheme: light)").matches ? "light" : "dark";
  }

  function initTheme() {
    var btn = document.querySelector("[data-theme-toggle]");
    if (!btn) return;
    function label() {
      var dark = effectiveTheme() === "dark";
      btn.setAttribute("aria-label", dark ? "Switch to light theme" : "Switch to dark theme");
      btn.title = btn.getAttribute("aria-label");
    }
    label();
    if (window.matchMedia) {
      var mq = window.matchMedia("(prefers-color-scheme: light)");
      if (mq.addEventListener) mq.addEventListener("change", label);
    }
    btn.addEventListener("click", function () {
      var next = effectiveTheme() === "light" ? "dark" : "light";
      document.documentElement.setAttribute("data-theme", next);
      store(THEME_KEY, next);
      label();
    });
  }

  /* ------------------------------------------------------------ tabs (WAI-ARIA tabs pattern) */
  function selectTab(tab, focus) {
    var list = tab.closest('[role="tablist"]');
    $all('[role="tab"]', list).forEach(function (t) {
      var on = t === tab;
      t.setAttribute("aria-selected", on ? "true" : "false");
      t.tabIndex = on ? 0 : -1;
      var panel = document.getElementById(t.getAttribute("aria-controls"));
      if (panel) panel.hidden = !on;
    });
    if (focus) tab.focus();
  }

  function initTabs() {
    $all('[role="tablist"]').forEach(function (list) {
      var tabs = $all('[role="tab"]', list);
      tabs.forEach(function (tab, i) {
        tab.addEventListener("click", function () { selectTab(tab, false); });
        tab.addEventListener("keydown", function (ev) {
          var j = null;
          if (ev.key === "ArrowRight") j = (i + 1) % tabs.length;
          else if (ev.key === "ArrowLeft") j = (i - 1 + tabs.length) % tabs.length;
          else if (ev.key === "Home") j = 0;
          else if (ev.key === "End") j = tabs.length - 1;
          if (j !== null) { ev.preventDefault(); selectTab(tabs[j], true); }
        });
      });
    });
  }

  /* ------------------------------------------------------------ copy buttons */
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return legacyCopy(text); });
    }
    return legacyCopy(text);
  }

  function legacyCopy(text) {
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      document.body.removeChild(area);
      if (ok) resolve(); else reject(new Error("copy failed"));
    });
  }

  function initCopy() {
    $all("[data-copy]").forEach(function (btn) {
      var label = btn.querySelector("span");
      btn.addEventListener("click", function () {
        var src = document.getElementById(btn.getAttribute("data-copy"));
        if (!src) return;
        var text = JSON.parse(src.textContent);
        copyText(text).then(function () {
          btn.classList.add("copied");
          if (label) label.textContent = "Copied";
          setTimeout(function () { btn.classList.remove("copied"); if (label) label.textContent = "Copy"; }, 1600);
        }, function () {
          if (label) label.textContent = "Select and copy";
        });
      });
    });
  }

  /* ------------------------------------------------------------ hints: one at a time, never hidden again */
  function initHints() {
    var hints = $all("[data-hint]");
    var split = document.querySelector(".split[data-slug]");
    if (!hints.length || !split) return;
    var slug = split.getAttribute("data-slug");
    var revealed = 1; // how many hints are offered: the first, then one more each time the last one is opened
    function stored() { var all = readJSON(HINTS_KEY, {}); return (all && typeof all[slug] === "number") ? all[slug] : 0; }
    function remember(n) {
      if (SERVE) { api("POST", "hints/" + slug, { seen: n }).catch(function () {}); return; }
      var all = readJSON(HINTS_KEY, {});
      if (!all || typeof all !== "object") all = {};
      all[slug] = Math.max(all[slug] || 0, n);
      store(HINTS_KEY, JSON.stringify(all));
    }
    function render() {
      hints.forEach(function (h, i) { h.parentElement.hidden = i >= revealed; });
    }
    hints.forEach(function (h, i) {
      h.addEventListener("toggle", function () {
        if (!h.open) return; // closing a hint hides nothing: what was offered stays offered
        if (i + 2 > revealed) {
          revealed = Math.min(hints.length, i + 2);
          remember(i + 1);
          render();
        }
      });
    });
    revealed = Math.min(hints.length, stored() + 1);
    render();
    if (SERVE) {
      api("GET", "hints/" + slug).then(function (data) {
        revealed = Math.max(revealed, Math.min(hints.length, (data.seen || 0) + 1));
        render();
      }).catch(function () {});
    }
  }

  /* ------------------------------------------------------------ progress: self-declared marks (static) or grades (serve) */
  function initSolvedToggle() {
    var split = document.querySelector(".split[data-slug]");
    var btn = document.querySelector("[data-solved-toggle]");
    if (!split || !btn) return;
    var slug = split.getAttribute("data-slug");
    var text = btn.querySelector("[data-solved-text]");
    function render() {
      var on = solvedSet().has(slug);
      btn.setAttribute("aria-pressed", on ? "true" : "false");
      if (text) text.textContent = on ? "Solved" : "Mark as solved";
    }
    btn.addEventListener("click", function () {
      setSolved(slug, !solvedSet().has(slug));
      render();
    });
    render();
  }

  /* statuses: {slug: "passed" | "attempted" | "not started"} */
  function renderProgress(statuses) {
    var rows = $all(".row[data-slug]");
    var perTrack = {}, perDiff = { easy: 0, medium: 0, hard: 0 }, totals = {}, count = 0, attempted = 0;
    rows.forEach(function (row) {
      var slug = row.getAttribute("data-slug");
      var track = row.getAttribute("data-track");
      var status = statuses[slug] || "not started";
      var on = status === "passed";
      row.classList.toggle("solved", on);
      row.classList.toggle("attempted", status === "attempted");
      totals[track] = (totals[track] || 0) + 1;
      if (status === "attempted") attempted += 1;
      if (on) {
        count += 1;
        perTrack[track] = (perTrack[track] || 0) + 1;
        perDiff[row.getAttribute("data-difficulty")] += 1;
      }
    });
    $all("[data-solved-count]").forEach(function (el) { el.textContent = count; });
    $all("[data-attempted-note]").forEach(function (el) { el.textContent = attempted ? attempted + " attempted, not passing yet." : ""; });
    $all("[data-progress-bar]").forEach(function (bar) {
      var max = +bar.getAttribute("aria-valuemax") || 1;
      bar.setAttribute("aria-valuenow", count);
      bar.firstElementChild.style.width = (100 * count / max) + "%";
    });
    $all("[data-solved-diff]").forEach(function (el) { el.textContent = perDiff[el.getAttribute("data-solved-diff")] || 0; });
    $all("[data-track-solved]").forEach(function (el) { el.textContent = perTrack[el.getAttribute("data-track-solved")] || 0; });
    $all("[data-track-bar]").forEach(function (el) {
      var t = el.getAttribute("data-track-bar");
      el.style.width = (100 * (perTrack[t] || 0) / (totals[t] || 1)) + "%";
    });
  }

  function localStatuses() {
    var out = {};
    solvedSet().forEach(function (slug) { out[slug] = "passed"; });
    return out;
  }

  function loadProgress() {
    if (!SERVE) { renderProgress(localStatuses()); return; }
    if (!document.querySelector(".row[data-slug]")) return;
    api("GET", "progress").then(function (data) {
      var statuses = {};
      Object.keys(data.exercises || {}).forEach(function (slug) { statuses[slug] = data.exercises[slug].status; });
      renderProgress(statuses);
    }).catch(function () {});
  }

  /* ------------------------------------------------------------ index filters and search */
  function initFilters() {
    var input = document.querySelector("[data-search]");
    if (!input) return;
    var state = { track: "", difficulty: "", q: "" };
    var noMatch = document.querySelector("[data-no-match]");

    function apply() {
      var words = state.q.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      $all("[data-track-section]").forEach(function (section) {
        var slug = section.getAttribute("data-track-section");
        var trackOk = !state.track || state.track === slug;
        var visible = 0;
        $all(".row", section).forEach(function (row) {
          var hay = row.getAttribute("data-search");
          var ok = trackOk &&
            (!state.difficulty || row.getAttribute("data-difficulty") === state.difficulty) &&
            words.every(function (w) { return hay.indexOf(w) !== -1; });
          row.hidden = !ok;
          if (ok) visible += 1;
        });
        var filtering = words.length > 0 || state.difficulty;
        section.hidden = !trackOk || (filtering && visible === 0);
        shown += visible;
      });
      if (noMatch) noMatch.hidden = shown > 0 || !(words.length || state.difficulty);
    }

    function group(attr) {
      var buttons = $all("[" + attr + "]");
      buttons.forEach(function (btn) {
        btn.addEventListener("click", function () {
          buttons.forEach(function (b) { b.setAttribute("aria-pressed", b === btn ? "true" : "false"); });
          state[attr === "data-filter-track" ? "track" : "difficulty"] = btn.getAttribute(attr);
          apply();
        });
      });
    }
    group("data-filter-track");
    group("data-filter-difficulty");
    input.addEventListener("input", function () { state.q = input.value; apply(); });
    document.addEventListener("keydown", function (ev) {
      var active = document.activeElement;
      if (ev.key === "/" && active !== input && !/input|textarea|select/i.test(active.tagName) && !active.isContentEditable) {
        ev.preventDefault();
        input.focus();
      }
    });
    apply();
  }

  function initReset() {
    $all("[data-reset-progress]").forEach(function (btn) {
      var status = document.querySelector("[data-reset-status]");
      btn.addEventListener("click", function () {
        var n = solvedSet().size;
        if (!n) { if (status) status.textContent = "No solved marks to clear."; return; }
        if (!window.confirm("Clear your " + n + " solved mark" + (n === 1 ? "" : "s") + " in this browser? This cannot be undone.")) {
          if (status) status.textContent = "Kept your solved marks.";
          return;
        }
        store(SOLVED_KEY, null);
        if (status) status.textContent = "Solved marks cleared.";
      });
    });
  }

  /* ------------------------------------------------------------ layout: sticky bars and wide formulas */
  // Focused elements and anchors must land below whatever sticks to the top (scroll-padding-top).
  function measureSticky() {
    var total = 0;
    $all(".topbar, .filters").forEach(function (el) {
      var cs = getComputedStyle(el);
      if (cs.position === "sticky" && el.offsetParent !== null) total = Math.max(total, (parseFloat(cs.top) || 0) + el.offsetHeight);
    });
    document.documentElement.style.setProperty("--sticky-h", total + "px");
  }

  // A display equation wider than its box is first scaled down (to 70% at most); if still too wide,
  // it is broken into lines before its top-level relations (=, ≤, ≈, ...) or, failing those, its
  // top-level + and −, the later lines indented. Only then does it scroll inside its own box.
  var MIN_SCALE = 0.7;
  var MATHML = "http://www.w3.org/1998/Math/MathML";
  var RELATIONS = ["=", "≈", "≤", "≥", "<", ">", "≠", "∝", "≡", "→", "←", "⇒", "∈", ":="];
  var BINARY = ["+", "−", "-", "±"];
  var OPEN = ["(", "[", "{", "⟨", "⌊", "⌈"];
  var CLOSE = [")", "]", "}", "⟩", "⌋", "⌉"];

  function mathEl(tag) { return document.createElementNS(MATHML, tag); }

  function restore(m) {
    if (m._dojoOriginal) { m.replaceChild(m._dojoOriginal.cloneNode(true), m.firstElementChild); }
  }

  function breakLines(m, width) {
    var outer = m.firstElementChild, top = outer;
    while (top && top.tagName.toLowerCase() === "mrow" && top.children.length === 1 &&
           top.firstElementChild.tagName.toLowerCase() === "mrow") top = top.firstElementChild;
    if (!top || top.tagName.toLowerCase() !== "mrow" || top.children.length < 3) return;
    var kids = Array.prototype.slice.call(top.children);
    // Bracket depth of each child: a line may break inside \Big[ ... \Big] but preferably not inside (1 - x).
    var depth = [], d = 0;
    kids.forEach(function (k) {
      var t = k.tagName.toLowerCase() === "mo" ? k.textContent.trim() : "";
      if (CLOSE.indexOf(t) !== -1) d -= 1;
      depth.push(d);
      if (OPEN.indexOf(t) !== -1) d += 1;
    });
    // Relations at the outermost level and one level in (the ≤ inside a set's braces); + and −
    // at the outermost level only.
    function cuts(ops, levels) {
      var out = [];
      kids.forEach(function (k, i) {
        if (i > 0 && k.tagName.toLowerCase() === "mo" && ops.indexOf(k.textContent.trim()) !== -1) out.push(i);
      });
      if (!out.length) return out;
      var least = Math.min.apply(null, out.map(function (i) { return depth[i]; }));
      return out.filter(function (i) { return depth[i] < least + levels; });
    }
    var at = cuts(RELATIONS, 2);
    if (at.length < 2) at = at.concat(cuts(BINARY, 1).filter(function (i) { return !at.length || i > at[0]; }));
    at.sort(function (a, b) { return a - b; });
    if (!at.length) return;
    var widths = kids.map(function (k) { return k.getBoundingClientRect().width; });
    // Operators' spacing lies between the children's boxes: spread it over them.
    var spread = top.getBoundingClientRect().width / Math.max(1, widths.reduce(function (a, b) { return a + b; }, 0));
    widths = widths.map(function (w) { return w * spread; });
    var indent = 16;
    var lines = [[]], used = 0, next = 0;
    kids.forEach(function (k, i) {
      if (next < at.length && i === at[next]) {
        next += 1;
        var rest = widths.slice(i, next < at.length ? at[next] : kids.length).reduce(function (a, b) { return a + b; }, 0);
        if (used + rest > width - 4 && lines[lines.length - 1].length) { lines.push([]); used = indent; }
      }
      lines[lines.length - 1].push(k);
      used += widths[i];
    });
    if (lines.length < 2) return;
    m._dojoOriginal = m._dojoOriginal || outer.cloneNode(true);
    var table = mathEl("mtable");
    table.setAttribute("columnalign", "left");
    table.setAttribute("displaystyle", "true");
    lines.forEach(function (line, n) {
      var tr = mathEl("mtr"), td = mathEl("mtd"), row = mathEl("mrow");
      td.setAttribute("columnalign", "left");
      if (n) { var space = mathEl("mspace"); space.setAttribute("width", "1em"); row.appendChild(space); }
      line.forEach(function (k) { row.appendChild(k); });
      td.appendChild(row); tr.appendChild(td); table.appendChild(tr);
    });
    while (top.firstChild) top.removeChild(top.firstChild);
    top.appendChild(table);
  }

  function fitMath(block) {
    var width = block.clientWidth;
    if (!width) return;
    $all("math", block).forEach(function (m) {
      restore(m);
      m.style.fontSize = "";
      var natural = m.getBoundingClientRect().width;
      if (natural <= width) return;
      var scale = Math.max(MIN_SCALE, (width - 2) / natural);
      m.style.fontSize = (1.18 * scale).toFixed(3) + "em";
      if (m.getBoundingClientRect().width > width) breakLines(m, width);
    });
  }

  function initLayout() {
    measureSticky();
    var blocks = $all(".math.block");
    if (window.ResizeObserver) {
      var seen = new WeakMap();
      var ro = new ResizeObserver(function (entries) {
        entries.forEach(function (e) {
          var w = Math.round(e.contentRect.width);
          if (seen.get(e.target) !== w) { seen.set(e.target, w); fitMath(e.target); }
        });
        measureSticky();
      });
      blocks.forEach(function (b) { ro.observe(b); });
      $all(".topbar, .filters").forEach(function (el) { ro.observe(el); });
    } else {
      blocks.forEach(fitMath);
    }
    window.addEventListener("resize", measureSticky);
  }

  window.Dojo = { api: api, selectTab: selectTab, serve: SERVE, renderProgress: renderProgress };

  initTheme();
  initTabs();
  initCopy();
  initHints();
  initSolvedToggle();
  loadProgress();
  initFilters();
  initReset();
  initLayout();
  // Another tab marked something solved: keep this page's checkmarks in step.
  window.addEventListener("storage", function (ev) { if (ev.key === SOLVED_KEY && !SERVE) renderProgress(localStatuses()); });
  // Back to a page from the history cache (after a Submit elsewhere): the grades may have changed.
  window.addEventListener("pageshow", function (ev) { if (ev.persisted) loadProgress(); });
})();
