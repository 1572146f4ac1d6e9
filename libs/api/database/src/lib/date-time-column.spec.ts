import { Entity, getMetadataArgsStorage, PrimaryColumn } from 'typeorm';
import { dateTimeType, DateTimeColumn, readDate, useDriverColumnTypes } from './date-time-column';

@Entity('probe')
class Probe {
  @PrimaryColumn({ type: 'varchar' })
  id!: string;

  @DateTimeColumn({ name: 'happened_at' })
  happenedAt!: Date;
}

const columnType = () => getMetadataArgsStorage().columns.find((c) => c.target === Probe && c.propertyName === 'happenedAt')?.options.type;

describe('DateTimeColumn', () => {
  it('is timezone-aware on PostgreSQL and datetime on SQLite, switching with the driver', () => {
    useDriverColumnTypes('postgres');
    expect(columnType()).toBe('timestamptz');
    useDriverColumnTypes('sqlite');
    expect(columnType()).toBe('datetime');
  });

  it('gives migrations the same choice', () => {
    expect(dateTimeType('postgres')).toBe('timestamptz');
    expect(dateTimeType('better-sqlite3')).toBe('datetime');
  });
});

describe('readDate', () => {
  it('reads a Date as it is and SQLite UTC text as UTC', () => {
    const at = new Date('2026-11-22T06:00:00.000Z');
    expect(readDate(at)).toBe(at);
    expect(readDate('2026-11-22 06:00:00.000').toISOString()).toBe('2026-11-22T06:00:00.000Z');
    expect(readDate('2026-11-22T13:00:00+07:00').toISOString()).toBe('2026-11-22T06:00:00.000Z');
  });
});
