import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DocumentNumberEntity } from './entities';

/**
 * Numbers documents per kind and year, from 1, inside the caller's transaction: the row's update
 * locks it until the transaction ends, so two documents issued at once get two numbers, and a
 * rolled-back issue gives its number back (no gap, no duplicate).
 */
@Injectable()
export class DocumentNumbers {
  async next(manager: EntityManager, kind: string, year: number): Promise<number> {
    const repository = manager.getRepository(DocumentNumberEntity);
    await repository.createQueryBuilder().insert().into(DocumentNumberEntity).values({ kind, year, last: 0 }).orIgnore().execute();
    await repository.createQueryBuilder().update(DocumentNumberEntity).set({ last: () => 'last + 1' }).where('kind = :kind AND year = :year', { kind, year }).execute();
    const row = await repository.findOneOrFail({ where: { kind, year } });
    return row.last;
  }

  /** "05/BB-CP": the next number of `kind` in the year `at` falls in (in `timeZone`), two digits at least, then the symbol. */
  async issue(manager: EntityManager, kind: string, symbol: string, at: Date, timeZone: string): Promise<string> {
    const year = Number(new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric' }).format(at));
    return `${String(await this.next(manager, kind, year)).padStart(2, '0')}/${symbol}`;
  }
}

/** Thrown inside a unit of work when the version a writer read is no longer the current one. */
export class StaleWrite extends Error {}

/**
 * Runs `work`; a {@link StaleWrite} is answered with `refusal()`, built once the unit of work has
 * ended (SQLite runs one transaction at a time, so the current state cannot be read inside it).
 */
export async function answeringStale(work: () => Promise<void>, refusal: () => Promise<Error>): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (error instanceof StaleWrite) throw await refusal();
    throw error;
  }
}
