/**
 * A fault injector for the EventStoreDB adapter. It is not a stand-in for EventStoreDB, and the
 * contract suite never runs on it.
 *
 * It is an in-process gRPC server made from the client's own generated service definitions
 * (@eventstore/db-client/generated, served by @grpc/grpc-js, the client's transport). Each test
 * scripts its answers to the adapter's calls, the way a faulty or slow server answers: never, with
 * ABORTED or "Server Is Not Ready", by ending a subscription with status OK, with CaughtUp ahead of
 * the last catch-up events and again later, with a commit timeout. It keeps no log and checks no
 * revision; every answer comes from the test's script. Only the contract suite on a real server
 * (eventstoredb-event-store.engine.spec.ts, `npm run test:engines`) proves what EventStoreDB itself
 * guarantees. docs/eventstoredb.md says what these tests can prove and what they cannot.
 */
import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { Any } from 'google-protobuf/google/protobuf/any_pb';
import { Empty } from 'google-protobuf/google/protobuf/empty_pb';
import { Code } from '@eventstore/db-client/generated/code_pb';
import { ServerFeaturesService } from '@eventstore/db-client/generated/serverfeatures_grpc_pb';
import { SupportedMethod, SupportedMethods } from '@eventstore/db-client/generated/serverfeatures_pb';
import { AllStreamPosition, Empty as SharedEmpty, StreamIdentifier, Timeout, UUID } from '@eventstore/db-client/generated/shared_pb';
import { Status } from '@eventstore/db-client/generated/status_pb';
import { StreamsService } from '@eventstore/db-client/generated/streams_grpc_pb';
import { BatchAppendReq, BatchAppendResp, ReadReq, ReadResp } from '@eventstore/db-client/generated/streams_pb';

/** What the adapter asked Streams.Read for. */
export interface ReadRequest {
  /** '$all', or the stream's name. */
  stream: string;
  subscription: boolean;
  direction: 'forwards' | 'backwards';
  /** 'start', 'end', a $all commit position or a stream revision. */
  from: 'start' | 'end' | bigint;
  /** The read's maxCount; undefined for a subscription. */
  count: bigint | undefined;
}

/** An event to send; its position is both its commit and prepare position. */
export interface ScriptedEvent {
  stream: string;
  revision: bigint;
  position: bigint;
  type: string;
  /** JSON data; a Uint8Array is sent as a binary (non-JSON) event. */
  data: unknown;
}

export interface AppendRequest {
  stream: string;
  expected: 'any' | 'no_stream' | 'exists' | bigint;
  events: { id: string; type: string; data: string }[];
}

/**
 * How to answer an append: its result; 'commit-timeout' (the server's Status.Timeout, what it sends
 * when the commit timed out after the prepares were written); 'not-ready' (the server's NotHandled
 * answer while it starts or is too busy); 'never'.
 */
export type AppendAnswer = { revision: bigint | 'no_stream'; position?: bigint } | 'commit-timeout' | 'not-ready' | 'never';

export interface FaultScript {
  read?(request: ReadRequest, reply: ReadReply): void;
  append?(request: AppendRequest): AppendAnswer;
}

/** The answer to one Streams.Read call, message by message. */
export class ReadReply {
  constructor(private readonly call: grpc.ServerWritableStream<ReadReq, ReadResp>) {}

  /** The client has cancelled the call (its deadline, an unsubscribe, a dispose). */
  get cancelled(): boolean {
    return this.call.cancelled;
  }

  confirm(): this {
    return this.send(new ReadResp().setConfirmation(new ReadResp.SubscriptionConfirmation().setSubscriptionId(randomUUID())));
  }

  /** Sends events; `all` says whether they come from $all (with a commit position) or from a stream read. */
  events(events: readonly ScriptedEvent[], all = true): this {
    for (const e of events) this.send(new ReadResp().setEvent(readEvent(e, all)));
    return this;
  }

  caughtUp(): this {
    return this.send(new ReadResp().setCaughtUp(new ReadResp.CaughtUp()));
  }

  fellBehind(): this {
    return this.send(new ReadResp().setFellBehind(new ReadResp.FellBehind()));
  }

  streamNotFound(stream: string): this {
    return this.send(new ReadResp().setStreamNotFound(new ReadResp.StreamNotFound().setStreamIdentifier(streamIdentifier(stream))));
  }

  /** Ends the call with status OK. */
  end(): void {
    this.call.end();
  }

  /** Ends the call with an error status, as the server's RpcExceptions do (ABORTED for a read timeout). */
  fail(code: grpc.status, details: string): void {
    this.call.emit('error', { code, details });
  }

  private send(message: ReadResp): this {
    if (!this.call.cancelled) this.call.write(message);
    return this;
  }
}

