/** A field's hint and its schema error together, for `<Field hint>` (so the input is described by both). */
export function hintWithError(hint: string | undefined, error: string | undefined) {
  if (!error) return hint;
  return (
    <>
      {hint && <span>{hint} </span>}
      <span className="automation-field-error">{error}</span>
    </>
  );
}
