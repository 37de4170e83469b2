export * from './certificate-factory';
export * from './crl-server';
export * from './edxml-package-template';
export * from './sign-edxml-package';
export * from './test-pki';
export * from './xml-signature-algorithms';
