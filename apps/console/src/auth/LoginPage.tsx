import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Navigate, useLocation } from 'react-router';
import { LanguageSwitch } from '../app/LanguageSwitch';
import { useT } from '../i18n/messages';
import { Button } from '../ui/Button';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Field } from '../ui/Field';
import { useAuth } from './auth';
import { authMessages } from './messages';

type Mode = 'signIn' | 'register';

/** Sign in, or register when the gateway allows it (it answers 403 with its reason otherwise). */
export function LoginPage() {
  const t = useT(authMessages);
  const { signedIn, login, register } = useAuth();
  const location = useLocation();
  const [mode, setMode] = useState<Mode>('signIn');
  const [form, setForm] = useState({ username: '', password: '', email: '', nickname: '', verify_code: '' });
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [key]: e.target.value }));

  const submit = useMutation({
    mutationFn: async () => {
      if (mode === 'signIn') return login(form.username, form.password);
      await register(form);
    },
  });

  if (signedIn) {
    const from = (location.state as { from?: string } | null)?.from;
    return <Navigate to={from ?? '/chat'} replace />;
  }

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    submit.mutate();
  };

  return (
    <main className="login">
      <div className="login-card">
        <div className="login-top">
          <div className="brand-mark" aria-hidden="true" />
          <LanguageSwitch />
        </div>
        <h1>{mode === 'signIn' ? t('signInTitle') : t('registerTitle')}</h1>
        <p className="muted">{t('tagline')}</p>
        <form onSubmit={onSubmit} className="stack">
          <Field label={t('username')} hint={mode === 'register' ? t('usernameHint') : undefined}>
            <input autoComplete="username" required value={form.username} onChange={set('username')} />
          </Field>
          <Field label={t('password')} hint={mode === 'register' ? t('passwordHint') : undefined}>
            <input
              type="password"
              autoComplete={mode === 'signIn' ? 'current-password' : 'new-password'}
              required
              value={form.password}
              onChange={set('password')}
            />
          </Field>
          {mode === 'register' && (
            <>
              <Field label={t('nickname')}>
                <input required value={form.nickname} onChange={set('nickname')} />
              </Field>
              <Field label={t('email')}>
                <input
                  type="email"
                  autoComplete="email"
                  required
                  value={form.email}
                  onChange={set('email')}
                />
              </Field>
              <Field label={t('verifyCode')} hint={t('verifyCodeHint')}>
                <input inputMode="numeric" required value={form.verify_code} onChange={set('verify_code')} />
              </Field>
            </>
          )}
          <ErrorNotice error={submit.error} />
          <Button type="submit" variant="primary" busy={submit.isPending}>
            {mode === 'signIn' ? t('signIn') : t('register')}
          </Button>
        </form>
        <button
          type="button"
          className="link-button"
          onClick={() => {
            submit.reset();
            setMode(mode === 'signIn' ? 'register' : 'signIn');
          }}
        >
          {mode === 'signIn' ? t('noAccount') : t('haveAccount')}
        </button>
      </div>
    </main>
  );
}
