// The verification specs reach the test PKI through this one module.
export * from '@lt/testing';
