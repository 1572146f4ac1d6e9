import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The last number given to a kind of document in a year: numbers run from 1 each year, without gaps. */
@Entity('document_numbers')
export class DocumentNumberEntity {
  @PrimaryColumn({ type: 'varchar', length: 20 })
  kind!: string;

  @PrimaryColumn({ type: 'integer' })
  year!: number;

  @Column({ type: 'integer' })
  last!: number;
}
