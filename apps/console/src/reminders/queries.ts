import {
  type CreateReminderBody,
  type GatewayClient,
  type ListRemindersQuery,
  type UpdateReminderBody,
  unwrap,
} from '@cyrene/sdk';

/** TanStack Query keys of the reminders screen; `all` is the prefix of every one. */
export const reminderKeys = {
  all: ['reminders'] as const,
  page: (status: string, offset: number) => ['reminders', status, offset] as const,
};

// The reminders screen's gateway calls, each answering the success body (a failure throws GatewayError).

export async function listReminders(api: GatewayClient, query: ListRemindersQuery) {
  return unwrap(await api.rest.reminders.listReminders({ query }), 200);
}

export async function createReminder(api: GatewayClient, body: CreateReminderBody) {
  return unwrap(await api.rest.reminders.createReminder({ body }), 201);
}

export async function updateReminder(api: GatewayClient, id: string, body: UpdateReminderBody) {
  return unwrap(await api.rest.reminders.updateReminder({ params: { id }, body }), 200);
}

export async function deleteReminder(api: GatewayClient, id: string) {
  return unwrap(await api.rest.reminders.deleteReminder({ params: { id } }), 200);
}
