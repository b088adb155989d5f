/** TanStack Query keys of the reminders screen; `all` is the prefix of every one. */
export const reminderKeys = {
  all: ['reminders'] as const,
  page: (status: string, offset: number) => ['reminders', status, offset] as const,
};
