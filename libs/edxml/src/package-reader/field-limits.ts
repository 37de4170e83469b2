/** Maximum field lengths of QCVN 102:2016, in characters. */
export const FIELD_MAX = {
  organName: 200,
  organAdd: 250,
  email: 100,
  phone: 20,
  website: 100,
  codeNumber: 11,
  codeNotation: 30,
  place: 50,
  typeName: 100,
  subject: 500,
  content: 500,
  competence: 100,
  position: 100,
  fullName: 50,
  toPlace: 150,
} as const;
