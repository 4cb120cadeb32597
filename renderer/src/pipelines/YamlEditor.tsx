import { autocompletion, type CompletionContext, completionKeymap } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { yaml } from '@codemirror/lang-yaml';
import { bracketMatching, defaultHighlightStyle, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { type Diagnostic, lintGutter, setDiagnostics } from '@codemirror/lint';
import { EditorState } from '@codemirror/state';
import { EditorView, highlightActiveLine, keymap, lineNumbers } from '@codemirror/view';
import { type Ref, useEffect, useImperativeHandle, useRef } from 'react';
import type { DefinitionProblem } from '../../../shared/contract/schemas.js';
import { type JsonSchema, schemaSuggestions } from './schema-completions.js';
import { yamlCursor } from './yaml-cursor.js';

export interface YamlEditorHandle {
  /** Puts the cursor on a 1-based line and scrolls it into view. */
  focusLine(line: number): void;
}

interface YamlEditorProps {
  ref?: Ref<YamlEditorHandle>;
  value: string;
  onChange(value: string): void;
  /** Ctrl/Cmd+S in the editor, with the text as it is at that keystroke. */
  onSave(value: string): void;
  label: string;
  problems: readonly DefinitionProblem[];
  schema: JsonSchema;
  /** `params.NAME` and `steps.STEP.OUTPUT` the text may refer to inside `${…}`. */
  references: readonly string[];
}

function diagnosticsOf(state: EditorState, problems: readonly DefinitionProblem[]): Diagnostic[] {
  return problems.map((problem) => {
    const line = state.doc.line(Math.min(Math.max(problem.line ?? 1, 1), state.doc.lines));
    const from = Math.min(line.from + Math.max((problem.column ?? 1) - 1, 0), line.to);
    return { from, to: line.to, severity: 'error', message: problem.message };
  });
}

const EDITOR_THEME = EditorView.theme({
  '&': { height: '560px', fontSize: '13px', backgroundColor: '#ffffff' },
  '&.cm-focused': { outline: 'none' },
  '.cm-scroller': { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace', lineHeight: '1.5' },
  '.cm-gutters': { backgroundColor: '#f8fafc', borderRight: '1px solid #e5e7eb', color: '#94a3b8' },
});

/**
 * A CodeMirror 6 editor for pipeline YAML: highlighting, undo, problems from the backend's check
 * marked at their lines, and completion of keys, values and references from the pipeline schema.
 */
export function YamlEditor({ ref, value, onChange, onSave, label, problems, schema, references }: YamlEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  // The editor is made once; these keep what its callbacks read current.
  const latest = useRef({ onChange, onSave, schema, references });
  latest.current = { onChange, onSave, schema, references };

  useImperativeHandle(ref, () => ({
    focusLine(line) {
      const editor = view.current;
      if (!editor) return;
      const at = editor.state.doc.line(Math.min(Math.max(line, 1), editor.state.doc.lines));
      editor.dispatch({ selection: { anchor: at.from }, effects: EditorView.scrollIntoView(at.from, { y: 'center' }) });
      editor.focus();
    },
  }));

  // Made once per mount: later text arrives through the effect below.
  // biome-ignore lint/correctness/useExhaustiveDependencies: value and label seed the editor only
  useEffect(() => {
    const complete = (context: CompletionContext) => {
      const cursor = yamlCursor(context.state.doc.toString(), context.pos);
      const suggestions = schemaSuggestions(latest.current.schema, cursor, latest.current.references);
      // Unasked, it offers only once a word is begun: Ctrl+Space asks anywhere.
      if (suggestions.length === 0 || (!context.explicit && cursor.prefix === '')) return null;
      return {
        from: cursor.from,
        options: suggestions.map((suggestion) => ({ ...suggestion, type: suggestion.type })),
        validFor: /^[\w${}.-]*$/,
      };
    };
    // Inside a shadow root CodeMirror styles itself with constructed style sheets, which the
    // app's content security policy allows, rather than with <style> elements, which it refuses.
    const element = host.current as HTMLDivElement;
    const shadow = element.shadowRoot ?? element.attachShadow({ mode: 'open' });
    const editor = new EditorView({
      root: shadow,
      parent: shadow,
      state: EditorState.create({
        doc: value,
        extensions: [
          lineNumbers(),
          lintGutter(),
          history(),
          highlightActiveLine(),
          indentOnInput(),
          bracketMatching(),
          syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
          yaml(),
          autocompletion({ override: [complete], activateOnTyping: true }),
          keymap.of([
            {
              key: 'Mod-s',
              preventDefault: true,
              run: (view) => {
                latest.current.onSave(view.state.doc.toString());
                return true;
              },
            },
            indentWithTab,
            ...completionKeymap,
            ...defaultKeymap,
            ...historyKeymap,
          ]),
          EditorView.contentAttributes.of({ 'aria-label': label }),
          EDITOR_THEME,
          EditorView.lineWrapping,
          EditorView.updateListener.of((update) => {
            if (update.docChanged) latest.current.onChange(update.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = editor;
    return () => {
      editor.destroy();
      view.current = null;
    };
  }, []);

  useEffect(() => {
    const editor = view.current;
    if (!editor || editor.state.doc.toString() === value) return;
    editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: value } });
  }, [value]);

  useEffect(() => {
    const editor = view.current;
    if (editor) editor.dispatch(setDiagnostics(editor.state, diagnosticsOf(editor.state, problems)));
  }, [problems]);

  return <div ref={host} className="yaml-editor" />;
}
