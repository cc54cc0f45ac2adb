/**
 * Wires the ports to the adapters the configuration names. Everything else asks for the ports
 * (EVENT_STORE, READ_STORE, CLOCK, CONFIG), never for an adapter.
 */
import { DynamicModule, Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { join } from 'node:path';
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
}

export const eventStorePath = (config: Config): string => join(config.dataDir, 'events.sqlite');

async function openEventStore(config: Config): Promise<EventStore> {
  if (config.eventStore === 'embedded') return SqliteEventStore.open(eventStorePath(config));
  throw new Error(`EVENT_STORE=${config.eventStore} is not available in this build`);
}

async function openReadStore(config: Config): Promise<ReadStore> {
  if (config.readStore === 'embedded') return new MemoryReadStore();
  throw new Error(`READ_STORE=${config.readStore} is not available in this build`);
}

@Global()
@Module({})
export class InfrastructureModule implements OnApplicationShutdown {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_STORE) private readonly reads: ReadStore,
  ) {}

  static forRoot({ config, clock }: Infrastructure): DynamicModule {
    return {
      module: InfrastructureModule,
      providers: [
        { provide: CONFIG, useValue: config },
        { provide: CLOCK, useValue: clock },
        { provide: EVENT_STORE, useFactory: () => openEventStore(config) },
        { provide: READ_STORE, useFactory: () => openReadStore(config) },
        ReadModels,
      ],
      exports: [CONFIG, CLOCK, EVENT_STORE, READ_STORE, ReadModels],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.reads.close();
    await this.events.close();
  }
}
