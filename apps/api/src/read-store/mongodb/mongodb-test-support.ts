/** A MongoDB read store on a fresh database of the server at `baseUrl`, dropped afterwards (contract suites). */
import { MongoClient } from 'mongodb';
import type { ReadStoreFactory } from '../read-store.contract';
import { MongoReadStore } from './mongodb-read-store';

export const freshDatabaseUrl = (baseUrl: string): string => {
  const url = new URL(baseUrl);
  url.pathname = `/tessera_test_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  return url.toString();
};

export const mongoStoreFactory = (baseUrl: () => string): ReadStoreFactory => async () => {
  const url = freshDatabaseUrl(baseUrl());
  const store = await MongoReadStore.connect(url);
  return {
    store,
    async cleanup() {
      await store.close();
      const client = await MongoClient.connect(url);
      await client.db().dropDatabase().catch(() => undefined);
      await client.close();
    },
  };
};
