import { Column, getMetadataArgsStorage, type ColumnOptions } from 'typeorm';
import type { DatabaseDriver } from '@ecabinet/api/platform';

const DATE_TIME_MARK = Symbol('ecabinet:date-time');

/**
 * A point in time, stored as `timestamptz` on PostgreSQL and `datetime` (UTC text) on SQLite.
 * TypeORM has no portable timezone-aware type, so the column is declared once here and
 * {@link useDriverColumnTypes} sets the native type when the data source is built.
 */
export function DateTimeColumn(options: Omit<ColumnOptions, 'type'> = {}): PropertyDecorator {
  return Column({ ...options, type: 'datetime', [DATE_TIME_MARK]: true } as ColumnOptions);
}

export function useDriverColumnTypes(driver: DatabaseDriver): void {
  for (const column of getMetadataArgsStorage().columns) {
    const options = column.options as ColumnOptions & { [DATE_TIME_MARK]?: boolean };
    if (options[DATE_TIME_MARK]) options.type = driver === 'postgres' ? 'timestamptz' : 'datetime';
  }
}

/** The same choice for migrations, which run on both drivers. */
export function dateTimeType(driverType: string): string {
  return driverType === 'postgres' ? 'timestamptz' : 'datetime';
}

/**
 * A point in time read by a raw query: PostgreSQL returns a Date, SQLite the UTC text TypeORM
 * wrote ("2026-11-22 06:00:00.000").
 */
export function readDate(value: Date | string): Date {
  if (value instanceof Date) return value;
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value.replace(' ', 'T')}Z`);
}
