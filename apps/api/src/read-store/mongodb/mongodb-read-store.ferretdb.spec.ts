/**
 * The read-store contract on the MongoDB adapter over the wire, against FerretDB (the MongoDB
 * protocol on SQLite) on every `npm test` where Go could build it; skipped (and counted so) where not.
 */
import { ferretDbAvailable, startFerretDb, type FerretDb } from '../../../../../test/support/ferretdb';
import { readStoreContract } from '../read-store.contract';
import { mongoStoreFactory } from './mongodb-test-support';

const suite = ferretDbAvailable ? describe : describe.skip;

suite('MongoDB adapter over FerretDB', () => {
  let server: FerretDb;
  beforeAll(async () => {
    server = await startFerretDb();
  });
  afterAll(async () => server?.stop());

  readStoreContract('MongoDB adapter on FerretDB', mongoStoreFactory(() => server.url));
});
