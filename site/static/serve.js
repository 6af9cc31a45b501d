/* The problem page under `dojo serve`: the editor on the learner's workspace file (autosave, and a
   notice when the file changes on disk), Run / Submit / Custom input as server jobs with progress
   and Cancel, and their results with the lines they name marked in the editor.
   Needs app.js (window.Dojo: api, selectTab) and vendor/codemirror.js (window.DojoEditor). */
(function () {
  "use strict";

  var split = document.querySelector(".split[data-slug]");
  var host = document.querySelector("[data-editor]");
  if (!split || !host || !window.Dojo || !window.DojoEditor) return;
  var api = window.Dojo.api;
  var slug = split.getAttribute("data-slug");
  var root = document.body.getAttribute("data-root");

  var SAVE_DELAY_MS = 600;
  var POLL_DISK_MS = 1500;
  var POLL_JOB_MS = 350;

  var saveState = document.querySelector("[data-save-state]");
  var notice = document.querySelector("[data-disk-notice]");
  var runBtn = document.querySelector('[data-action="run"]');
  var submitBtn = document.querySelector('[data-action="submit"]');
  var cancelBtn = document.querySelector('[data-action="cancel"]');
  var jobBox = document.querySelector("[data-job]");
  var jobPhase = document.querySelector("[data-job-phase]");
  var jobElapsed = document.querySelector("[data-job-elapsed]");
  var resultBox = document.querySelector("[data-result]");
  var tryForm = document.querySelector("[data-try-form]");
  var tryResult = document.querySelector("[data-try-result]");
  var statusPill = document.querySelector("[data-grade-status]");

  /* ------------------------------------------------------------ small DOM helpers (text only, never HTML from data) */
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k];
      else if (k === "class") node.className = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return node;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function msg(text) { return el("pre", { class: "msg", text: text }); }
  function now() { return new Date().toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" }); }

  function setStatus(text, kind) {
    saveState.textContent = text;
    saveState.className = "save-state small " + (kind || "muted");
  }

  /* ------------------------------------------------------------ the editor and the file on disk */
  var version = null;      // the version of the file on disk that the editor last agreed with
  var dirty = false;       // edits not saved yet
  var saving = null;       // the save in flight (a promise)
  var saveTimer = null;
  var conflict = null;     // {text, version} of the file on disk when it changed under unsaved edits

  var editor = window.DojoEditor.create(host, {
    doc: "",
    label: "Your code: " + (document.querySelector(".file-name") || {}).textContent,
    onChange: function () {
      dirty = true;
      setStatus("Unsaved changes", "dirty");
      clearTimeout(saveTimer);
      saveTimer = setTimeout(save, SAVE_DELAY_MS);
    },
    onRun: function () { start("run"); },
    onSubmit: function () { start("submit"); },
    onSave: function () { save(); },
  });
  editor.setReadOnly(true);

  function load() {
    return api("GET", "file/" + slug).then(function (data) {
      editor.setText(data.text);
      version = data.version;
      dirty = false;
      editor.setReadOnly(false);
      setStatus("Saved to disk", "muted");
    }).catch(function (err) {
      setStatus(err.message, "failed");
    });
  }

  function save(force) {
    clearTimeout(saveTimer);
    if (saving) return saving.then(function () { return dirty ? save(force) : null; });
    if (!dirty && !force) return Promise.resolve();
    if (conflict && !force) return Promise.resolve(); // the learner has to choose first
    var text = editor.getText();
    setStatus("Saving…", "muted");
    saving = api("PUT", "file/" + slug, { text: text, base: version, force: !!force }).then(function (data) {
      version = data.version;
      dirty = editor.getText() !== text;
      conflict = null;
      notice.hidden = true;
      setStatus(dirty ? "Unsaved changes" : "Saved", dirty ? "dirty" : "muted");
      saveState.title = dirty ? "" : "Saved to " + (document.querySelector(".file-name") || {}).textContent + " at " + now();
    }, function (err) {
      if (err.status === 409 && err.data && typeof err.data.text === "string") {
        conflict = { text: err.data.text, version: err.data.version };
        notice.hidden = false;
        setStatus("Not saved: the file changed on disk", "failed");
      } else {
        setStatus("Not saved: " + err.message, "failed");
      }
    }).then(function () { saving = null; });
    return saving;
  }

  // Another editor, `dojo reset` or a `git checkout` changed the file: follow it, unless that would lose edits.
  function pollDisk() {
    if (saving || version === null) return;
    api("GET", "file/" + slug + "/version").then(function (data) {
      if (data.version === version || saving) return;
      return api("GET", "file/" + slug).then(function (file) {
        if (file.version === version) return;
        if (!dirty) {
          editor.setText(file.text);
          version = file.version;
          setStatus("Reloaded: the file changed on disk " + now(), "muted");
        } else {
          conflict = { text: file.text, version: file.version };
          notice.hidden = false;
          setStatus("The file changed on disk", "failed");
        }
      });
    }).catch(function () {});
  }

  notice.addEventListener("click", function (ev) {
    var choice = ev.target.closest("[data-disk]");
    if (!choice || !conflict) return;
    if (choice.getAttribute("data-disk") === "load") {
      editor.setText(conflict.text);
      version = conflict.version;
      dirty = false;
      conflict = null;
      notice.hidden = true;
      setStatus("Loaded the file from disk", "muted");
    } else {
      conflict = null;
      notice.hidden = true;
      dirty = true;
      save(true);
    }
  });

  /* ------------------------------------------------------------ jobs: Run, Submit, Custom input */
  var running = null; // {id, kind}

  function busy(on) {
    runBtn.disabled = on;
    submitBtn.disabled = on;
    jobBox.hidden = !on;
    var tryBtn = tryForm && tryForm.querySelector('button[type="submit"]');
    if (tryBtn) tryBtn.disabled = on;
  }

  function follow(job, render) {
    running = { id: job.id, kind: job.kind };
    busy(true);
    jobPhase.textContent = phaseText(job);
    function tick() {
      api("GET", "jobs/" + job.id).then(function (j) {
        jobPhase.textContent = phaseText(j);
        jobElapsed.textContent = j.elapsed.toFixed(1) + " s";
        if (j.state === "running") { setTimeout(tick, POLL_JOB_MS); return; }
        running = null;
        busy(false);
        if (j.state === "done") render(j.result);
        else if (j.state === "cancelled") render(null, "Cancelled.");
        else render(null, j.error || "The job failed.");
      }).catch(function (err) {
        running = null;
        busy(false);
        render(null, err.message);
      });
    }
    setTimeout(tick, 150);
  }

  function phaseText(job) {
    var what = { run: "Run", submit: "Submit", "try": "Custom input" }[job.kind] || job.kind;
    return what + ": " + job.phase + "…";
  }

  function start(kind) {
    if (running) return;
    var target = kind === "run" ? "run/" : "submit/";
    window.Dojo.selectTab(document.getElementById("tab-result"), false);
    clear(resultBox);
    editor.clearMarks();
    busy(true);
    jobPhase.textContent = (kind === "run" ? "Run" : "Submit") + ": saving your file…";
    jobElapsed.textContent = "";
    save().then(function () {
      if (conflict || dirty) throw new Error("your file is not saved: choose what to keep first");
      return api("POST", target + slug, {});
    }).then(function (data) {
      follow(data.job, kind === "run" ? renderRun : renderSubmit);
    }).catch(function (err) {
      busy(false);
      if (err.status === 409 && err.data && err.data.job) { follow(err.data.job, err.data.job.kind === "submit" ? renderSubmit : renderRun); return; }
      resultBox.appendChild(el("p", { class: "note", text: err.message }));
    });
  }

  cancelBtn.addEventListener("click", function () {
    if (!running) return;
    jobPhase.textContent = "Cancelling…";
    api("POST", "jobs/" + running.id + "/cancel", {}).catch(function () {});
  });
  runBtn.addEventListener("click", function () { start("run"); });
  submitBtn.addEventListener("click", function () { start("submit"); });
  document.addEventListener("keydown", function (ev) {
    if (ev.key !== "Enter" || !(ev.ctrlKey || ev.metaKey)) return;
    if (host.contains(ev.target)) return; // the editor's own keymap handles it
    if (tryForm && tryForm.contains(ev.target) && !ev.shiftKey) return; // Ctrl-Enter in the input box tries it
    ev.preventDefault();
    start(ev.shiftKey ? "submit" : "run");
  });

  function lineButton(text) {
    // "mha.py:12 in f: code" -> a button that moves the cursor to line 12.
    var m = /:(\d+)\b/.exec(text);
    var where = el("div", { class: "where" });
    if (!m) { where.textContent = text; return where; }
    var btn = el("button", { type: "button", text: text, title: "Go to line " + m[1] });
    btn.addEventListener("click", function () { goTo(+m[1]); });
    where.appendChild(btn);
    return where;
  }

  function goTo(line) {
    var doc = editor.view.state.doc;
    if (line < 1 || line > doc.lines) return;
    editor.view.dispatch({ selection: { anchor: doc.line(line).from }, scrollIntoView: true });
    editor.focus();
  }

  function showMarks(result) { if (result && result.marks) editor.markLines(result.marks); }

  function renderRun(result, problem) {
    clear(resultBox);
    if (!result) { resultBox.appendChild(el("p", { class: "note", text: problem })); return; }
    var total = result.passed + result.failed;
    var cls = result.all_passed ? "pass" : (result.passed ? "partial" : "fail");
    resultBox.appendChild(el("div", { class: "verdict " + cls, "data-verdict": result.all_passed ? "passed" : "failed" }, [
      el("strong", { text: result.all_passed ? "All visible examples pass" : (result.problem ? "The run failed" : "Some examples fail") }),
      el("span", { text: result.passed + " of " + total + " passed" }),
      result.all_passed ? el("span", { class: "muted", text: "Submit grades it with the hidden tests." }) : null,
    ]));
    if (result.problem) resultBox.appendChild(msg(result.problem));
    var list = el("ul", { class: "outcomes" });
    result.tests.forEach(function (t) {
      var item = el("li", { class: "outcome " + (t.passed ? "pass" : "fail"), "data-outcome": t.passed ? "passed" : "failed", "data-name": t.name }, [
        el("div", { class: "name" }, [el("span", { class: "mark", text: t.passed ? "✔" : "✘", "aria-label": t.passed ? "passed" : "failed" }),
          el("span", { text: t.title || t.name })]),
      ]);
      if (t.location) item.appendChild(lineButton(t.location));
      if (t.error) item.appendChild(msg(t.error));
      if (t.printed) { item.appendChild(el("h3", { text: "Printed" })); item.appendChild(msg(t.printed)); }
      list.appendChild(item);
    });
    resultBox.appendChild(list);
    if (result.warnings && result.warnings.length) {
      resultBox.appendChild(el("h3", { text: "Warnings" }));
      resultBox.appendChild(msg(result.warnings.join("\n")));
    }
    if (result.report && !result.all_passed) {
      resultBox.appendChild(el("details", {}, [el("summary", { text: "pytest's full report" }), msg(result.report)]));
    }
    showMarks(result);
  }

  function renderSubmit(result, problem) {
    clear(resultBox);
    if (!result) { resultBox.appendChild(el("p", { class: "note", text: problem })); return; }
    var cls = result.passed ? "pass" : (result.points > 0 ? "partial" : "fail");
    var head = result.passed ? "Passed" : ({ partial: "Partly right", failed: "Not passing yet", error: "Could not grade" }[result.status] || result.status);
    resultBox.appendChild(el("div", { class: "verdict " + cls, "data-verdict": result.passed ? "passed" : "failed" }, [
      el("strong", { text: head }),
      el("span", { text: result.points + " / " + result.max_points + " points" }),
      result.cases_total ? el("span", { text: result.cases_passed + " of " + result.cases_total + " hidden cases" }) : null,
    ]));
    if (result.error) {
      resultBox.appendChild(msg(result.error));
      if (result.excerpt && result.excerpt.length) resultBox.appendChild(msg(result.excerpt.join("\n")));
    }
    if (result.passed) {
      var after = el("p", { class: "note" }, ["Recorded in your progress. "]);
      if (result.next) {
        after.appendChild(document.createTextNode("Next: "));
        after.appendChild(el("a", { href: root + result.next.url, text: result.next.number + ". " + result.next.title }));
        after.appendChild(document.createTextNode(". "));
      }
      after.appendChild(document.createTextNode("The Solution tab now shows the reference."));
      resultBox.appendChild(after);
      loadSolution();
    } else if (result.recorded === false) {
      resultBox.appendChild(el("p", { class: "note", text: "Not recorded: this is still the untouched starter." }));
    }
    // Failing cases first, each with its first difference; the passing ones folded below them.
    function caseList(cases) {
      var list = el("ul", { class: "outcomes" });
      cases.forEach(function (c) {
        var item = el("li", { class: "outcome " + (c.passed ? "pass" : "fail"), "data-outcome": c.passed ? "passed" : "failed", "data-name": c.name }, [
          el("div", { class: "name" }, [el("span", { class: "mark", text: c.passed ? "✔" : "✘", "aria-label": c.passed ? "passed" : "failed" }),
            el("span", { text: c.name })]),
        ]);
        if (c.message) item.appendChild(msg(c.message));
        list.appendChild(item);
      });
      return list;
    }
    var failing = result.cases.filter(function (c) { return !c.passed; });
    var passing = result.cases.filter(function (c) { return c.passed; });
    if (failing.length) {
      resultBox.appendChild(el("h3", { text: failing.length + " failing hidden case" + (failing.length === 1 ? "" : "s") }));
      resultBox.appendChild(caseList(failing));
    }
    if (passing.length) {
      resultBox.appendChild(el("details", { class: "passing" }, [
        el("summary", { text: passing.length + " passing hidden case" + (passing.length === 1 ? "" : "s") }), caseList(passing)]));
    }
    if (result.printed) { resultBox.appendChild(el("h3", { text: "Your code printed" })); resultBox.appendChild(msg(result.printed)); }
    if (result.isolation) resultBox.appendChild(el("p", { class: "muted small", text: "Isolation: " + result.isolation + " · " + result.seconds + " s" }));
    showMarks(result);
    loadStatus();
  }

  /* ------------------------------------------------------------ custom input */
  if (tryForm) {
    var args = tryForm.querySelector("[data-try-args]");
    var entry = tryForm.querySelector("[data-try-entry]");
    args.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey) && !ev.shiftKey) { ev.preventDefault(); tryForm.requestSubmit(); }
    });
    tryForm.addEventListener("submit", function (ev) {
      ev.preventDefault();
      if (running) return;
      clear(tryResult);
      editor.clearMarks();
      busy(true);
      jobPhase.textContent = "Custom input: saving your file…";
      save().then(function () {
        return api("POST", "try/" + slug, { entry: entry.value, args: args.value });
      }).then(function (data) {
        window.Dojo.selectTab(document.getElementById("tab-result"), false);
        follow(data.job, function (result, problem) {
          renderTry(result, problem);
          window.Dojo.selectTab(document.getElementById("tab-try"), false);
        });
      }).catch(function (err) {
        busy(false);
        tryResult.appendChild(el("p", { class: "note", "data-verdict": "error", text: err.message }));
      });
    });
  }

  function renderTry(result, problem) {
    clear(tryResult);
    if (!result) { tryResult.appendChild(el("p", { class: "note", text: problem })); return; }
    tryResult.appendChild(el("div", { class: "verdict " + (result.same ? "pass" : "fail"), "data-verdict": result.same ? "same" : "differs" }, [
      el("strong", { text: result.same ? "The same as the reference" : "Differs from the reference" }),
      el("code", { text: result.call }),
    ]));
    if (result.import_error) tryResult.appendChild(msg("Your module failed to import: " + result.import_error));
    var yoursTitle = { value: "Your output", raised: "Your code raised", error: "Your code" }[result.yours_kind] || "Your output";
    tryResult.appendChild(el("h3", { text: yoursTitle }));
    tryResult.appendChild(msg(result.yours));
    tryResult.appendChild(el("h3", { text: "Reference" }));
    tryResult.appendChild(msg(result.reference));
    if (result.difference) { tryResult.appendChild(el("h3", { text: "First difference" })); tryResult.appendChild(msg(result.difference)); }
    if (result.printed) { tryResult.appendChild(el("h3", { text: "Your code printed" })); tryResult.appendChild(msg(result.printed)); }
    showMarks(result);
  }

  /* ------------------------------------------------------------ status and solution */
  function loadStatus() {
    return api("GET", "progress").then(function (data) {
      var mine = (data.exercises || {})[slug];
      if (!mine || !statusPill) return mine;
      statusPill.hidden = mine.status === "not started";
      statusPill.className = "grade-status " + (mine.status === "passed" ? "passed" : "attempted");
      statusPill.textContent = mine.status === "passed" ? "✔ Passed" : "◐ Attempted" +
        (typeof mine.points === "number" ? " · " + mine.points + "/" + mine.max_points : "");
      return mine;
    });
  }

  function loadSolution() {
    var box = document.querySelector("[data-solution]");
    if (!box) return;
    api("GET", "solution/" + slug).then(function (data) {
      var holder = document.createElement("div");
      holder.className = "editor";
      // The server renders the reference with the site's own highlighter (escaped, like every page).
      holder.innerHTML = data.html;
      clear(box);
      box.appendChild(el("p", { class: "muted small", text: "Compare it with yours: the grader only checks behaviour, not the way it is written." }));
      box.appendChild(holder);
    }).catch(function () {});
  }

  load().then(function () { setInterval(pollDisk, POLL_DISK_MS); });
  loadStatus().then(function (mine) { if (mine && mine.passed_ever) loadSolution(); }).catch(function () {});
  window.addEventListener("beforeunload", function (ev) {
    if (dirty) { save(); ev.preventDefault(); ev.returnValue = ""; }
  });
  window.DojoPage = { editor: editor, save: save, start: start };
})();
