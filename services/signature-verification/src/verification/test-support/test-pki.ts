// The test PKI lives in libs/testing/src/pki; until libs/testing's index re-exports it (owned by the
// lead), the verification specs reach it here, in one place. Switch to '@lt/testing' then.
// eslint-disable-next-line @nx/enforce-module-boundaries
export * from '../../../../../libs/testing/src/pki';
