import { Entity, getMetadataArgsStorage, PrimaryColumn } from 'typeorm';
import { dateTimeType, DateTimeColumn, useDriverColumnTypes } from './date-time-column';

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
