import type { Organization, ResponseFor, StaffInfo, TraceHeader } from '../model/common';
import type { XmlWriter } from './xml-writer';

/** The root start tag: the namespace both as default and as `edXML:`, as producers write it. */
export function openRoot(w: XmlWriter, namespace: string): void {
  w.raw(`<?xml version="1.0" encoding="UTF-8"?>\n<edXML xmlns="${namespace}" xmlns:edXML="${namespace}">\n`);
}

/** Writes From or To. */
export function writeOrganization(w: XmlWriter, name: string, org: Organization): void {
  w.open(name)
    .leaf('OrganId', org.organId)
    .leaf('OrganizationInCharge', org.organizationInCharge)
    .leaf('OrganName', org.organName)
    .leaf('OrganAdd', org.organAdd)
    .leaf('Email', org.email)
    .leaf('Telephone', org.telephone)
    .leaf('Fax', org.fax)
    .leaf('Website', org.website)
    .close(name);
}

/** Writes StaffInfo when present. */
export function writeStaffInfo(w: XmlWriter, staff: StaffInfo | undefined): void {
  if (!staff) return;
  w.open('StaffInfo')
    .leaf('Department', staff.department)
    .leaf('Staff', staff.staff)
    .leaf('Mobile', staff.mobile)
    .leaf('Email', staff.email)
    .close('StaffInfo');
}

/** Writes one ResponseFor. */
export function writeResponseFor(w: XmlWriter, r: ResponseFor): void {
  w.open('ResponseFor')
    .leaf('OrganId', r.organId)
    .leaf('Code', r.code)
    .leaf('PromulgationDate', r.promulgationDate)
    .leaf('DocumentId', r.documentId)
    .close('ResponseFor');
}

/** Writes the TraceHeader entries (the caller opens and closes TraceHeaderList). */
export function writeTraces(w: XmlWriter, traces: TraceHeader[]): void {
  for (const t of traces)
    w.open('TraceHeader').leaf('OrganId', t.organId).leaf('Timestamp', t.timestamp).close('TraceHeader');
}
