import type { AutomationRule, RuleRun, StoredNotification } from '@cyrene/sdk';
import type { Locator } from 'playwright-core';
import { call } from '../../../gateway/src/testing/http';

/** Test data made through the real API, as another client of the gateway would. */
export function automationApi(baseUrl: string, token: string) {
  const api = async <T>(method: string, path: string, body?: unknown) => {
    const res = await call<T>(baseUrl, method, `/api/v1${path}`, { token, body });
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${res.text}`);
    return res.body;
  };
  return {
    createNotifyRule: async (name: string, title = `${name} ran`) =>
      (
        await api<{ rule: AutomationRule }>('POST', '/automation/rules', {
          name,
          trigger_type: 'manual',
          actions: { steps: [{ type: 'notify', title, body: 'from a test' }] },
        })
      ).rule,
    listRules: async () => (await api<{ rules: AutomationRule[] }>('GET', '/automation/rules')).rules,
    getRule: async (id: string) =>
      (await api<{ rule: AutomationRule }>('GET', `/automation/rules/${id}`)).rule,
    listRuns: async (id: string) =>
      (await api<{ runs: RuleRun[] }>('GET', `/automation/rules/${id}/runs`)).runs,
    notificationTitles: async () =>
      (await api<{ notifications: StoredNotification[] }>('GET', '/notifications')).notifications.map(
        (n) => n.title,
      ),
  };
}

/** The text a control is described by (its hint and, after a failed check, its error). */
export async function descriptionOf(control: Locator): Promise<string> {
  return control.evaluate((element) =>
    (element.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' '),
  );
}
