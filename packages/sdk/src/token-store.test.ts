import { describe, expect, it } from 'vitest';
import { createMemoryTokenStore, createStorageTokenStore, type TokenStorage } from './token-store';

function mapStorage(): TokenStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, value),
    removeItem: (key) => void data.delete(key),
  };
}

describe('token stores', () => {
  it('memory: set, get, clear', () => {
    const store = createMemoryTokenStore({ token: 'a' });
    expect(store.get()).toEqual({ token: 'a' });
    store.set({ token: 'b', refresh_token: 'r' });
    expect(store.get()).toEqual({ token: 'b', refresh_token: 'r' });
    store.clear();
    expect(store.get()).toBeNull();
  });

  it('storage: keeps JSON under its key and ignores what it cannot read', () => {
    const storage = mapStorage();
    const store = createStorageTokenStore(storage, 'k');
    store.set({ token: 't', refresh_token: 'r', expires: 5 });
    expect(JSON.parse(storage.data.get('k') ?? '')).toEqual({ token: 't', refresh_token: 'r', expires: 5 });
    expect(createStorageTokenStore(storage, 'k').get()).toEqual({
      token: 't',
      refresh_token: 'r',
      expires: 5,
    });
    store.clear();
    expect(store.get()).toBeNull();
    storage.setItem('k', '{not json');
    expect(store.get()).toBeNull();
    storage.setItem('k', '{"token":1}');
    expect(store.get()).toBeNull();
  });
});
