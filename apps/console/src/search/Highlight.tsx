import { Fragment } from 'react';

/** The characters that mean something in a regular expression, escaped so the keyword is matched literally. */
function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * `text` with every case-insensitive occurrence of `keyword` wrapped in <mark>. The text is split
 * into React nodes (never HTML), so whatever a message contains is shown, not run.
 */
export function Highlight({ text, keyword }: { text: string; keyword: string }) {
  const needle = keyword.trim();
  if (!needle) return <>{text}</>;
  // A capturing group keeps the matches in split()'s output, at the odd positions.
  const parts = text.split(new RegExp(`(${escapeRegExp(needle)})`, 'giu'));
  return (
    <>
      {parts.map((part, i) =>
        i % 2 === 1 ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed string, in order
          <mark key={i}>{part}</mark>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          <Fragment key={i}>{part}</Fragment>
        ),
      )}
    </>
  );
}
