/**
 * Wires the ports to the adapters the configuration names. Everything else asks for the ports
 * (EVENT_STORE, READ_STORE, SESSION_REVOCATION, CLOCK, CONFIG), never for an adapter.
 */
import { flushTraces } from './observability/tracing';
import { DynamicModule, Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { join } from 'node:path';
import { SESSION_REVOCATION, type SessionRevocation } from './auth/session-revocation';
import { CLOCK, type Clock } from './clock/clock.port';
import { CONFIG, type Config } from './config/config';
import { EVENT_STORE, type EventStore } from './event-store/event-store.port';
import { SqliteEventStore } from './event-store/sqlite/sqlite-event-store';
import { MemoryReadStore } from './read-store/memory/memory-read-store';
import { READ_STORE, type ReadStore } from './read-store/read-store.port';
import { ReadModels } from './projections/read-models';

export interface Infrastructure {
  config: Config;
  clock: Clock;
  /** Opened before Nest starts, so that a store that cannot be reached stops start-up with one clear line. */
  events: EventStore;
  reads: ReadStore;
  /** The session store @fastify/session runs on (app.ts), which also ends and updates a user's sessions. */
  sessions: SessionRevocation;
}

/** Both stores are tried at once, so a start against two dead servers still fails within 10 s. */
const STARTUP_TIMEOUT_MS = 5000;

export const eventStorePath = (config: Config): string => join(config.dataDir, 'events.sqlite');

// The EventStoreDB and MongoDB adapters are loaded only when configured: their drivers (gRPC and
// protobuf, the MongoDB wire protocol) are ~20 MB of memory each that the embedded default never uses.

export async function openEventStore(config: Config): Promise<EventStore> {
  if (config.eventStore === 'eventstoredb') {
    const { EventStoreDbEventStore } = await import('./event-store/eventstoredb/eventstoredb-event-store');
    return EventStoreDbEventStore.connect(config.eventStoreUrl, STARTUP_TIMEOUT_MS);
  }
  return SqliteEventStore.open(eventStorePath(config));
}

export async function openReadStore(config: Config): Promise<ReadStore> {
  if (config.readStore === 'mongodb') {
    const { MongoReadStore } = await import('./read-store/mongodb/mongodb-read-store');
    return MongoReadStore.connect(config.mongodbUrl, STARTUP_TIMEOUT_MS);
  }
  return new MemoryReadStore({ deferIndexes: true }); // filled by the start-up replay before any query
}

@Global()
@Module({})
export class InfrastructureModule implements OnApplicationShutdown {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_STORE) private readonly reads: ReadStore,
  ) {}

  static forRoot({ config, clock, events, reads, sessions }: Infrastructure): DynamicModule {
    return {
      module: InfrastructureModule,
      providers: [
        { provide: CONFIG, useValue: config },
        { provide: CLOCK, useValue: clock },
        { provide: EVENT_STORE, useValue: events },
        { provide: READ_STORE, useValue: reads },
        { provide: SESSION_REVOCATION, useValue: sessions },
        ReadModels,
      ],
      exports: [CONFIG, CLOCK, EVENT_STORE, READ_STORE, SESSION_REVOCATION, ReadModels],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.reads.close();
    await this.events.close();
    await flushTraces(); // the spans of the last seconds, when tracing is on
  }
}
