/** Make a store look down for a moment, by making some of its methods fail; `restore()` brings it back. */
import { EVENT_STORE, StoreUnavailable } from '../../apps/api/src/event-store/event-store.port';
import { READ_STORE } from '../../apps/api/src/read-store/read-store.port';
import type { TestServer } from './server';

export function storeDown(server: TestServer, store: 'event store' | 'read store', methods: string[], error: Error = new StoreUnavailable(store, 'connection refused')): { restore(): void } {
  const target = server.app.get(store === 'event store' ? EVENT_STORE : READ_STORE) as Record<string, unknown>;
  const spies = methods.map((method) => jest.spyOn(target as any, method).mockImplementation(() => Promise.reject(error)));
  return { restore: () => spies.forEach((spy) => spy.mockRestore()) };
}
