import { type Locale, useLocale } from './locale';

/** One screen's texts: Chinese is the reference, English must have every key. */
export type Messages<K extends string> = Record<Locale, Record<K, string>>;

/**
 * Declares a screen's texts next to the screen. `{name}` placeholders are filled by `t`.
 *
 * @example const messages = defineMessages({ zh: { hello: '你好,{name}' }, en: { hello: 'Hello, {name}' } });
 */
export function defineMessages<K extends string>(messages: { zh: Record<K, string>; en: Record<K, string> }) {
  return messages satisfies Messages<K>;
}

export type Translate<K extends string> = (key: K, params?: Record<string, string | number>) => string;

export function translate<K extends string>(messages: Messages<K>, locale: Locale): Translate<K> {
  const table = messages[locale];
  return (key, params) => {
    const text = table[key];
    return params ? text.replace(/\{(\w+)\}/g, (whole, name: string) => String(params[name] ?? whole)) : text;
  };
}

/** The current locale's `t` for a screen's messages. */
export function useT<K extends string>(messages: Messages<K>): Translate<K> {
  const { locale } = useLocale();
  return translate(messages, locale);
}
