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
    await Promise.allSettled([this.pub, this.sub].map((client) => client?.quit()));
  }
}
