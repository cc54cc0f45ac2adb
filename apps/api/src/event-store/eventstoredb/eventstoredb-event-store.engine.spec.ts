/**
 * The event store contract on a real EventStoreDB: runs only under `npm run test:engines` with
 * EVENTSTORE_URL set (docker compose, or the CI workflow's service container).
 */
import { eventStoreContract } from '../event-store.contract';
import { EventStoreDbEventStore } from './eventstoredb-event-store';

const url = process.env.EVENTSTORE_URL!;

eventStoreContract('EventStoreDB', async () => {
  const store = await EventStoreDbEventStore.connect(url);
  return { store, cleanup: () => store.close() };
});
