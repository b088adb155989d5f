import type { ModelConfig, SaveModelConfigBody } from '@cyrene/sdk';

/** The model form's fields as typed: tags as one comma-separated line, params as JSON text. */
export interface ModelDraft {
  id: string;
  name: string;
  provider: string;
  description: string;
  priority: string;
  tags: string;
  params: string;
  enabled: boolean;
}

export type ParamsCheck =
  | { ok: true; value: Record<string, unknown> }
  | { ok: false; reason: 'invalid'; detail: string }
  | { ok: false; reason: 'notObject' };

/** The params text must be a JSON object (the gateway stores a record); empty means {}. */
export function parseParams(text: string): ParamsCheck {
  if (text.trim() === '') return { ok: true, value: {} };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, reason: 'invalid', detail: e instanceof Error ? e.message : String(e) };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { ok: false, reason: 'notObject' };
  return { ok: true, value: value as Record<string, unknown> };
}

/** Model ids allow letters, digits and _ . : - — a remote id like "org/model" becomes "org-model". */
export function modelIdFrom(remoteId: string): string {
  const id = remoteId.replace(/[^A-Za-z0-9_.:-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '');
  return id.slice(0, 64);
}

export function draftOf(model: ModelConfig): ModelDraft {
  return {
    id: model.id,
    name: model.name,
    provider: model.provider,
    description: model.description,
    priority: String(model.priority),
    tags: model.tags.join(', '),
    params: Object.keys(model.params).length === 0 ? '' : JSON.stringify(model.params, null, 2),
    enabled: model.enabled,
  };
}

export function emptyDraft(provider = '', remoteId = ''): ModelDraft {
  return {
    id: modelIdFrom(remoteId),
    name: remoteId,
    provider,
    description: '',
    priority: '0',
    tags: '',
    params: '',
    enabled: true,
  };
}

/** The body of a save: the gateway replaces the whole model, so every field is sent. */
export function bodyOf(draft: ModelDraft, params: Record<string, unknown>): SaveModelConfigBody {
  const name = draft.name.trim();
  return {
    ...(name ? { name } : {}),
    provider: draft.provider,
    description: draft.description,
    priority: Number.parseInt(draft.priority, 10) || 0,
    tags: draft.tags
      .split(',')
      .map((tag) => tag.trim())
      .filter(Boolean),
    params,
    enabled: draft.enabled,
  };
}

/** The saved model as a save body (to flip `enabled` without touching the rest). */
export function bodyOfModel(model: ModelConfig, enabled: boolean): SaveModelConfigBody {
  const { name, provider, description, priority, tags, params } = model;
  return { name, provider, description, priority, tags, params, enabled };
}
