import { Logger } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import type { INestApplicationContext } from '@nestjs/common';
import { Redis } from 'ioredis';
import type { Server, ServerOptions } from 'socket.io';

/**
 * Socket.IO across several API instances: rooms and broadcasts go through Redis pub/sub, so
 * an event emitted on one instance reaches clients connected to any other.
 */
export class RedisIoAdapter extends IoAdapter {
  private pub: Redis | null = null;
  private sub: Redis | null = null;

  constructor(
    app: INestApplicationContext,
    private readonly redisUrl: string,
  ) {
    super(app);
  }

  async connect(): Promise<void> {
    this.pub = new Redis(this.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 3 });
    this.sub = this.pub.duplicate();
    await Promise.all([this.pub.connect(), this.sub.connect()]);
    keepFailuresHandled(this.pub, ['publish']);
    keepFailuresHandled(this.sub, ['psubscribe', 'subscribe', 'punsubscribe', 'unsubscribe']);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server = super.createIOServer(port, options) as Server;
    if (!this.pub || !this.sub) throw new Error('RedisIoAdapter.connect() must be awaited before the server starts');
    server.adapter(createAdapter(this.pub, this.sub));
    return server;
  }

  /**
   * Closing the Socket.IO server makes the Redis adapter unsubscribe without waiting; QUIT lets
   * those commands finish first (a hard disconnect rejected them: "Connection is closed", an
   * unhandled rejection in whatever ran next).
   */
  override async dispose(): Promise<void> {
    await super.dispose();
    // A client that is not connected (Redis away) is dropped: QUIT would wait for a reconnection.
    await Promise.allSettled([this.pub, this.sub].map((client) => (client?.status === 'ready' ? client.quit() : client?.disconnect())));
  }
}

const WARNING_INTERVAL_MS = 10_000;

/**
 * The Redis adapter sends its commands (publish, and (un)subscribe when a namespace opens or
 * closes) without awaiting them: while Redis is away each one rejects with no handler, and an
 * unhandled rejection ends the process. Here a failed command is logged (at most every ten
 * seconds) instead: the event is not relayed to the other instances, whose clients catch up by
 * sequence number when they reconnect; local clients still get it.
 */
function keepFailuresHandled(client: Redis, commands: readonly string[]): void {
  const logger = new Logger('RedisIoAdapter');
  let lastWarning = 0;
  const target = client as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const command of commands) {
    const send = target[command].bind(client);
    target[command] = (...args: unknown[]) => {
      const sent = send(...args);
      if (sent instanceof Promise) {
        sent.catch((error: Error) => {
          if (Date.now() - lastWarning < WARNING_INTERVAL_MS) return;
          lastWarning = Date.now();
          logger.warn(`Live events are not reaching the other instances: Redis ${command} failed (${error.message})`);
        });
      }
      return sent;
    };
  }
}
