import { type ButtonHTMLAttributes, useEffect, useState } from 'react';
import { useT } from '../i18n/messages';
import { uiMessages } from './messages';

type Variant = 'primary' | 'secondary' | 'danger' | 'ghost';

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: Variant;
  small?: boolean;
  /** Shows the button as working and disables it (a request is in flight). */
  busy?: boolean;
}

export function Button({
  variant = 'secondary',
  small,
  busy,
  className,
  disabled,
  type,
  ...rest
}: ButtonProps) {
  const classes = ['button', `button-${variant}`, small && 'button-small', className]
    .filter(Boolean)
    .join(' ');
  return (
    <button
      type={type ?? 'button'}
      className={classes}
      disabled={disabled || busy}
      aria-busy={busy || undefined}
      {...rest}
    />
  );
}

/**
 * A destructive action that asks once more in place: the first press arms it, the second does it.
 * Keyboard-friendly (no modal), and it disarms itself after a few seconds.
 */
export function ConfirmButton({
  onConfirm,
  children,
  confirmLabel,
  ...rest
}: Omit<ButtonProps, 'onClick'> & { onConfirm: () => void; confirmLabel?: string }) {
  const t = useT(uiMessages);
  const [armed, setArmed] = useState(false);
  useEffect(() => {
    if (!armed) return;
    const timer = setTimeout(() => setArmed(false), 4000);
    return () => clearTimeout(timer);
  }, [armed]);
  return (
    <Button
      variant="danger"
      {...rest}
      onClick={() => {
        if (!armed) return setArmed(true);
        setArmed(false);
        onConfirm();
      }}
    >
      {armed ? (confirmLabel ?? t('confirmDelete')) : children}
    </Button>
  );
}
