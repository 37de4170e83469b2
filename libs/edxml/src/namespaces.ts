/** The edXML namespace of QCVN 102:2016. */
export const EDXML_NAMESPACE = 'http://www.mic.gov.vn/TBT/QCVN_102_2016';
/** The W3C XML-DSig namespace, which a standard Signature element uses. */
export const XMLDSIG_NAMESPACE = 'http://www.w3.org/2000/09/xmldsig#';
