import {
  Activity,
  AlarmClock,
  Bell,
  Brain,
  Cable,
  FolderOpen,
  Library,
  type LucideIcon,
  MessagesSquare,
  MonitorSmartphone,
  Newspaper,
  Route,
  Search,
  Server,
  Workflow,
} from 'lucide-react';
import type { shellMessages } from './messages';

type NavKey = keyof (typeof shellMessages)['zh'];

export interface NavItem {
  to: string;
  label: NavKey;
  icon: LucideIcon;
}

/** Every user's screens, in the order of the sidebar. */
export const USER_NAV: NavItem[] = [
  { to: '/chat', label: 'chat', icon: MessagesSquare },
  { to: '/search', label: 'search', icon: Search },
  { to: '/files', label: 'files', icon: FolderOpen },
  { to: '/knowledge', label: 'knowledge', icon: Library },
  { to: '/memory', label: 'memory', icon: Brain },
  { to: '/reminders', label: 'reminders', icon: AlarmClock },
  { to: '/notifications', label: 'notifications', icon: Bell },
  { to: '/automation', label: 'automation', icon: Workflow },
  { to: '/briefings', label: 'briefings', icon: Newspaper },
];

/** The administrator's screens. */
export const ADMIN_NAV: NavItem[] = [
  { to: '/admin/models', label: 'adminModels', icon: Server },
  { to: '/admin/routing', label: 'adminRouting', icon: Route },
  { to: '/admin/sessions', label: 'adminSessions', icon: Cable },
  { to: '/admin/clients', label: 'adminClients', icon: MonitorSmartphone },
  { to: '/admin/system', label: 'adminSystem', icon: Activity },
];
