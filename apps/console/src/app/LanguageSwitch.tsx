import { type Locale, useLocale } from '../i18n/locale';
import { useT } from '../i18n/messages';
import { shellMessages } from './messages';

const NAMES: Record<Locale, string> = { zh: '中文', en: 'English' };

export function LanguageSwitch() {
  const t = useT(shellMessages);
  const { locale, setLocale } = useLocale();
  return (
    <select
      className="language-switch"
      aria-label={t('language')}
      value={locale}
      onChange={(e) => setLocale(e.target.value as Locale)}
    >
      {Object.entries(NAMES).map(([value, name]) => (
        <option key={value} value={value}>
          {name}
        </option>
      ))}
    </select>
  );
}
