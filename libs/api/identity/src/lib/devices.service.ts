import { Injectable } from '@nestjs/common';
import { DataSource, In, IsNull, MoreThan, type EntityManager } from 'typeorm';
import type { DeviceResponse, DeviceWipeReason } from '@ecabinet/shared/contracts';
import { Clock, DomainEvents } from '@ecabinet/api/platform';
import { TransactionRunner } from '@ecabinet/api/database';
import { AuditService } from '@ecabinet/api/audit';
import { DeviceWipeEntity } from './entities/device-wipe.entity';
import { RefreshTokenEntity } from './entities/refresh-token.entity';
import { UserEntity } from './entities/user.entity';
import { identityErrors } from './identity.errors';

/** How long a wiped device stays in the list, for the record. */
const WIPED_SHOWN_DAYS = 90;

/**
 * A user's devices and remote wipe (#14). A device is a session's refresh-token family: one
 * browser or installed app. Wiping it revokes the session and records that the device must
 * delete what it keeps (stored papers, drafts, keys); the device hears it the next time it
 * reaches the server (its refresh answers `DEVICE_WIPED`), deletes everything before it shows
 * anything, and the record says when. Logging out everywhere and disabling the user wipe every
 * device the user holds a session on.
 */
@Injectable()
export class DevicesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
    private readonly clock: Clock,
  ) {}

  async list(userId: string, currentSessionId?: string): Promise<DeviceResponse[]> {
    const manager = this.dataSource.manager;
    const now = this.clock.now();
    const tokens = await manager.getRepository(RefreshTokenEntity).find({ where: { userId }, order: { createdAt: 'ASC' } });
    const wipes = new Map((await manager.getRepository(DeviceWipeEntity).find({ where: { userId } })).map((wipe) => [wipe.familyId, wipe]));
    const families = new Map<string, RefreshTokenEntity[]>();
    for (const token of tokens) families.set(token.familyId, [...(families.get(token.familyId) ?? []), token]);
    const shownSince = now.getTime() - WIPED_SHOWN_DAYS * 86_400_000;
    const devices: DeviceResponse[] = [];
    for (const [familyId, family] of families) {
      const first = family[0];
      const last = family[family.length - 1];
      const wipe = wipes.get(familyId);
      const live = family.some((token) => !token.revokedAt && !token.usedAt && token.expiresAt > now);
      if (!wipe && !live) continue;
      if (wipe && (wipe.wipedAt ?? wipe.requestedAt).getTime() < shownSince) continue;
      devices.push({
        id: familyId,
        userAgent: last.userAgent,
        ip: last.ip,
        signedInAt: first.createdAt.toISOString(),
        lastSeenAt: last.createdAt.toISOString(),
        current: familyId === currentSessionId,
        state: !wipe ? 'active' : wipe.wipedAt ? 'wiped' : 'wipe-pending',
        wipeReason: wipe?.reason ?? null,
        wipeRequestedAt: wipe?.requestedAt.toISOString() ?? null,
        wipedAt: wipe?.wipedAt?.toISOString() ?? null,
      });
    }
    return devices.sort((a, b) => Number(b.current) - Number(a.current) || b.lastSeenAt.localeCompare(a.lastSeenAt));
  }

  /** One device of `userId` is revoked and told to delete what it keeps; asked twice, the first request stands. */
  async wipe(userId: string, deviceId: string, actor: { id: string; sessionId?: string }): Promise<DeviceResponse> {
    const now = this.clock.now();
    await this.transactions.run(async (manager) => {
      const held = await manager.getRepository(RefreshTokenEntity).exists({ where: { userId, familyId: deviceId } });
      if (!held) throw identityErrors.deviceNotFound();
      await manager.getRepository(RefreshTokenEntity).update({ familyId: deviceId, revokedAt: IsNull() }, { revokedAt: now });
      const recorded = await this.record(manager, userId, [deviceId], 'revoked', actor.id, now);
      if (recorded.length) {
        await this.audit.record({ action: 'auth.device.wipe-requested', targetType: 'user', targetId: userId, details: { deviceId, reason: 'revoked' } }, manager);
      }
    });
    this.events.publish('identity.sessions-revoked', { userId, reason: 'device-wiped', sessionId: deviceId });
    const device = (await this.list(userId, actor.sessionId)).find((d) => d.id === deviceId);
    if (!device) throw identityErrors.deviceNotFound();
    return device;
  }

  /**
   * Every device the user still holds a session on must delete what it keeps (logged out
   * everywhere, disabled). Called inside the transaction that revokes the sessions, before it does.
   */
  async wipeAll(manager: EntityManager, userId: string, reason: DeviceWipeReason, actorId: string | null): Promise<void> {
    const now = this.clock.now();
    const live = await manager.getRepository(RefreshTokenEntity).find({ where: { userId, revokedAt: IsNull(), expiresAt: MoreThan(now) } });
    const families = [...new Set(live.map((token) => token.familyId))];
    const recorded = await this.record(manager, userId, families, reason, actorId, now);
    if (recorded.length) await this.audit.record({ action: 'auth.device.wipe-requested', targetType: 'user', targetId: userId, details: { deviceIds: recorded, reason } }, manager);
  }

  /**
   * A refused refresh of a revoked or expired session: when its device was told to wipe, it is
   * told now (and the record says when it first heard). True when the device must wipe.
   */
  async heard(familyId: string): Promise<boolean> {
    const repository = this.dataSource.getRepository(DeviceWipeEntity);
    const wipe = await repository.findOne({ where: { familyId } });
    if (!wipe) return false;
    if (!wipe.wipedAt) {
      await this.transactions.run(async (manager) => {
        const now = this.clock.now();
        const first = await manager.getRepository(DeviceWipeEntity).update({ familyId, wipedAt: IsNull() }, { wipedAt: now });
        if (first.affected !== 1) return;
        const user = await manager.getRepository(UserEntity).findOne({ where: { id: wipe.userId } });
        await this.audit.record({ action: 'auth.device.wiped', actor: { id: wipe.userId, username: user?.username ?? null }, targetType: 'user', targetId: wipe.userId, details: { deviceId: familyId, reason: wipe.reason } }, manager);
      });
    }
    return true;
  }

  /** Records the wipes not recorded yet; returns the devices newly told. */
  private async record(manager: EntityManager, userId: string, familyIds: readonly string[], reason: DeviceWipeReason, actorId: string | null, now: Date): Promise<string[]> {
    if (familyIds.length === 0) return [];
    const repository = manager.getRepository(DeviceWipeEntity);
    const known = new Set((await repository.find({ where: { familyId: In([...familyIds]) } })).map((wipe) => wipe.familyId));
    const fresh = familyIds.filter((id) => !known.has(id));
    if (fresh.length) await repository.insert(fresh.map((familyId) => ({ familyId, userId, reason, requestedBy: actorId, requestedAt: now, wipedAt: null })));
    return fresh;
  }
}

/** Of these devices (refresh-token families), those whose session still lives: not revoked, not expired, not wiped. */
export async function liveDevices(manager: EntityManager, familyIds: readonly string[], now: Date): Promise<Set<string>> {
  if (familyIds.length === 0) return new Set();
  const live = await manager.getRepository(RefreshTokenEntity).find({
    select: { familyId: true },
    where: { familyId: In([...new Set(familyIds)]), revokedAt: IsNull(), usedAt: IsNull(), expiresAt: MoreThan(now) },
  });
  return new Set(live.map((token) => token.familyId));
}
