// The code editor of `dojo serve`, bundled by build.sh into site/static/vendor/codemirror.js as
// one IIFE that defines window.DojoEditor. Only what a learner's module needs: Python syntax and
// indentation, line numbers, undo history, search, bracket matching, and marks on the lines an
// error names. Colours come from CSS classes (tok-*, cm-*) so the site's themes own them.
import { EditorState, StateEffect, StateField, Compartment, Annotation } from "@codemirror/state";
import {
  EditorView, Decoration, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter,
  highlightSpecialChars, drawSelection, dropCursor, rectangularSelection, crosshairCursor, gutter, GutterMarker,
} from "@codemirror/view";
import { defaultKeymap, history, historyKeymap, indentWithTab, undo, redo } from "@codemirror/commands";
import { syntaxHighlighting, indentOnInput, bracketMatching, indentUnit, foldGutter, foldKeymap } from "@codemirror/language";
import { search, searchKeymap, highlightSelectionMatches, openSearchPanel } from "@codemirror/search";
import { closeBrackets, closeBracketsKeymap } from "@codemirror/autocomplete";
import { python } from "@codemirror/lang-python";
import { classHighlighter } from "@lezer/highlight";

// Changes that come from the file on disk, not from typing: they must not be saved back.
const fromDisk = Annotation.define();

// ------------------------------------------------------------------ error marks
const setMarks = StateEffect.define();

class ErrorMarker extends GutterMarker {
  constructor(message) { super(); this.message = message; }
  toDOM() {
    const el = document.createElement("span");
    el.className = "cm-error-marker";
    el.textContent = "!";
    el.title = this.message;
    return el;
  }
}

const errorLine = Decoration.line({ class: "cm-error-line" });

// marks: [{line, message}] -> line decorations and gutter markers; cleared on the next edit.
const marksField = StateField.define({
  create: () => ({ lines: Decoration.none, gutter: [] }),
  update(value, tr) {
    for (const e of tr.effects) if (e.is(setMarks)) return build(tr.state, e.value);
    if (tr.docChanged) return { lines: Decoration.none, gutter: [] };
    return value;
  },
  provide: (f) => EditorView.decorations.from(f, (v) => v.lines),
});

function build(state, marks) {
  const ranges = [];
  const gutterMarks = [];
  const seen = new Set();
  for (const m of marks) {
    if (!(m.line >= 1 && m.line <= state.doc.lines) || seen.has(m.line)) continue;
    seen.add(m.line);
    const from = state.doc.line(m.line).from;
    ranges.push(errorLine.range(from));
    gutterMarks.push({ from, marker: new ErrorMarker(m.message || "") });
  }
  ranges.sort((a, b) => a.from - b.from);
  gutterMarks.sort((a, b) => a.from - b.from);
  return { lines: Decoration.set(ranges), gutter: gutterMarks };
}

const errorGutter = gutter({
  class: "cm-error-gutter",
  lineMarker(view, line) {
    const found = view.state.field(marksField).gutter.find((m) => m.from === line.from);
    return found ? found.marker : null;
  },
  lineMarkerChange: (update) => update.transactions.some((tr) => tr.effects.some((e) => e.is(setMarks)) || tr.docChanged),
  initialSpacer: () => new ErrorMarker(""),
});

// ------------------------------------------------------------------ the editor
function create(parent, options) {
  const opts = options || {};
  const readOnly = new Compartment();
  const shortcuts = [];
  if (opts.onRun) shortcuts.push({ key: "Mod-Enter", preventDefault: true, run: () => { opts.onRun(); return true; } });
  if (opts.onSubmit) shortcuts.push({ key: "Mod-Shift-Enter", preventDefault: true, run: () => { opts.onSubmit(); return true; } });
  if (opts.onSave) shortcuts.push({ key: "Mod-s", preventDefault: true, run: () => { opts.onSave(); return true; } });

  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: opts.doc || "",
      extensions: [
        keymap.of(shortcuts),  // before the defaults: Mod-Enter must not insert a line
        lineNumbers(),
        errorGutter,
        foldGutter(),
        highlightActiveLineGutter(),
        highlightSpecialChars(),
        history(),
        drawSelection(),
        dropCursor(),
        EditorState.allowMultipleSelections.of(true),
        indentOnInput(),
        indentUnit.of("    "),
        EditorState.tabSize.of(4),
        syntaxHighlighting(classHighlighter),
        bracketMatching(),
        closeBrackets(),
        rectangularSelection(),
        crosshairCursor(),
        highlightActiveLine(),
        highlightSelectionMatches(),
        search({ top: true }),
        python(),
        marksField,
        readOnly.of(EditorState.readOnly.of(false)),
        EditorView.contentAttributes.of({ "aria-label": opts.label || "Code editor", spellcheck: "false", autocapitalize: "off", autocorrect: "off" }),
        keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...searchKeymap, ...historyKeymap, ...foldKeymap, indentWithTab]),
        EditorView.updateListener.of((update) => {
          if (update.docChanged && opts.onChange && !update.transactions.every((tr) => tr.annotation(fromDisk))) {
            opts.onChange(update.state.doc.toString());
          }
        }),
      ],
    }),
  });

  return {
    view,
    getText: () => view.state.doc.toString(),
    // Replace the whole text (the file changed on disk): one undoable step, no change callback.
    setText(text) {
      const current = view.state.doc.toString();
      if (current === text) return;
      let start = 0;
      while (start < current.length && start < text.length && current[start] === text[start]) start++;
      let endA = current.length, endB = text.length;
      while (endA > start && endB > start && current[endA - 1] === text[endB - 1]) { endA--; endB--; }
      view.dispatch({ changes: { from: start, to: endA, insert: text.slice(start, endB) }, annotations: fromDisk.of(true) });
    },
    markLines(marks) {
      view.dispatch({ effects: setMarks.of(marks || []) });
      const first = (marks || []).find((m) => m.line >= 1 && m.line <= view.state.doc.lines);
      if (first) {
        const pos = view.state.doc.line(first.line).from;
        view.dispatch({ effects: EditorView.scrollIntoView(pos, { y: "center" }) });
      }
    },
    clearMarks() { view.dispatch({ effects: setMarks.of([]) }); },
    setReadOnly(on) { view.dispatch({ effects: readOnly.reconfigure(EditorState.readOnly.of(!!on)) }); },
    focus() { view.focus(); },
    openSearch() { openSearchPanel(view); },
    undo() { return undo(view); },
    redo() { return redo(view); },
  };
}

window.DojoEditor = { create, version: "CodeMirror 6 (@codemirror/view 6.44.2)" };
