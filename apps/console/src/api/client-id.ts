const STORAGE_KEY = 'cyrene.clientId';

/** This browser's client id (多端标识), kept so the admin's client list shows one entry per browser. */
export function consoleClientId(): string {
  const saved = localStorage.getItem(STORAGE_KEY);
  if (saved) return saved;
  const id = `web_${crypto.randomUUID().replaceAll('-', '').slice(0, 12)}`;
  localStorage.setItem(STORAGE_KEY, id);
  return id;
}
