import type { BriefingSettings } from '@cyrene/sdk';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useApi } from '../api/client';
import { useT } from '../i18n/messages';
import { Button } from '../ui/Button';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Field } from '../ui/Field';
import { Loading } from '../ui/Loading';
import { browserTimeZone } from '../ui/local-time';
import { useToast } from '../ui/toasts';
import { briefingsMessages } from './messages';
import { briefingKeys, getBriefingSettings, updateBriefingSettings } from './queries';

/** The daily schedule (GET/PUT /briefings/settings), loaded before the form is shown. */
export function BriefingSettingsCard() {
  const t = useT(briefingsMessages);
  const api = useApi();
  const settings = useQuery({
    queryKey: briefingKeys.settings,
    queryFn: () => getBriefingSettings(api),
  });
  return (
    <section className="card stack" aria-labelledby="briefings-settings-heading">
      <h2 id="briefings-settings-heading" className="briefings-card-title">
        {t('settings')}
      </h2>
      {settings.isPending ? (
        <Loading />
      ) : settings.isError ? (
        <ErrorNotice error={settings.error} onRetry={() => settings.refetch()} />
      ) : (
        <SettingsForm settings={settings.data} />
      )}
    </section>
  );
}

function SettingsForm({ settings }: { settings: BriefingSettings }) {
  const t = useT(briefingsMessages);
  const api = useApi();
  const toast = useToast();
  const queryClient = useQueryClient();
  const browserZone = browserTimeZone();
  const [enabled, setEnabled] = useState(settings.enabled);
  const [time, setTime] = useState(settings.time);
  const [timezone, setTimezone] = useState(settings.timezone);

  const save = useMutation({
    mutationFn: () => updateBriefingSettings(api, { enabled, time, timezone }),
    onSuccess: (saved) => {
      queryClient.setQueryData(briefingKeys.settings, saved);
      toast({ title: t('saved'), kind: 'success' });
    },
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };

  return (
    <form className="stack" onSubmit={onSubmit}>
      <label className="row briefings-check">
        <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
        {t('enabled')}
      </label>
      <div className="briefings-settings-grid">
        <Field label={t('time')}>
          <input type="time" required value={time} onChange={(e) => setTime(e.target.value)} />
        </Field>
        <Field label={t('timezone')} hint={t('timezoneHint', { zone: browserZone })}>
          <input required value={timezone} onChange={(e) => setTimezone(e.target.value)} />
        </Field>
      </div>
      <ErrorNotice error={save.error} />
      <div className="row">
        <Button type="submit" variant="primary" busy={save.isPending}>
          {t('save')}
        </Button>
        <Button disabled={timezone === browserZone} onClick={() => setTimezone(browserZone)}>
          {t('useBrowserZone')}
        </Button>
      </div>
    </form>
  );
}
