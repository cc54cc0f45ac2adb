/** The read-store contract on a real MongoDB: `npm run test:engines` with MONGODB_URL set (compose, CI service container). */
import { readStoreContract } from '../read-store.contract';
import { mongoStoreFactory } from './mongodb-test-support';

readStoreContract('MongoDB', mongoStoreFactory(() => process.env.MONGODB_URL!));
