import { type UIEvent, useRef } from 'react';

interface CodeEditorProps {
  value: string;
  onChange(value: string): void;
  label: string;
  /** 1-based lines to mark, with what is wrong there. */
  problems: readonly { line: number | null; message: string }[];
}

/** A text editor with line numbers, where lines with problems are marked and explained on hover. */
export function CodeEditor({ value, onChange, label, problems }: CodeEditorProps) {
  const gutter = useRef<HTMLDivElement>(null);
  const lineCount = Math.max(1, value.split('\n').length);
  const byLine = new Map<number, string[]>();
  for (const problem of problems) {
    if (problem.line !== null) byLine.set(problem.line, [...(byLine.get(problem.line) ?? []), problem.message]);
  }
  const syncScroll = (event: UIEvent<HTMLTextAreaElement>) => {
    if (gutter.current) gutter.current.scrollTop = event.currentTarget.scrollTop;
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
      <textarea
        className="code-editor__text"
        value={value}
        onChange={(event) => onChange(event.target.value)}
        onScroll={syncScroll}
        spellCheck={false}
        aria-label={label}
        wrap="off"
      />
    </div>
  );
}
