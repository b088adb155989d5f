import type { ModelConfig } from '@cyrene/sdk';
import { useState } from 'react';
import { useT } from '../../i18n/messages';
import { Dialog } from '../../ui/Dialog';
import { PageHeader } from '../../ui/PageHeader';
import '../admin.css';
import { ModelForm } from './ModelForm';
import { ModelsSection } from './ModelsSection';
import { modelsMessages } from './messages';
import { draftOf, emptyDraft, type ModelDraft } from './model-draft';
import { ProvidersSection, useProviders } from './ProvidersSection';

/** The model dialog: a new model (maybe prefilled from a provider's list), or editing one. */
type ModelEditing = { draft: ModelDraft; editing: boolean } | null;

export function ModelsPage() {
  const t = useT(modelsMessages);
  const providers = useProviders();
  // undefined until the providers are known, so "add a provider first" does not flash while they load.
  const providerNames = providers.data?.providers.map((p) => p.name);
  const [modelEditing, setModelEditing] = useState<ModelEditing>(null);

  return (
    <section className="stack admin-page">
      <PageHeader title={t('title')}>
        <p>{t('subtitle')}</p>
      </PageHeader>
      <ProvidersSection
        onAddModel={(provider, remoteId) =>
          setModelEditing({ draft: emptyDraft(provider, remoteId), editing: false })
        }
      />
      <ModelsSection
        providerCount={providerNames?.length}
        onAdd={() => setModelEditing({ draft: emptyDraft(providerNames?.[0]), editing: false })}
        onEdit={(model: ModelConfig) => setModelEditing({ draft: draftOf(model), editing: true })}
      />
      <Dialog
        open={modelEditing !== null}
        title={modelEditing?.editing ? t('editModel', { id: modelEditing.draft.id }) : t('newModel')}
        onClose={() => setModelEditing(null)}
      >
        {modelEditing && (
          <ModelForm
            initial={modelEditing.draft}
            editing={modelEditing.editing}
            providers={providerNames ?? []}
            onDone={() => setModelEditing(null)}
          />
        )}
      </Dialog>
    </section>
  );
}
