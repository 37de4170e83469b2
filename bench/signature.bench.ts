// Signature verification throughput: verifyPackageSignature on 10 KB and 5 MB signed edXML packages,
// RSA-2048 and ECDSA P-256, CRLs cached; the floor is crypto.verify on the same canonical SignedInfo.
import { verify as cryptoVerify, X509Certificate } from 'node:crypto';
import { DOMParser, type Element } from '@xmldom/xmldom';
import { ExclusiveCanonicalization } from 'xml-crypto';
import {
  attachmentBytesForPackageSize,
  buildEdxmlPackage,
  createTestPki,
  IssuedCertificate,
  signEdxmlPackage,
  TEST_AGENCY,
} from '../libs/testing/src/pki';
import {
  CrlRevocationChecker,
  TrustStore,
  VerificationContext,
  VerificationDeps,
  verifyPackageSignature,
} from '../services/signature-verification/src/verification';
import { table, writeBenchSection } from './lib/bench-report';

interface Case {
  label: string;
  bytes: Buffer;
  signer: IssuedCertificate;
  hash: 'sha256';
}

async function timeLoop(minMs: number, minIterations: number, body: () => Promise<unknown> | unknown) {
  let iterations = 0;
  const start = process.hrtime.bigint();
  let elapsedMs = 0;
  while (elapsedMs < minMs || iterations < minIterations) {
    await body();
    iterations++;
    elapsedMs = Number(process.hrtime.bigint() - start) / 1e6;
  }
  return { iterations, perSecond: (iterations * 1000) / elapsedMs, msEach: elapsedMs / iterations };
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

async function main(): Promise<void> {
  const pki = await createTestPki();
  const deps: VerificationDeps = {
    trustStore: TrustStore.fromPem(pki.trustAnchorsPem),
    revocation: new CrlRevocationChecker({ maxStaleAgeMs: 3_600_000 }),
  };
  const context: VerificationContext = {
    senderCode: TEST_AGENCY.sender,
    policy: 'required',
    allowLegacySha1: false,
    at: new Date(),
  };
  const small = buildEdxmlPackage();
  const large = buildEdxmlPackage({ attachmentBytes: attachmentBytesForPackageSize(5 * 1024 * 1024) });
  const sign = (xml: string, signer: IssuedCertificate) =>
    Buffer.from(
      signEdxmlPackage(xml, { signer, certificates: [signer, pki.intermediate], c14n: 'exclusive' }),
    );
  const cases: Case[] = [
    {
      label: '10 KB, RSA-2048 (RSA-SHA256)',
      bytes: sign(small, pki.agencies.valid),
      signer: pki.agencies.valid,
      hash: 'sha256',
    },
    {
      label: '10 KB, ECDSA P-256 (ECDSA-SHA256)',
      bytes: sign(small, pki.agencies.validEc),
      signer: pki.agencies.validEc,
      hash: 'sha256',
    },
    {
      label: '5 MB, RSA-2048 (RSA-SHA256)',
      bytes: sign(large, pki.agencies.valid),
      signer: pki.agencies.valid,
      hash: 'sha256',
    },
    {
      label: '5 MB, ECDSA P-256 (ECDSA-SHA256)',
      bytes: sign(large, pki.agencies.validEc),
      signer: pki.agencies.validEc,
      hash: 'sha256',
    },
  ];

  const rows: Array<Array<string | number>> = [];
  const memoryRows: Array<Array<string | number>> = [];
  for (const c of cases) {
    const isLarge = c.bytes.length > 1_000_000;
    const first = await verifyPackageSignature(c.bytes, context, deps); // warms the CRL cache
    if (first.outcome !== 'verified') throw new Error(`${c.label}: ${JSON.stringify(first)}`);

    // Floor: crypto.verify alone on the same canonical SignedInfo and SignatureValue.
    const doc = new DOMParser().parseFromString(c.bytes.toString('utf8'), 'text/xml');
    const signedInfo = doc.getElementsByTagName('SignedInfo')[0] as unknown as Element;
    const canonical = Buffer.from(new ExclusiveCanonicalization().process(signedInfo, {}).toString(), 'utf8');
    const signatureValue = Buffer.from(
      doc.getElementsByTagName('SignatureValue')[0].textContent ?? '',
      'base64',
    );
    const publicKey = new X509Certificate(c.signer.der).publicKey;
    const raw = () =>
      cryptoVerify(c.hash, canonical, { key: publicKey, dsaEncoding: 'ieee-p1363' }, signatureValue);
    if (!raw()) throw new Error(`${c.label}: floor signature does not verify`);
    const floor = await timeLoop(1_000, 200, raw);

    gc();
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const full = await timeLoop(isLarge ? 4_000 : 3_000, isLarge ? 10 : 500, async () => {
      const verdict = await verifyPackageSignature(c.bytes, context, deps);
      if (verdict.outcome !== 'verified') throw new Error('verdict changed during the run');
      if (isLarge) rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    });
    gc();
    const rssAfter = process.memoryUsage().rss;
    const size = `${(c.bytes.length / 1024).toFixed(0)} KiB`;
    console.log(
      `${c.label} [${size}]: ${full.perSecond.toFixed(1)} verifications/s (${full.msEach.toFixed(3)} ms each, ${full.iterations} runs); ` +
        `floor crypto.verify ${floor.perSecond.toFixed(0)}/s`,
    );
    rows.push([
      c.label,
      size,
      full.perSecond.toFixed(1),
      full.msEach.toFixed(3),
      floor.perSecond.toFixed(0),
      `${((floor.msEach / full.msEach) * 100).toFixed(1)} %`,
    ]);
    if (isLarge) {
      const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
      console.log(
        `  RSS: before ${mb(rssBefore)} MiB, peak ${mb(rssPeak)} MiB (+${mb(rssPeak - rssBefore)}), after GC ${mb(rssAfter)} MiB`,
      );
      memoryRows.push([
        c.label,
        full.iterations,
        mb(rssBefore),
        mb(rssPeak),
        `+${mb(rssPeak - rssBefore)}`,
        `${rssAfter >= rssBefore ? '+' : ''}${mb(rssAfter - rssBefore)}`,
      ]);
    }
  }
  await pki.close();

  writeBenchSection(
    'signature',
    'Signature verification (issue 4)',
    `One process, sequential awaits (one core). \`verifyPackageSignature\` = strict DOM parse (xmldom 0.9) + structure/wrapping checks + SignedInfo c14n and signature check + whole-document c14n and digest + chain
building (RSA-2048 root and intermediate) + agency binding + revocation from the in-memory CRL cache. The floor is
\`crypto.verify\` alone on the same canonical SignedInfo bytes, measured in the same run. Target: >= 1,000
verifications/s for 10 KB on one core.

${table(['package', 'size', 'verifications/s', 'ms each', 'floor crypto.verify/s', 'floor share of time'], rows)}

RSS while verifying 5 MB packages repeatedly (MiB):

${table(['package', 'runs', 'RSS before', 'RSS peak', 'peak growth', 'growth after GC'], memoryRows)}`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
