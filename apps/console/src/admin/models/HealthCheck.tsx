import { type ProviderHealthCheck, unwrap } from '@cyrene/sdk';
import { useMutation } from '@tanstack/react-query';
import { useApi } from '../../api/client';
import { useT } from '../../i18n/messages';
import { modelsMessages } from './messages';

/** Asks the gateway to call GET {base_url}/models with the stored key. */
export function useHealthCheck(provider: string) {
  const api = useApi();
  return useMutation({
    mutationFn: async () => unwrap(await api.rest.admin.checkModelProvider({ body: { provider } }), 200),
  });
}

/** The gateway's answer as it came: its message, ok, latency and the failure's reason. */
export function HealthResult({ result }: { result: ProviderHealthCheck }) {
  const t = useT(modelsMessages);
  return (
    <div
      className={`notice admin-health ${result.ok ? 'admin-health-ok' : 'notice-error'}`}
      role="status"
      aria-label={t('healthCheckNamed', { name: result.provider })}
    >
      <p className="row">
        <span className={`badge ${result.ok ? 'badge-success' : 'badge-danger'}`}>
          {result.ok ? t('healthOk') : t('healthFailed')}
        </span>
        <span className="muted">{t('latency', { ms: result.latency_ms })}</span>
      </p>
      {result.error && <p className="notice-title">{result.error}</p>}
      <p className="notice-hint">{result.message}</p>
    </div>
  );
}
