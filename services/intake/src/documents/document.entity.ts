import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A document package intake accepted: who sent it, which bytes, when. */
@Entity({ name: 'document' })
@Index(['senderCode', 'senderDocumentId'])
export class DocumentRecord {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'sender_code', type: 'text' })
  senderCode: string;

  @Column({ name: 'sender_document_id', type: 'text', nullable: true })
  senderDocumentId: string | null;

  @Column({ name: 'business_type', type: 'smallint', default: 0 })
  businessType: number;

  @Column({ name: 'recipient_codes', type: 'text', array: true })
  recipientCodes: string[];

  @Column({ type: 'char', length: 64 })
  sha256: string;

  @Column({ type: 'bigint' })
  size: string;

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt: Date;
}
