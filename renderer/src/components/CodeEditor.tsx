import { type Ref, type UIEvent, useImperativeHandle, useMemo, useRef } from 'react';
import type { Token } from './syntax/tokens.js';
import { offsetOf } from './text-offset.js';

/** What a page can ask of the editor, e.g. from a list of problems. */
export interface CodeEditorHandle {
  /** Focuses the editor with the cursor on a 1-based line (and column), scrolled into the middle of the view. */
  focusLine(line: number, column?: number | null): void;
}

interface CodeEditorProps {
  ref?: Ref<CodeEditorHandle>;
  value: string;
  onChange(value: string): void;
  label: string;
  /** 1-based lines to mark, with what is wrong there. */
  problems: readonly { line: number | null; message: string }[];
  /** Splits the text into coloured tokens; the tokens' text joined must be the text itself. */
  tokenize(text: string): Token[];
}

/**
 * A text editor with syntax colouring and line numbers, where lines with problems are marked and
 * explained on hover. The colours are drawn by a layer under a transparent textarea, so editing,
 * selection, undo and the keyboard stay the browser's own.
 */
export function CodeEditor({ ref, value, onChange, label, problems, tokenize }: CodeEditorProps) {
  const gutter = useRef<HTMLDivElement>(null);
  const colours = useRef<HTMLPreElement>(null);
  const text = useRef<HTMLTextAreaElement>(null);
  useImperativeHandle(ref, () => ({
    focusLine(line, column) {
      const area = text.current;
      if (!area) return;
      const offset = offsetOf(area.value, line, column ?? 1);
      area.focus();
      area.setSelectionRange(offset, offset);
      const lineHeight = Number.parseFloat(getComputedStyle(area).lineHeight) || 20;
      area.scrollTop = Math.max(0, (Math.max(line, 1) - 1) * lineHeight - area.clientHeight / 2);
    },
  }));
  const tokens = useMemo(() => tokenize(value), [tokenize, value]);
  const lineCount = Math.max(1, value.split('\n').length);
  const byLine = new Map<number, string[]>();
  for (const problem of problems) {
    if (problem.line !== null) byLine.set(problem.line, [...(byLine.get(problem.line) ?? []), problem.message]);
  }
  const syncScroll = (event: UIEvent<HTMLTextAreaElement>) => {
    const { scrollTop, scrollLeft } = event.currentTarget;
    if (gutter.current) gutter.current.scrollTop = scrollTop;
    if (colours.current) {
      colours.current.scrollTop = scrollTop;
      colours.current.scrollLeft = scrollLeft;
    }
  };

  return (
    <div className="code-editor">
      <div ref={gutter} className="code-editor__gutter" aria-hidden>
        {Array.from({ length: lineCount }, (_, index) => index + 1).map((line) => {
          const messages = byLine.get(line);
          return (
            <div
              key={line}
              className={messages ? 'code-editor__line code-editor__line--problem' : 'code-editor__line'}
              title={messages?.join('\n')}
            >
              {line}
            </div>
          );
        })}
      </div>
      <div className="code-editor__body">
        <pre ref={colours} className="code-editor__colours" aria-hidden>
          {tokens.map((token, index) =>
            token.kind === 'plain' ? (
              token.text
            ) : (
              // biome-ignore lint/suspicious/noArrayIndexKey: tokens have no identity beyond their position
              <span key={index} className={`syntax-${token.kind}`}>
                {token.text}
              </span>
            ),
          )}
          {/* a final newline needs a line after it, as the textarea shows one */}
          {value.endsWith('\n') ? ' ' : null}
        </pre>
        <textarea
          ref={text}
          className="code-editor__text"
          value={value}
          onChange={(event) => onChange(event.target.value)}
          onScroll={syncScroll}
          spellCheck={false}
          aria-label={label}
          wrap="off"
        />
      </div>
    </div>
  );
}
