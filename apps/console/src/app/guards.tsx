import { Link, Navigate, Outlet, useLocation } from 'react-router';
import { useAuth } from '../auth/auth';
import { useT } from '../i18n/messages';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Loading } from '../ui/Loading';
import { PageHeader } from '../ui/PageHeader';
import { shellMessages } from './messages';

/** Pages behind sign-in: without tokens, to /login (and back here afterwards). */
export function RequireSignIn() {
  const { signedIn } = useAuth();
  const location = useLocation();
  if (!signedIn) return <Navigate to="/login" replace state={{ from: location.pathname }} />;
  return <Outlet />;
}

/** Admin pages: the admin sees them; anyone else is told why not. */
export function RequireAdmin() {
  const t = useT(shellMessages);
  const { profile, profileError, reloadProfile, isAdmin } = useAuth();
  // Only the profile tells whether this is the admin: wait for it, or say why it did not come.
  if (!profile)
    return profileError ? <ErrorNotice error={profileError} onRetry={reloadProfile} /> : <Loading />;
  if (!isAdmin) {
    return (
      <section>
        <PageHeader title={t('adminOnly')} />
        <p>{t('adminOnlyHint')}</p>
      </section>
    );
  }
  return <Outlet />;
}

export function NotFound() {
  const t = useT(shellMessages);
  return (
    <section>
      <PageHeader title={t('notFound')} />
      <p>{t('notFoundHint')}</p>
      <Link to="/chat">{t('backHome')}</Link>
    </section>
  );
}
