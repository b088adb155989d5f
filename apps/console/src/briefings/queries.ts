import { type GatewayClient, type UpdateBriefingSettingsBody, unwrap } from '@cyrene/sdk';

/** TanStack Query keys of the briefings screen; `all` is the prefix of every one. */
export const briefingKeys = {
  all: ['briefings'] as const,
  today: ['briefings', 'today'] as const,
  latest: ['briefings', 'latest'] as const,
  settings: ['briefings', 'settings'] as const,
};

// The briefings screen's gateway calls, each answering the success body (a failure throws GatewayError).

export async function getTodayBriefing(api: GatewayClient) {
  return unwrap(await api.rest.briefings.getBriefing({ query: {} }), 200);
}

export async function listLatestBriefings(api: GatewayClient, limit: number) {
  return unwrap(await api.rest.briefings.listLatestBriefings({ query: { limit } }), 200);
}

export async function generateBriefing(api: GatewayClient, userId: string) {
  return unwrap(await api.rest.briefings.generateBriefing({ body: { user_id: userId } }), 200);
}

export async function getBriefingSettings(api: GatewayClient) {
  return unwrap(await api.rest.briefings.getBriefingSettings({ query: {} }), 200);
}

export async function updateBriefingSettings(api: GatewayClient, body: UpdateBriefingSettingsBody) {
  return unwrap(await api.rest.briefings.updateBriefingSettings({ body }), 200);
}
