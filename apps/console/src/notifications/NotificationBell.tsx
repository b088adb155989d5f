/** SCAFFOLDING ONLY — the notifications feature replaces it. */
export function NotificationBell() {
  return null;
}
