import { BookOpen, Menu } from 'lucide-react';
import { useEffect, useState } from 'react';
import { NavLink, Outlet, useLocation } from 'react-router';
import { useAuth } from '../auth/auth';
import { useT } from '../i18n/messages';
import { NotificationBell } from '../notifications/NotificationBell';
import { useRealtime } from '../realtime/realtime';
import { Button } from '../ui/Button';
import { LanguageSwitch } from './LanguageSwitch';
import { shellMessages } from './messages';
import { ADMIN_NAV, type NavItem, USER_NAV } from './nav';

const STATE_LABEL = {
  open: 'realtimeOpen',
  connecting: 'realtimeConnecting',
  reconnecting: 'realtimeReconnecting',
  closed: 'realtimeClosed',
  unavailable: 'realtimeUnavailable',
} as const;

/** The signed-in frame: a sidebar (a drawer on a phone), the top bar, and the page. */
export function Layout() {
  const t = useT(shellMessages);
  const { profile, isAdmin, logout } = useAuth();
  const { state } = useRealtime();
  const location = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  // A page change closes the drawer on a phone. The path is the trigger, not a value used inside.
  // biome-ignore lint/correctness/useExhaustiveDependencies: see above
  useEffect(() => setMenuOpen(false), [location.pathname]);
  useEffect(() => {
    if (!menuOpen) return;
    const closeOnEscape = (e: KeyboardEvent) => e.key === 'Escape' && setMenuOpen(false);
    window.addEventListener('keydown', closeOnEscape);
    return () => window.removeEventListener('keydown', closeOnEscape);
  }, [menuOpen]);

  const link = (item: NavItem) => (
    <li key={item.to}>
      <NavLink to={item.to} className={({ isActive }) => (isActive ? 'nav-link active' : 'nav-link')}>
        <item.icon aria-hidden="true" size={18} /> {t(item.label)}
      </NavLink>
    </li>
  );

  return (
    <div className={menuOpen ? 'shell menu-open' : 'shell'}>
      <a className="skip-link" href="#main">
        {t('skipToContent')}
      </a>
      <header className="topbar">
        <Button
          variant="ghost"
          className="menu-toggle"
          aria-expanded={menuOpen}
          aria-controls="sidebar"
          onClick={() => setMenuOpen((open) => !open)}
        >
          <Menu aria-hidden="true" size={20} /> <span className="visually-hidden">{t('menu')}</span>
        </Button>
        <span className="brand">
          <span className="brand-mark" aria-hidden="true" /> <span className="brand-name">{t('brand')}</span>
        </span>
        <span className={`realtime realtime-${state}`} role="status" title={t(STATE_LABEL[state])}>
          <span className="realtime-dot" aria-hidden="true" />
          <span className="realtime-label">{t(STATE_LABEL[state])}</span>
        </span>
        <div className="topbar-end">
          <NotificationBell />
          <LanguageSwitch />
          <span className="user-name" title={profile?.user_id}>
            {profile?.nickname ?? ''}
          </span>
          <Button variant="ghost" small onClick={() => void logout()}>
            {t('signOut')}
          </Button>
        </div>
      </header>
      <nav id="sidebar" className="sidebar" aria-label={t('navMain')}>
        <ul>{USER_NAV.map(link)}</ul>
        {isAdmin && (
          <>
            <h2 className="nav-section">{t('adminSection')}</h2>
            <ul>{ADMIN_NAV.map(link)}</ul>
          </>
        )}
        <a className="nav-link nav-docs" href="/docs" target="_blank" rel="noreferrer">
          <BookOpen aria-hidden="true" size={18} /> {t('apiDocs')}
        </a>
      </nav>
      <main id="main" className="content" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}
