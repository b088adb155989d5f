import { type ModelConfig, type ModelRoutingRule, type RoutingPurpose, unwrap } from '@cyrene/sdk';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useApi } from '../../api/client';
import { formatDateTime } from '../../i18n/format';
import { useLocale } from '../../i18n/locale';
import { useT } from '../../i18n/messages';
import { Button, ConfirmButton } from '../../ui/Button';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { useToast } from '../../ui/toasts';
import { adminKeys } from '../query-keys';
import { moveItem } from './chain';
import { routingMessages } from './messages';

/** After a move, the button pressed keeps the focus (or its twin when it hit the end). */
type FocusAfterMove = { id: string; by: -1 | 1 } | null;

/** One purpose's rule: its fallback chain (reorderable), `required`, save and delete. */
export function RuleEditor({
  purpose,
  rule,
  models,
}: {
  purpose: RoutingPurpose;
  rule: ModelRoutingRule | undefined;
  models: ModelConfig[];
}) {
  const t = useT(routingMessages);
  const { locale } = useLocale();
  const api = useApi();
  const queryClient = useQueryClient();
  const toast = useToast();
  const headingId = useId();
  const listRef = useRef<HTMLOListElement>(null);
  const [chain, setChain] = useState<string[]>(rule?.fallback_chain ?? []);
  const [required, setRequired] = useState(rule?.required ?? false);
  const [announcement, setAnnouncement] = useState('');
  const [focusAfterMove, setFocusAfterMove] = useState<FocusAfterMove>(null);
  const purposeName = t(`purpose_${purpose}`);
  const enabled = new Set(models.filter((m) => m.enabled).map((m) => m.id));
  const addable = models.filter((m) => m.enabled && !chain.includes(m.id));
  const [choice, setChoice] = useState('');
  const chosen = addable.some((m) => m.id === choice) ? choice : (addable[0]?.id ?? '');
  const dirty =
    JSON.stringify(chain) !== JSON.stringify(rule?.fallback_chain ?? []) ||
    required !== (rule?.required ?? false);

  useEffect(() => {
    if (!focusAfterMove || !listRef.current) return;
    const { id, by } = focusAfterMove;
    const find = (dir: -1 | 1) =>
      listRef.current?.querySelector<HTMLButtonElement>(
        `button[data-move="${dir}"][data-model="${CSS.escape(id)}"]`,
      );
    const same = find(by);
    (same && !same.disabled ? same : find(by === -1 ? 1 : -1))?.focus();
    setFocusAfterMove(null);
  }, [focusAfterMove]);

  const refresh = () => queryClient.invalidateQueries({ queryKey: adminKeys.routing });
  const save = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.rest.admin.saveModelRoutingRule({
          params: { purpose },
          body: { fallback_chain: chain, required },
        }),
        200,
      ),
    onSuccess: async () => {
      await refresh();
      toast({ title: t('saved', { purpose: purposeName }), kind: 'success' });
    },
  });
  const remove = useMutation({
    mutationFn: async () => unwrap(await api.rest.admin.deleteModelRoutingRule({ params: { purpose } }), 200),
    onSuccess: async () => {
      await refresh();
      toast({ title: t('deleted', { purpose: purposeName }), kind: 'success' });
    },
  });

  const move = (index: number, by: -1 | 1) => {
    const id = chain[index];
    if (id === undefined) return;
    setChain(moveItem(chain, index, by));
    setAnnouncement(t('moved', { id, position: index + by + 1 }));
    setFocusAfterMove({ id, by });
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };

  return (
    <form className="card stack admin-rule" aria-labelledby={headingId} onSubmit={onSubmit}>
      <div className="admin-rule-head">
        <h2 id={headingId}>{purposeName}</h2>
        {rule ? (
          <span className="muted admin-small">
            {t('updatedAt', { time: formatDateTime(rule.updated_at, locale) })}
          </span>
        ) : (
          <span className="muted admin-small">{t('notConfigured')}</span>
        )}
        {dirty && <span className="badge badge-accent">{t('unsaved')}</span>}
      </div>
      <h3 className="admin-small">{t('chain')}</h3>
      {chain.length === 0 ? (
        <p className="muted">{t('chainEmpty')}</p>
      ) : (
        <ol ref={listRef} className="admin-chain" aria-label={t('chainFor', { purpose: purposeName })}>
          {chain.map((id, index) => (
            <li key={id} className="admin-chain-item">
              <span className="admin-chain-position" aria-hidden="true">
                {index + 1}
              </span>
              <code className="admin-break admin-chain-id">{id}</code>
              {!enabled.has(id) && <span className="badge badge-danger">{t('disabledModel')}</span>}
              <span className="admin-chain-buttons">
                <Button
                  small
                  variant="ghost"
                  data-move={-1}
                  data-model={id}
                  disabled={index === 0}
                  aria-label={t('moveUp', { id })}
                  onClick={() => move(index, -1)}
                >
                  ↑
                </Button>
                <Button
                  small
                  variant="ghost"
                  data-move={1}
                  data-model={id}
                  disabled={index === chain.length - 1}
                  aria-label={t('moveDown', { id })}
                  onClick={() => move(index, 1)}
                >
                  ↓
                </Button>
                <Button
                  small
                  variant="ghost"
                  aria-label={t('remove', { id })}
                  onClick={() => setChain(chain.filter((other) => other !== id))}
                >
                  ✕
                </Button>
              </span>
            </li>
          ))}
        </ol>
      )}
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
      {models.every((m) => !m.enabled) ? (
        <p className="muted">{t('noModels')}</p>
      ) : addable.length === 0 ? (
        <p className="muted">{t('noMoreModels')}</p>
      ) : (
        <div className="row admin-chain-add">
          <select
            aria-label={t('addModelTo', { purpose: purposeName })}
            value={chosen}
            onChange={(e) => setChoice(e.target.value)}
          >
            {addable.map((m) => (
              <option key={m.id} value={m.id}>
                {m.id === m.name ? m.id : `${m.id} (${m.name})`}
              </option>
            ))}
          </select>
          <Button small onClick={() => chosen && setChain([...chain, chosen])}>
            {t('add')}
          </Button>
        </div>
      )}
      <label className="row">
        <input type="checkbox" checked={required} onChange={(e) => setRequired(e.target.checked)} />
        {t('required')}
      </label>
      <small className="muted">{t('requiredHint')}</small>
      <ErrorNotice error={save.error ?? remove.error} />
      <div className="row">
        <Button
          type="submit"
          variant="primary"
          busy={save.isPending}
          disabled={chain.length === 0}
          aria-label={t('saveRule', { purpose: purposeName })}
        >
          {t('save')}
        </Button>
        {rule && (
          <ConfirmButton small busy={remove.isPending} onConfirm={() => remove.mutate()}>
            {t('deleteRule')}
          </ConfirmButton>
        )}
      </div>
    </form>
  );
}
