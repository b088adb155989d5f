/** Every reminders query lives under this key. */
export const REMINDERS_KEY = ['reminders'] as const;
