/** An upstream's text as JSON, or undefined when it is not JSON (the caller says what that means). */
export function parseJsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
