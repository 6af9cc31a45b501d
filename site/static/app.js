/* Transformer Dojo site: theme, tabs, copy buttons, hints, solved marks and index filters.
   Plain script, no dependencies; state lives in localStorage so it works from file:// too. */
(function () {
  "use strict";

  var SOLVED_KEY = "dojo-solved";
  var THEME_KEY = "dojo-theme";

  function store(key, value) {
    try {
      if (value === undefined) return localStorage.getItem(key);
      if (value === null) localStorage.removeItem(key); else localStorage.setItem(key, value);
    } catch (e) { /* storage disabled: the page still works, it just forgets */ }
    return null;
  }

  function solvedSet() {
    try { return new Set(JSON.parse(store(SOLVED_KEY) || "[]")); } catch (e) { return new Set(); }
  }

  function setSolved(slug, on) {
    var s = solvedSet();
    if (on) s.add(slug); else s.delete(slug);
    store(SOLVED_KEY, JSON.stringify(Array.from(s).sort()));
  }

  function $all(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }

  /* ------------------------------------------------------------ theme */
  function initTheme() {
    var btn = document.querySelector("[data-theme-toggle]");
    if (!btn) return;
    function label() {
      var dark = document.documentElement.getAttribute("data-theme") !== "light";
      btn.setAttribute("aria-label", dark ? "Switch to light theme" : "Switch to dark theme");
      btn.title = btn.getAttribute("aria-label");
    }
    label();
    btn.addEventListener("click", function () {
      var next = document.documentElement.getAttribute("data-theme") === "light" ? "dark" : "light";
      document.documentElement.setAttribute("data-theme", next);
      store(THEME_KEY, next);
      label();
    });
  }

  /* ------------------------------------------------------------ tabs (WAI-ARIA tabs pattern) */
  function initTabs() {
    $all('[role="tablist"]').forEach(function (list) {
      var tabs = $all('[role="tab"]', list);
      function select(tab, focus) {
        tabs.forEach(function (t) {
          var on = t === tab;
          t.setAttribute("aria-selected", on ? "true" : "false");
          t.tabIndex = on ? 0 : -1;
          var panel = document.getElementById(t.getAttribute("aria-controls"));
          if (panel) panel.hidden = !on;
        });
        if (focus) tab.focus();
      }
      tabs.forEach(function (tab, i) {
        tab.addEventListener("click", function () { select(tab, false); });
        tab.addEventListener("keydown", function (ev) {
          var j = null;
          if (ev.key === "ArrowRight") j = (i + 1) % tabs.length;
          else if (ev.key === "ArrowLeft") j = (i - 1 + tabs.length) % tabs.length;
          else if (ev.key === "Home") j = 0;
          else if (ev.key === "End") j = tabs.length - 1;
          if (j !== null) { ev.preventDefault(); select(tabs[j], true); }
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

  /* ------------------------------------------------------------ hints: one at a time */
  function initHints() {
    var hints = $all("[data-hint]");
    function update() {
      var reveal = true;
      hints.forEach(function (h) {
        h.parentElement.hidden = !reveal;
        reveal = reveal && h.open;
      });
    }
    hints.forEach(function (h) { h.addEventListener("toggle", update); });
    update();
  }

  /* ------------------------------------------------------------ solved marks */
  function initSolvedToggle() {
    var split = document.querySelector("[data-slug]");
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

  function renderProgress() {
    var solved = solvedSet();
    var rows = $all(".row[data-slug]");
    var perTrack = {}, perDiff = { easy: 0, medium: 0, hard: 0 }, totals = {}, count = 0;
    rows.forEach(function (row) {
      var slug = row.getAttribute("data-slug");
      var track = row.getAttribute("data-track");
      var on = solved.has(slug);
      row.classList.toggle("solved", on);
      totals[track] = (totals[track] || 0) + 1;
      if (on) {
        count += 1;
        perTrack[track] = (perTrack[track] || 0) + 1;
        perDiff[row.getAttribute("data-difficulty")] += 1;
      }
    });
    $all("[data-solved-count]").forEach(function (el) { el.textContent = count; });
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
      if (ev.key === "/" && document.activeElement !== input && !/input|textarea/i.test(document.activeElement.tagName)) {
        ev.preventDefault();
        input.focus();
      }
    });
    apply();
  }

  function initReset() {
    $all("[data-reset-progress]").forEach(function (btn) {
      btn.addEventListener("click", function () {
        store(SOLVED_KEY, null);
        btn.textContent = "Solved marks cleared";
      });
    });
  }

  initTheme();
  initTabs();
  initCopy();
  initHints();
  initSolvedToggle();
  renderProgress();
  initFilters();
  initReset();
  // Another tab marked something solved: keep this page's checkmarks in step.
  window.addEventListener("storage", function (ev) { if (ev.key === SOLVED_KEY) renderProgress(); });
})();
