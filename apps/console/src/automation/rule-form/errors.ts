/** The schema's complaints, keyed by the dotted path of the field they are about (`actions.steps.0.title`). */
export type FieldErrors = ReadonlyMap<string, string>;

export const NO_ERRORS: FieldErrors = new Map();

interface Issue {
  path: (string | number)[];
  message: string;
}

export function fieldErrors(issues: readonly Issue[]): FieldErrors {
  const errors = new Map<string, string>();
  for (const issue of issues) {
    const path = issue.path.join('.');
    if (!errors.has(path)) errors.set(path, issue.message);
  }
  return errors;
}

/** The first error at `path` or below it. */
export function errorAt(errors: FieldErrors, path: string): string | undefined {
  for (const [key, message] of errors) {
    if (key === path || key.startsWith(`${path}.`)) return message;
  }
  return undefined;
}
