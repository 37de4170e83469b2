import { BussinessDocType } from '../enums/bussiness-doc-type';
import type { DocumentPackage } from './document-package';

/** What a package does; a package without Bussiness is a new document. */
export function businessDocTypeOf(pkg: DocumentPackage): BussinessDocType {
  return pkg.business?.bussinessDocType ?? BussinessDocType.New;
}

/**
 * The DocumentIds a revocation, update or replacement acts on: Bussiness/DocumentId, else the
 * ReplacementInfo DocumentIds, else (SDK revocations) the ResponseFor DocumentIds. Empty for a new
 * document.
 */
export function targetDocumentIds(pkg: DocumentPackage): string[] {
  const business = pkg.business;
  if (!business || business.bussinessDocType === BussinessDocType.New) return [];
  if (business.documentId) return [business.documentId];
  const replaced = [...new Set(business.replacements.map((r) => r.documentId).filter(Boolean))];
  if (replaced.length > 0) return replaced;
  return pkg.header.responseFor.map((r) => r.documentId).filter((id): id is string => !!id);
}

/** OrganIds of every recipient (To), in document order. */
export function recipientIds(pkg: DocumentPackage): string[] {
  return pkg.header.to.map((t) => t.organId);
}
