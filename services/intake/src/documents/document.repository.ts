import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DocumentRecord } from './document.entity';

/** Documents intake accepted, read for the agency that sent or receives them. */
@Injectable()
export class DocumentRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The document if the agency sent it or is one of its recipients; else null (as if it did not exist). */
  async findVisibleTo(documentId: string, agencyCode: string): Promise<DocumentRecord | null> {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(documentId)) return null;
    const doc = await this.dataSource.getRepository(DocumentRecord).findOneBy({ id: documentId });
    if (!doc) return null;
    return doc.senderCode === agencyCode || doc.recipientCodes.includes(agencyCode) ? doc : null;
  }

  /** What the agency sent, newest first, `limit` at most, before `before` (received_at, ISO). */
  async sentBy(agencyCode: string, limit: number, before?: Date): Promise<DocumentRecord[]> {
    const qb = this.dataSource
      .getRepository(DocumentRecord)
      .createQueryBuilder('d')
      .where('d.sender_code = :agencyCode', { agencyCode })
      .orderBy('d.received_at', 'DESC')
      .limit(limit);
    if (before) qb.andWhere('d.received_at < :before', { before });
    return qb.getMany();
  }
}