export class GrpcFaultInjector {
  /** Starts a server on a free port of 127.0.0.1. */
  static async start(script: FaultScript): Promise<GrpcFaultInjector> {
    const server = new grpc.Server();
    const injector = new GrpcFaultInjector(server, script);
    server.addService(ServerFeaturesService, { getSupportedMethods: injector.supportedMethods });
    server.addService(StreamsService, { read: injector.read, batchAppend: injector.batchAppend });
    injector.port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, port) => (error ? reject(error) : resolve(port))),
    );
    return injector;
  }

  private port = 0;
  /** Every Streams.Read request, in arrival order. */
  readonly reads: ReadRequest[] = [];

  private constructor(
    private readonly server: grpc.Server,
    public script: FaultScript,
  ) {}

  get url(): string {
    return `esdb://127.0.0.1:${this.port}?tls=false`;
  }

  stop(): void {
    this.server.forceShutdown();
  }

  /** Lists BatchAppend, so that the client appends with it, as it does on every server since 21.10. */
  private readonly supportedMethods = (_call: grpc.ServerUnaryCall<Empty, SupportedMethods>, callback: grpc.sendUnaryData<SupportedMethods>): void => {
    const method = (name: string) => new SupportedMethod().setServiceName('event_store.client.streams.streams').setMethodName(name);
    callback(null, new SupportedMethods().setEventStoreServerVersion('24.10.0').setMethodsList([method('read'), method('batchappend')]));
  };

  private readonly read = (call: grpc.ServerWritableStream<ReadReq, ReadResp>): void => {
    const request = readRequest(call.request);
    this.reads.push(request);
    this.script.read?.(request, new ReadReply(call));
  };

  private readonly batchAppend = (call: grpc.ServerDuplexStream<BatchAppendReq, BatchAppendResp>): void => {
    const pending = new Map<string, { options: BatchAppendReq.Options; events: AppendRequest['events'] }>();
    call.on('data', (request: BatchAppendReq) => {
      const correlation = request.getCorrelationId()!;
      const key = correlation.getString();
      const options = request.getOptions();
      if (options) pending.set(key, { options, events: [] });
      const append = pending.get(key)!;
      for (const m of request.getProposedMessagesList()) {
        append.events.push({ id: m.getId()!.getString(), type: m.getMetadataMap().get('type') ?? '', data: Buffer.from(m.getData_asU8()).toString('utf8') });
      }
      if (!request.getIsFinal()) return;
      pending.delete(key);
      const answer = this.script.append?.(appendRequest(append.options, append.events)) ?? 'never';
      if (answer === 'never') return;
      const response = new BatchAppendResp().setCorrelationId(correlation).setStreamIdentifier(append.options.getStreamIdentifier());
      if (answer === 'commit-timeout') response.setError(status(Code.DEADLINE_EXCEEDED, 'Timeout', new Timeout().serializeBinary(), 'event_store.client.Timeout'));
      // As the server's NotHandled answer: no code, an Empty detail, the reason as the message.
      else if (answer === 'not-ready') response.setError(status(Code.OK, 'Server Is Not Ready', new Empty().serializeBinary(), 'google.protobuf.Empty'));
      else response.setSuccess(appendSuccess(answer.revision, answer.position));
      call.write(response);
    });
    call.on('end', () => call.end());
  };
}

function readRequest(request: ReadReq): ReadRequest {
  const options = request.getOptions()!;
  const direction = options.getReadDirection() === ReadReq.Options.ReadDirection.BACKWARDS ? 'backwards' : 'forwards';
  const count = options.hasCount() ? BigInt(options.getCount()) : undefined;
  const subscription = options.hasSubscription();
  const all = options.getAll();
  if (all) {
    const from = all.hasStart() ? 'start' : all.hasEnd() ? 'end' : BigInt(all.getPosition()!.getCommitPosition());
    return { stream: '$all', subscription, direction, from, count };
  }
  const stream = options.getStream()!;
  const from = stream.hasStart() ? 'start' : stream.hasEnd() ? 'end' : BigInt(stream.getRevision());
  return { stream: Buffer.from(stream.getStreamIdentifier()!.getStreamName_asU8()).toString('utf8'), subscription, direction, from, count };
}

function appendRequest(options: BatchAppendReq.Options, events: AppendRequest['events']): AppendRequest {
  const stream = Buffer.from(options.getStreamIdentifier()!.getStreamName_asU8()).toString('utf8');
  const expected = options.hasAny() ? 'any' : options.hasNoStream() ? 'no_stream' : options.hasStreamExists() ? 'exists' : BigInt(options.getStreamPosition());
  return { stream, expected, events };
}

function appendSuccess(revision: bigint | 'no_stream', position: bigint | undefined): BatchAppendResp.Success {
  const success = new BatchAppendResp.Success();
  if (revision === 'no_stream') success.setNoStream(new Empty());
  else success.setCurrentRevision(String(revision));
  if (position === undefined) success.setNoPosition(new Empty());
  else success.setPosition(new AllStreamPosition().setCommitPosition(String(position)).setPreparePosition(String(position)));
  return success;
}

function status(code: Code, message: string, details: Uint8Array, typeName: string): Status {
  const any = new Any();
  any.pack(details, typeName);
  return new Status().setCode(code).setMessage(message).setDetails(any);
}

const streamIdentifier = (stream: string): StreamIdentifier => new StreamIdentifier().setStreamName(Uint8Array.from(Buffer.from(stream, 'utf8')));

/** .NET ticks (100 ns) since the Unix epoch, as the server sends `created`. */
const ticks = (date: Date): string => String(BigInt(date.getTime()) * 10_000n);

function readEvent(e: ScriptedEvent, all: boolean): ReadResp.ReadEvent {
  const binary = e.data instanceof Uint8Array;
  const record = new ReadResp.ReadEvent.RecordedEvent()
    .setId(new UUID().setString(randomUUID()))
    .setStreamIdentifier(streamIdentifier(e.stream))
    .setStreamRevision(String(e.revision))
    .setCommitPosition(String(e.position))
    .setPreparePosition(String(e.position))
    .setData(binary ? (e.data as Uint8Array) : Buffer.from(JSON.stringify(e.data), 'utf8'))
    .setCustomMetadata(Buffer.from(JSON.stringify({ userId: 'u', correlationId: 'c', causationId: 'c' }), 'utf8'));
  record.getMetadataMap().set('type', e.type).set('content-type', binary ? 'application/octet-stream' : 'application/json').set('created', ticks(new Date()));
  const read = new ReadResp.ReadEvent().setEvent(record);
  return all ? read.setCommitPosition(String(e.position)) : read.setNoPosition(new SharedEmpty());
}
