import type { shellMessages } from './messages';

type NavKey = keyof (typeof shellMessages)['zh'];

export interface NavItem {
  to: string;
  label: NavKey;
  icon: string;
}

/** Every user's screens, in the order of the sidebar. */
export const USER_NAV: NavItem[] = [
  { to: '/chat', label: 'chat', icon: '💬' },
  { to: '/search', label: 'search', icon: '🔍' },
  { to: '/files', label: 'files', icon: '📁' },
  { to: '/knowledge', label: 'knowledge', icon: '📚' },
  { to: '/memory', label: 'memory', icon: '🧠' },
  { to: '/reminders', label: 'reminders', icon: '⏰' },
  { to: '/notifications', label: 'notifications', icon: '🔔' },
  { to: '/automation', label: 'automation', icon: '⚙️' },
  { to: '/briefings', label: 'briefings', icon: '📰' },
];

/** The administrator's screens. */
export const ADMIN_NAV: NavItem[] = [
  { to: '/admin/models', label: 'adminModels', icon: '🧩' },
  { to: '/admin/routing', label: 'adminRouting', icon: '🔀' },
  { to: '/admin/sessions', label: 'adminSessions', icon: '📡' },
  { to: '/admin/clients', label: 'adminClients', icon: '💻' },
];
